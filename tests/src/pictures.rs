//! Test pictures, made in code (no binary file is committed): JPEGs and PNGs with
//! a noise pattern, a camera's EXIF block (GPS included), XMP, a comment and a
//! "motion photo" tail, and the hostile ones (cut, garbage, a decompression bomb).

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

/// Text hidden in a photo's metadata; none of it may reach the vault.
pub const META_CANARIES: [&str; 4] =
    ["CanaryCam-hearth-exif", "hearth-xmp-canary", "hearth-comment-canary", "hearth-motion-canary"];

/// Where the GPS block says the photo was taken: 51°30'N, 0°7'W.
pub const LATITUDE: [(u32, u32); 3] = [(51, 1), (30, 1), (2612, 100)];

fn noise(x: u32, y: u32, seed: u32) -> u8 {
    let mut v = x.wrapping_mul(374_761_393) ^ y.wrapping_mul(668_265_263) ^ seed.wrapping_mul(2_246_822_519);
    v = (v ^ (v >> 13)).wrapping_mul(1_274_126_177);
    (v >> 24) as u8
}

/// A plain baseline JPEG (what an encoder with no metadata writes).
pub fn jpeg(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        Rgb([
            ((x * 255) / w.max(1)) as u8 ^ noise(x, y, seed) >> 3,
            ((y * 255) / h.max(1)) as u8,
            noise(x, y, seed),
        ])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90).write_image(&img, w, h, ExtendedColorType::Rgb8).unwrap();
    out
}

/// A progressive JPEG (several scans, tables between them).
pub fn progressive_jpeg(w: u16, h: u16, seed: u32) -> Vec<u8> {
    let img =
        RgbImage::from_fn(u32::from(w), u32::from(h), |x, y| Rgb([noise(x, y, seed), x as u8, y as u8]));
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 85);
    enc.set_progressive(true);
    enc.encode(img.as_raw(), w, h, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

/// A PNG with transparency.
pub fn png(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(w, h, |x, y| Rgba([noise(x, y, seed), x as u8, y as u8, 180]));
    let mut out = Vec::new();
    PngEncoder::new(&mut out).write_image(&img, w, h, ExtendedColorType::Rgba8).unwrap();
    out
}

/// A lossless WebP, opaque.
pub fn webp(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([noise(x, y, seed), (x * 20) as u8, (y * 20) as u8]));
    let mut out = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(&img, w, h, ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// A camera's EXIF block (TIFF, little-endian): make, orientation and a GPS IFD
/// with latitude and longitude.
pub fn exif_block(orientation: u16) -> Vec<u8> {
    let make = format!("{}\0", META_CANARIES[0]);
    let mut t = Vec::new();
    let u16le = |t: &mut Vec<u8>, v: u16| t.extend_from_slice(&v.to_le_bytes());
    let u32le = |t: &mut Vec<u8>, v: u32| t.extend_from_slice(&v.to_le_bytes());
    // One IFD: its entry count, its 12-byte entries, and no next IFD.
    let ifd = |t: &mut Vec<u8>, entries: &[(u16, u16, u32, u32)]| {
        u16le(t, entries.len() as u16);
        for &(tag, kind, count, value) in entries {
            u16le(t, tag);
            u16le(t, kind);
            u32le(t, count);
            u32le(t, value);
        }
        u32le(t, 0);
    };
    t.extend_from_slice(b"II*\0");
    u32le(&mut t, 8);
    // IFD0 at 8: 3 entries, ends at 8 + 2 + 36 + 4 = 50.
    let (gps_at, lat_at, lon_at, make_at) = (50u32, 104u32, 128u32, 152u32);
    ifd(
        &mut t,
        &[
            (0x010F, 2, make.len() as u32, make_at),
            (0x0112, 3, 1, u32::from(orientation)),
            (0x8825, 4, 1, gps_at),
        ],
    );
    // The GPS IFD at 50: 4 entries, ends at 50 + 2 + 48 + 4 = 104.
    ifd(
        &mut t,
        &[
            (1, 2, 2, u32::from_le_bytes(*b"N\0\0\0")),
            (2, 5, 3, lat_at),
            (3, 2, 2, u32::from_le_bytes(*b"W\0\0\0")),
            (4, 5, 3, lon_at),
        ],
    );
    assert_eq!(t.len(), 104);
    for (n, d) in LATITUDE.into_iter().chain([(0, 1), (7, 1), (3960, 100)]) {
        u32le(&mut t, n);
        u32le(&mut t, d);
    }
    t.extend_from_slice(make.as_bytes());
    [&b"Exif\0\0"[..], &t].concat()
}

fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    s.extend_from_slice(payload);
    s
}

/// A JPEG as a phone writes it: EXIF with GPS and `orientation`, XMP, a comment,
/// and a "motion photo" tail after the end of the picture.
pub fn camera_jpeg(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    with_camera_metadata(&jpeg(w, h, 7), orientation)
}

/// `plain` (a JPEG) with what a phone adds: EXIF with GPS and `orientation`, XMP,
/// a comment, and a "motion photo" tail after the end of the picture.
pub fn with_camera_metadata(plain: &[u8], orientation: u16) -> Vec<u8> {
    let xmp = format!(
        "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description>{}</rdf:Description></x:xmpmeta>",
        META_CANARIES[1]
    );
    let mut out = plain[..2].to_vec();
    out.extend(segment(0xE1, &exif_block(orientation)));
    out.extend(segment(0xE1, xmp.as_bytes()));
    out.extend(segment(0xFE, META_CANARIES[2].as_bytes()));
    out.extend_from_slice(&plain[2..]);
    out.extend_from_slice(b"\0\0\0\x18ftypmp42");
    out.extend_from_slice(META_CANARIES[3].as_bytes());
    out
}

/// A small, valid JPEG whose frame header claims `w` x `h` pixels: a decoder that
/// believed it would unpack gigabytes from a few hundred bytes.
pub fn jpeg_bomb(w: u16, h: u16) -> Vec<u8> {
    let mut b = jpeg(16, 16, 1);
    let sof = b.windows(2).position(|p| p == [0xFF, 0xC0]).expect("a baseline frame header");
    // FFC0, length (2), precision (1), then height and width.
    b[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    b[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    b
}

/// A PNG whose header claims `side` x `side` pixels, followed by one real chunk of
/// compressed zeros: the shape of a PNG decompression bomb.
pub fn png_bomb(side: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let ihdr = [&side.to_be_bytes()[..], &side.to_be_bytes()[..], &[8, 0, 0, 0, 0]].concat();
    // zlib: a fixed-Huffman block of zeros would go on for ever; a few bytes do.
    let idat = [0x78, 0x9c, 0x63, 0x60, 0x18, 0x05, 0xa3, 0x60, 0x14, 0x0c, 0x00, 0x00];
    for (kind, data) in [(b"IHDR", &ihdr[..]), (b"IDAT", &idat[..]), (b"IEND", &[][..])] {
        png.extend(png_chunk(kind, data));
    }
    png
}

/// A PNG with an eXIf chunk (a camera's EXIF, GPS included) and a tEXt comment
/// holding "hearth-png-text-canary", before its image data.
pub fn png_with_metadata() -> Vec<u8> {
    let plain = png(30, 20, 3);
    let ihdr_end = 8 + 8 + 13 + 4;
    let mut out = plain[..ihdr_end].to_vec();
    out.extend(png_chunk(b"eXIf", &exif_block(1)[6..])); // the TIFF data, without "Exif\0\0"
    out.extend(png_chunk(b"tEXt", b"Comment\0hearth-png-text-canary"));
    out.extend_from_slice(&plain[ihdr_end..]);
    out
}

/// One PNG chunk: length, kind, data, CRC.
fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let body = [&kind[..], data].concat();
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}
