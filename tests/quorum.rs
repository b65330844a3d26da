//! Quorum rules: the law's by default, a village's own from site.yaml `quorum:`, chosen by
//! the deciding body (`body:` on the decision step). Boundary tables run through the whole
//! checker: exactly two-thirds present is enough, exactly half in favour is not.

mod common;

use common::*;
use gongkai::pipeline::Outcome;

/// A resolution whose decision step is `decision` (the inside of `{…}`).
fn resolution(decision: &str) -> String {
    format!(
        "---
title: 增加老人生活补助
issues: [2020-001]
steps:
  proposal:     {{date: 2020-06-02, by: 村党总支}}
  deliberation: {{date: 2020-06-05, by: 村两委联席会议}}
  review:       {{date: 2020-06-12, by: 党员大会, members: 52, present: 45, for: 45}}
  decision:     {{date: 2020-06-20, {decision}}}
---
"
    )
}
//  1 ---     4 steps          7 review
//  2 title   5 proposal       8 decision
//  3 issues  6 deliberation   9 ---

fn site(extra_site_yaml: &str, decision: &str) -> Site {
    let s = Site::with_site_yaml(&format!("{SITE_ZH}{extra_site_yaml}"));
    s.issue("2020-001", &issue("2020-001", "老人生活困难"))
        .resolution("2020-R01", &resolution(decision));
    s
}

fn votes(body: &str, members: u32, present: u32, votes_for: u32) -> String {
    format!("by: 会议{body}, members: {members}, present: {present}, for: {votes_for}")
}

/// The derived outcome of the only resolution; the check must be clean.
fn outcome(o: &Outcome) -> String {
    assert_eq!(o.errors(), 0, "{}", shown(&o.diagnostics));
    let m = o.model.as_ref().expect("a model");
    m.resolutions[0].outcome.code().to_string()
}

type Case = (u32, u32, u32, &'static str);

fn run_table(extra: &str, body: &str, table: &[Case]) {
    for &(members, present, votes_for, want) in table {
        let s = site(extra, &votes(body, members, present, votes_for));
        assert_eq!(
            outcome(&s.check()),
            want,
            "{extra:?} {body:?}: members {members}, present {present}, for {votes_for}"
        );
    }
}

#[test]
fn the_representatives_rule_of_the_law_at_its_boundaries() {
    run_table(
        "",
        "",
        &[
            (41, 38, 38, "adopted"),
            (30, 20, 11, "adopted"),  // exactly two-thirds present: enough
            (30, 19, 19, "rejected"), // one short of two-thirds
            (31, 21, 11, "adopted"),  // two-thirds of 31 is 20.67
            (31, 20, 20, "rejected"),
            (30, 20, 10, "rejected"), // exactly half in favour: not more than half
            (30, 21, 11, "adopted"),
            (3, 2, 2, "adopted"),
        ],
    );
}

#[test]
fn a_villagers_meeting_decides_by_its_own_rule() {
    // More than half of the adult villagers present, more than half of those in favour.
    run_table(
        "",
        ", body: villagers",
        &[
            (1200, 601, 301, "adopted"), // the representatives' rule would need 800 present
            (1200, 600, 600, "rejected"), // exactly half the adults present
            (1200, 700, 350, "rejected"), // exactly half of those present in favour
            (1200, 700, 351, "adopted"),
        ],
    );
    // Counted by households: at least two-thirds of them represented.
    run_table(
        "quorum:\n  villagers: {basis: households}\n",
        ", body: villagers",
        &[
            (180, 120, 61, "adopted"),   // exactly two-thirds of the households
            (180, 119, 119, "rejected"), // one household short
            (180, 120, 60, "rejected"),  // exactly half in favour
        ],
    );
}

#[test]
fn a_village_may_ask_more_than_the_law() {
    // Four-fifths present, more than two-thirds of those present in favour.
    let extra = "quorum:\n  representatives: {present: \">= 4/5\", for: \"> 2/3\"}\n";
    run_table(
        extra,
        "",
        &[
            (40, 32, 22, "adopted"),  // exactly four-fifths present; 22/32 > 2/3
            (40, 31, 31, "rejected"), // below four-fifths (the law would adopt it)
            (45, 36, 24, "rejected"), // exactly two-thirds in favour: not more than
            (45, 36, 25, "adopted"),
        ],
    );
    let o = site(extra, &votes("", 40, 32, 22)).check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
    // The page says which rule decided, in words.
    let s = site(extra, &votes("", 40, 32, 22));
    let page = std::fs::read_to_string(s.build_ok().join("resolutions/2020-R01/index.html"))
        .expect("the resolution page");
    assert!(page.contains("出席32/40，恰好五分之四；赞成22，超过三分之二，决议通过"));
    assert!(page.contains("依照本村规定：村民代表会议须有五分之四以上的组成人员到会"));
}

#[test]
fn a_stated_outcome_is_checked_against_the_rule_of_the_body() {
    // 601 of 1200 is a quorum for the villagers' meeting, not for the representatives'.
    let stated = |decision: &str| {
        let s = site("", decision);
        s.resolution(
            "2020-R01",
            &resolution(decision).replacen("steps:", "outcome: adopted\nsteps:", 1),
        );
        s.check()
    };
    let villagers = format!("{}, body: villagers", votes("", 1200, 601, 301));
    assert_eq!(outcome(&stated(&villagers)), "adopted");
    let o = stated(&votes("", 1200, 601, 301));
    let e = only_error(&o);
    assert_says(
        e,
        &["应为 rejected", "出席601/1200，不足三分之二"],
        &["删掉 outcome"],
    );
}

#[test]
fn malformed_rules_are_errors_at_their_line_with_a_fix() {
    // SITE_ZH has 13 lines: `quorum:` is line 14.
    let cases: &[(&str, usize, &[&str], &[&str])] = &[
        (
            "quorum:\n  representatives:\n    present: \"2/3\"\n",
            16,
            &["“2/3”没有写明是“以上”还是“超过”"],
            &[">= 2/3", "> 1/2"],
        ),
        (
            "quorum:\n  representatives:\n    for: \">= 3/2\"\n",
            16,
            &["分数写得不对"],
            &["分子不大于分母"],
        ),
        (
            "quorum:\n  representatives:\n    for: \"> 1/1\"\n",
            16,
            &["永远达不到"],
            &[">= 1/1"],
        ),
        (
            "quorum:\n  party_members:\n    for: \"> 1/2 of everyone\"\n",
            16,
            &["末尾看不懂"],
            &["of members", "of present"],
        ),
        (
            "quorum:\n  representatives:\n    present: \">= 2/3 of present\"\n",
            16,
            &["不能写 of present"],
            &["删掉 of present"],
        ),
        (
            "quorum:\n  villagers:\n    basis: household\n",
            16,
            &["basis 不能是“household”"],
            &["households"],
        ),
        (
            "quorum:\n  representative:\n    present: \">= 2/3\"\n",
            15,
            &["representative"],
            &["representatives"],
        ),
    ];
    for (extra, line, words, fix) in cases {
        let s = site(extra, &votes("", 41, 38, 38));
        let o = s.check();
        let e = only_error(&o);
        assert_at(e, "content/site.yaml", *line, 0);
        assert_says(e, words, fix);
    }
}

#[test]
fn a_rule_below_the_law_is_a_warning() {
    let s = site(
        "quorum:\n  representatives:\n    present: \">= 1/2\"\n",
        &votes("", 40, 20, 11),
    );
    let o = s.check();
    assert_eq!(o.errors(), 0, "{}", shown(&o.diagnostics));
    let w = warnings(&o);
    assert_eq!(w.len(), 1, "{}", shown(&o.diagnostics));
    assert_at(w[0], "content/site.yaml", 16, 0);
    assert_says(
        w[0],
        &["村民代表会议的到会要求“>= 1/2”低于村民委员会组织法的规定"],
        &["不能更宽"],
    );
    // The village's rule still decides: 20 of 40 is at least half.
    assert_eq!(outcome(&o), "adopted");
}

#[test]
fn the_body_is_a_decision_step_field_with_fixed_values() {
    let s = site("", &format!("{}, body: village", votes("", 41, 38, 38)));
    let o = s.check();
    let e = only_error(&o);
    assert_at(e, "content/resolutions/2020-R01.md", 8, 0);
    assert_says(e, &["village"], &["villagers"]);

    let s = site("", &votes("", 41, 38, 38));
    s.resolution(
        "2020-R01",
        &resolution(&votes("", 41, 38, 38)).replace("for: 45}", "for: 45, body: villagers}"),
    );
    let o = s.check();
    let e = only_error(&o);
    assert_at(e, "content/resolutions/2020-R01.md", 7, 0);
    assert_says(e, &["body 只能写在决议（decision）步骤上"], &["删掉这一行"]);

    let s = site("", &votes("", 0, 0, 0));
    let e = only_error(&s.check()).clone();
    assert_says(&e, &["应到人数是 0"], &["核对"]);
}

#[test]
fn the_page_says_reviewed_for_the_review_and_resolved_for_the_decision() {
    let s = site("", &votes("", 30, 20, 11));
    let out = s.build_ok();
    let page = std::fs::read_to_string(out.join("resolutions/2020-R01/index.html"))
        .expect("the resolution page");
    assert!(
        page.contains("出席45/52，超过半数；赞成45，超过应到人数的半数，审议通过"),
        "{page}"
    );
    assert!(page.contains("出席20/30，恰好三分之二；赞成11，超过半数，决议通过"));
    assert!(!page.contains("审议通过，决议通过"));
    assert!(page.contains("依照村民委员会组织法第二十六条"));
    assert!(page.contains("依照《中国共产党支部工作条例（试行）》第十一条"));
    // The deciding body is named.
    assert!(page.contains("村民代表会议"));

    // The same in English.
    let s = Site::with_site_yaml(SITE_EN);
    s.issue("2020-001", &issue("2020-001", "Old people's allowance"))
        .resolution("2020-R01", &resolution(&votes("", 30, 20, 10)));
    let out = s.build_ok();
    let page = std::fs::read_to_string(out.join("resolutions/2020-R01/index.html"))
        .expect("the resolution page");
    assert!(page.contains(
        "45 of 52 present, more than half; 45 in favour, more than half of the members: passed the review"
    ));
    assert!(page
        .contains("20 of 30 present, exactly two-thirds; 10 in favour, exactly half: not adopted"));
}
