//! Author profiles from `data/authors.toml`: a display name, a short biography, a picture and
//! links for each byline, shown on the author's page and under an article's byline.
//!
//! ```toml
//! ["Amina Khan"]                      # keyed by the name bylines use, or by its slug
//! bio = "Covers Pakistan and Afghanistan from Islamabad."
//! avatar = "/images/amina-khan.jpg"
//! links = [{ title = "Mastodon", url = "https://example.social/@amina" }]
//! ```

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::text::{line_of_toml_key, parse_toml_table};

/// Where profiles are read from, relative to the site root.
pub const PROFILES_FILE: &str = "data/authors.toml";

/// One author's profile, as written.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The name to show, when it differs from the byline's spelling.
    pub name: Option<String>,
    /// A sentence or two about the author (Markdown).
    pub bio: Option<String>,
    /// A picture: a URL or a path on the site.
    pub avatar: Option<String>,
    /// Links to the author elsewhere.
    #[serde(default)]
    pub links: Vec<ProfileLink>,
}

/// A link on an author's profile.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ProfileLink {
    pub title: String,
    pub url: String,
}

/// Every profile, by the key it was written under.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    entries: Vec<(String, Profile)>,
}

impl Profiles {
    /// Reads `data/authors.toml`; a site without one has no profiles.
    pub fn load(root: &Path) -> Result<Profiles> {
        let path = root.join(PROFILES_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Profiles::default());
            }
            Err(error) => return Err(Error::io("read the author profiles", &path, error)),
        };
        Profiles::parse(&text)
    }

    /// Parses the text of a profiles file.
    pub fn parse(text: &str) -> Result<Profiles> {
        let path = Path::new(PROFILES_FILE);
        let fail = |line: Option<usize>, message: String| Error::config(path, line, message);
        let table = parse_toml_table(text, path)?;
        let mut entries = Vec::with_capacity(table.len());
        for (key, value) in table {
            let line = line_of_toml_key(text, &key);
            if !value.is_table() {
                return Err(fail(
                    line,
                    format!(
                        "\"{key}\" should be a profile, a table such as [\"{key}\"] with name = \"...\" and bio = \"...\" lines below it, but is {}; write it as a table",
                        match value {
                            toml::Value::String(_) => "text",
                            toml::Value::Integer(_) | toml::Value::Float(_) => "a number",
                            toml::Value::Boolean(_) => "true or false",
                            toml::Value::Datetime(_) => "a date",
                            _ => "a list",
                        }
                    ),
                ));
            }
            let profile = Profile::deserialize(value).map_err(|error| {
                fail(
                    line,
                    format!(
                        "the profile of \"{key}\": {}; a profile may hold name, bio, avatar and links = [{{ title = \"...\", url = \"...\" }}]",
                        error.message().trim_end()
                    ),
                )
            })?;
            entries.push((key, profile));
        }
        Ok(Profiles { entries })
    }

    /// The profile of a byline name: written under the name itself, or under its slug.
    pub fn find(&self, name: &str, slug: &str) -> Option<&Profile> {
        self.entries
            .iter()
            .find(|(key, _)| key == name || slug::slugify(key) == slug)
            .map(|(_, profile)| profile)
    }

    /// The keys that match none of `authors` (name, slug), so editors notice a misspelling.
    pub fn unused<'a>(&self, authors: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<String> {
        let authors: Vec<(&str, &str)> = authors.collect();
        self.entries
            .iter()
            .filter(|(key, _)| {
                !authors
                    .iter()
                    .any(|(name, slug)| key == name || slug::slugify(key) == *slug)
            })
            .map(|(key, _)| key.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_found_by_name_or_slug() {
        let profiles = Profiles::parse(
            "[\"Amina Khan\"]\nbio = \"Reports.\"\n\n[lee-park]\nname = \"Lee Park\"\nlinks = [{ title = \"Site\", url = \"https://example.org/\" }]\n\n[nobody]\nbio = \"x\"\n",
        )
        .unwrap();
        assert_eq!(
            profiles
                .find("Amina Khan", "amina-khan")
                .unwrap()
                .bio
                .as_deref(),
            Some("Reports.")
        );
        assert_eq!(
            profiles.find("Lee Park", "lee-park").unwrap().links.len(),
            1
        );
        assert_eq!(
            profiles.unused([("Amina Khan", "amina-khan"), ("Lee Park", "lee-park")].into_iter()),
            ["nobody"]
        );
    }

    #[test]
    fn unknown_profile_fields_name_the_line() {
        let error = Profiles::parse("[a]\nbio = \"x\"\n\n[b]\nbiography = \"y\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with(
                "data/authors.toml:4: the profile of \"b\": unknown field `biography`"
            ),
            "{error}"
        );
    }
}
