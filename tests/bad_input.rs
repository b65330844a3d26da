//! One test per kind of bad input of CONTENT-FORMAT.md: each pins the place (file:line:column)
//! and the key words of the message and of the fix, as the clerk reads them.
//!
//! Every case starts from the same small valid site (`valid_site`) and spoils one thing.

mod common;

use common::*;
use gongkai::diag::Lang;

const ISSUE_FILE: &str = "content/issues/2020-001.md";
const MEETING_FILE: &str = "content/meetings/2020-03.md";
const RESOLUTION_FILE: &str = "content/resolutions/2020-R01.md";
const PLAN_FILE: &str = "content/plans/2011-2015.md";
const ANNUAL_FILE: &str = "content/plans/2012.md";
const VISIT_FILE: &str = "content/visits/2020-1.yaml";

// Line numbers are counted in the whole file, the opening `---` being line 1.
const ISSUE: &str = r#"---
id: 2020-001
title: 村道路灯损坏
raised: 2020-03-05
source: inspection
group: "1"
zone: east
category: land
assignee: li
timeline:
  - {date: 2020-03-05, event: raised}
  - {date: 2020-03-06, event: analysed, meeting: 2020-03}
  - {date: 2020-03-10, event: resolved}
  - {date: 2020-03-12, event: feedback, audience: village}
---
正文第一行。
正文第二行。
"#;
//  1 ---
//  2 id            5 source        8 category     11 raised event   14 feedback event
//  3 title         6 group         9 assignee     12 analysed       15 ---
//  4 raised        7 zone         10 timeline     13 resolved       16 body line 1

const MEETING: &str = r#"---
title: 3月例会
date: 2020-03-06
kind: analysis
attendees: [zhang, li]
items:
  - {issue: 2020-001, action: 上门劝导, assignee: li, due: 2020-03-20}
---
纪要。
"#;

const RESOLUTION: &str = r#"---
title: 增加老人生活补助
issues: [2020-001]
budget: 36900
steps:
  proposal:     {date: 2020-06-02, by: 村党总支}
  deliberation: {date: 2020-06-05, by: 村两委联席会议}
  review:       {date: 2020-06-12, by: 党员大会, members: 52, present: 45, for: 45, against: 0, abstain: 0}
  decision:     {date: 2020-06-20, by: 村民代表会议, members: 41, present: 38, for: 38, against: 0, abstain: 0}
published:
  decision: {date: 2020-06-21, where: 村务公开栏}
  result:   {date: 2020-09-30, where: 村务公开栏}
implementation: done
---
"#;
//  1 ---           5 steps          9 decision step    13 implementation
//  2 title         6 proposal      10 published
//  3 issues        7 deliberation  11 published decision
//  4 budget        8 review        12 published result

const PLAN: &str = r#"---
id: 2011-2015
title: 十二五规划
kind: five-year
start: 2011-01-01
end: 2015-12-31
projects:
  - id: road-repair
    title: 村道修复
    category: infrastructure
    owner: li
    budget: 1200000
    spent: 800000
    issues: [2020-001]
    milestones:
      - {title: 勘察设计, due: 2011-06-30, done: 2011-06-20}
      - {title: 一期施工, due: 2012-03-31, progress: 60}
---
"#;
//  7 projects   8 id   10 category   12 budget   13 spent   14 issues   16, 17 milestones

const ANNUAL: &str = r#"---
title: 2012年度计划
kind: annual
start: 2012-01-01
end: 2012-12-31
parent: 2011-2015
projects:
  - {id: road, title: 村道一期, implements: 2011-2015/road-repair}
---
"#;

const VISIT: &str = r#"title: 第一轮走访
start: 2020-01-06
end: 2020-03-31
teams:
  - {name: 第一组, members: [zhang, li], groups: ["1", "2"]}
visited: {"1": 40, "2": 28}
"#;

/// `base` with the first `from` replaced by `to`; `from` must be there.
fn edit(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "{from:?} is not in the fixture");
    base.replacen(from, to, 1)
}

/// A small site of every record kind, all valid and linked.
fn valid_site_with(site: Site) -> Site {
    site.issue("2020-001", ISSUE)
        .meeting("2020-03", MEETING)
        .resolution("2020-R01", RESOLUTION)
        .plan("2011-2015", PLAN)
        .plan("2012", ANNUAL)
        .visit("2020-1", VISIT)
        .page(
            "about",
            "---\ntitle: 关于本站\nmenu: true\n---\n本站公开测试村的村务。\n",
        );
    site
}

fn valid_site() -> Site {
    valid_site_with(Site::new())
}

/// The valid site with its issue replaced.
fn with_issue(text: &str) -> Site {
    let site = valid_site();
    site.issue("2020-001", text);
    site
}

fn with_issue_edit(from: &str, to: &str) -> Site {
    with_issue(&edit(ISSUE, from, to))
}

fn with_resolution_edit(from: &str, to: &str) -> Site {
    let site = valid_site();
    site.resolution("2020-R01", &edit(RESOLUTION, from, to));
    site
}

fn with_plan_edit(from: &str, to: &str) -> Site {
    let site = valid_site();
    site.plan("2011-2015", &edit(PLAN, from, to));
    site
}

fn with_meeting_edit(from: &str, to: &str) -> Site {
    let site = valid_site();
    site.meeting("2020-03", &edit(MEETING, from, to));
    site
}

#[test]
fn the_valid_site_has_no_problem_at_all() {
    let o = valid_site().check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
    assert_eq!(
        (
            o.counts.issues,
            o.counts.meetings,
            o.counts.resolutions,
            o.counts.plans,
            o.counts.visits,
            o.counts.pages
        ),
        (1, 1, 1, 2, 1, 1)
    );
}

// ---------------------------------------------------------------------------------------
// The file as a whole.

fn case_yaml_syntax() -> Site {
    with_issue_edit("title: 村道路灯损坏", "title: 路灯: 坏了")
}

#[test]
fn a_yaml_syntax_error_points_at_the_line_and_says_what_to_check() {
    let o = case_yaml_syntax().check();
    let e = only_error(&o);
    // `title: 路灯: 坏了`: the second colon, column 10.
    assert_at(e, ISSUE_FILE, 3, 10);
    assert_says(e, &["YAML 格式有误"], &["冒号", "引号"]);
}

fn case_unclosed_bracket() -> Site {
    with_issue_edit(
        "  - {date: 2020-03-06, event: analysed, meeting: 2020-03}",
        "  - {date: 2020-03-06, event: analysed, meeting: 2020-03",
    )
}

#[test]
fn an_unclosed_bracket_is_a_yaml_error_near_its_line() {
    let o = case_unclosed_bracket().check();
    let e = only_error(&o);
    // The parser notices on the next line; the fix says to look at the line above too.
    assert_at(e, ISSUE_FILE, 13, 5);
    assert_says(e, &["YAML 格式有误"], &["上一行"]);
}

fn case_tab_indent() -> Site {
    with_issue_edit(
        "  - {date: 2020-03-10, event: resolved}",
        "\t- {date: 2020-03-10, event: resolved}",
    )
}

#[test]
fn a_tab_in_the_indentation_is_a_yaml_error_on_its_line() {
    let o = case_tab_indent().check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 13, 1);
    assert_says(e, &["YAML 格式有误"], &["Tab"]);
}

fn case_no_front_matter() -> Site {
    with_issue(ISSUE.trim_start_matches("---\n"))
}

#[test]
fn a_record_without_its_opening_dashes_is_refused_at_line_1() {
    let o = case_no_front_matter().check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 1, 1);
    assert_says(e, &["没有以 --- 开头"], &["第一行写 ---"]);
}

fn case_no_closing_dashes() -> Site {
    with_issue(&ISSUE.replace("---\n正文", "正文"))
}

#[test]
fn a_record_without_its_closing_dashes_is_refused() {
    let o = case_no_closing_dashes().check();
    let e = only_error(&o);
    assert_eq!(e.file, ISSUE_FILE);
    assert_says(e, &["结束字段部分的 --- 行"], &["加一行 ---"]);
}

// ---------------------------------------------------------------------------------------
// Fields.

fn case_unknown_field() -> Site {
    with_issue_edit("title: 村道路灯损坏", "titel: 村道路灯损坏")
}

#[test]
fn an_unknown_field_names_the_closest_valid_one() {
    let o = case_unknown_field().check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 3, 1);
    assert_says(e, &["不认识的字段“titel”"], &["是不是“title”"]);
}

fn case_unknown_nested_field() -> Site {
    with_issue_edit(
        "{date: 2020-03-10, event: resolved}",
        "{date: 2020-03-10, evnet: resolved}",
    )
}

#[test]
fn an_unknown_field_of_a_timeline_event_is_found_on_its_line() {
    let o = case_unknown_nested_field().check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 13, 24);
    assert_says(e, &["不认识的字段“evnet”", "timeline"], &["是不是“event”"]);
}

#[test]
fn an_unknown_field_of_site_yaml_names_the_closest_valid_one() {
    let site = valid_site_with(Site::with_site_yaml(
        &SITE_ZH.replace("village:", "vilage:"),
    ));
    let o = site.check();
    let e = errors(&o)
        .into_iter()
        .find(|e| e.file == "content/site.yaml")
        .expect("an error in site.yaml");
    assert_at(e, "content/site.yaml", 2, 1);
    assert_says(e, &["不认识的字段“vilage”"], &["是不是“village”"]);
}

fn missing(field_line: &str) -> Site {
    with_issue_edit(field_line, "")
}

#[test]
fn each_missing_required_field_of_an_issue_is_named() {
    for (line, field) in [
        ("title: 村道路灯损坏\n", "title"),
        ("raised: 2020-03-05\n", "raised"),
        ("source: inspection\n", "source"),
        ("group: \"1\"\n", "group"),
        ("category: land\n", "category"),
    ] {
        let o = missing(line).check();
        let e = only_error(&o);
        // The field is absent: the place is the start of the fields, line 2.
        assert_at(e, ISSUE_FILE, 2, 1);
        assert_says(
            e,
            &[&format!("缺少必填字段“{field}”")],
            &[&format!("{field}: …")],
        );
    }
}

fn case_no_timeline() -> Site {
    let text = ISSUE.split("timeline:").next().expect("fields").to_string() + "---\n正文。\n";
    with_issue(&text)
}

#[test]
fn a_missing_timeline_is_named_with_an_example() {
    let o = case_no_timeline().check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 2, 1);
    assert_says(e, &["缺少 timeline"], &["event: raised"]);
}

#[test]
fn a_missing_title_of_every_record_kind_is_named() {
    let cases: Vec<(&str, Site)> = vec![
        (MEETING_FILE, with_meeting_edit("title: 3月例会\n", "")),
        (
            RESOLUTION_FILE,
            with_resolution_edit("title: 增加老人生活补助\n", ""),
        ),
        (PLAN_FILE, with_plan_edit("title: 十二五规划\n", "")),
        (VISIT_FILE, {
            let site = valid_site();
            site.visit("2020-1", &edit(VISIT, "title: 第一轮走访\n", ""));
            site
        }),
    ];
    for (file, site) in cases {
        let o = site.check();
        let e = only_error(&o);
        assert_eq!(e.file, file);
        assert_says(e, &["缺少必填字段“title”"], &["title: …"]);
    }
    // A project's title is required too; its place is the project.
    let o = with_plan_edit("    title: 村道修复\n", "").check();
    let e = only_error(&o);
    assert_at(e, PLAN_FILE, 8, 5);
    assert_says(e, &["缺少必填字段“title”"], &[]);
}

// ---------------------------------------------------------------------------------------
// Code values.

fn case_misspelt_source() -> Site {
    with_issue_edit("source: inspection", "source: inspecton")
}

#[test]
fn a_misspelt_source_names_the_closest_code() {
    let o = case_misspelt_source().check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 5, 9);
    assert_says(
        e,
        &["“source”不能是“inspecton”"],
        &["是不是“inspection”", "home-visit"],
    );
}

#[test]
fn misspelt_codes_of_every_kind_name_the_closest_code() {
    let cases: Vec<(Site, &str, usize, usize, &str, &str)> = vec![
        // (site, file, line, column, wrong, right)
        (
            with_issue_edit("event: analysed", "event: analysd"),
            ISSUE_FILE,
            12,
            31,
            "analysd",
            "analysed",
        ),
        (
            with_issue_edit("audience: village", "audience: vilage"),
            ISSUE_FILE,
            14,
            51,
            "vilage",
            "village",
        ),
        (
            with_meeting_edit("kind: analysis", "kind: comittee"),
            MEETING_FILE,
            4,
            7,
            "comittee",
            "committee",
        ),
        (
            with_plan_edit("kind: five-year", "kind: fiveyear"),
            PLAN_FILE,
            4,
            7,
            "fiveyear",
            "five-year",
        ),
        (
            with_resolution_edit("implementation: done", "implementation: don"),
            RESOLUTION_FILE,
            13,
            17,
            "don",
            "done",
        ),
        (
            with_resolution_edit(
                "implementation: done",
                "implementation: done\noutcome: adoptd",
            ),
            RESOLUTION_FILE,
            14,
            10,
            "adoptd",
            "adopted",
        ),
    ];
    for (site, file, line, col, wrong, right) in cases {
        let o = site.check();
        let e = only_error(&o);
        assert_at(e, file, line, col);
        assert_says(
            e,
            &[&format!("不能是“{wrong}”")],
            &[&format!("是不是“{right}”")],
        );
    }
}

// ---------------------------------------------------------------------------------------
// Ids.

fn case_invalid_id() -> Site {
    with_issue_edit("id: 2020-001", "id: 2020 001")
}

#[test]
fn an_invalid_id_says_what_an_id_may_hold() {
    let o = case_invalid_id().check();
    // The resolution, meeting and project pointing at 2020-001 now dangle too; the id
    // error itself is on line 2.
    let e = errors(&o)
        .into_iter()
        .find(|e| e.file == ISSUE_FILE)
        .expect("an error in the issue");
    assert_at(e, ISSUE_FILE, 2, 5);
    assert_says(e, &["编号“2020 001”不合规定"], &["1–64", "2020-013"]);
}

#[test]
fn an_invalid_file_name_used_as_id_is_refused() {
    let site = valid_site();
    site.issue(
        "路灯 坏了",
        &ISSUE.replace("id: 2020-001\n", "").replace("2020-001", "x"),
    );
    let o = site.check();
    let e = errors(&o)
        .into_iter()
        .find(|e| e.file == "content/issues/路灯 坏了.md")
        .expect("an error for the file");
    assert_at(e, "content/issues/路灯 坏了.md", 0, 0);
    assert_says(
        e,
        &["文件名“路灯 坏了”不能当编号用"],
        &["改名", "2020-013.md", "id:"],
    );
}

#[test]
fn a_page_named_like_a_file_of_the_site_is_one_error() {
    // feed.xml.md: its id `feed.xml` is both taken by the feed and not a valid id; one
    // mistake, one error.
    let site = valid_site();
    site.page("feed.xml", "---\ntitle: 订阅\n---\n");
    let o = site.check();
    let e = only_error(&o);
    assert_at(e, "content/pages/feed.xml.md", 0, 0);
    assert_says(e, &["文件名“feed.xml”不能当编号用"], &["改名", "id:"]);
    // A valid id taken by a section is still named as such.
    let site = valid_site();
    site.page("issues", "---\ntitle: 问题\n---\n");
    let o = site.check();
    assert_says(only_error(&o), &["“issues”", "重名"], &["about-issues"]);
}

fn case_duplicate_id() -> Site {
    let site = valid_site();
    site.file(
        "issues/2021/other.md",
        &edit(ISSUE, "title: 村道路灯损坏", "title: 另一个问题"),
    );
    site
}

#[test]
fn a_duplicate_id_across_two_files_names_the_first_file() {
    let o = case_duplicate_id().check();
    let e = only_error(&o);
    assert_at(e, "content/issues/2021/other.md", 2, 5);
    assert_says(
        e,
        &["问题编号“2020-001”已被 content/issues/2020-001.md 使用"],
        &["没用过的编号"],
    );
}

// ---------------------------------------------------------------------------------------
// Dates and money.

#[test]
fn an_impossible_date_is_refused_where_it_is_written() {
    let o = with_issue_edit(
        "{date: 2020-03-10, event: resolved}",
        "{date: 2020-02-30, event: resolved}",
    )
    .check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 13, 12);
    assert_says(e, &["日期“2020-02-30”写得不对"], &["2020-03-05"]);
}

#[test]
fn a_date_with_slashes_is_refused_with_the_right_form() {
    let o = with_issue_edit("raised: 2020-03-05", "raised: 2020/03/05").check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 4, 9);
    assert_says(e, &["日期“2020/03/05”写得不对"], &["年-月-日"]);
}

fn case_three_decimals() -> Site {
    with_plan_edit("budget: 1200000", "budget: 1200000.555")
}

#[test]
fn money_with_three_decimals_is_refused() {
    let o = case_three_decimals().check();
    let e = only_error(&o);
    assert_at(e, PLAN_FILE, 12, 13);
    assert_says(e, &["1200000.555", "小数超过两位"], &["两位小数"]);
    // Two decimals are fine.
    let o = with_plan_edit("budget: 1200000", "budget: 1200000.55").check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
}

#[test]
fn spending_over_budget_is_a_warning_and_the_build_goes_on() {
    let site = with_plan_edit("spent: 800000", "spent: 1300000");
    let o = site.check();
    assert_eq!(o.errors(), 0, "{}", shown(&o.diagnostics));
    let w = warnings(&o);
    assert_eq!(w.len(), 1, "{}", shown(&o.diagnostics));
    assert_at(w[0], PLAN_FILE, 13, 12);
    assert_says(
        w[0],
        &["村道修复", "1300000", "超过预算 1200000"],
        &["核对金额"],
    );
    let run = site.run_build(&[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("content/plans/2011-2015.md:13:12: 警告："),
        "{}",
        run.stderr
    );
    assert!(site.path("public/plans/2011-2015/index.html").is_file());
}

// ---------------------------------------------------------------------------------------
// References.

fn case_dangling_group() -> Site {
    with_issue_edit("group: \"1\"", "group: \"9\"")
}

#[test]
fn references_to_site_yaml_list_the_ids_that_exist() {
    let cases: Vec<(Site, usize, usize, &str, &str)> = vec![
        // (site, line, column, message words, fix words)
        (case_dangling_group(), 6, 8, "groups 里没有“9”", "1, 2"),
        (
            with_issue_edit("zone: east", "zone: west"),
            7,
            7,
            "zones 里没有“west”",
            "east",
        ),
        (
            with_issue_edit("category: land", "category: lnd"),
            8,
            11,
            "categories 里没有“lnd”",
            "是不是“land”",
        ),
        (
            with_issue_edit("assignee: li", "assignee: wang"),
            9,
            11,
            "people 里没有“wang”",
            "zhang, li",
        ),
    ];
    for (site, line, col, words, fix) in cases {
        let o = site.check();
        let e = only_error(&o);
        assert_at(e, ISSUE_FILE, line, col);
        assert_says(e, &[words], &[fix, "site.yaml"]);
    }
}

#[test]
fn an_id_written_twice_in_site_yaml_is_one_error_not_a_cascade() {
    // Group 2 renumbered "1" by mistake: the zone, the visit round and the issue that refer
    // to group 2 are not reported as well.
    let yaml = SITE_ZH.replace("{id: \"2\", name: 2组", "{id: \"1\", name: 2组");
    let o = valid_site_with(Site::with_site_yaml(&yaml)).check();
    let e = only_error(&o);
    assert_at(e, "content/site.yaml", 8, 10);
    assert_says(e, &["groups 里“1”出现了两次"], &["只能用一次", "groups"]);
    let yaml = SITE_ZH.replace("{id: li, name: 李明", "{id: zhang, name: 李明");
    let o = valid_site_with(Site::with_site_yaml(&yaml)).check();
    let e = only_error(&o);
    assert_at(e, "content/site.yaml", 13, 10);
    assert_says(
        e,
        &["people 里“zhang”出现了两次"],
        &["只能用一次", "people"],
    );
}

#[test]
fn references_between_records_list_the_ids_that_exist() {
    let annual = |from: &str, to: &str| {
        let site = valid_site();
        site.plan("2012", &edit(ANNUAL, from, to));
        site
    };
    let cases: Vec<(Site, &str, usize, usize, &str, &str)> = vec![
        // A meeting in a timeline.
        (
            with_issue_edit("meeting: 2020-03}", "meeting: 2020-04}"),
            ISSUE_FILE,
            12,
            50,
            "找不到编号为“2020-04”的会议",
            "2020-03",
        ),
        // An issue in a resolution, a meeting and a project.
        (
            with_resolution_edit("issues: [2020-001]", "issues: [2020-002]"),
            RESOLUTION_FILE,
            3,
            10,
            "找不到编号为“2020-002”的问题",
            "2020-001",
        ),
        (
            with_meeting_edit("issue: 2020-001", "issue: 2020-011"),
            MEETING_FILE,
            7,
            13,
            "找不到编号为“2020-011”的问题",
            "2020-001",
        ),
        (
            with_plan_edit("issues: [2020-001]", "issues: [2020-010]"),
            PLAN_FILE,
            14,
            14,
            "找不到编号为“2020-010”的问题",
            "2020-001",
        ),
        // A meeting of a resolution step.
        (
            with_resolution_edit("by: 村党总支}", "by: 村党总支, meeting: 2020-3}"),
            RESOLUTION_FILE,
            6,
            55,
            "找不到编号为“2020-3”的会议",
            "2020-03",
        ),
        // A plan's parent, and the project it implements.
        (
            annual("parent: 2011-2015", "parent: 2011-2016"),
            ANNUAL_FILE,
            6,
            9,
            "找不到编号为“2011-2016”的规划",
            "2011-2015",
        ),
        (
            annual(
                "implements: 2011-2015/road-repair",
                "implements: 2011-2015/road",
            ),
            ANNUAL_FILE,
            8,
            41,
            "找不到编号为“2011-2015/road”的项目",
            "2011-2015/road-repair",
        ),
    ];
    for (site, file, line, col, words, fix) in cases {
        let o = site.check();
        let e = only_error(&o);
        assert_at(e, file, line, col);
        assert_says(e, &[words], &[fix]);
    }
}

// ---------------------------------------------------------------------------------------
// The timeline grammar.

#[test]
fn timeline_grammar_errors_point_at_the_offending_event() {
    let cases: Vec<(Site, usize, usize, &str, &str)> = vec![
        // The first event is not `raised`.
        (
            with_issue_edit("{date: 2020-03-05, event: raised}", "{date: 2020-03-05, event: analysed}"),
            11,
            31,
            "第一条必须是 raised",
            "event: raised",
        ),
        // The raised date differs from `raised:`.
        (with_issue_edit("{date: 2020-03-05, event: raised}", "{date: 2020-03-04, event: raised}"), 11, 12, "和 raised: 2020-03-05 不一致", "同一个日期"),
        // A date goes backwards.
        (with_issue_edit("{date: 2020-03-10, event: resolved}", "{date: 2020-03-01, event: resolved}"), 13, 12, "比上一条（2020-03-06）早", "检查日期"),
        // Feedback before resolved or declined.
        (
            with_issue_edit("{date: 2020-03-10, event: resolved}", "{date: 2020-03-10, event: in-progress}"),
            14,
            31,
            "只能在解决（resolved）或答复（declined）之后",
            "先记上 resolved 或 declined",
        ),
        // Something after closed.
        (
            with_issue_edit(
                "  - {date: 2020-03-12, event: feedback, audience: village}",
                "  - {date: 2020-03-12, event: feedback, audience: village}\n  - {date: 2020-03-13, event: closed}\n  - {date: 2020-03-14, event: analysed}",
            ),
            16,
            31,
            "之后只能是 reopened",
            "reopened",
        ),
        // Escalated without `to`.
        (with_issue_edit("{date: 2020-03-06, event: analysed, meeting: 2020-03}", "{date: 2020-03-06, event: escalated}"), 12, 5, "上报给哪个部门", "to:"),
        // Declined without `note`.
        (with_issue_edit("{date: 2020-03-10, event: resolved}", "{date: 2020-03-10, event: declined}"), 13, 5, "要写明理由", "note:"),
    ];
    for (site, line, col, words, fix) in cases {
        let o = site.check();
        let e = only_error(&o);
        assert_at(e, ISSUE_FILE, line, col);
        assert_says(e, &[words], &[fix]);
    }
}

#[test]
fn a_misspelt_event_does_not_make_the_events_after_it_look_out_of_order() {
    // `resolvd` is reported; the feedback after it is not also called premature.
    let o = with_issue_edit("event: resolved}", "event: resolvd}").check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 13, 31);
    assert_says(e, &["不能是“resolvd”"], &["是不是“resolved”"]);
}

#[test]
fn a_record_with_an_error_is_not_also_reported_missing_where_it_is_referenced() {
    // The issue, the meeting and the five-year plan are each referred to by other files;
    // their own errors are the only ones reported.
    let site = valid_site();
    site.issue("2020-001", &edit(ISSUE, "category: land", "category: lnd"));
    site.meeting(
        "2020-03",
        &edit(MEETING, "date: 2020-03-06", "date: 2020-03-32"),
    );
    site.plan("2011-2015", &edit(PLAN, "kind: five-year", "kind: 5-year"));
    let o = site.check();
    let files: Vec<&str> = errors(&o).iter().map(|e| e.file.as_str()).collect();
    assert_eq!(
        files,
        [ISSUE_FILE, MEETING_FILE, PLAN_FILE],
        "{}",
        shown(&o.diagnostics)
    );
}

#[test]
fn a_reopened_issue_may_follow_closed() {
    let o = with_issue_edit(
        "  - {date: 2020-03-12, event: feedback, audience: village}",
        "  - {date: 2020-03-12, event: feedback, audience: village}\n  - {date: 2020-03-13, event: closed}\n  - {date: 2020-03-14, event: reopened}\n  - {date: 2020-03-15, event: resolved}\n  - {date: 2020-03-16, event: feedback, audience: raiser}",
    )
    .check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
}

#[test]
fn an_unanswered_loop_is_a_warning_after_feedback_days() {
    // Resolved on 2020-03-10 and never fed back; as_of 2020-11-13 is long after.
    let site = with_issue_edit(
        "  - {date: 2020-03-12, event: feedback, audience: village}\n",
        "",
    );
    let o = site.check();
    assert_eq!(o.errors(), 0, "{}", shown(&o.diagnostics));
    let w = warnings(&o);
    assert_eq!(w.len(), 1, "{}", shown(&o.diagnostics));
    assert_at(w[0], ISSUE_FILE, 13, 5);
    assert_says(
        w[0],
        &["已解决超过 14 天", "还没有反馈"],
        &["event: feedback"],
    );
    // 13 days after the answer it is not yet due.
    let o = site.check_as_of("2020-03-23");
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
}

// ---------------------------------------------------------------------------------------
// Resolutions.

#[test]
fn a_step_without_the_earlier_step_is_refused() {
    let o = with_resolution_edit(
        "  review:       {date: 2020-06-12, by: 党员大会, members: 52, present: 45, for: 45, against: 0, abstain: 0}\n",
        "",
    )
    .check();
    let e = only_error(&o);
    assert_at(e, RESOLUTION_FILE, 8, 17);
    assert_says(
        e,
        &["决议（decision）", "缺少前面的审议（review）"],
        &["提议→商议→审议→决议"],
    );
}

#[test]
fn steps_dated_backwards_are_refused() {
    let o = with_resolution_edit(
        "review:       {date: 2020-06-12",
        "review:       {date: 2020-06-04",
    )
    .check();
    let e = only_error(&o);
    assert_at(e, RESOLUTION_FILE, 8, 24);
    assert_says(
        e,
        &["审议（review）的日期 2020-06-04 早于商议（deliberation）的 2020-06-05"],
        &["不能倒退"],
    );
}

#[test]
fn steps_written_in_another_order_are_read_in_the_order_of_the_four_steps() {
    // The order of the lines does not matter; the dates still must not go backwards.
    let text = edit(
        RESOLUTION,
        "  proposal:     {date: 2020-06-02, by: 村党总支}\n  deliberation: {date: 2020-06-05, by: 村两委联席会议}\n",
        "  deliberation: {date: 2020-06-01, by: 村两委联席会议}\n  proposal:     {date: 2020-06-02, by: 村党总支}\n",
    );
    let site = valid_site();
    site.resolution("2020-R01", &text);
    let o = site.check();
    let e = only_error(&o);
    assert_at(e, RESOLUTION_FILE, 6, 24);
    assert_says(
        e,
        &["商议（deliberation）的日期 2020-06-01 早于提议（proposal）的 2020-06-02"],
        &[],
    );
}

#[test]
fn votes_that_do_not_add_up_are_refused() {
    let o = with_resolution_edit(
        "present: 38, for: 38, against: 0, abstain: 0",
        "present: 38, for: 30, against: 6, abstain: 3",
    )
    .check();
    let e = only_error(&o);
    assert_at(e, RESOLUTION_FILE, 9, 79);
    assert_says(e, &["合计 39", "多于实到人数 38"], &["核对会议记录"]);

    let o = with_resolution_edit("members: 41, present: 38", "members: 41, present: 42").check();
    let e = errors(&o);
    let e = e
        .iter()
        .find(|e| e.message.contains("多于应到人数"))
        .expect("present over members");
    assert_at(e, RESOLUTION_FILE, 9, 70);
    assert_says(e, &["实到人数 42 多于应到人数 41"], &[]);
}

fn case_outcome_contradicts_vote() -> Site {
    // 20 of 41 present: 3×20 = 60 < 82, no quorum.
    let site = valid_site();
    site.resolution(
        "2020-R01",
        &edit(
            &edit(RESOLUTION, "present: 38, for: 38", "present: 20, for: 20"),
            "implementation: done",
            "implementation: done\noutcome: adopted",
        ),
    );
    site
}

#[test]
fn a_stated_outcome_that_contradicts_the_vote_is_refused_with_the_arithmetic() {
    let o = case_outcome_contradicts_vote().check();
    let e = only_error(&o);
    assert_at(e, RESOLUTION_FILE, 14, 10);
    assert_says(
        e,
        &[
            "outcome: adopted",
            "应为 rejected",
            "出席20/41，不足三分之二",
        ],
        &["删掉 outcome"],
    );
    // `withdrawn` is always allowed.
    let site = valid_site();
    site.resolution(
        "2020-R01",
        &edit(
            RESOLUTION,
            "implementation: done",
            "implementation: done\noutcome: withdrawn",
        ),
    );
    assert!(site.check().diagnostics.is_empty());
}

#[test]
fn a_publication_before_the_decision_is_refused() {
    let o =
        with_resolution_edit("decision: {date: 2020-06-21", "decision: {date: 2020-06-19").check();
    let e = only_error(&o);
    assert_at(e, RESOLUTION_FILE, 11, 20);
    assert_says(
        e,
        &["公开日期 2020-06-19 早于决议日期 2020-06-20"],
        &["核对日期"],
    );
}

// ---------------------------------------------------------------------------------------
// Plans.

#[test]
fn milestone_progress_outside_0_to_100_is_refused() {
    for (value, col) in [("120", 50), ("-5", 50)] {
        let o = with_plan_edit("progress: 60}", &format!("progress: {value}}}")).check();
        let e = only_error(&o);
        assert_at(e, PLAN_FILE, 17, col);
        assert_says(
            e,
            &[&format!("进度 {value} 不在 0 到 100 之间")],
            &["progress: 60"],
        );
    }
}

// ---------------------------------------------------------------------------------------
// Personal numbers.

#[test]
fn a_mobile_number_in_a_title_is_refused_at_its_column_and_masked() {
    let o = with_issue_edit("title: 村道路灯损坏", "title: 王某电话13812345678").check();
    let e = only_error(&o);
    // `title: ` is 7 characters; the number starts after 王某电话, at column 12.
    assert_at(e, ISSUE_FILE, 3, 12);
    assert_says(
        e,
        &["手机号码", "138****5678"],
        &["private:", "public_numbers"],
    );
    assert!(
        !e.message.contains("13812345678"),
        "the message repeats the number: {}",
        e.message
    );
}

#[test]
fn a_mobile_number_in_the_body_is_refused_at_its_line_and_column() {
    let o = with_issue_edit("正文第二行。", "请联系 13812345678 反映").check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 17, 5);
    assert_says(e, &["138****5678"], &["private:"]);
}

#[test]
fn a_mobile_number_under_private_is_fine() {
    let o = with_issue_edit(
        "assignee: li\n",
        "assignee: li\nprivate: {contact: \"13812345678\", note: 电话13812345678}\n",
    )
    .check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
}

#[test]
fn a_number_listed_in_public_numbers_is_fine() {
    let yaml = SITE_ZH.replace("as_of:", "public_numbers: [\"138-1234-5678\"]\nas_of:");
    let site = valid_site_with(Site::with_site_yaml(&yaml));
    site.issue(
        "2020-001",
        &edit(ISSUE, "正文第二行。", "村委会值班手机 13812345678"),
    );
    let o = site.check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
}

#[test]
fn a_number_listed_in_public_numbers_is_fine_on_a_free_page_too() {
    // Regression: free pages were checked as if public_numbers were empty.
    let yaml = SITE_ZH.replace("as_of:", "public_numbers: [\"13812345678\"]\nas_of:");
    let site = valid_site_with(Site::with_site_yaml(&yaml));
    site.page(
        "duty",
        "---\ntitle: 值班电话\n---\n村委会值班手机 13812345678\n",
    );
    let o = site.check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
    // And an unlisted one on a page is refused.
    site.page(
        "duty",
        "---\ntitle: 值班电话\n---\n村委会值班手机 13912345678\n",
    );
    let o = site.check();
    let e = only_error(&o);
    assert_at(e, "content/pages/duty.md", 4, 9);
    assert_says(e, &["139****5678"], &[]);
}

#[test]
fn a_personal_number_in_site_yaml_is_refused() {
    let site = valid_site_with(Site::with_site_yaml(
        &SITE_ZH.replace("role: 村委会主任", "role: 村委会主任13812345678"),
    ));
    let o = site.check();
    let e = only_error(&o);
    assert_at(e, "content/site.yaml", 13, 35);
    assert_says(e, &["138****5678"], &[]);
}

#[test]
fn resident_id_and_bank_card_numbers_are_refused_too() {
    let o = with_issue_edit("正文第二行。", "身份证 11010519491231002X").check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 17, 5);
    assert_says(e, &["身份证号码", "1101**********002X"], &[]);
    let o = with_meeting_edit("纪要。", "补贴打到卡号 4111111111111111").check();
    let e = only_error(&o);
    assert_at(e, MEETING_FILE, 9, 8);
    assert_says(e, &["银行卡号"], &[]);
}

// ---------------------------------------------------------------------------------------
// Files.

fn case_unexpected_file() -> Site {
    let site = valid_site();
    site.file("issues/notes.txt", "随手记的笔记");
    site
}

#[test]
fn an_unexpected_file_in_a_record_folder_is_refused() {
    let o = case_unexpected_file().check();
    let e = only_error(&o);
    assert_at(e, "content/issues/notes.txt", 0, 0);
    assert_says(
        e,
        &["只能放 .md 文件", "notes.txt"],
        &["移出 content/issues/", "_"],
    );
}

#[test]
fn editor_leftovers_are_ignored() {
    let site = valid_site();
    for name in [
        ".#2020-001.md",
        "2020-001.md~",
        "_draft.md",
        ".2020-001.md.swp",
        "x.tmp",
    ] {
        site.file(&format!("issues/{name}"), "not even front matter: [");
    }
    site.file("issues/_drafts/half.md", "still not front matter");
    let o = site.check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
    assert_eq!(o.counts.issues, 1);
}

fn case_huge_file() -> Site {
    let site = valid_site();
    let mut text = edit(ISSUE, "id: 2020-001", "id: 2020-002").into_bytes();
    text.extend(std::iter::repeat_n(b'x', 5 * 1024 * 1024));
    site.bytes("issues/2020-002.md", &text);
    site
}

#[test]
fn a_file_over_5_mb_is_refused() {
    let o = case_huge_file().check();
    let e = only_error(&o);
    assert_at(e, "content/issues/2020-002.md", 0, 0);
    assert_says(e, &["文件太大", "5 MB"], &["content/static/"]);
}

fn case_not_utf8() -> Site {
    let site = valid_site();
    // 村道 in GBK on line 3.
    let mut bytes = b"---\nid: 2020-002\ntitle: ".to_vec();
    bytes.extend([0xB4, 0xE5, 0xB5, 0xC0]);
    bytes.extend(b"\n---\n");
    site.bytes("issues/2020-002.md", &bytes);
    site
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_its_line() {
    let o = case_not_utf8().check();
    let e = only_error(&o);
    assert_at(e, "content/issues/2020-002.md", 3, 0);
    assert_says(e, &["不是 UTF-8"], &["UTF-8"]);
}

#[test]
fn a_bom_and_crlf_file_is_read_with_its_lines_right() {
    let crlf = |s: &str| format!("\u{feff}{}", s.replace('\n', "\r\n"));
    // Valid: no problem at all.
    let site = valid_site();
    site.issue("2020-001", &crlf(ISSUE));
    let o = site.check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
    let out = site.build_ok();
    let issues = read_json(&out.join("data/issues.json"));
    assert_eq!(
        issues[0]["title"], "村道路灯损坏",
        "no BOM or CR in the title"
    );
    // A BOM alone, the lines ending as they should.
    site.issue("2020-001", &format!("\u{feff}{ISSUE}"));
    let o = site.check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));

    // Spoilt: the BOM does not shift the line or the column.
    site.issue(
        "2020-001",
        &crlf(&edit(ISSUE, "source: inspection", "source: inspecton")),
    );
    let e_front = site.check();
    assert_at(only_error(&e_front), ISSUE_FILE, 5, 9);
    site.issue(
        "2020-001",
        &crlf(&edit(ISSUE, "正文第二行。", "电话13812345678")),
    );
    let e_body = site.check();
    assert_at(only_error(&e_body), ISSUE_FILE, 17, 3);
    // site.yaml with a BOM and CRLF too.
    let site = valid_site_with(Site::with_site_yaml(&crlf(SITE_ZH)));
    let o = site.check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
}

#[test]
fn a_draft_is_checked_like_any_record() {
    let o = with_issue_edit("source: inspection", "source: inspecton\ndraft: true").check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 5, 9);
}

// ---------------------------------------------------------------------------------------
// The run as a whole.

#[test]
fn all_problems_of_all_files_are_reported_in_one_run() {
    let site = valid_site();
    site.issue(
        "2020-001",
        &edit(ISSUE, "source: inspection", "source: inspecton"),
    );
    site.meeting(
        "2020-03",
        &edit(MEETING, "kind: analysis", "kind: comittee"),
    );
    site.plan(
        "2011-2015",
        &edit(
            &edit(PLAN, "budget: 1200000", "budget: 1200000.555"),
            "progress: 60}",
            "progress: 160}",
        ),
    );
    site.file("visits/notes.txt", "x");
    let o = site.check();
    let places: Vec<(String, usize)> = errors(&o)
        .iter()
        .map(|e| (e.file.clone(), e.line))
        .collect();
    assert_eq!(
        places,
        vec![
            (ISSUE_FILE.to_string(), 5),
            (MEETING_FILE.to_string(), 4),
            (PLAN_FILE.to_string(), 12),
            (PLAN_FILE.to_string(), 17),
            ("content/visits/notes.txt".to_string(), 0),
        ],
        "{}",
        shown(&o.diagnostics)
    );
    let run = site.run_check(&[]);
    assert_eq!(run.code, 1, "{run:?}");
    for place in [
        "content/issues/2020-001.md:5:9: 错误：",
        "content/meetings/2020-03.md:4:7: 错误：",
        "content/plans/2011-2015.md:12:13: 错误：",
        "content/plans/2011-2015.md:17:",
        "content/visits/notes.txt: 错误：",
    ] {
        assert!(
            run.stderr.contains(place),
            "{place} not in:\n{}",
            run.stderr
        );
    }
    assert!(run.stdout.contains("5 个错误"), "{}", run.stdout);
    // The build reports the same and writes nothing.
    let run = site.run_build(&[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("content/visits/notes.txt: 错误："),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());
}

#[test]
fn check_in_json_gives_tools_every_field() {
    let run = case_misspelt_source().run_check(&["--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(v["errors"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["file"], ISSUE_FILE);
    assert_eq!(d["line"], 5);
    assert_eq!(d["column"], 9);
    assert_eq!(d["severity"], "error");
    assert!(
        d["hint"].as_str().unwrap_or("").contains("inspection"),
        "{d}"
    );
}

#[test]
fn messages_are_in_english_when_the_site_says_language_en() {
    let site = valid_site_with(Site::en());
    site.issue(
        "2020-001",
        &edit(
            &edit(ISSUE, "source: inspection", "source: inspecton"),
            "title: 村道路灯损坏",
            "titel: Street light broken",
        ),
    );
    let o = site.check();
    assert_eq!(o.lang, Lang::En);
    let e = only_error(&o); // the unknown field stops the file before the other checks
    assert_says(e, &["unknown field `titel`"], &["did you mean `title`?"]);

    site.issue(
        "2020-001",
        &edit(ISSUE, "source: inspection", "source: inspecton"),
    );
    site.meeting("2020-03", &edit(MEETING, "assignee: li", "assignee: wang"));
    let run = site.run_check(&[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .contains("content/issues/2020-001.md:5:9: error: `inspecton` is not a valid source"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("fix: did you mean `inspection`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: there is no `wang` under `people` in site.yaml"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("2 errors"), "{}", run.stdout);
    let chinese = run
        .stderr
        .chars()
        .chain(run.stdout.chars())
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '：');
    assert!(
        !chinese,
        "Chinese words in an English site's messages:\n{}{}",
        run.stderr, run.stdout
    );
}

// ---------------------------------------------------------------------------------------
// Wrong kinds of value, and the words of every message.

fn case_wrong_types() -> Vec<Site> {
    vec![
        with_issue_edit("title: 村道路灯损坏", "title: [村道, 路灯]"),
        with_issue_edit("timeline:\n", "timeline: 有\nold_timeline:\n"),
        with_issue_edit("assignee: li", "assignee: li\ndraft: yes"),
        with_resolution_edit("members: 41", "members: -3"),
        with_resolution_edit("members: 41", "members: 四十一"),
        with_resolution_edit("budget: 36900", "budget: 三万"),
        with_resolution_edit("steps:\n", "steps: [proposal]\nold_steps:\n"),
        with_plan_edit("progress: 60}", "progress: 60%}"),
        {
            let site = valid_site();
            site.visit("2020-1", &edit(VISIT, "\"2\": 28", "\"2\": many"));
            site
        },
        valid_site_with(Site::with_site_yaml(
            &SITE_ZH.replace("households: 40", "households: 四十"),
        )),
        valid_site_with(Site::with_site_yaml(
            &SITE_EN.replace("households: 40", "households: -40"),
        )),
    ]
}

#[test]
fn a_value_of_the_wrong_kind_says_what_was_expected() {
    let o = with_resolution_edit("members: 41", "members: 四十一").check();
    let e = only_error(&o);
    assert_at(e, RESOLUTION_FILE, 9, 57);
    assert_says(e, &["应该是一个不小于 0 的整数", "四十一"], &["38"]);
    let o = with_issue_edit("timeline:\n", "timeline: 有\nold_timeline:\n").check();
    let e = errors(&o).into_iter().next().expect("an error");
    assert_says(e, &["列表"], &["- "]);
}

#[test]
fn no_message_ever_shows_a_rust_type_name() {
    let mut sites: Vec<Site> = vec![
        case_yaml_syntax(),
        case_unclosed_bracket(),
        case_tab_indent(),
        case_no_front_matter(),
        case_no_closing_dashes(),
        case_unknown_field(),
        case_unknown_nested_field(),
        case_no_timeline(),
        case_misspelt_source(),
        case_invalid_id(),
        case_duplicate_id(),
        case_three_decimals(),
        case_dangling_group(),
        case_outcome_contradicts_vote(),
        case_unexpected_file(),
        case_huge_file(),
        case_not_utf8(),
    ];
    sites.extend(case_wrong_types());
    let forbidden = [
        "struct",
        "Option",
        "u32",
        "u64",
        "i64",
        "f64",
        "usize",
        "String",
        "serde",
        "Raw",
        "Text",
        "enum",
        "sequence",
        "invalid type",
        "at line",
    ];
    let mut seen = 0;
    for site in sites {
        {
            let o = site.check();
            assert!(o.errors() > 0, "a bad-input case found nothing");
            for d in &o.diagnostics {
                seen += 1;
                let words = format!("{}\n{}", d.message, d.hint.clone().unwrap_or_default());
                for f in forbidden {
                    assert!(
                        !words.contains(f),
                        "{f:?} shown to a clerk: {}",
                        d.display(o.lang)
                    );
                }
                assert!(
                    d.hint.is_some() || d.message.len() > 10,
                    "{}",
                    d.display(o.lang)
                );
            }
        }
    }
    assert!(seen >= 28, "{seen} diagnostics");
}

// ---------------------------------------------------------------------------------------
// Usage errors exit with 2.

#[test]
fn a_malformed_as_of_on_the_command_line_exits_2() {
    let site = valid_site();
    for run in [
        site.run_check(&["--as-of", "2020/03/05"]),
        site.run_build(&["--as-of", "2020-02-30"]),
    ] {
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
    }
    assert!(!site.path("public").exists());
}

#[test]
fn as_of_on_the_command_line_overrides_site_yaml() {
    // Resolved 2020-03-10, not fed back: due a warning from 2020-03-24 on.
    let site = with_issue_edit(
        "  - {date: 2020-03-12, event: feedback, audience: village}\n",
        "",
    );
    let early = site.run_check(&["--as-of", "2020-03-23"]);
    assert_eq!(early.code, 0, "{early:?}");
    assert!(
        early.stdout.contains("0 个错误，0 个警告"),
        "{}",
        early.stdout
    );
    let late = site.run_check(&["--as-of", "2020-03-24"]);
    assert_eq!(late.code, 0, "{late:?}");
    assert!(
        late.stderr.contains("content/issues/2020-001.md:13:"),
        "{}",
        late.stderr
    );
    assert!(
        late.stdout.contains("0 个错误，1 个警告"),
        "{}",
        late.stdout
    );
}

#[test]
fn an_end_before_the_start_says_to_check_both_dates() {
    let o = with_plan_edit("end: 2015-12-31", "end: 2010-12-31").check();
    let e = errors(&o)
        .into_iter()
        .find(|e| e.message.contains("早于开始日期"))
        .expect("the end-before-start error");
    assert_at(e, PLAN_FILE, 6, 6);
    assert_says(
        e,
        &["结束日期 2010-12-31 早于开始日期 2011-01-01"],
        &["同一天或更晚", "start", "end"],
    );
    let site = valid_site();
    site.visit("2020-1", &edit(VISIT, "end: 2020-03-31", "end: 2019-12-31"));
    let o = site.check();
    let e = errors(&o)
        .into_iter()
        .find(|e| e.message.contains("早于开始日期"))
        .expect("the end-before-start error");
    assert_at(e, VISIT_FILE, 3, 6);
    assert_says(e, &["2019-12-31", "2020-01-06"], &["同一天或更晚"]);
}

#[test]
fn a_key_written_twice_is_reported_where_it_is_written_again() {
    let o = with_issue_edit(
        "source: inspection\n",
        "source: inspection\nsource: phone\n",
    )
    .check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 6, 1);
    assert_says(e, &["字段“source”写了两次"], &["只保留一个"]);
    // Inside a timeline event, at the second `event`.
    let line = "  - {date: 2020-03-05, event: raised, event: raised}";
    let o = with_issue_edit("  - {date: 2020-03-05, event: raised}", line).check();
    let e = errors(&o)
        .into_iter()
        .find(|e| e.file == ISSUE_FILE)
        .expect("an error in the issue");
    assert_at(e, ISSUE_FILE, 11, line.rfind("event").unwrap() + 1);
    assert_says(e, &["“event”写了两次"], &["只保留一个"]);
    // In site.yaml.
    let site = valid_site_with(Site::with_site_yaml(&format!(
        "{SITE_ZH}village: 又一个村\n"
    )));
    let o = site.check();
    let e = only_error(&o);
    assert_at(e, "content/site.yaml", 14, 1);
    assert_says(e, &["“village”写了两次"], &[]);
}

#[test]
fn a_key_written_twice_in_a_map_of_the_clerks_own_keys_is_an_error_not_a_silent_choice() {
    // A visit round's households by group: `{"1": 40, "1": 28}` would keep one of the two.
    let site = valid_site();
    let line = r#"visited: {"1": 40, "1": 28}"#;
    site.visit(
        "2020-1",
        &edit(VISIT, r#"visited: {"1": 40, "2": 28}"#, line),
    );
    let o = site.check();
    let e = errors(&o)
        .into_iter()
        .find(|e| e.message.contains("写了两次"))
        .expect("the repeated key");
    assert_at(e, VISIT_FILE, 6, line.rfind("\"1\"").unwrap() + 1);
    assert_says(e, &["“1”写了两次", "visited"], &["只保留一个“1”"]);
    // Under private: the same, and the message shows the key, never the values.
    let o = with_issue_edit(
        "source: inspection\n",
        "source: inspection\nprivate: {note: 甲, note: 乙乙乙}\n",
    )
    .check();
    let e = only_error(&o);
    assert_at(e, ISSUE_FILE, 6, 20);
    assert_says(e, &["“note”写了两次", "private"], &[]);
    assert!(!e.message.contains("乙乙乙") && !e.hint.as_deref().unwrap_or("").contains("乙乙乙"));
}
