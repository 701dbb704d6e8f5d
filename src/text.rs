//! Small helpers for pointing at lines of a source text, shared by the config and
//! front-matter readers so that every message carries the line a user should look at.

/// The 1-based line holding byte `offset` of `text`.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Where text stops being UTF-8: the 1-based line of the first byte that cannot be read, and
/// that byte, for messages that point at it.
pub fn first_bad_byte(bytes: &[u8], error: &std::str::Utf8Error) -> (usize, u8) {
    let valid = &bytes[..error.valid_up_to()];
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    (line, bytes[valid.len()])
}

/// A value or line as quoted in a message: trimmed, and cut to 80 characters, so a huge
/// value does not flood the terminal.
pub fn excerpt(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_string(),
    }
}

/// Words from a file or folder name, each capitalised: `border-talks` becomes "Border Talks".
pub fn title_case(name: &str) -> String {
    name.split(['-', '_', ' ', '.'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// Parses a TOML settings file into a table; a syntax error names the file and its line.
pub fn parse_toml_table(text: &str, path: &std::path::Path) -> crate::error::Result<toml::Table> {
    toml::from_str(text).map_err(|error| {
        let line = error.span().map(|span| line_of_offset(text, span.start));
        let written = line
            .and_then(|line| text.lines().nth(line - 1))
            .unwrap_or("");
        let written = excerpt(written);
        crate::error::Error::config(
            path,
            line,
            format!("invalid TOML: {}", toml_message(error.message(), &written)),
        )
    })
}

/// An editor's sentence for a TOML error on the line `written`.
pub fn toml_message(message: &str, written: &str) -> String {
    let message = message.trim_end().to_lowercase();
    let key = written
        .split_once('=')
        .map(|(key, _)| key.trim().trim_matches('"'))
        .unwrap_or(written);
    let value = written
        .split_once('=')
        .map_or("", |(_, value)| value.trim());
    let opens_a_quote = value.starts_with('"') || value.starts_with('\'');
    if message.contains("duplicate key") {
        format!("`{key}` is written twice; TOML allows each key once, so delete one of them")
    } else if opens_a_quote
        && (message.contains("expected `\"`") || message.contains("expected `'`"))
    {
        format!(
            "the quote opened in `{written}` is never closed; end the value with the same quote mark on that line (or use \"\"\" for text over several lines)"
        )
    } else if message.contains("invalid string")
        || message.contains("string values must be quoted")
        || message.contains("expected `\"`")
        || message.contains("invalid unquoted key") && written.contains('=')
    {
        format!(
            "the value of `{key}` needs quotes: {key} = \"...\" (dates, numbers, true and false need none)"
        )
    } else if message.contains("unclosed")
        || message.contains("expected `]`")
        || message.contains("expected `}`")
    {
        format!(
            "a quote, bracket or brace opened in `{written}` is not closed; close it on the same line (or use \"\"\" for text over several lines)"
        )
    } else if message.contains("expected `=`")
        || message.contains("key with no value")
        || message.contains("expected `.`, `=`")
    {
        format!("`{written}` is not a `key = value` line; write it as {key} = \"...\"")
    } else if message.contains("integer") && message.contains("i128") {
        format!("the number in `{written}` is too large; write a smaller one")
    } else if message.contains("date") || message.contains("time") {
        format!(
            "`{written}` is not a TOML date; write it as 2023-10-29, 2023-10-29T09:30:00 or 2023-10-29T09:30:00+05:00, or put it in quotes"
        )
    } else if message.contains("table") {
        format!("`{written}` redefines a table already written above; write each [table] once")
    } else {
        format!("`{written}` cannot be read as TOML; write fields as key = \"value\", one a line")
    }
}

/// An editor's sentence for serde's "invalid type: string \"x\", expected i64" about the
/// value of `key`.
pub fn value_message(key: &str, message: &str) -> String {
    let message = message.trim_end();
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (unexpected, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
        let expected = match expected {
            "i64" | "u64" | "usize" | "an integer" => "a whole number, such as 20",
            "a string" => "text in double quotes, such as \"...\"",
            "a sequence" => "a list, such as [\"World\", \"Sport\"]",
            "a map" => "a table of keys, written under its own [table] line",
            "a boolean" => "true or false",
            other => other,
        };
        let unexpected = match unexpected.split_once(' ') {
            Some(("string", text)) => format!("the text {text}"),
            Some(("integer" | "floating", number)) => format!(
                "the number {}",
                number.trim_start_matches("point ").trim_matches('`')
            ),
            Some(("boolean", value)) => value.trim_matches('`').to_string(),
            _ => match unexpected {
                "sequence" => "a list".to_string(),
                "map" => "a table".to_string(),
                other => other.to_string(),
            },
        };
        return format!("`{key}` should be {expected}, but is {unexpected}");
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (written, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = expected.replace('`', "\"");
        let written = written.trim_matches('`');
        return format!("`{key}` is \"{written}\"; write {expected}");
    }
    format!("`{key}`: {message}")
}

/// The 1-based line where the top-level TOML key (or `[table]` header) `key` is written.
///
/// Asks the TOML parser for the key's span, so keys inside tables or multi-line strings are
/// never mistaken for it.
pub fn line_of_toml_key(text: &str, key: &str) -> Option<usize> {
    let table = toml::de::DeTable::parse(text).ok()?;
    table
        .get_ref()
        .keys()
        .find(|candidate| candidate.get_ref().as_ref() == key)
        .map(|found| line_of_offset(text, found.span().start))
}

/// The 1-based line where the top-level YAML key `key` is written.
///
/// Top-level keys of a block mapping start at the first column; nested keys and the lines of
/// multi-line strings are indented, so they are never mistaken for it.
pub fn line_of_yaml_key(text: &str, key: &str) -> Option<usize> {
    let position = text.lines().position(|line| {
        let unquoted = ["\"", "'"]
            .iter()
            .find_map(|quote| {
                line.strip_prefix(quote)?
                    .strip_prefix(key)?
                    .strip_prefix(quote)
            })
            .or_else(|| line.strip_prefix(key));
        unquoted.is_some_and(|rest| rest.trim_start().starts_with(':'))
    })?;
    Some(position + 1)
}

/// Decodes the HTML character references in a plain-text value, such as a title written
/// `Q&amp;A` or `Caf&eacute;`, so templates, feeds and JSON-LD escape it once, as text.
///
/// Named references are the HTML5 list; numeric ones are decimal or hex. A `&` that starts no
/// known reference (`AT&T`, `&nbsp` without its `;`) is kept as written.
pub fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        decoded.push_str(&rest[..at]);
        rest = &rest[at..];
        // The longest HTML5 name is 31 characters; look no further for the `;`.
        let end = rest
            .char_indices()
            .take(34)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let resolved = end.and_then(|end| {
            let name = &rest[1..end];
            let character = match name.strip_prefix('#') {
                Some(number) => {
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse::<u32>().ok(),
                    }?;
                    // NUL and the surrogates are not characters; HTML reads them as U+FFFD.
                    let character = char::from_u32(code).filter(|c| *c != '\0');
                    return Some((end, character.unwrap_or('\u{fffd}').to_string()));
                }
                None => quick_xml::escape::resolve_html5_entity(name)?,
            };
            Some((end, character.to_string()))
        });
        match resolved {
            Some((end, character)) => {
                decoded.push_str(&character);
                rest = &rest[end + 1..];
            }
            None => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    std::borrow::Cow::Owned(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_top_level_toml_keys_only() {
        let text = "title = \"\"\"\ntimezone = 1\n\"\"\"\ntimezone = \"x\"\n[extras]\nb = 2\n";
        assert_eq!(line_of_offset(text, 0), 1);
        assert_eq!(line_of_toml_key(text, "timezone"), Some(4));
        assert_eq!(line_of_toml_key(text, "extras"), Some(5));
        assert_eq!(line_of_toml_key(text, "b"), None);
    }

    #[test]
    fn decodes_entities_once() {
        assert_eq!(decode_entities("Q&amp;A"), "Q&A");
        assert_eq!(decode_entities("Caf&eacute; &#233; &#xE9;"), "Café é é");
        assert_eq!(decode_entities("Q&amp;amp;A"), "Q&amp;A");
        assert_eq!(
            decode_entities("AT&T & co &nbsp &unknown; &#xD800; &#0;"),
            "AT&T & co &nbsp &unknown; \u{fffd} \u{fffd}"
        );
        assert_eq!(decode_entities("&"), "&");
        assert_eq!(decode_entities("&#99999999999;"), "&#99999999999;");
    }

    #[test]
    fn finds_top_level_yaml_keys_only() {
        let text = "title: x\nevent:\n  date: 2023\n\"date\": 2024\n";
        assert_eq!(line_of_yaml_key(text, "date"), Some(4));
        assert_eq!(line_of_yaml_key(text, "title"), Some(1));
        assert_eq!(line_of_yaml_key(text, "missing"), None);
    }
}
