//! Reading the dates editors write, and the dates hidden in file and folder names.
//!
//! A date with an offset means that instant; a date without one is a wall-clock time in the
//! site's time zone, which is what an editor in that newsroom means when typing it.

use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
};
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
    "%Y/%m/%d %H:%M:%S%.f",
    "%Y/%m/%d %H:%M",
    // Ruby's 12-hour clock: 2016-08-26 3:00 PM
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %I:%M %p",
    // Go's ANSIC: Mon Jan _2 15:04:05 2006
    "%a %b %e %H:%M:%S %Y",
];

/// Days without a time, read as midnight in the site time zone.
const DAYS: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%d %b %Y", "%B %d, %Y", "%b %d, %Y"];

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

/// The years a date may fall in, in UTC and in the site's time zone: the years that feeds
/// (RFC 2822), sitemaps (W3C dates) and JSON-LD (ISO 8601) can write with four digits.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// Why a written date was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// The text is in no form newsroom (or Jekyll, or Hugo) reads.
    Unreadable,
    /// The date is read, but falls in a year no feed or sitemap can show (before 1 or after
    /// 9999, in UTC or in the site's time zone); the year is given.
    OutOfRange(i64),
}

/// A date read from front matter, with what the editor should know about how it was read.
#[derive(Debug, Clone)]
pub struct ReadDate {
    pub date: DateTime<Tz>,
    /// Set when the text was read leniently, as Ruby's `Time.parse` (Jekyll's) reads it:
    /// words after the date were ignored.
    pub note: Option<String>,
}

/// Parses a front-matter date; `None` when it is in no accepted form or out of range.
pub fn parse_date(text: &str, zone: Tz) -> Option<DateTime<Tz>> {
    read_date(text, zone).ok().map(|read| read.date)
}

/// Parses a front-matter date in any form Jekyll or Hugo read, refusing dates that cannot be
/// shown. Strict forms are tried first; then, as Ruby does, words after a date (a comment
/// such as `2016-08-26 (optional)`) are ignored, and noted.
pub fn read_date(text: &str, zone: Tz) -> Result<ReadDate, DateError> {
    // Nothing newsroom reads is this long; a huge value is not worth scanning word by word.
    if text.len() > 200 {
        return Err(DateError::Unreadable);
    }
    match strict(text, zone) {
        Err(DateError::Unreadable) => {}
        Ok(date) => return Ok(ReadDate { date, note: None }),
        Err(out_of_range) => return Err(out_of_range),
    }
    // Ruby's parser treats brackets and most punctuation as spaces between words. Each
    // replacement is one ASCII byte for another, so offsets hold in both texts.
    let cleaned: String = text
        .chars()
        .map(|c| {
            if matches!(c, '(' | ')' | '[' | ']' | '#' | ';' | '|') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let starts: Vec<usize> = cleaned
        .char_indices()
        .filter(|&(at, c)| {
            !c.is_whitespace()
                && cleaned[..at]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace)
        })
        .map(|(at, _)| at)
        .collect();
    for &cut in starts.iter().skip(1).rev() {
        match strict(&cleaned[..cut], zone) {
            Err(DateError::Unreadable) => continue,
            Err(out_of_range) => return Err(out_of_range),
            Ok(date) => {
                let head = &cleaned[..cut];
                let ignored = text[head.trim_end().len()..].trim();
                // Ruby takes a zone written anywhere after the time (Jekyll's own posts write
                // `2023-01-29 18:30:22 2023 -0800`): use the first one among the ignored words.
                let zoned = cleaned[cut..]
                    .split_whitespace()
                    .filter(|word| {
                        is_offset(word) || ZONE_NAMES.iter().any(|(name, _)| name == word)
                    })
                    .find_map(|word| Some((word, strict(&format!("{head} {word}"), zone).ok()?)));
                let (date, kept) = match zoned {
                    Some((word, zoned)) if zoned != date => {
                        (zoned, format!(" (but the zone {word} in it is used)"))
                    }
                    _ => (date, String::new()),
                };
                let note = format!(
                    "\"{ignored}\" after the date is ignored, as Jekyll ignores it{kept}; remove it, or move it to a comment line starting with #"
                );
                return Ok(ReadDate {
                    date,
                    note: Some(note),
                });
            }
        }
    }
    Err(DateError::Unreadable)
}

/// A date in one of the accepted forms, checked against [`YEARS`].
fn strict(text: &str, zone: Tz) -> Result<DateTime<Tz>, DateError> {
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
        let utc_year = instant.naive_utc().year();
        if !YEARS.contains(&utc_year) {
            return Err(DateError::OutOfRange(utc_year.into()));
        }
        return shown(instant.with_timezone(&zone));
    }
    let naive = WITHOUT_OFFSET
        .iter()
        .find_map(|form| NaiveDateTime::parse_from_str(text, form).ok())
        .or_else(|| {
            DAYS.iter()
                .find_map(|form| NaiveDate::parse_from_str(text, form).ok())
                .map(|day| day.and_time(NaiveTime::MIN))
        })
        .ok_or(DateError::Unreadable)?;
    if !YEARS.contains(&naive.year()) {
        return Err(DateError::OutOfRange(naive.year().into()));
    }
    shown(in_zone(naive, zone).ok_or(DateError::Unreadable)?)
}

/// The date, if its year in UTC and in its own zone are both in [`YEARS`].
fn shown(date: DateTime<Tz>) -> Result<DateTime<Tz>, DateError> {
    let local = date.naive_utc().checked_add_offset(date.offset().fix());
    for year in [Some(date.naive_utc().year()), local.map(|l| l.year())] {
        match year {
            Some(year) if YEARS.contains(&year) => {}
            Some(year) => return Err(DateError::OutOfRange(year.into())),
            None => return Err(DateError::OutOfRange(i64::MAX)),
        }
    }
    Ok(date)
}

/// Rewrites the spellings other generators accept into ones the patterns above read:
/// a lower-case `t` between date and time, a zone name after an offset (Go prints
/// `-0700 MST`), a zone name instead of an offset, and YAML's short offsets (`-5`, `+5:30`).
fn normalize(text: &str) -> String {
    let mut text = text.trim().to_string();
    if text.len() > 10 && text.as_bytes()[10] == b't' {
        text.replace_range(10..11, "T");
    }
    let mut words: Vec<String> = Vec::new();
    for word in text.split(' ') {
        // Ruby reads an offset glued to the time: `12:00-400`.
        match glued_offset(word) {
            Some(at) => {
                words.push(word[..at].to_string());
                words.push(word[at..].to_string());
            }
            None => words.push(word.to_string()),
        }
    }
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

/// Where an offset starts in a time written with it glued on, `12:00-400` or `09:30:00+5`.
fn glued_offset(word: &str) -> Option<usize> {
    let at = word.rfind(['+', '-'])?;
    let time = &word[..at];
    let is_time = time.contains(':')
        && time.starts_with(|c: char| c.is_ascii_digit())
        && time
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.');
    (is_time && is_short_offset(&word[at..])).then_some(at)
}

/// The hours and minutes of a short offset (`-5`, `+5`, `-400`, `+5:30`, `-10`), as Ruby
/// reads them: three digits are one of hours and two of minutes.
fn short_offset_parts(word: &str) -> Option<(&str, &str)> {
    let rest = word.strip_prefix(['+', '-'])?;
    let (hours, minutes) = match rest.split_once(':') {
        Some(parts) => parts,
        None if rest.len() == 3 => rest.split_at(1),
        None => (rest, "00"),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    ((1..=2).contains(&hours.len()) && digits(hours) && minutes.len() == 2 && digits(minutes))
        .then_some((hours, minutes))
}

fn is_short_offset(word: &str) -> bool {
    short_offset_parts(word).is_some()
}

fn long_offset(word: &str) -> String {
    let sign = &word[..1];
    let (hours, minutes) = short_offset_parts(word).unwrap_or(("00", "00"));
    format!("{sign}{hours:0>2}:{minutes}")
}

/// Places a wall-clock time in the zone. In the hour a clock skips, the time is moved past the
/// gap; in the hour it repeats, the first of the two readings is taken.
pub fn in_zone(naive: NaiveDateTime, zone: Tz) -> Option<DateTime<Tz>> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(instant) => Some(instant),
        LocalResult::Ambiguous(first, _) => Some(first),
        LocalResult::None => zone
            .from_local_datetime(&naive.checked_add_signed(chrono::Duration::hours(1))?)
            .earliest(),
    }
}

/// Midnight of a day taken from a file or folder name, in the site's time zone, checked as
/// written dates are.
pub fn midnight(day: NaiveDate, zone: Tz) -> Result<DateTime<Tz>, DateError> {
    if !YEARS.contains(&day.year()) {
        return Err(DateError::OutOfRange(day.year().into()));
    }
    shown(in_zone(day.and_time(NaiveTime::MIN), zone).ok_or(DateError::Unreadable)?)
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
    fn reads_ruby_lenient_forms_and_notes_them() {
        let read = |text: &str| read_date(text, Tz::UTC).unwrap();
        let with_comment = read("2016-08-26 (optional)");
        assert_eq!(with_comment.date.to_rfc3339(), "2016-08-26T00:00:00+00:00");
        assert_eq!(
            with_comment.note.unwrap(),
            "\"(optional)\" after the date is ignored, as Jekyll ignores it; remove it, or move it to a comment line starting with #"
        );
        let short = read("2016-06-17 12:00-400");
        assert_eq!(short.date.to_rfc3339(), "2016-06-17T16:00:00+00:00");
        assert!(short.note.is_none());
        assert_eq!(utc("2016-06-17 12:00:00 +530"), "2016-06-17T06:30:00+00:00");
        assert_eq!(utc("2016-06-17 12:00:00+5"), "2016-06-17T07:00:00+00:00");
        assert_eq!(utc("2016-08-26 3:15 PM"), "2016-08-26T15:15:00+00:00");
        assert_eq!(utc("2016/08/26"), "2016-08-26T00:00:00+00:00");
        assert_eq!(
            read("2016-08-26 10:00:00 +0200 draft, see notes")
                .date
                .to_rfc3339(),
            "2016-08-26T08:00:00+00:00"
        );
        let zone_later = read("2023-01-29 18:30:22 2023 -0800");
        assert_eq!(zone_later.date.to_rfc3339(), "2023-01-30T02:30:22+00:00");
        assert_eq!(
            zone_later.note.unwrap(),
            "\"2023 -0800\" after the date is ignored, as Jekyll ignores it (but the zone -0800 in it is used); remove it, or move it to a comment line starting with #"
        );
        // Ruby reads 26/08/2016 day first, but 10/11/2016 is ambiguous: both are refused.
        assert_eq!(
            read_date("26/08/2016", Tz::UTC).unwrap_err(),
            DateError::Unreadable
        );
        assert_eq!(
            read_date("soon (tbc)", Tz::UTC).unwrap_err(),
            DateError::Unreadable
        );
        assert_eq!(
            read_date(&"9".repeat(300), Tz::UTC).unwrap_err(),
            DateError::Unreadable
        );
    }

    #[test]
    fn dates_that_cannot_be_shown_are_refused_in_every_zone() {
        let kiritimati: Tz = "Pacific/Kiritimati".parse().unwrap();
        let honolulu: Tz = "Pacific/Honolulu".parse().unwrap();
        assert_eq!(
            read_date("9999-12-31 23:00:00", Tz::UTC)
                .unwrap()
                .date
                .to_rfc3339(),
            "9999-12-31T23:00:00+00:00"
        );
        assert_eq!(
            read_date("9999-12-31T23:00:00Z", kiritimati).unwrap_err(),
            DateError::OutOfRange(10000)
        );
        assert_eq!(
            read_date("0001-01-01T00:00:00Z", honolulu).unwrap_err(),
            DateError::OutOfRange(0)
        );
        assert_eq!(
            read_date("0001-01-01 00:00:00 +0100", Tz::UTC).unwrap_err(),
            DateError::OutOfRange(0)
        );
        assert_eq!(
            read_date("+12345-01-01", kiritimati).unwrap_err(),
            DateError::OutOfRange(12345)
        );
        assert_eq!(
            read_date("0000-01-01", Tz::UTC).unwrap_err(),
            DateError::OutOfRange(0)
        );
        let day = NaiveDate::from_ymd_opt(0, 1, 1).unwrap();
        assert_eq!(
            midnight(day, Tz::UTC).unwrap_err(),
            DateError::OutOfRange(0)
        );
        let _ = in_zone(NaiveDateTime::MAX, kiritimati);
        let _ = in_zone(NaiveDateTime::MIN, kiritimati);
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
