//! Making the links inside article bodies absolute, for places read away from the site:
//! feed readers resolve a relative link against the feed, not the article, so every `href`
//! and `src` in feed content must carry the full URL.

use lol_html::{RewriteStrSettings, element, rewrite_str};
use url::Url;

/// Rewrites every relative `href`, `src` and `poster` in `html` against `page_url`. Links that
/// are already absolute (`https:`, `mailto:`, `//host`) are left as they are. When `page_url`
/// is not absolute, the HTML is returned unchanged.
pub fn absolutize(html: &str, page_url: &str) -> String {
    let Ok(base) = Url::parse(page_url) else {
        return html.to_string();
    };
    let resolve = |value: &str| -> Option<String> {
        let trimmed = value.trim();
        if trimmed.is_empty() || Url::parse(trimmed).is_ok() {
            return None;
        }
        base.join(trimmed).ok().map(String::from)
    };
    let rewritten = rewrite_str(
        html,
        RewriteStrSettings::new().append_element_content_handler(element!(
            "[href], [src], [poster]",
            |el| {
                for attribute in ["href", "src", "poster"] {
                    if let Some(value) = el.get_attribute(attribute)
                        && let Some(absolute) = resolve(&value)
                    {
                        el.set_attribute(attribute, &absolute)?;
                    }
                }
                Ok(())
            }
        )),
    );
    rewritten.unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_become_absolute() {
        let page = "https://example.org/news/2023/10/29/story/";
        let html = r##"<a href="/about/">a</a> <a href="other/">b</a> <img src="pic.jpg"> <a href="#fn1">1</a> <a href="https://x.org/">c</a> <a href="mailto:a@b.c">d</a>"##;
        let out = absolutize(html, page);
        assert!(
            out.contains(r#"href="https://example.org/about/""#),
            "{out}"
        );
        assert!(out.contains(r#"href="https://example.org/news/2023/10/29/story/other/""#));
        assert!(out.contains(r#"src="https://example.org/news/2023/10/29/story/pic.jpg""#));
        assert!(out.contains(r##"href="https://example.org/news/2023/10/29/story/#fn1""##));
        assert!(out.contains(r#"href="https://x.org/""#));
        assert!(out.contains(r#"href="mailto:a@b.c""#));
    }

    #[test]
    fn without_an_absolute_page_url_nothing_changes() {
        assert_eq!(
            absolutize("<a href=\"x\">x</a>", "/x/"),
            "<a href=\"x\">x</a>"
        );
    }
}
