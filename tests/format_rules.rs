//! The rules of CONTENT-FORMAT.md that tests/bad_input.rs does not pin yet: site.yaml's
//! required fields and references, visit rounds, meeting attendees, plan projects, reserved
//! ids, feedback audiences, file kinds per folder. One case per rule, each asserting the file,
//! the line and column, and the key words of the message and of the fix.

mod common;

use common::*;

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
"#;

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

const PLAN: &str = r#"---
id: 2011-2015
title: 十二五规划
kind: five-year
start: 2011-01-01
end: 2015-12-31
projects:
  - id: road-repair
    title: 村道修复
    milestones:
      - {title: 勘察设计, due: 2011-06-30, done: 2011-06-20}
---
"#;

const VISIT: &str = r#"title: 第一轮走访
start: 2020-01-06
end: 2020-03-31
teams:
  - {name: 第一组, members: [zhang, li], groups: ["1", "2"]}
visited: {"1": 40, "2": 28}
"#;

const PAGE: &str = "---\ntitle: 关于本站\nmenu: true\n---\n本站。\n";

/// The valid site of every kind, with `site_yaml`, and `files` (below content/) on top; a
/// `None` removes the file.
fn site(site_yaml: &str, files: &[(&str, Option<&str>)]) -> Site {
    let site = Site::with_site_yaml(site_yaml);
    let mut all: Vec<(&str, Option<&str>)> = vec![
        ("issues/2020-001.md", Some(ISSUE)),
        ("meetings/2020-03.md", Some(MEETING)),
        ("plans/2011-2015.md", Some(PLAN)),
        ("visits/2020-1.yaml", Some(VISIT)),
        ("pages/about.md", Some(PAGE)),
    ];
    for (rel, text) in files {
        all.retain(|(r, _)| r != rel);
        all.push((rel, *text));
    }
    for (rel, text) in all {
        if let Some(text) = text {
            site.file(rel, text);
        }
    }
    site
}

/// `base` with `from` replaced by `to`; `from` must be there.
fn edit(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "{from:?} is not in the fixture");
    base.replacen(from, to, 1)
}

struct Case {
    what: &'static str,
    site: Site,
    file: &'static str,
    line: usize,
    col: usize,
    words: &'static [&'static str],
    fix: &'static [&'static str],
}

fn site_yaml_edit(from: &str, to: &str) -> Site {
    site(&edit(SITE_ZH, from, to), &[])
}

fn with(rel: &'static str, text: String) -> Site {
    site(SITE_ZH, &[(rel, Some(text.as_str()))])
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            what: "site.yaml needs title",
            site: site_yaml_edit("title: 测试村村务公开\n", ""),
            file: "content/site.yaml",
            line: 1,
            col: 1,
            words: &["缺少必填字段“title”"],
            fix: &["title: …"],
        },
        Case {
            what: "site.yaml needs village",
            site: site_yaml_edit("village: 测试村\n", ""),
            file: "content/site.yaml",
            line: 1,
            col: 1,
            words: &["缺少必填字段“village”"],
            fix: &["village: …"],
        },
        Case {
            what: "site.yaml needs base_url",
            site: site_yaml_edit("base_url: https://example.org/test/\n", ""),
            file: "content/site.yaml",
            line: 1,
            col: 1,
            words: &["缺少必填字段“base_url”"],
            fix: &["base_url: …"],
        },
        Case {
            what: "base_url is a web address",
            site: site_yaml_edit("https://example.org/test/", "example.org/test"),
            file: "content/site.yaml",
            line: 4,
            col: 11,
            words: &["网址“example.org/test”写得不对"],
            fix: &["https://"],
        },
        Case {
            what: "language is zh-CN or en",
            site: site_yaml_edit("language: zh-CN", "language: fr"),
            file: "content/site.yaml",
            line: 3,
            col: 11,
            words: &["不支持的语言“fr”"],
            fix: &["zh-CN", "en"],
        },
        Case {
            what: "as_of is a date",
            site: site_yaml_edit("as_of: 2020-11-13", "as_of: 2020-13-01"),
            file: "content/site.yaml",
            line: 5,
            col: 8,
            words: &["日期“2020-13-01”写得不对"],
            fix: &["2020-03-05"],
        },
        Case {
            what: "a zone's groups exist",
            site: site_yaml_edit("groups: [\"1\", \"2\"]", "groups: [\"1\", \"9\"]"),
            file: "content/site.yaml",
            line: 10,
            col: 40,
            words: &["groups 里没有“9”"],
            fix: &["1, 2"],
        },
        Case {
            what: "an issue id may not be a list name",
            site: site(
                SITE_ZH,
                &[
                    (
                        "issues/2020-001.md",
                        Some(&ISSUE.replace("id: 2020-001", "id: open")),
                    ),
                    (
                        "meetings/2020-03.md",
                        Some(&MEETING.replace("issue: 2020-001", "issue: open")),
                    ),
                ],
            ),
            file: "content/issues/2020-001.md",
            line: 2,
            col: 5,
            words: &["问题编号“open”与问题列表的栏目重名"],
            fix: &["2026-013"],
        },
        Case {
            what: "a page id may not be a section's name",
            site: site(SITE_ZH, &[("pages/issues.md", Some(PAGE))]),
            file: "content/pages/issues.md",
            line: 1,
            col: 1,
            words: &["页面编号“issues”与网站自带的栏目"],
            fix: &["换一个编号"],
        },
        Case {
            what: "feedback names its audience",
            site: with("issues/2020-001.md", edit(ISSUE, ", audience: village", "")),
            file: "content/issues/2020-001.md",
            line: 14,
            col: 5,
            words: &["反馈（feedback）要写明反馈给谁"],
            fix: &["audience: raiser", "audience: village"],
        },
        Case {
            what: "meeting attendees are people",
            site: with("meetings/2020-03.md", edit(MEETING, "[zhang, li]", "[zhang, wang]")),
            file: "content/meetings/2020-03.md",
            line: 5,
            col: 20,
            words: &["people 里没有“wang”"],
            fix: &["zhang, li"],
        },
        Case {
            what: "a meeting needs its date",
            site: with("meetings/2020-03.md", edit(MEETING, "date: 2020-03-06\n", "")),
            file: "content/meetings/2020-03.md",
            line: 2,
            col: 1,
            words: &["缺少必填字段“date”"],
            fix: &["date: …"],
        },
        Case {
            what: "a meeting item names its issue",
            site: with("meetings/2020-03.md", edit(MEETING, "issue: 2020-001, ", "")),
            file: "content/meetings/2020-03.md",
            line: 7,
            col: 5,
            words: &["缺少必填字段“issue”"],
            fix: &["issue: …"],
        },
        Case {
            what: "team members are people",
            site: with("visits/2020-1.yaml", edit(VISIT, "[zhang, li]", "[zhang, wang]")),
            file: "content/visits/2020-1.yaml",
            line: 5,
            col: 34,
            words: &["people 里没有“wang”"],
            fix: &["zhang, li"],
        },
        Case {
            what: "team groups are groups",
            site: with(
                "visits/2020-1.yaml",
                edit(VISIT, "groups: [\"1\", \"2\"]", "groups: [\"1\", \"9\"]"),
            ),
            file: "content/visits/2020-1.yaml",
            line: 5,
            col: 53,
            words: &["groups 里没有“9”"],
            fix: &["1, 2"],
        },
        Case {
            what: "visited households are counted by group",
            site: with("visits/2020-1.yaml", edit(VISIT, "\"2\": 28", "\"9\": 28")),
            file: "content/visits/2020-1.yaml",
            line: 6,
            col: 25,
            words: &["groups 里没有“9”"],
            fix: &["1, 2"],
        },
        Case {
            what: "a round ends no earlier than it starts",
            site: with("visits/2020-1.yaml", edit(VISIT, "end: 2020-03-31", "end: 2019-03-31")),
            file: "content/visits/2020-1.yaml",
            line: 3,
            col: 6,
            words: &["结束日期 2019-03-31 早于开始日期 2020-01-06"],
            fix: &[],
        },
        Case {
            what: "project ids are unique within a plan",
            site: with(
                "plans/2011-2015.md",
                edit(
                    PLAN,
                    "done: 2011-06-20}\n",
                    "done: 2011-06-20}\n  - {id: road-repair, title: 二期}\n",
                ),
            ),
            file: "content/plans/2011-2015.md",
            line: 12,
            col: 10,
            words: &["已经有编号为“road-repair”的项目"],
            fix: &["不能重复"],
        },
        Case {
            what: "a project id is an id",
            site: with("plans/2011-2015.md", edit(PLAN, "id: road-repair", "id: road repair")),
            file: "content/plans/2011-2015.md",
            line: 8,
            col: 9,
            words: &["编号“road repair”不合规定"],
            fix: &["1–64"],
        },
        Case {
            what: "a plan needs its kind",
            site: with("plans/2011-2015.md", edit(PLAN, "kind: five-year\n", "")),
            file: "content/plans/2011-2015.md",
            line: 2,
            col: 1,
            words: &["缺少必填字段“kind”"],
            fix: &["kind: …"],
        },
        Case {
            what: "a plan needs its start",
            site: with("plans/2011-2015.md", edit(PLAN, "start: 2011-01-01\n", "")),
            file: "content/plans/2011-2015.md",
            line: 2,
            col: 1,
            words: &["缺少必填字段“start”"],
            fix: &["start: …"],
        },
        Case {
            what: "a plan ends no earlier than it starts",
            site: with("plans/2011-2015.md", edit(PLAN, "end: 2015-12-31", "end: 2010-12-31")),
            file: "content/plans/2011-2015.md",
            line: 6,
            col: 6,
            words: &["结束日期 2010-12-31 早于开始日期 2011-01-01"],
            fix: &[],
        },
        Case {
            what: "a milestone needs its title",
            site: with("plans/2011-2015.md", edit(PLAN, "title: 勘察设计, ", "")),
            file: "content/plans/2011-2015.md",
            line: 11,
            col: 9,
            words: &["缺少必填字段“title”"],
            fix: &["title: …"],
        },
        Case {
            what: "menu is true or false",
            site: with("pages/about.md", edit(PAGE, "menu: true", "menu: yes please")),
            file: "content/pages/about.md",
            line: 3,
            col: 7,
            words: &["true 或 false", "“yes please”"],
            fix: &["true 或 false"],
        },
        Case {
            what: "draft is true or false",
            site: with(
                "issues/2020-001.md",
                edit(ISSUE, "category: land", "category: land\ndraft: maybe"),
            ),
            file: "content/issues/2020-001.md",
            line: 9,
            col: 8,
            words: &["true 或 false", "“maybe”"],
            fix: &["true 或 false"],
        },
        Case {
            what: "a stated outcome agrees with the steps",
            site: site(
                SITE_ZH,
                &[(
                    "resolutions/R1.md",
                    Some("---\ntitle: x\noutcome: adopted\nsteps:\n  proposal: {date: 2020-06-02}\n---\n"),
                )],
            ),
            file: "content/resolutions/R1.md",
            line: 3,
            col: 10,
            words: &["outcome: adopted", "pending"],
            fix: &["删掉 outcome"],
        },
        Case {
            what: "issues are .md files",
            site: site(SITE_ZH, &[("issues/x.yaml", Some("title: x\n"))]),
            file: "content/issues/x.yaml",
            line: 0,
            col: 0,
            words: &["issues/ 里只能放 .md 文件", "x.yaml"],
            fix: &["改成 .md 记录"],
        },
        Case {
            what: "visit rounds are .yaml files",
            site: site(SITE_ZH, &[("visits/x.md", Some("---\ntitle: x\n---\n"))]),
            file: "content/visits/x.md",
            line: 0,
            col: 0,
            words: &["visits/ 里只能放 .yaml 文件", "x.md"],
            fix: &["改成 .yaml 记录"],
        },
        Case {
            what: "a field is written once",
            site: with("issues/2020-001.md", edit(ISSUE, "zone: east\n", "zone: east\nzone: east\n")),
            file: "content/issues/2020-001.md",
            line: 8,
            col: 1,
            words: &["字段“zone”写了两次"],
            fix: &["只保留一个"],
        },
    ]
}

#[test]
fn the_fixture_is_valid() {
    let o = site(SITE_ZH, &[]).check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
}

#[test]
fn each_rule_is_reported_at_its_place_in_plain_words() {
    for c in cases() {
        let o = c.site.check();
        let e = errors(&o)
            .into_iter()
            .find(|e| e.file == c.file)
            .unwrap_or_else(|| {
                panic!(
                    "{}: no error in {}:\n{}",
                    c.what,
                    c.file,
                    shown(&o.diagnostics)
                )
            });
        assert!(
            e.line == c.line && (c.col == 0 || e.column == c.col),
            "{}: at {}:{}, not {}:{}",
            c.what,
            e.line,
            e.column,
            c.line,
            c.col
        );
        assert_says(e, c.words, c.fix);
    }
}

#[test]
fn a_withdrawn_resolution_needs_no_vote() {
    let s = site(
        SITE_ZH,
        &[(
            "resolutions/R1.md",
            Some("---\ntitle: 撤回\nissues: [2020-001]\noutcome: withdrawn\nsteps:\n  proposal: {date: 2020-06-02}\n---\n"),
        )],
    );
    let o = s.check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
}

#[test]
fn visiting_more_households_than_a_group_has_is_a_warning() {
    let s = with("visits/2020-1.yaml", edit(VISIT, "\"2\": 28", "\"2\": 31"));
    let o = s.check();
    assert_eq!(errors(&o).len(), 0, "{}", shown(&o.diagnostics));
    let w = warnings(&o);
    assert_eq!(w.len(), 1, "{}", shown(&o.diagnostics));
    assert_at(w[0], "content/visits/2020-1.yaml", 6, 25);
    assert_says(w[0], &["走访了 31 户", "多于该组的 30 户"], &["households"]);
}
