//! Live reload for the clerk, with nothing to install: a small script, added only to the
//! pages `serve` sends, listens to a Server-Sent Events stream. The stream says "reload",
//! "go to this page" (the open record was deleted) or "here are the problems" (the last save
//! broke the site; an overlay shows them over the last good version).

use crate::diag::{Diagnostic, Lang, Severity};
use crate::render::escape_html;
use crate::tr;
use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

/// The path of the event stream; no site file can have it (`_`-prefixed names are ignored).
pub const EVENTS: &str = "__gongkai/events";

/// Sent now and then on an idle stream, so that a closed tab is noticed and its thread ends.
const PING: Duration = Duration::from_secs(15);

/// What an open page is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signal {
    /// The site was rebuilt: load the page again (the data is the new version).
    Reload(String),
    /// The page is gone from the new site: go to this one instead.
    Goto(String),
    /// The last save broke the site: show this overlay (HTML, escaped).
    Problems(String),
}

/// One SSE event. Each line of the data gets its own `data:` field.
pub fn event(signal: &Signal) -> String {
    let (name, data) = match signal {
        Signal::Reload(v) => ("reload", v.as_str()),
        Signal::Goto(url) => ("goto", url.as_str()),
        Signal::Problems(html) => ("problems", html.as_str()),
    };
    let mut out = format!("event: {name}\n");
    for line in data.trim_end_matches(['\r', '\n']).split('\n') {
        out.push_str("data: ");
        out.push_str(line.trim_end_matches('\r'));
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Writes the response head and then every signal, until the browser goes away.
pub fn stream(mut w: Box<dyn Write + Send>, first: Vec<Signal>, signals: Receiver<Signal>) {
    let head = "HTTP/1.1 200 OK\r\n\
                Content-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-store\r\n\
                Connection: close\r\n\
                X-Content-Type-Options: nosniff\r\n\r\n\
                retry: 1000\n\n";
    let mut send = |text: &str| w.write_all(text.as_bytes()).and_then(|_| w.flush()).is_ok();
    if !send(head) {
        return;
    }
    for s in &first {
        if !send(&event(s)) {
            return;
        }
    }
    loop {
        let text = match signals.recv_timeout(PING) {
            Ok(s) => event(&s),
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if !send(&text) {
            return;
        }
    }
}

/// The script added before `</body>` of every page `serve` sends. `version` names the site
/// the page came from; `had` says whether the page existed then.
pub fn script(version: &str, had: bool) -> String {
    let had = u8::from(had);
    format!(
        "<script>/* gongkai serve: live reload (not part of the built site) */\n\
(function () {{\n\
  if (!window.EventSource) return;\n\
  var es = new EventSource(\"/{EVENTS}?v={version}&had={had}&page=\" + encodeURIComponent(location.pathname));\n\
  es.addEventListener(\"reload\", function () {{ es.close(); location.reload(); }});\n\
  es.addEventListener(\"goto\", function (e) {{ es.close(); location.href = e.data; }});\n\
  es.addEventListener(\"problems\", function (e) {{\n\
    var old = document.getElementById(\"gongkai-overlay\");\n\
    if (old) old.remove();\n\
    document.body.insertAdjacentHTML(\"beforeend\", e.data);\n\
  }});\n\
}})();\n\
</script>\n"
    )
}

/// `html` with `snippet` before its last `</body>`, or at its end when there is none.
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The overlay listing the problems of the last save, as the terminal shows them. Every
/// word of a diagnostic is escaped: a record's text must not become markup here.
pub fn overlay(lang: Lang, diags: &[Diagnostic], have_site: bool) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let title = tr!(
        lang,
        "网站没有更新：{errors} 个错误",
        "The site was not updated: {errors} errors"
    );
    let note = if have_site {
        tr!(
            lang,
            "这里显示的是上一次正确的版本。改好下面的问题并保存，页面会自动刷新。",
            "You are seeing the last good version. Fix the problems below and save: the page reloads by itself."
        )
    } else {
        tr!(
            lang,
            "网站还没能生成。改好下面的问题并保存，页面会自动刷新。",
            "The site could not be built yet. Fix the problems below and save: the page reloads by itself."
        )
    };
    let close = tr!(lang, "关闭", "Close");
    let mut items = String::new();
    for d in diags {
        let colour = if d.severity == Severity::Error {
            "#b00020"
        } else {
            "#8a5a00"
        };
        items.push_str(&format!(
            "<li style=\"margin:0 0 .8em;padding-left:.6em;border-left:4px solid {colour};white-space:pre-wrap;overflow-wrap:anywhere\">{}</li>",
            escape_html(&d.display(lang).to_string())
        ));
    }
    format!(
        "<div id=\"gongkai-overlay\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:70vh;overflow:auto;background:#fff;color:#1a1a1a;border-top:4px solid #b00020;box-shadow:0 -4px 16px rgba(0,0,0,.25);padding:1em 1.2em;font:15px/1.6 system-ui,sans-serif;text-align:left\">\
<button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"float:right;font:inherit;padding:.2em .8em\">{close}</button>\
<p style=\"margin:0 0 .3em;font-weight:bold;color:#b00020\">{}</p>\
<p style=\"margin:0 0 .8em\">{}</p>\
<ul style=\"list-style:none;margin:0;padding:0;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:14px\">{items}</ul></div>\n",
        escape_html(&title),
        escape_html(&note),
    )
}

/// The page shown while there is no good site yet (the first build failed).
pub fn waiting_page(lang: Lang) -> String {
    let title = tr!(lang, "网站还没能生成", "The site could not be built yet");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>\n<body>\n<h1 style=\"font:bold 1.4em system-ui,sans-serif\">{title}</h1>\n</body>\n</html>\n",
        lang.code()
    )
}

/// The plain page of a request refused or a file that failed, should the site have none.
pub fn plain_page(lang: Lang, text: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"><title>{0}</title></head>\n<body>\n<p>{}</p>\n</body>\n</html>\n",
        lang.code(),
        escape_html(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(message: &str, hint: Option<&str>) -> Diagnostic {
        Diagnostic {
            file: "content/issues/<a>.md".into(),
            line: 4,
            column: 9,
            severity: Severity::Error,
            message: message.into(),
            hint: hint.map(Into::into),
        }
    }

    #[test]
    fn overlay_escapes_every_word_of_a_diagnostic() {
        let html = overlay(
            Lang::Zh,
            &[diag(
                "标题“<script>alert(1)</script>”不对",
                Some("改成 \"a\" & 'b'"),
            )],
            true,
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<a>"), "{html}");
        assert!(html.contains("content/issues/&lt;a&gt;.md:4:9: 错误：标题“&lt;script&gt;alert(1)&lt;/script&gt;”不对"), "{html}");
        assert!(
            html.contains("怎么改：改成 &quot;a&quot; &amp; &#39;b&#39;"),
            "{html}"
        );
        assert!(html.contains("网站没有更新：1 个错误"), "{html}");
        assert!(html.contains("上一次正确的版本"), "{html}");
    }

    #[test]
    fn overlay_speaks_english_on_an_english_site() {
        let html = overlay(
            Lang::En,
            &[diag("bad date", Some("write YYYY-MM-DD"))],
            false,
        );
        assert!(
            html.contains("The site was not updated: 1 errors"),
            "{html}"
        );
        assert!(html.contains("could not be built yet"), "{html}");
        assert!(html.contains("error: bad date"), "{html}");
        assert!(html.contains("fix: write YYYY-MM-DD"), "{html}");
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let page = b"<html><body><p>\xe6\x9d\x91</p></BODY></html>";
        let out = inject(page, "<script></script>");
        assert_eq!(
            out,
            b"<html><body><p>\xe6\x9d\x91</p><script></script></BODY></html>".to_vec()
        );
        assert_eq!(inject(b"<p>x</p>", "<s>"), b"<p>x</p><s>".to_vec());
        // A `</body>` written inside the page (here in a script) is not the end of the body.
        let two = inject(b"<body><script>var s = \"</body>\";</script></body>", "S");
        assert_eq!(
            two,
            b"<body><script>var s = \"</body>\";</script>S</body>".to_vec()
        );
    }

    #[test]
    fn events_are_framed_line_by_line() {
        assert_eq!(
            event(&Signal::Reload("3".into())),
            "event: reload\ndata: 3\n\n"
        );
        assert_eq!(
            event(&Signal::Goto("/issues/".into())),
            "event: goto\ndata: /issues/\n\n"
        );
        assert_eq!(
            event(&Signal::Problems("<p>a</p>\r\n<p>b</p>".into())),
            "event: problems\ndata: <p>a</p>\ndata: <p>b</p>\n\n"
        );
    }

    #[test]
    fn script_names_the_version_and_the_stream() {
        let s = script("17-2", true);
        assert!(s.contains("/__gongkai/events?v=17-2&had=1&page="), "{s}");
        assert!(s.contains("location.reload()"));
        assert!(!s.contains("</body>"));
    }
}
