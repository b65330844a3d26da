//! Paths: no id, static file or theme file can write outside the output folder; links in
//! content/ and themes/ that lead where they must not are refused with clear words; a record
//! over 5 MB is refused without being read. Each case pins the file, the line and the key
//! words, and checks that nothing was published or written elsewhere.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// Every file below `dir` except those of the site's content and themes, with its bytes.
fn everything_but_the_sources(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut all = tree(dir);
    all.retain(|k, _| !k.starts_with("content/") && !k.starts_with("themes/"));
    all
}

// ---------------------------------------------------------------------------------------
// Ids.

#[test]
fn an_id_that_is_not_1_to_64_letters_digits_dashes_is_refused_and_nothing_is_written() {
    let long = "x".repeat(65);
    let bad_ids = [
        "../../evil",
        "..",
        ".",
        "/tmp/evil",
        "a/b",
        "a\\\\b",
        "a b",
        "a%2fb",
        "编号",
        "a:b",
        long.as_str(),
    ];
    for id in bad_ids {
        let site = Site::new();
        let text = issue("I1", "问题").replace("id: I1", &format!("id: \"{id}\""));
        site.issue("I1", &text);
        let o = site.check();
        assert_eq!(errors(&o).len(), 1, "{id}: {}", shown(&o.diagnostics));
        let e = only_error(&o);
        assert_at(e, "content/issues/I1.md", 2, 5);
        assert_says(e, &["不合规定"], &["1–64"]);
        // Built into a folder inside a folder: nothing appears anywhere.
        let outer = tempfile::tempdir().unwrap();
        let out = outer.path().join("site/public");
        let before = everything_but_the_sources(site.root());
        let run = site.run_build(&["--output", &out.to_string_lossy()]);
        assert_eq!(run.code, 1, "{id}: {run:?}");
        assert!(tree(outer.path()).is_empty(), "{id}: something was written");
        assert_eq!(
            everything_but_the_sources(site.root()),
            before,
            "{id}: something was written beside the site"
        );
    }
}

#[test]
fn a_file_name_that_makes_a_bad_id_is_refused_for_every_record_kind() {
    for (rel, text) in [
        (
            "issues/a..b.md",
            issue("I1", "问题").replace("id: I1\n", ""),
        ),
        ("pages/关于 我们.md", "---\ntitle: 关于\n---\n".to_string()),
        (
            "visits/a..b c.yaml",
            "title: 走访\nstart: 2020-01-06\nend: 2020-03-31\n".to_string(),
        ),
    ] {
        let site = Site::new();
        site.file(rel, &text);
        let o = site.check();
        assert_eq!(errors(&o).len(), 1, "{rel}: {}", shown(&o.diagnostics));
        let e = only_error(&o);
        assert_at(e, &format!("content/{rel}"), 0, 0);
        assert_says(e, &["文件名", "不能当编号用"], &["改名", "id:"]);
    }
}

#[test]
fn a_theme_name_cannot_lead_out_of_themes() {
    for name in ["../content", "..", "/etc", "a/b"] {
        let site = Site::with_site_yaml(&format!("{SITE_ZH}theme: \"{name}\"\n"));
        site.issue("I1", &issue("I1", "问题"));
        let o = site.check();
        let e = only_error(&o);
        assert_at(e, "content/site.yaml", 14, 8);
        assert_says(e, &[&format!("主题名“{name}”不合规定")], &["themes/"]);
    }
}

#[test]
fn static_files_are_published_where_they_are_whatever_their_names() {
    let site = Site::new();
    site.issue("I1", &issue("I1", "问题"));
    for rel in [
        "a b.txt",
        "中文 文件.txt",
        "a..b.txt",
        "sub/dir/x.txt",
        "x%2e%2e.txt",
        "-dash.txt",
    ] {
        site.file(&format!("static/{rel}"), rel);
    }
    let outer = tempfile::tempdir().unwrap();
    let out = outer.path().join("public");
    let run = site.run_build(&["--output", &out.to_string_lossy()]);
    assert_eq!(run.code, 0, "{run:?}");
    let files = tree(&out);
    for rel in [
        "a b.txt",
        "中文 文件.txt",
        "a..b.txt",
        "sub/dir/x.txt",
        "x%2e%2e.txt",
        "-dash.txt",
    ] {
        assert_eq!(
            files.get(rel).map(Vec::as_slice),
            Some(rel.as_bytes()),
            "{rel}"
        );
    }
    // Only the output and its bookkeeping beside it.
    let beside: Vec<String> = std::fs::read_dir(outer.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for name in &beside {
        assert!(name == "public" || name.starts_with(".public."), "{name}");
    }
}

// ---------------------------------------------------------------------------------------
// Links.

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A valid site with one issue and a secret outside it; its first build published.
    struct Case {
        site: Site,
        outside: tempfile::TempDir,
        out: std::path::PathBuf,
        published: BTreeMap<String, Vec<u8>>,
    }

    fn case() -> Case {
        let site = Site::new();
        site.issue(
            "I1",
            &issue("I1", "问题").replace("---\n正文", "private: {c: LINKED-PRIVATE}\n---\n正文"),
        )
        .file("static/ok.txt", "ok");
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(
            outside.path().join("secret.md"),
            issue("S1", "LINKED-SECRET"),
        )
        .unwrap();
        std::fs::create_dir_all(outside.path().join("dir")).unwrap();
        std::fs::write(
            outside.path().join("dir/S2.md"),
            issue("S2", "LINKED-SECRET-DIR"),
        )
        .unwrap();
        let out = site.path("public");
        let run = site.run_build(&[]);
        assert_eq!(run.code, 0, "{run:?}");
        let published = tree(&out);
        Case {
            site,
            outside,
            out,
            published,
        }
    }

    /// The build is refused with `words` at `file`, the output stays as it was, and nothing
    /// behind the link is published.
    fn refused(c: &Case, file: &str, words: &[&str], fix: &[&str]) {
        // Through the library first, for the words (theme files are read by the build only).
        let report = c.site.build_into(&c.out, false);
        let o = &report.outcome;
        let e = only_error(o);
        assert_at(e, file, 0, 0);
        assert_says(e, words, fix);
        let run = c.site.run_build(&[]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            run.stderr.contains(&format!("{file}: 错误")),
            "{}",
            run.stderr
        );
        assert!(tree(&c.out) == c.published, "the output changed");
        for (path, bytes) in tree(&c.out) {
            for secret in ["LINKED-SECRET", "LINKED-PRIVATE"] {
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                    "{path} holds {secret}"
                );
            }
        }
    }

    #[test]
    fn a_record_linked_from_outside_the_site_is_refused() {
        let c = case();
        symlink(
            c.outside.path().join("secret.md"),
            c.site.path("content/issues/S1.md"),
        )
        .unwrap();
        refused(
            &c,
            "content/issues/S1.md",
            &["链接", "站点文件夹以外"],
            &["复制"],
        );
    }

    #[test]
    fn a_folder_linked_from_outside_the_site_is_refused_and_not_read() {
        let c = case();
        symlink(
            c.outside.path().join("dir"),
            c.site.path("content/issues/more"),
        )
        .unwrap();
        refused(
            &c,
            "content/issues/more",
            &["链接", "站点文件夹以外"],
            &["复制"],
        );
    }

    #[test]
    fn a_link_into_the_site_elsewhere_is_read_as_a_record() {
        let c = case();
        let elsewhere = c.site.path("drafts/I2.md");
        std::fs::create_dir_all(elsewhere.parent().unwrap()).unwrap();
        std::fs::write(&elsewhere, issue("I2", "链接进来的问题")).unwrap();
        symlink(&elsewhere, c.site.path("content/issues/I2.md")).unwrap();
        let out = c.site.build_ok();
        assert!(out.join("issues/I2/index.html").is_file());
    }

    #[test]
    fn a_static_file_linked_to_a_record_is_refused() {
        // Inside the site, but a static file is published byte for byte: private: and all.
        let c = case();
        symlink(
            c.site.path("content/issues/I1.md"),
            c.site.path("content/static/I1.txt"),
        )
        .unwrap();
        refused(
            &c,
            "content/static/I1.txt",
            &["链接", "content/static/ 以外"],
            &["复制"],
        );
    }

    #[test]
    fn a_static_folder_linked_to_the_records_is_refused() {
        let c = case();
        symlink(
            c.site.path("content/issues"),
            c.site.path("content/static/records"),
        )
        .unwrap();
        refused(
            &c,
            "content/static/records",
            &["链接", "content/static/ 以外"],
            &[],
        );
    }

    #[test]
    fn a_static_folder_that_is_itself_a_link_out_of_place_is_refused() {
        let c = case();
        let other = c.site.path("elsewhere");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("x.txt"), "LINKED-SECRET-STATIC").unwrap();
        std::fs::remove_dir_all(c.site.path("content/static")).ok();
        symlink(&other, c.site.path("content/static")).unwrap();
        refused(&c, "content/static", &["链接", "content/static/ 以外"], &[]);
    }

    #[test]
    fn a_link_among_static_files_is_published() {
        let c = case();
        c.site.file("static/real.txt", "REAL");
        symlink(
            c.site.path("content/static/real.txt"),
            c.site.path("content/static/alias.txt"),
        )
        .unwrap();
        let out = c.site.build_ok();
        assert_eq!(std::fs::read(out.join("alias.txt")).unwrap(), b"REAL");
    }

    #[test]
    fn a_theme_file_linked_to_a_record_is_refused() {
        let c = case();
        let dir = c.site.path("themes/default/static");
        std::fs::create_dir_all(&dir).unwrap();
        symlink(c.site.path("content/issues/I1.md"), dir.join("I1.txt")).unwrap();
        refused(
            &c,
            "themes/default/static/I1.txt",
            &["链接", "themes/ 以外"],
            &["复制"],
        );
    }

    #[test]
    fn a_link_that_loops_is_refused() {
        let c = case();
        symlink(c.site.path("content"), c.site.path("content/static/loop")).unwrap();
        let o = c.site.check();
        let e = errors(&o)
            .into_iter()
            .find(|e| e.file.starts_with("content/static/loop"))
            .unwrap_or_else(|| panic!("no error for the loop:\n{}", shown(&o.diagnostics)))
            .clone();
        assert!(
            e.message.contains("循环") || e.message.contains("content/static/ 以外"),
            "{}",
            e.message
        );
        assert_eq!(c.site.run_build(&[]).code, 1);
        assert!(tree(&c.out) == c.published);
    }
}

// ---------------------------------------------------------------------------------------
// Size.

const MB: u64 = 1024 * 1024;

/// A valid issue padded with body text to exactly `len` bytes.
fn issue_of_size(len: u64) -> Vec<u8> {
    let mut text = issue("I2", "很长的问题").into_bytes();
    let pad = len as usize - text.len() - 1;
    text.extend(std::iter::repeat_n(b'x', pad));
    text.push(b'\n');
    assert_eq!(text.len() as u64, len);
    text
}

#[test]
fn a_record_of_exactly_5_mb_is_read() {
    let site = Site::new();
    site.bytes("issues/I2.md", &issue_of_size(5 * MB));
    let o = site.check();
    assert_eq!(errors(&o).len(), 0, "{}", shown(&o.diagnostics));
    assert_eq!(o.counts.issues, 1);
}

#[test]
fn a_record_one_byte_over_5_mb_is_refused_with_its_size() {
    let site = Site::new();
    site.bytes("issues/I2.md", &issue_of_size(5 * MB + 1));
    let o = site.check();
    let e = only_error(&o);
    assert_at(e, "content/issues/I2.md", 0, 0);
    assert_says(
        e,
        &["文件太大（5.1 MB）", "超过 5 MB", "没有读取"],
        &["content/static/"],
    );
}

#[test]
fn a_huge_record_is_refused_without_being_read() {
    // 64 GB, sparse: reading it would take minutes and all the memory there is.
    let site = Site::en();
    let path = site.path("content/issues/huge.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(64 * 1024 * MB).unwrap();
    let start = Instant::now();
    let o = site.check();
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    let e = only_error(&o);
    assert_at(e, "content/issues/huge.md", 0, 0);
    assert_says(
        e,
        &["too large (65536.0 MB)", "over the 5 MB limit", "not read"],
        &["content/static/"],
    );
}

#[test]
fn a_large_static_file_is_published_as_it_is() {
    // The limit is for records: pictures and documents may be larger.
    let site = Site::new();
    site.issue("I1", &issue("I1", "问题"));
    let big: Vec<u8> = (0..6 * MB).map(|i| (i % 251) as u8).collect();
    site.bytes("static/photo.bin", &big);
    let out = site.build_ok();
    assert!(std::fs::read(out.join("photo.bin")).unwrap() == big);
}
