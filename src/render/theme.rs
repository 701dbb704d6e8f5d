//! The theme: the built-in templates compiled into the binary, each replaceable by a site
//! file of the same name, loaded into one Tera instance with newsroom's own filters.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::format::{Item, StrftimeItems};
use tera::{Context, Tera};

use crate::config::Config;
use crate::error::{Error, Result};

/// The folder, under the site root, whose files override the built-in theme.
pub const TEMPLATES_DIR: &str = "templates";

/// The theme's stylesheet, written to the output root.
pub const STYLESHEET: &str = "theme.css";

/// The built-in theme, compiled into the binary.
const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "components.html",
        include_str!("../../templates/components.html"),
    ),
    ("article.html", include_str!("../../templates/article.html")),
    ("latest.html", include_str!("../../templates/latest.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("tag.html", include_str!("../../templates/tag.html")),
    ("tags.html", include_str!("../../templates/tags.html")),
    ("author.html", include_str!("../../templates/author.html")),
    ("authors.html", include_str!("../../templates/authors.html")),
    ("section.html", include_str!("../../templates/section.html")),
    ("archive.html", include_str!("../../templates/archive.html")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("rss.xml", include_str!("../../templates/rss.xml")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    (STYLESHEET, include_str!("../../templates/theme.css")),
];

/// The templates a site is rendered with: the built-in theme with the site's overrides.
pub struct Theme {
    tera: Tera,
    /// Where each template came from, for error messages.
    origins: BTreeMap<String, String>,
    /// The stylesheet's text.
    pub stylesheet: Cow<'static, str>,
    /// For each page template, its text with that of every template it may draw on, to tell
    /// which of a page's values its template can read (see [`Theme::may_read`]).
    reachable: BTreeMap<String, String>,
    /// A hash of every template's name and text and of the settings the date filter reads:
    /// what a page's bytes depend on besides its context, so a page whose context and theme
    /// are both unchanged need not be rendered again.
    pub fingerprint: blake3::Hash,
}

/// Reads a theme file: the site's own copy when it has one, else the built-in one.
fn theme_file(
    root: &Path,
    name: &str,
    built_in: &'static str,
) -> Result<(Cow<'static, str>, String)> {
    let path = root.join(TEMPLATES_DIR).join(name);
    match read_template(&path, name) {
        Ok(text) => Ok((Cow::Owned(text), format!("{TEMPLATES_DIR}/{name}"))),
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok((Cow::Borrowed(built_in), format!("(built-in) {name}")))
        }
        Err(error) => Err(error),
    }
}

/// Reads a site template; one that is not UTF-8 is named as the editor knows it, with the fix.
fn read_template(path: &Path, name: &str) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read the template", path, e))?;
    String::from_utf8(bytes).map_err(|bad| {
        let (line, byte) = crate::text::first_bad_byte(bad.as_bytes(), &bad.utf8_error());
        Error::Template(format!(
            "{TEMPLATES_DIR}/{name}:{line}: the template is not UTF-8 text (byte 0x{byte:02X} cannot be read); save it as UTF-8"
        ))
    })
}

/// Refuses a template that extends one the theme does not have, naming the line of its
/// `{% extends %}` (the template engine names neither file nor line for it).
fn check_parents(
    sources: &[(String, Cow<'static, str>)],
    origins: &BTreeMap<String, String>,
) -> Result<()> {
    for (name, text) in sources {
        for (number, line) in text.lines().enumerate() {
            let Some(at) = line.find("extends") else {
                continue;
            };
            let before = line[..at].trim_end().trim_end_matches('-');
            if !before.ends_with("{%") {
                continue;
            }
            let rest = line[at + "extends".len()..].trim_start();
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let Some(parent) = rest[1..].split(quote).next() else {
                continue;
            };
            if !sources.iter().any(|(other, _)| other == parent) {
                let origin = origins.get(name).cloned().unwrap_or_else(|| name.clone());
                return Err(Error::Template(format!(
                    "{origin}:{}: the template extends \"{parent}\", which is neither a file in {TEMPLATES_DIR}/ nor one of the theme's; add {TEMPLATES_DIR}/{parent}, or extend \"base.html\"",
                    number + 1
                )));
            }
        }
    }
    Ok(())
}

impl Theme {
    /// The built-in theme's files as `(file name, text)`, read-only, so `newsroom new site
    /// --templates` can copy them into a site's `templates/` folder for editing.
    pub fn built_in_files() -> &'static [(&'static str, &'static str)] {
        BUILT_IN
    }

    /// Loads the built-in theme, each file overridden by the site's file of the same name, plus
    /// any other `.html` template the site has (for its own includes and macros).
    pub fn load(root: &Path, config: &Config) -> Result<Theme> {
        let mut sources: Vec<(String, Cow<'static, str>)> = Vec::new();
        let mut origins = BTreeMap::new();
        let mut stylesheet = Cow::Borrowed("");
        for (name, built_in) in BUILT_IN {
            let (text, origin) = theme_file(root, name, built_in)?;
            if *name == STYLESHEET {
                stylesheet = text;
            } else {
                origins.insert(name.to_string(), origin);
                sources.push((name.to_string(), text));
            }
        }
        // The built-in shortcodes, each replaceable by the site's file of the same name.
        for (name, built_in) in super::shortcodes::BUILT_IN {
            let name = super::shortcodes::template_name(name);
            let (text, origin) = theme_file(root, &name, built_in)?;
            origins.insert(name.clone(), origin);
            sources.push((name, text));
        }
        for (name, path) in site_only_templates(root)? {
            let text = read_template(&path, &name)?;
            origins.insert(name.clone(), format!("{TEMPLATES_DIR}/{name}"));
            sources.push((name, Cow::Owned(text)));
        }

        check_parents(&sources, &origins)?;
        let fingerprint = fingerprint(&sources, config);
        let reachable = reachable_texts(&sources);
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        register_date_filter(&mut tera, config);
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_ref())),
        )
        .map_err(|error| template_error(&error, &origins, None))?;
        Ok(Theme {
            tera,
            origins,
            stylesheet,
            fingerprint,
            reachable,
        })
    }

    /// Whether the theme has a shortcode called `name`: a built-in one, or a site file
    /// `templates/shortcodes/NAME.html`.
    pub fn has_shortcode(&self, name: &str) -> bool {
        self.origins
            .contains_key(&super::shortcodes::template_name(name))
    }

    /// Where the shortcode `name` comes from, as messages name it: `templates/shortcodes/x.html`,
    /// or `(built-in) shortcodes/x.html`.
    pub fn shortcode_origin(&self, name: &str) -> String {
        let template = super::shortcodes::template_name(name);
        self.origins.get(&template).cloned().unwrap_or(template)
    }

    /// Renders the shortcode `name` with `context`; the template engine's error as it is, so
    /// the body stage can tell a shortcode's own `throw` from a fault of its template.
    pub fn render_shortcode(
        &self,
        name: &str,
        context: &Context,
    ) -> std::result::Result<String, tera::Error> {
        self.tera
            .render(&super::shortcodes::template_name(name), context)
    }

    /// Whether a page rendered with `template` can read the value called `name`: whether the
    /// name is written in its text or in any template it may draw on (every template that is
    /// not itself a page's, and any page template it names). A value no template can read
    /// cannot change the page, so it is left out of the page's hash. A template that dumps
    /// its whole context can read everything.
    pub fn may_read(&self, template: &str, name: &str) -> bool {
        self.reachable
            .get(template)
            .is_none_or(|text| mentions(text, name) || text.contains("__tera_context"))
    }

    /// A template engine error, in the site's own terms (file, line, what went wrong).
    pub fn describe_error(&self, error: &tera::Error, page: Option<&str>) -> String {
        match template_error(error, &self.origins, page) {
            Error::Template(text) => text,
            other => other.to_string(),
        }
    }

    pub(super) fn render(&self, template: &str, context: &Context, path: &str) -> Result<String> {
        self.tera
            .render(template, context)
            .map_err(|error| template_error(&error, &self.origins, Some(path)))
    }
}

/// The templates rendered on their own: those pages are rendered with, each named by the
/// route that uses it, and the Latest stories list that article pages take in whole.
const PAGE_TEMPLATES: &[&str] = &[
    "article.html",
    "latest.html",
    "index.html",
    "tag.html",
    "author.html",
    "section.html",
    "archive.html",
    "tags.html",
    "authors.html",
    "search.html",
    "404.html",
    "redirect.html",
    "rss.xml",
    "atom.xml",
];

/// For each page template, its own text, the text of every template that is not a page's
/// (bases, components, includes, macros, shortcodes: any of them may be drawn on), and the
/// text of each other page template it names, and so on.
fn reachable_texts(sources: &[(String, Cow<'static, str>)]) -> BTreeMap<String, String> {
    let is_page = |name: &str| PAGE_TEMPLATES.contains(&name);
    let shared: String = sources
        .iter()
        .filter(|(name, _)| !is_page(name))
        .map(|(_, text)| text.as_ref())
        .collect::<Vec<&str>>()
        .join("\n");
    let text_of = |wanted: &str| {
        sources
            .iter()
            .find(|(name, _)| name == wanted)
            .map(|(_, text)| text.as_ref())
    };
    let mut reachable = BTreeMap::new();
    for page in PAGE_TEMPLATES {
        let Some(own) = text_of(page) else {
            continue;
        };
        let mut text = format!("{own}\n{shared}");
        let mut taken = vec![*page];
        // A page template may include another: take in each one named, until none is new.
        while let Some(other) = PAGE_TEMPLATES
            .iter()
            .find(|other| !taken.contains(other) && text.contains(**other))
        {
            taken.push(other);
            text.push('\n');
            text.push_str(text_of(other).unwrap_or_default());
        }
        reachable.insert(page.to_string(), text);
    }
    reachable
}

/// Whether `name` is written in `text` as a whole identifier (`latest_stories`, but not as
/// part of `shared_latest_stories`).
fn mentions(text: &str, name: &str) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// The hash of a theme's templates and of what its filters read from the config.
fn fingerprint(sources: &[(String, Cow<'static, str>)], config: &Config) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    let mut sorted: Vec<&(String, Cow<'static, str>)> = sources.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, text) in sorted {
        super::fingerprint::part(&mut hasher, name.as_bytes());
        super::fingerprint::part(&mut hasher, text.as_bytes());
    }
    // The date filter writes dates in the site's zone and format.
    hasher.update(format!("{:?}\n{:?}", config.timezone, config.date_format).as_bytes());
    hasher.finalize()
}

/// The `date` filter: `{{ article.date | date }}` writes a date with the site's `date_format`
/// in the site's time zone; `format="rfc2822"` (feeds), `format="iso8601"` or
/// `format="rfc3339"`, or any strftime pattern such as `format="%d %b %Y"`.
fn register_date_filter(tera: &mut Tera, config: &Config) {
    let zone = config.timezone;
    let site_format = config.date_format.clone();
    tera.register_filter(
        "date",
        move |value: &str, kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let date = chrono::DateTime::parse_from_rfc3339(value.trim())
                .map_err(|_| {
                    tera::Error::message(format!(
                        "the date filter needs an RFC 3339 date such as article.date, not \"{value}\""
                    ))
                })?
                .with_timezone(&zone);
            let format = kwargs.get::<&str>("format")?.unwrap_or(&site_format);
            Ok(match format {
                "rfc2822" => date.to_rfc2822(),
                "rfc3339" | "iso8601" => date.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                pattern => {
                    let items: Vec<Item<'_>> = StrftimeItems::new(pattern).collect();
                    if items.iter().any(|item| matches!(item, Item::Error)) {
                        return Err(tera::Error::message(format!(
                            "\"{pattern}\" is not a strftime pattern; try \"%B %-d, %Y\""
                        )));
                    }
                    date.format_with_items(items.into_iter()).to_string()
                }
            })
        },
    );
}

/// `.html` and `.xml` files in the site's `templates/` that are not part of the built-in theme.
fn site_only_templates(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let folder = root.join(TEMPLATES_DIR);
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&folder).sort_by(crate::in_name_order) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(&folder).to_path_buf();
            Error::io(
                "read the templates folder",
                &path,
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("a folder loop was found")),
            )
        })?;
        let Ok(relative) = entry.path().strip_prefix(&folder) else {
            continue;
        };
        let name = relative.to_string_lossy().replace('\\', "/");
        let is_html = name.ends_with(".html") || name.ends_with(".xml");
        let is_built_in = BUILT_IN.iter().any(|(built_in, _)| *built_in == name)
            || super::shortcodes::BUILT_IN
                .iter()
                .any(|(short, _)| super::shortcodes::template_name(short) == name);
        if entry.file_type().is_file() && is_html && !is_built_in {
            found.push((name, entry.into_path()));
        }
    }
    Ok(found)
}

/// Says which template, which line and what went wrong, in the site's own terms.
fn template_error(
    error: &tera::Error,
    origins: &BTreeMap<String, String>,
    page: Option<&str>,
) -> Error {
    let origin = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    };
    let while_rendering = page
        .map(|p| format!(" while rendering {p}"))
        .unwrap_or_default();
    let text = match error.kind() {
        tera::ErrorKind::SyntaxError(report) => format!(
            "{}:{}:{}: template syntax error: {}; fix the template, or delete it to use the built-in one",
            origin(report.filename()),
            report.span().start_line,
            report.span().start_col + 1,
            report.message()
        ),
        tera::ErrorKind::RenderingError(report) => format!(
            "{}:{}:{}: template error{while_rendering}: {}",
            origin(report.filename()),
            report.span().start_line,
            report.span().start_col + 1,
            report.message()
        ),
        _ => {
            let mut text = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                text.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            located_reports(&text, &origin, &while_rendering)
                .unwrap_or_else(|| format!("template error{while_rendering}: {text}"))
        }
    };
    Error::Template(text)
}

/// Rewrites Tera's checking reports (`error: MESSAGE` then ` --> NAME:LINE:COL` and a source
/// excerpt, one report per problem) as one `origin:LINE:COL: MESSAGE` line each, so they name
/// the site's file the way every other newsroom error does. `None` when the text holds none.
fn located_reports(
    text: &str,
    origin: &dyn Fn(&str) -> String,
    while_rendering: &str,
) -> Option<String> {
    let mut lines_out = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(rest) = line.trim_start().strip_prefix("error: ") {
            // Tera nests one "error: " inside another for some checks.
            message = Some(rest.trim_start_matches("error: "));
        } else if let (Some(place), Some(found)) = (line.trim_start().strip_prefix("--> "), message)
        {
            let mut parts = place.rsplitn(3, ':');
            let (column, line_number, name) = (parts.next()?, parts.next()?, parts.next()?);
            let advice = if found.contains("is not defined in any parent template") {
                "; every block a template fills must exist in the template it extends (the theme's base.html has `head` and `content`)"
            } else {
                ""
            };
            lines_out.push(format!(
                "{}:{line_number}:{column}: template error{while_rendering}: {found}{advice}",
                origin(name)
            ));
            message = None;
        }
    }
    (!lines_out.is_empty()).then(|| lines_out.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_mentioned_only_as_a_whole_identifier() {
        assert!(mentions("{% for s in latest_stories %}", "latest_stories"));
        assert!(mentions("x[\"latest_stories\"]", "latest_stories"));
        assert!(!mentions("<shared_latest_stories />", "latest_stories"));
        assert!(!mentions("latest_stories_count", "latest_stories"));
    }

    #[test]
    fn a_page_template_may_read_what_it_or_the_shared_templates_name() {
        let dir = tempfile::tempdir().unwrap();
        let theme = Theme::load(dir.path(), &Config::default()).unwrap();
        // The built-in article page takes in the Latest stories list whole, rendered from
        // latest.html, so it reads the list but not the stories; the tag page reads neither.
        assert!(theme.may_read("article.html", "latest_html"));
        assert!(!theme.may_read("article.html", "latest_stories"));
        assert!(theme.may_read("latest.html", "latest_stories"));
        assert!(!theme.may_read("tag.html", "latest_stories"));
        assert!(!theme.may_read("tag.html", "latest_html"));
        assert!(theme.may_read("tag.html", "paginator"));
        // Every page draws on base.html, which reads `site`.
        assert!(theme.may_read("tags.html", "site"));
        // A template the theme does not know is taken to read everything.
        assert!(theme.may_read("unknown.html", "anything"));
        // One that includes another page's template reads what that one reads.
        std::fs::create_dir_all(dir.path().join(TEMPLATES_DIR)).unwrap();
        std::fs::write(
            dir.path().join(TEMPLATES_DIR).join("tag.html"),
            "{% extends \"base.html\" %}{% block content %}{% include \"404.html\" %}{% endblock content %}",
        )
        .unwrap();
        let theme = Theme::load(dir.path(), &Config::default()).unwrap();
        assert!(theme.may_read("tag.html", "latest_stories"));
    }
}
