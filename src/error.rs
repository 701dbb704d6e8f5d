//! The errors a build can end with.
//!
//! Every error names the file it is about (and the line, where there is one), says what is
//! wrong and how to fix it. Content errors are collected across the whole build so that an
//! editor sees every broken article at once instead of fixing them one build at a time.

use std::fmt;
use std::path::{Path, PathBuf};

/// Why a build stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: could not {action}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// `newsroom.toml` is malformed or holds a value newsroom cannot use.
    #[error("{0}")]
    Config(Located),
    /// One or more articles could not be read; all of them are listed.
    #[error("{}", list_content_errors(.0))]
    Content(Vec<ContentError>),
    /// A template of the site failed to parse or to render.
    #[error("{0}")]
    Template(String),
    /// Two things want to be written to the same place in the output.
    #[error("{0}")]
    Route(String),
    /// One or more photos could not be processed; all of them are listed.
    #[error("{0}")]
    Images(crate::images::ImageErrors),
    /// The command was asked for something it must refuse, such as an output folder that
    /// would swallow the site's own sources.
    #[error("{0}")]
    Usage(String),
    /// The search index (`search = true`) could not be made.
    #[error("{0}")]
    Search(String),
}

impl Error {
    /// Wraps an I/O error with the path it happened on, so no error reaches the user nameless.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// A problem in a settings file (`newsroom.toml`, `data/authors.toml`) at a line.
    pub fn config(path: &Path, line: Option<usize>, message: String) -> Self {
        Error::Config(Located {
            path: path.to_path_buf(),
            line,
            column: None,
            message,
        })
    }
}

/// A message about one place in one file: `path:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The file, relative to the site root where possible, as the user would type it.
    pub path: PathBuf,
    /// 1-based line, when the problem sits on one.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// What kind of problem an article has, for callers (and tests) that need to tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentErrorKind {
    /// The file is not UTF-8 text.
    NotUtf8,
    /// The file does not start with a front-matter block.
    NoFrontMatter,
    /// The front-matter block is opened but never closed.
    UnclosedFrontMatter,
    /// The YAML or TOML of the front matter does not parse.
    InvalidFrontMatter,
    /// A required field is absent.
    MissingField,
    /// A field holds a value of the wrong kind.
    InvalidField,
    /// A date is in no form newsroom reads.
    InvalidDate,
    /// Two articles would be written to the same URL.
    UrlCollision,
    /// A URL the article asks for cannot be a file (a NUL, a name too long, a reserved name).
    UnwritablePath,
    /// An article file is a symbolic link that leads nowhere, or a folder link that loops.
    BrokenLink,
    /// A link to another story in a body (`story`, `ref`, `post_url`, `link`) names no
    /// published story.
    MissingStory,
    /// A shortcode in a body refused its arguments (`throw`) or its template failed.
    Shortcode,
}

/// One problem with one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub kind: ContentErrorKind,
    pub place: Located,
}

impl ContentError {
    pub fn new(kind: ContentErrorKind, path: &Path, line: Option<usize>, message: String) -> Self {
        ContentError {
            kind,
            place: Located {
                path: path.to_path_buf(),
                line,
                column: None,
                message,
            },
        }
    }

    /// Adds the column, for parsers that report one.
    pub fn at_column(mut self, column: Option<usize>) -> Self {
        self.place.column = column;
        self
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.place.fmt(f)
    }
}

fn list_content_errors(errors: &[ContentError]) -> String {
    let mut text = content_errors_header(errors.len());
    for error in errors {
        text.push_str("\n  ");
        text.push_str(&error.to_string());
    }
    text
}

/// The line above a list of `count` content errors.
fn content_errors_header(count: usize) -> String {
    match count {
        1 => "1 article has a problem; nothing was written:".to_string(),
        n => format!("{n} problems in articles; nothing was written:"),
    }
}

/// Shorthand for results whose error is a build [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The compiler-style picture of a place in a file, printed under its message: the line it
/// names and a caret under the column (or a line under the whole value when no column is
/// known), labelled with the fix the message gives. `file_text` is the whole file; `styled`
/// adds colour, for terminals only. `None` when the place has no line, or the file no
/// longer holds it.
pub fn snippet(place: &Located, file_text: &str, styled: bool) -> Option<String> {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    let number = place.line?;
    let line = file_text.lines().nth(number.checked_sub(1)?)?;
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let span = match place.column {
        Some(column) => {
            let start = line
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(line.len(), |(at, _)| at);
            let end = line[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            start..end
        }
        None => {
            let start = line.len() - line.trim_start().len();
            start..line.trim_end().len().max(start)
        }
    };
    let hint = fix_of(&place.message);
    let mut annotation = AnnotationKind::Primary.span(span);
    if let Some(hint) = hint {
        annotation = annotation.label(hint);
    }
    let report = [Group::with_level(Level::ERROR).element(
        Snippet::source(line)
            .line_start(number)
            .annotation(annotation),
    )];
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    Some(renderer.render(&report))
}

/// The fix a message gives: what follows its first "; " outside parentheses.
fn fix_of(message: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (at, c) in message.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ';' if depth == 0 && message[at..].starts_with("; ") => {
                return Some(&message[at + 2..]);
            }
            _ => {}
        }
    }
    None
}

/// The whole report of an error for a terminal or a log: `error: ` and its message as
/// [`Display`](fmt::Display) writes it, and under each line that names a place in a file the
/// compiler-style [`snippet`] of that line. `read` gives the text of a file named in the
/// error (paths are relative to the site folder), or `None` to leave its snippet out.
pub fn render_report(
    error: &Error,
    read: impl Fn(&Path) -> Option<String>,
    styled: bool,
) -> String {
    let mut text = String::new();
    let place_with_snippet = |text: &mut String, place: &Located, indent: &str| {
        text.push_str(&format!("{indent}{place}\n"));
        if let Some(shown) = read(&place.path).and_then(|file| snippet(place, &file, styled)) {
            for line in shown.lines() {
                text.push_str(indent);
                text.push_str(line);
                text.push('\n');
            }
        }
    };
    match error {
        Error::Content(problems) => {
            text.push_str(&format!(
                "error: {}\n",
                content_errors_header(problems.len())
            ));
            for problem in problems {
                place_with_snippet(&mut text, &problem.place, "  ");
            }
        }
        Error::Config(place) => {
            text.push_str("error: ");
            place_with_snippet(&mut text, place, "");
        }
        other => text.push_str(&format!("error: {other}\n")),
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(line: usize, column: Option<usize>) -> Located {
        Located {
            path: PathBuf::from("content/a.md"),
            line: Some(line),
            column,
            message: "invalid YAML front matter: did not find ','; close the list with ]"
                .to_string(),
        }
    }

    #[test]
    fn a_snippet_shows_the_line_and_a_caret_under_the_column() {
        let text = "---\ntitle: x\ntags: [a, b\n---\n";
        assert_eq!(
            snippet(&place(3, Some(7)), text, false).unwrap(),
            "  |\n3 | tags: [a, b\n  |       ^ close the list with ]"
        );
        // Without a column, the whole value is marked.
        assert_eq!(
            snippet(&place(2, None), text, false).unwrap(),
            "  |\n2 | title: x\n  | ^^^^^^^^ close the list with ]"
        );
        assert_eq!(snippet(&place(9, None), text, false), None);
    }

    #[test]
    fn a_report_keeps_each_message_line_and_adds_its_snippet() {
        let error = Error::Content(vec![ContentError {
            kind: ContentErrorKind::InvalidFrontMatter,
            place: place(3, Some(7)),
        }]);
        let text = "---\ntitle: x\ntags: [a, b\n---\n".to_string();
        let report = render_report(&error, |_| Some(text.clone()), false);
        assert_eq!(
            report,
            "error: 1 article has a problem; nothing was written:\n  content/a.md:3:7: invalid YAML front matter: did not find ','; close the list with ]\n    |\n  3 | tags: [a, b\n    |       ^ close the list with ]\n"
        );
        assert_eq!(
            render_report(&error, |_| None, false),
            format!("error: {error}\n")
        );
    }
}
