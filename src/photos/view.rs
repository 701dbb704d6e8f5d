//! The lead image as templates see it (`article.image`): its words, its size, its responsive
//! sources and its social crops, with every URL made. The theme's `picture` component in
//! `components.html` turns it into markup; list pages use it for thumbnails.

use serde::Serialize;

use crate::config::Config;
use crate::content::LeadImage;
use crate::content::lead_image::PictureSource;

/// The view of one lead image. A photo on another site has only `src` and its words.
#[derive(Debug, Serialize)]
pub struct ImageView<'a> {
    /// The URL of the image to show in a plain `<img src>`: the widest variant in the
    /// original format, or the address as written for a photo the pipeline did not make.
    pub src: String,
    /// What the photo shows; empty for a decorative image or one with no alt written.
    pub alt: &'a str,
    pub caption: Option<&'a str>,
    pub credit: Option<&'a str>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// A `{type, srcset}` per modern format (AVIF, WebP), best first.
    pub sources: &'a [PictureSource],
    /// The variants in the original format, as a `srcset`; empty when there are none.
    pub srcset: &'a str,
    /// The 16:9, 4:3 and 1:1 social crops' absolute URLs.
    pub crops: Option<CropUrls<'a>>,
    /// The crop social cards show (the 16:9 one), with its size, for `og:image`.
    pub card: Option<&'a crate::content::lead_image::Crop>,
}

/// The URLs of a lead image's social crops.
#[derive(Debug, Serialize)]
pub struct CropUrls<'a> {
    pub wide: &'a str,
    pub standard: &'a str,
    pub square: &'a str,
}

impl<'a> ImageView<'a> {
    /// The view of `image`, the lead image of the story at `article_path`.
    pub fn new(image: &'a LeadImage, article_path: &str, config: &Config) -> ImageView<'a> {
        let picture = image.picture.as_ref();
        let crops = picture.and_then(|picture| picture.crops.as_deref());
        ImageView {
            src: match picture {
                Some(picture) => picture.src.clone(),
                None => crate::render::image_url(&image.src, article_path, config),
            },
            alt: image.alt.as_deref().unwrap_or_default(),
            caption: image.caption.as_deref().filter(|text| !text.is_empty()),
            credit: image.credit.as_deref().filter(|text| !text.is_empty()),
            width: picture.map(|picture| picture.width),
            height: picture.map(|picture| picture.height),
            sources: picture.map_or(&[], |picture| picture.sources.as_slice()),
            srcset: picture.map_or("", |picture| picture.srcset.as_str()),
            crops: match crops {
                Some([wide, standard, square]) => Some(CropUrls {
                    wide: &wide.url,
                    standard: &standard.url,
                    square: &square.url,
                }),
                _ => None,
            },
            card: crops.and_then(|crops| crops.first()),
        }
    }

    /// The URL social cards show: the 16:9 crop, else the image itself.
    pub fn card_url(image: &LeadImage, article_path: &str, config: &Config) -> String {
        let view = ImageView::new(image, article_path, config);
        match view.card {
            Some(card) => card.url.clone(),
            None => view.src,
        }
    }

    /// The URLs structured data lists for the image: its three crops, else the image.
    pub fn structured_data_urls(
        image: &LeadImage,
        article_path: &str,
        config: &Config,
    ) -> Vec<String> {
        match image.picture.as_ref().and_then(|p| p.crops.as_ref()) {
            Some(crops) => crops.iter().map(|crop| crop.url.clone()).collect(),
            None => vec![ImageView::new(image, article_path, config).src],
        }
    }
}
