//! Reading the dates editors write, and the dates hidden in file and folder names.
//!
//! A date with an offset means that instant; a date without one is a wall-clock time in the
//! site's time zone, which is what an editor in that newsroom means when typing it.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// The forms accepted in front matter, shown in error messages.
pub const ACCEPTED_FORMS: &str = "2023-10-29T09:30:00+05:00 (RFC 3339), 2023-10-29 09:30:00 +0500, 2023-10-29 09:30:00 (site time zone) or 2023-10-29";

/// Forms that carry their own offset.
const WITH_OFFSET: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%dT%H:%M%z",
];

/// Forms read as wall-clock time in the site time zone.
const WITHOUT_OFFSET: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
];

/// Parses a front-matter date; `None` when it is in no accepted form.
pub fn parse_date(text: &str, zone: Tz) -> Option<DateTime<Tz>> {
    let text = text.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(instant.with_timezone(&zone));
    }
    for form in WITH_OFFSET {
        if let Ok(instant) = DateTime::parse_from_str(text, form) {
            return Some(instant.with_timezone(&zone));
        }
    }
    for form in WITHOUT_OFFSET {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, form) {
            return in_zone(naive, zone);
        }
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    in_zone(day.and_time(NaiveTime::MIN), zone)
}

/// Places a wall-clock time in the zone. In the hour a clock skips, the time is moved past the
/// gap; in the hour it repeats, the first of the two readings is taken.
pub fn in_zone(naive: NaiveDateTime, zone: Tz) -> Option<DateTime<Tz>> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(instant) => Some(instant),
        LocalResult::Ambiguous(first, _) => Some(first),
        LocalResult::None => zone
            .from_local_datetime(&(naive + chrono::Duration::hours(1)))
            .earliest(),
    }
}

/// A date and slug carried by a Jekyll-style name, `2023-10-29-some-story`.
pub fn date_from_file_stem(stem: &str) -> Option<(NaiveDate, &str)> {
    if stem.len() < 12 || stem.as_bytes()[10] != b'-' {
        return None;
    }
    let day = NaiveDate::parse_from_str(stem.get(..10)?, "%Y-%m-%d").ok()?;
    Some((day, &stem[11..]))
}

/// A date carried by the folders an article sits in, `.../2023/10/29/story.md`.
pub fn date_from_folders<'a>(
    folders: impl DoubleEndedIterator<Item = &'a str>,
) -> Option<NaiveDate> {
    let mut last_three = folders.rev().take(3);
    let day = last_three.next()?;
    let month = last_three.next()?;
    let year = last_three.next()?;
    let shaped = year.len() == 4 && month.len() == 2 && day.len() == 2;
    if !shaped {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> String {
        parse_date(text, Tz::UTC).unwrap().to_rfc3339()
    }

    #[test]
    fn reads_every_documented_form() {
        assert_eq!(
            utc("2023-10-29T09:30:00+05:00"),
            "2023-10-29T04:30:00+00:00"
        );
        assert_eq!(
            utc("2023-10-29 09:30:00 +0500"),
            "2023-10-29T04:30:00+00:00"
        );
        assert_eq!(
            utc("2023-10-29 09:30:00 +05:00"),
            "2023-10-29T04:30:00+00:00"
        );
        assert_eq!(utc("2023-10-29 09:30:00"), "2023-10-29T09:30:00+00:00");
        assert_eq!(utc("2023-10-29"), "2023-10-29T00:00:00+00:00");
        assert!(parse_date("29/10/2023", Tz::UTC).is_none());
        assert!(parse_date("2023-02-30", Tz::UTC).is_none());
    }

    #[test]
    fn dates_without_offset_are_in_the_site_zone() {
        let karachi: Tz = "Asia/Karachi".parse().unwrap();
        let date = parse_date("2023-10-29 09:30:00", karachi).unwrap();
        assert_eq!(date.to_rfc3339(), "2023-10-29T09:30:00+05:00");
    }

    #[test]
    fn names_and_folders_carry_dates() {
        let (day, slug) = date_from_file_stem("2023-10-29-a-story").unwrap();
        assert_eq!(day.to_string(), "2023-10-29");
        assert_eq!(slug, "a-story");
        assert!(date_from_file_stem("a-story").is_none());
        let day = date_from_folders(["news", "2023", "10", "29"].into_iter()).unwrap();
        assert_eq!(day.to_string(), "2023-10-29");
        assert!(date_from_folders(["2023", "10"].into_iter()).is_none());
    }
}
