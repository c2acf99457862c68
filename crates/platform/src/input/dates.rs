//! Dates and times in the forms the seeds' clients write them, read as UTC.

use chrono::{NaiveDate, NaiveDateTime};

/// A calendar date written `YYYY-MM-DD` (a real date: no 30 February, no `2026-3-5`).
pub fn date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    (raw.len() == 10)
        .then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
        .flatten()
}

/// A calendar date as clients of the seeds write one: `YYYY-MM-DD`, or a moment in a form
/// [`timestamp`] reads (`2026-03-15 10:00:00`), taken as the day it names, as written (an
/// offset does not move it to another day).
pub fn day(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(raw) {
        return Some(at.date_naive());
    }
    date(raw).or_else(|| timestamp(raw).map(|at| at.date()))
}

/// A moment as UTC: RFC 3339 (`2021-09-22T09:45:17Z`, `…+02:00`), `2021-09-22 09:45:17`
/// (seed 001's form), `2021-09-22T09:45:17` (either with a fraction of a second, as serde writes
/// a `NaiveDateTime`), or a date alone (`2021-09-22`, at midnight).
pub fn timestamp(raw: &str) -> Option<NaiveDateTime> {
    let raw = raw.trim();
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(raw) {
        return Some(at.naive_utc());
    }
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(raw, format).ok())
        .or_else(|| date(raw).and_then(|d| d.and_hms_opt(0, 0, 0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|day| day.and_hms_opt(h, min, s))
            .unwrap()
    }

    #[test]
    fn only_real_calendar_dates_pass() {
        assert_eq!(date("2026-03-15"), NaiveDate::from_ymd_opt(2026, 3, 15));
        assert_eq!(date(" 2026-03-15 "), NaiveDate::from_ymd_opt(2026, 3, 15));
        for bad in [
            "2026-02-30",
            "2026-3-15",
            "15/03/2026",
            "2026-03-15 10:00:00",
            "",
        ] {
            assert_eq!(date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_day_may_come_with_its_time() {
        let expected = NaiveDate::from_ymd_opt(2026, 3, 15);
        for raw in [
            "2026-03-15",
            "2026-03-15 10:00:00",
            "2026-03-15T23:30:00",
            "2026-03-15T23:30:00+02:00",
            "2026-03-15T00:30:00-05:00",
        ] {
            assert_eq!(day(raw), expected, "{raw:?}");
        }
        for bad in [
            "2026-02-30 10:00:00",
            "2026-03-15 25:00:00",
            "15/03/2026",
            "",
        ] {
            assert_eq!(day(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn timestamps_in_the_seeds_forms() {
        let expected = at(2021, 9, 22, 9, 45, 17);
        for raw in [
            "2021-09-22 09:45:17",
            "2021-09-22T09:45:17",
            "2021-09-22T09:45:17Z",
            "2021-09-22T11:45:17+02:00",
            " 2021-09-22 09:45:17 ",
        ] {
            assert_eq!(timestamp(raw), Some(expected), "{raw:?}");
        }
        assert_eq!(timestamp("2021-09-22"), Some(at(2021, 9, 22, 0, 0, 0)));
        let fraction = at(2021, 9, 22, 9, 45, 17) + chrono::Duration::microseconds(123_456);
        assert_eq!(timestamp("2021-09-22T09:45:17.123456"), Some(fraction));
        assert_eq!(timestamp("2021-09-22 09:45:17.123456"), Some(fraction));
        for bad in ["22/09/2021", "yesterday", "2021-09-22 25:00:00", ""] {
            assert_eq!(timestamp(bad), None, "{bad:?}");
        }
    }
}
