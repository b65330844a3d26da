//! What a build publishes, and how it treats the output folder. One small site per behaviour.

mod common;

use common::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One record of every kind, all linked: enough for every page of the site to exist.
fn one_of_each() -> Site {
    let site = Site::new();
    site.issue("2020-013", &issue("2020-013", "村道路灯损坏"))
        .meeting(
            "2020-03",
            "---
title: 3月村情民意分析例会
date: 2020-03-06
kind: analysis
attendees: [zhang, li]
items:
  - {issue: 2020-013, action: 联系供电所修复, assignee: li}
---
会议纪要。
",
        )
        .resolution(
            "2020-R01",
            "---
title: 更换全村路灯
issues: [2020-013]
steps:
  proposal: {date: 2020-04-01, by: 村党总支}
  deliberation: {date: 2020-04-05, by: 村两委联席会议}
  review: {date: 2020-04-10, by: 党员大会, members: 30, present: 25, for: 25}
  decision: {date: 2020-04-20, by: 村民代表会议, members: 21, present: 20, for: 19, against: 1, abstain: 0}
---
",
        )
        .plan(
            "2020",
            "---
title: 2020年度工作计划
kind: annual
start: 2020-01-01
end: 2020-12-31
projects:
  - id: lights
    title: 路灯更换
    issues: [2020-013]
    milestones:
      - {title: 采购, due: 2020-05-31, done: 2020-05-20}
---
",
        )
        .visit(
            "2020-1",
            "title: 2020年第一轮上门家访
start: 2020-01-06
end: 2020-03-31
teams:
  - {name: 第一走访组, members: [zhang], groups: [\"1\"]}
visited: {\"1\": 40}
",
        )
        .page("about", "---\ntitle: 关于本站\nmenu: true\n---\n本站公开测试村的村务。\n");
    site
}

fn text_of(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel))
        .unwrap_or_else(|e| panic!("{rel} was not published: {e}"))
}

#[test]
fn a_minimal_site_publishes_every_output_of_the_format() {
    let site = one_of_each();
    let out = site.build_ok();
    for rel in [
        "index.html",
        "issues/index.html",
        "issues/2020-013/index.html",
        "meetings/index.html",
        "meetings/2020-03/index.html",
        "resolutions/index.html",
        "resolutions/2020-R01/index.html",
        "plans/index.html",
        "plans/2020/index.html",
        "visits/index.html",
        "stats/index.html",
        "about/index.html",
        "feed.xml",
        "sitemap.xml",
        "data/issues.json",
        "data/issues.csv",
        "data/resolutions.json",
        "data/plans.json",
        "data/visits.json",
    ] {
        assert!(out.join(rel).is_file(), "/{rel} is missing");
    }
    // What a villager reads on each page.
    assert!(text_of(&out, "issues/index.html").contains("村道路灯损坏"));
    assert!(text_of(&out, "issues/2020-013/index.html").contains("村道路灯损坏"));
    assert!(text_of(&out, "meetings/2020-03/index.html").contains("联系供电所修复"));
    assert!(text_of(&out, "resolutions/2020-R01/index.html").contains("更换全村路灯"));
    assert!(text_of(&out, "plans/2020/index.html").contains("路灯更换"));
    assert!(text_of(&out, "visits/index.html").contains("第一走访组"));
    assert!(text_of(&out, "about/index.html").contains("本站公开测试村的村务。"));
    // The issue page shows its backlinks: the resolution, the project and the meeting.
    let page = text_of(&out, "issues/2020-013/index.html");
    for backlink in ["更换全村路灯", "路灯更换", "3月村情民意分析例会"] {
        assert!(
            page.contains(backlink),
            "the issue page does not link {backlink}"
        );
    }
    // The CSV opens in a spreadsheet: a header, then one row per issue.
    let csv = text_of(&out, "data/issues.csv");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[0].starts_with("id,title,url,raised,source,group"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("2020-013,村道路灯损坏,https://example.org/test/issues/2020-013/,2020-03-05,inspection,1"), "{}", lines[1]);
}

#[test]
fn the_cli_build_reports_what_it_wrote_and_exits_0() {
    let site = one_of_each();
    let run = site.run_build(&[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("1 个问题、1 次会议、1 项决议、1 个规划、1 轮走访、1 个页面"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("0 个错误，0 个警告"), "{}", run.stdout);
    assert!(
        site.path("public/index.html").is_file(),
        "the default output is ROOT/public"
    );
}

#[test]
fn the_feed_is_atom_with_issues_and_resolutions_newest_first() {
    let site = Site::new();
    // An issue's date in the feed is its latest event; a resolution's its latest step.
    site.issue("a", &issue("a", "三月的问题")) // last event 2020-03-12
        .issue(
            "b",
            "---
title: 六月的问题 & <更新>
raised: 2020-06-01
source: phone
group: \"2\"
category: welfare
timeline:
  - {date: 2020-06-01, event: raised}
  - {date: 2020-06-20, event: analysed}
---
",
        )
        .issue(
            "c",
            "---
title: 一月的问题
raised: 2020-01-02
source: letter
group: \"1\"
category: other
timeline:
  - {date: 2020-01-02, event: raised}
---
",
        )
        .resolution(
            "R1",
            "---
title: 五月的决议
steps:
  proposal: {date: 2020-05-01}
  deliberation: {date: 2020-05-02}
  review: {date: 2020-05-03}
  decision: {date: 2020-05-04, members: 10, present: 9, for: 9}
---
",
        );
    let out = site.build_ok();
    let feed = parse_xml(&text_of(&out, "feed.xml"))
        .unwrap_or_else(|e| panic!("feed.xml is not XML: {e}"));
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
    let entries: Vec<(String, String)> = feed
        .all("entry")
        .map(|e| {
            (
                e.child("updated").expect("updated").text.clone(),
                e.child("title").expect("title").text.clone(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        vec![
            (
                "2020-06-20T00:00:00Z".to_string(),
                "六月的问题 & <更新>".to_string()
            ),
            ("2020-05-04T00:00:00Z".to_string(), "五月的决议".to_string()),
            ("2020-03-12T00:00:00Z".to_string(), "三月的问题".to_string()),
            ("2020-01-02T00:00:00Z".to_string(), "一月的问题".to_string()),
        ]
    );
    let links: Vec<&str> = feed
        .all("entry")
        .filter_map(|e| e.child("link")?.attr("href"))
        .collect();
    assert_eq!(links[0], "https://example.org/test/issues/b/");
    assert_eq!(links[1], "https://example.org/test/resolutions/R1/");
}

#[test]
fn the_sitemap_lists_every_published_page() {
    let site = one_of_each();
    let out = site.build_ok();
    let sitemap = parse_xml(&text_of(&out, "sitemap.xml"))
        .unwrap_or_else(|e| panic!("sitemap.xml is not XML: {e}"));
    assert_eq!(sitemap.name, "urlset");
    let listed: BTreeSet<String> = sitemap
        .all("url")
        .map(|u| u.child("loc").expect("loc").text.clone())
        .collect();
    let pages: BTreeSet<String> = tree(&out)
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| {
            format!(
                "https://example.org/test/{}",
                p.trim_end_matches("index.html")
            )
        })
        .collect();
    assert!(pages.len() >= 12, "{pages:?}");
    assert_eq!(listed, pages);
    assert!(listed.contains("https://example.org/test/"));
    assert!(listed.contains("https://example.org/test/issues/2020-013/"));
    assert!(listed.contains("https://example.org/test/about/"));
}

// ---------------------------------------------------------------------------------------
// A site written by someone else from CONTENT-FORMAT.md alone: its examples, completed so
// that every reference resolves, with the derived values worked out by hand.

const FORMAT_SITE_YAML: &str = r#"title: 盛新村村务公开
village: 盛新村
town: 枫泾镇
language: zh-CN
base_url: https://example.org/shengxin/
as_of: 2020-11-13
feedback_days: 14
public_numbers: ["021-57350000"]
groups:
  - {id: "1", name: 1组, households: 42}
  - {id: "2", name: 2组, households: 40}
  - {id: "3", name: 3组, households: 40}
  - {id: "13", name: 13组, households: 45}
zones:
  - {id: east, name: 东片, groups: ["1", "2", "3", "13"]}
people:
  - {id: zhang, name: 张卫国, role: 村党总支书记}
  - {id: li, name: 李建华, role: 村委会主任}
  - {id: wu, name: 吴秀英, role: 查访员}
categories:
  - {id: infrastructure, name: 基础设施}
  - {id: land, name: 土地与建房}
  - {id: welfare, name: 民生保障}
"#;

fn format_example_site() -> Site {
    let site = Site::with_site_yaml(FORMAT_SITE_YAML);
    // The example issue, as printed in the format.
    site.issue(
        "2020-013",
        r#"---
id: 2020-013
title: 村民子女拟搭建违章出租屋
raised: 2020-03-05
source: inspection
group: "13"
zone: east
category: land
reporter: 查访员
assignee: li
tags: [违建]
timeline:
  - {date: 2020-03-05, event: raised, note: 查访员发现并上报}
  - {date: 2020-03-06, event: analysed, meeting: 2020-03}
  - {date: 2020-03-07, event: escalated, to: 镇城建办}
  - {date: 2020-03-10, event: resolved, note: 经劝导放弃搭建，协助退回建材}
  - {date: 2020-03-12, event: feedback, audience: village, note: 村务公开栏公布}
private: {contact: "13800000000"}
---
What was raised, what the analysis found, what was done.
"#,
    )
    // The two issues the example resolution answers.
    .issue(
        "2020-021",
        r#"---
title: 老人养老金偏低
raised: 2020-05-10
source: home-visit
group: "2"
category: welfare
assignee: zhang
timeline:
  - {date: 2020-05-10, event: raised}
  - {date: 2020-05-15, event: analysed, meeting: 2020-05}
  - {date: 2020-05-20, event: assigned, assignee: zhang}
---
"#,
    )
    .issue(
        "2020-034",
        r#"---
title: 申请提高低保
raised: 2020-05-20
source: phone
group: "3"
category: welfare
timeline:
  - {date: 2020-05-20, event: raised}
  - {date: 2020-06-01, event: declined, note: 不符合低保政策}
  - {date: 2020-06-03, event: feedback, audience: raiser}
---
"#,
    )
    // The issue the example project answers, in a sub-folder (folders are walked).
    .file(
        "issues/2010/2010-004.md",
        r#"---
title: 村道破损
raised: 2010-04-01
source: meeting
group: 1
category: infrastructure
timeline:
  - {date: 2010-04-01, event: raised}
  - {date: 2010-04-20, event: escalated, to: 镇建设办}
  - {date: 2012-03-31, event: resolved}
  - {date: 2012-04-02, event: feedback, audience: village}
  - {date: 2012-04-05, event: feedback, audience: raiser}
  - {date: 2012-05-01, event: closed}
---
"#,
    )
    .issue(
        "2020-040",
        r#"---
title: 河道被占
raised: 2020-10-01
source: letter
group: "13"
category: land
timeline:
  - {date: 2020-10-01, event: raised}
  - {date: 2020-10-08, event: escalated, to: 镇水务站}
---
"#,
    )
    .issue(
        "2020-041",
        r#"---
title: 垃圾清运不及时
raised: 2020-11-01
source: online
group: "1"
category: infrastructure
timeline:
  - {date: 2020-11-01, event: raised}
  - {date: 2020-11-02, event: analysed}
---
"#,
    )
    .issue(
        "2020-042",
        r#"---
title: 广场舞噪音
raised: 2020-11-10
source: walk-in
group: "2"
category: welfare
timeline:
  - {date: 2020-11-10, event: raised}
---
"#,
    )
    .meeting(
        "2020-03",
        r#"---
title: 3月村情民意分析例会
date: 2020-03-06
kind: analysis
attendees: [zhang, li]
items:
  - {issue: 2020-013, finding: 子女结婚需要住房, action: 上门劝导, assignee: li}
---
"#,
    )
    .meeting(
        "2020-05",
        r#"---
title: 5月村两委会议
date: 2020-05-15
kind: committee
attendees: [zhang, li]
items:
  - {issue: 2020-021, action: 摸清全村情况}
---
"#,
    )
    // The example meeting.
    .meeting(
        "2020-11",
        r#"---
id: 2020-11
title: 11月村情民意分析例会
date: 2020-11-05
kind: analysis
attendees: [zhang, li]
items:
  - {issue: 2020-013, finding: 症结…, action: 上门劝导, assignee: li, due: 2020-11-20, escalate_to: 镇城建办}
---
Minutes.
"#,
    )
    // The example resolution: 38 of 41 present (3×38 = 114 ≥ 2×41 = 82) and 38 for
    // (2×38 = 76 > 38): adopted.
    .resolution(
        "2020-R05",
        r#"---
id: 2020-R05
title: 为体制前老人每月增加生活补助25元
issues: [2020-021, 2020-034]
finding: 全村共有123位老人每月养老金仅150元
affected: 123
budget: 36900
steps:
  proposal:     {date: 2020-06-02, by: 村党总支}
  deliberation: {date: 2020-06-05, by: 村两委联席会议}
  review:       {date: 2020-06-12, by: 党员大会, members: 52, present: 45, for: 45, against: 0, abstain: 0}
  decision:     {date: 2020-06-20, by: 村民代表会议, members: 41, present: 38, for: 38, against: 0, abstain: 0}
published:
  decision: {date: 2020-06-21, where: 村务公开栏}
  result:   {date: 2020-09-30, where: 村务公开栏, note: 已按月发放}
implementation: done
---
"#,
    )
    // 26 of 41 present: 3×26 = 78 < 82, no quorum, so rejected although all voted for.
    .resolution(
        "2020-R06",
        r#"---
title: 修缮老年活动室
issues: [2020-021]
steps:
  proposal:     {date: 2020-07-01, by: 村党总支}
  deliberation: {date: 2020-07-03, by: 村两委联席会议}
  review:       {date: 2020-07-10, by: 党员大会, members: 52, present: 40, for: 30, against: 5, abstain: 5}
  decision:     {date: 2020-07-20, by: 村民代表会议, members: 41, present: 26, for: 26, against: 0, abstain: 0}
---
"#,
    )
    // 20 of 30 present: 3×20 = 60 ≥ 60, quorum; 10 for: 2×10 = 20, not > 20: rejected.
    .resolution(
        "2020-R07",
        r#"---
title: 村集体厂房出租
steps:
  proposal:     {date: 2020-08-01}
  deliberation: {date: 2020-08-03}
  review:       {date: 2020-08-10}
  decision:     {date: 2020-08-20, members: 30, present: 20, for: 10, against: 8, abstain: 2}
---
"#,
    )
    // No decision step yet: pending.
    .resolution(
        "2020-R08",
        r#"---
title: 新建停车场
steps:
  proposal:     {date: 2020-10-01, by: 村党总支}
  deliberation: {date: 2020-10-05, by: 村两委联席会议}
---
"#,
    )
    // Stated `withdrawn` is always allowed.
    .resolution(
        "2020-R09",
        r#"---
title: 村口立牌坊
outcome: withdrawn
steps:
  proposal: {date: 2020-09-01, by: 村党总支}
---
"#,
    )
    // The example plan, with two more projects.
    .plan(
        "2011-2015",
        r#"---
id: 2011-2015
title: 盛新村“十二五”发展规划
kind: five-year
start: 2011-01-01
end: 2015-12-31
parent: null
projects:
  - id: road-repair
    title: 村道修复
    category: infrastructure
    owner: li
    budget: 1200000
    spent: 800000
    issues: [2010-004]
    implements: null
    milestones:
      - {title: 勘察设计, due: 2011-06-30, done: 2011-06-20}
      - {title: 一期施工, due: 2012-03-31, progress: 60}
    cancelled: false
  - id: water
    title: 自来水管网改造
    category: infrastructure
    milestones:
      - {title: 设计, due: 2012-06-30, done: 2012-06-01}
      - {title: 施工, due: 2013-06-30, done: 2013-07-15}
  - id: school
    title: 村小学扩建
    milestones:
      - {title: 选址, due: 2012-12-31, progress: 50}
    cancelled: true
---
"#,
    )
    .plan(
        "2015",
        r#"---
id: 2015
title: 2015年度计划
kind: annual
start: 2015-01-01
end: 2015-12-31
parent: 2011-2015
projects:
  - id: road-final
    title: 村道二期
    issues: [2010-004]
    implements: 2011-2015/road-repair
    milestones:
      - {title: 二期施工, due: 2015-10-31, progress: 30}
      - {title: 验收, due: 2015-12-31}
  - id: lights
    title: 路灯安装
  - id: clinic
    title: 卫生室
    milestones:
      - {title: 选址, due: 2021-06-30, progress: 50}
---
"#,
    )
    // The example visit round.
    .visit(
        "2020-1",
        r#"id: 2020-1
title: 2020年第一轮上门家访
start: 2020-01-06
end: 2020-03-31
teams:
  - {name: 第一走访组, members: [zhang, wu], groups: ["1", "2", "3"]}
visited: {"1": 42, "2": 38, "3": 40}
"#,
    )
    .page("about", "---\ntitle: 关于本站\nmenu: true\nweight: 1\n---\n村务公开电话 021-57350000。\n");
    site
}

fn by_id<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .expect("an array")
        .iter()
        .find(|x| x["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {list}"))
}

#[test]
fn a_site_written_from_the_format_alone_builds_without_a_word() {
    let site = format_example_site();
    let outcome = site.check();
    assert!(
        outcome.diagnostics.is_empty(),
        "{}",
        shown(&outcome.diagnostics)
    );
    assert_eq!(outcome.counts.issues, 7);
    assert_eq!(outcome.counts.resolutions, 5);
    let out = site.build_ok();
    // The office number listed in public_numbers is published as written.
    assert!(text_of(&out, "about/index.html").contains("021-57350000"));
}

#[test]
fn issues_json_carries_the_fields_and_derived_statuses_of_the_format() {
    let site = format_example_site();
    let out = site.build_ok();
    let issues = read_json(&out.join("data/issues.json"));
    assert_eq!(issues.as_array().map(Vec::len), Some(7));

    let i = by_id(&issues, "2020-013");
    assert_eq!(i["title"], "村民子女拟搭建违章出租屋");
    assert_eq!(i["url"], "https://example.org/shengxin/issues/2020-013/");
    assert_eq!(i["raised"], "2020-03-05");
    assert_eq!(i["source"], "inspection");
    assert_eq!(i["group"], "13");
    assert_eq!(i["category"], "land");
    // Last status-setting event is `resolved`; the feedback after it does not change it.
    assert_eq!(i["status"], "resolved");
    assert_eq!(i["fed_back"], json!(["village"]));
    assert_eq!(
        i["assignee"], "李建华",
        "the assignee is shown by name, not id"
    );
    assert_eq!(i["resolutions"], json!([]));
    assert_eq!(i["projects"], json!([]));
    let timeline = i["timeline"].as_array().expect("a timeline");
    let events: Vec<&str> = timeline
        .iter()
        .map(|e| e["event"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        events,
        ["raised", "analysed", "escalated", "resolved", "feedback"]
    );
    assert_eq!(timeline[1]["meeting"], "2020-03");
    assert_eq!(timeline[2]["to"], "镇城建办");
    assert_eq!(timeline[4]["audience"], "village");
    assert_eq!(timeline[4]["date"], "2020-03-12");

    // Every resolution that lists an issue, whatever its outcome (R05 adopted, R06 rejected).
    let i = by_id(&issues, "2020-021");
    assert_eq!(i["status"], "in-progress", "assigned → in-progress");
    assert_eq!(i["assignee"], "张卫国");
    assert_eq!(i["resolutions"], json!(["2020-R05", "2020-R06"]));
    assert_eq!(i["fed_back"], json!([]));

    let i = by_id(&issues, "2020-034");
    assert_eq!(i["status"], "declined");
    assert_eq!(i["fed_back"], json!(["raiser"]));
    assert_eq!(i["assignee"], Value::Null);
    assert_eq!(i["resolutions"], json!(["2020-R05"]));

    // Numbers written unquoted (`group: 1`) are ids like any other; fed back to both.
    let i = by_id(&issues, "2010-004");
    assert_eq!(i["group"], "1");
    assert_eq!(i["status"], "closed");
    assert_eq!(i["fed_back"], json!(["raiser", "village"]));
    assert_eq!(
        i["projects"],
        json!(["2011-2015/road-repair", "2015/road-final"])
    );

    assert_eq!(by_id(&issues, "2020-040")["status"], "escalated");
    assert_eq!(by_id(&issues, "2020-041")["status"], "analysing");
    assert_eq!(by_id(&issues, "2020-042")["status"], "received");
}

#[test]
fn resolutions_json_derives_each_outcome_from_the_vote() {
    let site = format_example_site();
    let out = site.build_ok();
    let res = read_json(&out.join("data/resolutions.json"));
    let outcome = |id: &str| {
        by_id(&res, id)["outcome"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(outcome("2020-R05"), "adopted");
    assert_eq!(outcome("2020-R06"), "rejected", "no quorum");
    assert_eq!(outcome("2020-R07"), "rejected", "no majority");
    assert_eq!(outcome("2020-R08"), "pending");
    assert_eq!(outcome("2020-R09"), "withdrawn");

    let r = by_id(&res, "2020-R05");
    assert_eq!(r["issues"], json!(["2020-021", "2020-034"]));
    let steps = r["steps"].as_object().expect("steps");
    let mut keys: Vec<&str> = steps.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["decision", "deliberation", "proposal", "review"]);
    assert_eq!(steps["decision"]["date"], "2020-06-20");
    assert_eq!(steps["decision"]["members"], 41);
    assert_eq!(steps["decision"]["present"], 38);
    assert_eq!(steps["decision"]["for"], 38);
    assert_eq!(steps["review"]["present"], 45);
    assert_eq!(r["implementation"], "done");
    assert_eq!(r["budget"], 36900.0);
    assert_eq!(
        by_id(&res, "2020-R08")["steps"]
            .as_object()
            .map(|s| s.len()),
        Some(2)
    );
}

#[test]
fn plans_json_carries_progress_status_and_overdue_counts() {
    let site = format_example_site();
    let out = site.build_ok();
    let plans = read_json(&out.join("data/plans.json"));
    let project = |plan: &str, id: &str| by_id(&by_id(&plans, plan)["projects"], id).clone();

    // road-repair: milestones 100 (done) and 60 → 80. 一期施工 was due 2012-03-31, not
    // done, before as_of 2020-11-13: overdue, so the project is delayed.
    let p = project("2011-2015", "road-repair");
    assert_eq!(p["progress"], 80.0);
    assert_eq!(p["status"], "delayed");
    assert_eq!(p["overdue"], 1);
    // water: both done (one late, but done is never overdue) → 100, done.
    let p = project("2011-2015", "water");
    assert_eq!(p["progress"], 100.0);
    assert_eq!(p["status"], "done");
    assert_eq!(p["overdue"], 0);
    // school: cancelled wins; a cancelled project's milestones are never overdue.
    let p = project("2011-2015", "school");
    assert_eq!(p["status"], "cancelled");
    assert_eq!(p["overdue"], 0);
    // The plan: mean of its non-cancelled projects, (80 + 100) / 2.
    assert_eq!(by_id(&plans, "2011-2015")["progress"], 90.0);

    // road-final: 30 and 0 → 15, both due in 2015: two overdue, delayed.
    let p = project("2015", "road-final");
    assert_eq!(p["progress"], 15.0);
    assert_eq!(p["status"], "delayed");
    assert_eq!(p["overdue"], 2);
    assert_eq!(p["implements"], "2011-2015/road-repair");
    // lights: no milestones → 0, planned.
    let p = project("2015", "lights");
    assert_eq!(p["progress"], 0.0);
    assert_eq!(p["status"], "planned");
    // clinic: 50, due 2021 (after as_of): active, not overdue.
    let p = project("2015", "clinic");
    assert_eq!(p["progress"], 50.0);
    assert_eq!(p["status"], "active");
    assert_eq!(p["overdue"], 0);
    // The plan: (15 + 0 + 50) / 3 = 21.67.
    let progress = by_id(&plans, "2015")["progress"]
        .as_f64()
        .expect("a number");
    assert!((progress - 65.0 / 3.0).abs() < 0.06, "{progress}");
    assert_eq!(by_id(&plans, "2015")["parent"], "2011-2015");
}

#[test]
fn visits_json_carries_teams_and_coverage_per_group() {
    let site = format_example_site();
    let out = site.build_ok();
    let visits = read_json(&out.join("data/visits.json"));
    let round = by_id(&visits, "2020-1");
    let team = &round["teams"][0];
    assert_eq!(team["name"], "第一走访组");
    assert_eq!(team["groups"], json!(["1", "2", "3"]));
    let members: Vec<&str> = team["members"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    assert_eq!(members, ["张卫国", "吴秀英"]);
    // Coverage is visited / households: 42/42, 38/40, 40/40, and 0/45 for group 13.
    let coverage: Vec<(String, u64, u64)> = round["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .map(|c| {
            (
                c["group"].as_str().unwrap_or("").to_string(),
                c["visited"].as_u64().unwrap_or(99),
                c["percent"].as_u64().unwrap_or(999),
            )
        })
        .collect();
    assert_eq!(
        coverage,
        vec![
            ("1".into(), 42, 100),
            ("2".into(), 38, 95),
            ("3".into(), 40, 100),
            ("13".into(), 0, 0)
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Drafts and private data.

/// A published issue; a draft issue that a resolution, a meeting and a project point at; a
/// draft meeting that an issue and a resolution point at; a draft plan that a plan carries out.
fn site_with_a_draft() -> Site {
    let site = Site::new();
    site.issue(
        "2020-001",
        &issue("2020-001", "公开的问题")
            .replace("event: resolved}", "event: resolved, meeting: M9DRAFT}"),
    )
    .meeting(
        "M9DRAFT",
        "---\ntitle: 草稿会议\ndate: 2020-03-10\ndraft: true\n---\n",
    )
    .plan(
        "P9DRAFT",
        "---
title: 草稿规划
kind: five-year
start: 2016-01-01
end: 2020-12-31
draft: true
projects:
  - {id: y, title: 草稿项目}
---
",
    )
    .issue(
        "2020-099",
        "---
title: 草稿问题DRAFTCANARY
raised: 2020-03-05
source: phone
group: \"1\"
category: other
draft: true
timeline:
  - {date: 2020-03-05, event: raised}
---
草稿正文DRAFTBODY
",
    )
    .resolution(
        "R1",
        "---
title: 一项决议
issues: [2020-001, 2020-099]
steps:
  proposal: {date: 2020-04-01, meeting: M9DRAFT}
---
",
    )
    .meeting(
        "M1",
        "---
title: 一次会议
date: 2020-03-20
items:
  - {issue: 2020-001, action: 公开的行动}
  - {issue: 2020-099, action: 草稿的行动DRAFTACTION}
---
",
    )
    .plan(
        "P1",
        "---
title: 一个计划
kind: annual
start: 2020-01-01
end: 2020-12-31
parent: P9DRAFT
projects:
  - {id: x, title: 一个项目, issues: [2020-099, 2020-001], implements: P9DRAFT/y}
---
",
    );
    site
}

#[test]
fn a_draft_is_absent_from_every_output_byte() {
    let site = site_with_a_draft();
    let out = site.build_ok();
    let files = tree(&out);
    assert!(!files.is_empty());
    for canary in [
        "2020-099",
        "DRAFTCANARY",
        "DRAFTBODY",
        "DRAFTACTION",
        "M9DRAFT",
        "P9DRAFT",
        "草稿会议",
        "草稿规划",
        "草稿项目",
    ] {
        assert_eq!(
            files_containing(&files, canary),
            Vec::<String>::new(),
            "{canary} was published"
        );
    }
    // The records that pointed at it are published, with their other links.
    assert!(!files_containing(&files, "公开的行动").is_empty());
    let issues = read_json(&out.join("data/issues.json"));
    assert_eq!(by_id(&issues, "2020-001")["resolutions"], json!(["R1"]));
}

#[test]
fn build_refuses_drafts_and_points_to_the_preview() {
    // Drafts may be seen only under `serve --drafts`: a built folder is meant to be published.
    let site = site_with_a_draft();
    let out = site.path("preview");
    let run = site.run_build(&["--drafts", "--output", &out.to_string_lossy()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(!out.exists(), "build --drafts wrote {}", out.display());
    assert!(
        !site.path("public").exists(),
        "build --drafts wrote public/"
    );
    assert!(run.stderr.contains("从不发布草稿"), "{run:?}");
    assert!(run.stderr.contains("gongkai serve --drafts"), "{run:?}");
    assert!(!run.stderr.contains("DRAFTCANARY"), "{run:?}");

    // A site already built stays as it was, and an English site is told in English.
    let en = Site::en();
    let built = en.build_ok();
    let before = tree(&built);
    let run = en.run_build(&["--drafts"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("build never publishes drafts"),
        "{run:?}"
    );
    assert!(run.stderr.contains("gongkai serve --drafts"), "{run:?}");
    assert!(
        tree(&built) == before,
        "build --drafts changed the built site"
    );
}

#[test]
fn private_data_of_every_record_kind_never_reaches_an_output_byte() {
    let site = Site::new();
    site.issue(
        "I1",
        "---
title: 问题
raised: 2020-03-05
source: phone
group: \"1\"
category: other
timeline:
  - {date: 2020-03-05, event: raised}
private:
  contact: \"13800000000\"
  name: PRIVATE-ISSUE-王某某
  nested: {deep: [PRIVATE-ISSUE-DEEP]}
---
",
    )
    .meeting("M1", "---\ntitle: 会议\ndate: 2020-03-06\nprivate: {note: PRIVATE-MEETING}\n---\n")
    .resolution(
        "R1",
        "---\ntitle: 决议\nsteps:\n  proposal: {date: 2020-04-01}\nprivate: {note: PRIVATE-RESOLUTION}\n---\n",
    )
    .plan(
        "P1",
        "---
title: 计划
kind: annual
start: 2020-01-01
end: 2020-12-31
private: {note: PRIVATE-PLAN}
projects:
  - id: x
    title: 项目
    private: {contractor: PRIVATE-PROJECT}
---
",
    )
    .visit(
        "V1",
        "title: 走访\nstart: 2020-01-06\nend: 2020-03-31\nvisited: {\"1\": 10}\nprivate: {refused: PRIVATE-VISIT}\n",
    )
    .page("about", "---\ntitle: 关于\nprivate: {author: PRIVATE-PAGE}\n---\n正文\n");
    let out = site.build_ok();
    let files = tree(&out);
    // The records themselves are published…
    for title in ["问题", "会议", "决议", "计划", "走访", "关于"] {
        assert!(
            !files_containing(&files, title).is_empty(),
            "{title} is not published"
        );
    }
    // …their private parts never.
    for canary in [
        "13800000000",
        "王某某",
        "PRIVATE-ISSUE",
        "PRIVATE-MEETING",
        "PRIVATE-RESOLUTION",
        "PRIVATE-PLAN",
        "PRIVATE-PROJECT",
        "PRIVATE-VISIT",
        "PRIVATE-PAGE",
    ] {
        assert_eq!(
            files_containing(&files, canary),
            Vec::<String>::new(),
            "{canary} was published"
        );
    }
}

/// A build keeps what reading each record file gave (`.gongkai-cache/reads`) and the next
/// build reads again only the files whose text changed; anything that could make a kept
/// reading wrong makes it read every file.
#[test]
fn a_rebuild_reads_again_only_the_files_that_changed() {
    let site = one_of_each();
    let out = site.path("public");
    let records = 6;
    let build = |what: &str| {
        let report = site.build_into(&out, false);
        assert_eq!(
            report.outcome.errors(),
            0,
            "{what}: {}",
            shown(&report.outcome.diagnostics)
        );
        report.reused
    };
    assert_eq!(build("first"), 0);
    assert_eq!(build("unchanged"), records);
    // The same length: the text itself tells.
    site.issue("2020-013", &issue("2020-013", "村道水渠损坏"));
    assert_eq!(build("one issue changed"), records - 1);
    assert!(text_of(&out, "issues/2020-013/index.html").contains("村道水渠损坏"));
    // The site's settings change how every file reads (here: the day overdue is counted to).
    let settings = std::fs::read_to_string(site.path("content/site.yaml")).unwrap();
    assert!(settings.contains("as_of: 2020-11-13"));
    site.file(
        "site.yaml",
        &settings.replace("as_of: 2020-11-13", "as_of: 2020-11-14"),
    );
    assert_eq!(build("site settings changed"), 0);
    assert_eq!(build("unchanged again"), records);
    // A kept file that was altered or cut short is not trusted.
    let kept = site.path(".gongkai-cache/reads");
    let mut bytes = std::fs::read(&kept).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 1;
    std::fs::write(&kept, &bytes).unwrap();
    assert_eq!(build("altered"), 0);
    let bytes = std::fs::read(&kept).unwrap();
    std::fs::write(&kept, &bytes[..bytes.len() - 10]).unwrap();
    assert_eq!(build("cut short"), 0);
    assert_eq!(build("kept again"), records);
    // What the kept readings gave is what reading gives.
    let fresh = site.path("fresh");
    std::fs::remove_dir_all(site.path(".gongkai-cache")).unwrap();
    site.build_ok_into(fresh.clone());
    assert!(
        tree(&out) == tree(&fresh),
        "a build from kept readings differs"
    );
    // Version control is told to leave the folder alone.
    assert_eq!(
        std::fs::read_to_string(site.path(".gongkai-cache/.gitignore")).unwrap(),
        "*\n"
    );
}

/// `gongkai check` takes what the last build kept (it writes nothing) and says what a check
/// that reads every file says, warnings included; a file changed since is read.
#[test]
fn check_after_a_build_says_what_a_full_check_says() {
    let site = one_of_each();
    let unanswered = issue("2020-014", "水渠堵塞").replace(
        "  - {date: 2020-03-12, event: feedback, audience: village}\n",
        "",
    );
    site.issue("2020-014", &unanswered);
    let full = site.run_check(&[]);
    assert!(full.stderr.contains("还没有反馈给群众"), "{full:?}");
    assert!(!site.path(".gongkai-cache").exists(), "check wrote");
    assert_eq!(site.run_build(&[]).code, 0);
    let kept = std::fs::read(site.path(".gongkai-cache/reads")).unwrap();
    let after = site.run_check(&[]);
    assert_eq!(
        (after.code, &after.stdout, &after.stderr),
        (full.code, &full.stdout, &full.stderr)
    );
    let json = |run: &Run| run.stdout.clone();
    assert_eq!(
        json(&site.run_check(&["--format", "json"])),
        json(&{
            let _ = std::fs::remove_dir_all(site.path(".gongkai-cache"));
            let r = site.run_check(&["--format", "json"]);
            std::fs::create_dir_all(site.path(".gongkai-cache")).unwrap();
            std::fs::write(site.path(".gongkai-cache/reads"), &kept).unwrap();
            r
        })
    );
    site.issue(
        "2020-014",
        &unanswered.replace("group: \"1\"", "group: \"9\""),
    );
    let changed = site.run_check(&[]);
    assert_eq!(changed.code, 1, "{changed:?}");
    assert!(std::fs::read(site.path(".gongkai-cache/reads")).unwrap() == kept);
}

/// A build that stops at an error keeps no readings (the last successful build's stay); a
/// draft's reading is not kept.
#[test]
fn a_failed_build_keeps_no_readings_and_drafts_are_not_kept() {
    let site = one_of_each();
    let out = site.path("public");
    site.build_ok();
    let kept = || std::fs::read(site.path(".gongkai-cache/reads")).unwrap();
    let index = || std::fs::read(site.path(".gongkai-cache/index")).unwrap();
    let (before, index_before) = (kept(), index());
    site.issue(
        "2020-014",
        &issue("2020-014", "水渠堵塞").replace("group: \"1\"", "group: \"9\""),
    );
    for _ in 0..2 {
        let report = site.build_into(&out, false);
        let diags = shown(&report.outcome.diagnostics);
        assert_eq!(report.outcome.errors(), 1, "{diags}");
        assert_eq!(report.reused, 6, "{diags}");
        assert!(kept() == before, "a failed build changed the kept readings");
        assert!(
            index() == index_before,
            "a failed build changed the index described"
        );
    }
    site.issue("2020-014", &issue("2020-014", "水渠堵塞"));
    let report = site.build_into(&out, false);
    assert_eq!(report.outcome.errors(), 0);
    assert_eq!(report.reused, 6);
    assert!(text_of(&out, "issues/2020-014/index.html").contains("水渠堵塞"));
    assert_eq!(site.build_into(&out, false).reused, 7);

    let site = site_with_a_draft();
    site.build_ok();
    site.build_ok();
    let kept = std::fs::read_to_string(site.path(".gongkai-cache/reads")).unwrap();
    for canary in ["DRAFTCANARY", "DRAFTBODY", "草稿会议", "草稿规划"] {
        assert!(!kept.contains(canary), "{canary} was kept");
    }
    assert!(kept.contains("公开的问题"), "{kept}");
    // The description of the search index names the records indexed: never a draft.
    let index = std::fs::read_to_string(site.path(".gongkai-cache/index")).unwrap();
    assert!(index.contains("issues/2020-001/"), "{index}");
    for draft in ["2020-099", "M9DRAFT", "P9DRAFT"] {
        assert!(!index.contains(draft), "{draft} was described: {index}");
    }
}

// ---------------------------------------------------------------------------------------
// The output folder.

#[test]
fn two_builds_of_the_same_site_are_byte_identical() {
    let site = format_example_site();
    let (a, b) = (site.path("out-a"), site.path("out-b"));
    for out in [&a, &b] {
        let report = site.build_into(out, false);
        assert_eq!(
            report.outcome.errors(),
            0,
            "{}",
            shown(&report.outcome.diagnostics)
        );
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 30, "{} files", ta.len());
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(tb[path] == *bytes, "{path} differs between two builds");
    }
}

/// The labels are written into the templates before Tera reads them (src/fold.rs); a theme
/// that binds `t` to something else is rendered without that. Both give the same bytes, also
/// for a label with characters that must be escaped.
#[test]
fn pages_are_the_same_with_the_labels_written_into_the_templates_or_looked_up() {
    let site = format_example_site();
    for lang in ["zh-CN", "en"] {
        site.theme_file(
            &format!("labels/{lang}.yaml"),
            "status: \"状态 & <进度> \\\"甲\\\" '乙'\"\n",
        );
    }
    let folded = site.build_ok_into(site.path("out-folded"));
    // Never rendered, but it binds `t`: no template is folded.
    site.theme_file("templates/unused.html", "{% set t = site %}{{ t.title }}");
    let looked_up = site.build_ok_into(site.path("out-looked-up"));
    let (a, b) = (tree(&folded), tree(&looked_up));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs");
    }
    let escaped = "状态 &amp; &lt;进度&gt; &quot;甲&quot; &#39;乙&#39;";
    let pages = files_containing(&a, escaped);
    assert!(
        pages
            .iter()
            .any(|p| p.starts_with("issues/") && p.ends_with("/index.html")),
        "{pages:?}"
    );
    assert!(files_containing(&a, "状态 & <进度>").is_empty());
}

/// The theme is loaded while the records are checked, from `theme:` and `language:` read
/// ahead in site.yaml; however site.yaml is written (a byte-order mark, a flow mapping, a
/// language it does not name), the site is made with the theme and language the check reads.
#[test]
fn the_theme_read_ahead_is_the_one_site_yaml_names() {
    let flow = "{title: Test village affairs, village: Test village, language: en, \
                base_url: \"https://example.org/test/\", as_of: 2020-11-13, \
                groups: [{id: \"1\", name: Group 1, households: 40}]}\n";
    let cases = [
        (SITE_EN.to_string(), "Status", "状态"),
        (format!("\u{feff}{SITE_EN}"), "Status", "状态"),
        (flow.to_string(), "Status", "状态"),
        (SITE_EN.replace("language: en\n", ""), "状态", "Status"),
        (SITE_ZH.to_string(), "状态", "Status"),
    ];
    for (yaml, shown, absent) in cases {
        let site = Site::with_site_yaml(&yaml);
        site.issue("2020-001", &issue("2020-001", "Bridge"));
        let out = site.build_ok();
        let page = text_of(&out, "issues/2020-001/index.html");
        assert!(
            page.contains(&format!("<dt>{shown}</dt>")),
            "{yaml}\n{page}"
        );
        assert!(!page.contains(&format!("<dt>{absent}</dt>")), "{yaml}");
    }
}

/// Builds a one-issue site whose theme has its own issue.html; the errors of the build and
/// the output folder.
fn build_with_issue_template(template: &str) -> (Site, Vec<gongkai::diag::Diagnostic>, PathBuf) {
    let site = Site::with_site_yaml(SITE_ZH);
    site.issue("2020-001", &issue("2020-001", "村道"));
    site.theme_file("templates/issue.html", template);
    let out = site.path("public");
    let report = site.build_into(&out, false);
    let found = errors(&report.outcome).into_iter().cloned().collect();
    (site, found, out)
}

/// A broken template is one error naming its file, also now that the theme is loaded while
/// the records are checked, and the output is left as it was.
#[test]
fn a_broken_template_is_one_error_naming_its_file() {
    let (_site, errors, out) = build_with_issue_template("{% if %}oops{% endif %}");
    assert_eq!(errors.len(), 1, "{}", shown(&errors));
    assert_eq!(errors[0].file, "themes/default/templates/issue.html");
    assert!(!out.exists());
}

/// A theme cannot print the machine's environment into a page: a page that is kept from the
/// last build would not follow it, and the clerk's computer has no place on the public site.
#[test]
fn a_template_cannot_read_the_environment() {
    let (_site, errors, out) = build_with_issue_template("<p>{{ get_env(name=\"HOME\") }}</p>");
    assert!(!errors.is_empty(), "the build did not fail");
    assert!(
        errors
            .iter()
            .all(|d| d.file == "themes/default/templates/issue.html"
                && d.message.contains("get_env is not available")),
        "{}",
        shown(&errors)
    );
    assert!(!out.exists());
}

/// Temporary trees of a build. (The hidden spare tree `.public.spare` and the manifests
/// beside the output are kept on purpose: the next build updates the spare in place.)
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .expect("read the site root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.tmp-"))
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = one_of_each();
    let first = site.run_build(&[]);
    assert_eq!(first.code, 0, "{first:?}");
    let before = tree(&site.path("public"));
    assert!(before.contains_key("issues/2020-013/index.html"));

    // A new issue, and a broken one: nothing of this build may be published.
    site.issue("2020-014", &issue("2020-014", "新的问题"));
    site.issue(
        "2020-015",
        &issue("2020-015", "坏的问题").replace("source: inspection", "source: inspecton"),
    );
    let second = site.run_build(&[]);
    assert_eq!(second.code, 1, "{second:?}");
    assert!(
        second
            .stderr
            .contains("content/issues/2020-015.md:5:9: 错误："),
        "{}",
        second.stderr
    );
    assert!(second.stderr.contains("保持不变"), "{}", second.stderr);

    let after = tree(&site.path("public"));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(before == after, "the output changed after a failed build");
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

/// A failed check leaves the previous tree that the next build starts from (the hidden spare
/// tree and its manifest) as it was, and the build after the fix is the fresh build.
#[test]
fn a_failed_check_leaves_the_previous_tree_as_it_was() {
    let site = one_of_each();
    for _ in 0..2 {
        let run = site.run_build(&[]);
        assert_eq!(run.code, 0, "{run:?}");
    }
    let spare = site.path(".public.spare");
    let manifest = site.path(".public.spare.manifest");
    let (spare_before, manifest_before) = (tree(&spare), std::fs::read(&manifest));
    assert!(spare_before.contains_key("issues/2020-013/index.html"));
    assert!(manifest_before.is_ok());
    let live_before = tree(&site.path("public"));

    let good = std::fs::read_to_string(site.path("content/issues/2020-013.md")).expect("read");
    site.issue(
        "2020-013",
        &good.replace("source: inspection", "source: inspecton"),
    );
    let failed = site.run_build(&[]);
    assert_eq!(failed.code, 1, "{failed:?}");
    assert!(tree(&spare) == spare_before, "the spare tree changed");
    assert_eq!(std::fs::read(&manifest).ok(), manifest_before.ok());
    assert!(tree(&site.path("public")) == live_before);
    assert_eq!(leftovers(site.root()), Vec::<String>::new());

    site.issue("2020-013", &good.replace("title: ", "title: 改过的"));
    let fixed = site.run_build(&[]);
    assert_eq!(fixed.code, 0, "{fixed:?}");
    let fresh = site.path("fresh");
    let report = site.build_into(&fresh, false);
    assert_eq!(report.outcome.errors(), 0);
    let (a, b) = (tree(&site.path("public")), tree(&fresh));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs from a fresh build");
    }
    assert!(String::from_utf8_lossy(&a["issues/2020-013/index.html"]).contains("改过的"));
}

/// A build that stops at the check makes no folder: neither its output, nor the folders
/// above it, nor a temporary tree beside it.
#[test]
fn a_failed_check_makes_no_folder() {
    let site = one_of_each();
    let good = std::fs::read_to_string(site.path("content/issues/2020-013.md")).expect("read");
    site.issue(
        "2020-013",
        &good.replace("source: inspection", "source: inspecton"),
    );
    for out in ["public", "new/deeper/public"] {
        let run = site.run_build(&["--output", &site.path(out).to_string_lossy()]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(!site.path(out).exists(), "{out} was made");
    }
    assert!(
        !site.path("new").exists(),
        "the folders above the output were made"
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn a_successful_rebuild_replaces_the_output_whole() {
    let site = one_of_each();
    assert_eq!(site.run_build(&[]).code, 0);
    std::fs::remove_file(site.path("content/pages/about.md")).expect("remove the page");
    let run = site.run_build(&[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        !site.path("public/about/index.html").exists(),
        "a removed page stays published"
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn the_site_root_is_refused_as_output_and_nothing_is_deleted() {
    let site = one_of_each();
    let root = site.root().to_string_lossy().into_owned();
    let run = site.run_build(&["--output", &root]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("content/"), "{}", run.stderr);
    assert!(site.path("content/site.yaml").is_file());
    assert!(site.path("content/issues/2020-013.md").is_file());
    assert!(
        !site.path("index.html").exists(),
        "something was written into the site root"
    );
}

#[test]
fn a_folder_holding_the_site_is_refused_as_output() {
    let outer = tempfile::tempdir().expect("a temporary folder");
    let root = outer.path().join("village");
    std::fs::create_dir_all(root.join("content/issues")).expect("mkdir");
    std::fs::write(root.join("content/site.yaml"), SITE_ZH).expect("write");
    std::fs::write(root.join("content/issues/a.md"), issue("a", "问题")).expect("write");
    let run = gongkai(&[
        "build",
        "--root",
        &root.to_string_lossy(),
        "--output",
        &outer.path().to_string_lossy(),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        root.join("content/issues/a.md").is_file(),
        "the site was deleted"
    );
    assert!(!outer.path().join("index.html").exists());
}

#[test]
fn a_folder_holding_content_is_refused_as_output() {
    let site = one_of_each();
    let other = Site::new(); // another site: a folder holding content/
    let out = other.root().to_string_lossy().into_owned();
    let run = site.run_build(&["--output", &out]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        other.path("content/site.yaml").is_file(),
        "the other site was deleted"
    );
    assert!(!other.path("index.html").exists());
}

#[test]
fn a_non_empty_folder_not_written_by_gongkai_is_refused() {
    let site = one_of_each();
    let out = site.path("mine");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("notes.txt"), "my own notes").expect("write");
    let run = site.run_build(&["--output", &out.to_string_lossy()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("不是 gongkai 生成的"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).expect("notes.txt is still there"),
        "my own notes"
    );
    assert!(!out.join("index.html").exists());

    // An empty folder is fine.
    let empty = site.path("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let run = site.run_build(&["--output", &empty.to_string_lossy()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(empty.join("index.html").is_file());
}

#[test]
fn the_demo_site_builds_with_its_one_feedback_warning() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = tempfile::tempdir().expect("a temporary folder");
    let out = out.path().join("public");
    let run = gongkai(&["build", "--root", root, "--output", &out.to_string_lossy()]);
    assert_eq!(run.code, 0, "{run:?}");
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("警告："))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].starts_with("content/issues/2026/2026-013.md:"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("还没有反馈给群众"), "{}", warnings[0]);
    assert!(!run.stderr.contains("错误："), "{}", run.stderr);
    assert!(run.stdout.contains("0 个错误，1 个警告"), "{}", run.stdout);
    assert!(out.join("issues/2026-013/index.html").is_file());
}

/// A rebuild keeps the pages whose inputs did not change (without rendering them) and makes
/// the others again: after every kind of change, the output is the one a fresh build makes.
#[test]
fn a_rebuild_is_the_fresh_build_after_every_kind_of_change() {
    let site = one_of_each();
    let out = site.path("public");
    let same_as_fresh = |what: &str| {
        // Twice: each build starts from the tree two builds back (the spare).
        for _ in 0..2 {
            let report = site.build_into(&out, false);
            assert_eq!(report.outcome.errors(), 0, "{what}");
            let fresh = site.root().join(format!("fresh-{}", what.len()));
            let _ = std::fs::remove_dir_all(&fresh);
            // Fresh: every file read (the next rebuild takes up what this one keeps).
            let _ = std::fs::remove_dir_all(site.path(".gongkai-cache"));
            assert_eq!(site.build_into(&fresh, false).reused, 0, "{what}");
            let (got, want) = (tree(&out), tree(&fresh));
            assert_eq!(
                got.keys().collect::<Vec<_>>(),
                want.keys().collect::<Vec<_>>(),
                "{what}"
            );
            for (path, bytes) in &want {
                assert!(
                    got[path] == *bytes,
                    "{what}: {path} differs from a fresh build"
                );
            }
        }
    };
    same_as_fresh("first");
    let changes: [(&str, &dyn Fn()); 7] = [
        // A record's title: its page, its print view, the lists, the resolution linking it.
        ("title", &|| {
            site.issue("2020-013", &issue("2020-013", "村道路灯全部损坏"));
        }),
        // A record's body alone: its page and its print view.
        ("body", &|| {
            let text = std::fs::read_to_string(site.path("content/issues/2020-013.md")).unwrap();
            site.issue("2020-013", &format!("{text}\n新增的一段**说明**。\n"));
        }),
        // A new record: lists, counts, the home page.
        ("new issue", &|| {
            site.issue("2020-014", &issue("2020-014", "水渠堵塞"));
        }),
        // A resolution's outcome shows on the issue's page.
        ("resolution", &|| {
            let text = std::fs::read_to_string(site.path("content/resolutions/2020-R01.md"))
                .unwrap()
                .replace("for: 19, against: 1", "for: 9, against: 11");
            site.resolution("2020-R01", &text);
        }),
        // The site's settings: every page.
        ("site", &|| {
            let text = std::fs::read_to_string(site.path("content/site.yaml")).unwrap();
            assert!(text.contains("title: "));
            site.file("site.yaml", &text.replacen("title: ", "title: 新名", 1));
        }),
        // A theme template: every page made with it.
        ("template", &|| {
            let path = site.path("themes/default/templates/issue.html");
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(
                path,
                "{% extends \"base.html\" %}{% block main %}<h1>改过的模板 {{ issue.title }}</h1>{% endblock main %}",
            )
            .unwrap();
        }),
        // A record removed: its pages go.
        ("removed", &|| {
            std::fs::remove_file(site.path("content/issues/2020-014.md")).unwrap();
        }),
    ];
    for (what, change) in changes {
        change();
        same_as_fresh(what);
    }
    // The changes reached the output (each was compared with a fresh build above).
    let page = String::from_utf8(tree(&out)["issues/2020-013/index.html"].clone()).unwrap();
    assert!(page.contains("改过的模板 村道路灯全部损坏"), "{page}");
    assert!(page.contains("新名"), "{page}");
}
