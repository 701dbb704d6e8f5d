//! Structured data for search engines: JSON-LD `NewsArticle` on article pages and `WebSite`
//! on the home page.
//!
//! It is built as JSON values with serde_json, never by pasting strings, and then made safe
//! to sit inside a `<script>` element: `<`, `>` and `&` are written as `\u` escapes, which
//! JSON readers decode back, so a headline holding `</script>` cannot end the element.

use serde_json::{Value, json};

/// What the structured data of an article says, with every URL already absolute.
pub struct ArticleFacts<'a> {
    pub headline: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub date_published: &'a str,
    pub date_modified: &'a str,
    /// Authors' names with the URL of their page, where they have one.
    pub authors: Vec<(&'a str, Option<String>)>,
    /// The lead image's URLs: its 16:9, 4:3 and 1:1 crops, as Google asks for, or the one
    /// image when there are no crops.
    pub images: Vec<&'a str>,
    pub keywords: Vec<&'a str>,
    /// The section the story is filed in.
    pub section: Option<&'a str>,
}

/// Who publishes the site, with absolute URLs.
pub struct Publisher<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub logo: Option<&'a str>,
    pub language: &'a str,
    pub description: &'a str,
}

fn organization(publisher: &Publisher<'_>) -> Value {
    let mut organization = json!({
        "@type": "Organization",
        "name": publisher.name,
        "url": publisher.url,
    });
    if let Some(logo) = publisher.logo {
        organization["logo"] = json!({ "@type": "ImageObject", "url": logo });
    }
    organization
}

/// JSON-LD for an article page, ready to place inside `<script type="application/ld+json">`.
pub fn news_article(facts: &ArticleFacts<'_>, publisher: &Publisher<'_>) -> String {
    let authors: Vec<Value> = facts
        .authors
        .iter()
        .map(|(name, url)| {
            let mut person = json!({ "@type": "Person", "name": name });
            if let Some(url) = url {
                person["url"] = json!(url);
            }
            person
        })
        .collect();
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": facts.headline,
        "description": facts.description,
        "url": facts.url,
        "mainEntityOfPage": { "@type": "WebPage", "@id": facts.url },
        "datePublished": facts.date_published,
        "dateModified": facts.date_modified,
        "inLanguage": publisher.language,
        "publisher": organization(publisher),
    });
    if authors.is_empty() {
        // Google asks for an author; a story without a byline is the publication's own.
        article["author"] = organization(publisher);
    } else {
        article["author"] = Value::Array(authors);
    }
    if !facts.images.is_empty() {
        article["image"] = json!(facts.images);
    }
    if let Some(section) = facts.section {
        article["articleSection"] = json!(section);
    }
    if !facts.keywords.is_empty() {
        article["keywords"] = json!(facts.keywords);
    }
    script_safe(&article)
}

/// JSON-LD for the home page.
pub fn website(publisher: &Publisher<'_>) -> String {
    let mut site = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": publisher.name,
        "url": publisher.url,
        "inLanguage": publisher.language,
        "publisher": organization(publisher),
    });
    if !publisher.description.is_empty() {
        site["description"] = json!(publisher.description);
    }
    script_safe(&site)
}

/// Serialises JSON so that no character sequence in it can close or confuse a `<script>`.
fn script_safe(value: &Value) -> String {
    let text = serde_json::to_string(value).expect("JSON values always serialise");
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_endings_cannot_escape() {
        let publisher = Publisher {
            name: "A & B",
            url: "https://example.org/",
            logo: None,
            language: "en",
            description: "",
        };
        let facts = ArticleFacts {
            headline: "</script><script>alert(1)</script>",
            description: "\"quoted\"",
            url: "https://example.org/x/",
            date_published: "2023-10-29T08:00:00+00:00",
            date_modified: "2023-10-29T08:00:00+00:00",
            authors: vec![("Jane", None)],
            images: vec![],
            keywords: vec![],
            section: None,
        };
        let text = news_article(&facts, &publisher);
        assert!(!text.contains('<'));
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["headline"], "</script><script>alert(1)</script>");
        assert_eq!(parsed["publisher"]["name"], "A & B");
    }
}
