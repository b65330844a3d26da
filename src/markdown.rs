//! Markdown bodies to safe HTML: CommonMark with tables, strikethrough, task lists and
//! footnotes, then sanitized (raw HTML may hold scripts; the clerk may paste anything).

use pulldown_cmark::{html, Options, Parser};
use std::sync::OnceLock;

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("div", ["id"])
            .add_tag_attributes("sup", ["id"])
            .add_tag_attributes("li", ["id"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("th", ["style"])
            .add_allowed_classes("div", ["footnote-definition"])
            .add_allowed_classes("sup", ["footnote-reference"])
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"));
        // Inputs are for task lists only: whatever was written, a disabled checkbox.
        b.set_tag_attribute_value("input", "disabled", "");
        b.set_tag_attribute_value("input", "type", "checkbox");
        b.filter_style_properties(["text-align"].into_iter().collect());
        b
    })
}

/// Renders a record's body. The output is safe to insert in a page as it is.
pub fn to_html(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, opts));
    sanitizer().clean(&raw).to_string()
}

/// The first paragraph as plain text, for summaries and feeds.
pub fn summary(markdown: &str, max_chars: usize) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut text = String::new();
    let mut in_para = false;
    for ev in Parser::new(markdown) {
        match ev {
            Event::Start(Tag::Paragraph) => in_para = true,
            Event::End(TagEnd::Paragraph) if !text.is_empty() => break,
            Event::End(TagEnd::Paragraph) => in_para = false,
            Event::Text(t) | Event::Code(t) if in_para => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_para => text.push(' '),
            _ => {}
        }
    }
    if text.chars().count() > max_chars {
        let cut: String = text.chars().take(max_chars).collect();
        format!("{cut}…")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_render() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~旧~~\n\n- [x] 完成\n");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>旧</del>"), "{html}");
        assert!(html.contains("checkbox"), "{html}");
    }

    #[test]
    fn raw_html_is_sanitized() {
        let payloads = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<form action=\"https://evil.example\"><input name=a></form>",
            "<svg onload=alert(1)>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
        ];
        for p in payloads {
            let html = to_html(p).to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "javascript:",
                "<iframe",
                "<form",
                "onload",
                "background",
            ] {
                assert!(!html.contains(bad), "{p} gave {html}");
            }
        }
    }

    #[test]
    fn an_input_is_only_ever_a_disabled_checkbox() {
        for raw in [
            "<input name=p>",
            "<input type=\"text\" value=\"密码\">",
            "<input type=\"password\">",
            "<input type=\"submit\">",
            "<input type=\"image\" src=\"https://evil.example/x\">",
        ] {
            let html = to_html(raw);
            assert!(
                html.contains("type=\"checkbox\"") && html.contains("disabled"),
                "{raw} gave {html}"
            );
            for bad in [
                "text", "password", "submit", "image", "src", "name", "value",
            ] {
                assert!(!html.contains(&format!("\"{bad}")), "{raw} gave {html}");
                assert!(!html.contains(&format!("{bad}=")), "{raw} gave {html}");
            }
        }
        let html = to_html("- [x] 完成\n- [ ] 未完成\n");
        assert_eq!(html.matches("type=\"checkbox\"").count(), 2, "{html}");
        assert_eq!(html.matches("checked").count(), 1, "{html}");
    }

    #[test]
    fn summary_takes_the_first_paragraph() {
        assert_eq!(
            summary("# 标题\n\n第一段\n文字。\n\n第二段", 100),
            "第一段 文字。"
        );
        assert_eq!(summary("一二三四五", 3), "一二三…");
    }
}
