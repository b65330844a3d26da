//! The clerk's tools: start a site (`init`), add a record (`new`, with `ids` choosing its id and
//! `templates` its text), and how `check` and `build` speak on a terminal (`report`: problems
//! grouped by file, colours, a progress bar).
//!
//! Problems here are [`Diagnostic`]s like the checker's, so they read the same: the "file" of
//! a bad command-line value is the option (`--group 9: 错误：…`).

pub mod ids;
pub mod init;
pub mod new;
pub mod report;
pub mod templates;

use crate::date::Date;
use crate::diag::{Diagnostic, Severity};

/// A problem that stops a clerk's command before it writes anything.
pub fn problem(place: &str, message: String, hint: Option<String>) -> Diagnostic {
    Diagnostic {
        file: place.to_string(),
        line: 0,
        column: 0,
        severity: Severity::Error,
        message,
        hint,
    }
}

/// The first and last day of the calendar quarter holding `d`.
pub fn quarter(d: Date) -> (Date, Date) {
    let q = (d.month - 1) / 3;
    let start = Date {
        year: d.year,
        month: q * 3 + 1,
        day: 1,
    };
    let next = if q == 3 {
        Date {
            year: d.year + 1,
            month: 1,
            day: 1,
        }
    } else {
        Date {
            year: d.year,
            month: q * 3 + 4,
            day: 1,
        }
    };
    let end = Date::from_days_since_epoch(next.days_since_epoch() - 1);
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::quarter;
    use crate::date::Date;

    #[test]
    fn quarters_run_from_their_first_to_their_last_day() {
        let d = |s| Date::parse(s).expect("a date");
        assert_eq!(quarter(d("2026-05-12")), (d("2026-04-01"), d("2026-06-30")));
        assert_eq!(quarter(d("2026-12-31")), (d("2026-10-01"), d("2026-12-31")));
        assert_eq!(quarter(d("2024-02-29")), (d("2024-01-01"), d("2024-03-31")));
    }
}
