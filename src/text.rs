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

/// The 0-based index of the line where a top-level TOML `key = ...` is written.
pub fn line_of_toml_key(text: &str, key: &str) -> Option<usize> {
    line_of_key(text, key, '=')
}

/// The 0-based index of the line where a top-level YAML `key: ...` is written.
pub fn line_of_yaml_key(text: &str, key: &str) -> Option<usize> {
    line_of_key(text, key, ':')
}

fn line_of_key(text: &str, key: &str, separator: char) -> Option<usize> {
    text.lines().position(|line| {
        let line = line.trim_start();
        let unquoted = line
            .strip_prefix('"')
            .and_then(|rest| rest.strip_prefix(key))
            .and_then(|rest| rest.strip_prefix('"'))
            .or_else(|| line.strip_prefix(key));
        unquoted.is_some_and(|rest| rest.trim_start().starts_with(separator))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lines() {
        let text = "a = 1\n\"b\" = 2\nc: 3\n";
        assert_eq!(line_of_offset(text, 0), 1);
        assert_eq!(line_of_offset(text, 7), 2);
        assert_eq!(line_of_toml_key(text, "b"), Some(1));
        assert_eq!(line_of_yaml_key(text, "c"), Some(2));
        assert_eq!(line_of_yaml_key(text, "a"), None);
    }
}
