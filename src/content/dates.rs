//! Reading the dates editors write, and the dates hidden in file and folder names.
//!
//! A date with an offset means that instant; a date without one is a wall-clock time in the
//! site's time zone, which is what an editor in that newsroom means when typing it.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// The forms accepted in front matter, shown in error messages.
pub const ACCEPTED_FORMS: &str = "2023-10-29T09:30:00+05:00 (RFC 3339), 2023-10-29 09:30:00 +0500, 2023-10-29 09:30:00 (site time zone), 2023-10-29, or any other form Jekyll or Hugo accept, such as Sun, 29 Oct 2023 09:30:00 +0500";

/// Forms that carry their own offset, after [`normalize`]: ISO-like forms, Ruby's and Go's.
const WITH_OFFSET: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%.f %z",
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%d %H:%M%z",
    "%Y-%m-%dT%H:%M%z",
    // Go's RubyDate: Mon Jan 02 15:04:05 -0700 2006
    "%a %b %d %H:%M:%S %z %Y",
    // Go's UnixDate, once its zone name is an offset: Mon Jan _2 15:04:05 -0700 2006
    "%a %b %e %H:%M:%S %z %Y",
    // Go's RFC 850: Monday, 02-Jan-06 15:04:05 -0700
    "%A, %d-%b-%y %H:%M:%S %z",
    // Go's RFC 822: 02 Jan 06 15:04 -0700
    "%d %b %y %H:%M %z",
];

/// Forms read as wall-clock time in the site time zone.
const WITHOUT_OFFSET: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    // Go's ANSIC: Mon Jan _2 15:04:05 2006
    "%a %b %e %H:%M:%S %Y",
];

/// Days without a time, read as midnight in the site time zone.
const DAYS: &[&str] = &["%Y-%m-%d", "%d %b %Y", "%B %d, %Y", "%b %d, %Y"];

/// Zone names Jekyll's and Hugo's parsers read, with their offsets.
const ZONE_NAMES: &[(&str, &str)] = &[
    ("UTC", "+00:00"),
    ("GMT", "+00:00"),
    ("UT", "+00:00"),
    ("Z", "+00:00"),
    ("EST", "-05:00"),
    ("EDT", "-04:00"),
    ("CST", "-06:00"),
    ("CDT", "-05:00"),
    ("MST", "-07:00"),
    ("MDT", "-06:00"),
    ("PST", "-08:00"),
    ("PDT", "-07:00"),
];

/// Parses a front-matter date; `None` when it is in no accepted form.
pub fn parse_date(text: &str, zone: Tz) -> Option<DateTime<Tz>> {
    let text = normalize(text);
    let text = text.as_str();
    let with_offset = DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_rfc2822(text))
        .ok()
        .or_else(|| {
            WITH_OFFSET
                .iter()
                .find_map(|form| DateTime::parse_from_str(text, form).ok())
        });
    if let Some(instant) = with_offset {
        return Some(instant.with_timezone(&zone));
    }
    if let Some(naive) = WITHOUT_OFFSET
        .iter()
        .find_map(|form| NaiveDateTime::parse_from_str(text, form).ok())
    {
        return in_zone(naive, zone);
    }
    let day = DAYS
        .iter()
        .find_map(|form| NaiveDate::parse_from_str(text, form).ok())?;
    in_zone(day.and_time(NaiveTime::MIN), zone)
}

/// Rewrites the spellings other generators accept into ones the patterns above read:
/// a lower-case `t` between date and time, a zone name after an offset (Go prints
/// `-0700 MST`), a zone name instead of an offset, and YAML's short offsets (`-5`, `+5:30`).
fn normalize(text: &str) -> String {
    let mut text = text.trim().to_string();
    if text.len() > 10 && text.as_bytes()[10] == b't' {
        text.replace_range(10..11, "T");
    }
    let mut words: Vec<String> = text.split(' ').map(str::to_string).collect();
    if let Some(last) = words.last().cloned() {
        let named = ZONE_NAMES.iter().find(|(name, _)| *name == last);
        let before_is_offset = words.len() >= 2 && is_offset(&words[words.len() - 2]);
        match named {
            Some(_) if before_is_offset => {
                words.pop();
            }
            // RFC 2822 reads zone names itself; elsewhere a name becomes its offset.
            Some((_, offset)) if !text.contains(',') => {
                let at = words.len() - 1;
                words[at] = offset.to_string();
            }
            _ => {}
        }
    }
    // Ruby's Time.parse skips a year written again after the time: 2023-01-29 18:30:22 2023 -0800.
    if words.len() == 4
        && words[2].len() == 4
        && words[0].len() >= 4
        && words[0].get(..4) == Some(words[2].as_str())
    {
        words.remove(2);
    }
    // Go's UnixDate puts the zone before the year: Mon Jan _2 15:04:05 MST 2006.
    if words.len() == 6
        && let Some((_, offset)) = ZONE_NAMES.iter().find(|(name, _)| *name == words[4])
    {
        words[4] = offset.to_string();
    }
    if let Some(last) = words.last_mut()
        && is_short_offset(last)
    {
        *last = long_offset(last);
    }
    words.retain(|word| !word.is_empty());
    words.join(" ")
}

fn is_offset(word: &str) -> bool {
    let Some(rest) = word.strip_prefix(['+', '-']) else {
        return false;
    };
    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == ':')
}

/// A YAML short offset: `-5`, `+5`, `+5:30`, `-10`.
fn is_short_offset(word: &str) -> bool {
    let Some(rest) = word.strip_prefix(['+', '-']) else {
        return false;
    };
    let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "00"));
    (1..=2).contains(&hours.len())
        && hours.chars().all(|c| c.is_ascii_digit())
        && minutes.len() == 2
        && minutes.chars().all(|c| c.is_ascii_digit())
}

fn long_offset(word: &str) -> String {
    let sign = &word[..1];
    let (hours, minutes) = word[1..].split_once(':').unwrap_or((&word[1..], "00"));
    format!("{sign}{hours:0>2}:{minutes}")
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

/// A date carried by a URL path, `2014/12/12/slug` or `/blog/2014/12/12/slug/`: the first three
/// segments in a row shaped as a year, a month and a day.
pub fn date_from_url(url: &str) -> Option<NaiveDate> {
    let segments: Vec<&str> = url.split('/').filter(|s| !s.is_empty()).collect();
    segments
        .windows(3)
        .find_map(|three| date_from_folders(three.iter().copied()))
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
    fn reads_the_forms_jekyll_and_hugo_accept() {
        // Hugo (Go layouts).
        assert_eq!(
            utc("2023-10-29T09:30:00.123456789-07:00"),
            "2023-10-29T16:30:00.123456789+00:00"
        );
        assert_eq!(utc("2023-10-29T09:30:00"), "2023-10-29T09:30:00+00:00");
        assert_eq!(
            utc("Sun, 29 Oct 2023 09:30:00 -0700"),
            "2023-10-29T16:30:00+00:00"
        );
        assert_eq!(
            utc("Sun, 29 Oct 2023 09:30:00 MST"),
            "2023-10-29T16:30:00+00:00"
        );
        assert_eq!(utc("29 Oct 23 09:30 -0700"), "2023-10-29T16:30:00+00:00");
        assert_eq!(
            utc("Sunday, 29-Oct-23 09:30:00 -0700"),
            "2023-10-29T16:30:00+00:00"
        );
        assert_eq!(utc("Sun Oct 29 09:30:00 2023"), "2023-10-29T09:30:00+00:00");
        assert_eq!(
            utc("Sun Oct 29 09:30:00 MST 2023"),
            "2023-10-29T16:30:00+00:00"
        );
        assert_eq!(
            utc("Sun Oct 29 09:30:00 -0700 2023"),
            "2023-10-29T16:30:00+00:00"
        );
        assert_eq!(
            utc("2023-10-29 09:30:00.5 -0700 MST"),
            "2023-10-29T16:30:00.500+00:00"
        );
        assert_eq!(utc("29 Oct 2023"), "2023-10-29T00:00:00+00:00");
        assert_eq!(utc("2023-10-29T09:30:00-0700"), "2023-10-29T16:30:00+00:00");
        assert_eq!(
            utc("2023-10-29 09:30:00 -07:00"),
            "2023-10-29T16:30:00+00:00"
        );
        assert_eq!(utc("2023-10-29 09:30:00Z"), "2023-10-29T09:30:00+00:00");
        assert_eq!(utc("2023-10-29 09:30:00 UTC"), "2023-10-29T09:30:00+00:00");
        // Jekyll (Ruby's Time.parse and YAML timestamps).
        assert_eq!(
            utc("2001-12-14t21:59:43.10-05:00"),
            "2001-12-15T02:59:43.100+00:00"
        );
        assert_eq!(
            utc("2001-12-14 21:59:43.10 -5"),
            "2001-12-15T02:59:43.100+00:00"
        );
        assert_eq!(
            utc("2001-12-15 2:59:43.10"),
            "2001-12-15T02:59:43.100+00:00"
        );
        assert_eq!(
            utc("2019-05-03 10:00:00 +0200"),
            "2019-05-03T08:00:00+00:00"
        );
        assert_eq!(utc("2019-5-3"), "2019-05-03T00:00:00+00:00");
        assert_eq!(utc("October 29, 2023"), "2023-10-29T00:00:00+00:00");
        assert_eq!(
            utc("2023-01-29 18:30:22 2023 -0800"),
            "2023-01-30T02:30:22+00:00"
        );
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
        let day = date_from_url("inside-rust/2020/07/27/1.45.1-prerelease").unwrap();
        assert_eq!(day.to_string(), "2020-07-27");
        assert!(date_from_url("/news/2020/13/27/story/").is_none());
        assert!(date_from_url("/news/story/").is_none());
    }
}
