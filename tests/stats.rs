//! The figures of /stats/ and the home page, and the plan tracker, checked against small
//! fixture sites whose every number is worked out by hand in the comments.

mod common;

use common::*;
use std::path::Path;

fn text_of(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// The part of `html` from the element with `id="…"` to the first `end` after it.
fn block<'a>(html: &'a str, id: &str, end: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no id {id}"));
    let rest = &html[start..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The value shown for a figure of /stats/ (`<dd class="fig-val">…</dd>`).
fn figure(stats: &str, id: &str) -> String {
    let b = block(stats, &format!("figure-{id}"), "</div>");
    let v = b
        .split("<dd class=\"fig-val\">")
        .nth(1)
        .and_then(|r| r.split("</dd>").next())
        .unwrap_or_else(|| panic!("no value for {id}: {b}"));
    v.to_string()
}

/// An issue from a compact timeline: `2020-01-01 raised, 2020-01-06 resolved, …`; an
/// escalation goes to 镇城建办, a decline gives its reason, feedback goes to the raiser.
fn issue_with(id: &str, group: &str, source: &str, timeline: &str) -> String {
    let events: Vec<String> = timeline
        .split(',')
        .map(|e| {
            let (date, kind) = e.trim().split_once(' ').expect("date kind");
            let extra = match kind {
                "escalated" => ", to: 镇城建办",
                "declined" => ", note: 不符合政策",
                "feedback" => ", audience: raiser",
                _ => "",
            };
            format!("  - {{date: {date}, event: {kind}{extra}}}")
        })
        .collect();
    let raised = timeline.trim().split(' ').next().expect("a date");
    format!(
        "---\nid: {id}\ntitle: 事项{id}\nraised: {raised}\nsource: {source}\ngroup: \"{group}\"\ncategory: land\ntimeline:\n{}\n---\n正文。\n",
        events.join("\n")
    )
}

/// Ten issues at as_of 2020-11-13 (SITE_ZH). What each counts for:
///
/// | id | status      | days to resolve | escalated | answered | fed back |
/// |----|-------------|-----------------|-----------|----------|----------|
/// | a  | resolved    | 5               | no        | yes      | yes      |
/// | b  | resolved    | 30              | yes       | yes      | no       |
/// | c  | closed      | 10              | no        | yes      | yes      |
/// | d  | declined    | —               | no        | yes      | yes      |
/// | e  | declined    | —               | no        | yes      | no       |
/// | f  | escalated   | —               | (open)    | no       | no       |
/// | g  | resolved    | 30 (reopened)   | no        | yes      | no       |
/// | h  | closed      | — (never resolved) | no     | no       | no       |
/// | i  | resolved    | 2 (this quarter)| no        | yes      | no       |
/// | j  | received    | —               | (open)    | no       | no       |
///
/// Days sorted 2 5 10 30 30: median 10, 90th percentile rank ⌈4.5⌉ = 5 → 30.
/// Settled (resolved or closed): a b c g h i = 6, in the village 5 (all but b) → 83 %.
/// Feedback: answered a b c d e g i = 7, fed back a c d = 3 → 43 %.
/// Awaiting feedback (answered 14 days or more ago, nothing since): b, e, g = 3.
fn issues_site() -> Site {
    let site = Site::new();
    for (id, group, source, timeline) in [
        ("a", "1", "inspection", "2020-01-01 raised, 2020-01-06 resolved, 2020-01-07 feedback"),
        ("b", "2", "home-visit", "2020-01-10 raised, 2020-01-11 escalated, 2020-02-09 resolved"),
        ("c", "1", "inspection", "2020-02-01 raised, 2020-02-11 resolved, 2020-02-12 feedback, 2020-02-20 closed"),
        ("d", "1", "phone", "2020-02-03 raised, 2020-02-04 declined, 2020-02-05 feedback"),
        ("e", "2", "letter", "2020-03-01 raised, 2020-03-02 declined"),
        ("f", "1", "inspection", "2020-03-05 raised, 2020-03-06 escalated"),
        ("g", "1", "home-visit", "2020-03-10 raised, 2020-03-12 resolved, 2020-03-13 feedback, 2020-03-20 reopened, 2020-04-09 resolved"),
        ("h", "2", "walk-in", "2020-04-01 raised, 2020-04-02 closed"),
        ("i", "2", "online", "2020-11-10 raised, 2020-11-12 resolved"),
        ("j", "1", "walk-in", "2020-11-13 raised"),
    ] {
        site.issue(id, &issue_with(id, group, source, timeline));
    }
    site
}

#[test]
fn stats_shows_the_hand_computed_figures() {
    let site = issues_site();
    let out = site.build_ok();
    let stats = text_of(&out, "stats/index.html");
    for (id, want) in [
        ("total", "10"),
        ("open", "2"),
        ("resolved_quarter", "1"),
        ("awaiting_feedback", "3"),
        ("median_days", "10天"),
        ("p90_days", "30天"),
        ("settled", "83%（5/6）"),
        ("feedback_rate", "43%（3/7）"),
        // No plan: no progress to show.
        ("plan_progress", "—"),
    ] {
        assert_eq!(figure(&stats, id), want, "figure {id}");
    }
    // Each figure says how it is computed, and over how many issues the days are taken.
    assert!(block(&stats, "figure-median_days", "</div>").contains("（共5件）"));
    assert!(block(&stats, "figure-settled", "</div>").contains("从未“上报”"));
    // The figures are dated.
    assert!(stats.contains("数据截至 <time datetime=\"2020-11-13\">2020年11月13日</time>"));
}

/// The rows of a chart's table on /stats/: (label, cells).
fn table_rows(stats: &str, id: &str) -> Vec<(String, Vec<String>)> {
    let section = block(stats, id, "</section>");
    let body = section
        .split("<tbody>")
        .nth(1)
        .and_then(|b| b.split("</tbody>").next())
        .unwrap_or_else(|| panic!("no table in {id}"));
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let strip = |s: &str| {
                let mut out = String::new();
                let mut in_tag = false;
                for c in s.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => out.push(c),
                        _ => {}
                    }
                }
                out.trim().to_string()
            };
            let label = strip(row.split("</th>").next().unwrap_or(""));
            let cells = row
                .split("<td class=\"num\">")
                .skip(1)
                .map(|c| strip(c.split("</td>").next().unwrap_or("")))
                .collect();
            (label, cells)
        })
        .collect()
}

#[test]
fn every_chart_is_also_a_table_with_the_same_counts() {
    let site = issues_site();
    let out = site.build_ok();
    let stats = text_of(&out, "stats/index.html");
    let rows = |id: &str| -> Vec<(String, Vec<String>)> { table_rows(&stats, id) };
    let cell = |id: &str, label: &str| -> Vec<String> {
        rows(id)
            .into_iter()
            .find(|(l, _)| l == label)
            .unwrap_or_else(|| panic!("no row {label} in {id}"))
            .1
    };
    // By status: resolved a b g i, declined d e, closed c h, escalated f, received j.
    assert_eq!(cell("by_status", "已解决"), ["4", "40%"]);
    assert_eq!(cell("by_status", "已答复"), ["2", "20%"]);
    assert_eq!(cell("by_status", "已办结"), ["2", "20%"]);
    assert_eq!(cell("by_status", "已上报"), ["1", "10%"]);
    assert_eq!(cell("by_status", "分析研判"), ["0", "0%"]);
    // By source: inspection a c f, home visit b g, walk-in h j.
    assert_eq!(cell("by_source", "就地查访"), ["3", "30%"]);
    assert_eq!(cell("by_source", "上门家访"), ["2", "20%"]);
    assert_eq!(cell("by_source", "来访"), ["2", "20%"]);
    assert_eq!(cell("by_source", "回访"), ["0", "0%"]);
    // By group, with the households of site.yaml: 1组 a c d f g j, 2组 b e h i.
    assert_eq!(cell("by_group", "1组"), ["6", "40"]);
    assert_eq!(cell("by_group", "2组"), ["4", "30"]);
    // Per month, January to November 2020, empty months included.
    let months = rows("per_month");
    assert_eq!(months.len(), 11);
    assert_eq!(months[0], ("2020年1月".to_string(), vec!["2".to_string()]));
    assert_eq!(months[2].1, ["3"]);
    assert_eq!(months[5].1, ["0"]);
    assert_eq!(
        months[10],
        ("2020年11月".to_string(), vec!["2".to_string()])
    );
    // Settled and fed back, with their shares.
    assert_eq!(cell("settled", "村内解决"), ["5", "83%"]);
    assert_eq!(cell("settled", "上报后解决"), ["1", "17%"]);
    assert_eq!(cell("feedback_rate", "已反馈"), ["3", "43%"]);
    assert_eq!(cell("feedback_rate", "尚未反馈"), ["4", "57%"]);
    // Each chart is an SVG image with its text alternative, next to its table.
    for id in [
        "by_status",
        "by_source",
        "by_group",
        "per_month",
        "settled",
        "feedback_rate",
    ] {
        let section = block(&stats, id, "</section>");
        assert!(section.contains("role=\"img\""), "{id}");
        assert!(section.contains(&format!("<title id=\"{id}-t\">")), "{id}");
        assert!(section.contains(&format!("<desc id=\"{id}-d\">")), "{id}");
        assert!(section.contains("<p class=\"how\">"), "{id} says how");
    }
    // The text alternative states the values.
    let by_group = block(&stats, "by_group", "</section>");
    assert!(by_group.contains("1组 6、2组 4"), "{by_group}");
}

#[test]
fn the_home_page_shows_the_figures_at_a_glance_with_the_lists_behind_them() {
    let site = issues_site();
    let out = site.build_ok();
    let home = text_of(&out, "index.html");
    let tile = |href: &str| -> String {
        let b = block(&home, "h-figures", "</section>");
        let at = b
            .find(&format!("href=\"{href}\""))
            .unwrap_or_else(|| panic!("no link to {href}"));
        b[at..]
            .split("<span class=\"fig-num\">")
            .nth(1)
            .and_then(|r| r.split("</span>").next())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(tile("issues/open/"), "2");
    assert_eq!(tile("issues/resolved-this-quarter/"), "1");
    assert_eq!(tile("issues/awaiting-feedback/"), "3");
    assert!(home.contains("2020年第4季度"));
    // Open issues by status, each linking to its list.
    assert!(home.contains(
        "<a href=\"issues/status/escalated/\"><span class=\"badge status-escalated\">已上报</span> <span class=\"nowrap\">1</span></a>"
    ));
    // The list behind "resolved this quarter" holds i only.
    let list = text_of(&out, "issues/resolved-this-quarter/index.html");
    assert!(list.contains("href=\"../../issues/i/\""));
    for other in ["a", "b", "c", "g"] {
        assert!(
            !list.contains(&format!("href=\"../../issues/{other}/\"")),
            "{other}"
        );
    }
}

/// A five-year plan, its annual plan and two quarters, at as_of 2020-11-13:
///
/// - 2016-2020/roads: milestones 100 (weight 1) and 50 (weight 3, due 2020-06-30, overdue):
///   (100 + 150) / 4 = 62.5, delayed. Carried out by 2020/road-east.
/// - 2016-2020/water: no milestones: 0, planned. Carried out by 2020/water-pipes.
/// - 2016-2020/school: cancelled.
/// - 2020/road-east: 100 and 40 → 70; carried out by 2020-Q3/road-a (100) and 2020-Q4/road-b
///   (20 and 0 → 10): rolled up (70 + 100 + 10) / 3 = 60.
/// - 2020/water-pipes: 30 (weight 2) and 100 (weight 1) → 160 / 3 = 53.33.
/// - 2020/hall: 100.
///
/// Plans: 2020 progress (70 + 53.33 + 100) / 3 = 74.4, rolled up (60 + 53.33 + 100) / 3 = 71.1.
/// 2016-2020: roads rolled up (62.5 + 60) / 2 = 61.25, water 53.33 (its implementer only);
/// progress (62.5 + 0) / 2 = 31.25, rolled up (61.25 + 53.33) / 2 = 57.3.
/// In force on as_of: 2016-2020, 2020 and 2020-Q4; only 2016-2020 has no parent in force, so
/// the overall plan progress is 57 %.
fn plans_site() -> Site {
    let site = Site::new();
    site.plan(
        "2016-2020",
        "---
title: 十三五规划
kind: five-year
start: 2016-01-01
end: 2020-12-31
projects:
  - id: roads
    title: 村道硬化
    budget: 1000
    spent: 400
    milestones:
      - {title: 勘察, due: 2016-06-30, done: 2016-06-01}
      - {title: 施工, due: 2020-06-30, progress: 50, weight: 3}
  - id: water
    title: 自来水改造
  - id: school
    title: 学校
    cancelled: true
    budget: 500
    spent: 20
---
",
    );
    site.plan(
        "2020",
        "---
title: 2020年度计划
kind: annual
start: 2020-01-01
end: 2020-12-31
parent: 2016-2020
projects:
  - id: road-east
    title: 东片村道
    implements: 2016-2020/roads
    milestones:
      - {title: 路基, due: 2020-05-31, done: 2020-05-20}
      - {title: 路面, due: 2020-12-31, progress: 40}
  - id: water-pipes
    title: 自来水管网
    implements: 2016-2020/water
    milestones:
      - {title: 主管, due: 2020-12-31, progress: 30, weight: 2}
      - {title: 设计, due: 2020-03-31, done: 2020-03-30}
  - id: hall
    title: 活动室
    milestones:
      - {title: 装修, due: 2020-04-30, done: 2020-04-30}
---
",
    );
    site.plan(
        "2020-Q4",
        "---
title: 2020年第四季度计划
kind: quarterly
start: 2020-10-01
end: 2020-12-31
parent: \"2020\"
projects:
  - id: road-b
    title: 东片路面
    implements: 2020/road-east
    milestones:
      - {title: 路面一段, due: 2020-10-31, progress: 20}
      - {title: 路面二段, due: 2020-12-15}
---
",
    );
    site.plan(
        "2020-Q3",
        "---
title: 2020年第三季度计划
kind: quarterly
start: 2020-07-01
end: 2020-09-30
parent: \"2020\"
projects:
  - id: road-a
    title: 东片路基收尾
    implements: 2020/road-east
    milestones:
      - {title: 排水沟, due: 2020-07-31, done: 2020-07-20}
      - {title: 压实, due: 2020-08-31, done: 2020-09-10}
---
",
    );
    site
}

#[test]
fn weighted_and_rolled_up_progress_in_the_open_data() {
    let site = plans_site();
    let out = site.build_ok();
    let plans = read_json(&out.join("data/plans.json"));
    let plan = |id: &str| -> serde_json::Value {
        plans
            .as_array()
            .expect("an array")
            .iter()
            .find(|p| p["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no plan {id}"))
    };
    let project = |p: &str, q: &str| -> serde_json::Value {
        plan(p)["projects"]
            .as_array()
            .expect("projects")
            .iter()
            .find(|x| x["id"] == q)
            .cloned()
            .unwrap_or_else(|| panic!("no project {p}/{q}"))
    };
    let num = |v: &serde_json::Value| v.as_f64().expect("a number");
    assert_eq!(num(&project("2016-2020", "roads")["progress"]), 62.5);
    assert_eq!(project("2016-2020", "roads")["status"], "delayed");
    assert_eq!(
        num(&project("2016-2020", "roads")["milestones"][1]["weight"]),
        3.0
    );
    assert_eq!(
        num(&project("2016-2020", "roads")["milestones"][0]["weight"]),
        1.0
    );
    assert_eq!(num(&project("2020", "road-east")["rolled_up"]), 60.0);
    assert_eq!(num(&project("2020", "water-pipes")["progress"]), 53.3);
    assert_eq!(num(&project("2016-2020", "roads")["rolled_up"]), 61.3);
    assert_eq!(num(&project("2016-2020", "water")["progress"]), 0.0);
    assert_eq!(num(&project("2016-2020", "water")["rolled_up"]), 53.3);
    assert_eq!(num(&plan("2020")["progress"]), 74.4);
    assert_eq!(num(&plan("2020")["rolled_up"]), 71.1);
    assert_eq!(num(&plan("2016-2020")["progress"]), 31.3);
    assert_eq!(num(&plan("2016-2020")["rolled_up"]), 57.3);
    // A plan nothing carries out: rolled up = its own progress.
    assert_eq!(num(&plan("2020-Q3")["rolled_up"]), 100.0);
}

#[test]
fn the_tracker_lists_plans_as_a_tree_with_each_projects_state() {
    let site = plans_site();
    let out = site.build_ok();
    let html = text_of(&out, "plans/index.html");
    // Five-year, then its annual plan, then the quarters by start date (Q3 before Q4, though
    // Q4's file was written first).
    let order: Vec<usize> = ["2016-2020", "2020", "2020-Q3", "2020-Q4"]
        .iter()
        .map(|id| {
            html.find(&format!("id=\"plan-{id}\""))
                .unwrap_or_else(|| panic!("no {id}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(html.contains("class=\"plan-block depth-0\" id=\"plan-2016-2020\""));
    assert!(html.contains("class=\"plan-block depth-1\" id=\"plan-2020\""));
    assert!(html.contains("class=\"plan-block depth-2\" id=\"plan-2020-Q3\""));
    // A project: status in words, progress, budget, next milestone with its due date, overdue.
    let roads = block(&html, "plan-2016-2020", "</li>");
    assert!(roads.contains("<span class=\"badge project-delayed\">滞后</span>"));
    assert!(roads.contains("<span class=\"meter-num\">63%</span>"));
    assert!(roads.contains(
        "<span class=\"nowrap\">预算 1000元</span> · <span class=\"nowrap\">已支出 400元</span>"
    ));
    assert!(roads.contains("下一个节点：施工 · 期限 <time datetime=\"2020-06-30\">2020年6月30日</time> <span class=\"flag flag-warn\">逾期</span>"));
    // The five-year plan: own progress and rolled up.
    assert!(
        block(&html, "plan-2016-2020", "</p>\n<p class=\"item-meta\">")
            .contains("汇总进度：<strong>57%</strong>")
    );
    // The timeline: one per plan with no parent, with its as-of line and text alternative.
    let tl = block(&html, "timeline", "</section>");
    assert_eq!(tl.matches("<svg class=\"chart gantt\"").count(), 1);
    assert!(tl.contains("class=\"asof\""));
    assert!(tl.contains("<title id=\"gantt-2016-2020-t\">十三五规划 · 项目时间表</title>"));
    assert!(
        tl.contains("<desc id=\"gantt-2016-2020-d\">十三五规划 · 项目时间表：8个项目（"),
        "{tl}"
    );
    // The annual project sits under the five-year one it carries out, the quarters under it.
    let rows: Vec<usize> = [
        ">2016-2020 · 村道硬化",
        ">2020 · 东片村道",
        ">2020-Q3 · 东片路基收尾",
        ">2020-Q4 · 东片路面",
        ">2016-2020 · 自来水改造",
        ">2020 · 自来水管网",
        ">2016-2020 · 学校",
        ">2020 · 活动室",
    ]
    .iter()
    .map(|r| tl.find(r).unwrap_or_else(|| panic!("no row {r}")))
    .collect();
    assert!(rows.windows(2).all(|w| w[0] < w[1]), "{rows:?}");
}

#[test]
fn a_plan_page_shows_weights_rollup_and_its_timeline() {
    let site = plans_site();
    let out = site.build_ok();
    let five = text_of(&out, "plans/2016-2020/index.html");
    // The weight column appears for the weighted project, with the rule.
    let roads = block(&five, "project-roads", "</article>");
    assert!(roads.contains("<th scope=\"col\" class=\"num\">权重</th>"));
    assert!(roads.contains("<td class=\"num\">3</td>"));
    assert!(roads.contains("Σ（完成度×权重）÷ Σ权重"));
    // The rolled-up progress, from the plans carrying it out.
    let rollup = block(&five, "rollup", "</section>");
    assert!(rollup.contains("自身进度 63% · <strong>汇总进度 61%</strong>"));
    assert!(rollup.contains("2020 · 进行中 · 汇总进度 60%"));
    assert!(rollup.contains("十三五规划：自身进度 31% · 汇总进度 57%"));
    assert!(five.contains("<svg class=\"chart gantt\""));
    assert!(five.contains("<title id=\"gantt-2016-2020-t\">"));
    // The annual plan names the parent projects it carries out.
    let annual = text_of(&out, "plans/2020/index.html");
    let carries = block(&annual, "h-carries", "</section>");
    assert!(carries.contains("村道硬化"));
    assert!(carries.contains("自来水改造"));
    assert!(!carries.contains("活动室"), "hall carries out nothing");
    // Its timeline has the as-of line on 2020-11-13, inside the year.
    let gantt = block(&annual, "gantt-2020-t", "</svg>");
    assert!(gantt.contains("class=\"asof\""));
    assert!(gantt.contains("数据截至 2020年11月13日"));
    assert!(!gantt.contains("→"), "as_of lies inside the span");
}

#[test]
fn a_quarter_shows_what_was_done_what_slipped_and_its_neighbours() {
    let site = plans_site();
    let out = site.build_ok();
    let q3 = text_of(&out, "plans/2020-Q3/index.html");
    let q4 = text_of(&out, "plans/2020-Q4/index.html");
    // Links to the previous and next quarter.
    assert!(q3.contains("<a href=\"../../plans/2020-Q4/\" rel=\"next\">"));
    assert!(!q3.contains("rel=\"prev\""));
    assert!(q4.contains("<a href=\"../../plans/2020-Q3/\" rel=\"prev\">"));
    assert!(!q4.contains("rel=\"next\""));
    // Q3: 排水沟 on time; 压实 done late (due 08-31, done 09-10).
    let done = block(&q3, "q-done", "</ul>");
    assert!(done.contains("排水沟") && !done.contains("压实"));
    let slipped = block(&q3, "q-slipped", "</ul>");
    assert!(slipped.contains("压实") && slipped.contains("延期完成"));
    // Q4: 路面一段 overdue (due 10-31, 20 %), 路面二段 still to come.
    let slipped = block(&q4, "q-slipped", "</ul>");
    assert!(slipped.contains("路面一段") && slipped.contains("逾期"));
    let todo = block(&q4, "q-todo", "</ul>");
    assert!(todo.contains("路面二段"));
    // The work list is the quarter's projects.
    assert!(q4.contains("本季度工作清单"));
}

#[test]
fn overall_plan_progress_on_home_and_stats() {
    let site = plans_site();
    let out = site.build_ok();
    let home = text_of(&out, "index.html");
    // Only 2016-2020 is in force without its parent in force: its rolled-up 57 %.
    assert!(home.contains(
        "<a href=\"plans/2016-2020/\"><span class=\"fig-num\">57%</span> <span class=\"fig-label\">规划进度</span> <span class=\"fig-sub\">十三五规划</span></a>"
    ));
    let stats = text_of(&out, "stats/index.html");
    assert_eq!(figure(&stats, "plan_progress"), "57%");
    // Budget against spending, plan by plan: the cancelled school's budget left out, its
    // spending kept: budget 1000, spent 420.
    let rows = table_rows(&stats, "budget");
    assert_eq!(rows[0].0, "十三五规划");
    assert_eq!(rows[0].1, ["1000元", "420元（42%）"]);
}

#[test]
fn a_milestone_weight_must_be_above_zero() {
    for bad in ["0", "-2"] {
        let site = plans_site();
        site.plan(
            "2016-2020",
            &std::fs::read_to_string(site.path("content/plans/2016-2020.md"))
                .expect("the plan")
                .replace("weight: 3}", &format!("weight: {bad}}}")),
        );
        let o = site.check();
        let e = only_error(&o);
        // `      - {title: 施工, due: 2020-06-30, progress: 50, weight: ` is line 13; the value
        // starts at its 60th character.
        assert_at(e, "content/plans/2016-2020.md", 13, 60);
        assert_says(e, &[&format!("权重 {bad} 不是大于 0 的数")], &["weight: 2"]);
    }
    // Not a number at all: refused when the file is read, at its line.
    let site = plans_site();
    site.plan(
        "2016-2020",
        &std::fs::read_to_string(site.path("content/plans/2016-2020.md"))
            .expect("the plan")
            .replace("weight: 3}", "weight: 很重}"),
    );
    let o = site.check();
    let e = only_error(&o);
    assert_eq!(e.file, "content/plans/2016-2020.md");
    assert_eq!(e.line, 13, "{}", e.display(gongkai::diag::Lang::Zh));
}

#[test]
fn an_english_site_shows_the_figures_in_english() {
    let site = Site::en();
    site.issue(
        "a",
        &issue_with(
            "a",
            "1",
            "inspection",
            "2020-01-01 raised, 2020-01-06 resolved, 2020-01-07 feedback",
        ),
    );
    let out = site.build_ok();
    let stats = text_of(&out, "stats/index.html");
    assert_eq!(figure(&stats, "median_days"), "5 days");
    assert_eq!(figure(&stats, "settled"), "100% (1/1)");
    assert!(stats.contains("Figures as of <time datetime=\"2020-11-13\">13 Nov 2020</time>."));
    let home = text_of(&out, "index.html");
    assert!(home.contains("Q4 2020"));
}
