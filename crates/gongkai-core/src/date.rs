//! Days of the calendar, and the day the law sets for an organ's report.
//!
//! 《政府信息公开条例》第五十条: every administrative organ publishes its report on the year
//! before by 1月31日 (and hands it to the level's 政务公开 office), and the office of a county
//! or higher government publishes the government's own report by 3月31日. [`deadline`] is
//! that rule; a place may set earlier days of its own (the filing season's deadlines,
//! `gongkai check --deadlines`).

use crate::place::Kind;
use std::fmt;

/// A day of the calendar: `2025-01-31`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// The day, when there is one (no 2月30日).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=days_in(year, month)).contains(&day) && (1..=9999).contains(&year)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Reads `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::new(year, month, day)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn day(self) -> u32 {
        self.day
    }

    /// As Chinese writes it: `2025年1月31日`.
    pub fn zh(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// The moment the day ends in China (UTC+8), in seconds since the Unix epoch: a report
    /// due on 1月31日 is late from 2月1日 00:00 Beijing time.
    pub fn end(self) -> i64 {
        (self.days() + 1) * 86_400 - 8 * 3_600
    }

    /// Days from 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn days(self) -> i64 {
        let (y, m) = if self.month <= 2 {
            (self.year as i64 - 1, self.month as i64 + 9)
        } else {
            (self.year as i64, self.month as i64 - 3)
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * m + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days` after 1970-01-01 (Hinnant's civil_from_days), kept within the years
    /// 1 to 9999.
    pub fn from_days(days: i64) -> Date {
        let z = days.clamp(-719_162, 2_932_896) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

/// A moment (seconds since the epoch) to the minute, as a clock `hours` ahead of UTC shows it:
/// `clock(0, 8)` is `1970-01-01 08:00`.
pub fn clock(secs: i64, hours: i64) -> String {
    let secs = secs + hours * 3_600;
    let rest = secs.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}",
        Date::from_days(secs.div_euclid(86_400)),
        rest / 3600,
        rest % 3600 / 60
    )
}

fn days_in(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The law's day for an organ of `kind` to publish its report on `year`: 3月31日 of the next
/// year for a government's own report, 1月31日 for every other organ's (its office, its
/// departments, a zone's administration, a town's government). A year outside the calendar
/// is taken as its nearest.
pub fn deadline(kind: Kind, year: i32) -> Date {
    let month = match kind {
        Kind::Government => 3,
        Kind::Office | Kind::Department | Kind::Zone | Kind::Town => 1,
    };
    Date {
        year: year.clamp(0, 9998) + 1,
        month,
        day: 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_the_laws_deadlines() {
        assert_eq!(Date::new(2023, 2, 29), None);
        assert_eq!(Date::parse("2024-02-29"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse("2024-13-01"), None);
        assert_eq!(Date::new(1970, 1, 2).unwrap().days(), 1);
        assert_eq!(Date::new(1970, 1, 1).unwrap().end(), 16 * 3600);
        for (y, m, d) in [
            (2024, 2, 29),
            (2024, 3, 1),
            (1, 1, 1),
            (9999, 12, 31),
            (2000, 12, 31),
        ] {
            let date = Date::new(y, m, d).unwrap();
            assert_eq!(Date::from_days(date.days()), date);
        }
        assert_eq!(deadline(Kind::Government, 2023).to_string(), "2024-03-31");
        for kind in [Kind::Office, Kind::Department, Kind::Zone, Kind::Town] {
            assert_eq!(deadline(kind, 2023).zh(), "2024年1月31日");
        }
        assert_eq!(deadline(Kind::Town, i32::MAX).year(), 9999);
    }
}
