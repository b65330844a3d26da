//! Milestones, projects and plans: completion, overdue, progress and status.

use crate::date::Date;
use crate::model::ProjectStatus;

/// 100 when done, else the stated progress (0–100).
pub fn completion(done: bool, progress: f64) -> f64 {
    if done {
        100.0
    } else {
        progress.clamp(0.0, 100.0)
    }
}

/// Not done, its project not cancelled, and due before as_of.
pub fn overdue(done: bool, cancelled: bool, due: Option<Date>, as_of: Date) -> bool {
    !done && !cancelled && due.is_some_and(|d| d < as_of)
}

/// The mean of the values, 0 with none.
pub fn mean(values: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// A milestone as the project status sees it.
#[derive(Clone, Copy, Debug)]
pub struct MilestoneState {
    pub done: bool,
    pub completion: f64,
    pub overdue: bool,
}

/// The first that applies of cancelled, done, delayed, active, planned.
pub fn project_status(cancelled: bool, milestones: &[MilestoneState]) -> ProjectStatus {
    if cancelled {
        ProjectStatus::Cancelled
    } else if !milestones.is_empty() && milestones.iter().all(|m| m.done) {
        ProjectStatus::Done
    } else if milestones.iter().any(|m| m.overdue) {
        ProjectStatus::Delayed
    } else if milestones.iter().any(|m| m.completion > 0.0) {
        ProjectStatus::Active
    } else {
        ProjectStatus::Planned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(done: bool, completion: f64, overdue: bool) -> MilestoneState {
        MilestoneState {
            done,
            completion,
            overdue,
        }
    }

    #[test]
    fn status_table() {
        use ProjectStatus::*;
        let table: &[(bool, &[MilestoneState], ProjectStatus)] = &[
            (true, &[m(true, 100.0, false)], Cancelled),
            (false, &[m(true, 100.0, false), m(true, 100.0, false)], Done),
            (false, &[], Planned),
            (
                false,
                &[m(true, 100.0, false), m(false, 0.0, true)],
                Delayed,
            ),
            (false, &[m(false, 60.0, false)], Active),
            (false, &[m(false, 0.0, false)], Planned),
            (false, &[m(false, 0.0, true)], Delayed),
        ];
        for (cancelled, ms, want) in table {
            assert_eq!(project_status(*cancelled, ms), *want, "{ms:?}");
        }
    }

    #[test]
    fn overdue_needs_a_past_due_date() {
        let as_of = Date {
            year: 2020,
            month: 6,
            day: 1,
        };
        let before = Some(Date {
            year: 2020,
            month: 5,
            day: 31,
        });
        assert!(overdue(false, false, before, as_of));
        assert!(
            !overdue(false, false, Some(as_of), as_of),
            "due today is not overdue"
        );
        assert!(!overdue(true, false, before, as_of));
        assert!(!overdue(false, true, before, as_of));
        assert!(!overdue(false, false, None, as_of));
    }

    #[test]
    fn progress_is_a_mean() {
        assert_eq!(mean([]), 0.0);
        assert_eq!(mean([completion(true, 0.0), completion(false, 60.0)]), 80.0);
        assert_eq!(completion(false, 150.0), 100.0);
    }
}
