//! A photo on its way in, pure (no vault): told by content, checked against the
//! limits, decoded whole (so a damaged or hostile file is refused before anything
//! is kept), stripped of everything but the picture, and given a thumbnail.
//!
//! Stripping keeps an allow-list, never a deny-list:
//! - a JPEG the right way up keeps only its image segments (frame, tables, scans,
//!   restart markers, JFIF and Adobe's colour-transform marker) and ends at its
//!   end-of-image marker: EXIF (and its GPS block), XMP, IPTC, ICC, comments,
//!   maker notes, MPF previews and anything appended (a "motion photo"'s video)
//!   are dropped, and the picture itself is not re-encoded (no quality lost);
//! - a JPEG that EXIF says to turn is stripped the same way and keeps one thing
//!   more: a minimal EXIF block Hearth writes itself holding the orientation
//!   alone, so the window shows it the right way up without re-encoding (which took
//!   four times as long as everything else together for a 12-megapixel photo);
//! - a PNG the right way up keeps only `IHDR`, `PLTE`, `IDAT`, `tRNS` and `IEND`;
//! - anything else (a PNG that EXIF says to turn, a WebP) is turned and written
//!   afresh from its pixels: a JPEG (or a PNG for a PNG, or with transparency).
//!
//! Thumbnails are always made upright.
//!
//! Both ways are idempotent: a photo Hearth stored comes through unchanged, so an
//! export imported again gives the very same bytes ([`is_clean`]).

use std::io::Cursor;

use image::codecs::jpeg::{JpegDecoder, JpegEncoder};
use image::codecs::png::{CompressionType, FilterType, PngDecoder, PngEncoder};
use image::codecs::webp::WebPDecoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, Limits};

use super::{MAX_PHOTO_BYTES, MAX_PIXELS, Mime, THUMB_SIDE};
use crate::{Error, Result};

/// JPEG quality of a stored photo and of a thumbnail.
const QUALITY: u8 = 90;
const THUMB_QUALITY: u8 = 80;
/// The longest side the decoder accepts, whatever the pixel count.
const MAX_SIDE: u32 = 30_000;
/// What the decoder may allocate at most (60 MP at 4 bytes, with room).
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// A photo ready to store.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub mime: Mime,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
    pub thumb_mime: Mime,
    pub thumb: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Jpeg,
    Png,
    WebP,
}

fn refuse(message: &str) -> Error {
    Error::invalid_input(message)
}

pub(crate) const DAMAGED: &str =
    "This photo seems damaged or cut short, so Hearth couldn't read it. Nothing was added.";
const NOT_A_PHOTO: &str =
    "Hearth can take JPEG, PNG and WebP photos, and this file isn't one of those. Nothing was added.";
const HEIC: &str = "Hearth can't read HEIC photos yet. Export this one as a JPEG first \
     (in Photos: File, Export), then add that copy. Nothing was added.";

/// What kind of picture the bytes hold, by their first bytes.
fn sniff(bytes: &[u8]) -> Result<Kind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Kind::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Kind::Png);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(Kind::WebP);
    }
    // ISO base media files: `....ftyp<brand>`. HEIC/HEIF has no well-kept pure-Rust
    // decoder yet, so it gets its own message.
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if [b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"]
            .iter()
            .any(|b| brand == *b)
        {
            return Err(refuse(HEIC));
        }
    }
    Err(refuse(NOT_A_PHOTO))
}

fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(MAX_ALLOC);
    l
}

/// Checks the size the header declares, then decodes the whole picture.
fn decode_with(mut d: impl ImageDecoder) -> Result<(DynamicImage, Orientation)> {
    let (w, h) = d.dimensions();
    if w == 0 || h == 0 {
        return Err(refuse(DAMAGED));
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS || w > MAX_SIDE || h > MAX_SIDE {
        return Err(too_many_pixels());
    }
    d.set_limits(limits()).map_err(|_| too_many_pixels())?;
    // A damaged EXIF block means no turning, not a refusal: the pixels are what count.
    let orientation = d.orientation().unwrap_or(Orientation::NoTransforms);
    let img = DynamicImage::from_decoder(d).map_err(|e| match e {
        image::ImageError::Limits(_) => too_many_pixels(),
        _ => refuse(DAMAGED),
    })?;
    Ok((img, orientation))
}

fn too_many_pixels() -> Error {
    Error::invalid_input(format!(
        "This photo is bigger than {} megapixels, more than Hearth opens safely. \
         A smaller copy (most photo apps can export one) will fit. Nothing was added.",
        MAX_PIXELS / 1_000_000
    ))
}

fn decode(kind: Kind, bytes: &[u8]) -> Result<(DynamicImage, Orientation)> {
    let r = Cursor::new(bytes);
    match kind {
        Kind::Jpeg => decode_with(JpegDecoder::new(r).map_err(|_| refuse(DAMAGED))?),
        Kind::Png => decode_with(PngDecoder::new(r).map_err(|e| header_error(&e))?),
        Kind::WebP => decode_with(WebPDecoder::new(r).map_err(|e| header_error(&e))?),
    }
}

fn header_error(e: &image::ImageError) -> Error {
    match e {
        image::ImageError::Limits(_) => too_many_pixels(),
        _ => refuse(DAMAGED),
    }
}

/// Takes in a photo: checks, decodes, turns, re-encodes, makes the thumbnail.
/// Refused whole with a message for people (never naming the file's content).
pub fn prepare(bytes: &[u8]) -> Result<Prepared> {
    if bytes.len() as u64 > MAX_PHOTO_BYTES {
        return Err(too_big());
    }
    let kind = sniff(bytes)?;
    // zune-jpeg fills in what is missing from a cut file; a JPEG whose markers
    // don't lead to its end is refused instead of stored half grey.
    let jpeg =
        if kind == Kind::Jpeg { Some(jpeg_strip(bytes).ok_or_else(|| refuse(DAMAGED))?) } else { None };
    let (mut img, orientation) = decode(kind, bytes)?;
    let upright = orientation == Orientation::NoTransforms;
    let lossless = match kind {
        Kind::Jpeg => jpeg.map(|b| (Mime::Jpeg, with_orientation(b, orientation))),
        Kind::Png if upright => png_strip(bytes).map(|b| (Mime::Png, b)),
        _ => None,
    };
    // Made from the pixels as stored, then turned: small, so turning is cheap.
    let mut small = img.thumbnail(THUMB_SIDE, THUMB_SIDE);
    small.apply_orientation(orientation);
    let kept = lossless.is_some();
    let (mime, stored) = if let Some(kept) = lossless {
        kept
    } else {
        img.apply_orientation(orientation);
        if kind == Kind::Png || img.color().has_alpha() {
            (Mime::Png, encode_png(&img)?)
        } else {
            (Mime::Jpeg, encode_jpeg(&img, QUALITY)?)
        }
    };
    // The size as shown: turned a quarter, width and height change places.
    let (w, h) = (img.width(), img.height());
    let quarter = matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    let (width, height) = if kept && quarter { (h, w) } else { (w, h) };
    let (thumb_mime, thumb) = if small.color().has_alpha() {
        (Mime::Png, encode_png(&small)?)
    } else {
        (Mime::Jpeg, encode_jpeg(&small, THUMB_QUALITY)?)
    };
    Ok(Prepared { mime, width, height, bytes: stored, thumb_mime, thumb })
}

pub(crate) fn too_big() -> Error {
    Error::invalid_input(format!(
        "This photo is larger than {} MB, more than Hearth keeps for one photo. \
         A smaller copy (most photo apps can export one) will fit. Nothing was added.",
        MAX_PHOTO_BYTES / (1024 * 1024)
    ))
}

fn encode_jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let enc = JpegEncoder::new_with_quality(&mut out, quality);
    let res = match img {
        DynamicImage::ImageLuma8(g) => g.write_with_encoder(enc),
        DynamicImage::ImageRgb8(rgb) => rgb.write_with_encoder(enc),
        other => other.to_rgb8().write_with_encoder(enc),
    };
    res.map_err(|_| refuse(DAMAGED))?;
    Ok(out)
}

fn encode_png(img: &DynamicImage) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let enc = PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive);
    img.write_with_encoder(enc).map_err(|_| refuse(DAMAGED))?;
    Ok(out)
}

// ---------------------------------------------------------------------------
// Stripping without re-encoding

/// Whether a JPEG marker's segment is kept: frames (SOF0-15 but the DHT, JPG
/// and DAC codes), Huffman and quantisation tables, arithmetic conditioning,
/// restart interval, line count, scans; JFIF (`APP0`) and Adobe's
/// colour-transform marker (`APP14`, which decoders need for CMYK and YCCK) if
/// they say so. Every other segment (`APP1`-`APP13`, `APP15`, comments) goes.
fn keep_jpeg_segment(marker: u8, payload: &[u8]) -> bool {
    match marker {
        0xC0..=0xCF => marker != 0xC8,
        0xDA..=0xDD => true,
        0xE0 => payload.starts_with(b"JFIF\0"),
        0xEE => payload.starts_with(b"Adobe"),
        _ => false,
    }
}

/// A JPEG with only its image segments, up to and including its end-of-image
/// marker; `None` if its markers don't lead there (cut, damaged, not a JPEG).
fn jpeg_strip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes.get(..2).filter(|soi| soi == &[0xFF, 0xD8])?);
    let mut i = 2;
    loop {
        // A marker: 0xFF, any fill bytes, its code.
        if *bytes.get(i)? != 0xFF {
            return None;
        }
        while *bytes.get(i + 1)? == 0xFF {
            i += 1;
        }
        let marker = bytes[i + 1];
        if marker == 0xD9 {
            out.extend_from_slice(&[0xFF, 0xD9]);
            return Some(out);
        }
        if matches!(marker, 0x00 | 0x01 | 0xD0..=0xD8) {
            return None; // no segment of its own here
        }
        let len = usize::from(u16::from_be_bytes([*bytes.get(i + 2)?, *bytes.get(i + 3)?]));
        let segment = bytes.get(i..i + 2 + len).filter(|_| len >= 2)?;
        if keep_jpeg_segment(marker, &segment[4..]) {
            out.extend_from_slice(segment);
        }
        i += 2 + len;
        if marker == 0xDA {
            // Entropy-coded data, up to the next marker that is not a stuffed
            // byte (FF00), a restart (FFD0-FFD7) or fill (FFFF).
            let start = i;
            loop {
                let at = i + bytes.get(i..)?.iter().position(|&b| b == 0xFF)?;
                match *bytes.get(at + 1)? {
                    0x00 | 0xD0..=0xD7 => i = at + 2,
                    _ => {
                        out.extend_from_slice(&bytes[start..at]);
                        i = at;
                        break;
                    }
                }
            }
        }
    }
}

/// A PNG with only `IHDR`, `PLTE`, `IDAT`, `tRNS` and `IEND`, ending at `IEND`;
/// `None` if its chunks don't lead there.
fn png_strip(bytes: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut rest = bytes.strip_prefix(SIGNATURE)?;
    let mut out = SIGNATURE.to_vec();
    loop {
        let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let chunk = rest.get(..12usize.checked_add(len)?)?;
        let kind = &chunk[4..8];
        if matches!(kind, b"IHDR" | b"PLTE" | b"IDAT" | b"tRNS" | b"IEND") {
            out.extend_from_slice(chunk);
        }
        if kind == b"IEND" {
            return Some(out);
        }
        rest = &rest[chunk.len()..];
    }
}

/// The only EXIF Hearth keeps: an APP1 segment it writes itself, holding the
/// orientation (`value`, 2 to 8) and nothing else. Little-endian TIFF, one IFD
/// entry (tag 0x0112, SHORT, count 1), no next IFD.
fn orientation_segment(value: u8) -> [u8; 36] {
    let mut seg = [0u8; 36];
    seg[..4].copy_from_slice(&[0xFF, 0xE1, 0x00, 0x22]); // APP1, length 34
    seg[4..10].copy_from_slice(b"Exif\0\0");
    seg[10..18].copy_from_slice(&[b'I', b'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00]);
    seg[18..20].copy_from_slice(&[0x01, 0x00]); // one entry
    seg[20..32].copy_from_slice(&[0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, value, 0x00, 0x00, 0x00]);
    // seg[32..36]: no next IFD (zero).
    seg
}

/// A stripped JPEG with Hearth's own orientation segment right after its
/// start-of-image marker, unless it is upright.
fn with_orientation(stripped: Vec<u8>, orientation: Orientation) -> Vec<u8> {
    if orientation == Orientation::NoTransforms {
        return stripped;
    }
    let mut out = Vec::with_capacity(stripped.len() + 36);
    out.extend_from_slice(&stripped[..2]);
    out.extend_from_slice(&orientation_segment(orientation.to_exif()));
    out.extend_from_slice(&stripped[2..]);
    out
}

/// Whether `bytes` already holds nothing but a picture (and, for a JPEG to be
/// turned, Hearth's own orientation segment): stripping (as above) would leave it
/// as it is. What Hearth stores always is.
pub fn is_clean(bytes: &[u8]) -> bool {
    if let Some(stripped) = jpeg_strip(bytes) {
        let turned = bytes.get(2..38).and_then(|seg| {
            (2..=8).find(|&v| seg == orientation_segment(v)).and_then(Orientation::from_exif)
        });
        return with_orientation(stripped, turned.unwrap_or(Orientation::NoTransforms)) == bytes;
    }
    png_strip(bytes).is_some_and(|s| s == bytes)
}

/// Small test pictures, for this crate's tests and (with `test-support`) others'.
#[cfg(any(test, feature = "test-support"))]
pub mod samples {
    use image::codecs::jpeg::JpegEncoder;
    use image::codecs::png::PngEncoder;
    use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

    /// A JPEG with a gradient, as an encoder with no metadata writes it.
    pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x * 7) as u8, (y * 5) as u8, ((x + y) * 3) as u8]));
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 85)
            .write_image(&img, w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    /// A PNG with transparency.
    pub fn png(w: u32, h: u32) -> Vec<u8> {
        let img = RgbaImage::from_fn(w, h, |x, y| Rgba([x as u8, y as u8, 9, 200]));
        let mut out = Vec::new();
        PngEncoder::new(&mut out).write_image(&img, w, h, image::ExtendedColorType::Rgba8).unwrap();
        out
    }
}

#[cfg(test)]
pub(crate) mod tests {
    pub use super::samples::{jpeg, png};
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    #[test]
    fn a_photo_comes_out_as_jpeg_with_a_thumbnail() {
        let p = prepare(&jpeg(1200, 600)).unwrap();
        assert_eq!((p.mime, p.width, p.height), (Mime::Jpeg, 1200, 600));
        let t = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((t.width(), t.height()), (THUMB_SIDE, THUMB_SIDE / 2));
        assert!(is_clean(&p.bytes), "what Hearth writes is its own clean shape");
    }

    #[test]
    fn transparency_keeps_png() {
        let p = prepare(&png(40, 30)).unwrap();
        assert_eq!((p.mime, p.thumb_mime), (Mime::Png, Mime::Png));
        // A second pass keeps the bytes: the shape is already clean.
        assert_eq!(prepare(&p.bytes).unwrap().bytes, p.bytes);
    }

    #[test]
    fn what_hearth_writes_is_clean() {
        for (img, png) in [(jpeg(90, 60), false), (png(30, 20), true)] {
            let turned = image::load_from_memory(&img).unwrap().rotate90();
            let bytes =
                if png { encode_png(&turned).unwrap() } else { encode_jpeg(&turned, QUALITY).unwrap() };
            assert!(is_clean(&bytes), "png: {png}");
        }
    }

    #[test]
    fn a_jpeg_to_turn_keeps_its_pixels_and_only_hearths_orientation_segment() {
        let upright = jpeg(64, 40);
        // A camera's EXIF (here Hearth's own segment, with an XMP block beside it)
        // saying "turn 90° clockwise".
        let xmp = [&[0xFF, 0xE1, 0x00, 0x1F][..], b"http://ns.adobe.com/xap/1.0/\0"].concat();
        let camera = [&upright[..2], &orientation_segment(6)[..], &xmp[..], &upright[2..]].concat();
        let p = prepare(&camera).unwrap();
        assert_eq!((p.mime, p.width, p.height), (Mime::Jpeg, 40, 64), "the size as shown");
        assert_eq!(p.bytes, with_orientation(jpeg_strip(&upright).unwrap(), Orientation::Rotate90));
        assert!(!p.bytes.windows(4).any(|w| w == b"http"), "the XMP block went");
        let mut d = JpegDecoder::new(Cursor::new(&p.bytes)).unwrap();
        assert_eq!(d.orientation().unwrap(), Orientation::Rotate90, "a decoder reads the orientation");
        assert_eq!(image::load_from_memory(&p.bytes).unwrap(), image::load_from_memory(&upright).unwrap());
        let t = image::load_from_memory(&p.thumb).unwrap();
        assert!(t.height() > t.width(), "the thumbnail is made upright");
        assert!(is_clean(&p.bytes));
        assert_eq!(prepare(&p.bytes).unwrap().bytes, p.bytes, "stored again, the same bytes");
        // Any other APP1 is not Hearth's segment: not clean.
        let mut other = p.bytes.clone();
        other[28] = 7;
        other[29] = 1;
        assert!(!is_clean(&other));
    }

    #[test]
    fn webp_becomes_jpeg_or_png_by_transparency() {
        for (alpha, mime) in [(false, Mime::Jpeg), (true, Mime::Png)] {
            let img: DynamicImage = if alpha {
                RgbaImage::from_fn(20, 10, |x, _| Rgba([x as u8, 3, 4, 100])).into()
            } else {
                RgbImage::from_fn(20, 10, |x, _| Rgb([x as u8, 3, 4])).into()
            };
            let mut webp = Vec::new();
            img.write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut webp)).unwrap();
            let p = prepare(&webp).unwrap();
            assert_eq!((p.mime, p.width, p.height), (mime, 20, 10));
        }
    }

    #[test]
    fn clean_jpeg_is_kept_byte_for_byte() {
        let once = prepare(&jpeg(64, 48)).unwrap().bytes;
        assert_eq!(prepare(&once).unwrap().bytes, once);
    }

    #[test]
    fn refusals_are_plain() {
        let j = jpeg(64, 48);
        let cut = &j[..j.len() / 2];
        for (bytes, starts) in [
            (&b"hello there"[..], "Hearth can take JPEG, PNG and WebP"),
            (&b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"[..], "Hearth can't read HEIC"),
            (cut, "This photo seems damaged"),
            (&png(20, 20)[..60], "This photo seems damaged"),
            (&b"\xFF\xD8\xFF\xE0garbage"[..], "This photo seems damaged"),
        ] {
            let err = prepare(bytes).unwrap_err();
            assert_eq!(err.kind(), "invalid_input");
            assert!(err.to_string().starts_with(starts), "{err}");
        }
    }
}
