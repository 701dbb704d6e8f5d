//! Finding shortcode calls and template tags in a Markdown body, in every syntax newsroom
//! reads: its own (Zola's) `{{ name(k="v") }}` and `{% name(k="v") %}…{% end %}`, Hugo's
//! `{{< name args >}}` and `{{% name args %}}`, and Jekyll's Liquid tags and variables.
//!
//! This module only reads: it says what is written where. What a call becomes is decided by
//! the body stage ([`super`]), which knows the theme and the site's stories.

use serde_json::Value;

/// How a call is written, which decides how its arguments are read and how it is named in
/// messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `{{ name(k="v") }}` or `{% name(k="v") %}…{% end %}`: newsroom's and Zola's.
    Newsroom,
    /// `{{< name args >}}`: Hugo's.
    Hugo,
    /// `{{% name args %}}`: Hugo's, whose body is Markdown.
    HugoMarkdown,
    /// `{% include name.html k="v" %}`: Jekyll's.
    Include,
    /// `{% name "a" "b" %}`: a Liquid tag of a site's own (a Jekyll plugin's, an Eleventy
    /// shortcode), made only when the site has a shortcode of that name.
    LiquidTag,
}

/// One call of a shortcode, in whatever syntax it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub syntax: Syntax,
    pub name: String,
    /// Named arguments, in the order written.
    pub named: Vec<(String, Value)>,
    /// Positional arguments (Hugo's), in order.
    pub positional: Vec<String>,
    /// Whether a closing tag may follow (not Hugo's self-closing `/>}}`, not an inline
    /// `{{ name() }}`).
    pub may_have_body: bool,
}

/// What the text at some `{` is.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A shortcode call (its body, if any, is looked for afterwards).
    Call(Call),
    /// Text that stands for itself: Hugo's escaped call `{{</* x */>}}` written as `{{< x >}}`.
    Literal(String),
    /// `{% raw %}`: the text up to `{% endraw %}` is not read for calls.
    Raw,
    /// Jekyll's `{% link path %}`: the URL of the story at that path.
    Link(String),
    /// Jekyll's `{% post_url name %}`: the URL of the post with that file name.
    PostUrl(String),
    /// Jekyll's `{{ site.baseurl }}`.
    BaseUrl,
    /// Jekyll's `{{ site.url }}`.
    SiteUrl,
    /// Jekyll's `{{ "/path" | relative_url }}` (`absolute: false`) or `absolute_url`.
    PathUrl { path: String, absolute: bool },
    /// Jekyll's `{% highlight lang %}`, whose code runs to `{% endhighlight %}`.
    Highlight(String),
    /// A Liquid tag newsroom does not run, by its name (`if`, `assign`...).
    UnknownTag(String),
    /// A Liquid or Tera variable newsroom does not know (`page.title`).
    UnknownVariable(String),
    /// A closing tag, or an `{% else %}`-like part of a tag, with nothing open.
    Stray,
}

/// Reads what starts at byte `at` of `text` (which holds `{` there): what it is and the
/// byte just after it. `None` when it is no tag at all (a lone brace, `{{ }}` in prose).
pub fn read_at(text: &str, at: usize) -> Option<(Found, usize)> {
    let rest = &text[at..];
    if rest.starts_with("{{<") || rest.starts_with("{{%") {
        return read_hugo(text, at);
    }
    if rest.starts_with("{{") {
        return read_expression(text, at);
    }
    if rest.starts_with("{%") {
        return read_tag(text, at);
    }
    None
}

/// The closing delimiter of Hugo's form opened with `delimiter` (`<` or `%`).
fn hugo_close(delimiter: u8) -> &'static str {
    if delimiter == b'<' { ">}}" } else { "%}}" }
}

fn read_hugo(text: &str, at: usize) -> Option<(Found, usize)> {
    let delimiter = text.as_bytes()[at + 2];
    let close = hugo_close(delimiter);
    let inner_start = at + 3;
    let rest = &text[inner_start..];
    let trimmed = rest.trim_start();
    if let Some(comment) = trimmed.strip_prefix("/*") {
        // `{{</* figure src="x" */>}}` is the call written out, not made.
        let end_comment = comment.find("*/")?;
        let after = comment[end_comment + 2..].trim_start();
        if !after.starts_with(close) {
            return None;
        }
        let inner = &comment[..end_comment];
        let end = text.len() - after.len() + close.len();
        let open = if delimiter == b'<' { "{{<" } else { "{{%" };
        return Some((Found::Literal(format!("{open}{inner}{close}")), end));
    }
    let length = find_outside_quotes(rest, close)?;
    let end = inner_start + length + close.len();
    let inner = rest[..length].trim();
    if inner.starts_with('/') {
        return Some((Found::Stray, end));
    }
    let (inner, self_closing) = match inner.strip_suffix('/') {
        Some(inner) => (inner.trim_end(), true),
        None => (inner, false),
    };
    let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let name = &inner[..name_end];
    if !is_name(name) {
        return None;
    }
    let (named, positional) = read_spaced_args(&inner[name_end..])?;
    let syntax = if delimiter == b'<' {
        Syntax::Hugo
    } else {
        Syntax::HugoMarkdown
    };
    let call = Call {
        syntax,
        name: name.to_string(),
        named,
        positional,
        may_have_body: !self_closing,
    };
    Some((Found::Call(call), end))
}

/// `{{ … }}`: a newsroom/Zola inline call, or a Liquid variable.
fn read_expression(text: &str, at: usize) -> Option<(Found, usize)> {
    let inner_start = at + 2;
    let rest = &text[inner_start..];
    let length = find_outside_quotes(rest, "}}")?;
    let end = inner_start + length + 2;
    // Liquid's `{{-` and `-}}` trim whitespace; the expression is the same.
    let inner = rest[..length].trim_start_matches('-').trim_end_matches('-');
    let inner = inner.trim();
    let name_end = inner
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    let after = inner[name_end..].trim_start();
    if !name.is_empty() && after.starts_with('(') {
        let (named, closed) = read_parenthesised_args(after)?;
        if !closed.trim().is_empty() || !is_name(name) {
            return None;
        }
        let call = Call {
            syntax: Syntax::Newsroom,
            name: name.to_string(),
            named,
            positional: Vec::new(),
            may_have_body: false,
        };
        return Some((Found::Call(call), end));
    }
    let compact: String = inner.split_whitespace().collect::<Vec<_>>().join(" ");
    match compact.as_str() {
        "" => return None,
        "site.baseurl" => return Some((Found::BaseUrl, end)),
        "site.url" => return Some((Found::SiteUrl, end)),
        _ => {}
    }
    if let Some((path, filter)) = compact.split_once('|') {
        let absolute = match filter.trim() {
            // Eleventy's `url` filter puts the site's path in front, as Jekyll's does.
            "relative_url" | "url" => Some(false),
            "absolute_url" => Some(true),
            _ => None,
        };
        if let (Some(absolute), Some(path)) = (absolute, unquote(path.trim())) {
            return Some((Found::PathUrl { path, absolute }, end));
        }
    }
    let variable = compact
        .split('|')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    // Prose braces (`{{ }}`, a maths formula) are not Liquid: a variable is a name, or a
    // quoted string sent through a filter.
    let is_name = variable
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '[' | ']' | '"' | '\''))
        && variable.chars().next().is_some_and(char::is_alphabetic);
    let is_filtered_string = compact.contains('|') && unquote(&variable).is_some();
    // Named by the variable, or by the filter a string is sent through, so a page of
    // `{{ "name" | team_link }}` is one report.
    let named = if is_name {
        variable
    } else {
        let filter = compact.split('|').nth(1).unwrap_or_default();
        let filter = filter.split(':').next().unwrap_or_default().trim();
        format!("\"…\" | {filter}")
    };
    (is_name || is_filtered_string).then_some((Found::UnknownVariable(named), end))
}

/// `{% … %}`: a newsroom/Zola call with a body, or a Liquid tag.
fn read_tag(text: &str, at: usize) -> Option<(Found, usize)> {
    let inner_start = at + 2;
    let rest = &text[inner_start..];
    let length = find_outside_quotes(rest, "%}")?;
    let end = inner_start + length + 2;
    let inner = rest[..length].trim_start_matches('-').trim_end_matches('-');
    let inner = inner.trim();
    let name_end = inner
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    let after = inner[name_end..].trim_start();
    if name.is_empty() {
        return None;
    }
    if after.starts_with('(') {
        let (named, closed) = read_parenthesised_args(after)?;
        if !closed.trim().is_empty() || !is_name(name) {
            return None;
        }
        let call = Call {
            syntax: Syntax::Newsroom,
            name: name.to_string(),
            named,
            positional: Vec::new(),
            may_have_body: true,
        };
        return Some((Found::Call(call), end));
    }
    let argument = after.trim();
    let found = match name {
        "raw" if argument.is_empty() => Found::Raw,
        "link" if !argument.is_empty() => Found::Link(first_word(argument)),
        "post_url" if !argument.is_empty() => Found::PostUrl(first_word(argument)),
        "highlight" => Found::Highlight(
            argument
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string(),
        ),
        "include" if !argument.is_empty() => {
            let file_end = argument.find(char::is_whitespace).unwrap_or(argument.len());
            // Eleventy writes the name quoted, and may put a comma after it.
            let file = argument[..file_end].trim_end_matches(',');
            let file = file.trim_matches(|c| c == '"' || c == '\'');
            let (named, positional) = read_spaced_args(&argument[file_end..])?;
            Found::Call(Call {
                syntax: Syntax::Include,
                name: file.to_string(),
                named,
                positional,
                may_have_body: false,
            })
        }
        "end" | "else" | "elsif" | "when" | "endraw" => Found::Stray,
        name if name.starts_with("end") => Found::Stray,
        name => match read_spaced_args(after) {
            Some((named, positional)) => Found::Call(Call {
                syntax: Syntax::LiquidTag,
                name: name.to_string(),
                named,
                positional,
                may_have_body: false,
            }),
            None => Found::UnknownTag(name.to_string()),
        },
    };
    Some((found, end))
}

/// Where the closing tag of a body opened as `opener` is: Hugo's `{{< /name >}}`, or
/// newsroom's `{% end %}` (counting the calls with bodies opened inside it), or Jekyll's
/// `{% endNAME %}`. Returns the start and end of the closing tag, searching from `from` and
/// skipping the ranges `skip` (code), which never hold one.
pub fn find_close(
    text: &str,
    from: usize,
    opener: &Closing<'_>,
    skip: &dyn Fn(usize) -> Option<usize>,
) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut at = from;
    while let Some(offset) = text[at..].find('{') {
        let here = at + offset;
        if let Some(after) = skip(here) {
            at = after;
            continue;
        }
        let rest = &text[here..];
        match opener {
            Closing::Hugo(name) if rest.starts_with("{{<") || rest.starts_with("{{%") => {
                let close = hugo_close(rest.as_bytes()[2]);
                if let Some(length) = rest[3..].find(close) {
                    let inner = rest[3..3 + length].trim();
                    let end = here + 3 + length + close.len();
                    if let Some(closed) = inner.strip_prefix('/') {
                        if closed.trim() == *name {
                            if depth == 0 {
                                return Some((here, end));
                            }
                            depth -= 1;
                        }
                    } else if inner.split_whitespace().next() == Some(name) && !inner.ends_with('/')
                    {
                        depth += 1;
                    }
                    at = end;
                    continue;
                }
            }
            Closing::End | Closing::Named(_) if rest.starts_with("{%") => {
                if let Some(length) = rest[2..].find("%}") {
                    let inner = rest[2..2 + length]
                        .trim_start_matches('-')
                        .trim_end_matches('-')
                        .trim();
                    let end = here + 2 + length + 2;
                    let word_end = inner
                        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .unwrap_or(inner.len());
                    let word = &inner[..word_end];
                    let opens = inner[word_end..].trim_start().starts_with('(');
                    let closes = match opener {
                        Closing::End => word == "end" && inner == "end",
                        Closing::Named(name) => word == *name,
                        Closing::Hugo(_) => false,
                    };
                    if closes {
                        if depth == 0 {
                            return Some((here, end));
                        }
                        depth -= 1;
                    } else if matches!(opener, Closing::End) && opens {
                        depth += 1;
                    }
                    at = end;
                    continue;
                }
            }
            _ => {}
        }
        at = here + 1;
    }
    None
}

/// Which closing tag a body ends with.
pub enum Closing<'a> {
    /// Hugo's `{{< /name >}}` or `{{% /name %}}`.
    Hugo(&'a str),
    /// newsroom's `{% end %}`.
    End,
    /// A Liquid block's own end tag: `{% endraw %}`, `{% endhighlight %}`.
    Named(&'a str),
}

/// A shortcode name: letters, digits, `_`, `-`, and (for Jekyll's includes) `.` and `/`.
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
}

fn first_word(text: &str) -> String {
    text.split_whitespace()
        .next()
        .map(|word| unquote(word).unwrap_or_else(|| word.to_string()))
        .unwrap_or_default()
}

/// The first place `needle` occurs in `text` outside quoted strings.
fn find_outside_quotes(text: &str, needle: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut quote: Option<u8> = None;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        match quote {
            Some(q) if byte == q => quote = None,
            Some(_) if byte == b'\n' && text[..index].ends_with('\n') => return None,
            Some(_) => {}
            None if matches!(byte, b'"' | b'`') => quote = Some(byte),
            None if text[index..].starts_with(needle) => return Some(index),
            // A call never runs over a blank line.
            None if byte == b'\n' && text[index + 1..].starts_with('\n') => return None,
            None => {}
        }
        index += 1;
    }
    None
}

/// A quoted string's text (`"x"`, `'x'` or `` `x` ``), with `\"` escapes read.
fn unquote(text: &str) -> Option<String> {
    let first = text.chars().next()?;
    if !matches!(first, '"' | '\'' | '`') || text.len() < 2 || !text.ends_with(first) {
        return None;
    }
    let inner = &text[1..text.len() - 1];
    Some(inner.replace(&format!("\\{first}"), &first.to_string()))
}

/// Named arguments in the order written, and positional ones.
type Arguments = (Vec<(String, Value)>, Vec<String>);

/// Hugo's and Jekyll's arguments: `k="v"`, `k=v` and positional `"v"` or `v`, separated by
/// spaces. `None` when a quote is left open.
fn read_spaced_args(text: &str) -> Option<Arguments> {
    let mut named = Vec::new();
    let mut positional = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        let is_named = key_end > 0 && rest[key_end..].starts_with('=');
        let (key, value_text) = if is_named {
            // Hugo reads `src= "x.png"` as `src="x.png"`, and archives carry it.
            (Some(&rest[..key_end]), rest[key_end + 1..].trim_start())
        } else {
            (None, rest)
        };
        let (value, after) = read_word(value_text)?;
        match key {
            Some(key) => named.push((key.to_string(), Value::String(value))),
            None => positional.push(value),
        }
        rest = after.trim_start();
    }
    Some((named, positional))
}

/// One quoted or bare word at the start of `text`, and the text after it.
fn read_word(text: &str) -> Option<(String, &str)> {
    let first = text.chars().next()?;
    if matches!(first, '"' | '\'' | '`') {
        let mut escaped = false;
        for (index, c) in text.char_indices().skip(1) {
            if escaped {
                escaped = false;
            } else if c == '\\' && first != '`' {
                escaped = true;
            } else if c == first {
                let word = unquote(&text[..index + c.len_utf8()])?;
                return Some((word, &text[index + c.len_utf8()..]));
            }
        }
        return None;
    }
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    Some((text[..end].to_string(), &text[end..]))
}

/// newsroom's arguments, `(k="v", n=3, on=true)`: the pairs, and what follows the `)`.
/// `None` when they do not read.
fn read_parenthesised_args(text: &str) -> Option<(Vec<(String, Value)>, &str)> {
    let mut rest = text.strip_prefix('(')?.trim_start();
    let mut named = Vec::new();
    loop {
        if let Some(after) = rest.strip_prefix(')') {
            return Some((named, after));
        }
        let key_end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if key_end == 0 {
            return None;
        }
        let key = &rest[..key_end];
        let after_key = rest[key_end..].trim_start().strip_prefix('=')?.trim_start();
        let (value, after) = read_value(after_key)?;
        named.push((key.to_string(), value));
        rest = after.trim_start();
        if let Some(after) = rest.strip_prefix(',') {
            rest = after.trim_start();
        } else if !rest.starts_with(')') {
            return None;
        }
    }
}

/// One value of newsroom's arguments: a string, a number, `true`/`false`, or a list of them.
fn read_value(text: &str) -> Option<(Value, &str)> {
    let first = text.chars().next()?;
    if matches!(first, '"' | '\'' | '`') {
        let (word, after) = read_word(text)?;
        return Some((Value::String(word), after));
    }
    if let Some(mut rest) = text.strip_prefix('[') {
        let mut items = Vec::new();
        loop {
            rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix(']') {
                return Some((Value::Array(items), after));
            }
            let (item, after) = read_value(rest)?;
            items.push(item);
            rest = after.trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest);
        }
    }
    let end = text
        .find(|c: char| c == ',' || c == ')' || c == ']' || c.is_whitespace())
        .unwrap_or(text.len());
    let word = &text[..end];
    let value = match word {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => {
            if let Ok(n) = word.parse::<i64>() {
                Value::from(n)
            } else if let Ok(x) = word.parse::<f64>() {
                Value::from(x)
            } else {
                return None;
            }
        }
    };
    Some((value, &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(text: &str) -> Call {
        match read_at(text, 0) {
            Some((Found::Call(call), end)) => {
                assert_eq!(end, text.len(), "{text}");
                call
            }
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn newsroom_calls_read_their_arguments() {
        let c = call(r#"{{ youtube(id="abc", start=30, on=true, tags=["a", 'b']) }}"#);
        assert_eq!(c.name, "youtube");
        assert_eq!(
            c.named,
            [
                ("id".to_string(), json!("abc")),
                ("start".to_string(), json!(30)),
                ("on".to_string(), json!(true)),
                ("tags".to_string(), json!(["a", "b"])),
            ]
        );
        assert!(!c.may_have_body);
        let c = call(r#"{% factbox(title="Key facts") %}"#);
        assert!(c.may_have_body);
        assert_eq!(call("{{ story() }}").named, []);
    }

    #[test]
    fn hugo_calls_read_positional_and_named_arguments() {
        let c = call(r#"{{< gist spf13 7896402 "img.html" >}}"#);
        assert_eq!(c.syntax, Syntax::Hugo);
        assert_eq!(c.positional, ["spf13", "7896402", "img.html"]);
        let c = call(r#"{{% figure src="/a b.jpg" caption='It\'s' attr=AP /%}}"#);
        assert_eq!(c.syntax, Syntax::HugoMarkdown);
        assert!(!c.may_have_body);
        assert_eq!(
            c.named,
            [
                ("src".to_string(), json!("/a b.jpg")),
                ("caption".to_string(), json!("It's")),
                ("attr".to_string(), json!("AP")),
            ]
        );
        assert_eq!(
            call(r#"{{<youtube w7Ft2ymGmfc>}}"#).positional,
            ["w7Ft2ymGmfc"]
        );
        let spaced = call(r#"{{< figure src= "/img/hats.png" width=400 alt="Hats" >}}"#);
        assert_eq!(
            spaced.named,
            [
                ("src".to_string(), json!("/img/hats.png")),
                ("width".to_string(), json!("400")),
                ("alt".to_string(), json!("Hats")),
            ]
        );
        assert!(spaced.positional.is_empty());
        assert_eq!(
            read_at(r#"{{</* figure src="x" */>}}"#, 0).map(|(f, _)| f),
            Some(Found::Literal(r#"{{< figure src="x" >}}"#.to_string()))
        );
    }

    #[test]
    fn liquid_tags_and_variables_are_told_apart() {
        let found = |text: &str| read_at(text, 0).map(|(found, _)| found);
        assert_eq!(found("{{ site.baseurl }}"), Some(Found::BaseUrl));
        assert_eq!(found("{{site.url}}"), Some(Found::SiteUrl));
        assert_eq!(
            found("{% post_url 2020-01-01-x %}"),
            Some(Found::PostUrl("2020-01-01-x".to_string()))
        );
        assert_eq!(
            found("{% link _posts/2020-01-01-x.md %}"),
            Some(Found::Link("_posts/2020-01-01-x.md".to_string()))
        );
        assert_eq!(
            found("{{ '/img/a.png' | relative_url }}"),
            Some(Found::PathUrl {
                path: "/img/a.png".to_string(),
                absolute: false
            })
        );
        assert_eq!(found("{% raw %}"), Some(Found::Raw));
        assert_eq!(found("{% endif %}"), Some(Found::Stray));
        let Some(Found::Call(tag)) = found("{% image \"a.jpg\" \"Alt\" %}") else {
            panic!()
        };
        assert_eq!(
            (tag.syntax, tag.name.as_str()),
            (Syntax::LiquidTag, "image")
        );
        assert_eq!(tag.positional, ["a.jpg", "Alt"]);
        assert_eq!(
            found("{{ \"aaron\" | team_link: 1 }}"),
            Some(Found::UnknownVariable("\"…\" | team_link".to_string()))
        );
        assert_eq!(
            found("{{ page.title | upcase }}"),
            Some(Found::UnknownVariable("page.title".to_string()))
        );
        assert_eq!(found("{{ }}"), None);
        assert_eq!(found("{ x }"), None);
        let Some(Found::Call(include)) = found(r#"{% include youtube.html id="abc" %}"#) else {
            panic!()
        };
        assert_eq!(include.name, "youtube.html");
        assert_eq!(include.named, [("id".to_string(), json!("abc"))]);
    }

    #[test]
    fn closing_tags_are_found_past_nested_ones() {
        let none = |_: usize| None;
        let text = "{% a() %}x{% b() %}y{% end %}z{% end %}";
        assert_eq!(find_close(text, 9, &Closing::End, &none), Some((30, 39)));
        let text = "{{< note >}}x{{< note >}}y{{< /note >}}{{% /note %}}";
        assert_eq!(
            find_close(text, 12, &Closing::Hugo("note"), &none),
            Some((39, 52))
        );
    }
}
