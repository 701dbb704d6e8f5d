//! Markdown to HTML, with the extras news copy needs: tables, footnotes, strikethrough, smart
//! punctuation and heading ids for deep links; plus the summary shown in story lists.
//!
//! The body is parsed once into events; the summary is cut from those same events rather
//! than parsed again.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// An article body in the forms the site needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedBody {
    /// The whole body as HTML.
    pub html: String,
    /// The summary as HTML: the part before the more marker, else the first paragraph.
    pub summary_html: String,
    /// The same summary as plain text, for meta descriptions and feeds.
    pub summary_text: String,
    /// Every heading, in order, for a table of contents.
    pub toc: Vec<Heading>,
    /// Words in the body, for reading time.
    pub word_count: usize,
}

/// One heading of a body, with the id it can be linked by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, ...
    pub level: u8,
    pub id: String,
    /// The heading's text, without markup.
    pub title: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders an article body and picks its summary.
pub fn render_body(markdown: &str) -> RenderedBody {
    let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    keep_shortcodes_visible(&mut events);
    let toc = give_headings_ids(&mut events);
    let word_count = count_words(&events);

    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html, events.iter().cloned());

    let summary = match more_marker_position(&events) {
        Some(end) => &events[..end],
        None => first_paragraph(&events),
    };
    let mut summary_html = String::new();
    html::push_html(&mut summary_html, summary.iter().cloned());
    RenderedBody {
        html,
        summary_html: summary_html.trim_end().to_string(),
        summary_text: plain_text(summary),
        toc,
        word_count,
    }
}

/// Renders a short piece of Markdown, such as a front-matter summary, to HTML and plain text.
pub fn render_fragment(markdown: &str) -> (String, String) {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let mut fragment = String::new();
    html::push_html(&mut fragment, events.iter().cloned());
    (fragment.trim_end().to_string(), plain_text(&events))
}

/// A Hugo shortcode written without spaces, `{{<figure src="x">}}`, looks like an HTML tag
/// to Markdown and would vanish into the page unseen; it is turned back into text, so it shows
/// (and the build warns about it) like every other shortcode.
fn keep_shortcodes_visible(events: &mut [Event<'_>]) {
    for index in 1..events.len() {
        let after_braces = matches!(&events[index - 1], Event::Text(text) if text.ends_with("{{"));
        if after_braces && let Event::InlineHtml(html) = &events[index] {
            events[index] = Event::Text(html.clone());
        }
    }
}

/// Renders one line of Markdown, such as a correction, as inline HTML: a lone paragraph loses
/// its `<p>` so the text can sit beside a date.
pub fn render_inline(markdown: &str) -> String {
    let (html, _) = render_fragment(markdown);
    match html
        .strip_prefix("<p>")
        .and_then(|inner| inner.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// Gives every heading without an explicit `{#id}` one made from its text, unique in the body,
/// and lists every heading for the table of contents.
fn give_headings_ids(events: &mut [Event<'_>]) -> Vec<Heading> {
    let mut toc = Vec::new();
    let mut taken: HashSet<String> = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut index = 0;
    while index < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[index] {
            let level = *level as u8;
            let explicit = id.as_ref().map(|id| id.to_string());
            let end = events[index..]
                .iter()
                .position(|event| matches!(event, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |offset| index + offset);
            let title = plain_text(&events[index + 1..end]);
            let id = match explicit {
                Some(id) => id,
                None => {
                    let base = match slug::slugify(&title) {
                        text if text.is_empty() => "section".to_string(),
                        text => text,
                    };
                    let mut id = base.clone();
                    let mut n = 1;
                    while taken.contains(&id) {
                        id = format!("{base}-{n}");
                        n += 1;
                    }
                    taken.insert(id.clone());
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[index] {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    id
                }
            };
            toc.push(Heading { level, id, title });
            index = end;
        }
        index += 1;
    }
    toc
}

/// Where the body's own summary ends: the block holding only the more marker.
fn more_marker_position(events: &[Event<'_>]) -> Option<usize> {
    let at = events.iter().position(|event| {
        matches!(event, Event::Html(text) | Event::InlineHtml(text) if is_more_marker(text))
    })?;
    match at.checked_sub(1).map(|before| &events[before]) {
        Some(Event::Start(Tag::HtmlBlock)) => Some(at - 1),
        Some(Event::Start(Tag::Paragraph)) => Some(at - 1),
        _ => Some(at),
    }
}

/// `<!-- more -->`, also written without spaces as Hugo's `<!--more-->`.
fn is_more_marker(html: &str) -> bool {
    let squeezed: String = html.chars().filter(|c| !c.is_whitespace()).collect();
    squeezed == "<!--more-->"
}

/// The events of the body's first top-level paragraph, or nothing.
fn first_paragraph<'e, 'a>(events: &'e [Event<'a>]) -> &'e [Event<'a>] {
    let mut depth = 0usize;
    let mut start = None;
    for (index, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => start = Some(index),
            Event::End(TagEnd::Paragraph) if depth == 1 => {
                if let Some(start) = start {
                    return &events[start..=index];
                }
            }
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    &[]
}

/// How many words the readable text of some events has (as [`plain_text`] would give it),
/// counting only those with a letter or digit, so a lone dash is not a word. Counted in
/// place: a body's whole text is never built for it.
fn count_words(events: &[Event<'_>]) -> usize {
    let mut count = 0;
    // Within a word, and whether it has a letter or digit yet.
    let mut word: Option<bool> = None;
    let mut end_word = |word: &mut Option<bool>| {
        if word.take() == Some(true) {
            count += 1;
        }
    };
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => {
                for c in t.chars() {
                    if c.is_whitespace() {
                        end_word(&mut word);
                    } else {
                        let alphanumeric = c.is_alphanumeric();
                        word = Some(word.unwrap_or(false) || alphanumeric);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => end_word(&mut word),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => end_word(&mut word),
            _ => {}
        }
    }
    end_word(&mut word);
    count
}

/// The readable text of some events: words and code, without markup or footnote marks.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_in_the_plain_text() {
        for markdown in [
            "What's next -- and *why* it\u{2019}s `code` here.\n\n- one\n- two\n\n|a|b|\n|-|-|\n|1|2|\n",
            "Ein Stra\u{df}enfest\u{a0}am Fluss \u{2014} \u{4e2d}\u{6587} wor*ds*joined\nnext line",
            "",
            "  --  \n\n# Heading\nText",
        ] {
            let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
            let expected = plain_text(&events)
                .split_whitespace()
                .filter(|word| word.chars().any(char::is_alphanumeric))
                .count();
            assert_eq!(count_words(&events), expected, "{markdown:?}");
        }
    }

    #[test]
    fn smart_punctuation_tables_and_heading_ids() {
        let body = render_body(
            "## What's next\n\n\"Quoted\" -- and --- done\n\n## What's next\n\n|a|b|\n|-|-|\n|1|2|\n",
        );
        assert!(body.html.contains("<h2 id=\"what-s-next\">"));
        assert!(body.html.contains("<h2 id=\"what-s-next-1\">"));
        assert!(
            body.html
                .contains("\u{201c}Quoted\u{201d} \u{2013} and \u{2014} done")
        );
        assert!(body.html.contains("<table>"));
        let ids: Vec<&str> = body.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["what-s-next", "what-s-next-1"]);
        assert_eq!(body.toc[0].title, "What\u{2019}s next");
        assert_eq!(body.toc[0].level, 2);
        assert_eq!(body.word_count, 11);
    }

    #[test]
    fn shortcodes_stay_visible() {
        let body = render_body("See {{<figure src=\"map.png\">}} and {{< youtube abc >}}.");
        assert!(
            body.html.contains("{{&lt;figure src=\"map.png\"&gt;}}"),
            "{}",
            body.html
        );
        assert!(
            body.html.contains("{{&lt; youtube abc &gt;}}"),
            "{}",
            body.html
        );
    }

    #[test]
    fn summary_is_the_first_paragraph() {
        let body = render_body("# Head\n\n> quote\n\nFirst *para*.\n\nSecond.\n");
        assert_eq!(body.summary_html, "<p>First <em>para</em>.</p>");
        assert_eq!(body.summary_text, "First para.");
    }

    #[test]
    fn summary_stops_at_the_more_marker() {
        let body = render_body("One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n");
        assert_eq!(body.summary_html, "<p>One.</p>\n<p>Two.</p>");
        assert_eq!(body.summary_text, "One. Two.");
        let hugo = render_body("One.\n\n<!--more-->\n\nTwo.\n");
        assert_eq!(hugo.summary_text, "One.");
    }
}
