//! The photo stage: finds every local photo the published stories show (lead images and the
//! `<img>`s of their bodies), has the image pipeline ([`crate::images`]) make its responsive
//! variants and social crops, and rewrites the bodies so each photo is a `<picture>`.
//!
//! It runs once the site is assembled (drafts and scheduled stories are out, so their photos
//! cost nothing) and before the plan, so that every file it makes is a planned file whose
//! name is checked against every other. The files themselves stay in the pipeline's cache
//! until the staging folder is filled. Photos on other sites are left as written.

mod markup;
mod view;

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::config::Config;
use crate::content::LeadImage;
use crate::content::lead_image::{self, Picture, PictureSource};
use crate::error::{ContentError, ContentErrorKind, Error, Result};
use crate::images::{self, Catalogue, Format, Icons, Processed, Request};
use crate::site::Site;

pub use markup::{body_image_sources, responsive_images};
pub use view::{CropUrls, ImageView};

/// The folder, under the site root, whose files are published at the site's root.
const STATIC_DIR: &str = "static";

/// The file name of the web manifest the icons are listed in.
pub const MANIFEST_FILE: &str = "site.webmanifest";

/// What the photo stage made: the processed photos, the site's icons, and where each of their
/// files goes.
#[derive(Debug, Clone, Default)]
pub struct Photos {
    /// The site folder, against which photos' paths are resolved.
    root: PathBuf,
    /// The base of every URL, as `Config::url_for` makes them.
    base_url: String,
    pub catalogue: Catalogue,
    pub icons: Option<Icons>,
    /// The icon files the site brings in `static/` under the names newsroom's would have.
    own_icons: Vec<&'static str>,
    /// Every output file of the photos and icons, sorted, each once.
    files: Vec<PhotoFile>,
}

/// One file of the output that the photo stage makes, and where it is until then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoFile {
    /// Relative to the output root, with `/` separators.
    pub file: String,
    /// The cache file it is copied from.
    pub cached: PathBuf,
}

/// The site's icons and logo, as every page's head and structured data name them.
#[derive(Debug, Clone, Default)]
pub struct Branding {
    /// The `<link>`s of the icons and the web manifest.
    pub icons: Vec<IconLink>,
    /// The largest icon's URL, which stands in as the publisher's logo when the config names
    /// none.
    pub default_logo: Option<String>,
}

/// A `<link>` of the page head for one of the site's icons.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IconLink {
    pub rel: &'static str,
    pub href: String,
    #[serde(rename = "type")]
    pub mime: &'static str,
    pub sizes: String,
}

impl Photos {
    /// Every file of the output the photos and icons make, sorted, each once (a photo shown
    /// by two stories is one set of files); the plan names them by position.
    pub fn files(&self) -> &[PhotoFile] {
        &self.files
    }

    fn list_files(&self) -> Vec<PhotoFile> {
        let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
        for processed in self.catalogue.images.values() {
            let crops = processed.crops.iter().flat_map(|crops| crops.all());
            for variant in processed.variants.iter().chain(crops) {
                files.insert(variant.file.clone(), variant.cached_path.clone());
            }
        }
        for icon in self.icons.iter().flat_map(Icons::all) {
            files.insert(icon.file.clone(), icon.cached_path.clone());
        }
        files
            .into_iter()
            .map(|(file, cached)| PhotoFile { file, cached })
            .collect()
    }

    /// The processed form of a photo named `src` in the story whose file is `story` (relative
    /// to the site root), when it is a local photo the pipeline processed.
    pub fn processed(&self, src: &str, story: &Path) -> Option<&Processed> {
        let file = local_file(src, story)?;
        self.catalogue.get(&self.root.join(file))
    }

    /// The URL of an output file.
    fn url(&self, file: &str) -> String {
        format!("{}/{file}", self.base_url)
    }

    /// The responsive forms of a processed photo, as templates and markup use them.
    pub fn picture(&self, processed: &Processed) -> Picture {
        let srcset = |format: Format| {
            processed
                .variants_in(format)
                .map(|variant| format!("{} {}w", self.url(&variant.file), variant.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let largest = processed.largest_fallback();
        let sources = processed
            .variants
            .iter()
            .map(|variant| variant.format)
            .filter(|format| *format != processed.fallback)
            .fold(Vec::new(), |mut formats, format| {
                if !formats.contains(&format) {
                    formats.push(format);
                }
                formats
            })
            .into_iter()
            .map(|format| PictureSource {
                mime: format.mime().to_string(),
                srcset: srcset(format),
            })
            .collect();
        Picture {
            src: largest.map_or_else(String::new, |variant| self.url(&variant.file)),
            width: largest.map_or(processed.width, |variant| variant.width),
            height: largest.map_or(processed.height, |variant| variant.height),
            sources,
            srcset: srcset(processed.fallback),
            crops: processed.crops.as_ref().map(|crops| {
                [&crops.wide, &crops.standard, &crops.square]
                    .map(|crop| lead_image::Crop {
                        url: self.url(&crop.file),
                        width: crop.width,
                        height: crop.height,
                    })
                    .to_vec()
            }),
        }
    }

    /// The site's icons and logo, for pages and structured data.
    pub fn branding(&self) -> Branding {
        let Some(icons) = &self.icons else {
            return self.own_branding();
        };
        let link = |rel, icon: &images::Icon| IconLink {
            rel,
            href: self.url(&icon.file),
            mime: icon.mime,
            sizes: format!("{0}x{0}", icon.size),
        };
        let largest = icons.manifest.iter().max_by_key(|icon| icon.size);
        Branding {
            icons: vec![
                IconLink {
                    sizes: "16x16 32x32 48x48".to_string(),
                    ..link("icon", &icons.favicon)
                },
                link("icon", &icons.png),
                link("apple-touch-icon", &icons.touch),
                IconLink {
                    rel: "manifest",
                    href: self.url(MANIFEST_FILE),
                    mime: "application/manifest+json",
                    sizes: String::new(),
                },
            ],
            default_logo: largest.map(|icon| self.url(&icon.file)),
        }
    }

    /// The links of the icons a site with no logo brings in `static/`: a site published
    /// under a path (`example.org/blog/`) has its `favicon.ico` where browsers do not look
    /// unless told.
    fn own_branding(&self) -> Branding {
        let link = |name: &'static str| {
            let (rel, mime, sizes) = match name {
                "favicon.ico" => ("icon", "image/x-icon", ""),
                "favicon-32.png" => ("icon", "image/png", "32x32"),
                "apple-touch-icon.png" => ("apple-touch-icon", "image/png", "180x180"),
                _ => return None,
            };
            Some(IconLink {
                rel,
                href: self.url(name),
                mime,
                sizes: sizes.to_string(),
            })
        };
        Branding {
            icons: self
                .own_icons
                .iter()
                .filter_map(|name| link(name))
                .collect(),
            default_logo: None,
        }
    }

    /// The web manifest: the site's name and its icons, so a reader's phone can keep the site
    /// on its home screen with the right picture.
    pub fn manifest(&self, config: &Config) -> Option<String> {
        let icons = self.icons.as_ref()?;
        let manifest = serde_json::json!({
            "name": config.title,
            "short_name": config.title,
            "start_url": format!("{}/", self.base_url),
            "display": "browser",
            "icons": icons.manifest.iter().map(|icon| serde_json::json!({
                "src": self.url(&icon.file),
                "sizes": format!("{0}x{0}", icon.size),
                "type": icon.mime,
            })).collect::<Vec<_>>(),
        });
        Some(serde_json::to_string_pretty(&manifest).expect("JSON values always serialise"))
    }
}

/// Puts every processed photo and icon of the plan into the staging folder, from the cache.
pub fn copy_all(
    files: &[crate::routes::SiteFile],
    photos: &Photos,
    staging: &crate::output::Staging,
) -> Result<()> {
    use rayon::prelude::*;
    files
        .par_iter()
        .filter_map(|file| match file.kind {
            crate::routes::FileKind::Photo(index) => photos.files.get(index),
            _ => None,
        })
        .try_for_each(|photo| staging.link(&photo.file, &photo.cached))
}

/// Where a photo is read from: a story's lead image or an `<img>` of its body.
#[derive(Debug, Clone)]
struct Wanted {
    /// The story, by position in the site.
    article: usize,
    /// The address as written.
    src: String,
    /// Whether it is the lead image (which gets social crops).
    lead: bool,
}

/// Runs the photo stage over the assembled site: processes every local photo, puts the
/// processed forms on the lead images and rewrites the bodies. Gives the photos and the
/// warnings for the editor (photos too small for a full-size social card).
pub fn develop(
    site: &mut Site,
    root: &Path,
    config: &Config,
    work: images::Work,
) -> Result<(Photos, Vec<String>)> {
    let mut problems = Vec::new();
    let mut wanted = Vec::new();
    for (position, article) in site.articles.iter().enumerate() {
        if let Some(image) = &article.image
            && !image.is_remote()
        {
            match local_file(&image.src, &article.source) {
                Some(file) if root.join(&file).is_file() => {
                    if is_processable(&file) {
                        wanted.push(Wanted {
                            article: position,
                            src: image.src.clone(),
                            lead: true,
                        });
                    }
                }
                file => problems.push(missing_lead_image(&article.source, image, file)),
            }
        }
        for src in body_image_sources(&article.content_html) {
            let Some(file) = local_file(&src, &article.source) else {
                continue;
            };
            // A missing photo of a body is left for `newsroom check` to report, with the
            // line it is written on, as every other broken address is.
            if is_processable(&file) && root.join(&file).is_file() {
                wanted.push(Wanted {
                    article: position,
                    src,
                    lead: false,
                });
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Content(problems));
    }

    let mut askers: HashMap<PathBuf, &Wanted> = HashMap::new();
    let requests: Vec<Request> = wanted
        .iter()
        .filter_map(|want| {
            let article = &site.articles[want.article];
            let source = root.join(local_file(&want.src, &article.source)?);
            askers.entry(source.clone()).or_insert(want);
            let mut request = Request::new(source);
            if want.lead
                && let Some(image) = &article.image
            {
                request.crops = true;
                request.focal = image.focal;
                request.credit = image.credit.clone();
            }
            Some(request)
        })
        .collect();
    let cache = root.join(&config.images.cache);
    let made = images::process_with(&requests, &config.images, &cache, work);
    let catalogue = made.map_err(|errors| {
        Error::Content(
            errors
                .0
                .iter()
                .map(|error| {
                    let shown = error.path.strip_prefix(root).unwrap_or(&error.path);
                    match askers.get(&error.path) {
                        Some(want) => {
                            let article = &site.articles[want.article];
                            let line = line_of_image(root, article, want);
                            ContentError::new(
                                ContentErrorKind::InvalidField,
                                &article.source,
                                line,
                                format!(
                                    "the image \"{}\" ({}) cannot be used: {}",
                                    want.src,
                                    shown.display(),
                                    error.message
                                ),
                            )
                        }
                        None => ContentError::new(
                            ContentErrorKind::InvalidField,
                            shown,
                            None,
                            error.message.clone(),
                        ),
                    }
                })
                .collect(),
        )
    })?;
    let mut warnings: Vec<String> = Vec::new();
    for (source, processed) in &catalogue.images {
        let shown = source.strip_prefix(root).unwrap_or(source);
        for warning in &processed.warnings {
            // The pipeline names the file; the editor needs the story and line that use it.
            let prefix = format!("{}: ", source.display());
            let what = warning.strip_prefix(&prefix).unwrap_or(warning);
            let line = match askers.get(source) {
                Some(want) => {
                    let article = &site.articles[want.article];
                    let place = match line_of_image(root, article, want) {
                        Some(line) => format!("{}:{line}", article.source.display()),
                        None => article.source.display().to_string(),
                    };
                    let noun = if want.lead {
                        "the lead image"
                    } else {
                        "the image"
                    };
                    format!(
                        "{place}: {noun} \"{}\" ({}): {what}",
                        want.src,
                        shown.display()
                    )
                }
                None => format!("{}: {what}", shown.display()),
            };
            warnings.push(line);
        }
    }

    let own_icons: Vec<&'static str> = ICON_FILES
        .into_iter()
        .filter(|name| root.join(STATIC_DIR).join(name).is_file())
        .collect();
    let icons = site_icons(root, config, work, !own_icons.is_empty())?;
    let mut photos = Photos {
        root: root.to_path_buf(),
        base_url: config.base_url.clone(),
        catalogue,
        icons,
        own_icons,
        files: Vec::new(),
    };
    photos.files = photos.list_files();
    site.branding = photos.branding();
    for article in &mut site.articles {
        let source = article.source.clone();
        if let Some(image) = &mut article.image
            && let Some(processed) = photos.processed(&image.src, &source)
        {
            image.picture = Some(photos.picture(processed));
        }
        if article.content_html.contains("<img") {
            article.content_html = responsive_images(&article.content_html, &source, &photos);
        }
    }
    Ok((photos, warnings))
}

/// The names of the icon files newsroom makes, at the site's root.
pub const ICON_FILES: [&str; 5] = [
    "favicon.ico",
    "favicon-32.png",
    "apple-touch-icon.png",
    "icon-192.png",
    "icon-512.png",
];

/// The site's favicon, touch icon and manifest icons, from its `logo` when that is a local
/// raster image, else the default mark; none, when there is no logo to make them from and
/// the site `brings_own` icons in `static/` (a migrated site's `favicon.ico`), which every
/// page then links instead.
fn site_icons(
    root: &Path,
    config: &Config,
    work: images::Work,
    brings_own: bool,
) -> Result<Option<Icons>> {
    let mut request = images::IconRequest::new(&config.title);
    if let Some(logo) = config.logo.as_deref()
        && !lead_image::is_remote(logo)
        && let Some(file) = local_file(logo, Path::new(""))
        && is_processable(&file)
        && root.join(&file).is_file()
    {
        request.logo = Some(root.join(file));
    }
    if request.logo.is_none() && brings_own {
        return Ok(None);
    }
    let cache = root.join(&config.images.cache);
    let icons = images::site_icons_with(&request, &cache, work);
    icons.map(Some).map_err(|error| {
        let shown = error.path.strip_prefix(root).unwrap_or(&error.path);
        Error::Content(vec![ContentError::new(
            ContentErrorKind::InvalidField,
            Path::new(crate::config::CONFIG_FILE),
            None,
            format!(
                "the logo {} cannot be made into the site's icons: {}",
                shown.display(),
                error.message
            ),
        )])
    })
}

/// The error of a lead image whose file is not there.
fn missing_lead_image(story: &Path, image: &LeadImage, file: Option<PathBuf>) -> ContentError {
    let message = match file {
        Some(file) => format!(
            "the lead image \"{}\" is not there: the site has no file {}; put the photo beside the story (or under static/, written as /images/photo.jpg), or correct the name in `{}:`",
            image.src,
            file.display(),
            image.key
        ),
        None => format!(
            "the lead image \"{}\" leads outside the site folder; put the photo beside the story and write its file name, or write a full https:// address",
            image.src
        ),
    };
    ContentError::new(
        ContentErrorKind::InvalidField,
        story,
        Some(image.line),
        message,
    )
}

/// The file line of a photo a story asks for: its lead-image field, or the first line of the
/// file that names it.
fn line_of_image(root: &Path, article: &crate::content::Article, want: &Wanted) -> Option<usize> {
    if want.lead {
        return article.image.as_ref().map(|image| image.line);
    }
    let text = std::fs::read_to_string(root.join(&article.source)).ok()?;
    text.lines()
        .position(|line| line.contains(want.src.as_str()))
        .map(|at| at + 1)
}

/// Whether the pipeline makes responsive variants of a file of this kind. SVG needs none,
/// and an animated GIF would lose its motion, so both are shown as they are.
fn is_processable(file: &Path) -> bool {
    let extension = file
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    matches!(extension.as_deref(), Some("jpg" | "jpeg" | "png" | "webp"))
}

/// The file, relative to the site root, of a local address in the story whose file is
/// `story`: `/images/x.jpg` under `static/`, anything else beside the story. `None` for an
/// address on another site, or one that leads outside the site folder.
pub fn local_file(src: &str, story: &Path) -> Option<PathBuf> {
    let src = src.trim();
    if src.is_empty() || lead_image::is_remote(src) || src.starts_with('#') {
        return None;
    }
    let address = src.split(['?', '#']).next().unwrap_or(src);
    let decoded = percent_encoding::percent_decode_str(address).decode_utf8_lossy();
    let (base, relative) = match decoded.strip_prefix('/') {
        Some(rest) => (PathBuf::from(STATIC_DIR), rest.to_string()),
        None => (
            story.parent().map(Path::to_path_buf).unwrap_or_default(),
            decoded.into_owned(),
        ),
    };
    let mut file = base;
    for component in Path::new(&relative).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !file.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (file.file_name().is_some()).then_some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_addresses_are_found_beside_the_story_or_under_static() {
        let story = Path::new("content/2023/gate/index.md");
        assert_eq!(
            local_file("photo.jpg", story),
            Some(PathBuf::from("content/2023/gate/photo.jpg"))
        );
        assert_eq!(
            local_file("./img/a%20b.jpg?v=2", story),
            Some(PathBuf::from("content/2023/gate/img/a b.jpg"))
        );
        assert_eq!(
            local_file("/images/x.jpg", story),
            Some(PathBuf::from("static/images/x.jpg"))
        );
        assert_eq!(
            local_file("../other/y.png", story),
            Some(PathBuf::from("content/2023/other/y.png"))
        );
        assert_eq!(local_file("/../../etc/passwd", story), None);
        assert_eq!(local_file("https://x.org/a.jpg", story), None);
        assert_eq!(local_file("", story), None);
    }
}
