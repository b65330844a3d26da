//! An issue's timeline: its grammar, and the status and feedback derived from it.

use crate::date::Date;
use crate::model::{Audience, EventKind, Status};

/// What is wrong with one event of a timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The first event is not `raised`.
    FirstNotRaised,
    /// The first event's date differs from the issue's `raised` date.
    RaisedDateDiffers,
    /// `raised` again after the first event.
    RaisedAgain,
    /// Dated earlier than the event before it.
    DateBackwards,
    /// `feedback` with no `resolved` or `declined` before it (since the last `reopened`).
    FeedbackTooEarly,
    /// Something other than `reopened` after `closed`.
    AfterClosed,
}

/// One event as the rules see it: kind, date and, for feedback, the audience.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    pub kind: EventKind,
    pub date: Date,
    pub audience: Option<Audience>,
}

/// Checks the order of events. Returns (event index, problem) pairs.
pub fn check(events: &[Step], raised: Option<Date>) -> Vec<(usize, Problem)> {
    let mut problems = Vec::new();
    let mut answered = false; // a resolved or declined stands, not reopened since
    let mut closed = false;
    for (i, e) in events.iter().enumerate() {
        if i == 0 {
            if e.kind != EventKind::Raised {
                problems.push((0, Problem::FirstNotRaised));
            } else if raised.is_some_and(|r| r != e.date) {
                problems.push((0, Problem::RaisedDateDiffers));
            }
        } else {
            if e.date < events[i - 1].date {
                problems.push((i, Problem::DateBackwards));
            }
            if e.kind == EventKind::Raised {
                problems.push((i, Problem::RaisedAgain));
            }
        }
        if closed && e.kind != EventKind::Reopened {
            problems.push((i, Problem::AfterClosed));
        }
        match e.kind {
            EventKind::Resolved | EventKind::Declined => answered = true,
            EventKind::Reopened => {
                answered = false;
                closed = false;
            }
            EventKind::Closed => closed = true,
            EventKind::Feedback if !answered => problems.push((i, Problem::FeedbackTooEarly)),
            _ => {}
        }
    }
    problems
}

fn status_of(kind: EventKind) -> Option<Status> {
    Some(match kind {
        EventKind::Raised => Status::Received,
        EventKind::Analysed => Status::Analysing,
        EventKind::Assigned | EventKind::InProgress | EventKind::Reopened => Status::InProgress,
        EventKind::Escalated => Status::Escalated,
        EventKind::Resolved => Status::Resolved,
        EventKind::Declined => Status::Declined,
        EventKind::Closed => Status::Closed,
        EventKind::Feedback => return None,
    })
}

/// The status set by the last event that sets one; `received` for an empty timeline.
pub fn status(events: &[Step]) -> Status {
    events
        .iter()
        .rev()
        .find_map(|e| status_of(e.kind))
        .unwrap_or(Status::Received)
}

/// The audiences fed back since the issue was last reopened, in a stable order.
pub fn fed_back(events: &[Step]) -> Vec<Audience> {
    let since = events
        .iter()
        .rposition(|e| e.kind == EventKind::Reopened)
        .map_or(0, |i| i + 1);
    let mut out: Vec<Audience> = events[since..]
        .iter()
        .filter(|e| e.kind == EventKind::Feedback)
        .filter_map(|e| e.audience)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// True when the issue is resolved or declined, nothing was fed back since, and that answer
/// is `feedback_days` or more before `as_of`.
pub fn feedback_overdue(events: &[Step], as_of: Date, feedback_days: u32) -> bool {
    let Some(last) = events.iter().rposition(|e| status_of(e.kind).is_some()) else {
        return false;
    };
    let set_by = events[last];
    if !matches!(set_by.kind, EventKind::Resolved | EventKind::Declined) {
        return false;
    }
    let fed = events[last..].iter().any(|e| e.kind == EventKind::Feedback);
    !fed && set_by.date.days_until(as_of) >= i64::from(feedback_days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use EventKind::*;

    fn d(day: u32) -> Date {
        Date {
            year: 2020,
            month: 3,
            day,
        }
    }

    fn steps(kinds: &[(EventKind, u32)]) -> Vec<Step> {
        kinds
            .iter()
            .map(|&(kind, day)| Step {
                kind,
                date: d(day),
                audience: (kind == Feedback).then_some(Audience::Village),
            })
            .collect()
    }

    #[test]
    fn status_is_the_last_status_setting_event() {
        let table: &[(&[(EventKind, u32)], Status)] = &[
            (&[(Raised, 1)], Status::Received),
            (&[(Raised, 1), (Analysed, 2)], Status::Analysing),
            (&[(Raised, 1), (Assigned, 2)], Status::InProgress),
            (&[(Raised, 1), (InProgress, 2)], Status::InProgress),
            (&[(Raised, 1), (Escalated, 2)], Status::Escalated),
            (&[(Raised, 1), (Resolved, 2)], Status::Resolved),
            (
                &[(Raised, 1), (Resolved, 2), (Feedback, 3)],
                Status::Resolved,
            ),
            (
                &[(Raised, 1), (Declined, 2), (Feedback, 3)],
                Status::Declined,
            ),
            (&[(Raised, 1), (Resolved, 2), (Closed, 3)], Status::Closed),
            (
                &[(Raised, 1), (Closed, 2), (Reopened, 3)],
                Status::InProgress,
            ),
            (&[], Status::Received),
        ];
        for (events, want) in table {
            assert_eq!(status(&steps(events)), *want, "{events:?}");
        }
    }

    #[test]
    fn grammar_table() {
        type Case<'a> = (&'a [(EventKind, u32)], &'a [(usize, Problem)]);
        let table: &[Case] = &[
            (
                &[(Raised, 1), (Analysed, 2), (Resolved, 3), (Feedback, 4)],
                &[],
            ),
            (&[(Analysed, 1)], &[(0, Problem::FirstNotRaised)]),
            (&[(Raised, 2)], &[(0, Problem::RaisedDateDiffers)]),
            (
                &[(Raised, 1), (Analysed, 3), (Resolved, 2)],
                &[(2, Problem::DateBackwards)],
            ),
            (&[(Raised, 1), (Raised, 2)], &[(1, Problem::RaisedAgain)]),
            (
                &[(Raised, 1), (Feedback, 2)],
                &[(1, Problem::FeedbackTooEarly)],
            ),
            (
                &[(Raised, 1), (Resolved, 2), (Reopened, 3), (Feedback, 4)],
                &[(3, Problem::FeedbackTooEarly)],
            ),
            (
                &[(Raised, 1), (Resolved, 2), (Feedback, 3), (Feedback, 3)],
                &[],
            ),
            (
                &[(Raised, 1), (Closed, 2), (Analysed, 3)],
                &[(2, Problem::AfterClosed)],
            ),
            (
                &[(Raised, 1), (Closed, 2), (Reopened, 3), (Analysed, 4)],
                &[],
            ),
            (&[(Raised, 1), (Resolved, 1), (Feedback, 1)], &[]),
        ];
        for (events, want) in table {
            assert_eq!(
                check(&steps(events), Some(d(1))),
                want.to_vec(),
                "{events:?}"
            );
        }
    }

    #[test]
    fn feedback_overdue_counts_days_from_the_answer() {
        let as_of = |day| Date {
            year: 2020,
            month: 4,
            day,
        };
        let resolved = steps(&[(Raised, 1), (Resolved, 10)]);
        // 2020-03-10 to 2020-03-24 is 14 days: the loop is overdue on the 14th day.
        assert!(!feedback_overdue(
            &resolved,
            Date {
                year: 2020,
                month: 3,
                day: 23
            },
            14
        ));
        assert!(feedback_overdue(
            &resolved,
            Date {
                year: 2020,
                month: 3,
                day: 24
            },
            14
        ));
        let fed = steps(&[(Raised, 1), (Resolved, 10), (Feedback, 11)]);
        assert!(!feedback_overdue(&fed, as_of(30), 14));
        let open = steps(&[(Raised, 1), (Analysed, 2)]);
        assert!(!feedback_overdue(&open, as_of(30), 14));
        let closed = steps(&[(Raised, 1), (Resolved, 2), (Closed, 3)]);
        assert!(!feedback_overdue(&closed, as_of(30), 14));
        let fed_then_reopened = steps(&[
            (Raised, 1),
            (Resolved, 2),
            (Feedback, 3),
            (Reopened, 4),
            (Resolved, 5),
        ]);
        assert!(feedback_overdue(&fed_then_reopened, as_of(30), 14));
    }

    #[test]
    fn fed_back_lists_audiences_since_reopening() {
        let mut s = steps(&[(Raised, 1), (Resolved, 2), (Feedback, 3), (Feedback, 4)]);
        s[2].audience = Some(Audience::Raiser);
        assert_eq!(fed_back(&s), vec![Audience::Raiser, Audience::Village]);
        let s = steps(&[(Raised, 1), (Resolved, 2), (Feedback, 3), (Reopened, 4)]);
        assert!(fed_back(&s).is_empty());
    }
}
