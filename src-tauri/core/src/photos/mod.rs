//! Photos in journal entries and in a done bucket item's memory, kept inside the
//! encrypted vault (never as loose files).
//!
//! - [`intake`]: pure: a picture's bytes in, a stripped re-encoded photo and its
//!   thumbnail out, or a refusal people can read.
//! - [`store`]: the `photos`, `photo_thumbs` and `photo_images` tables
//!   (`migrations/0008_photos.sql`): add, list, read, remove.
//!
//! **Invariant:** every photo enters through [`intake::prepare`], the journal's
//! import included, so nothing but pixels reaches the vault: no location, no camera
//! details.

pub mod intake;
pub mod store;

use serde::{Deserialize, Serialize};

pub use store::*;

/// The most bytes one photo may have when it is added.
pub const MAX_PHOTO_BYTES: u64 = 30 * 1024 * 1024;
/// The most pixels a photo may declare (a guard against decompression bombs: a
/// small file that would unpack into gigabytes).
pub const MAX_PIXELS: u64 = 60_000_000;
/// The longest side of a thumbnail, in pixels (sharp at 240 CSS pixels on a 2x screen).
pub const THUMB_SIDE: u32 = 480;
/// The most photos one entry or memory holds.
pub const MAX_PER_OWNER: usize = 60;

/// What a stored photo or thumbnail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mime {
    #[serde(rename = "image/jpeg")]
    Jpeg,
    #[serde(rename = "image/png")]
    Png,
}

impl Mime {
    pub fn as_str(self) -> &'static str {
        match self {
            Mime::Jpeg => "image/jpeg",
            Mime::Png => "image/png",
        }
    }

    pub fn parse(s: &str) -> Option<Mime> {
        match s {
            "image/jpeg" => Some(Mime::Jpeg),
            "image/png" => Some(Mime::Png),
            _ => None,
        }
    }

    /// The file name extension for exports.
    pub fn extension(self) -> &'static str {
        match self {
            Mime::Jpeg => "jpg",
            Mime::Png => "png",
        }
    }
}

/// What a photo belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner<'a> {
    /// A journal entry, by its id.
    Entry(&'a str),
    /// A bucket item's memory, by the item's id.
    Memory(&'a str),
}

/// A stored photo, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Photo {
    pub id: String,
    pub mime: Mime,
    pub width: u32,
    pub height: u32,
    pub byte_len: u64,
    pub created_at: String,
}
