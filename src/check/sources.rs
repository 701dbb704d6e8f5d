//! Where in an article's file each address of its body was written, so a broken link found
//! in a rendered page can be reported at the line of the Markdown that made it.
//!
//! The body is parsed again with pulldown-cmark's offset iterator, which gives every link,
//! image and footnote reference with its byte range in the body; the body's place in the
//! file turns that into a line of the file. Raw HTML in the body is read by the same HTML
//! tokenizer as the rendered pages.

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::html;
use crate::content;

/// The addresses one article's file writes, each with the first line that writes it: as
/// written (compared by [`key`]), and resolved against the article's own page, for the
/// addresses the theme rewrites (a lead image becomes an absolute URL).
#[derive(Debug, Default)]
pub struct Origins {
    lines: HashMap<String, usize>,
    resolved: HashMap<String, usize>,
}

impl Origins {
    /// Reads the addresses of an article file's text: those of its body, and its lead `image`.
    pub fn of_article(text: &str, image: Option<&str>) -> Origins {
        let mut origins = Origins::default();
        let Some(offset) = content::body_offset(text) else {
            return origins;
        };
        let (front, body) = text.split_at(offset);
        let body_line = front.matches('\n').count() + 1;
        for (value, line) in body_addresses(body) {
            origins.add(&value, body_line + line - 1);
        }
        if let Some(image) = image {
            let line = crate::text::line_of_yaml_key(front, "image")
                .or_else(|| line_starting(front, "image"))
                .unwrap_or(1);
            origins.add(image, line);
        }
        origins
    }

    fn add(&mut self, value: &str, line: usize) {
        self.lines.entry(key(value)).or_insert(line);
    }

    /// Resolves every address against the URL of the article's page.
    pub fn resolve_against(&mut self, page: &url::Url) {
        for (value, &line) in &self.lines {
            if let Ok(url) = page.join(value) {
                self.resolved.entry(url.to_string()).or_insert(line);
            }
        }
    }

    /// Every address the file writes (compared by [`key`]), with its line.
    pub fn lines(&self) -> impl Iterator<Item = (&str, usize)> {
        self.lines
            .iter()
            .map(|(value, &line)| (value.as_str(), line))
    }

    /// The line that writes `value`, if this file writes it.
    pub fn line_of(&self, value: &str) -> Option<usize> {
        self.lines.get(&key(value)).copied()
    }

    /// The line that writes an address which, resolved against the article's page, is `url`.
    pub fn line_of_resolved(&self, url: &url::Url) -> Option<usize> {
        self.resolved.get(url.as_str()).copied()
    }
}

/// How an address is compared between the Markdown and the page: Markdown percent-encodes
/// some characters when it writes a link (`a b` becomes `a%20b`), so both sides are compared
/// decoded.
pub fn key(value: &str) -> String {
    percent_encoding::percent_decode_str(value.trim())
        .decode_utf8_lossy()
        .into_owned()
}

/// The first line of `text` that starts with `key` (a TOML `image = ...`).
fn line_starting(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
        })
        .map(|index| index + 1)
}

/// The Markdown options the site renders bodies with; links do not depend on the others.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Every address a Markdown body writes, with its 1-based line in the body.
pub fn body_addresses(body: &str) -> Vec<(String, usize)> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&start| start <= offset);
    let mut found = Vec::new();
    let mut in_html_block = false;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                found.push((dest_url.to_string(), line_of(range.start)));
            }
            Event::FootnoteReference(name) => {
                found.push((format!("#{name}"), line_of(range.start)));
            }
            Event::Start(Tag::HtmlBlock) => {
                in_html_block = true;
                html_addresses(body, range, &line_of, &mut found);
            }
            Event::End(TagEnd::HtmlBlock) => in_html_block = false,
            Event::InlineHtml(_) | Event::Html(_) if !in_html_block => {
                html_addresses(body, range, &line_of, &mut found);
            }
            _ => {}
        }
    }
    found
}

/// The addresses of the raw HTML at `range` of the body. The tokenizer knows the line a tag
/// ends on; an attribute on an earlier line of a long tag is found by its text.
fn html_addresses(
    body: &str,
    range: std::ops::Range<usize>,
    line_of: &dyn Fn(usize) -> usize,
    found: &mut Vec<(String, usize)>,
) {
    let snippet = &body[range.clone()];
    let mut cursor = 0;
    for address in html::scan(snippet).addresses {
        let line = match snippet[cursor..].find(&address.value) {
            Some(at) => {
                cursor += at + address.value.len();
                line_of(range.start + cursor - address.value.len())
            }
            None => line_of(range.start) + address.line - 1,
        };
        found.push((address.value, line));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_on_their_lines() {
        let body = concat!(
            "First [a](/a/) line.\n",
            "\n",
            "![pic](img/p%20q.png) and [ref][r] and a note[^n].\n",
            "\n",
            "<figure>\n",
            "  <img src=\"/b.png\"\n",
            "       srcset=\"/b-2x.png 2x\">\n",
            "</figure>\n",
            "\n",
            "Inline <a href=\"/c/\">c</a>.\n",
            "\n",
            "[r]: /ref/#part\n",
            "[^n]: The note.\n",
        );
        assert_eq!(
            body_addresses(body),
            [
                ("/a/".to_string(), 1),
                ("img/p%20q.png".to_string(), 3),
                ("/ref/#part".to_string(), 3),
                ("#n".to_string(), 3),
                ("/b.png".to_string(), 6),
                ("/b-2x.png".to_string(), 7),
                ("/c/".to_string(), 10),
            ]
        );
    }

    #[test]
    fn lines_count_from_the_top_of_the_file() {
        let text = "---\ntitle: T\nimage: lead.jpg\n---\n\nSee [x](/x/).\n";
        let origins = Origins::of_article(text, Some("lead.jpg"));
        assert_eq!(origins.line_of("/x/"), Some(6));
        assert_eq!(origins.line_of("lead.jpg"), Some(3));
        let toml = "+++\ntitle = \"T\"\nimage = \"lead.jpg\"\n+++\nSee [x](/x/).\n";
        let origins = Origins::of_article(toml, Some("lead.jpg"));
        assert_eq!(origins.line_of("/x/"), Some(5));
        assert_eq!(origins.line_of("lead.jpg"), Some(3));
    }
}
