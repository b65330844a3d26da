//! Markdown bodies to safe HTML: CommonMark with tables, strikethrough, task lists and
//! footnotes, then sanitized (raw HTML may hold scripts; the clerk may paste anything).

use pulldown_cmark::{html, Event, Options, Parser};
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
    let events: Vec<Event> = shallow(Parser::new_ext(markdown, opts)).collect();
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    let plain = events.iter().all(is_plain);
    html::push_html(&mut raw, events.into_iter());
    if plain {
        // Nothing the sanitizer would take out or write differently (tested below).
        return raw;
    }
    sanitizer().clean(&raw).to_string()
}

/// An event whose HTML, as pulldown-cmark writes it, the sanitizer gives back byte for byte:
/// paragraphs, headings, lists, quotes, emphasis, code and text. Raw HTML, links and images
/// (the sanitizer's real work), and whatever writes attributes, self-closing tags or
/// characters the sanitizer writes another way, are not plain.
fn is_plain(ev: &Event) -> bool {
    use pulldown_cmark::{CodeBlockKind, Tag, TagEnd};
    let text = |t: &str| !t.contains(['\u{a0}', '\0']);
    match ev {
        Event::Text(t) | Event::Code(t) => text(t),
        Event::SoftBreak => true,
        Event::Start(tag) => match tag {
            Tag::Paragraph
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::BlockQuote(None)
            | Tag::List(None | Some(1))
            | Tag::CodeBlock(CodeBlockKind::Indented) => true,
            Tag::CodeBlock(CodeBlockKind::Fenced(lang)) => lang.is_empty(),
            Tag::Heading {
                id, classes, attrs, ..
            } => id.is_none() && classes.is_empty() && attrs.is_empty(),
            _ => false,
        },
        Event::End(tag) => matches!(
            tag,
            TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::BlockQuote(None)
                | TagEnd::List(_)
                | TagEnd::CodeBlock
                | TagEnd::Heading(_)
        ),
        _ => false,
    }
}

/// Nesting deeper than this (quotes in lists in quotes…, or raw HTML elements) keeps its
/// text but loses its structure. No clerk nests 48 deep; the sanitizer's time grows with the
/// square of the depth, and 5 MB of `>` would take it hours.
const MAX_DEPTH: usize = 48;

/// The events of a body with structure beyond `MAX_DEPTH` dropped, and raw HTML that would
/// open elements beyond it shown as text.
fn shallow<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut kept: Vec<bool> = Vec::new();
    let mut depth = 0;
    let mut html_depth = 0;
    events.filter_map(move |ev| match ev {
        Event::Start(tag) => {
            let keep = depth + html_depth < MAX_DEPTH;
            kept.push(keep);
            depth += usize::from(keep);
            keep.then_some(Event::Start(tag))
        }
        Event::End(tag) => {
            let keep = kept.pop().unwrap_or(false);
            depth -= usize::from(keep);
            keep.then_some(Event::End(tag))
        }
        Event::Html(ref html) | Event::InlineHtml(ref html) => {
            let (peak, net) = html_nesting(html);
            if depth + html_depth + peak > MAX_DEPTH {
                Some(Event::Text(html.clone()))
            } else {
                html_depth = html_depth.saturating_add_signed(net);
                Some(ev)
            }
        }
        other => Some(other),
    })
}

/// How deep the start tags of a piece of raw HTML go at most, and how much deeper it ends
/// than it starts. Elements that never hold others, or that close themselves, do not count.
fn html_nesting(html: &str) -> (usize, isize) {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "rt", "rp",
    ];
    let (mut depth, mut peak) = (0isize, 0isize);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let self_closing = rest.find('>').is_some_and(|end| rest[..end].ends_with('/'));
        if closing {
            depth -= 1;
        } else if !self_closing && !FLAT.contains(&name.as_str()) {
            depth += 1;
            peak = peak.max(depth);
        }
    }
    (peak.max(0) as usize, depth)
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
    fn plain_bodies_skip_the_sanitizer_and_come_out_as_it_would_give_them() {
        let samples = [
            "村里的路灯坏了三盏。\n\n请尽快修理。",
            "# 标题\n\n## 二级 *强调* **加粗** ~~删去~~\n\n正文",
            "- 一\n- 二\n  - 二之一\n\n1. 甲\n2. 乙\n",
            "> 引用的话\n> 第二行\n\n`代码 a < b && c > d`",
            "    缩进的代码 <script>\n\n```\n围起来的代码 & 符号\n```\n",
            "a < b > c & d\nsoft break",
            "它说：“好”。(括号) [方括号] 100% #号 *星*",
            "3. 从三开始\n4. 四",
            "```rust\nlet x = 1;\n```",
            "he said \"hi\" and it's 'fine'",
            "line  \nhard break\n\n---\n",
            "<b>raw</b> and [a link](https://example.org/) and ![img](x.png)",
            "| a | b |\n|---|:-:|\n| 1 | 2 |",
            "- [x] done\n\n脚注[^1]\n\n[^1]: 注",
            "\u{a0}nbsp",
            "回车\r\n换行\r\n",
            "空\0字符",
            "控制\u{7}字符 \u{feff}",
            "{#id}\n# 标题 {#custom}",
        ];
        let opts = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_FOOTNOTES;
        let mut plain = 0;
        // Every ASCII character and some beyond, inside a paragraph and inside code.
        let odd: Vec<String> = (0u32..0x80)
            .chain([0x85, 0xa0, 0xad, 0x2028, 0xfeff, 0xfffd, 0xfffe, 0x1f600])
            .filter_map(char::from_u32)
            .flat_map(|c| [format!("a{c}b 村"), format!("`x{c}y`")])
            .collect();
        for md in samples
            .iter()
            .copied()
            .chain(odd.iter().map(String::as_str))
        {
            let mut raw = String::new();
            html::push_html(&mut raw, Parser::new_ext(md, opts));
            let cleaned = sanitizer().clean(&raw).to_string();
            assert_eq!(to_html(md), cleaned, "{md}");
            plain += usize::from(Parser::new_ext(md, opts).all(|e| is_plain(&e)));
        }
        // The fast path is taken, and not for everything.
        let odd_plain = plain
            - samples
                .iter()
                .filter(|md| Parser::new_ext(md, opts).all(|e| is_plain(&e)))
                .count();
        assert!(odd_plain > odd.len() / 2, "{odd_plain} of {}", odd.len());
        assert!(plain - odd_plain >= 8 && plain - odd_plain <= samples.len() - 6);
    }

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
    fn deep_nesting_keeps_its_text_and_ends_quickly() {
        // On a small stack, as on a worker thread, and within a bound of time.
        let run = |md: String| {
            std::thread::Builder::new()
                .stack_size(512 * 1024)
                .spawn(move || {
                    let t = std::time::Instant::now();
                    (to_html(&md), t.elapsed())
                })
                .unwrap()
                .join()
                .expect("no stack overflow")
        };
        for md in [
            ">".repeat(50_000) + " 深处的文字",
            "- ".repeat(20_000) + "深处的文字",
            "1. ".repeat(20_000) + "深处的文字",
            "> - ".repeat(10_000) + "深处的文字",
            "<div>".repeat(50_000) + "深处的文字",
            "<div>\n\n".repeat(10_000) + "深处的文字",
            "<b><i>".repeat(20_000) + "深处的文字",
            "*a ".repeat(50_000) + "深处的文字",
            "[".repeat(50_000) + "深处的文字",
        ] {
            let (html, took) = run(md.clone());
            assert!(html.contains("深处的文字"), "{}", &md[..20]);
            assert!(took.as_secs() < 10, "{}: {took:?}", &md[..20]);
        }
        // Ordinary nesting is kept whole.
        let html = to_html(
            "> 一\n>> 二\n>>> 三\n\n- a\n  - b\n    - c\n\n<div><div><span>x</span></div></div>\n",
        );
        assert_eq!(html.matches("<blockquote>").count(), 3, "{html}");
        assert_eq!(html.matches("<ul>").count(), 3, "{html}");
        assert_eq!(html.matches("<div>").count(), 2, "{html}");
    }

    #[test]
    fn raw_html_nesting_is_measured() {
        assert_eq!(html_nesting("<div><div>"), (2, 2));
        assert_eq!(html_nesting("<div></div><div>"), (1, 1));
        assert_eq!(html_nesting("</div></div>"), (0, -2));
        assert_eq!(html_nesting("<br><img src=x/><p><li><hr/>"), (0, 0));
        assert_eq!(html_nesting("<!-- <div> --> a < b"), (1, 1));
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
