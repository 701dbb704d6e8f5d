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
    /// The command was asked for something it must refuse, such as an output folder that
    /// would swallow the site's own sources.
    #[error("{0}")]
    Usage(String),
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
    /// An article file is a symbolic link that leads nowhere, or a folder link that loops.
    BrokenLink,
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
    let mut text = match errors.len() {
        1 => "1 article has a problem; nothing was written:".to_string(),
        n => format!("{n} problems in articles; nothing was written:"),
    };
    for error in errors {
        text.push_str("\n  ");
        text.push_str(&error.to_string());
    }
    text
}

/// Shorthand for results whose error is a build [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
