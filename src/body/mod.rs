//! The body stage: every article's Markdown rendered to HTML once the theme is loaded and
//! every URL of the site is planned, so shortcodes (Tera templates) and links to other
//! stories can take part in a body.
//!
//! Each body is rendered once, on every core, and the results are kept in article order, so
//! every page that shows a body (the article, lists' summaries, feeds) shares the same HTML
//! and two builds give the same bytes.
//!
//! A body is rendered in three steps. The calls in it (in newsroom's syntax, or Hugo's,
//! Zola's or Jekyll's, read by [`calls`]) are found outside code, where they stay literal
//! text; each is replaced by what it stands for: a URL or code written straight into the
//! Markdown, or a placeholder for the HTML of a shortcode. Then the Markdown is rendered as
//! before ([`crate::content::render_body`]), and finally each placeholder is replaced by its
//! HTML: a call on a line of its own as a block (not inside `<p>`), any other inline.

mod calls;
pub mod memo;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag};
use rayon::prelude::*;
use serde_json::Value;
use tera::Context;

use crate::config::Config;
use crate::content::{Article, BodyOptions, RenderedBody};
use crate::error::{ContentError, ContentErrorKind, Error, Result};
use crate::render::Theme;
use crate::routes::{article_path, section_path};
use crate::site::{HeldBackAs, Site};
use calls::{Call, Closing, Found, Syntax};

/// The stories a body may link to and the articles this build leaves out, so a link to a
/// story that is not published can say why.
pub struct Stories<'a> {
    site: &'a Site,
    config: &'a Config,
    /// Published stories by their file (relative to the site folder, `/`-separated).
    by_file: HashMap<String, usize>,
    /// Published stories by file name without extension (and a bundle's by its folder).
    by_name: HashMap<String, Vec<usize>>,
    /// Files of the articles left out of this build, and why.
    held_back: &'a [(PathBuf, HeldBackAs)],
}

impl<'a> Stories<'a> {
    /// Indexes the published stories of `site`; `held_back` lists those left out.
    pub fn new(
        site: &'a Site,
        config: &'a Config,
        held_back: &'a [(PathBuf, HeldBackAs)],
    ) -> Stories<'a> {
        let mut by_file = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (position, article) in site.articles.iter().enumerate() {
            by_file.insert(slashed(&article.source), position);
            if let Some(name) = name_of(&article.source) {
                by_name.entry(name).or_default().push(position);
            }
        }
        Stories {
            site,
            config,
            by_file,
            by_name,
            held_back,
        }
    }

    /// The URL of the story at `position`.
    fn url(&self, position: usize) -> String {
        self.config
            .url_for(&article_path(&self.site.articles[position], self.config))
    }

    /// Why the article at `file` (relative to the site folder) is left out, if it is.
    fn held_back(&self, file: &str) -> Option<HeldBackAs> {
        self.held_back
            .iter()
            .find(|(path, _)| slashed(path) == file)
            .map(|(_, why)| *why)
    }

    /// The published story whose file is one of `candidates`.
    fn by_candidates(&self, candidates: &[String]) -> Option<usize> {
        candidates
            .iter()
            .find_map(|file| self.by_file.get(file).copied())
    }

    /// The published story whose file name is closest to `file`'s, besides `asking`, for a
    /// "did you mean".
    fn nearest(&self, file: &str, asking: &Path) -> Option<String> {
        let stem = |path: &str| {
            let name = path.rsplit('/').next().unwrap_or(path);
            name.rsplit_once('.')
                .map_or(name, |(stem, _)| stem)
                .to_string()
        };
        let wanted = stem(file);
        let asking = slashed(asking);
        let mut best: Option<(f64, &String)> = None;
        for known in self.by_file.keys().filter(|known| **known != asking) {
            let score = strsim::jaro_winkler(&wanted, &stem(known));
            let better =
                best.is_none_or(|(top, name)| score > top || (score == top && known < name));
            if score > 0.85 && better {
                best = Some((score, known));
            }
        }
        best.map(|(_, name)| name.clone())
    }
}

/// A path as messages and lookups write it: `/`-separated.
fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A story's short name: its file name without extension, or a bundle's folder name.
fn name_of(source: &Path) -> Option<String> {
    let stem = source.file_stem()?.to_str()?;
    if stem == "index" {
        return Some(source.parent()?.file_name()?.to_str()?.to_string());
    }
    Some(stem.to_string())
}

/// What the body stage gives: every published article's rendered body, in article order,
/// and the warnings about calls it left as text.
pub struct Bodies {
    pub bodies: Vec<RenderedBody>,
    pub warnings: Vec<String>,
    /// Each body's key in the memo, in article order; `None` for a body with calls, which
    /// is not kept.
    pub memo_keys: Vec<Option<[u8; 32]>>,
    /// Whether the memo should be written again to hold exactly these bodies.
    pub memo_stale: bool,
}

impl Bodies {
    /// The bodies to keep in the memo, with their keys.
    pub fn to_keep(&self) -> Vec<([u8; 32], &RenderedBody)> {
        self.memo_keys
            .iter()
            .zip(&self.bodies)
            .filter_map(|(key, body)| Some(((*key)?, body)))
            .collect()
    }
}

/// Takes every article's Markdown out of `site`, in article order, for [`render_all`]:
/// nothing renders a site's article again once its body is rendered (`newsroom serve` keeps
/// its own copies of the articles read, which it assembles new editions from).
pub fn take_markdown(site: &mut Site) -> Vec<String> {
    site.articles
        .iter_mut()
        .map(|article| std::mem::take(&mut article.body.markdown))
        .collect()
}

/// Renders the body of every published article of `site` from its Markdown (`markdown`, in
/// article order, as [`take_markdown`] took it), in parallel, taking each body with no calls
/// from `memo` when the last build kept it. Each story's Markdown is freed as soon as its
/// body is rendered, so a large site never holds all of its Markdown and all of its HTML at
/// once. Every problem of every body is reported together.
pub fn render_all(
    stories: &Stories<'_>,
    markdown: Vec<String>,
    theme: &Theme,
    memo: &memo::Memo,
) -> Result<Bodies> {
    let use_memo = memo.first_use();
    // Each body, with its key in the memo and whether the memo held it.
    type Found = (Rendered, Option<([u8; 32], bool)>);
    let results: Vec<Found> = markdown
        .into_par_iter()
        .enumerate()
        .map(|(position, markdown)| {
            let article = &stories.site.articles[position];
            let plain = plain_body(stories, article, &markdown).filter(|_| use_memo);
            let Some(options) = plain else {
                return (
                    render_article(stories, theme, position, article, &markdown),
                    None,
                );
            };
            let key = memo::key(&markdown, &options);
            match memo.take(&key) {
                Some(body) => (Ok((body, Vec::new())), Some((key, true))),
                None => {
                    let body = crate::content::render_body(&markdown, &options);
                    (Ok((body, Vec::new())), Some((key, false)))
                }
            }
        })
        .collect();
    let mut bodies = Vec::with_capacity(results.len());
    let mut keys = Vec::with_capacity(results.len());
    let mut taken = 0;
    let mut problems = Vec::new();
    let mut unknown = Vec::new();
    for (result, key) in results {
        match result {
            Ok((body, mut found)) => {
                bodies.push(body);
                unknown.append(&mut found);
            }
            Err(mut errors) => problems.append(&mut errors),
        }
        taken += usize::from(key.is_some_and(|(_, hit)| hit));
        keys.push(key.map(|(key, _)| key));
    }
    if !problems.is_empty() {
        return Err(Error::Content(problems));
    }
    let kept = keys.iter().flatten().count();
    Ok(Bodies {
        bodies,
        warnings: unknown_warnings(unknown),
        memo_keys: keys,
        memo_stale: use_memo && memo.is_stale(kept, taken),
    })
}

/// What shapes the rendering of `article`'s body besides its text.
fn body_options<'a>(stories: &Stories<'_>, article: &'a Article) -> BodyOptions<'a> {
    BodyOptions {
        heading_ids: article.body.heading_ids,
        summary: article.body.summary.as_deref(),
        plain_code: !stories.config.highlight,
    }
}

/// The options of a body with no calls in it, which depends on nothing but its own text and
/// these; `None` for a body with calls.
fn plain_body<'a>(
    stories: &Stories<'_>,
    article: &'a Article,
    markdown: &str,
) -> Option<BodyOptions<'a>> {
    let plain = !markdown.contains("{{") && !markdown.contains("{%");
    plain.then(|| body_options(stories, article))
}

/// One body rendered, with the calls it left as text; or its problems.
pub type Rendered = std::result::Result<(RenderedBody, Vec<Unknown>), Vec<ContentError>>;

/// Puts rendered bodies into the site's articles, in article order.
pub fn put_into(site: &mut Site, bodies: Vec<RenderedBody>) {
    for (article, body) in site.articles.iter_mut().zip(bodies) {
        take_body(article, body);
    }
}

/// Puts one rendered body into its article.
pub fn take_body(article: &mut Article, body: RenderedBody) {
    article.content_html = body.html;
    article.summary_html = body.summary_html;
    article.summary_text = body.summary_text;
    article.toc = body.toc;
    article.word_count = body.word_count;
}

/// Renders the body of `article`, the published one at `position` or a new version of it
/// (for `newsroom serve`, before it takes its place), from its Markdown `markdown`, with the
/// calls it left as text.
pub fn render_article(
    stories: &Stories<'_>,
    theme: &Theme,
    position: usize,
    article: &Article,
    markdown: &str,
) -> Rendered {
    let body = &article.body;
    // Most bodies hold no braces at all, and are rendered as they are.
    if let Some(options) = plain_body(stories, article, markdown) {
        let rendered = crate::content::render_body(markdown, &options);
        return Ok((rendered, Vec::new()));
    }
    let options = body_options(stories, article);
    let mut expander = Expander {
        stories,
        theme,
        article,
        position,
        pieces: Vec::new(),
        nth: HashMap::new(),
        unknown: Vec::new(),
        problems: Vec::new(),
    };
    let markdown = expander.expand(markdown, body.line, 0);
    if !expander.problems.is_empty() {
        return Err(expander.problems);
    }
    let mut rendered = crate::content::render_body(&markdown, &options);
    let pieces = &expander.pieces;
    rendered.html = substitute(&rendered.html, pieces, Form::Html);
    rendered.summary_html = substitute(&rendered.summary_html, pieces, Form::Html);
    rendered.summary_text = substitute(&rendered.summary_text, pieces, Form::Text);
    for heading in &mut rendered.toc {
        heading.title = substitute(&heading.title, pieces, Form::Text);
    }
    Ok((rendered, expander.unknown))
}

/// A call or tag left as text because newsroom has nothing to render it with.
#[derive(Debug, Clone)]
pub struct Unknown {
    /// The article file it is in.
    pub source: PathBuf,
    pub line: usize,
    pub what: UnknownKind,
}

/// What kind of thing an unknown call is, for its warning.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnknownKind {
    /// A shortcode with no template, by name.
    Shortcode(String),
    /// A Jekyll include with no shortcode of its name (`note.html`).
    Include(String),
    /// A Liquid tag newsroom does not run (`if`).
    Tag(String),
    /// A Liquid variable (`page.title`).
    Variable(String),
}

/// One warning per unknown name: where it is first met (in article file order), and how
/// often it occurs besides.
pub fn unknown_warnings(mut unknown: Vec<Unknown>) -> Vec<String> {
    let source = |u: &Unknown| u.source.clone();
    unknown.sort_by(|a, b| (&a.what, source(a), a.line).cmp(&(&b.what, source(b), b.line)));
    let mut warnings = Vec::new();
    let mut index = 0;
    while index < unknown.len() {
        let first = &unknown[index];
        let same = unknown[index..]
            .iter()
            .take_while(|u| u.what == first.what)
            .collect::<Vec<_>>();
        let mut files: Vec<PathBuf> = same.iter().map(|u| source(u)).collect();
        files.dedup();
        let more = match (same.len() - 1, files.len() - 1) {
            (0, _) => String::new(),
            (1, 0) => " (and once more in the same file)".to_string(),
            (n, 0) => format!(" (and {n} more times in the same file)"),
            (1, 1) => " (and once more, in 1 other file)".to_string(),
            (n, 1) => format!(" (and {n} more times, in 1 other file)"),
            (n, f) => format!(" (and {n} more times, in {f} other files)"),
        };
        let what = match &first.what {
            UnknownKind::Shortcode(name) => format!(
                "the shortcode \"{name}\" is not one newsroom has, so it is shown as text{more}; add templates/shortcodes/{name}.html to render it, or remove the call"
            ),
            UnknownKind::Include(name) => {
                let short = name.trim_end_matches(".html");
                format!(
                    "`{{% include {name} %}}` names no shortcode, so it is shown as text{more}; add templates/shortcodes/{short}.html to render it, or remove the tag"
                )
            }
            UnknownKind::Tag(name) => format!(
                "the Liquid tag `{{% {name} %}}` is not one newsroom runs, so it is shown as text{more}; remove it, or replace it with a shortcode"
            ),
            UnknownKind::Variable(name) => format!(
                "the template variable `{{{{ {name} }}}}` is not one newsroom knows, so it is shown as text{more}; write its value instead"
            ),
        };
        warnings.push(format!(
            "{}:{}: {what}",
            source(first).display(),
            first.line
        ));
        index += same.len();
    }
    warnings
}

/// What a placeholder stands for.
struct Piece {
    html: String,
    /// Whether the call is on a line of its own, and so renders as a block.
    block: bool,
}

/// A placeholder is written with characters of Unicode's private use area, which Markdown
/// passes through untouched and which count as no word: an opening mark, the piece's number
/// in hexadecimal digits shifted into the area, and a closing mark.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
const DIGIT_ZERO: u32 = 0xE010;

/// What a block's placeholder is wrapped in: an HTML block to Markdown.
const BLOCK_OPEN: &str = "<div>";
const BLOCK_CLOSE: &str = "</div>";

fn placeholder(number: usize) -> String {
    let mut text = String::new();
    text.push(OPEN);
    for digit in format!("{number:x}").chars() {
        let value = digit.to_digit(16).unwrap_or(0);
        text.push(char::from_u32(DIGIT_ZERO + value).unwrap_or(OPEN));
    }
    text.push(CLOSE);
    text
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Html,
    Text,
}

/// Replaces every placeholder in rendered `html` by its piece: a block one's `<div>` dropped,
/// and for plain text (`Form::Text`) the piece's text without tags.
fn substitute(html: &str, pieces: &[Piece], form: Form) -> String {
    let html = substitute_in_urls(html, pieces);
    if !html.contains(OPEN) {
        return html.into_owned();
    }
    let mut out = String::with_capacity(html.len() + pieces.len() * 64);
    let mut rest = html.as_ref();
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len_utf8()..];
        let Some(close) = after.find(CLOSE) else {
            break;
        };
        let number = after[..close].chars().try_fold(0usize, |n, c| {
            let digit = (c as u32).checked_sub(DIGIT_ZERO).filter(|d| *d < 16)?;
            Some(n * 16 + digit as usize)
        });
        let Some(piece) = number.and_then(|n| pieces.get(n)) else {
            out.push_str(&rest[..at + OPEN.len_utf8()]);
            rest = after;
            continue;
        };
        let mut before = &rest[..at];
        let mut tail = &after[close + CLOSE.len_utf8()..];
        if piece.block
            && let Some(inside) = before.strip_suffix(BLOCK_OPEN)
            && let Some(after) = tail.strip_prefix(BLOCK_CLOSE)
        {
            before = inside;
            tail = after;
        }

        out.push_str(before);
        match form {
            Form::Html => out.push_str(&piece.html),
            Form::Text => out.push_str(&plain_text(&piece.html)),
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// The UTF-8 bytes of a placeholder's marks and digits as a link's URL holds them: the
/// Markdown renderer percent-encodes every non-ASCII character there.
const ENCODED_OPEN: &str = "%EE%80%80";
const ENCODED_CLOSE: &str = "%EE%80%81";
/// A digit d (U+E010 + d) is `%EE%80%9` and d in upper-case hexadecimal.
const ENCODED_DIGIT: &str = "%EE%80%9";

/// Replaces each placeholder that landed in a URL (`[docs]({{ site.repository }}/docs)`) by
/// its piece's text, encoded for a URL as the renderer encodes the rest of it, so no mark of
/// the placeholder reaches the page.
fn substitute_in_urls<'a>(html: &'a str, pieces: &[Piece]) -> std::borrow::Cow<'a, str> {
    if !html.contains(ENCODED_OPEN) {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(ENCODED_OPEN) {
        out.push_str(&rest[..at]);
        let mut after = &rest[at + ENCODED_OPEN.len()..];
        let mut number = Some(0usize);
        while let Some(digit) = after.strip_prefix(ENCODED_DIGIT) {
            let Some((c, value)) = digit
                .chars()
                .next()
                .and_then(|c| Some((c, c.to_digit(16)?)))
            else {
                number = None;
                break;
            };
            number = number.map(|n| n * 16 + value as usize);
            after = &digit[c.len_utf8()..];
        }
        let piece = after
            .strip_prefix(ENCODED_CLOSE)
            .zip(number.and_then(|n| pieces.get(n)));
        match piece {
            Some((tail, piece)) => {
                let mut encoded = String::new();
                // A `%` of the text is a character, not the start of an escape (`{% tag %}`).
                let text = plain_text(&piece.html).replace('%', "%25");
                // Writing into a String cannot fail.
                let _ = pulldown_cmark_escape::escape_href(&mut encoded, &text);
                out.push_str(&encoded);
                rest = tail;
            }
            None => {
                out.push_str(ENCODED_OPEN);
                rest = &rest[at + ENCODED_OPEN.len()..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The text of a piece of HTML, without its tags, entities read.
fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = crate::text::decode_entities(&text).into_owned();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a call or tag is replaced by in the Markdown.
enum Replacement {
    /// Text written into the Markdown as it is: a URL, a code block.
    Markdown(String),
    /// HTML, through a placeholder.
    Html(String),
    /// The call as written, shown as text (through a placeholder, so Markdown neither
    /// curls its quotes nor takes `{{<figure>}}` for an HTML tag).
    Visible(String),
}

/// Where a call is: the text it is in, where it starts, its line, and how deep in other
/// calls' bodies.
#[derive(Clone, Copy)]
struct Place<'t> {
    text: &'t str,
    start: usize,
    line: usize,
    depth: usize,
}

/// How deep calls with bodies may nest in each other.
const MAX_DEPTH: usize = 16;

/// Expands the calls of one article's body.
struct Expander<'a> {
    stories: &'a Stories<'a>,
    theme: &'a Theme,
    article: &'a Article,
    /// The article's position among the published ones.
    position: usize,
    pieces: Vec<Piece>,
    /// How many times each shortcode has been called so far, for `nth`.
    nth: HashMap<String, usize>,
    unknown: Vec<Unknown>,
    problems: Vec<ContentError>,
}

/// The byte ranges of `markdown` that are code: fenced and indented blocks and code spans.
fn code_ranges(markdown: &str) -> Vec<Range<usize>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut ranges: Vec<Range<usize>> = Parser::new_ext(markdown, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => Some(range),
            _ => None,
        })
        .collect();
    ranges.sort_by_key(|range| range.start);
    ranges
}

impl Expander<'_> {
    fn article(&self) -> &Article {
        self.article
    }

    fn problem(&mut self, kind: ContentErrorKind, line: usize, message: String) {
        let source = self.article().source.clone();
        self.problems
            .push(ContentError::new(kind, &source, Some(line), message));
    }

    /// `text` (whose first line is the file's `first_line`) with every call replaced.
    fn expand(&mut self, text: &str, first_line: usize, depth: usize) -> String {
        let code = code_ranges(text);
        let skip = |at: usize| -> Option<usize> {
            code.iter()
                .find(|range| range.contains(&at))
                .map(|range| range.end)
        };
        let jekyll = self.article().body.jekyll;
        let mut out = String::with_capacity(text.len() + 64);
        let mut copied = 0;
        let mut at = 0;
        // Lines are counted as the text is walked, not from the start each time.
        let mut line = first_line;
        let mut counted = 0;
        while let Some(offset) = text[at..].find('{') {
            let here = at + offset;
            if let Some(end) = skip(here) {
                let code = &text[here.max(copied)..end];
                if jekyll || has_raw_pair(code) {
                    // Jekyll and Eleventy ran Liquid before Markdown, so `{% raw %}` in code
                    // was gone by then.
                    out.push_str(&text[copied..here.max(copied)]);
                    out.push_str(&without_raw_tags(code));
                    copied = end;
                }
                at = end;
                continue;
            }
            let Some((found, mut end)) = calls::read_at(text, here) else {
                at = here + 1;
                continue;
            };
            line += text[counted..here].matches('\n').count();
            counted = here;
            let replacement = match found {
                Found::Raw => {
                    // The text to `{% endraw %}` is written as it is.
                    match calls::find_close(text, end, &Closing::Named("endraw"), &|_| None) {
                        Some((close, close_end)) => {
                            out.push_str(&text[copied..here]);
                            out.push_str(&text[end..close]);
                            copied = close_end;
                            at = close_end;
                            continue;
                        }
                        None => Replacement::Markdown(String::new()),
                    }
                }
                Found::Literal(text) => Replacement::Visible(text),
                Found::Stray => Replacement::Visible(text[here..end].to_string()),
                Found::BaseUrl => Replacement::Markdown(self.base_path()),
                Found::SiteUrl => Replacement::Markdown(self.site_origin()),
                Found::PathUrl { path, absolute } => {
                    let path = format!("/{}", path.trim_start_matches('/'));
                    Replacement::Markdown(if absolute {
                        format!("{}{}{path}", self.site_origin(), self.base_path())
                    } else {
                        format!("{}{path}", self.base_path())
                    })
                }
                Found::Link(file) => match self.link_target(&file, line, &text[here..end]) {
                    Some(url) => Replacement::Markdown(url),
                    None => Replacement::Markdown(String::new()),
                },
                Found::PostUrl(name) => match self.post_url(&name, line, &text[here..end]) {
                    Some(url) => Replacement::Markdown(url),
                    None => Replacement::Markdown(String::new()),
                },
                Found::Highlight(language) => {
                    match calls::find_close(text, end, &Closing::Named("endhighlight"), &|_| None) {
                        Some((close, close_end)) => {
                            let code = without_raw_tags(&text[end..close]);
                            end = close_end;
                            Replacement::Markdown(fenced(&language, &code))
                        }
                        None => Replacement::Visible(text[here..end].to_string()),
                    }
                }
                Found::UnknownTag(name) => {
                    self.unknown(line, UnknownKind::Tag(name));
                    Replacement::Visible(text[here..end].to_string())
                }
                Found::UnknownVariable(name) => {
                    self.unknown(line, UnknownKind::Variable(name));
                    Replacement::Visible(text[here..end].to_string())
                }
                Found::Call(call) => {
                    let written = text[here..end].to_string();
                    match self.call(
                        call,
                        &Place {
                            text,
                            start: here,
                            line,
                            depth,
                        },
                        &mut end,
                        &skip,
                    ) {
                        Some(replacement) => replacement,
                        None => Replacement::Visible(written),
                    }
                }
            };
            let block = on_own_line(text, here, end);
            out.push_str(&text[copied..here]);
            match replacement {
                Replacement::Markdown(markdown) => {
                    if block
                        && markdown.starts_with("```")
                        && !out.ends_with('\n')
                        && !out.is_empty()
                    {
                        out.push('\n');
                    }
                    out.push_str(&markdown);
                }
                Replacement::Html(html) => {
                    let number = self.pieces.len();
                    self.pieces.push(Piece { html, block });
                    if block {
                        // An HTML block of its own (blank lines around it), so it is no
                        // paragraph and never a list's summary; the indent keeps it in its
                        // list item. Its `<div>` is dropped.
                        let indent = &text[line_start(text, here)..here];
                        out.push('\n');
                        out.push_str(indent);
                        out.push_str(BLOCK_OPEN);
                        out.push_str(&placeholder(number));
                        out.push_str(BLOCK_CLOSE);
                        out.push('\n');
                    } else {
                        out.push_str(&placeholder(number));
                    }
                }
                Replacement::Visible(written) => {
                    let number = self.pieces.len();
                    self.pieces.push(Piece {
                        html: escape_html(&written),
                        block: false,
                    });
                    out.push_str(&placeholder(number));
                }
            }
            copied = end;
            at = end;
        }
        out.push_str(&text[copied..]);
        out
    }

    fn unknown(&mut self, line: usize, what: UnknownKind) {
        self.unknown.push(Unknown {
            source: self.article.source.clone(),
            line,
            what,
        });
    }

    /// Jekyll's `site.baseurl`: the path of the base URL, without a trailing slash.
    fn base_path(&self) -> String {
        let base = &self.stories.config.base_url;
        match base.split_once("://") {
            Some((_, rest)) => rest
                .find('/')
                .map_or(String::new(), |at| rest[at..].to_string()),
            None => base.clone(),
        }
        .trim_end_matches('/')
        .to_string()
    }

    /// Jekyll's `site.url`: the scheme and host of the base URL.
    fn site_origin(&self) -> String {
        let base = &self.stories.config.base_url;
        match base.split_once("://") {
            Some((scheme, rest)) => {
                let host = rest.split('/').next().unwrap_or_default();
                format!("{scheme}://{host}")
            }
            None => String::new(),
        }
    }

    /// A call: its replacement, with `end` moved past its body when it has one; `None` when
    /// it is left as written (unknown, or in error).
    fn call(
        &mut self,
        call: Call,
        place: &Place<'_>,
        end: &mut usize,
        skip: &dyn Fn(usize) -> Option<usize>,
    ) -> Option<Replacement> {
        let Place {
            text,
            start,
            line,
            depth,
        } = *place;
        let (name, named, positional) = self.mapped(&call);
        // The body, when a closing tag follows.
        let closing = match call.syntax {
            Syntax::Hugo | Syntax::HugoMarkdown => Closing::Hugo(&call.name),
            _ => Closing::End,
        };
        let known = matches!(name.as_str(), "ref" | "relref" | "highlight")
            || self.theme.has_shortcode(&name);
        if !known {
            let what = match call.syntax {
                Syntax::Include => UnknownKind::Include(call.name.clone()),
                Syntax::LiquidTag => UnknownKind::Tag(call.name.clone()),
                _ => UnknownKind::Shortcode(call.name.clone()),
            };
            self.unknown(line, what);
            return None;
        }
        let mut body = None;
        if call.may_have_body
            && let Some((close, close_end)) = calls::find_close(text, *end, &closing, skip)
        {
            let inner = &text[*end..close];
            // The body's first line, for the lines of problems inside it.
            let inner_line = line + text[start..*end].matches('\n').count();
            let leading = inner.len() - inner.trim_start_matches('\n').len();
            body = Some((inner.to_string(), inner_line + leading));
            *end = close_end;
        }
        match name.as_str() {
            "ref" | "relref" => {
                let target = named
                    .iter()
                    .find(|(key, _)| key == "path")
                    .and_then(|(_, value)| value.as_str().map(str::to_string))
                    .or_else(|| positional.first().cloned())
                    .unwrap_or_default();
                let url = self.ref_target(&target, line, &name)?;
                return Some(Replacement::Markdown(url));
            }
            "highlight" => {
                let language = positional.first().cloned().unwrap_or_default();
                let code = body.map(|(code, _)| code).unwrap_or_default();
                return Some(Replacement::Markdown(fenced(&language, &code)));
            }
            _ => {}
        }
        let body_html = match body {
            Some((inner, inner_line)) if depth < MAX_DEPTH => {
                let expanded = self.expand(inner.trim_matches('\n'), inner_line, depth + 1);
                let (html, _) = crate::content::render_fragment(&expanded);
                Some(substitute(&html, &self.pieces, Form::Html))
            }
            Some(_) => {
                self.problem(
                    ContentErrorKind::Shortcode,
                    line,
                    format!("shortcodes are nested more than {MAX_DEPTH} deep here; close each body with its end tag"),
                );
                return None;
            }
            None => None,
        };
        let mut extra = Vec::new();
        if name == "story" {
            let file = named
                .iter()
                .find(|(key, _)| key == "file")
                .and_then(|(_, value)| value.as_str())
                .map(str::to_string);
            let Some(file) = file else {
                self.problem(
                    ContentErrorKind::Shortcode,
                    line,
                    "story needs file=\"…\", the linked story's file under content/, such as story(file=\"2023/10/29/story.md\")".to_string(),
                );
                return None;
            };
            let position = self.story_target(&file, line)?;
            let article = &self.stories.site.articles[position];
            extra.push(("url", Value::String(self.stories.url(position))));
            extra.push(("title", Value::String(article.title.clone())));
        }
        let html = self.render_shortcode(&name, &named, &positional, &extra, body_html, line)?;
        Some(Replacement::Html(html))
    }

    /// The built-in name and arguments a call in another generator's syntax stands for:
    /// Hugo's positional arguments and names, Jekyll's include file names.
    fn mapped(&self, call: &Call) -> (String, Vec<(String, Value)>, Vec<String>) {
        let mut named = call.named.clone();
        let positional = call.positional.clone();
        let mut name = call.name.clone();
        if call.syntax == Syntax::Include {
            name = name.trim_end_matches(".html").to_string();
        }
        if matches!(
            call.syntax,
            Syntax::Hugo | Syntax::HugoMarkdown | Syntax::Include
        ) {
            let positions: &[&str] = match name.as_str() {
                "tweet" | "twitter" | "x" if positional.len() == 1 => &["id"],
                "tweet" | "twitter" | "x" => &["user", "id"],
                "youtube" | "vimeo" | "instagram" => &["id"],
                "gist" => &["user", "id", "file"],
                "figure" => &["src"],
                _ => &[],
            };
            for (key, value) in positions.iter().zip(&positional) {
                if !named.iter().any(|(k, _)| k == key) {
                    named.push((key.to_string(), Value::String(value.clone())));
                }
            }
            if name == "tweet" {
                name = "x".to_string();
            }
            if matches!(name.as_str(), "x" | "twitter") && !named.iter().any(|(k, _)| k == "user") {
                // twitter.com/i/status/ID finds a post without its author's name.
                named.push(("user".to_string(), Value::String("i".to_string())));
            }
            if name == "figure" {
                for (theirs, ours) in [("attr", "credit"), ("attrlink", "credit_link")] {
                    if !named.iter().any(|(k, _)| k == ours)
                        && let Some(index) = named.iter().position(|(k, _)| k == theirs)
                    {
                        named[index].0 = ours.to_string();
                    }
                }
            }
        }
        (name, named, positional)
    }

    /// Renders the shortcode template `name`; a `throw` or a fault of the template is a
    /// problem at `line`.
    fn render_shortcode(
        &mut self,
        name: &str,
        named: &[(String, Value)],
        positional: &[String],
        extra: &[(&'static str, Value)],
        body: Option<String>,
        line: usize,
    ) -> Option<String> {
        let nth = {
            let count = self.nth.entry(name.to_string()).or_insert(0);
            *count += 1;
            *count
        };
        let mut context = Context::new();
        for (key, value) in named {
            context.insert(key.clone(), value);
        }
        for (key, value) in extra {
            context.insert(*key, value);
        }
        context.insert("args", positional);
        context.insert("nth", &nth);
        let article = self.article();
        let stories = self.stories;
        let config = stories.config;
        let section = stories.site.section_of[self.position]
            .map(|section| stories.site.sections[section].group.name.clone());
        let section_url = stories.site.section_of[self.position].map(|section| {
            config.url_for(&section_path(&stories.site.sections[section].group.slug))
        });
        context.insert(
            "page",
            &serde_json::json!({
                "title": article.title,
                "url": stories.url(self.position),
                "section": section,
                "section_url": section_url,
            }),
        );
        context.insert(
            "site",
            &serde_json::json!({
                "title": config.title,
                "base_url": config.base_url,
                "language": config.language,
            }),
        );
        if let Some(body) = body {
            context.insert_value("body", tera::Value::safe_string(&body));
        }
        match self.theme.render_shortcode(name, &context) {
            Ok(html) => Some(html.trim().to_string()),
            Err(error) => {
                let message = match thrown(&error) {
                    Some(thrown) => format!("{thrown} ({})", self.theme.shortcode_origin(name)),
                    None => format!(
                        "the shortcode \"{name}\" failed: {}",
                        self.theme.describe_error(&error, None)
                    ),
                };
                self.problem(ContentErrorKind::Shortcode, line, message);
                None
            }
        }
    }

    /// The story `story(file=…)` names: a published one, or a problem at `line`.
    fn story_target(&mut self, file: &str, line: usize) -> Option<usize> {
        let file = file.trim().trim_start_matches('/');
        let file = file.strip_prefix("content/").unwrap_or(file);
        let full = format!("{}/{file}", crate::content::CONTENT_DIR);
        if let Some(position) = self.stories.by_candidates(std::slice::from_ref(&full)) {
            return Some(position);
        }
        let called = format!("story(file=\"{file}\")");
        let message = self.not_published(
            &called,
            &full,
            "the story's file under content/, such as file=\"2023/10/29/story.md\"",
        );
        self.problem(ContentErrorKind::MissingStory, line, message);
        None
    }

    /// Why `file`, named by `called`, is no published story, with the fix.
    fn not_published(&self, called: &str, file: &str, form: &str) -> String {
        match self.stories.held_back(file) {
            Some(HeldBackAs::Draft) => format!(
                "{called} links to {file}, which is a draft, and drafts are not built; publish it (remove `draft: true`), build with --drafts, or remove the link"
            ),
            Some(HeldBackAs::Scheduled(when)) => format!(
                "{called} links to {file}, which is scheduled for {}, and this build leaves it out; build with --future, or remove the link until it is published",
                when.to_rfc3339()
            ),
            Some(HeldBackAs::Expired) => format!(
                "{called} links to {file}, which has expired (its expiry_date has passed); remove the link, or the story's expiry_date"
            ),
            None => {
                let nearest = self
                    .stories
                    .nearest(file, &self.article.source)
                    .map(|name| format!(" (did you mean {name}?)"))
                    .unwrap_or_default();
                format!(
                    "{called} links to {file}, which is not a story of this site{nearest}; write {form}"
                )
            }
        }
    }

    /// Jekyll's `{% link path %}`: the URL of the story at `path`, relative to the site folder.
    fn link_target(&mut self, path: &str, line: usize, written: &str) -> Option<String> {
        let path = path.trim_start_matches('/');
        let candidates = [path.to_string(), format!("content/{path}")];
        if let Some(position) = self.stories.by_candidates(&candidates) {
            return Some(self.stories.url(position));
        }
        // A site moved out of a bigger one (`en/news/_posts/x.md`, now `_posts/x.md`).
        let tail = self.stories.by_file.iter().find(|(file, _)| {
            path.ends_with(file.as_str()) && path[..path.len() - file.len()].ends_with('/')
        });
        if let Some((_, &position)) = tail {
            return Some(self.stories.url(position));
        }
        let message = self.not_published(
            written,
            path,
            "the post's path in the site folder, such as {% link _posts/2020-01-01-title.md %}",
        );
        self.problem(ContentErrorKind::MissingStory, line, message);
        None
    }

    /// Jekyll's `{% post_url name %}`: the URL of the post whose file is named `name`.
    fn post_url(&mut self, name: &str, line: usize, written: &str) -> Option<String> {
        let name = name.trim_start_matches('/');
        let (folder, stem) = name.rsplit_once('/').unwrap_or(("", name));
        let found = self.stories.by_name.get(stem).and_then(|positions| {
            positions.iter().copied().find(|&position| {
                let source = slashed(&self.stories.site.articles[position].source);
                match folder {
                    "" => source.contains("_posts/"),
                    folder => source.contains(&format!("{folder}/_posts/")),
                }
            })
        });
        if let Some(position) = found {
            return Some(self.stories.url(position));
        }
        let file = match folder {
            "" => format!("_posts/{stem}.md"),
            folder => format!("{folder}/_posts/{stem}.md"),
        };
        let message = self.not_published(
            written,
            &file,
            "the post's file name without its extension, such as {% post_url 2020-01-01-title %}",
        );
        self.problem(ContentErrorKind::MissingStory, line, message);
        None
    }

    /// Hugo's `ref`/`relref`: the URL of the story at `target` (a path under content/, one
    /// relative to this story's folder, or a bare file name), keeping a `#fragment`.
    fn ref_target(&mut self, target: &str, line: usize, name: &str) -> Option<String> {
        let (path, fragment) = match target.split_once('#') {
            Some((path, fragment)) => (path, format!("#{fragment}")),
            None => (target, String::new()),
        };
        if path.is_empty() {
            // `{{< ref "#anchor" >}}` is a place on this page.
            return Some(format!("{}{fragment}", self.stories.url(self.position)));
        }
        let trimmed = path.trim_start_matches('/').trim_end_matches('/');
        let here = self
            .article()
            .source
            .parent()
            .map(slashed)
            .unwrap_or_default();
        let mut candidates = Vec::new();
        for base in [crate::content::CONTENT_DIR.to_string(), here] {
            let base_path = format!("{base}/{trimmed}");
            candidates.push(base_path.clone());
            for ext in [".md", ".markdown"] {
                candidates.push(format!("{base_path}{ext}"));
                candidates.push(format!("{base_path}/index{ext}"));
            }
        }
        let found = self.stories.by_candidates(&candidates).or_else(|| {
            let stem = trimmed.rsplit('/').next()?;
            let stem = stem.trim_end_matches(".md").trim_end_matches(".markdown");
            match self.stories.by_name.get(stem)?.as_slice() {
                [one] => Some(*one),
                _ => None,
            }
        });
        if let Some(position) = found {
            return Some(format!("{}{fragment}", self.stories.url(position)));
        }
        // A section's own page: `{{< ref "/world" >}}`.
        let section = self.stories.site.sections.iter().find(|section| {
            let folder = trimmed.trim_end_matches("/_index.md");
            section.group.slug == slug::slugify(folder)
        });
        if let Some(section) = section {
            let url = self
                .stories
                .config
                .url_for(&section_path(&section.group.slug));
            return Some(format!("{url}{fragment}"));
        }
        let called = format!("{{{{< {name} \"{target}\" >}}}}");
        let file = format!("{}/{trimmed}", crate::content::CONTENT_DIR);
        let message = self.not_published(
            &called,
            &file,
            "the story's path under content/ or its file name, such as {{< ref \"posts/title.md\" >}}",
        );
        self.problem(ContentErrorKind::MissingStory, line, message);
        None
    }
}

/// The message a template's `throw(message=…)` raised, if that is what `error` is: a
/// rendering error whose place in the template is a call of `throw`.
fn thrown(error: &tera::Error) -> Option<String> {
    let tera::ErrorKind::RenderingError(report) = error.kind() else {
        return None;
    };
    // The report shows the template's line as ` N | text`; the call starts at the column.
    let span = report.span();
    let shown = error.to_string();
    let prefix = format!("{} |", span.start_line);
    let line = shown
        .lines()
        .find_map(|line| line.trim_start().strip_prefix(&prefix))?;
    let call = line
        .strip_prefix(' ')
        .unwrap_or(line)
        .get(span.start_col..)?;
    call.starts_with("throw")
        .then(|| report.message().to_string())
}

/// Whether `text[start..end]` is alone on its line (spaces aside).
fn on_own_line(text: &str, start: usize, end: usize) -> bool {
    let before = &text[line_start(text, start)..start];
    let after = text[end..].split('\n').next().unwrap_or_default();
    before.trim().is_empty() && after.trim().is_empty()
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |newline| newline + 1)
}

/// A fenced code block of `code` in `language`, on lines of its own.
fn fenced(language: &str, code: &str) -> String {
    let code = code.trim_matches('\n');
    let fence = if code.contains("```") { "~~~~" } else { "```" };
    format!("{fence}{language}\n{code}\n{fence}")
}

/// Whether `code` holds a `{% raw %}` and, after it, an `{% endraw %}`.
fn has_raw_pair(code: &str) -> bool {
    let compact: String = code.split_whitespace().collect();
    compact
        .find("{%raw%}")
        .is_some_and(|at| compact[at..].contains("{%endraw%}"))
}

/// `text` without Liquid's `{% raw %}` and `{% endraw %}` tags.
fn without_raw_tags(text: &str) -> String {
    if !text.contains("raw") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{%") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        match after.find("%}") {
            Some(close) => {
                let inner = after[2..close].trim_matches('-').trim();
                if inner == "raw" || inner == "endraw" {
                    rest = &after[close + 2..];
                } else {
                    out.push_str(&after[..2]);
                    rest = &after[2..];
                }
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
