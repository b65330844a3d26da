//! Site search: a fixture site is built, then queried through its index files with the Rust
//! search function (src/search.rs) and, when node is installed, with the browser's script
//! (themes/default/static/search.js, run by tests/web/search-cli.cjs): both must agree.

mod common;

use common::*;
use gongkai::search;
use std::path::Path;
use std::process::Command;

fn issue_with(id: &str, title: &str, group: &str, category: &str, body: &str, day: u32) -> String {
    format!(
        "---
id: {id}
title: {title}
raised: 2020-03-{day:02}
source: home-visit
group: \"{group}\"
category: {category}
timeline:
  - {{date: 2020-03-{day:02}, event: raised}}
private: {{contact: 私密联系人甲乙}}
---
{body}
"
    )
}

/// Issues, a resolution, a plan, a meeting and a draft, with the words searched for in
/// titles, bodies and apart.
fn search_site() -> Site {
    let s = Site::new();
    s.issue(
        "S1",
        &issue_with(
            "S1",
            "3组老人反映养老金偏低",
            "1",
            "welfare",
            "每月只领基础养老金。",
            1,
        ),
    )
    .issue(
        "S2",
        &issue_with(
            "S2",
            "村东头路面破损",
            "2",
            "infrastructure",
            "老人说：养老的钱不够，金额太少。道路坑洼，雨天积水。",
            2,
        ),
    )
    .issue(
        "S3",
        &issue_with("S3", "危桥需要加固", "1", "infrastructure", "桥面开裂。", 3),
    )
    .issue(
        "S4",
        &issue_with("S4", "桥边的危房", "2", "land", "危房一间，旁边有座桥。", 4),
    )
    .issue(
        "S5",
        &issue_with(
            "S5",
            "举报违章搭建",
            "1",
            "land",
            "有人在河边违章搭建出租房。",
            5,
        ),
    )
    .issue(
        "S6",
        &issue_with(
            "S6",
            "Road lights out",
            "2",
            "infrastructure",
            "The lights on the ROAD are out.",
            6,
        ),
    )
    .issue(
        "DRAFT",
        &issue_with("DRAFT", "草稿：危桥另案", "1", "land", "草稿内容。", 7)
            .replace("timeline:", "draft: true\ntimeline:"),
    )
    .resolution(
        "R1",
        "---
title: 提高老人生活补助
issues: [S1]
finding: 全村仅领基础养老金的老人共96位
steps:
  proposal: {date: 2020-03-20, by: 村党总支}
---
",
    )
    .plan(
        "P1",
        "---
title: 2020年度工作计划
kind: annual
start: 2020-01-01
end: 2020-12-31
projects:
  - id: bridge
    title: 危桥重建
    issues: [S3]
    milestones:
      - {title: 设计, due: 2020-06-30}
---
",
    )
    .meeting(
        "M1",
        "---
title: 3月分析例会
date: 2020-03-25
attendees: [zhang, li]
items:
  - {issue: S5, finding: 违章搭建未及时制止, action: 上门劝导}
---
",
    );
    s
}

fn index_of(out: &Path) -> impl FnMut(&str) -> Option<String> + '_ {
    move |p: &str| std::fs::read_to_string(out.join("search").join(p)).ok()
}

fn urls(out: &Path, q: &str) -> Vec<String> {
    search::search(q, 100, &mut index_of(out))
        .expect("the index is readable")
        .hits
        .into_iter()
        .map(|h| h.url)
        .collect()
}

const QUERIES: &[&str] = &[
    "养老金",
    "危桥",
    "道路",
    "违章",
    "违章搭建",
    "桥",
    "road",
    "ROAD lights",
    "养老",
    "3组",
    "已受理",
    "1组 危桥",
    "无此词",
    "",
    "，",
    "村民",
    "村民 道路",
    "路灯",
    "组",
];

#[test]
fn queries_find_every_record_holding_them_title_hits_first() {
    let site = search_site();
    let out = site.build_ok();
    // 养老金 in S1's title and body, R1's finding; S2 holds 养老 and 金 apart: not found.
    assert_eq!(urls(&out, "养老金"), ["issues/S1/", "resolutions/R1/"]);
    // 危桥: S3's title, the plan's project; S4 holds 危 and 桥 apart; the draft is not indexed.
    assert_eq!(urls(&out, "危桥"), ["issues/S3/", "plans/P1/"]);
    assert_eq!(urls(&out, "道路"), ["issues/S2/"]);
    // 违章: S5's title first, then the meeting that analysed it.
    assert_eq!(urls(&out, "违章"), ["issues/S5/", "meetings/M1/"]);
    assert_eq!(urls(&out, "违章搭建"), ["issues/S5/", "meetings/M1/"]);
    // One character: every record holding it, titles first, then by occurrences (S3's page
    // also names the plan project 危桥重建 that answers it).
    let bridge = urls(&out, "桥");
    assert_eq!(&bridge[..2], ["issues/S3/", "issues/S4/"], "{bridge:?}");
    assert!(bridge.contains(&"plans/P1/".to_string()));
    // Words, any case; every word must be found.
    assert_eq!(urls(&out, "road"), ["issues/S6/"]);
    assert_eq!(urls(&out, "ROAD lights"), ["issues/S6/"]);
    assert!(urls(&out, "road bridge").is_empty());
    // Groups, categories and statuses are searchable.
    assert_eq!(urls(&out, "1组 危桥"), ["issues/S3/"]);
    assert_eq!(urls(&out, "已受理").len(), 6);
    assert!(urls(&out, "无此词").is_empty());
    assert!(urls(&out, "").is_empty());
}

#[test]
fn the_index_holds_no_draft_and_no_private_data() {
    let site = search_site();
    let out = site.build_ok();
    let files = tree(&out.join("search"));
    assert!(files.len() >= 3, "{:?}", files.keys());
    for needle in ["私密联系人", "草稿", "DRAFT"] {
        assert_eq!(
            files_containing(&files, needle),
            Vec::<String>::new(),
            "{needle}"
        );
    }
    // Not even in a preview build that shows drafts.
    let preview = site.path("preview");
    assert_eq!(site.build_into(&preview, true).outcome.errors(), 0);
    assert!(preview.join("issues/DRAFT/index.html").is_file());
    let mut files = tree(&preview.join("search"));
    files.retain(|p, _| p.ends_with(".json"));
    assert!(!files.is_empty());
    assert_eq!(files_containing(&files, "草稿"), Vec::<String>::new());
}

#[test]
fn the_search_page_works_without_javascript_and_loads_a_fingerprinted_script() {
    let site = search_site();
    let out = site.build_ok();
    let html = std::fs::read_to_string(out.join("search/index.html")).expect("the search page");
    // The lists by status, group and category are links.
    for link in [
        "href=\"../issues/status/received/\"",
        "href=\"../issues/group/1/\"",
        "href=\"../issues/category/land/\"",
    ] {
        assert!(html.contains(link), "{link} missing");
    }
    // The form appears only with the script; the script's name changes with its contents.
    assert!(html.contains("id=\"search-form\""));
    assert!(html.contains(" hidden"));
    let script = html
        .split("<script src=\"../")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a script");
    assert!(
        script.starts_with("search.")
            && script.ends_with(".js")
            && script.len() == "search.0123456789.js".len(),
        "{script}"
    );
    assert!(out.join(script).is_file());
    // No other page runs a script.
    let pages = tree(&out);
    let with_script: Vec<_> = files_containing(&pages, "<script")
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert_eq!(with_script, ["search/index.html"]);
}

#[test]
fn the_index_is_the_same_at_every_build() {
    let site = search_site();
    let a = site.path("a");
    let b = site.path("b");
    assert_eq!(site.build_into(&a, false).outcome.errors(), 0);
    assert_eq!(site.build_into(&b, false).outcome.errors(), 0);
    assert_eq!(tree(&a.join("search")), tree(&b.join("search")));
}

#[test]
fn english_sites_search_english_words() {
    let site = Site::en();
    site.issue(
        "E1",
        &issue_with(
            "E1",
            "Broken bridge near group 2",
            "2",
            "infrastructure",
            "The bridge is dangerous.",
            1,
        ),
    )
    .issue(
        "E2",
        &issue_with(
            "E2",
            "Pension too low",
            "1",
            "welfare",
            "Elderly villagers say the bridge toll is high.",
            2,
        ),
    );
    let out = site.build_ok();
    assert_eq!(urls(&out, "bridge"), ["issues/E1/", "issues/E2/"]);
    assert_eq!(urls(&out, "Pension"), ["issues/E2/"]);
    let html = std::fs::read_to_string(out.join("search/index.html")).expect("the search page");
    assert!(html.contains("What are you looking for?"));
}

/// 400 issues: common words get posting files of their own, shards multiply.
fn large_site() -> Site {
    let s = Site::new();
    for n in 0..400 {
        let (title, body) = match n % 4 {
            0 => ("村民反映道路破损", "雨后道路积水，村民出行不便。"),
            1 => ("养老金发放咨询", "村民询问养老金什么时候发放。"),
            2 => ("危桥加固", "村民担心危桥安全，道路也窄。"),
            _ => ("路灯不亮", "村道上的路灯坏了，村民夜里看不清。"),
        };
        let id = format!("L{n:03}");
        s.issue(
            &id,
            &issue_with(
                &id,
                &format!("{}组{title}", n % 2 + 1),
                &format!("{}", n % 2 + 1),
                "infrastructure",
                body,
                n % 28 + 1,
            ),
        );
    }
    s
}

#[test]
fn long_postings_live_in_files_of_their_own() {
    let site = large_site();
    let out = site.build_ok();
    let meta = read_json(&out.join("search/meta.json"));
    assert!(meta["shards"].as_u64().unwrap() > 1, "{meta}");
    let found = search::search("组", 20, &mut index_of(&out)).expect("the index");
    assert_eq!(found.total, 400);
    assert!(
        found.fetched.iter().any(|(p, _)| p.starts_with("t/")),
        "{:?}",
        found.fetched
    );
    // 道 and 路 apart (村道…路灯) are not 道路.
    let roads = search::search("道路", 1000, &mut index_of(&out)).expect("the index");
    assert_eq!(roads.total, 200);
    assert!(roads.hits.iter().all(|h| !h.title.contains("路灯")));
    assert!(
        roads.hits[..100].iter().all(|h| h.title.contains("道路")),
        "title hits first"
    );
}

/// The browser's script gives exactly what the Rust function gives, on a small site and on
/// one with long postings in files of their own.
#[test]
fn the_script_gives_the_same_results_as_the_rust_search() {
    let Some(node) = node() else {
        return;
    };
    for site in [search_site(), large_site()] {
        same_results(&node, &site.build_ok());
    }
}

fn same_results(node: &Path, out: &Path) {
    let out = out.to_path_buf();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/web/search-cli.cjs");
    let run = Command::new(node)
        .arg(script)
        .arg(&out)
        .arg("100")
        .args(QUERIES)
        .output()
        .expect("node runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let js: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON from node");
    for (k, q) in QUERIES.iter().enumerate() {
        let mut rust = search::search(q, 100, &mut index_of(&out)).expect("the index");
        assert!(js[k]["fetched"].as_array().is_some_and(|f| !f.is_empty()));
        rust.fetched.sort();
        let rust = serde_json::to_value(&rust).expect("serializes");
        assert_eq!(js[k], rust, "query {q:?}");
    }
}

fn node() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .map(|d| d.join("node"))
        .find(|p| p.is_file());
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("node is not installed: CI must install it (see .ci/run)");
        }
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: the search script check needs node (Debian package nodejs)"
        );
    }
    found
}
