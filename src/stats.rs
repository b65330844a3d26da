//! The figures of /stats/ and the home page, as pure functions of the model. Each says in
//! its comment exactly what it counts; docs/theme-context.md repeats it for theme authors and
//! the pages print it under each figure.

use crate::date::Date;
use crate::model::{EventKind, Issue, Plan, Status};

/// The events since the issue was last reopened (the whole timeline if never).
fn since_reopened(i: &Issue) -> &[crate::model::Event] {
    let from = i
        .timeline
        .iter()
        .rposition(|e| e.kind == EventKind::Reopened)
        .map_or(0, |k| k + 1);
    &i.timeline[from..]
}

/// The day an issue was resolved: for an issue whose status is `resolved` or `closed`, the
/// date of its last `resolved` event since it was last reopened. None otherwise (open,
/// declined, or closed without a `resolved` event).
pub fn resolved_on(i: &Issue) -> Option<Date> {
    if !matches!(i.status, Status::Resolved | Status::Closed) {
        return None;
    }
    since_reopened(i)
        .iter()
        .rev()
        .find(|e| e.kind == EventKind::Resolved)
        .map(|e| e.date)
}

/// Answered: status `resolved` or `declined`, or `closed` after a `resolved` or `declined`
/// event (since it was last reopened). These are the issues whose raiser is owed feedback.
pub fn answered(i: &Issue) -> bool {
    match i.status {
        Status::Resolved | Status::Declined => true,
        Status::Closed => since_reopened(i)
            .iter()
            .any(|e| matches!(e.kind, EventKind::Resolved | EventKind::Declined)),
        _ => false,
    }
}

/// Whole days from `raised` to [`resolved_on`].
pub fn days_to_resolve(i: &Issue) -> Option<i64> {
    resolved_on(i).map(|d| i.raised.days_until(d))
}

/// The first day of the calendar quarter holding `d`.
pub fn quarter_start(d: Date) -> Date {
    Date {
        year: d.year,
        month: (d.quarter() - 1) * 3 + 1,
        day: 1,
    }
}

/// Resolved this quarter: [`resolved_on`] falls in the calendar quarter of `as_of`, on or
/// before `as_of`.
pub fn resolved_in_quarter(i: &Issue, as_of: Date) -> bool {
    resolved_on(i).is_some_and(|d| d >= quarter_start(as_of) && d <= as_of)
}

/// The median of sorted values: the middle one, or the mean of the two middle ones.
pub fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    Some(if n % 2 == 1 {
        sorted[n / 2] as f64
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0
    })
}

/// The p-th percentile of sorted values by the nearest-rank method: the smallest value such
/// that at least p % of the values are at or below it (rank ⌈p/100 × n⌉).
pub fn percentile(sorted: &[i64], p: u32) -> Option<i64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = (u64::from(p) * n as u64).div_ceil(100).max(1) as usize;
    Some(sorted[rank.min(n) - 1])
}

/// Days from raised to resolved over every issue that has them ([`days_to_resolve`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ResolveDays {
    /// How many issues the figures are taken over.
    pub count: usize,
    pub median: Option<f64>,
    /// 90th percentile, nearest rank.
    pub p90: Option<i64>,
}

pub fn resolve_days(issues: &[Issue]) -> ResolveDays {
    let mut days: Vec<i64> = issues.iter().filter_map(days_to_resolve).collect();
    days.sort_unstable();
    ResolveDays {
        count: days.len(),
        median: median(&days),
        p90: percentile(&days, 90),
    }
}

/// Settled in the village (大事小事都不出村): among issues whose status is `resolved` or
/// `closed`, those with no `escalated` event anywhere in their timeline, and those with one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Settled {
    pub in_village: usize,
    pub escalated: usize,
}

impl Settled {
    pub fn total(self) -> usize {
        self.in_village + self.escalated
    }
}

pub fn settled(issues: &[Issue]) -> Settled {
    let mut s = Settled::default();
    for i in issues
        .iter()
        .filter(|i| matches!(i.status, Status::Resolved | Status::Closed))
    {
        if i.timeline.iter().any(|e| e.kind == EventKind::Escalated) {
            s.escalated += 1;
        } else {
            s.in_village += 1;
        }
    }
    s
}

/// The feedback rate: of the [`answered`] issues, those fed back (a `feedback` event, to the
/// raiser or the village, since last reopened).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FeedbackRate {
    pub fed_back: usize,
    pub answered: usize,
}

pub fn feedback_rate(issues: &[Issue]) -> FeedbackRate {
    let answered: Vec<&Issue> = issues.iter().filter(|i| answered(i)).collect();
    FeedbackRate {
        fed_back: answered.iter().filter(|i| !i.fed_back.is_empty()).count(),
        answered: answered.len(),
    }
}

/// Issues raised in one calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthCount {
    pub year: i32,
    pub month: u32,
    pub count: usize,
}

/// Issues raised per calendar month, by their `raised` date: every month from the first
/// issue's to the month of `end` (months with none included), at most the last `max` months.
pub fn raised_per_month(issues: &[Issue], end: Date, max: usize) -> Vec<MonthCount> {
    let index = |d: Date| i64::from(d.year) * 12 + i64::from(d.month) - 1;
    let Some(first) = issues.iter().map(|i| i.raised).min() else {
        return Vec::new();
    };
    let last = index(end).max(index(first));
    let from = index(first).max(last - max as i64 + 1);
    (from..=last)
        .map(|k| {
            let (year, month) = (k.div_euclid(12) as i32, (k.rem_euclid(12) + 1) as u32);
            MonthCount {
                year,
                month,
                count: issues
                    .iter()
                    .filter(|i| i.raised.year == year && i.raised.month == month)
                    .count(),
            }
        })
        .collect()
}

/// A plan's money: the budgets of its non-cancelled projects (a cancelled project's budget
/// will not be spent) against what all its projects spent (money spent on a project later
/// cancelled is still spent). Projects with no amount count as 0; `has_amounts` is false
/// when no project states any.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Money {
    pub budget: f64,
    pub spent: f64,
    pub has_amounts: bool,
}

pub fn plan_money(p: &Plan) -> Money {
    let budget = p
        .projects
        .iter()
        .filter(|q| !q.cancelled)
        .filter_map(|q| q.budget)
        .sum();
    let spent = p.projects.iter().filter_map(|q| q.spent).sum();
    let has_amounts = p
        .projects
        .iter()
        .any(|q| q.budget.is_some() || q.spent.is_some());
    Money {
        budget,
        spent,
        has_amounts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, Origin, Project, ProjectStatus, Source};

    fn d(s: &str) -> Date {
        Date::parse(s).expect("a date")
    }

    /// An issue from a compact timeline: "2020-03-05 raised, 2020-03-07 escalated, …".
    fn issue(id: &str, timeline: &str) -> Issue {
        let events: Vec<Event> = timeline
            .split(',')
            .map(|e| {
                let (date, kind) = e.trim().split_once(' ').expect("date kind");
                let kind = EventKind::from_code(kind).expect("an event");
                Event {
                    date: d(date),
                    kind,
                    note: None,
                    meeting: None,
                    to: None,
                    audience: (kind == EventKind::Feedback)
                        .then_some(crate::model::Audience::Raiser),
                    assignee: None,
                }
            })
            .collect();
        let steps: Vec<crate::rules::timeline::Step> = events
            .iter()
            .map(|e| crate::rules::timeline::Step {
                date: e.date,
                kind: e.kind,
                audience: e.audience,
            })
            .collect();
        Issue {
            id: id.into(),
            origin: Origin::default(),
            title: id.into(),
            raised: events[0].date,
            source: Source::Inspection,
            group: "1".into(),
            zone: None,
            category: "other".into(),
            reporter: None,
            assignee: None,
            tags: vec![],
            status: crate::rules::timeline::status(&steps),
            fed_back: crate::rules::timeline::fed_back(&steps),
            feedback_overdue: false,
            last_date: events.last().expect("an event").date,
            timeline: events,
        }
    }

    /// The hand-computed fixture: ten issues, every figure worked out in the comments.
    fn fixture() -> Vec<Issue> {
        vec![
            // Resolved in 5 days, never escalated, fed back.
            issue(
                "a",
                "2020-01-01 raised, 2020-01-06 resolved, 2020-01-07 feedback",
            ),
            // Escalated, resolved in 30 days, not fed back.
            issue(
                "b",
                "2020-01-10 raised, 2020-01-11 escalated, 2020-02-09 resolved",
            ),
            // Resolved in 10 days, fed back, closed.
            issue(
                "c",
                "2020-02-01 raised, 2020-02-11 resolved, 2020-02-12 feedback, 2020-02-20 closed",
            ),
            // Declined: answered, fed back; no resolution days.
            issue(
                "d",
                "2020-02-03 raised, 2020-02-04 declined, 2020-02-05 feedback",
            ),
            // Declined, not fed back.
            issue("e", "2020-03-01 raised, 2020-03-02 declined"),
            // Open (escalated): none of the settled figures.
            issue("f", "2020-03-05 raised, 2020-03-06 escalated"),
            // Resolved, reopened, resolved again: 2020-03-10 → 2020-04-09 = 30 days;
            // the feedback before reopening does not count.
            issue(
                "g",
                "2020-03-10 raised, 2020-03-12 resolved, 2020-03-13 feedback, 2020-03-20 reopened, 2020-04-09 resolved",
            ),
            // Closed without being resolved: settled, not answered, no days.
            issue("h", "2020-04-01 raised, 2020-04-02 closed"),
            // Resolved in 2 days, on 2020-11-12 (this quarter at as_of 2020-11-13).
            issue("i", "2020-11-10 raised, 2020-11-12 resolved"),
            // Received only.
            issue("j", "2020-11-13 raised"),
        ]
    }

    #[test]
    fn days_to_resolve_counts_to_the_last_resolution() {
        let f = fixture();
        let days: Vec<(String, Option<i64>)> = f
            .iter()
            .map(|i| (i.id.clone(), days_to_resolve(i)))
            .collect();
        let want = [
            ("a", Some(5)),
            ("b", Some(30)),
            ("c", Some(10)),
            ("d", None),
            ("e", None),
            ("f", None),
            ("g", Some(30)),
            ("h", None),
            ("i", Some(2)),
            ("j", None),
        ];
        for ((id, got), (wid, w)) in days.iter().zip(want) {
            assert_eq!((id.as_str(), *got), (wid, w));
        }
        // Sorted: 2 5 10 30 30 → median 10; p90 rank ⌈4.5⌉ = 5 → 30.
        assert_eq!(
            resolve_days(&f),
            ResolveDays {
                count: 5,
                median: Some(10.0),
                p90: Some(30)
            }
        );
    }

    #[test]
    fn median_and_nearest_rank_percentile_table() {
        let table: &[(&[i64], Option<f64>, Option<i64>)] = &[
            (&[], None, None),
            (&[7], Some(7.0), Some(7)),
            (&[1, 2], Some(1.5), Some(2)),
            (&[1, 2, 3, 4], Some(2.5), Some(4)),
            // n = 10: p90 rank 9.
            (&[1, 2, 3, 4, 5, 6, 7, 8, 9, 100], Some(5.5), Some(9)),
            // n = 11: p90 rank ⌈9.9⌉ = 10.
            (&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], Some(6.0), Some(10)),
        ];
        for (v, m, p) in table {
            assert_eq!(median(v), *m, "{v:?}");
            assert_eq!(percentile(v, 90), *p, "{v:?}");
        }
        assert_eq!(percentile(&[3, 9], 50), Some(3));
    }

    #[test]
    fn settled_in_the_village_against_escalated() {
        // Settled (resolved or closed): a, b, c, g, h, i. Escalated among them: b only.
        assert_eq!(
            settled(&fixture()),
            Settled {
                in_village: 5,
                escalated: 1
            }
        );
    }

    #[test]
    fn feedback_rate_over_answered_issues() {
        // Answered: a, b, c (closed after resolved), d, e, g, i = 7; h was closed unanswered.
        // Fed back: a, c, d = 3 (g's feedback came before it was reopened).
        assert_eq!(
            feedback_rate(&fixture()),
            FeedbackRate {
                fed_back: 3,
                answered: 7
            }
        );
    }

    #[test]
    fn resolved_this_quarter() {
        let f = fixture();
        let q: Vec<&str> = f
            .iter()
            .filter(|i| resolved_in_quarter(i, d("2020-11-13")))
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(q, ["i"]);
        assert_eq!(quarter_start(d("2020-11-13")), d("2020-10-01"));
        assert_eq!(quarter_start(d("2020-03-31")), d("2020-01-01"));
        // On the first day of the next quarter, nothing is counted yet.
        assert!(!resolved_in_quarter(&f[8], d("2021-01-01")));
        // A resolution dated after as_of is not counted.
        assert!(!resolved_in_quarter(&f[8], d("2020-11-11")));
    }

    #[test]
    fn raised_per_month_includes_empty_months() {
        let f = fixture();
        let got: Vec<(i32, u32, usize)> = raised_per_month(&f, d("2020-11-13"), 24)
            .iter()
            .map(|m| (m.year, m.month, m.count))
            .collect();
        assert_eq!(
            got,
            [
                (2020, 1, 2),
                (2020, 2, 2),
                (2020, 3, 3),
                (2020, 4, 1),
                (2020, 5, 0),
                (2020, 6, 0),
                (2020, 7, 0),
                (2020, 8, 0),
                (2020, 9, 0),
                (2020, 10, 0),
                (2020, 11, 2),
            ]
        );
        // Capped to the last 3 months, across a year's end.
        let got: Vec<(i32, u32)> = raised_per_month(&f, d("2021-01-31"), 3)
            .iter()
            .map(|m| (m.year, m.month))
            .collect();
        assert_eq!(got, [(2020, 11), (2020, 12), (2021, 1)]);
        assert!(raised_per_month(&[], d("2020-01-01"), 24).is_empty());
    }

    fn project(budget: Option<f64>, spent: Option<f64>, cancelled: bool) -> Project {
        Project {
            id: "p".into(),
            title: "p".into(),
            category: None,
            owner: None,
            budget,
            spent,
            issues: vec![],
            implements: None,
            milestones: vec![],
            cancelled,
            progress: 0.0,
            rolled_up: 0.0,
            status: ProjectStatus::Planned,
            overdue: 0,
        }
    }

    #[test]
    fn plan_budget_leaves_out_cancelled_projects_but_not_their_spending() {
        let plan = Plan {
            id: "2020".into(),
            origin: Origin::default(),
            title: "t".into(),
            kind: crate::model::PlanKind::Annual,
            start: None,
            end: None,
            parent: None,
            parent_pos: Default::default(),
            projects: vec![
                project(Some(1000.0), Some(800.0), false),
                project(Some(500.0), None, false),
                project(Some(300.0), Some(12.5), true),
                project(None, None, false),
            ],
            progress: 0.0,
            rolled_up: 0.0,
        };
        assert_eq!(
            plan_money(&plan),
            Money {
                budget: 1500.0,
                spent: 812.5,
                has_amounts: true
            }
        );
    }
}
