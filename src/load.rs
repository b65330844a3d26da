//! Reading the content tree: walk, read, classify. The only module of the read path that
//! touches the file system.

use crate::diag::{Diagnostics, Pos};
use crate::model::StaticFile;
use crate::tr;
use std::path::{Path, PathBuf};

/// A record file refused beyond this size: no clerk writes 5 MB of text by hand.
pub const MAX_RECORD_BYTES: u64 = 5 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Issue,
    Meeting,
    Resolution,
    Plan,
    Visit,
    Page,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Issue,
        Kind::Meeting,
        Kind::Resolution,
        Kind::Plan,
        Kind::Visit,
        Kind::Page,
    ];

    /// The folder under `content/` and the URL segment.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Issue => "issues",
            Kind::Meeting => "meetings",
            Kind::Resolution => "resolutions",
            Kind::Plan => "plans",
            Kind::Visit => "visits",
            Kind::Page => "pages",
        }
    }

    fn extensions(self) -> &'static [&'static str] {
        match self {
            Kind::Visit => &["yaml", "yml"],
            _ => &["md"],
        }
    }
}

/// One record file, read and normalised (no BOM, LF line endings).
#[derive(Clone, Debug)]
pub struct Source {
    pub kind: Kind,
    /// Relative to the site root, `/` separators: `content/issues/2020/2020-013.md`.
    pub rel: String,
    /// The file stem: the record's default id.
    pub stem: String,
    /// Shared: the preview server keeps it for the next load.
    pub text: std::sync::Arc<str>,
    /// The file's stamp when it was read (by [`load_reusing`]), for the next load.
    pub stamp: Option<Stamp>,
}

/// What tells a file changed without reading it: size, modification and change times, and
/// (on Unix) the file's inode. An editor's save changes at least one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    changed: (i64, i64),
    inode: (u64, u64),
}

impl Stamp {
    pub fn of(m: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            ((m.ctime(), m.ctime_nsec()), (m.dev(), m.ino()))
        };
        #[cfg(not(unix))]
        let (changed, inode) = ((0, 0), (0, 0));
        Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            changed,
            inode,
        }
    }
}

/// The text of a record file read at an earlier load, if its stamp is still this one.
pub type Reuse<'a> = &'a (dyn Fn(&str, Stamp) -> Option<std::sync::Arc<str>> + Sync);

/// Everything read from `content/`.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub site: Option<Source>,
    pub records: Vec<Source>,
    pub statics: Vec<StaticFile>,
}

/// Editor leftovers and hidden files, which the format says to ignore.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('_')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
}

fn rel_of(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The size of a file in megabytes, rounded up to a tenth: 5 MB and one byte is "5.1".
fn megabytes(len: u64) -> String {
    const MB: u64 = 1024 * 1024;
    let tenths = len.saturating_mul(10).div_ceil(MB);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Reads a text file: refuses oversized and non-UTF-8 files, strips a BOM, folds CRLF.
/// The size is checked before reading, and the read stops past the limit in case the file
/// grows meanwhile: an oversized record is never read whole.
pub fn read_text(path: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    use std::io::Read;
    let lang = diags.lang;
    let too_large = |len: u64, diags: &mut Diagnostics| {
        let mb = megabytes(len);
        diags.error(
            rel,
            Pos::default(),
            tr!(
                lang,
                "文件太大（{mb} MB），超过 5 MB 的上限，没有读取",
                "the file is too large ({mb} MB), over the 5 MB limit, and was not read"
            ),
            Some(tr!(
                lang,
                "把图片等大文件放到 content/static/，记录文件只写文字；很长的记录可以分成几个文件",
                "put pictures and other large files in content/static/ and keep records to text; split a very long record into several files"
            )),
        );
    };
    let cannot_read = |e: std::io::Error, diags: &mut Diagnostics| {
        diags.error(
            rel,
            Pos::default(),
            tr!(lang, "无法读取文件：{e}", "cannot read the file: {e}"),
            None,
        );
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            cannot_read(e, diags);
            return None;
        }
    };
    let len = match file.metadata() {
        Ok(m) if m.len() > MAX_RECORD_BYTES => {
            too_large(m.len(), diags);
            return None;
        }
        Ok(m) => m.len(),
        Err(e) => {
            cannot_read(e, diags);
            return None;
        }
    };
    // Room for the whole file and one byte more: read in one call, the end seen in a second.
    let mut bytes = Vec::with_capacity(len as usize + 1);
    if let Err(e) = file.take(MAX_RECORD_BYTES + 1).read_to_end(&mut bytes) {
        cannot_read(e, diags);
        return None;
    }
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        too_large(bytes.len() as u64, diags);
        return None;
    }
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            diags.error(
                rel,
                Pos { line, col: 0 },
                tr!(lang, "文件不是 UTF-8 编码", "the file is not UTF-8 text"),
                Some(tr!(
                    lang,
                    "在编辑器里把文件另存为 UTF-8 编码（不要用 GBK/ANSI）",
                    "save the file as UTF-8 in your editor"
                )),
            );
            return None;
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Some(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

/// Walks `ROOT/content`. Problems (unexpected files, links leading out of the site, unreadable
/// files) go to `diags`; what could be read is returned.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Loaded {
    load_reusing(root, diags, None)
}

/// [`load`], taking a record file's text from `reuse` when its stamp did not change since it
/// was read (the preview server keeps the texts: a save reads one file, not all of them).
pub fn load_reusing(root: &Path, diags: &mut Diagnostics, reuse: Option<Reuse>) -> Loaded {
    let lang = diags.lang;
    let content = root.join("content");
    let mut loaded = Loaded::default();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());

    let site_path = content.join("site.yaml");
    if site_path.is_file() {
        if let Some(text) = read_text(&site_path, "content/site.yaml", diags) {
            loaded.site = Some(Source {
                kind: Kind::Page,
                rel: "content/site.yaml".into(),
                stem: "site".into(),
                text: text.into(),
                stamp: None,
            });
        }
    }

    let t = std::time::Instant::now();
    let mut pending = Vec::new();
    for kind in Kind::ALL {
        let dir = content.join(kind.folder());
        for (path, rel) in walk(&dir, root, &canonical_root, Boundary::Site, diags) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if !kind.extensions().contains(&ext.as_str()) {
                let want = kind.extensions()[0];
                let folder = kind.folder();
                diags.error(
                    &rel,
                    Pos::default(),
                    tr!(lang, "{folder}/ 里只能放 .{want} 文件，这个文件不认识：{name}", "only .{want} files belong in {folder}/; this one is unexpected: {name}"),
                    Some(tr!(lang, "把它移出 content/{folder}/，或改成 .{want} 记录；不想发布的草稿可以在文件名前加 _", "move it out of content/{folder}/ or make it a .{want} record; prefix a file name with _ to keep it unpublished")),
                );
                continue;
            }
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            pending.push((kind, path, rel, stem));
        }
    }
    crate::pipeline::stage("check: load: walk", t);
    // Reading is independent per file: on every core, problems merged in file order.
    use rayon::prelude::*;
    let read: Vec<(Option<Source>, Diagnostics)> = pending
        .into_par_iter()
        .map(|(kind, path, rel, stem)| {
            let mut d = Diagnostics::new(lang);
            // Taken before reading: a save during the read shows at the next load.
            let stamp = reuse.and_then(|_| std::fs::metadata(&path).ok().map(|m| Stamp::of(&m)));
            let known = reuse.zip(stamp).and_then(|(reuse, s)| reuse(&rel, s));
            let text = known.or_else(|| read_text(&path, &rel, &mut d).map(Into::into));
            (
                text.map(|text| Source {
                    kind,
                    rel,
                    stem,
                    text,
                    stamp,
                }),
                d,
            )
        })
        .collect();
    for (src, d) in read {
        diags.extend(d);
        loaded.records.extend(src);
    }
    crate::pipeline::stage("check: load: read", t);

    // Static files are published byte for byte: a link among them must stay among them, or
    // it could publish a record's source, private: data and all.
    let static_dir = content.join("static");
    let canonical_static = canonical_root.join("content").join("static");
    for (path, _) in walk(
        &static_dir,
        root,
        &canonical_static,
        Boundary::Static,
        diags,
    ) {
        let out = rel_of(&static_dir, &path);
        loaded.statics.push(StaticFile { out, source: path });
    }

    // Anything else at the top of content/ is most likely a misplaced record.
    if let Ok(entries) = std::fs::read_dir(&content) {
        let mut names: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let known: Vec<&str> = Kind::ALL
            .iter()
            .map(|k| k.folder())
            .chain(["static", "site.yaml"])
            .collect();
        for name in names {
            if is_ignored(&name) || known.contains(&name.as_str()) {
                continue;
            }
            let rel = format!("content/{name}");
            let hint = crate::diag::choice_hint(lang, &name, &known);
            diags.warning(
                &rel,
                Pos::default(),
                tr!(
                    lang,
                    "content/ 下不认识“{name}”，已忽略",
                    "`{name}` is not part of a site's content/ and is ignored"
                ),
                Some(hint),
            );
        }
    }

    loaded.records.sort_by(|a, b| a.rel.cmp(&b.rel));
    loaded.statics.sort();
    loaded
}

/// `prev` with the texts of the record files `saved` (relative to the site root) read again:
/// what a save changes when no file was added, removed or renamed (the preview server knows
/// this from the file system's events). A path of `saved` that is gone and held nothing of
/// `prev` is passed over: a temporary file that an editor or a tool wrote and then renamed
/// over a record (`sed -i`, a script's `os.replace`). None when one of them is
/// not a record of `prev`, or a path that held some of `prev`, or cannot be read as it is: a
/// full [`load_reusing`] tells why.
pub fn reload_saved(
    root: &Path,
    prev: &Loaded,
    saved: &[String],
    lang: crate::diag::Lang,
) -> Option<Loaded> {
    let mut next = prev.clone();
    for rel in saved {
        let path = root.join(rel);
        let Ok(at) = next.records.binary_search_by(|s| s.rel.as_str().cmp(rel)) else {
            if came_and_went(&path, prev, rel) {
                continue;
            }
            return None;
        };
        // Taken before reading: a save during the read shows at the next load.
        let stamp = std::fs::symlink_metadata(&path)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| Stamp::of(&m))?;
        let mut d = Diagnostics::new(lang);
        let text = read_text(&path, rel, &mut d).filter(|_| !d.has_errors())?;
        let src = &mut next.records[at];
        src.text = text.into();
        src.stamp = Some(stamp);
    }
    Some(next)
}

/// Whether nothing is at `path` (`rel` from the site root) now, nor was any file of `prev`
/// there or below it at the last load: a file that came and went between two loads. A folder
/// of records moved away is named alone by the file system's events; its records were below.
fn came_and_went(path: &Path, prev: &Loaded, rel: &str) -> bool {
    let gone = matches!(
        std::fs::symlink_metadata(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound
    );
    // Records are sorted by path: those below `rel` are together.
    let below = format!("{rel}/");
    let first = prev.records.partition_point(|s| s.rel < below);
    let records_below = prev
        .records
        .get(first)
        .is_some_and(|s| s.rel.starts_with(&below));
    gone && !records_below
        && !prev
            .site
            .iter()
            .any(|s| s.rel == rel || s.rel.starts_with(&below))
        && !prev.statics.iter().any(|s| s.source.starts_with(path))
}

/// Where the links met by a walk must lead.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Boundary {
    /// Anywhere in the site folder (records are read, and only their public part shown).
    Site,
    /// Into content/static/ (its files are published as they are).
    Static,
}

/// Files below `dir`, sorted, skipping ignored names; links must lead inside `inside` (the
/// canonical site root, or content/static/).
fn walk(
    dir: &Path,
    root: &Path,
    inside: &Path,
    boundary: Boundary,
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, String)> {
    let lang = diags.lang;
    let mut files = Vec::new();
    if !dir.is_dir() {
        return files;
    }
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .map(|p| rel_of(root, p))
                    .unwrap_or_else(|| rel_of(root, dir));
                let why = if e.loop_ancestor().is_some() {
                    tr!(
                        lang,
                        "符号链接形成了循环",
                        "a symbolic link loops back on itself"
                    )
                } else {
                    tr!(lang, "无法读取", "cannot be read")
                };
                diags.error(&rel, Pos::default(), why, None);
                continue;
            }
        };
        let rel = rel_of(root, entry.path());
        if entry.path_is_symlink() {
            let leads_inside = entry
                .path()
                .canonicalize()
                .map(|target| target.starts_with(inside))
                .unwrap_or(false);
            if !leads_inside {
                let (message, hint) = match boundary {
                    Boundary::Site => (
                        tr!(
                            lang,
                            "这个链接指向站点文件夹以外的地方，已拒绝",
                            "this link leads outside the site folder and is refused"
                        ),
                        tr!(
                            lang,
                            "把要发布的文件复制到站点文件夹里，不要用链接",
                            "copy the file into the site folder instead of linking to it"
                        ),
                    ),
                    Boundary::Static => (
                        tr!(
                            lang,
                            "这个链接指向 content/static/ 以外的地方，已拒绝：static/ 里的文件会原样发布",
                            "this link leads outside content/static/ and is refused: files in static/ are published as they are"
                        ),
                        tr!(
                            lang,
                            "把要原样发布的文件复制到 content/static/ 里，不要用链接",
                            "copy the file to publish as it is into content/static/ instead of linking to it"
                        ),
                    ),
                };
                diags.error(&rel, Pos::default(), message, Some(hint));
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file() {
            files.push((entry.path().to_path_buf(), rel));
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".hidden.md",
            "_draft.md",
            "a.md~",
            ".a.md.swp",
            "a.swp",
            "x.tmp",
            "#a.md#",
            ".#a.md",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["2020-013.md", "site.yaml", "a_b.md"] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
