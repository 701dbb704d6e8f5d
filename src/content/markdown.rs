//! Markdown to HTML, with the extras news copy needs: tables, footnotes, strikethrough, smart
//! punctuation and heading ids for deep links; plus the summary shown in story lists.
//!
//! The body is parsed once into events; the summary is cut from those same events rather
//! than parsed again. Fenced code is highlighted (see [`super::highlight`]) only as the events
//! are written out as HTML, so words and summaries read the code as the writer typed it.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd, html};
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

use super::highlight;

/// An article body in the forms the site needs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RenderedBody {
    /// The whole body as HTML.
    pub html: String,
    /// The summary as HTML, for list pages: the front matter's summary when it has words,
    /// else the part of the body before the more marker, else its first paragraph.
    pub summary_html: String,
    /// The same summary as plain text, for meta descriptions and feeds.
    pub summary_text: String,
    /// Every heading, in order, for a table of contents.
    pub toc: Vec<Heading>,
    /// Words in the body, for reading time.
    pub word_count: usize,
}

/// One heading of a body, with the id it can be linked by.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, ...
    pub level: u8,
    pub id: String,
    /// The heading's text, without markup.
    pub title: String,
}

/// What shapes the rendering of one body besides its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct BodyOptions<'a> {
    /// How headings without an explicit id get one.
    pub heading_ids: HeadingIds,
    /// The summary written in front matter (`summary:`, or a migrated `description:` or
    /// `excerpt:`); one that is empty or blank gives way to the body's own.
    pub summary: Option<&'a str>,
    /// Whether fenced code is left uncoloured (`highlight = false` in `newsroom.toml`);
    /// highlighting is the default.
    pub plain_code: bool,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders an article body and picks its summary.
pub fn render_body(markdown: &str, body_options: &BodyOptions<'_>) -> RenderedBody {
    let (mut events, ranges): (Vec<Event<'_>>, Vec<Range<usize>>) =
        Parser::new_ext(markdown, options())
            .into_offset_iter()
            .unzip();
    let rule = body_options.heading_ids.for_file(false);
    let toc = give_headings_ids(&mut events, &ranges, markdown, rule);
    let word_count = count_words(&events);
    // After the steps that pair events with their source ranges, since this one adds events.
    let events = titled_images_as_figures(events);

    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    let shown = with_code_highlighted(&events, body_options.plain_code);
    html::push_html(&mut html, shown.iter().cloned());

    let written = body_options
        .summary
        .filter(|summary| !summary.trim().is_empty());
    let (summary_html, summary_text) = match written {
        Some(summary) => render_summary(summary, body_options.plain_code),
        None => {
            let summary = match more_marker_position(&events) {
                Some(end) => &events[..end],
                None => first_paragraph(&events),
            };
            summary_forms(&without_page_only_links(summary), body_options.plain_code)
        }
    };
    RenderedBody {
        html,
        summary_html,
        summary_text,
        toc,
        word_count,
    }
}

/// Renders a short piece of Markdown, such as an author's bio, to HTML and plain text.
pub fn render_fragment(markdown: &str) -> (String, String) {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let mut fragment = String::new();
    html::push_html(&mut fragment, events.iter().cloned());
    (fragment.trim_end().to_string(), plain_text(&events))
}

/// Renders a summary written in front matter for list pages, as HTML and plain text, without
/// the links that only work on the article's page.
fn render_summary(markdown: &str, plain_code: bool) -> (String, String) {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    summary_forms(&without_page_only_links(&events), plain_code)
}

/// A summary's events as HTML and as plain text.
fn summary_forms(events: &[Event<'_>], plain_code: bool) -> (String, String) {
    let mut summary_html = String::new();
    let shown = with_code_highlighted(events, plain_code);
    html::push_html(&mut summary_html, shown.iter().cloned());
    (summary_html.trim_end().to_string(), plain_text(events))
}

/// The events with each fenced code block in a language the highlighter knows replaced by
/// its highlighted HTML. Blocks in other languages, indented blocks and blocks without a
/// language stay as they are, for Markdown to write plain and escaped; a body without code
/// is not copied.
fn with_code_highlighted<'e, 'a>(
    events: &'e [Event<'a>],
    plain_code: bool,
) -> Cow<'e, [Event<'a>]> {
    let fenced = |event: &Event<'_>| matches!(event, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if !info.is_empty());
    if plain_code || !events.iter().any(fenced) {
        return Cow::Borrowed(events);
    }
    let mut shown = Vec::with_capacity(events.len());
    let mut index = 0;
    while index < events.len() {
        let event = &events[index];
        index += 1;
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event else {
            shown.push(event.clone());
            continue;
        };
        let end = events[index..]
            .iter()
            .position(|event| matches!(event, Event::End(TagEnd::CodeBlock)))
            .map_or(events.len(), |offset| index + offset);
        let code: String = events[index..end]
            .iter()
            .filter_map(|event| match event {
                Event::Text(text) => Some(text.as_ref()),
                _ => None,
            })
            .collect();
        match highlight::highlight(&code, highlight::language_of(info)) {
            Some(html) => {
                shown.push(Event::Html(html.into()));
                index = end + 1;
            }
            None => shown.push(event.clone()),
        }
    }
    Cow::Owned(shown)
}

/// A headline with the typography bodies get: straight quotes and apostrophes curled,
/// `--` and `---` made dashes, `...` an ellipsis, by the same rules (pulldown-cmark's smart
/// punctuation) as the story below it.
///
/// Only those marks change. A headline is not Markdown, so asterisks, backslashes, tags and
/// entities stay as written; the marks are found by reading the headline as Markdown and
/// taking only the replacements, each at its place in the original text. Slugs are made from
/// file names or `slug:`, never from this, so no URL moves.
pub fn smart_headline(title: &str) -> Cow<'_, str> {
    if !title.contains(['\'', '"', '-', '.']) {
        return Cow::Borrowed(title);
    }
    let is_typographic = |text: &str| {
        !text.is_empty()
            && text.chars().all(|c| {
                matches!(
                    c,
                    '\u{2018}'
                        | '\u{2019}'
                        | '\u{201c}'
                        | '\u{201d}'
                        | '\u{2013}'
                        | '\u{2014}'
                        | '\u{2026}'
                )
            })
    };
    let is_plain_mark = |text: &str| text.chars().all(|c| matches!(c, '\'' | '"' | '-' | '.'));
    let mut smart = String::with_capacity(title.len() + 8);
    let mut copied = 0;
    let events = Parser::new_ext(title, Options::ENABLE_SMART_PUNCTUATION).into_offset_iter();
    for (event, range) in events {
        let Event::Text(text) = event else { continue };
        let Some(source) = title.get(range.clone()) else {
            continue;
        };
        if range.start >= copied && is_typographic(&text) && is_plain_mark(source) {
            smart.push_str(&title[copied..range.start]);
            smart.push_str(&text);
            copied = range.end;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(title);
    }
    smart.push_str(&title[copied..]);
    Cow::Owned(smart)
}

/// A paragraph holding nothing but an image with a title, `![alt](photo.jpg "Caption")`,
/// becomes a figure whose caption is that title, as newsrooms caption their photos; the alt
/// text stays the image's alt. An image inside a sentence keeps its title as a tooltip.
fn titled_images_as_figures(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut index = 0;
    while index < events.len() {
        if let Some((end, title)) = lone_titled_image(&events, index) {
            out.push(Event::Html("<figure>".into()));
            for event in &events[index + 1..end] {
                match event {
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        id,
                        ..
                    }) => out.push(Event::Start(Tag::Image {
                        link_type: *link_type,
                        dest_url: dest_url.clone(),
                        title: "".into(),
                        id: id.clone(),
                    })),
                    other => out.push(other.clone()),
                }
            }
            out.push(Event::Html("<figcaption>".into()));
            out.push(Event::Text(title));
            out.push(Event::Html("</figcaption></figure>\n".into()));
            index = end + 1;
        } else {
            out.push(events[index].clone());
            index += 1;
        }
    }
    out
}

/// When the paragraph starting at `start` holds one image with a title and nothing else
/// but blank text, the index of its closing event and the title.
fn lone_titled_image<'a>(events: &[Event<'a>], start: usize) -> Option<(usize, CowStr<'a>)> {
    if !matches!(events.get(start), Some(Event::Start(Tag::Paragraph))) {
        return None;
    }
    let mut at = start + 1;
    while matches!(events.get(at), Some(Event::Text(text)) if text.trim().is_empty()) {
        at += 1;
    }
    let Some(Event::Start(Tag::Image { title, .. })) = events.get(at) else {
        return None;
    };
    if title.trim().is_empty() {
        return None;
    }
    let title = title.clone();
    let mut depth = 0;
    loop {
        match events.get(at)? {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        at += 1;
    }
    at += 1;
    while matches!(events.get(at), Some(Event::Text(text)) if text.trim().is_empty()) {
        at += 1;
    }
    let closes = matches!(events.get(at), Some(Event::End(TagEnd::Paragraph)));
    closes.then_some((at, title))
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

/// How heading ids are made: newsroom's own rule, or the rule of the generator a migrated
/// site was built with, so that links to `#a-heading` written for the old site still land.
///
/// An explicit id (`## Heading {#id}`) always wins over every rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum HeadingIds {
    /// Jekyll's rule for posts in `_posts/` and `_drafts/`, newsroom's for every other file.
    #[default]
    Auto,
    /// newsroom's own, stable rule: the heading's text as a slug (ASCII letters and digits
    /// joined by single hyphens, other scripts transliterated), `section` when that is empty.
    Newsroom,
    /// Jekyll's default Markdown (kramdown with GFM input): the heading's text lowercased,
    /// every character that is not a letter, mark, digit, `_`, `-`, space or tab dropped,
    /// then each space or tab made a hyphen.
    Jekyll,
    /// Hugo's default (Goldmark, `autoHeadingIDType = "github"`): the heading's Markdown
    /// source, lowercased, keeping letters, digits and `_`, each space, tab or `-` a hyphen,
    /// everything else dropped; `heading` when that is empty.
    Hugo,
    /// Zola's default (`slugify.anchors = "on"`): the heading's text as a slug, which is
    /// newsroom's own rule.
    Zola,
}

impl HeadingIds {
    /// Every rule by the name `heading_ids` gives it in `newsroom.toml`.
    pub const NAMES: &[(&str, HeadingIds)] = &[
        ("auto", HeadingIds::Auto),
        ("newsroom", HeadingIds::Newsroom),
        ("jekyll", HeadingIds::Jekyll),
        ("hugo", HeadingIds::Hugo),
        ("zola", HeadingIds::Zola),
    ];

    /// The rule called `name`, or a message that names the choices.
    pub fn from_name(name: &str) -> Result<HeadingIds, String> {
        Self::NAMES
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name.trim()))
            .map(|(_, rule)| *rule)
            .ok_or_else(|| {
                let names: Vec<String> = Self::NAMES
                    .iter()
                    .map(|(known, _)| format!("\"{known}\""))
                    .collect();
                format!(
                    "heading_ids \"{name}\" is not a rule newsroom knows; write one of {} (\"auto\" uses Jekyll's for _posts/ and newsroom's elsewhere)",
                    names.join(", ")
                )
            })
    }

    /// The rule for one file: `Auto` decided by whether the file is a Jekyll post.
    pub fn for_file(self, jekyll_post: bool) -> HeadingIds {
        match self {
            HeadingIds::Auto if jekyll_post => HeadingIds::Jekyll,
            HeadingIds::Auto => HeadingIds::Newsroom,
            chosen => chosen,
        }
    }

    /// The id a heading gets before it is made unique.
    fn base(self, heading: &[Event<'_>], source: &str) -> String {
        match self {
            HeadingIds::Auto | HeadingIds::Newsroom | HeadingIds::Zola => {
                match slug::slugify(plain_text(heading)) {
                    id if id.is_empty() => "section".to_string(),
                    id => id,
                }
            }
            HeadingIds::Jekyll => {
                // kramdown reads the heading's text with code spans and entities, and with
                // its typographic quotes and dashes, which are not word characters.
                let mut text = String::new();
                for event in heading {
                    match event {
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        Event::SoftBreak | Event::HardBreak => text.push('\n'),
                        _ => {}
                    }
                }
                let id: String = text
                    .to_lowercase()
                    .chars()
                    .filter_map(|c| match c {
                        ' ' | '\t' | '-' => Some('-'),
                        c if is_ruby_word(c) => Some(c),
                        _ => None,
                    })
                    .collect();
                // kramdown would write `id=""`; an empty id is no id in HTML.
                if id.is_empty() {
                    "section".to_string()
                } else {
                    id
                }
            }
            HeadingIds::Hugo => {
                // Goldmark reads the last source line of the heading, markup and all.
                let line = source.rsplit('\n').next().unwrap_or_default().trim();
                let id: String = line
                    .chars()
                    .filter_map(|c| match c {
                        ' ' | '\t' | '-' => Some('-'),
                        '_' => Some('_'),
                        c if c.general_category_group() == GeneralCategoryGroup::Letter
                            || c.general_category() == GeneralCategory::DecimalNumber =>
                        {
                            c.to_lowercase().next()
                        }
                        _ => None,
                    })
                    .collect();
                if id.is_empty() {
                    "heading".to_string()
                } else {
                    id
                }
            }
        }
    }
}

/// Ruby's `\p{Word}`: letters and other alphabetic characters, marks, decimal digits,
/// connector punctuation such as `_`, and the joiners.
fn is_ruby_word(c: char) -> bool {
    c.is_alphabetic()
        || c.general_category_group() == GeneralCategoryGroup::Mark
        || matches!(
            c.general_category(),
            GeneralCategory::DecimalNumber | GeneralCategory::ConnectorPunctuation
        )
        || c == '\u{200c}'
        || c == '\u{200d}'
}

/// Ids the default theme gives parts of an article page (the skip link's target, the
/// headings of its boxes). A body heading never takes one, so the page keeps every id once.
pub const PAGE_IDS: &[&str] = &[
    "content",
    "toc-heading",
    "corrections-heading",
    "related-stories-heading",
    "latest-stories-heading",
    "pinned-heading",
];

/// Hands out ids unique in one body: the wanted one when it is free, else the first free
/// `wanted-N` (N from 1). Each wanted id remembers where its numbering got to, so a body with
/// forty thousand `## Update` headings takes forty thousand steps, not eight hundred million.
#[derive(Default)]
struct UniqueIds {
    taken: HashSet<String>,
    next_number: HashMap<String, usize>,
}

impl UniqueIds {
    fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let number = self.next_number.entry(wanted.clone()).or_insert(1);
        loop {
            let candidate = format!("{wanted}-{number}");
            *number += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Gives every heading without an explicit `{#id}` one made by `rule`, unique in the body,
/// and lists every heading for the table of contents.
///
/// newsroom's own rule keeps clear of every explicit id in the body. The migrated rules
/// number headings as their generator did: Jekyll counts repeats of the same text (`a`,
/// `a-1`, `a-2`), Hugo and Zola take the first free number; an id that the old generator
/// would have repeated (it could, where a heading's text matches an earlier numbered id) is
/// numbered on until it is unique, which sends old links where browsers sent them: to the
/// first element with that id.
fn give_headings_ids(
    events: &mut [Event<'_>],
    ranges: &[Range<usize>],
    markdown: &str,
    rule: HeadingIds,
) -> Vec<Heading> {
    let mut toc = Vec::new();
    let mut ids = UniqueIds::default();
    ids.taken.extend(PAGE_IDS.iter().map(|id| id.to_string()));
    // Footnotes are linked by their labels, which share the page's ids.
    for event in events.iter() {
        if let Event::Start(Tag::FootnoteDefinition(label)) = event {
            ids.taken.insert(label.to_string());
        }
    }
    if matches!(
        rule,
        HeadingIds::Newsroom | HeadingIds::Auto | HeadingIds::Zola
    ) {
        for event in events.iter() {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
                ids.taken.insert(id.to_string());
            }
        }
    }
    // Jekyll's count of each text's repeats.
    let mut repeats: HashMap<String, usize> = HashMap::new();
    let mut index = 0;
    while index < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[index] {
            let level = *level as u8;
            let explicit = id.as_ref().map(|id| id.to_string());
            let end = events[index..]
                .iter()
                .position(|event| matches!(event, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |offset| index + offset);
            let inner = &events[index + 1..end];
            let title = plain_text(inner);
            let id = match explicit {
                Some(id) => {
                    ids.taken.insert(id.clone());
                    id
                }
                None => {
                    let source = ranges[index + 1..end]
                        .iter()
                        .fold(None, |span: Option<Range<usize>>, range| {
                            Some(span.map_or(range.clone(), |span| {
                                span.start.min(range.start)..span.end.max(range.end)
                            }))
                        })
                        .and_then(|span| markdown.get(span))
                        .unwrap_or_default();
                    let mut wanted = rule.base(inner, source);
                    if rule == HeadingIds::Jekyll {
                        let seen = repeats.entry(wanted.clone()).or_insert(0);
                        if *seen > 0 {
                            wanted = format!("{wanted}-{seen}");
                        }
                        *seen += 1;
                    }
                    let id = ids.claim(wanted);
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

/// The summary's events as list pages show them: without what only works on the article's
/// own page. Footnote marks and notes are left out (a bare number would dangle), links to a
/// `#fragment` of the article become their plain text, and headings lose their ids, which
/// would repeat when several summaries share a page.
fn without_page_only_links<'a>(events: &[Event<'a>]) -> Vec<Event<'a>> {
    let mut kept = Vec::with_capacity(events.len());
    let mut in_footnote = 0usize;
    let mut in_fragment_link = false;
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => in_footnote = in_footnote.saturating_sub(1),
            _ if in_footnote > 0 => {}
            Event::FootnoteReference(_) => {}
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with('#') => {
                in_fragment_link = true;
            }
            Event::End(TagEnd::Link) if in_fragment_link => in_fragment_link = false,
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => kept.push(Event::Start(Tag::Heading {
                level: *level,
                id: None,
                classes: classes.clone(),
                attrs: attrs.clone(),
            })),
            other => kept.push(other.clone()),
        }
    }
    kept
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
    fn a_lone_image_with_a_title_is_a_captioned_figure() {
        let body = render_body(
            "Before.\n\n![Crowds at the gate](gate.jpg \"Crowds <wait> at dawn\")\n\nIn a ![dot](d.png \"tip\") line.\n\n![plain](p.jpg)\n",
            &BodyOptions::default(),
        );
        assert!(
            body.html.contains("<figure><img src=\"gate.jpg\" alt=\"Crowds at the gate\" /><figcaption>Crowds &lt;wait&gt; at dawn</figcaption></figure>"),
            "{}",
            body.html
        );
        assert!(
            body.html
                .contains("<p>In a <img src=\"d.png\" alt=\"dot\" title=\"tip\" /> line.</p>"),
            "{}",
            body.html
        );
        assert!(
            body.html
                .contains("<p><img src=\"p.jpg\" alt=\"plain\" /></p>"),
            "{}",
            body.html
        );
    }

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
            &BodyOptions::default(),
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
    fn headlines_get_the_bodys_typography_and_nothing_else() {
        for (written, shown) in [
            (
                "\"Rain\" isn't coming -- yet...",
                "\u{201c}Rain\u{201d} isn\u{2019}t coming \u{2013} yet\u{2026}",
            ),
            (
                "Talks end --- 'for now'",
                "Talks end \u{2014} \u{2018}for now\u{2019}",
            ),
            ("The '90s in 3-2 win", "The \u{2019}90s in 3-2 win"),
            // Not Markdown: emphasis, escapes, tags, entities and code stay as written.
            (
                "*Not* <b>bold</b> \\\"kept\\\" &amp; `it's`",
                "*Not* <b>bold</b> \\\"kept\\\" &amp; `it's`",
            ),
            // Block syntax does not swallow the text around the marks.
            ("- 2024. \"Year\" ends", "- 2024. \u{201c}Year\u{201d} ends"),
            ("# Plain headline", "# Plain headline"),
            ("", ""),
        ] {
            assert_eq!(smart_headline(written), shown, "{written}");
        }
        // The body's own rules, mark for mark.
        let body = render_inline("\"Rain\" isn't coming -- yet...");
        assert_eq!(body, smart_headline("\"Rain\" isn't coming -- yet..."));
    }

    #[test]
    fn summary_is_the_first_paragraph() {
        let body = render_body(
            "# Head\n\n> quote\n\nFirst *para*.\n\nSecond.\n",
            &BodyOptions::default(),
        );
        assert_eq!(body.summary_html, "<p>First <em>para</em>.</p>");
        assert_eq!(body.summary_text, "First para.");
    }

    #[test]
    fn summary_stops_at_the_more_marker() {
        let body = render_body(
            "One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n",
            &BodyOptions::default(),
        );
        assert_eq!(body.summary_html, "<p>One.</p>\n<p>Two.</p>");
        assert_eq!(body.summary_text, "One. Two.");
        let hugo = render_body("One.\n\n<!--more-->\n\nTwo.\n", &BodyOptions::default());
        assert_eq!(hugo.summary_text, "One.");
    }

    fn ids(markdown: &str, rule: HeadingIds) -> Vec<String> {
        let options = BodyOptions {
            heading_ids: rule,
            ..BodyOptions::default()
        };
        render_body(markdown, &options)
            .toc
            .into_iter()
            .map(|heading| heading.id)
            .collect()
    }

    #[test]
    fn each_generator_makes_ids_by_its_own_rule() {
        let body = "## Contributors to 131.0\n\n## What's new in `v2.1`?\n\n## 2024 in review\n\n\
                    ## Straßenfest & Café\n\n## Q&amp;A: *why*  now\n\n## [Docs](https://x.org/a_b)\n\n\
                    ## !!!\n";
        assert_eq!(
            ids(body, HeadingIds::Newsroom),
            [
                "contributors-to-131-0",
                "what-s-new-in-v2-1",
                "2024-in-review",
                "strassenfest-cafe",
                "q-a-why-now",
                "docs",
                "section",
            ]
        );
        assert_eq!(ids(body, HeadingIds::Zola), ids(body, HeadingIds::Newsroom));
        assert_eq!(
            ids(body, HeadingIds::Jekyll),
            [
                "contributors-to-1310",
                "whats-new-in-v21",
                "2024-in-review",
                "straßenfest--café",
                "qa-why--now",
                "docs",
                "section",
            ]
        );
        assert_eq!(
            ids(body, HeadingIds::Hugo),
            [
                "contributors-to-1310",
                "whats-new-in-v21",
                "2024-in-review",
                "straßenfest--café",
                "qampa-why--now",
                "docshttpsxorga_b",
                "heading",
            ]
        );
        // Goldmark reads only the last line of a multi-line (setext) heading.
        assert_eq!(
            ids("Election\nnight *live*\n===\n", HeadingIds::Hugo),
            ["night-live"]
        );
        assert_eq!(
            ids("Election\nnight *live*\n===\n", HeadingIds::Newsroom),
            ["election-night-live"]
        );
        // Auto: Jekyll's rule only for Jekyll posts.
        assert_eq!(HeadingIds::Auto.for_file(true), HeadingIds::Jekyll);
        assert_eq!(HeadingIds::Auto.for_file(false), HeadingIds::Newsroom);
        assert_eq!(HeadingIds::Hugo.for_file(true), HeadingIds::Hugo);
    }

    #[test]
    fn repeated_headings_are_numbered_as_each_generator_did() {
        let body = "## Update\n\n## Update\n\n## Update 1\n\n## Update\n\n## Kept {#update-3}\n";
        // newsroom, Zola and Hugo take the first free number; newsroom and Zola keep clear of
        // explicit ids written anywhere in the body, Hugo of those written before.
        assert_eq!(
            ids(body, HeadingIds::Newsroom),
            ["update", "update-1", "update-1-1", "update-2", "update-3"]
        );
        assert_eq!(
            ids(body, HeadingIds::Hugo),
            ["update", "update-1", "update-1-1", "update-2", "update-3"]
        );
        // kramdown counts repeats of the same text: the third `Update` is `update-2`; its
        // `Update 1` would repeat `update-1`, and is numbered on instead.
        assert_eq!(
            ids(body, HeadingIds::Jekyll),
            ["update", "update-1", "update-1-1", "update-2", "update-3"]
        );
        let explicit_first = "## Intro {#update}\n\n## Update\n\n## Update\n";
        assert_eq!(
            ids(explicit_first, HeadingIds::Newsroom),
            ["update", "update-1", "update-2"]
        );
        assert_eq!(
            ids(explicit_first, HeadingIds::Hugo),
            ["update", "update-1", "update-2"]
        );
        let explicit_later = "## Update\n\n## Update\n\n## Later {#update-1}\n";
        assert_eq!(
            ids(explicit_later, HeadingIds::Newsroom),
            ["update", "update-2", "update-1"]
        );
        assert_eq!(
            ids(explicit_later, HeadingIds::Hugo),
            ["update", "update-1", "update-1"],
            "Hugo numbers before it sees a later explicit id, and the explicit id wins"
        );
    }

    #[test]
    fn a_live_blog_of_forty_thousand_updates_gets_unique_ids() {
        let body = "## Update\n\nNews.\n\n".repeat(40_000);
        for rule in [HeadingIds::Newsroom, HeadingIds::Jekyll, HeadingIds::Hugo] {
            let ids = ids(&body, rule);
            assert_eq!(ids.len(), 40_000);
            assert_eq!(ids[0], "update");
            assert_eq!(ids[1], "update-1");
            assert_eq!(ids[39_999], "update-39999");
            let unique: HashSet<&String> = ids.iter().collect();
            assert_eq!(unique.len(), ids.len(), "{rule:?}");
        }
    }

    #[test]
    fn summaries_lose_links_that_only_work_on_the_article_page() {
        let body = render_body(
            "## Lead\n\nThe vote[^1] passed, see [the table](#results) and [the law](/law/).\n\n\
             <!-- more -->\n\n## Results\n\n[^1]: By 52 to 48.\n",
            &BodyOptions::default(),
        );
        assert_eq!(
            body.summary_html,
            "<h2>Lead</h2>\n<p>The vote passed, see the table and <a href=\"/law/\">the law</a>.</p>"
        );
        assert_eq!(
            body.summary_text,
            "Lead The vote passed, see the table and the law."
        );
        assert!(body.html.contains("href=\"#results\""));
        assert!(body.html.contains("<h2 id=\"lead\">"));
        let written = render_body(
            "Body.",
            &BodyOptions {
                summary: Some("Short[^n] and [jump](#x).\n\n[^n]: Note."),
                ..BodyOptions::default()
            },
        );
        assert_eq!(written.summary_html, "<p>Short and jump.</p>");
    }

    #[test]
    fn a_blank_written_summary_gives_way_to_the_body() {
        for blank in ["", "  ", "\n"] {
            let body = render_body(
                "The first paragraph.\n\nMore.",
                &BodyOptions {
                    summary: Some(blank),
                    ..BodyOptions::default()
                },
            );
            assert_eq!(body.summary_text, "The first paragraph.");
        }
    }

    #[test]
    fn headings_keep_clear_of_the_pages_own_ids_and_footnotes() {
        let body = "## Content\n\n## Notes\n\nA claim.[^notes]\n\n[^notes]: The source.\n";
        for rule in [HeadingIds::Newsroom, HeadingIds::Jekyll, HeadingIds::Hugo] {
            assert_eq!(ids(body, rule), ["content-1", "notes-1"], "{rule:?}");
        }
    }
}
