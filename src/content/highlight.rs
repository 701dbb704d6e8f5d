//! Syntax highlighting of fenced code blocks, done once at build time so readers get coloured
//! code without any script.
//!
//! The highlighter marks each token with CSS classes named after its scope (`hl-keyword`,
//! `hl-string`, `hl-comment`...) rather than inline colours, so the theme's stylesheet decides
//! the colours and one page serves light and dark readers alike. The grammars are Sublime
//! Text's, as curated by bat (syntect with two-face's set, which adds TOML, TypeScript,
//! Dockerfile and others to syntect's own), read once per process on first use. Their
//! regular expressions run on Oniguruma, the engine they were written for: it matches them
//! about three times faster than a pure-Rust engine, and reads the grammars (such as the
//! Babel JavaScript one) that need its features.

use std::sync::LazyLock;

use quick_xml::escape::escape;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The prefix of every class the highlighter writes, so the theme's rules cannot meet a
/// class of the page's own by accident.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// A block longer than this is shown plain: highlighting is far from linear on some inputs
/// (a minified script on one line), and a page must not take seconds to build.
const MAX_HIGHLIGHTED_BYTES: usize = 256 * 1024;

/// Names writers give languages that the grammars do not know by that name, and the name the
/// grammars use.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("console", "bash"),
    ("shell-session", "bash"),
    ("golang", "go"),
    ("csharp", "cs"),
    ("c#", "cs"),
    ("py3", "py"),
    ("python3", "py"),
    ("node", "js"),
    ("jsonc", "json"),
    ("patch", "diff"),
    ("docker", "dockerfile"),
    ("postgres", "sql"),
    ("postgresql", "sql"),
    ("mysql", "sql"),
    ("sqlite", "sql"),
    ("htm", "html"),
    ("xhtml", "html"),
    ("objc", "m"),
    ("kt", "kotlin"),
];

/// Every grammar, read from the binary on first use and shared by all threads.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// The first word of a fence's info string, which names the language: ```` ```rust,ignore ````
/// and ```` ```python title="x.py" ```` both name theirs first; Pandoc's ```` ```{.rust} ````
/// too.
pub fn language_of(info: &str) -> &str {
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or_default();
    word.trim_start_matches('{')
        .trim_start_matches('.')
        .trim_end_matches('}')
}

/// The grammar for a language as writers name it (`rs`, `rust`, `Rust`, `sh`, `shell`...),
/// or `None` for a language no grammar knows, and for plain text, which has nothing to colour.
fn syntax_for(language: &str) -> Option<&'static SyntaxReference> {
    if language.is_empty() {
        return None;
    }
    let lower = language.to_lowercase();
    let token = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lower.as_str(), |(_, name)| name);
    let syntaxes = &*SYNTAXES;
    syntaxes
        .find_syntax_by_token(token)
        .filter(|syntax| syntax.name != syntaxes.find_syntax_plain_text().name)
}

/// The name a block's label shows: the grammar's own, without the variant some grammars name
/// in brackets (`JavaScript (Babel)` is JavaScript to a reader), and shorter where it is long.
fn label_of(syntax: &SyntaxReference) -> &str {
    match syntax.name.as_str() {
        "Bourne Again Shell (bash)" => "Shell",
        name => name.split_once(" (").map_or(name, |(language, _)| language),
    }
}

/// The highlighted block as HTML, `<pre class="code" data-lang="Rust"><code
/// class="language-rust">...</code></pre>`, or `None` when the language is unknown (or the
/// block too big, or a grammar fails on it), for the caller to write the block plain.
///
/// `data-lang` holds the language's proper name, which the theme shows as the block's label;
/// `class="language-..."` keeps the name as written, as Markdown renderers do, for readers'
/// own tools.
pub fn highlight(code: &str, language: &str) -> Option<String> {
    if code.len() > MAX_HIGHLIGHTED_BYTES {
        return None;
    }
    let syntax = syntax_for(language)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    let spans = generator.finalize();
    Some(format!(
        "<pre class=\"code\" data-lang=\"{}\"><code class=\"language-{}\">{spans}</code></pre>\n",
        escape(label_of(syntax)),
        escape(language),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_names_of_languages_find_their_grammar() {
        for (written, name) in [
            ("rust", "Rust"),
            ("rs", "Rust"),
            ("js", "JavaScript"),
            ("javascript", "JavaScript"),
            ("ts", "TypeScript"),
            ("typescript", "TypeScript"),
            ("sh", "Shell"),
            ("bash", "Shell"),
            ("shell", "Shell"),
            ("py", "Python"),
            ("python", "Python"),
            ("rb", "Ruby"),
            ("ruby", "Ruby"),
            ("yml", "YAML"),
            ("yaml", "YAML"),
            ("toml", "TOML"),
            ("go", "Go"),
            ("golang", "Go"),
            ("html", "HTML"),
            ("css", "CSS"),
            ("json", "JSON"),
            ("sql", "SQL"),
            ("diff", "Diff"),
            ("patch", "Diff"),
            ("c", "C"),
            ("cpp", "C++"),
            ("java", "Java"),
            ("dockerfile", "Dockerfile"),
            ("Rust", "Rust"),
        ] {
            let syntax = syntax_for(written).unwrap_or_else(|| panic!("{written}: no grammar"));
            assert_eq!(label_of(syntax), name, "{written}");
        }
        for unknown in ["", "frobnicate", "text", "txt", "plain"] {
            assert!(syntax_for(unknown).is_none(), "{unknown}");
        }
    }

    #[test]
    fn the_language_is_the_info_strings_first_word() {
        assert_eq!(language_of("rust"), "rust");
        assert_eq!(language_of("rust,ignore"), "rust");
        assert_eq!(language_of("python title=\"a.py\""), "python");
        assert_eq!(language_of("{.toml}"), "toml");
        assert_eq!(language_of(""), "");
    }

    #[test]
    fn code_is_escaped_and_classed() {
        let html = highlight("let s = \"<b>&\";\n", "rs").unwrap();
        assert!(
            html.starts_with("<pre class=\"code\" data-lang=\"Rust\"><code class=\"language-rs\">")
        );
        assert!(
            html.contains("<span class=\"hl-storage hl-type hl-rust\">let</span>"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;&amp;"), "{html}");
        assert!(!html.contains("<b>"));
        assert!(highlight("x", "frobnicate").is_none());
    }

    #[test]
    fn a_huge_block_is_left_plain() {
        let code = "x = 1\n".repeat(MAX_HIGHLIGHTED_BYTES / 6 + 1);
        assert!(highlight(&code, "py").is_none());
    }
}
