//! The clerk's tools, driven end to end through the binary in temporary folders: `init`,
//! `new` for each kind, refusals, bad options, `schema`, how `check` and `build` speak on a
//! terminal, and a clerk's whole first day.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

/// Runs `gongkai` in `dir` with extra environment variables.
fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    cmd.args(args).current_dir(dir);
    for name in ["NO_COLOR", "CLICOLOR_FORCE", "GONGKAI_PROGRESS"] {
        cmd.env_remove(name);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the gongkai binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn tmp() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("gongkai-clerk-")
        .tempdir()
        .expect("a temporary folder")
}

/// `gongkai new …` in a fixture site; returns the run and the path it printed.
fn new_in(site: &Site, args: &[&str]) -> (Run, String) {
    let root = site.root().to_string_lossy().into_owned();
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", root.as_str()]);
    let run = gongkai(&all);
    let printed = run.stdout.trim().to_string();
    (run, printed)
}

/// The path `gongkai new` printed, relative to the site root.
fn rel(site: &Site, printed: &str) -> String {
    Path::new(printed)
        .strip_prefix(site.root())
        .expect("the path is inside the site")
        .to_string_lossy()
        .replace('\\', "/")
}

// ---------------------------------------------------------------------------------------
// init

#[test]
fn init_writes_a_site_that_builds_at_once() {
    let dir = tmp();
    let site = dir.path().join("qinghe");
    let shown = site.to_string_lossy().into_owned();
    let run = gongkai(&["init", &shown, "--village", "青禾村", "--town", "柳塘镇"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("gongkai serve"), "{}", run.stdout);
    let yaml = read(&site.join("content/site.yaml"));
    for line in [
        "title: 青禾村村务公开",
        "village: 青禾村",
        "town: 柳塘镇",
        "language: zh-CN",
    ] {
        assert!(yaml.contains(line), "{line} not in:\n{yaml}");
    }
    for f in [
        "README.md",
        ".gitignore",
        "schema/issue.json",
        ".vscode/settings.json",
        "content/pages/about.md",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    assert!(read(&site.join("README.md")).contains("gongkai new issue"));
    let build = gongkai(&["build", "--root", &shown]);
    assert_eq!(build.code, 0, "{build:?}");
    assert!(
        build
            .stdout
            .contains("1 个问题、1 次会议、1 项决议、1 个规划、1 轮走访、1 个页面"),
        "{}",
        build.stdout
    );
    assert!(
        build.stdout.contains("0 个错误，0 个警告"),
        "{}",
        build.stdout
    );
    assert!(build.stderr.trim().is_empty(), "{}", build.stderr);
    let home = read(&site.join("public/index.html"));
    assert!(
        home.contains("青禾村"),
        "the village is not on the home page"
    );
    // The example issue is analysed at the example meeting, which the issue's page shows.
    let issues: Vec<_> = walkdir::WalkDir::new(site.join("public/issues"))
        .min_depth(1)
        .max_depth(1)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with("-001"))
        .collect();
    assert_eq!(issues.len(), 1, "one example issue page");
    assert!(read(&issues[0].path().join("index.html")).contains("月村情民意分析例会"));
}

#[test]
fn init_in_english_speaks_english_and_builds() {
    let dir = tmp();
    let site = dir.path().join("v");
    let shown = site.to_string_lossy().into_owned();
    let run = gongkai(&["init", &shown, "--language", "en"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("created the site"), "{}", run.stdout);
    let issue = walkdir::WalkDir::new(site.join("content/issues"))
        .into_iter()
        .flatten()
        .find(|e| e.file_type().is_file())
        .expect("an example issue");
    let text = read(issue.path());
    assert!(text.contains("# Title (required)"), "{text}");
    assert!(!text.contains("标题"), "{text}");
    let check = gongkai(&["check", "--root", &shown]);
    assert_eq!(check.code, 0, "{check:?}");
    assert!(
        check.stdout.contains("0 errors, 0 warnings"),
        "{}",
        check.stdout
    );
}

#[test]
fn init_never_overwrites_a_file_and_writes_nothing_when_one_is_in_the_way() {
    let dir = tmp();
    let site = dir.path().join("v");
    let shown = site.to_string_lossy().into_owned();
    std::fs::create_dir_all(&site).expect("mkdir");
    std::fs::write(site.join("README.md"), "my notes").expect("write");
    let run = gongkai(&["init", &shown]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("README.md"), "{}", run.stderr);
    assert!(run.stderr.contains("不会覆盖"), "{}", run.stderr);
    assert_eq!(read(&site.join("README.md")), "my notes");
    assert!(!site.join("content").exists(), "something was written");

    // A second init over a first one refuses every file and changes none.
    let other = dir.path().join("w");
    let shown = other.to_string_lossy().into_owned();
    assert_eq!(gongkai(&["init", &shown]).code, 0);
    std::fs::write(other.join("content/site.yaml"), "title: mine\n").expect("write");
    let again = gongkai(&["init", &shown, "--village", "别的村"]);
    assert_eq!(again.code, 2, "{again:?}");
    assert!(
        again.stderr.contains("content/site.yaml"),
        "{}",
        again.stderr
    );
    assert_eq!(read(&other.join("content/site.yaml")), "title: mine\n");
}

#[test]
fn init_with_an_unknown_language_names_the_valid_ones() {
    let dir = tmp();
    let site = dir.path().join("v");
    let run = gongkai(&["init", &site.to_string_lossy(), "--language", "zh-cn"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("--language zh-cn: 错误：不支持的语言“zh-cn”"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("是不是“zh-CN”"), "{}", run.stderr);
    assert!(!site.exists());
}

// ---------------------------------------------------------------------------------------
// new

/// The fixture site (as_of 2020-11-13) with issue 2020-013, not yet analysed.
fn site_with_an_issue() -> Site {
    let site = Site::new();
    site.issue(
        "2020/2020-013",
        "---\ntitle: 村道路灯损坏\nraised: 2020-11-02\nsource: phone\ngroup: \"1\"\ncategory: infrastructure\ntimeline:\n  - {date: 2020-11-02, event: raised}\n---\n",
    );
    site
}

#[test]
fn new_issue_takes_the_next_number_of_the_year_and_the_sites_today() {
    let site = site_with_an_issue();
    let (run, printed) = new_in(&site, &["issue"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(rel(&site, &printed), "content/issues/2020/2020-014.md");
    assert!(
        run.stderr.contains("填好 title、source、group、category"),
        "{}",
        run.stderr
    );
    let text = read(Path::new(&printed));
    assert!(text.contains("id: 2020-014\n"), "{text}");
    assert!(text.contains("raised: 2020-11-13\n"), "{text}");
    assert!(
        text.contains("  - {date: 2020-11-13, event: raised}\n"),
        "{text}"
    );
    assert!(
        text.contains("# 来源（必填）：home-visit 上门家访"),
        "{text}"
    );
    assert!(text.contains("1 1组 · 2 2组"), "{text}");
    assert!(text.contains("# assignee: zhang"), "{text}");
    // The blanks are what the checker asks for, at their lines, and nothing else.
    let o = site.check();
    let e = errors(&o);
    assert_eq!(e.len(), 4, "{}", shown(&o.diagnostics));
    for (d, field) in e.iter().zip(["title", "source", "group", "category"]) {
        assert_eq!(d.file, "content/issues/2020/2020-014.md");
        assert_says(d, &[field], &[&format!("在 {field}: 后面写上内容")]);
    }
}

#[test]
fn new_issue_with_every_value_checks_clean() {
    let site = site_with_an_issue();
    let (run, printed) = new_in(
        &site,
        &[
            "issue",
            "--title",
            "3组: 水渠堵塞 #2",
            "--group",
            "2",
            "--source",
            "inspection",
            "--category",
            "land",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let text = read(Path::new(&printed));
    assert!(text.contains("title: \"3组: 水渠堵塞 #2\"\n"), "{text}");
    assert!(text.contains("group: \"2\"\n"), "{text}");
    let o = site.check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
    let issue = o
        .model
        .as_ref()
        .and_then(|m| m.issues.iter().find(|i| i.id == "2020-014"))
        .expect("the new issue is read");
    assert_eq!(issue.title, "3组: 水渠堵塞 #2");
    assert_eq!(issue.source.code(), "inspection");
}

#[test]
fn new_issue_follows_a_site_that_keeps_its_issues_in_one_folder() {
    let site = Site::new();
    site.issue("2020-005", &issue("2020-005", "问题"));
    let (run, printed) = new_in(&site, &["issue"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(rel(&site, &printed), "content/issues/2020-006.md");
}

#[test]
fn new_meeting_lists_the_issues_not_analysed_yet() {
    let site = site_with_an_issue();
    let (run, printed) = new_in(&site, &["meeting"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(rel(&site, &printed), "content/meetings/2020-11.md");
    let text = read(Path::new(&printed));
    assert!(text.contains("title: 11月村情民意分析例会\n"), "{text}");
    assert!(text.contains("  - issue: 2020-013\n"), "{text}");
    let (_, second) = new_in(&site, &["会议"]);
    assert_eq!(rel(&site, &second), "content/meetings/2020-11-2.md");
    let o = site.check();
    assert_eq!(o.errors(), 0, "{}", shown(&o.diagnostics));
}

#[test]
fn new_resolution_plan_visit_and_page_check_clean_once_titled() {
    let site = site_with_an_issue();
    let cases: &[(&[&str], &str)] = &[
        (
            &["resolution", "--title", "路灯统一更换"],
            "content/resolutions/2020-R01.md",
        ),
        (&["resolution"], "content/resolutions/2020-R02.md"),
        (&["plan"], "content/plans/2020.md"),
        (&["plan"], "content/plans/2020-Q4.md"),
        (&["visit"], "content/visits/2020-1.yaml"),
        (&["visit"], "content/visits/2020-2.yaml"),
        (
            &["page", "--title", "How to raise an issue"],
            "content/pages/how-to-raise-an-issue.md",
        ),
        (&["page", "--title", "关于本村"], "content/pages/page-1.md"),
        (
            &["page", "--id", "about", "--title", "关于"],
            "content/pages/about.md",
        ),
    ];
    for (args, want) in cases {
        let (run, printed) = new_in(&site, args);
        assert_eq!(run.code, 0, "{args:?}: {run:?}");
        assert_eq!(&rel(&site, &printed), want, "{args:?}");
    }
    let plan = read(&site.path("content/plans/2020-Q4.md"));
    for line in [
        "kind: quarterly\n",
        "start: 2020-10-01\nend: 2020-12-31\n",
        "parent: \"2020\"\n",
        "title: 2020年第四季度工作计划\n",
    ] {
        assert!(plan.contains(line), "{line} not in:\n{plan}");
    }
    assert!(read(&site.path("content/visits/2020-2.yaml")).contains("title: 2020年第2轮上门家访"));
    // Only the resolution without a title is wrong, and the checker says so.
    let o = site.check();
    let e = only_error(&o);
    assert_at(e, "content/resolutions/2020-R02.md", 6, 1);
    assert_says(e, &["“title”"], &["在 title: 后面写上内容"]);
    std::fs::remove_file(site.path("content/resolutions/2020-R02.md")).expect("rm");
    site.build_ok();
    assert!(site
        .path("public/how-to-raise-an-issue/index.html")
        .is_file());
}

#[test]
fn new_writes_notes_in_the_sites_language() {
    let site = Site::en();
    let (run, printed) = new_in(&site, &["issue"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("fill in title, source"),
        "{}",
        run.stderr
    );
    let text = read(Path::new(&printed));
    assert!(
        text.contains("# Source (required): home-visit Home visit"),
        "{text}"
    );
    assert!(
        !text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{text}"
    );
}

#[test]
fn new_with_bad_values_says_what_the_checker_says_and_writes_nothing() {
    let site = site_with_an_issue();
    // What the checker says of a misspelt source in a file…
    site.issue(
        "2020/2020-013",
        "---\ntitle: 村道路灯损坏\nraised: 2020-11-02\nsource: inspecton\ngroup: \"9\"\ncategory: infrastructure\ntimeline:\n  - {date: 2020-11-02, event: raised}\n---\n",
    );
    let o = site.check();
    let said: Vec<String> = o
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "错误：{}\n    怎么改：{}",
                d.message,
                d.hint.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(said.len(), 2, "{}", shown(&o.diagnostics));
    // …`new` says of the same values on its command line.
    let before = tree(&site.path("content"));
    let (run, _) = new_in(&site, &["issue", "--source", "inspecton", "--group", "9"]);
    assert_eq!(run.code, 2, "{run:?}");
    for words in &said {
        assert!(
            run.stderr.contains(words.as_str()),
            "{words}\nnot in:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("--source inspecton: 错误："),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--group 9: 错误："), "{}", run.stderr);
    assert!(run.stderr.contains("没有新建文件"), "{}", run.stderr);
    assert_eq!(before, tree(&site.path("content")), "something was written");

    for (args, words) in [
        (&["isue"][..], "不认识的记录种类“isue”"),
        (
            &["meeting", "--source", "phone"][..],
            "--source 只用于 gongkai new issue",
        ),
        (
            &["issue", "--category", "roads"][..],
            "site.yaml 的 categories 里没有“roads”",
        ),
        (
            &["issue", "--id", "2020-013"][..],
            "编号“2020-013”已被 content/issues/2020/2020-013.md 使用",
        ),
        (&["issue", "--id", "第一"][..], "编号“第一”不合规定"),
        (&["issue", "--id", "open"][..], "与问题列表的栏目重名"),
        (
            &["issue", "--title", "反映人 13812345678"][..],
            "公开内容里有手机号码（138****5678）",
        ),
    ] {
        let (run, _) = new_in(&site, args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains(words), "{args:?}: {}", run.stderr);
    }
    assert!(new_in(&site, &["isue"]).0.stderr.contains("是不是“issue”"));
    assert_eq!(before, tree(&site.path("content")), "something was written");
}

#[test]
fn new_outside_a_site_is_a_usage_error() {
    let dir = tmp();
    let run = run_in(dir.path(), &["new", "issue"], &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("没有 content/ 文件夹"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("gongkai init"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------
// check and build on a terminal

fn two_broken_files() -> Site {
    let site = site_with_an_issue();
    site.issue(
        "2020/2020-014",
        &issue("2020-014", "坏的").replace("source: inspection", "source: inspecton"),
    );
    site.meeting(
        "2020-11",
        "---\ntitle: 例会\ndate: 2020-11-05\nattendees: [wang]\nitems:\n  - {issue: 2020-099}\n---\n",
    );
    site
}

#[test]
fn check_groups_problems_by_file_and_counts_them_at_the_end() {
    let site = two_broken_files();
    let run = site.run_check(&[]);
    assert_eq!(run.code, 1, "{run:?}");
    let err = &run.stderr;
    let a = err
        .find("── content/issues/2020/2020-014.md（1 个错误）\n")
        .unwrap_or_else(|| panic!("no heading for the issue in:\n{err}"));
    let b = err
        .find("── content/meetings/2020-11.md（2 个错误）\n")
        .unwrap_or_else(|| panic!("no heading for the meeting in:\n{err}"));
    assert!(a < b, "files out of order:\n{err}");
    let meeting_part = &err[b..];
    assert!(
        meeting_part.contains("content/meetings/2020-11.md:4:"),
        "{err}"
    );
    assert!(
        meeting_part.contains("content/meetings/2020-11.md:6:"),
        "{err}"
    );
    assert!(!err.contains('\x1b'), "colours when piped:\n{err}");
    assert!(
        run.stdout.contains("3 个错误，0 个警告（在 2 个文件里）"),
        "{}",
        run.stdout
    );
}

#[test]
fn colours_only_on_a_terminal_or_when_forced_and_never_with_no_color() {
    let site = two_broken_files();
    let root = site.root().to_string_lossy().into_owned();
    let args = ["check", "--root", root.as_str()];
    let forced = run_in(site.root(), &args, &[("CLICOLOR_FORCE", "1")]);
    assert!(
        forced.stderr.contains("\x1b[1;31m错误：\x1b[0m"),
        "{}",
        forced.stderr
    );
    assert!(
        forced.stdout.contains("\x1b[1;31m3 个错误"),
        "{}",
        forced.stdout
    );
    let no = run_in(
        site.root(),
        &args,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!no.stderr.contains('\x1b'), "{}", no.stderr);
    assert!(!no.stdout.contains('\x1b'), "{}", no.stdout);
    // JSON for tools is never coloured or grouped.
    let json = run_in(
        site.root(),
        &["check", "--root", &root, "--format", "json"],
        &[("CLICOLOR_FORCE", "1")],
    );
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(v["errors"], 3);
}

#[test]
fn check_and_build_outside_a_site_are_usage_errors() {
    let dir = tmp();
    for cmd in ["check", "build"] {
        let run = run_in(dir.path(), &[cmd], &[]);
        assert_eq!(run.code, 2, "{cmd}: {run:?}");
        assert!(
            run.stderr.contains("没有 content/ 文件夹"),
            "{}",
            run.stderr
        );
    }
    assert!(!dir.path().join("public").exists());
}

#[test]
fn build_shows_its_progress_and_ends_with_a_summary() {
    let site = site_with_an_issue();
    for n in 14..40 {
        site.issue(
            &format!("2020/2020-{n:03}"),
            &issue(&format!("2020-{n:03}"), "问题"),
        );
    }
    let root = site.root().to_string_lossy().into_owned();
    let run = run_in(
        site.root(),
        &["build", "--root", &root],
        &[("GONGKAI_PROGRESS", "1")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("检查记录 …"), "{}", run.stderr);
    assert!(
        run.stderr.contains("生成网页 [########################] "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("写入文件 ["), "{}", run.stderr);
    assert!(
        run.stderr.ends_with("\r\x1b[2K"),
        "the bar is not cleared: {:?}",
        run.stderr
    );
    assert!(run.stdout.contains("27 个问题"), "{}", run.stdout);
    assert!(run.stdout.contains("用时"), "{}", run.stdout);
    assert!(run.stdout.contains("public"), "{}", run.stdout);
    // Piped, without the variable: no bar at all.
    let quiet = site.run_build(&[]);
    assert_eq!(quiet.code, 0, "{quiet:?}");
    assert!(!quiet.stderr.contains('\r'), "{:?}", quiet.stderr);
}

// ---------------------------------------------------------------------------------------
// schema

fn schemas() -> Vec<(String, serde_json::Value)> {
    gongkai::schema::schemas()
        .into_iter()
        .map(|s| (s.name.to_string(), s.schema))
        .collect()
}

fn schema_of(name: &str) -> serde_json::Value {
    schemas()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no schema {name}"))
}

/// The front matter of a record file (a `.yaml` record is front matter alone) as JSON.
fn front(text: &str) -> serde_json::Value {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let yaml = match text.strip_prefix("---\n") {
        Some(rest) => rest.split("\n---").next().unwrap_or("").to_string(),
        None => text.clone(),
    };
    gongkai::yaml::to_json(&yaml).unwrap_or_else(|| panic!("not YAML:\n{yaml}"))
}

/// The problems `schema` finds in `value`, one line each.
fn invalid(schema: &serde_json::Value, value: &serde_json::Value) -> Vec<String> {
    let v = jsonschema::draft7::new(schema).expect("a valid draft-07 schema");
    v.iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn kind_of(rel: &str) -> &'static str {
    if rel.ends_with("site.yaml") {
        "site"
    } else if rel.contains("issues/") {
        "issue"
    } else if rel.contains("meetings/") {
        "meeting"
    } else if rel.contains("resolutions/") {
        "resolution"
    } else if rel.contains("plans/") {
        "plan"
    } else if rel.contains("visits/") {
        "visit"
    } else {
        "page"
    }
}

#[test]
fn the_demo_site_validates_against_the_schemas() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut seen = 0;
    for e in walkdir::WalkDir::new(&content).into_iter().flatten() {
        let rel = e
            .path()
            .strip_prefix(&content)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if !e.file_type().is_file() || rel.starts_with("static/") {
            continue;
        }
        let problems = invalid(&schema_of(kind_of(&rel)), &front(&read(e.path())));
        assert!(problems.is_empty(), "{rel}: {problems:#?}");
        seen += 1;
    }
    assert!(seen > 40, "only {seen} files");
}

#[test]
fn every_example_of_the_format_validates_against_its_schema() {
    let doc = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/content-format.md"));
    let mut section = "";
    let mut checked = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h;
        }
        if line.trim() != "```yaml" {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let block: Vec<&str> = lines
            .by_ref()
            .take_while(|l| l.trim() != "```")
            .map(|l| l.get(indent..).unwrap_or(""))
            .collect();
        let value = front(&(block.join("\n") + "\n"));
        let kind = match section {
            "site.yaml" => "site",
            s if s.starts_with("issues/") => "issue",
            s if s.starts_with("meetings/") => "meeting",
            s if s.starts_with("resolutions/") => "resolution",
            s if s.starts_with("plans/") => "plan",
            s if s.starts_with("visits/") => "visit",
            _ => "fragment",
        };
        // The additions' examples are fragments: put each into the smallest whole record.
        let (kind, value) = match (kind, value.get("quorum"), value.get("milestones")) {
            ("fragment", Some(q), _) => (
                "site",
                serde_json::json!({"title": "t", "village": "v", "base_url": "https://example.org/",
                    "groups": [{"id": "1", "name": "1组"}], "quorum": q}),
            ),
            ("fragment", _, Some(m)) => (
                "plan",
                serde_json::json!({"title": "t", "kind": "annual", "start": "2011-01-01",
                    "end": "2011-12-31", "projects": [{"id": "p", "title": "t", "milestones": m}]}),
            ),
            ("fragment", _, _) => panic!("an example of unknown kind in {section}"),
            other => (other.0, value),
        };
        let problems = invalid(&schema_of(kind), &value);
        assert!(
            problems.is_empty(),
            "the {kind} example in `{section}`: {problems:#?}"
        );
        checked.push(kind);
    }
    for kind in ["site", "issue", "meeting", "resolution", "plan", "visit"] {
        assert!(
            checked.contains(&kind),
            "no {kind} example checked: {checked:?}"
        );
    }
    assert_eq!(checked.len(), 8, "{checked:?}");
}

#[test]
fn the_schemas_refuse_what_the_checker_refuses() {
    let issue_schema = schema_of("issue");
    let good = front(&issue("2020-013", "村道路灯损坏"));
    assert!(invalid(&issue_schema, &good).is_empty());
    for (from, to, what) in [
        ("title:", "titel:", "titel"),
        ("source: inspection", "source: inspecton", "inspecton"),
        ("raised: 2020-03-05", "raised: 2020-3-5", "2020-3-5"),
        ("event: resolved", "event: solved", "solved"),
        ("category: land\n", "", "category"),
    ] {
        let bad = front(&issue("2020-013", "村道路灯损坏").replacen(from, to, 1));
        let problems = invalid(&issue_schema, &bad);
        assert!(
            problems.iter().any(|p| p.contains(what)),
            "{from} → {to}: {problems:#?}"
        );
    }
    let site = front(SITE_ZH);
    assert!(invalid(&schema_of("site"), &site).is_empty());
    let misspelt = front(&SITE_ZH.replace("village:", "vilage:"));
    assert!(!invalid(&schema_of("site"), &misspelt).is_empty());
}

#[test]
fn the_schemas_describe_every_field_in_both_languages() {
    fn walk(path: &str, v: &serde_json::Value, missing: &mut Vec<String>) {
        if let Some(props) = v.get("properties").and_then(|p| p.as_object()) {
            for (name, p) in props {
                let d = p.get("description").and_then(|d| d.as_str()).unwrap_or("");
                let chinese = d.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                let english = d.split("\n\n").nth(1).is_some_and(|e| {
                    e.contains(|c: char| c.is_ascii_alphabetic())
                        && !e.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                });
                if !chinese || !english {
                    missing.push(format!("{path}.{name}: {d:?}"));
                }
            }
        }
        if let Some(defs) = v.get("definitions").and_then(|d| d.as_object()) {
            for (name, d) in defs {
                walk(&format!("{path}#{name}"), d, missing);
            }
        }
    }
    let mut missing = Vec::new();
    for (name, s) in schemas() {
        walk(&name, &s, &mut missing);
        let text = s.to_string();
        assert!(!text.contains("Raw"), "{name} shows a Rust type name");
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn gongkai_schema_writes_the_files_kept_in_the_repository() {
    let dir = tmp();
    let out = dir.path().join("s");
    let run = gongkai(&["schema", "--out", &out.to_string_lossy()]);
    assert_eq!(run.code, 0, "{run:?}");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    let written = tree(&out);
    assert_eq!(written.len(), 7, "{:?}", written.keys());
    assert_eq!(
        written,
        tree(&repo),
        "schema/ is out of date: run `cargo run -- schema` and commit it"
    );
    // A new site carries the same schemas, and VS Code's setting maps each to its files.
    let site = dir.path().join("v");
    assert_eq!(gongkai(&["init", &site.to_string_lossy()]).code, 0);
    assert_eq!(tree(&site.join("schema")), written);
    let settings = read_json(&site.join(".vscode/settings.json"));
    assert_eq!(
        settings["yaml.schemas"]["./schema/visit.json"],
        "content/visits/**/*.yaml"
    );
    assert_eq!(
        settings["yaml.schemas"]["./schema/site.json"],
        "content/site.yaml"
    );
    // And every file of a new site validates against them.
    for e in walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .flatten()
    {
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(&site)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            let problems = invalid(&schema_of(kind_of(&rel)), &front(&read(e.path())));
            assert!(problems.is_empty(), "{rel}: {problems:#?}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// A clerk's first day.

#[test]
fn a_clerks_first_day_init_new_issue_edit_check_build() {
    let dir = tmp();
    // Morning: a new site for the village.
    let run = run_in(
        dir.path(),
        &["init", "qinghe", "--village", "青禾村", "--town", "柳塘镇"],
        &[],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let site = dir.path().join("qinghe");

    // A villager of group 2 phones about a blocked ditch: the clerk records it.
    let run = run_in(
        &site,
        &[
            "new",
            "issue",
            "--title",
            "2组水渠堵塞",
            "--group",
            "2",
            "--source",
            "phone",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let rel = run.stdout.trim().to_string();
    assert!(
        rel.starts_with("content/issues/") && rel.ends_with("-002.md"),
        "{rel}"
    );
    assert!(run.stderr.contains("填好 category"), "{}", run.stderr);

    // Checking before filling in the category: the checker says where and what.
    let check = run_in(&site, &["check"], &[]);
    assert_eq!(check.code, 1, "{check:?}");
    assert!(
        check.stderr.contains(&format!("── {rel}（1 个错误）")),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("缺少必填字段“category”"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("在 category: 后面写上内容"),
        "{}",
        check.stderr
    );

    // The clerk fills it in, with a typo first, as people do.
    let path = site.join(&rel);
    let text = read(&path);
    std::fs::write(&path, text.replace("category:\n", "category: enviroment\n")).expect("edit");
    let check = run_in(&site, &["check"], &[]);
    assert_eq!(check.code, 1, "{check:?}");
    assert!(
        check.stderr.contains("是不是“environment”"),
        "{}",
        check.stderr
    );
    // Fixed, with the text of what happened.
    let text = read(&path).replace("category: enviroment\n", "category: environment\n");
    let text = text.replace(
        "在这里写：反映了什么问题，分析找到的症结，怎么办理的。\n",
        "村民来电反映2组水渠堵塞，雨天积水。\n",
    );
    std::fs::write(&path, text).expect("edit");
    let check = run_in(&site, &["check"], &[]);
    assert_eq!(check.code, 0, "{check:?}");
    assert!(check.stdout.contains("2 个问题"), "{}", check.stdout);
    assert!(
        check.stdout.contains("0 个错误，0 个警告"),
        "{}",
        check.stdout
    );

    // Evening: the site is built and the new issue is on it.
    let build = run_in(&site, &["build"], &[]);
    assert_eq!(build.code, 0, "{build:?}");
    let id = Path::new(&rel)
        .file_stem()
        .expect("a stem")
        .to_string_lossy()
        .into_owned();
    let page = read(&site.join(format!("public/issues/{id}/index.html")));
    assert!(page.contains("2组水渠堵塞"), "{page}");
    assert!(page.contains("雨天积水"));
    let data = read_json(&site.join("public/data/issues.json"));
    assert_eq!(data.as_array().map(Vec::len), Some(2));
}
