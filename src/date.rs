//! Calendar dates (`YYYY-MM-DD`), the only kind of time the content format knows.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Parses exactly `YYYY-MM-DD` and checks that the day exists.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = &text[r];
            if s.bytes().all(|c| c.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        };
        let year = digits(0..4)? as i32;
        let month = digits(5..7)?;
        let day = digits(8..10)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_epoch(z: i64) -> Date {
        let z = z + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Date {
            year: (y + i64::from(m <= 2)) as i32,
            month: m,
            day: d,
        }
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days_since_epoch(secs.div_euclid(86_400))
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// The quarter (1–4) the date falls in.
    pub fn quarter(self) -> u32 {
        (self.month - 1) / 3 + 1
    }

    /// The date in words: `2020年3月5日` or `5 Mar 2020`.
    pub fn text(self, lang: crate::diag::Lang) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        match lang {
            crate::diag::Lang::Zh => format!("{}年{}月{}日", self.year, self.month, self.day),
            crate::diag::Lang::En => format!(
                "{} {} {}",
                self.day,
                MONTHS[(self.month - 1) as usize],
                self.year
            ),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| serde::de::Error::custom("not a date"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_days() {
        let cases = [
            ("2020-03-05", true),
            ("2020-02-29", true),
            ("2021-02-29", false),
            ("1900-02-29", false),
            ("2000-02-29", true),
            ("2020-13-01", false),
            ("2020-00-10", false),
            ("2020-04-31", false),
            ("2020-4-3", false),
            ("20200305", false),
            ("2020-03-05 ", false),
            ("２０２０-03-05", false),
        ];
        for (text, ok) in cases {
            assert_eq!(Date::parse(text).is_some(), ok, "{text}");
        }
    }

    #[test]
    fn epoch_days_round_trip() {
        for text in [
            "1970-01-01",
            "2000-02-29",
            "2020-03-05",
            "1969-12-31",
            "2038-01-19",
        ] {
            let d = Date::parse(text).unwrap();
            assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        }
        assert_eq!(Date::parse("1970-01-02").unwrap().days_since_epoch(), 1);
        let a = Date::parse("2020-02-28").unwrap();
        let b = Date::parse("2020-03-01").unwrap();
        assert_eq!(a.days_until(b), 2);
    }

    #[test]
    fn words_per_language() {
        let d = Date::parse("2020-03-05").unwrap();
        assert_eq!(d.text(crate::diag::Lang::Zh), "2020年3月5日");
        assert_eq!(d.text(crate::diag::Lang::En), "5 Mar 2020");
    }
}
