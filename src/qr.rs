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
use std::sync::{Arc, Mutex};

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
    if width <= 64 {
        // Rows of bits: the codewords placed once, each mask a XOR with its ready base.
        let base = bases(version, width, encoded.len(), ec_data.len());
        let mut data = vec![0u64; width];
        let mut at = base.order.iter();
        for byte in encoded.iter().chain(&ec_data) {
            for j in (0..8).rev() {
                let Some((x, y)) = at.next() else { break };
                data[usize::from(*y)] |= u64::from(byte >> j & 1) << x;
            }
        }
        let mut best: Option<(u32, Vec<u64>)> = None;
        for masked in &base.masked {
            let rows: Vec<u64> = masked.iter().zip(&data).map(|(m, d)| m ^ d).collect();
            let score = bit_penalty(&rows, width);
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, rows));
            }
        }
        let (_, rows) = best?;
        let mut dark = Vec::with_capacity(width * width);
        for row in rows {
            dark.extend((0..width).map(|x| row >> x & 1 == 1));
        }
        return Some((width, dark));
    }
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

/// A version's symbol with every data module light, under each mask (in the order of
/// [`MASKS`]) as rows of bits, and where the codewords' bits go. Masking flips data modules
/// and writes the format information, which depends on the level and the mask only, so a
/// code under a mask is its data bits XOR that mask's base.
struct Bases {
    version: qrcode::Version,
    masked: Vec<Vec<u64>>,
    /// The data modules (x, y) in the order the codewords' bits fill them.
    order: Vec<(u8, u8)>,
}

/// The bases of a version, made once per run (a site's addresses share a few versions).
fn bases(version: qrcode::Version, width: usize, data: usize, ec: usize) -> Arc<Bases> {
    static MADE: Mutex<Vec<Arc<Bases>>> = Mutex::new(Vec::new());
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(b) = made.iter().find(|b| b.version == version) {
        return b.clone();
    }
    let drawn = |fill: u8| {
        let mut c = Canvas::new(version, EcLevel::M);
        c.draw_all_functional_patterns();
        c.draw_data(&vec![fill; data], &vec![fill; ec]);
        c
    };
    let light = drawn(0);
    let masked = MASKS
        .iter()
        .map(|m| {
            let mut c = light.clone();
            c.apply_mask(*m);
            rows_of(&c.into_colors(), width)
        })
        .collect();
    // Data modules are those that all-dark codewords turn dark. They are filled two columns
    // at a time from the right, up then down, skipping the timing column (x = 6).
    let (off, on) = (
        rows_of(&light.into_colors(), width),
        rows_of(&drawn(0xff).into_colors(), width),
    );
    let is_data = |x: usize, y: usize| (off[y] ^ on[y]) >> x & 1 == 1;
    let mut order = Vec::new();
    let (mut x, mut upward) = (width - 1, true);
    loop {
        for k in 0..width {
            let y = if upward { width - 1 - k } else { k };
            for col in [x, x.wrapping_sub(1)] {
                if col < width && is_data(col, y) {
                    order.push((col as u8, y as u8));
                }
            }
        }
        if x < 2 {
            break;
        }
        x -= 2;
        if x == 6 {
            x = 5;
        }
        upward = !upward;
    }
    let b = Arc::new(Bases {
        version,
        masked,
        order,
    });
    made.push(b.clone());
    b
}

/// Modules as rows of bits (bit x of row y = module (x, y) is dark).
fn rows_of(colors: &[Color], width: usize) -> Vec<u64> {
    colors
        .chunks(width)
        .map(|row| {
            row.iter()
                .enumerate()
                .fold(0, |r, (x, c)| r | (u64::from(*c == Color::Dark) << x))
        })
        .collect()
}

/// The penalty of a masked symbol: long runs, 2×2 blocks, finder-like patterns, imbalance.
/// Symbols up to 64 modules wide (every address a site prints) are scored on rows of bits.
fn penalty(dark: &[bool], w: usize) -> u32 {
    if w <= 64 {
        let rows: Vec<u64> = dark
            .chunks(w)
            .map(|row| {
                row.iter()
                    .enumerate()
                    .fold(0, |r, (x, d)| r | (u64::from(*d) << x))
            })
            .collect();
        return bit_penalty(&rows, w);
    }
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
    score + balance(dark.iter().filter(|d| **d).count(), dark.len())
}

/// N4: the share of dark modules away from half, in whole percent (as the crate counts).
fn balance(dark: usize, all: usize) -> u32 {
    let ratio = (dark * 200 / all) as i64;
    (ratio - 100).unsigned_abs() as u32
}

/// [`penalty`] with each row and column as the bits of a `u64` (bit x = module x).
fn bit_penalty(rows: &[u64], w: usize) -> u32 {
    let mut cols = [0u64; 64];
    for (y, row) in rows.iter().enumerate() {
        let mut r = *row;
        while r != 0 {
            let x = r.trailing_zeros() as usize;
            cols[x] |= 1 << y;
            r &= r - 1;
        }
    }
    let cols = &cols[..w];
    let mut score: u32 = rows
        .iter()
        .chain(cols)
        .map(|l| bit_line_penalty(*l, w))
        .sum();
    // N2: each 2×2 block of one colour scores 3 (overlaps counted).
    let inner = (1u64 << (w - 1)) - 1;
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let all_dark = a & (a >> 1) & b & (b >> 1);
        let all_light = !a & !(a >> 1) & !b & !(b >> 1);
        score += 3 * ((all_dark | all_light) & inner).count_ones();
    }
    let count: u32 = rows.iter().map(|r| r.count_ones()).sum();
    score + balance(count as usize, w * w)
}

/// N1 and N3 of one row or column of `w` modules, as bits.
fn bit_line_penalty(line: u64, w: usize) -> u32 {
    let mut score = 0;
    // N1: a run of 5 or more modules of one colour scores its length − 2. Bit j of `same`
    // says module j is like module j + 1: a run of n modules is n − 1 such bits in a row.
    // `long` marks where four of them in a row start (n − 4 marks in a run of n ≥ 5), and
    // `runs` the first mark of each run: n − 2 = (n − 4) + 2.
    let same = !(line ^ (line >> 1)) & ((1u64 << (w - 1)) - 1);
    let long = same & (same >> 1) & (same >> 2) & (same >> 3);
    let runs = long & !(long << 1);
    score += long.count_ones() + 2 * runs.count_ones();
    // N3: dark-light-dark×3-light-dark (bit j the first) with four light modules, or the
    // edge, before or after it scores 40.
    if w >= 7 {
        let starts = (1u64 << (w - 6)) - 1;
        let n = !line;
        let found =
            line & (n >> 1) & (line >> 2) & (line >> 3) & (line >> 4) & (n >> 5) & (line >> 6);
        let light_before = !((line << 1) | (line << 2) | (line << 3) | (line << 4));
        let light_after = !((line >> 7) | (line >> 8) | (line >> 9) | (line >> 10));
        score += 40 * (found & starts & (light_before | light_after)).count_ones();
    }
    score
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
                None => {
                    path.push('M');
                    push_number(&mut path, start + QUIET);
                    path.push(' ');
                    push_number(&mut path, y + QUIET);
                    path.push_str(".5");
                }
                Some(end) => {
                    path.push('m');
                    push_number(&mut path, start - end);
                    path.push_str(" 0");
                }
            }
            path.push('h');
            push_number(&mut path, x - start);
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

/// Appends a number in decimal (the path has thousands; `format!` would be most of the work).
fn push_number(s: &mut String, n: usize) {
    if n >= 10 {
        push_number(s, n / 10);
    }
    s.push(char::from(b'0' + (n % 10) as u8));
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
    fn rows_of_bits_score_as_rows_of_modules() {
        // Pseudo-random symbols of every width up to 64, and the patterns the rules look for.
        let mut seed = 0x9e37_79b9_u32;
        for w in 7..=64 {
            for _ in 0..20 {
                let dark: Vec<bool> = (0..w * w)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 17;
                        seed ^= seed << 5;
                        seed % 3 == 0
                    })
                    .collect();
                let plain = {
                    let mut columns = vec![false; dark.len()];
                    for y in 0..w {
                        for x in 0..w {
                            columns[x * w + y] = dark[y * w + x];
                        }
                    }
                    let lines: u32 = dark
                        .chunks(w)
                        .chain(columns.chunks(w))
                        .map(line_penalty)
                        .sum();
                    let mut blocks = 0;
                    for y in 0..w - 1 {
                        for x in 0..w - 1 {
                            let c = dark[y * w + x];
                            let same = [(0, 1), (1, 0), (1, 1)]
                                .iter()
                                .all(|(dy, dx)| dark[(y + dy) * w + x + dx] == c);
                            blocks += 3 * u32::from(same);
                        }
                    }
                    lines + blocks + balance(dark.iter().filter(|d| **d).count(), w * w)
                };
                assert_eq!(penalty(&dark, w), plain, "width {w}");
            }
        }
        let finder = [true, false, true, true, true, false, true];
        for pad in 0..6 {
            let mut line = vec![false; pad];
            line.extend(finder);
            line.extend(vec![false; 5 - pad.min(5)]);
            let bits = line
                .iter()
                .enumerate()
                .fold(0u64, |b, (i, d)| b | (u64::from(*d) << i));
            assert_eq!(
                bit_line_penalty(bits, line.len()),
                line_penalty(&line),
                "{line:?}"
            );
        }
    }

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
