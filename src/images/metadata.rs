//! The little metadata a published photo keeps: who took it and who owns it.
//!
//! Outputs are encoded from pixels, so nothing of the source's metadata survives unless it is
//! written back here: GPS position, camera serial numbers, editing history and thumbnails are
//! all left behind. Only the EXIF `Artist` and `Copyright` fields are carried over, because a
//! photo's credit must travel with it. The EXIF block is built with `kamadak-exif`, the same
//! crate that reads the source's.

use std::io::Cursor;

use exif::{Field, In, Tag, Value};

/// The credit and copyright a photo carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Credit {
    /// EXIF `Artist`: the photographer or agency.
    pub artist: Option<String>,
    /// EXIF `Copyright`.
    pub copyright: Option<String>,
}

impl Credit {
    /// Reads `Artist` and `Copyright` from a raw EXIF block (a TIFF structure, as decoders
    /// hand it over); a damaged block gives no credit rather than an error, since the photo
    /// itself is still fine.
    pub fn from_exif(block: &[u8]) -> Credit {
        let Ok(exif) = exif::Reader::new().read_raw(block.to_vec()) else {
            return Credit::default();
        };
        let text = |tag: Tag| {
            let field = exif.get_field(tag, In::PRIMARY)?;
            let Value::Ascii(parts) = &field.value else {
                return None;
            };
            let joined = parts
                .iter()
                .map(|part| {
                    String::from_utf8_lossy(part)
                        .trim_matches('\0')
                        .trim()
                        .to_string()
                })
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            (!joined.is_empty()).then_some(joined)
        };
        Credit {
            artist: text(Tag::Artist),
            copyright: text(Tag::Copyright),
        }
    }

    /// Whether there is anything to write.
    pub fn is_empty(&self) -> bool {
        self.artist.is_none() && self.copyright.is_none()
    }

    /// An EXIF block holding only `Artist` and `Copyright`, for encoders that embed one
    /// (`None` when there is no credit, so outputs carry no EXIF at all).
    pub fn to_exif(&self) -> Option<Vec<u8>> {
        if self.is_empty() {
            return None;
        }
        let field = |tag: Tag, text: &str| Field {
            tag,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![text.as_bytes().to_vec()]),
        };
        let fields: Vec<Field> = [
            self.artist.as_deref().map(|a| field(Tag::Artist, a)),
            self.copyright.as_deref().map(|c| field(Tag::Copyright, c)),
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut writer = exif::experimental::Writer::new();
        for field in &fields {
            writer.push_field(field);
        }
        let mut block = Cursor::new(Vec::new());
        writer.write(&mut block, false).ok()?;
        Some(block.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_survives_a_round_trip_through_exif() {
        let credit = Credit {
            artist: Some("Ayesha Khan / Agency".to_string()),
            copyright: Some("© 2026 The Daily".to_string()),
        };
        let block = credit.to_exif().unwrap();
        assert_eq!(Credit::from_exif(&block), credit);
        assert_eq!(Credit::default().to_exif(), None);
        assert_eq!(Credit::from_exif(b"not exif"), Credit::default());
    }
}
