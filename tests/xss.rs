//! Known cross-site scripting payloads, written into every public text field and every body,
//! never become markup: raw HTML in Markdown is sanitized, every template value is escaped.
//!
//! The check reads the built HTML as a browser would tokenize it: every tag and attribute is
//! examined, so a payload that survives as escaped text passes and one that becomes a tag,
//! an event handler or a `javascript:` address fails.

mod common;

use common::*;
use std::collections::BTreeMap;

/// Payloads for text fields. Each holds its marker `XSSn`, so its escaped text can be found.
const FIELD_PAYLOADS: &[&str] = &[
    "<script>alert('XSS1')</script>",
    "<img src=x onerror=alert('XSS2')>",
    "<svg onload=alert('XSS3')>",
    "\"><script>alert('XSS4')</script>",
    "'><img src=x onerror=alert('XSS5')>",
    "javascript:alert('XSS6')",
    "<a href=\"javascript:alert('XSS7')\">x</a>",
    "<iframe src=\"https://evil.example/XSS8\"></iframe>",
    "<form action=\"https://evil.example/XSS9\"><input name=p></form>",
    "</title><script>alert('XSS10')</script>",
    "]]><script>alert('XSS11')</script><![CDATA[",
    "<style>*{background:url(javascript:alert('XSS12'))}</style>",
    "{{ 7*7 }}{% raw %}XSS13{% endraw %}",
    "&lt;script&gt;alert('XSS14')&lt;/script&gt;",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS15')>",
    "<body onload=alert('XSS16')>",
];

/// Payloads for Markdown bodies: raw HTML and Markdown's own ways to make a link.
const BODY_PAYLOADS: &[&str] = &[
    "<script>alert('XSSB1')</script>",
    "<img src=x onerror=alert('XSSB2')>",
    "<svg><script>alert('XSSB3')</script></svg>",
    "[link](javascript:alert('XSSB4'))",
    "[link](JaVaScRiPt:alert('XSSB5'))",
    "[link](java&#x09;script:alert('XSSB6'))",
    "[link](&#106;avascript:alert('XSSB7'))",
    "![image](javascript:alert('XSSB8'))",
    "<javascript:alert('XSSB9')>",
    "[ref][r]\n\n[r]: javascript:alert('XSSB10')",
    "<a href=\"javascript:alert('XSSB11')\">x</a>",
    "<a href=\"  javascript:alert('XSSB12')\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">XSSB13</a>",
    "<iframe src=\"https://evil.example/XSSB14\"></iframe>",
    "<form action=\"https://evil.example/\"><input name=p><button formaction=javascript:alert('XSSB15')>x</button></form>",
    "<object data=\"https://evil.example/XSSB16\"></object><embed src=\"https://evil.example/x\">",
    "<div style=\"background:url(javascript:alert('XSSB17'))\">x</div>",
    "<p onclick=\"alert('XSSB18')\">x</p>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('XSSB19')\">",
    "<base href=\"https://evil.example/\">",
    "<link rel=stylesheet href=\"https://evil.example/XSSB20.css\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('XSSB21')>\">",
    "<table><td background=\"javascript:alert('XSSB22')\">x</td></table>",
    "<input type=\"text\" autofocus onfocus=\"alert('XSSB23')\">",
    "<details open ontoggle=alert('XSSB24')>",
    "<!-- --><script>alert('XSSB25')</script> -->",
    "<textarea><script>alert('XSSB26')</script></textarea>",
    "<template><script>alert('XSSB27')</script></template>",
    "`<script>alert('XSSB28')</script>` and\n\n    <script>alert('XSSB29')</script>",
    "<a href=\"vbscript:msgbox('XSSB30')\">x</a>",
];

/// A YAML single-quoted scalar holding `s`.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Every field payload joined, with a field name in front: one scalar per field.
/// Every field payload joined, with a field name in front: one scalar per field. With
/// `harmless`, plain words instead: the same site as the theme draws it without payloads.
fn all_of(field: &str, harmless: bool) -> String {
    if harmless {
        q(&format!("{field}: 无害的文字"))
    } else {
        q(&format!("{field}: {}", FIELD_PAYLOADS.join(" ")))
    }
}

fn body_of(harmless: bool) -> String {
    if harmless {
        "无害的正文。\n".to_string()
    } else {
        BODY_PAYLOADS.join("\n\n") + "\n"
    }
}

fn xss_site() -> Site {
    site_with(false)
}

/// The site of every record kind with payloads (or, `harmless`, plain words) in every field.
fn site_with(harmless: bool) -> Site {
    let all = |field: &str| all_of(field, harmless);
    let body = || body_of(harmless);
    let base_url = if harmless {
        "https://example.org/t/"
    } else {
        "https://example.org/t/\"><script>alert(1)</script>/"
    };
    let site_yaml = format!(
        "title: {}
village: {}
town: {}
district: {}
description: {}
language: zh-CN
base_url: {}
as_of: 2020-11-13
groups:
  - {{id: \"1\", name: {}, households: 40}}
zones:
  - {{id: east, name: {}, groups: [\"1\"]}}
people:
  - {{id: zhang, name: {}, role: {}}}
categories:
  - {{id: other, name: {}}}
",
        all("site title"),
        all("village"),
        all("town"),
        all("district"),
        all("description"),
        q(base_url),
        all("group"),
        all("zone"),
        all("person"),
        all("role"),
        all("category"),
    );
    let site = Site::with_site_yaml(&site_yaml);
    site.issue(
        "I1",
        &format!(
            "---
title: {}
raised: 2020-03-05
source: phone
group: \"1\"
zone: east
category: other
reporter: {}
assignee: zhang
tags: [{}, {}]
timeline:
  - {{date: 2020-03-05, event: raised, note: {}}}
  - {{date: 2020-03-06, event: analysed, meeting: M1}}
  - {{date: 2020-03-07, event: escalated, to: {}}}
  - {{date: 2020-03-10, event: declined, note: {}}}
  - {{date: 2020-03-11, event: feedback, audience: raiser, note: {}}}
---
{}",
            all("issue title"),
            all("reporter"),
            all("tag"),
            q("<b>tag2</b>"),
            all("raised note"),
            all("escalated to"),
            all("declined note"),
            all("feedback note"),
            body()
        ),
    )
    .meeting(
        "M1",
        &format!(
            "---
title: {}
date: 2020-03-06
attendees: [zhang]
items:
  - {{issue: I1, finding: {}, action: {}, assignee: zhang, due: 2020-03-20, escalate_to: {}}}
---
{}",
            all("meeting title"),
            all("finding"),
            all("action"),
            all("escalate_to"),
            body()
        ),
    )
    .resolution(
        "R1",
        &format!(
            "---
title: {}
issues: [I1]
finding: {}
steps:
  proposal: {{date: 2020-06-02, by: {}, meeting: M1}}
  deliberation: {{date: 2020-06-05, by: {}}}
  review: {{date: 2020-06-12, by: {}, members: 10, present: 9, for: 9, against: 0, abstain: 0}}
  decision: {{date: 2020-06-20, by: {}, members: 10, present: 9, for: 9, against: 0, abstain: 0}}
published:
  decision: {{date: 2020-06-21, where: {}, note: {}}}
  result: {{date: 2020-09-30, where: {}, note: {}}}
implementation: done
---
{}",
            all("resolution title"),
            all("resolution finding"),
            all("proposal by"),
            all("deliberation by"),
            all("review by"),
            all("decision by"),
            all("decision where"),
            all("decision note"),
            all("result where"),
            all("result note"),
            body()
        ),
    )
    .plan(
        "P1",
        &format!(
            "---
title: {}
kind: annual
start: 2020-01-01
end: 2020-12-31
projects:
  - id: x
    title: {}
    category: other
    owner: zhang
    issues: [I1]
    milestones:
      - {{title: {}, due: 2020-06-30, progress: 50}}
      - {{title: done, due: 2020-03-30, done: 2020-03-20}}
---
{}",
            all("plan title"),
            all("project title"),
            all("milestone title"),
            body()
        ),
    )
    .visit(
        "V1",
        &format!(
            "title: {}
start: 2020-01-06
end: 2020-03-31
teams:
  - {{name: {}, members: [zhang], groups: [\"1\"]}}
visited: {{\"1\": 10}}
",
            all("visit title"),
            all("team name"),
        ),
    )
    .page(
        "about",
        &format!(
            "---\ntitle: {}\nmenu: true\n---\n{}",
            all("page title"),
            body()
        ),
    )
    .page(
        "index",
        &format!("---\ntitle: {}\n---\n{}", all("intro title"), body()),
    );
    site
}

/// A tag as a browser's tokenizer reads it: its name and attributes, entities decoded.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    /// The text of a raw-text element (`<script>…</script>`), else empty.
    inline: String,
}

fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map(|e| e + 1)
            .unwrap_or(rest.len());
        let ent = &rest[1..end];
        let c = match ent.to_ascii_lowercase().as_str() {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "colon" => Some(':'),
            "tab" => Some('\t'),
            "newline" => Some('\n'),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every start tag of an HTML document. Comments and the doctype are skipped; the text of
/// raw-text elements (script, style, textarea …) is skipped too, their tags being reported.
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        if b.get(i + 1) == Some(&b'!') || b.get(i + 1) == Some(&b'?') || b.get(i + 1) == Some(&b'/')
        {
            i = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
            continue;
        }
        if !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !b"=>/".contains(&b[j]) {
                j += 1;
            }
            let key = html[start..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let quote = b[j];
                    let end = b[j + 1..]
                        .iter()
                        .position(|c| *c == quote)
                        .map_or(b.len(), |e| j + 1 + e);
                    value = html[j + 1..end].to_string();
                    j = end + 1;
                } else {
                    let start = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[start..j].to_string();
                }
            }
            attrs.push((key, decode_entities(&value)));
        }
        let raw_text = matches!(
            name.as_str(),
            "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
        );
        let mut inline = String::new();
        if raw_text {
            let close = format!("</{name}");
            let from = j.min(b.len());
            i = html[from..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(b.len(), |e| from + e);
            inline = html[from..i].to_string();
        } else {
            i = j;
        }
        out.push(Tag {
            name,
            attrs,
            inline,
        });
    }
    out
}

/// The scheme of an address as a browser's URL parser reads it;
/// `None` for a relative address.
fn scheme(url: &str) -> Option<String> {
    // C0 controls and spaces trimmed at the ends, tabs and newlines dropped anywhere.
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_string())
}

/// Tags no content may bring. (The theme draws its charts as inline `<svg>`, so that tag is
/// allowed; what is inside it is checked like anything else.)
const DANGEROUS_TAGS: &[&str] = &[
    "script",
    "foreignobject",
    "animate",
    "set",
    "use",
    "image",
    "handler",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "button",
    "textarea",
    "select",
    "base",
    "style",
    "math",
    "noscript",
    "template",
    "xmp",
    "plaintext",
    "marquee",
    "video",
    "audio",
    "source",
    "portal",
    "isindex",
    "param",
];

const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "cite",
    "poster",
    "data",
    "action",
    "formaction",
    "background",
    "srcset",
    "xlink:href",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "ping",
    "manifest",
];

/// What is wrong with a tag, if anything.
fn dangers(tag: &Tag) -> Vec<String> {
    let mut found = Vec::new();
    let allowed_head_tag = page_head_ok(tag);
    if DANGEROUS_TAGS.contains(&tag.name.as_str()) && !theme_script(tag) {
        found.push(format!("a <{}> tag", tag.name));
    }
    if tag.name == "meta" && tag.attrs.iter().any(|(k, _)| k == "http-equiv") {
        found.push("a <meta http-equiv>".into());
    }
    if tag.name == "link" && !allowed_head_tag {
        found.push(format!(
            "a <link> not written by the theme: {:?}",
            tag.attrs
        ));
    }
    if tag.name == "input"
        && !tag
            .attrs
            .iter()
            .any(|(k, v)| k == "type" && v == "checkbox")
    {
        found.push("an <input> that is not a task list checkbox".into());
    }
    for (k, v) in &tag.attrs {
        if k.starts_with("on") {
            found.push(format!("an event handler {k}={v:?}"));
        }
        if k == "srcdoc" || k == "formaction" || k == "action" {
            found.push(format!("an attribute {k}"));
        }
        if k == "style" {
            let v = v.to_ascii_lowercase();
            if v.contains("url")
                || v.contains("expression")
                || v.contains("javascript")
                || v.contains('\\')
            {
                found.push(format!("a style {v:?}"));
            }
        }
        if URL_ATTRIBUTES.contains(&k.as_str()) {
            if let Some(s) = scheme(v) {
                if !["http", "https", "mailto", "tel"].contains(&s.as_str()) {
                    found.push(format!("an address {k}={v:?} with the scheme {s}:"));
                }
            }
        }
    }
    found
}

/// A script file of the theme: `<script src="….js">` by relative address, nothing inline.
/// (Content can bring no script: an inline one, or one from elsewhere, is an injection.)
fn theme_script(tag: &Tag) -> bool {
    tag.name == "script"
        && tag.inline.trim().is_empty()
        && tag
            .attrs
            .iter()
            .all(|(k, _)| ["src", "defer", "async", "type"].contains(&k.as_str()))
        && tag.attrs.iter().any(|(k, v)| {
            k == "src" && v.ends_with(".js") && scheme(v).is_none() && !v.starts_with("//")
        })
}

/// The theme's own `<link>` tags: stylesheets, an icon and the feed, by relative address.
fn page_head_ok(tag: &Tag) -> bool {
    let attr = |n: &str| {
        tag.attrs
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    matches!(attr("rel"), Some("stylesheet" | "icon" | "alternate"))
        && attr("href").is_some_and(|h| {
            [".css", ".svg", "feed.xml"]
                .iter()
                .any(|end| h.ends_with(end))
                && scheme(h).is_none()
                && !h.starts_with("//")
        })
}

fn built() -> (Site, BTreeMap<String, Vec<u8>>) {
    let site = xss_site();
    let out = site.build_ok();
    let files = tree(&out);
    (site, files)
}

/// A tag with its attributes, as one comparable value.
fn signature(tag: &Tag) -> String {
    format!("<{} {:?} {:?}>", tag.name, tag.attrs, tag.inline)
}

/// The dangerous-looking tags of each page, by signature, with how often each occurs.
fn dangerous_tags(
    files: &BTreeMap<String, Vec<u8>>,
) -> BTreeMap<String, BTreeMap<String, (usize, Vec<String>)>> {
    let mut pages = BTreeMap::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).expect("UTF-8");
        let mut found: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
        for tag in tags(&html) {
            let why = dangers(&tag);
            if !why.is_empty() {
                let e = found.entry(signature(&tag)).or_default();
                e.0 += 1;
                e.1 = why;
            }
        }
        pages.insert(path.clone(), found);
    }
    pages
}

#[test]
fn the_tokenizer_of_this_test_sees_what_a_browser_would() {
    // A test that cannot fail is a defect: the check must catch each kind of injection.
    let bad = [
        "<p>x</p><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=' JAVASCRIPT:alert(1)'>x</a>",
        "<div style=\"background:url(x)\">",
        "<img alt=\"<b>\" src=\"data:text/html,x\">",
        "<input type=text>",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "<svg/onload=alert(1)>",
    ];
    for html in bad {
        let found: Vec<String> = tags(html).iter().flat_map(dangers).collect();
        assert!(!found.is_empty(), "{html} passed the check");
    }
    let good = "<!DOCTYPE html><p title=\"&lt;script&gt; onerror=x\">&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1) onerror=alert(1)</p><a href=\"../issues/I1/\">x</a><a href=\"tel:021\">t</a><input type=\"checkbox\" disabled=\"\"><link rel=\"stylesheet\" href=\"../style.css\">";
    let found: Vec<String> = tags(good).iter().flat_map(dangers).collect();
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn no_payload_becomes_markup_in_any_page() {
    // What the theme itself writes (a search form, say) is what the same site writes with
    // plain words in every field: any other tag that looks dangerous came from a payload.
    let (_site, files) = built();
    let theme_only = site_with(true);
    let theme_files = tree(&theme_only.build_ok());
    let theirs = dangerous_tags(&theme_files);
    let ours = dangerous_tags(&files);
    assert!(ours.len() > 10, "{} pages", ours.len());
    for (path, found) in &ours {
        let allowed = theirs.get(path).cloned().unwrap_or_default();
        for (sig, (count, why)) in found {
            let theme_count = allowed.get(sig).map_or(0, |(n, _)| *n);
            assert!(
                *count <= theme_count,
                "{path}: {why:?} in {sig}, {count} times (the theme writes it {theme_count} times)"
            );
        }
    }
}

#[test]
fn the_payloads_are_shown_as_text_where_they_were_written() {
    let (_site, files) = built();
    let page = |p: &str| String::from_utf8_lossy(&files[p]).into_owned();
    // Each text payload is on the page of its record, escaped: its marker is there and so is
    // the escaped `<` of its tag.
    for (file, field) in [
        ("issues/I1/index.html", "issue title"),
        ("issues/I1/index.html", "reporter"),
        ("issues/I1/index.html", "tag"),
        ("issues/I1/index.html", "raised note"),
        ("issues/I1/index.html", "escalated to"),
        ("issues/I1/index.html", "declined note"),
        ("meetings/M1/index.html", "meeting title"),
        ("meetings/M1/index.html", "finding"),
        ("meetings/M1/index.html", "action"),
        ("resolutions/R1/index.html", "resolution title"),
        ("resolutions/R1/index.html", "resolution finding"),
        ("resolutions/R1/index.html", "decision by"),
        ("resolutions/R1/index.html", "decision where"),
        ("plans/P1/index.html", "plan title"),
        ("plans/P1/index.html", "project title"),
        ("plans/P1/index.html", "milestone title"),
        ("visits/index.html", "visit title"),
        ("visits/index.html", "team name"),
        ("about/index.html", "page title"),
        ("index.html", "site title"),
    ] {
        let html = page(file);
        let at = html
            .find(&format!("{field}: "))
            .unwrap_or_else(|| panic!("{field} is not on {file}"));
        let shown = &html[at..];
        for n in [1, 2, 4, 7, 10, 15] {
            assert!(
                shown.contains(&format!("XSS{n}")),
                "{file}: {field} lost XSS{n}"
            );
        }
        assert!(
            shown[..200.min(shown.len())].contains("&lt;"),
            "{file}: {field}"
        );
    }
    // Bodies keep their text and lose their scripts.
    let issue = page("issues/I1/index.html");
    assert!(
        issue.contains("XSSB13"),
        "the link text of a refused address stays"
    );
}

#[test]
fn the_feed_and_sitemap_are_well_formed_xml_holding_the_payloads_as_text() {
    let (_site, files) = built();
    for path in ["feed.xml", "sitemap.xml"] {
        let text = String::from_utf8(files[path].clone()).unwrap();
        let root = parse_xml(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut names = Vec::new();
        let mut stack = vec![&root];
        while let Some(el) = stack.pop() {
            names.push(el.name.clone());
            stack.extend(el.children.iter());
        }
        for n in &names {
            assert!(
                [
                    "feed",
                    "title",
                    "id",
                    "link",
                    "updated",
                    "author",
                    "name",
                    "generator",
                    "entry",
                    "summary",
                    "urlset",
                    "url",
                    "loc"
                ]
                .contains(&n.as_str()),
                "{path} has an element <{n}>"
            );
        }
        if path == "feed.xml" {
            let entry = root.child("entry").expect("an entry");
            let title = &entry.child("title").expect("a title").text;
            assert!(title.contains("<script>alert('XSS1')</script>"), "{title}");
        }
    }
}

#[test]
fn open_data_holds_the_text_exactly_as_written() {
    let (_site, files) = built();
    let issues: serde_json::Value = serde_json::from_slice(&files["data/issues.json"]).unwrap();
    let want = format!("issue title: {}", FIELD_PAYLOADS.join(" "));
    assert_eq!(issues[0]["title"], serde_json::Value::String(want));
}

#[test]
fn a_formula_in_a_title_is_not_run_by_a_spreadsheet_opening_the_csv() {
    // CSV injection: a cell starting with = + - @ is a formula to Excel and LibreOffice.
    let site = Site::new();
    site.issue(
        "2020-001",
        &issue("2020-001", r#"'=HYPERLINK("http://x","y")'"#),
    )
    .issue("2020-002", &issue("2020-002", "'+1+1'"))
    .issue("2020-003", &issue("2020-003", "'-2+3'"))
    .issue("2020-004", &issue("2020-004", "'@SUM(1)'"))
    .issue("2020-005", &issue("2020-005", "路灯=坏了"));
    let out = site.build_ok();
    let csv = String::from_utf8(std::fs::read(out.join("data/issues.csv")).unwrap()).unwrap();
    let row = |id: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap_or_else(|| panic!("no row {id} in\n{csv}"))
            .to_string()
    };
    assert!(
        row("2020-001").starts_with(r#"2020-001,"'=HYPERLINK(""http://x"",""y"")","#),
        "{}",
        row("2020-001")
    );
    assert!(row("2020-002").starts_with(r#"2020-002,"'+1+1","#));
    assert!(row("2020-003").starts_with(r#"2020-003,"'-2+3","#));
    assert!(row("2020-004").starts_with(r#"2020-004,"'@SUM(1)","#));
    // A formula sign inside the text is harmless and left alone.
    assert!(row("2020-005").starts_with("2020-005,路灯=坏了,"));
    // The JSON keeps the title exactly as written.
    let issues = read_json(&out.join("data/issues.json"));
    assert_eq!(issues[0]["title"], r#"=HYPERLINK("http://x","y")"#);
}

#[test]
fn the_theme_writes_no_inline_script_and_no_script_address() {
    // So that any inline <script>, and any javascript: address, in a built page can only have
    // come from content. (Script files of the theme, by relative address, are allowed.)
    let site = Site::new();
    site.issue("I1", &issue("I1", "问题"));
    let out = site.build_ok();
    for (path, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!text.contains("javascript:"), "{path}");
        if path.ends_with(".html") {
            for tag in tags(&text).iter().filter(|t| t.name == "script") {
                assert!(theme_script(tag), "{path}: {tag:?}");
            }
        }
    }
    // The check itself tells the two apart.
    let inline = tags("<script>alert(1)</script><script src=\"https://evil.example/x.js\"></script><script src=\"../search.0123456789.js\" defer></script>");
    let allowed: Vec<bool> = inline.iter().map(theme_script).collect();
    assert_eq!(allowed, vec![false, false, true]);
}
