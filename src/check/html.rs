//! Reading the addresses and ids out of HTML: the pages the theme renders, and the raw HTML an
//! article body carries.
//!
//! html5ever's tokenizer does it: it is the HTML standard's own tokenizer (the one Servo and
//! `scraper` are built on), so attributes are read as a browser reads them, character
//! references (`&amp;`) decoded, with the line each tag starts on; and as no tree is built,
//! a page costs one pass over its text. (lol_html, which the feeds use to rewrite links,
//! hands attribute values over with their character references still in them.)

use std::cell::RefCell;

use html5ever::TokenizerResult;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};

/// One address written in an attribute.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Address {
    /// What the address is for, in an editor's words: "link", "image", ...
    pub noun: &'static str,
    /// The address as a browser reads it: references decoded, spaces around it trimmed.
    pub value: String,
    /// The 1-based line of the tag in the text scanned.
    pub line: usize,
}

/// What a piece of HTML links to and what it can be linked by.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every address in `href`, `src`, `srcset` and `poster`, in the order written.
    pub addresses: Vec<Address>,
    /// Every `id`, and every `name` of an `<a>` (old-style anchors, which browsers still
    /// scroll to).
    pub ids: Vec<String>,
}

/// Reads every address and id of `html`.
pub fn scan(html: &str) -> Scan {
    let tokenizer = Tokenizer::new(Collector::default(), Default::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The collector never asks to run a script, so the first feed reads everything.
    while let TokenizerResult::Script(()) = tokenizer.feed(&input) {}
    tokenizer.end();
    tokenizer.sink.scan.into_inner()
}

#[derive(Default)]
struct Collector {
    scan: RefCell<Scan>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let element: &str = &tag.name;
        let mut scan = self.scan.borrow_mut();
        for attribute in &tag.attrs {
            let name: &str = &attribute.name.local;
            let value = attribute.value.trim_matches(is_html_space);
            match name {
                "id" => scan.ids.push(value.to_string()),
                "name" if element == "a" => scan.ids.push(value.to_string()),
                "href" | "src" | "poster" if element != "base" => {
                    let noun = noun(element, name);
                    push(&mut scan, noun, value, line);
                }
                "srcset" => {
                    for candidate in srcset_urls(value) {
                        push(&mut scan, "image (in srcset)", candidate, line);
                    }
                }
                _ => {}
            }
        }
        // What the tree builder would tell the tokenizer: these elements hold text, not tags.
        match element {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

fn push(scan: &mut Scan, noun: &'static str, value: &str, line: u64) {
    if !value.is_empty() {
        scan.addresses.push(Address {
            noun,
            value: value.to_string(),
            line: usize::try_from(line).unwrap_or(usize::MAX),
        });
    }
}

/// The space characters HTML strips from around a URL.
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// How a message names what an address is for.
fn noun(element: &str, attribute: &str) -> &'static str {
    match (element, attribute) {
        ("a" | "area", _) => "link",
        ("link", _) => "<link> address",
        ("img" | "image", _) | ("video", "poster") | ("input", "src") => "image",
        ("script", _) => "script",
        ("iframe" | "frame" | "embed" | "object", _) => "embedded page",
        ("video" | "audio" | "source" | "track", _) => "media file",
        _ => "address",
    }
}

/// The URLs of a `srcset` (`a.jpg 1x, b.jpg 2x` or `a.jpg 480w, ...`), split as the HTML
/// standard splits them: a URL runs to the next space, and commas only end it at its end.
pub fn srcset_urls(srcset: &str) -> Vec<&str> {
    let mut urls = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| is_html_space(c) || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest.find(is_html_space).unwrap_or(rest.len());
        let (url, after) = rest.split_at(end);
        let bare = url.trim_end_matches(',');
        if !bare.is_empty() {
            urls.push(bare);
        }
        if bare.len() < url.len() {
            // Commas at the URL's end close the candidate: it has no descriptors.
            rest = after;
            continue;
        }
        // Skip the descriptors (`2x`, `480w`) up to the next comma outside parentheses.
        let mut depth = 0usize;
        let mut cut = after.len();
        for (at, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    cut = at;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[cut..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_ids_are_read_as_a_browser_reads_them() {
        let scan = scan(concat!(
            "<title>a <a href=\"/not-a-link/\"></title>\n",
            "<a href=\" /q?a=1&amp;b=2 \" id=top>x</a>\n",
            "<script>let s = '<img src=\"/nope.png\">';</script>\n",
            "<img src=\"/a.png\" srcset=\"/a-2x.png 2x, /b,c.png 3x,/d.png\">\n",
            "<a name=\"old\"></a><h2 id=\"x\">X</h2><base href=\"/\">",
        ));
        let found: Vec<(&str, &str, usize)> = scan
            .addresses
            .iter()
            .map(|a| (a.noun, a.value.as_str(), a.line))
            .collect();
        assert_eq!(
            found,
            [
                ("link", "/q?a=1&b=2", 2),
                ("image", "/a.png", 4),
                ("image (in srcset)", "/a-2x.png", 4),
                ("image (in srcset)", "/b,c.png", 4),
                ("image (in srcset)", "/d.png", 4),
            ]
        );
        assert_eq!(scan.ids, ["top", "old", "x"]);
    }

    #[test]
    fn srcset_candidates() {
        assert_eq!(srcset_urls("a.jpg"), ["a.jpg"]);
        assert_eq!(
            srcset_urls(" a.jpg 480w,\n b.jpg 800w "),
            ["a.jpg", "b.jpg"]
        );
        assert_eq!(srcset_urls("a.jpg,b.jpg"), ["a.jpg,b.jpg"]);
        assert_eq!(srcset_urls("a.jpg, b.jpg"), ["a.jpg", "b.jpg"]);
        assert_eq!(srcset_urls("a.jpg 1x (x, y), b.jpg"), ["a.jpg", "b.jpg"]);
        assert!(srcset_urls(" , ").is_empty());
    }
}
