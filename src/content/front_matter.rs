//! Splits an article into its front-matter block and its Markdown body, and parses the block.
//!
//! YAML sits between `---` lines, TOML between `+++` lines. Both are read into one generic
//! tree (`serde_json::Value`) so the rest of the reader treats them alike; TOML dates become
//! strings in the same forms YAML authors write. Every error carries the line of the *file*,
//! not of the block, so an editor can jump straight to it.

use serde_json::{Map, Value};

use crate::error::ContentErrorKind;
use crate::text::{line_of_offset, line_of_toml_key, line_of_yaml_key};

/// The syntax of a front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

impl Format {
    fn fence(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
        }
    }
}

/// An article's text cut into its two parts.
#[derive(Debug)]
pub struct Split<'a> {
    pub format: Format,
    /// The text between the fences.
    pub front: &'a str,
    /// The file's 1-based line number of the first line of `front`.
    pub front_line: usize,
    /// Everything after the closing fence.
    pub body: &'a str,
}

/// A problem found while reading the front matter: kind, file line, column, message.
#[derive(Debug)]
pub struct FrontMatterError {
    pub kind: ContentErrorKind,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl FrontMatterError {
    fn new(kind: ContentErrorKind, line: usize, message: String) -> Self {
        FrontMatterError {
            kind,
            line: Some(line),
            column: None,
            message,
        }
    }
}

/// Finds the fences and cuts the text. The opening fence must be the file's first line.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("").trim_end();
    let format = match first_line {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => {
            return Err(FrontMatterError::new(
                ContentErrorKind::NoFrontMatter,
                1,
                "no front matter; start the file with a \"---\" line, then at least `title: ...` and `date: ...`, then another \"---\" line (or use \"+++\" fences around TOML)".to_string(),
            ));
        }
    };
    let fence = format.fence();
    let front_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == fence || (format == Format::Yaml && bare == "...") {
            return Ok(Split {
                format,
                front: &text[front_start..offset],
                front_line: 2,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError::new(
        ContentErrorKind::UnclosedFrontMatter,
        1,
        format!(
            "the front matter opened with \"{fence}\" on line 1 is never closed; add a line holding only \"{fence}\" after the last field"
        ),
    ))
}

/// Parses the block into a map of keys to values.
pub fn parse(split: &Split<'_>) -> Result<Map<String, Value>, FrontMatterError> {
    let value = match split.format {
        Format::Yaml => parse_yaml(split)?,
        Format::Toml => parse_toml(split)?,
    };
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(FrontMatterError::new(
            ContentErrorKind::InvalidFrontMatter,
            split.front_line,
            "front matter must be a list of `key: value` fields".to_string(),
        )),
    }
}

fn parse_yaml(split: &Split<'_>) -> Result<Value, FrontMatterError> {
    if split.front.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_saphyr::from_str::<Value>(split.front).map_err(|error| {
        let location = error.location();
        // The rendered error's first line reads "error: line L column C: message".
        let rendered = error.to_string();
        let first = rendered.lines().next().unwrap_or("").trim();
        let message = first
            .split_once(": ")
            .map(|(_, rest)| rest)
            .map(|rest| match rest.split_once(": ") {
                Some((place, detail)) if place.starts_with("line ") => detail,
                _ => rest,
            })
            .unwrap_or(first);
        FrontMatterError {
            kind: ContentErrorKind::InvalidFrontMatter,
            line: Some(location.map_or(split.front_line, |l| {
                split.front_line + l.line() as usize - 1
            })),
            column: location.map(|l| l.column() as usize),
            message: format!("invalid YAML front matter: {message}"),
        }
    })
}

fn parse_toml(split: &Split<'_>) -> Result<Value, FrontMatterError> {
    let table: toml::Table = toml::from_str(split.front).map_err(|error| {
        let line = error
            .span()
            .map_or(1, |span| line_of_offset(split.front, span.start));
        FrontMatterError::new(
            ContentErrorKind::InvalidFrontMatter,
            split.front_line + line - 1,
            format!("invalid TOML front matter: {}", error.message().trim_end()),
        )
    })?;
    Ok(toml_to_json(toml::Value::Table(table)))
}

/// Converts TOML to the generic tree, writing dates as the strings YAML authors would write.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, toml_to_json(value)))
                .collect(),
        ),
    }
}

/// The file line on which a top-level key of the block is written, for field errors.
pub fn line_of_field(split: &Split<'_>, key: &str) -> Option<usize> {
    let line_in_block = match split.format {
        Format::Yaml => line_of_yaml_key(split.front, key),
        Format::Toml => line_of_toml_key(split.front, key),
    };
    line_in_block.map(|line| split.front_line + line - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_error_line_is_the_file_line() {
        let text = "---\ntitle: x\ntags: [a, b\ndate: 2023\n---\nbody\n";
        let split = split(text).unwrap();
        let error = parse(&split).unwrap_err();
        assert_eq!(error.line, Some(4));
    }

    #[test]
    fn toml_dates_become_strings() {
        let text = "+++\ntitle = \"x\"\ndate = 2023-10-29T10:00:00+05:00\n+++\nbody\n";
        let split = split(text).unwrap();
        let map = parse(&split).unwrap();
        assert_eq!(map["date"], "2023-10-29T10:00:00+05:00");
        assert_eq!(split.body, "body\n");
        assert_eq!(line_of_field(&split, "date"), Some(3));
    }

    #[test]
    fn unclosed_block_is_reported() {
        let error = split("---\ntitle: x\n").unwrap_err();
        assert_eq!(error.kind, ContentErrorKind::UnclosedFrontMatter);
    }
}
