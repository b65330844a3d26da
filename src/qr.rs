//! QR codes for the notice-board edition: an SVG made at build time, so that a villager who
//! scans the paper on the board lands on the record's page. No JavaScript, no image files.

use qrcode::{Color, EcLevel, QrCode};

/// Modules of light margin around the symbol: the quiet zone the standard asks for.
const QUIET: usize = 4;

/// The QR code of `text` as an SVG element (one path, dark modules only, a square
/// `viewBox` with the quiet zone, sized by CSS). `label` is what a screen reader says.
/// None when the text is too long for any QR code (a URL never is in practice).
pub fn svg(text: &str, label: &str) -> Option<String> {
    // Level M (15 % of the symbol may be lost): small symbols, so large modules at a given
    // printed size, which a phone reads from further away.
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(width * width);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            let run = x - start;
            path.push_str(&format!("M{} {}h{run}v1h-{run}z", start + QUIET, y + QUIET));
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>",
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
    fn a_url_becomes_one_svg_path_with_a_quiet_zone() {
        let s = svg("https://example.org/test/issues/2020-013/", "QR").expect("encodes");
        assert!(s.starts_with("<svg class=\"qr\""), "{s}");
        assert_eq!(s.matches("<path").count(), 1);
        // 42 bytes at level M need version 3: 29 modules, 37 with the quiet zone.
        assert!(s.contains("viewBox=\"0 0 37 37\""), "{s}");
        // The top-left finder pattern: a run of 7 dark modules starting at the quiet zone.
        assert!(s.contains("M4 4h7v1h-7z"), "{s}");
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
