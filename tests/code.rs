//! Fenced code in stories: highlighted by language at build time with classes the theme
//! colours, plain and escaped when the language is unknown or missing, and never read as
//! markup or shortcodes.

mod common;

use common::{Fixture, attrs, texts};
use scraper::{Html, Selector};

const BODY: &str = r#"Some code.

```rust
fn main() { println!("{}", 1 < 2); }
```

```py
def greet(name):
    return f"hello {name}"  # say it
```

```toml
[site]
title = "Dispatch"
```

```ts
const n: number = 42;
```

```sh
echo "$HOME" | grep -c root
```

```frobnicate
spin <widget> & "twirl"
```

```
no language <here>
```

```html
<script>alert("x")</script><b>bold</b>
```

```rust
// {{ figure(src="map.jpg", alt="A map") }} and {{< youtube abc >}}
let s = "{% pullquote() %}not a quote{% end %}";
```
"#;

fn story_page(config: &str) -> Html {
    let site = Fixture::new();
    site.write("newsroom.toml", config);
    site.article("code.md", "title: Code\ndate: 2024-05-01", BODY);
    site.build_ok(&[]);
    site.page("/2024/05/01/code/")
}

fn select<'a>(page: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(selector).unwrap()).collect()
}

#[test]
fn known_languages_are_highlighted_with_classes_and_named() {
    let page = story_page("");
    assert_eq!(
        attrs(&page, ".article-body pre.code", "data-lang"),
        [
            "Rust",
            "Python",
            "TOML",
            "TypeScript",
            "Shell",
            "HTML",
            "Rust"
        ]
    );
    assert_eq!(
        attrs(&page, ".article-body pre.code > code", "class"),
        [
            "language-rust",
            "language-py",
            "language-toml",
            "language-ts",
            "language-sh",
            "language-html",
            "language-rust"
        ]
    );
    // Every highlighted block is made of classed spans, and no colour is written inline.
    for block in select(&page, ".article-body pre.code") {
        let spans = block
            .select(&Selector::parse("span").unwrap())
            .collect::<Vec<_>>();
        assert!(spans.len() > 1, "{}", block.html());
        for span in spans {
            let class = span.value().attr("class").unwrap_or_default();
            assert!(class.starts_with("hl-"), "{}", span.html());
            assert!(span.value().attr("style").is_none(), "{}", span.html());
        }
    }
    let rust = &select(&page, ".article-body pre.code")[0];
    let keywords: Vec<String> = rust
        .select(&Selector::parse(".hl-storage, .hl-keyword").unwrap())
        .map(|span| span.text().collect())
        .collect();
    assert!(keywords.contains(&"fn".to_string()), "{keywords:?}");
    assert_eq!(
        texts(
            &page,
            ".article-body pre.code[data-lang=Rust] .hl-entity.hl-name"
        )[0],
        "main"
    );
    assert_eq!(
        texts(
            &page,
            ".article-body pre.code[data-lang=Python] .hl-comment"
        )[0],
        "# say it"
    );
    // The text of a highlighted block is the code as written.
    assert_eq!(
        rust.text().collect::<String>(),
        "fn main() { println!(\"{}\", 1 < 2); }\n"
    );
}

#[test]
fn unknown_or_missing_languages_are_plain_and_escaped() {
    let page = story_page("");
    let unknown = select(&page, ".article-body pre > code.language-frobnicate");
    assert_eq!(unknown.len(), 1);
    assert_eq!(
        unknown[0].text().collect::<String>(),
        "spin <widget> & \"twirl\"\n"
    );
    assert!(unknown[0].children().all(|child| child.value().is_text()));
    assert!(select(&page, "widget").is_empty());
    let bare = select(&page, ".article-body pre > code:not([class])");
    assert_eq!(bare.len(), 1);
    assert_eq!(bare[0].text().collect::<String>(), "no language <here>\n");
    assert!(select(&page, "here").is_empty());
    // Neither names a language it does not have.
    assert_eq!(select(&page, ".article-body pre:not(.code)").len(), 2);
    assert!(select(&page, ".article-body pre[data-lang=frobnicate]").is_empty());
}

#[test]
fn markup_and_shortcodes_inside_code_stay_literal() {
    let page = story_page("");
    assert!(select(&page, ".article-body script").is_empty());
    assert!(select(&page, ".article-body b").is_empty());
    assert_eq!(
        texts(&page, ".article-body pre.code[data-lang=HTML]"),
        ["<script>alert(\"x\")</script><b>bold</b>"]
    );
    let blocks = select(&page, ".article-body pre.code[data-lang=Rust]");
    assert_eq!(
        blocks[1].text().collect::<String>(),
        "// {{ figure(src=\"map.jpg\", alt=\"A map\") }} and {{< youtube abc >}}\n\
         let s = \"{% pullquote() %}not a quote{% end %}\";\n"
    );
    assert!(select(&page, ".article-body figure, .article-body iframe").is_empty());
    assert!(select(&page, ".article-body blockquote").is_empty());
}

#[test]
fn highlighting_can_be_turned_off() {
    let page = story_page("highlight = false\n");
    assert!(select(&page, ".article-body pre.code").is_empty());
    assert!(select(&page, ".article-body pre span").is_empty());
    assert_eq!(select(&page, ".article-body pre > code").len(), 9);
    assert_eq!(
        attrs(&page, ".article-body pre > code", "class")[0],
        "language-rust"
    );
}

#[test]
fn the_stylesheet_colours_code_for_light_and_dark_readers() {
    let site = Fixture::new();
    site.article("code.md", "title: Code\ndate: 2024-05-01", BODY);
    site.build_ok(&[]);
    let css = std::fs::read_to_string(site.public().join("theme.css")).unwrap();
    let (_, code) = css
        .split_once("/* Code */")
        .expect("the stylesheet has a /* Code */ block");
    let (light, dark) = code
        .split_once("@media (prefers-color-scheme: dark)")
        .expect("the code block has a dark scheme");
    let variables = [
        "--code-comment",
        "--code-keyword",
        "--code-string",
        "--code-constant",
        "--code-name",
        "--code-support",
    ];
    let dark_root = &dark[..dark.find('}').unwrap()];
    for variable in variables {
        assert!(light.contains(&format!("{variable}: #")), "{variable}");
        assert!(dark_root.contains(&format!("{variable}: #")), "{variable}");
        assert!(
            dark.contains(&format!("var({variable})")),
            "{variable} is used"
        );
    }
    for class in [
        ".hl-comment",
        ".hl-keyword",
        ".hl-string",
        ".hl-constant",
        ".hl-entity",
    ] {
        assert!(code.contains(class), "{class}");
    }
    assert!(code.contains("pre.code[data-lang]::before { content: attr(data-lang);"));
}

#[test]
fn a_summary_with_code_is_highlighted_on_list_pages_too() {
    let site = Fixture::new();
    site.article(
        "code.md",
        "title: Code\ndate: 2024-05-01",
        "Intro.\n\n```rust\nfn lead() {}\n```\n\n<!-- more -->\n\nRest.\n",
    );
    site.build_ok(&[]);
    let home = site.page("/");
    assert_eq!(attrs(&home, "pre.code", "data-lang"), ["Rust"]);
    assert_eq!(texts(&home, "pre.code .hl-entity.hl-name"), ["lead"]);
}
