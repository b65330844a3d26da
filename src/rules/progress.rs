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

/// The weighted mean of (value, weight) pairs, 0 with none (or with no weight at all).
/// A project's progress is the weighted mean completion of its milestones; with every weight
/// 1 (the default) it is the plain mean of the format.
pub fn weighted_mean(values: impl IntoIterator<Item = (f64, f64)>) -> f64 {
    let (sum, weights) = values
        .into_iter()
        .fold((0.0, 0.0), |(s, w), (v, wt)| (s + v * wt, w + wt));
    if weights > 0.0 {
        sum / weights
    } else {
        0.0
    }
}

/// A project's rolled-up progress: the mean of its own progress (left out when it has no
/// milestones) and the rolled-up progress of each non-cancelled project that carries it out
/// (`implements` it). With no such project it is its own progress. Each implementing project
/// counts once, whatever its size: the clerk can read the figure off the page.
pub fn rolled_up(own: f64, has_milestones: bool, implementers: &[f64]) -> f64 {
    if implementers.is_empty() {
        return own;
    }
    let own = has_milestones.then_some(own);
    mean(own.into_iter().chain(implementers.iter().copied()))
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
    fn project_progress_is_the_weighted_mean_of_completions() {
        // (completion, weight) of each milestone → progress, computed by hand.
        let table: &[(&[(f64, f64)], f64)] = &[
            (&[], 0.0),
            (&[(100.0, 1.0), (60.0, 1.0)], 80.0),
            // A weight of 3 on the done milestone: (100×3 + 0×1) / 4.
            (&[(100.0, 3.0), (0.0, 1.0)], 75.0),
            // (100×1 + 50×2 + 0×1) / 4.
            (&[(100.0, 1.0), (50.0, 2.0), (0.0, 1.0)], 50.0),
            // Fractional weights: (40×0.5 + 100×1.5) / 2.
            (&[(40.0, 0.5), (100.0, 1.5)], 85.0),
        ];
        for (ms, want) in table {
            let got = weighted_mean(ms.iter().copied());
            assert!((got - want).abs() < 1e-9, "{ms:?}: {got} != {want}");
        }
    }

    #[test]
    fn rolled_up_progress_table() {
        // (own progress, has milestones, implementers' rolled-up progress) → rolled up.
        let table: &[(f64, bool, &[f64], f64)] = &[
            (40.0, true, &[], 40.0),
            (0.0, false, &[], 0.0),
            // No milestones of its own: the mean of those carrying it out.
            (0.0, false, &[100.0, 50.0], 75.0),
            // Own 96 and one annual project at 64: (96 + 64) / 2.
            (96.0, true, &[64.0], 80.0),
            (90.0, true, &[30.0, 60.0], 60.0),
        ];
        for (own, has, imps, want) in table {
            let got = rolled_up(*own, *has, imps);
            assert!((got - want).abs() < 1e-9, "{own} {imps:?}: {got} != {want}");
        }
    }

    #[test]
    fn progress_is_a_mean() {
        assert_eq!(mean([]), 0.0);
        assert_eq!(mean([completion(true, 0.0), completion(false, 60.0)]), 80.0);
        assert_eq!(completion(false, 150.0), 100.0);
    }
}
