//! QR codes for the notice-board edition: an SVG made at build time, so that a villager who
//! scans the paper on the board lands on the record's page. No JavaScript, no image files.
//!
//! The `qrcode` crate encodes the data and draws the symbol. Choosing the mask is done here:
//! the crate's `apply_best_mask` scores the eight masks the same way but takes about half a
//! millisecond a code, which for every record of a large village would double the build. The
//! scores below are the crate's (ISO/IEC 18004 rules N1–N4), on plain booleans, so the
//! symbol is the same one the crate makes (a test checks it).

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{bits, ec, Color, EcLevel};

/// Modules of light margin around the symbol: the quiet zone the standard asks for.
const QUIET: usize = 4;

/// The masks in the order the crate tries them: on a tie the first wins.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The symbol of `data` at error correction level M, row by row (`true` = dark), with its
/// width. Level M (15 % of the symbol may be lost): small symbols, so large modules at a
/// given printed size, which a phone reads from further away.
pub fn encode(data: &[u8]) -> Option<(usize, Vec<bool>)> {
    let level = EcLevel::M;
    let bits = bits::encode_auto(data, level).ok()?;
    let version = bits.version();
    let width = usize::try_from(version.width()).ok()?;
    let (encoded, ec_data) = ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec_data);
    let mut best: Option<(u32, Vec<bool>)> = None;
    for mask in MASKS {
        let mut c = canvas.clone();
        c.apply_mask(mask);
        let dark: Vec<bool> = c.into_colors().iter().map(|c| *c == Color::Dark).collect();
        let score = penalty(&dark, width);
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, dark));
        }
    }
    let (_, dark) = best?;
    Some((width, dark))
}

/// The penalty of a masked symbol: long runs, 2×2 blocks, finder-like patterns, imbalance.
fn penalty(dark: &[bool], w: usize) -> u32 {
    let mut columns = vec![false; dark.len()];
    for y in 0..w {
        for x in 0..w {
            columns[x * w + y] = dark[y * w + x];
        }
    }
    let mut score: u32 = dark
        .chunks(w)
        .chain(columns.chunks(w))
        .map(line_penalty)
        .sum();
    // N2: each 2×2 block of one colour scores 3 (overlaps counted).
    for pair in dark.chunks(w).collect::<Vec<_>>().windows(2) {
        let (a, b) = (pair[0], pair[1]);
        for x in 0..w - 1 {
            let c = a[x];
            if a[x + 1] == c && b[x] == c && b[x + 1] == c {
                score += 3;
            }
        }
    }
    // N4: the share of dark modules away from half, in whole percent (as the crate counts).
    let dark_count = dark.iter().filter(|d| **d).count();
    let ratio = (dark_count * 200 / dark.len()) as i64;
    score + (ratio - 100).unsigned_abs() as u32
}

/// The penalties N1 and N3 of one row or column.
fn line_penalty(line: &[bool]) -> u32 {
    let mut score = 0;
    // N1: a run of 5 or more modules of one colour scores its length − 2.
    let mut run = 0u32;
    for (j, c) in line.iter().enumerate() {
        if j > 0 && *c == line[j - 1] {
            run += 1;
        } else {
            if run >= 5 {
                score += run - 2;
            }
            run = 1;
        }
    }
    if run >= 5 {
        score += run - 2;
    }
    // N3: dark-light-dark×3-light-dark with four light modules (or the edge) on one side
    // scores 40.
    let w = line.len();
    for j in 0..w.saturating_sub(6) {
        let l = &line[j..j + 7];
        if !(l[0] && !l[1] && l[2] && l[3] && l[4] && !l[5] && l[6]) {
            continue;
        }
        let dark_before = line[j.saturating_sub(4)..j].contains(&true);
        let dark_after = line[j + 7..(j + 11).min(w)].contains(&true);
        if !dark_before || !dark_after {
            score += 40;
        }
    }
    score
}

/// The QR code of `text` as an SVG element: one stroked path, a line per run of dark modules,
/// a square `viewBox` with the quiet zone, sized by CSS. `label` is what a screen reader says.
/// None when the text is too long for any QR code (a URL never is in practice).
pub fn svg(text: &str, label: &str) -> Option<String> {
    let (width, dark) = encode(text.as_bytes())?;
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(width * width / 2);
    for (y, row) in dark.chunks(width).enumerate() {
        // Runs of dark modules: `M` to the first, then `m` across each light gap.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            match pen {
                None => path.push_str(&format!("M{} {}.5", start + QUIET, y + QUIET)),
                Some(end) => path.push_str(&format!("m{} 0", start - end)),
            }
            path.push_str(&format!("h{}", x - start));
            pen = Some(x);
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path stroke=\"#000\" stroke-width=\"1\" d=\"{path}\"/></svg>",
        crate::render::escape_html(label)
    ))
}

/// The address as printed under a QR code: without `https://`, so that it is short enough
/// to read and type (`example.org/village/issues/2020-013/`).
pub fn short_url(url: &str) -> String {
    url.strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_symbol_is_the_one_the_crate_makes() {
        // Addresses of every length a site uses, and some that are not addresses.
        let mut texts: Vec<String> = (0..300)
            .map(|i| format!("https://example.org/qinghe/issues/2020-{i:03}/"))
            .collect();
        texts.extend((1..120).map(|n| "村".repeat(n)));
        texts.extend((1..200).map(|n| format!("https://x.org/{}", "a".repeat(n))));
        for t in &texts {
            let crate_code =
                qrcode::QrCode::with_error_correction_level(t.as_bytes(), EcLevel::M).unwrap();
            let want: Vec<bool> = crate_code
                .to_colors()
                .iter()
                .map(|c| *c == Color::Dark)
                .collect();
            let (width, got) = encode(t.as_bytes()).unwrap();
            assert_eq!(width, crate_code.width(), "{t}");
            assert!(got == want, "a different symbol for {t}");
        }
    }

    #[test]
    fn a_url_becomes_one_svg_path_with_a_quiet_zone() {
        let s = svg("https://example.org/test/issues/2020-013/", "QR").expect("encodes");
        assert!(s.starts_with("<svg class=\"qr\""), "{s}");
        assert_eq!(s.matches("<path").count(), 1);
        // 42 bytes at level M need version 3: 29 modules, 37 with the quiet zone.
        assert!(s.contains("viewBox=\"0 0 37 37\""), "{s}");
        // The top row starts with the top-left finder pattern: 7 dark modules at the quiet
        // zone, and ends with the top-right one.
        assert!(s.contains("d=\"M4 4.5h7m"), "{s}");
        assert!(s.len() < 3000, "{} bytes", s.len());
    }

    #[test]
    fn the_label_is_escaped() {
        let s = svg("https://example.org/?a=1&b=2", "a \"b\" <c>").expect("encodes");
        assert!(
            s.contains("aria-label=\"a &quot;b&quot; &lt;c&gt;\""),
            "{s}"
        );
        assert!(!s.contains("<c>"));
    }

    #[test]
    fn too_long_for_a_qr_code() {
        assert!(svg(&"x".repeat(5000), "").is_none());
    }

    #[test]
    fn short_url_drops_the_scheme_only() {
        assert_eq!(
            short_url("https://www.example.org/v/issues/1/"),
            "www.example.org/v/issues/1/"
        );
        assert_eq!(short_url("http://example.org/"), "example.org/");
    }
}
