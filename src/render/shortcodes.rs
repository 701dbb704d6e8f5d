//! The built-in shortcodes: Tera templates compiled into the binary, each replaceable by a
//! site file of the same name under `templates/shortcodes/`, as every theme file is.

/// The folder, under the site's `templates/`, whose files are shortcodes.
pub const SHORTCODES_DIR: &str = "shortcodes";

/// The theme's name of the template of the shortcode `name`: `shortcodes/NAME.html`.
pub fn template_name(name: &str) -> String {
    format!("{SHORTCODES_DIR}/{name}.html")
}

/// Every built-in shortcode by name, with its template.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "figure",
        include_str!("../../templates/shortcodes/figure.html"),
    ),
    (
        "youtube",
        include_str!("../../templates/shortcodes/youtube.html"),
    ),
    (
        "vimeo",
        include_str!("../../templates/shortcodes/vimeo.html"),
    ),
    ("x", include_str!("../../templates/shortcodes/x.html")),
    (
        "twitter",
        include_str!("../../templates/shortcodes/twitter.html"),
    ),
    (
        "bluesky",
        include_str!("../../templates/shortcodes/bluesky.html"),
    ),
    (
        "mastodon",
        include_str!("../../templates/shortcodes/mastodon.html"),
    ),
    (
        "instagram",
        include_str!("../../templates/shortcodes/instagram.html"),
    ),
    ("gist", include_str!("../../templates/shortcodes/gist.html")),
    (
        "audio",
        include_str!("../../templates/shortcodes/audio.html"),
    ),
    (
        "video",
        include_str!("../../templates/shortcodes/video.html"),
    ),
    (
        "pullquote",
        include_str!("../../templates/shortcodes/pullquote.html"),
    ),
    (
        "factbox",
        include_str!("../../templates/shortcodes/factbox.html"),
    ),
    (
        "story",
        include_str!("../../templates/shortcodes/story.html"),
    ),
];

/// The click-to-load script the embed shortcodes link to, written to the output root: the one
/// piece of JavaScript the theme has, fetched only by pages that embed a video or a post.
pub const EMBED_SCRIPT: &str = "embeds.js";

/// The text of [`EMBED_SCRIPT`].
pub const EMBED_SCRIPT_TEXT: &str = include_str!("../../templates/embeds.js");
