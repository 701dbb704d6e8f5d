//! Splits an article into its front-matter block and its Markdown body, and parses the block.
//!
//! YAML sits between `---` lines, TOML between `+++` lines, and JSON (as Hugo reads it) is
//! one object at the top. All three are read into one generic tree (`serde_json::Value`) so
//! the rest of the reader treats them alike; TOML dates become strings in the same forms YAML
//! authors write. Every error carries the line of the *file*, not of the block, so an editor
//! can jump straight to it, and says what to change in the editor's words, not the parser's.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::ContentErrorKind;
use crate::text::{line_of_offset, line_of_toml_key, line_of_yaml_key, toml_message};

/// The syntax of a front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    /// One JSON object at the top of the file, as Hugo reads it.
    Json,
    /// The file has no front matter: it is all body.
    None,
}

impl Format {
    fn fence(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
            Format::Json | Format::None => "",
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

/// Finds the fences and cuts the text. The opening fence is the first line that is not
/// blank (Hugo skips blank lines before it); a file with no fence is all body, unless it
/// looks like front matter that lost its opening line.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut start = 0;
    let mut fence_line = 1;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            break;
        }
        start += line.len();
        fence_line += 1;
    }
    let first_line = text[start..].lines().next().unwrap_or("").trim_end();
    let format = match first_line {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ if first_line.trim_start() == "{" || first_line.trim_start().starts_with("{\"") => {
            return split_json(text, start, fence_line);
        }
        _ if lost_opening_fence(text) => {
            return Err(FrontMatterError::new(
                ContentErrorKind::NoFrontMatter,
                fence_line,
                "the front matter has no opening \"---\" line; add a line holding only \"---\" above this one".to_string(),
            ));
        }
        _ => {
            return Ok(Split {
                format: Format::None,
                front: "",
                front_line: 1,
                body: text,
            });
        }
    };
    let fence = format.fence();
    let front_start = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    let mut offset = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == fence || (format == Format::Yaml && bare == "...") {
            return Ok(Split {
                format,
                front: &text[front_start..offset],
                front_line: fence_line + 1,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError::new(
        ContentErrorKind::UnclosedFrontMatter,
        fence_line,
        format!(
            "the front matter opened with \"{fence}\" on line {fence_line} is never closed; add a line holding only \"{fence}\" after the last field"
        ),
    ))
}

/// Whether a file without an opening fence starts like front matter (`title: ...`) up to a
/// closing `---`: the opening line was lost, and the fields are not a story. Every line above
/// the `---` must read as a field (or as its indented or listed value), so a story that
/// merely starts with "Date: Tuesday" and has a `---` rule further down is still a story.
fn lost_opening_fence(text: &str) -> bool {
    let mut lines = text.lines().skip_while(|line| line.trim().is_empty());
    let first = lines.next().unwrap_or("");
    let is_field = |line: &str| {
        line.split_once(':').is_some_and(|(key, rest)| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                && (rest.is_empty() || rest.starts_with(' '))
        })
    };
    let starts_like_fields = first
        .split_once(':')
        .is_some_and(|(key, _)| matches!(key, "title" | "date" | "slug" | "tags"))
        && is_field(first);
    if !starts_like_fields {
        return false;
    }
    for line in lines.take(200) {
        if line.trim_end() == "---" {
            return true;
        }
        let fits =
            line.trim().is_empty() || line.starts_with([' ', '\t', '-', '#']) || is_field(line);
        if !fits {
            return false;
        }
    }
    false
}

/// Hugo's JSON front matter: one object at the top of the file, the body after it.
fn split_json(text: &str, start: usize, first_line: usize) -> Result<Split<'_>, FrontMatterError> {
    let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
    match stream.next() {
        Some(Ok(_)) => {
            let end = start + stream.byte_offset();
            let body = &text[end..];
            Ok(Split {
                format: Format::Json,
                front: &text[start..end],
                front_line: first_line,
                body: body
                    .strip_prefix("\r\n")
                    .or(body.strip_prefix('\n'))
                    .unwrap_or(body),
            })
        }
        Some(Err(error)) => Err(FrontMatterError {
            kind: ContentErrorKind::InvalidFrontMatter,
            line: Some(first_line + error.line().max(1) - 1),
            column: Some(error.column()).filter(|c| *c > 0),
            message: format!("invalid JSON front matter: {}", json_message(&error)),
        }),
        None => Err(FrontMatterError::new(
            ContentErrorKind::InvalidFrontMatter,
            first_line,
            "the JSON front matter is empty; write it as {\"title\": \"...\", \"date\": \"...\"}"
                .to_string(),
        )),
    }
}

fn json_message(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match error.classify() {
        Category::Eof => "it ends before its closing \"}\"; close every brace, bracket and quote".to_string(),
        _ => "this is not JSON; keys and text need double quotes, and fields are separated by commas: {\"title\": \"Border talks\", \"date\": \"2023-10-29\"}".to_string(),
    }
}

/// A top-level key written more than once. The last one is used, as Hugo uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeated {
    pub key: String,
    /// The file lines of the first and of the last time it is written.
    pub first_line: usize,
    pub last_line: usize,
}

/// The fields of a block, and what the editor should know about how they were read.
#[derive(Debug, Default)]
pub struct Fields {
    pub map: Map<String, Value>,
    pub repeated: Vec<Repeated>,
}

/// Parses the block into a map of keys to values.
pub fn parse(split: &Split<'_>) -> Result<Fields, FrontMatterError> {
    match split.format {
        Format::Yaml => parse_yaml(split),
        Format::Toml => parse_toml(split).map(|map| Fields {
            map,
            repeated: Vec::new(),
        }),
        Format::Json => match serde_json::from_str::<Value>(split.front) {
            Ok(Value::Object(map)) => Ok(Fields {
                map,
                repeated: Vec::new(),
            }),
            _ => Err(not_fields(split.front_line)),
        },
        Format::None => Ok(Fields::default()),
    }
}

fn not_fields(line: usize) -> FrontMatterError {
    FrontMatterError::new(
        ContentErrorKind::InvalidFrontMatter,
        line,
        "front matter must be a list of `key: value` fields, such as `title: Border talks`"
            .to_string(),
    )
}

/// The entries of a YAML mapping in the order written, each with the line of its key, so
/// keys written twice can be named with both lines.
struct Entries(Vec<(String, usize, Value)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EntriesVisitor)
    }
}

struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Entries;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("`key: value` fields")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Entries, E> {
        Ok(Entries(Vec::new()))
    }

    fn visit_none<E: de::Error>(self) -> Result<Entries, E> {
        Ok(Entries(Vec::new()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<serde_saphyr::Spanned<Value>>()? {
            let value: Value = map.next_value()?;
            let name = match key.value {
                Value::String(name) => name,
                Value::Null => String::new(),
                other => other.to_string(),
            };
            entries.push((name, key.referenced.line() as usize, value));
        }
        Ok(Entries(entries))
    }
}

fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    // Hugo keeps the last of two keys; the reader warns about both lines.
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    // `.nan` and `.inf` are kept as the text written, never turned into a number no field
    // can hold.
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::AsString;
    options.with_snippet = false;
    // `title: yes` and `title: n` are text; `draft: yes` is still read as true by the
    // field reader, as Jekyll and Hugo read YAML 1.1 booleans.
    options.strict_booleans = true;
    options
}

fn parse_yaml(split: &Split<'_>) -> Result<Fields, FrontMatterError> {
    if split.front.trim().is_empty() {
        return Ok(Fields::default());
    }
    let entries: Entries = serde_saphyr::from_str_with_options(split.front, yaml_options())
        .map_err(|error| yaml_error(&error, split))?;
    let mut fields = Fields::default();
    let mut first_lines: std::collections::HashMap<String, usize> = Default::default();
    for (key, line, value) in entries.0 {
        let line = split.front_line + line.max(1) - 1;
        match first_lines.get(&key) {
            Some(&first_line) => match fields.repeated.iter_mut().find(|r| r.key == key) {
                Some(repeat) => repeat.last_line = line,
                None => fields.repeated.push(Repeated {
                    key: key.clone(),
                    first_line,
                    last_line: line,
                }),
            },
            None => {
                first_lines.insert(key.clone(), line);
            }
        }
        fields.map.insert(key, value);
    }
    Ok(fields)
}

/// An editor's sentence for a YAML error, at the file line it happened on.
fn yaml_error(error: &serde_saphyr::Error, split: &Split<'_>) -> FrontMatterError {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let error = error.without_snippet();
    let error = match error {
        E::AliasError { error, .. } => error.without_snippet(),
        other => other,
    };
    let location = error.location();
    let line = location.map_or(split.front_line, |l| {
        split.front_line + (l.line() as usize).max(1) - 1
    });
    let column = location.map(|l| l.column() as usize).filter(|c| *c > 0);
    let written = split
        .front
        .lines()
        .nth(line.saturating_sub(split.front_line))
        .unwrap_or("");
    let written = crate::text::excerpt(written);
    let quote_hint = "if a value holds a colon, a # or starts with [, {, *, &, !, %, @ or a quote, put the whole value in double quotes: `title: \"Q&A: the border talks\"`";
    let message = match error {
        E::Budget { breach, .. } => match breach {
            B::Depth { .. } => "the front matter nests lists or tables more than 64 levels deep; write the fields flat, one `key: value` a line".to_string(),
            B::Aliases { .. } | B::Anchors { .. } => "the front matter has too many `&anchors` or `*aliases` for newsroom to follow; write the values out instead".to_string(),
            B::ScalarBytes { .. } => "the front matter holds more than 64 MiB of text; move long text to the article's body".to_string(),
            B::Documents { .. } => "the front matter holds many `---` documents; keep one block of fields between two \"---\" lines".to_string(),
            _ => "the front matter expands to more than 250,000 values, which is more than any article needs (are `*aliases` repeating an `&anchor` many times over?); write the values out, and move large data out of the front matter".to_string(),
        },
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. }
        | E::RecursiveReferencesRequireWeakTypes { .. } => "the front matter's `*aliases` repeat an `&anchor` too many times over (an alias bomb); write the values out instead".to_string(),
        E::UnknownAnchor { .. } => format!("`{written}` refers with `*` to an `&anchor` that is not defined above it; define the anchor first, or put the value in double quotes if the `*` is meant as text"),
        E::Eof { .. } => "the front matter ends in the middle of a value; close the quote, bracket or brace opened before".to_string(),
        E::MultipleDocuments { .. } => "the front matter holds a second block after a `---` line; keep one block of fields between two \"---\" lines".to_string(),
        E::DuplicateMappingKey { key, .. } => format!("{} is written twice in one table; keep one", key.as_deref().map_or("a key".to_string(), |k| format!("`{k}`"))),
        E::MergeValueNotMapOrSeqOfMaps { .. } | E::MergeKeyNotAllowed { .. } => "`<<:` must be followed by an `*alias` of a table of fields".to_string(),
        E::InvalidBinaryBase64 { .. } | E::BinaryNotUtf8 { .. } | E::TaggedScalarCannotDeserializeIntoString { .. } => format!("`{written}` has a `!!` type tag newsroom cannot read; remove the tag"),
        E::SerdeInvalidType { .. } | E::Unexpected { .. } => not_fields(line).message,
        E::IndentationError { .. } | E::FoldedBlockScalarMustIndentContent { .. } => "this line is not indented the way YAML needs: fields start at the left edge, the lines of a list or of a multi-line text are indented under their key".to_string(),
        E::InvalidUtf8Input => "the front matter is not UTF-8 text; save the file as UTF-8".to_string(),
        other => {
            // The parser's own words describe the syntax; say it as an editor would.
            let rendered = other.to_string().to_lowercase();
            if rendered.contains("mapping values are not allowed") {
                format!("`{written}` holds a second `: `, so it is not one `key: value` field; {quote_hint}")
            } else if rendered.contains("unclosed quote") {
                format!("the quote opened in `{written}` is never closed; end the value with the same quote mark")
            } else if rendered.contains("unclosed bracket") || rendered.contains("illegal placement of ':'") {
                format!("a `[` or `{{` opened on or above `{written}` is not closed; close the list with `]` or the table with `}}`, or {quote_hint}")
            } else if rendered.contains("trailing content after") {
                format!("`{written}` has text after its closing quote; {quote_hint}")
            } else if rendered.contains("unexpected character") {
                format!("`{written}` starts its value with a character YAML keeps for itself; {quote_hint}")
            } else if rendered.contains("simple key expected") || rendered.contains("could not find expected ':'") {
                format!("`{written}` is not a `key: value` field; the lines of a multi-line text or of a list are indented under their key")
            } else if rendered.contains("tab") {
                "YAML does not allow tab characters for indenting; indent with spaces".to_string()
            } else if rendered.contains("anchor") || rendered.contains("alias") {
                format!("`{written}` uses `&` or `*`, which YAML reads as an anchor or alias; {quote_hint}")
            } else if rendered.contains("tag") {
                format!("`{written}` starts with `!`, which YAML reads as a type tag; {quote_hint}")
            } else {
                format!("`{written}` cannot be read as YAML; {quote_hint}")
            }
        }
    };
    FrontMatterError {
        kind: ContentErrorKind::InvalidFrontMatter,
        line: Some(line),
        column,
        message: format!("invalid YAML front matter: {message}"),
    }
}

fn parse_toml(split: &Split<'_>) -> Result<Map<String, Value>, FrontMatterError> {
    let table: toml::Table = toml::from_str(split.front).map_err(|error| {
        let offset = error.span().map(|span| span.start);
        let line = offset.map_or(1, |at| line_of_offset(split.front, at));
        let written = crate::text::excerpt(split.front.lines().nth(line - 1).unwrap_or(""));
        FrontMatterError::new(
            ContentErrorKind::InvalidFrontMatter,
            split.front_line + line - 1,
            format!(
                "invalid TOML front matter: {}",
                toml_message(error.message(), &written)
            ),
        )
    })?;
    match toml_to_json(toml::Value::Table(table)) {
        Value::Object(map) => Ok(map),
        _ => Err(not_fields(split.front_line)),
    }
}

/// Converts TOML to the generic tree, writing dates as the strings YAML authors would write.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        // `nan` and `inf` stay the text written: no field holds them as numbers.
        toml::Value::Float(f) if f.is_nan() => Value::String("nan".to_string()),
        toml::Value::Float(f) if !f.is_finite() => Value::String(f.to_string()),
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
        Format::Json => split
            .front
            .lines()
            .position(|line| line.contains(&format!("\"{key}\"")))
            .map(|at| at + 1),
        Format::None => None,
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
        let map = parse(&split).unwrap().map;
        assert_eq!(map["date"], "2023-10-29T10:00:00+05:00");
        assert_eq!(split.body, "body\n");
        assert_eq!(line_of_field(&split, "date"), Some(3));
    }

    #[test]
    fn a_lost_opening_fence_is_told_from_a_story() {
        let lost = "title: x\ndate: 2023-10-29\ntags:\n  - a\n---\nbody\n";
        assert_eq!(
            split(lost).unwrap_err().kind,
            ContentErrorKind::NoFrontMatter
        );
        let story = "date: Tuesday, and the talks went on.\n\nMore text.\n\n---\n\nEnd.\n";
        assert_eq!(split(story).unwrap().format, Format::None);
        let prose = "title: x\nThe talks resumed.\n---\n";
        assert_eq!(split(prose).unwrap().format, Format::None);
    }

    #[test]
    fn repeated_keys_keep_the_last_and_name_both_lines() {
        let text = "\n\n---\ntitle: one\ndate: 2023-10-29\ntitle: two\ntitle: three\n---\nbody\n";
        let split = split(text).unwrap();
        assert_eq!(split.front_line, 4);
        let fields = parse(&split).unwrap();
        assert_eq!(fields.map["title"], "three");
        assert_eq!(
            fields.repeated,
            [Repeated {
                key: "title".to_string(),
                first_line: 4,
                last_line: 7
            }]
        );
    }

    #[test]
    fn json_front_matter_is_one_object_at_the_top() {
        let text = "{\n  \"title\": \"x\",\n  \"date\": \"2023-10-29\"\n}\nbody {not json}\n";
        let split = split(text).unwrap();
        assert_eq!(split.format, Format::Json);
        assert_eq!(split.body, "body {not json}\n");
        assert_eq!(parse(&split).unwrap().map["title"], "x");
        assert_eq!(line_of_field(&split, "date"), Some(3));
    }

    #[test]
    fn unclosed_block_is_reported() {
        let error = split("---\ntitle: x\n").unwrap_err();
        assert_eq!(error.kind, ContentErrorKind::UnclosedFrontMatter);
    }
}
