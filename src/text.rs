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
        crate::error::Error::config(
            path,
            line,
            format!("invalid TOML: {}", error.message().trim_end()),
        )
    })
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
    fn finds_top_level_yaml_keys_only() {
        let text = "title: x\nevent:\n  date: 2023\n\"date\": 2024\n";
        assert_eq!(line_of_yaml_key(text, "date"), Some(4));
        assert_eq!(line_of_yaml_key(text, "title"), Some(1));
        assert_eq!(line_of_yaml_key(text, "missing"), None);
    }
}
