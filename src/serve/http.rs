//! Requests → responses from the site in memory. Path resolution is pure: a request names a
//! file of the rendered site or is refused, so nothing outside the site can be reached.

use super::reload::{self, Signal};
use super::site::Site;
use super::{signal_for, Client, Published, Shared, MAX_STREAMS};
use crate::tr;
use std::borrow::Cow;
use std::io::Cursor;
use std::sync::{mpsc, Arc};
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// Why a request path is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not an origin-form path (`http://host/…`, `*`, `C:\…`).
    NotAPath,
    /// A `%` not followed by two hex digits, or bytes that are not UTF-8 once decoded.
    BadEncoding,
    /// `.` or `..` as a segment, plain or encoded.
    DotSegment,
    /// A backslash, a colon, `//`, an encoded `/`, or a control character.
    Forbidden,
}

/// A request target split into the decoded site path (no leading `/`) and its raw query.
#[derive(Debug, PartialEq, Eq)]
pub struct Target<'a> {
    pub path: String,
    pub query: Option<&'a str>,
}

/// Decodes `%XX` escapes once. `+` stays a `+`: it means a space only in form data.
fn percent_decode(s: &str) -> Result<Vec<u8>, Refused> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3).ok_or(Refused::BadEncoding)?;
            let text = std::str::from_utf8(hex).map_err(|_| Refused::BadEncoding)?;
            let v = u8::from_str_radix(text, 16).map_err(|_| Refused::BadEncoding)?;
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Ok(out)
}

/// Decodes a query value (`+` is a space there).
pub fn query_value<'a>(query: Option<&'a str>, key: &str) -> Option<Cow<'a, str>> {
    let q = query?;
    for pair in q.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k == key {
            let v = v.replace('+', " ");
            let bytes = percent_decode(&v).ok()?;
            return String::from_utf8(bytes).ok().map(Cow::Owned);
        }
    }
    None
}

/// The site path a request target names. Every segment is decoded once, then checked: a
/// path that could climb out of the site or name something other than a site file is refused
/// rather than cleaned up, so that no spelling of `..` ever reaches a lookup.
pub fn target(raw: &str) -> Result<Target<'_>, Refused> {
    let raw = raw.split('#').next().unwrap_or("");
    let (path, query) = match raw.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (raw, None),
    };
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Refused::NotAPath);
    };
    let mut segments = Vec::new();
    let parts: Vec<&str> = rest.split('/').collect();
    for (n, part) in parts.iter().enumerate() {
        let bytes = percent_decode(part)?;
        let seg = String::from_utf8(bytes).map_err(|_| Refused::BadEncoding)?;
        if seg == "." || seg == ".." {
            return Err(Refused::DotSegment);
        }
        if seg.contains(['/', '\\', ':']) || seg.chars().any(char::is_control) {
            return Err(Refused::Forbidden);
        }
        // Only the last segment may be empty (a folder's trailing slash): `//x` is refused.
        if seg.is_empty() && n + 1 != parts.len() {
            return Err(Refused::Forbidden);
        }
        segments.push(seg);
    }
    Ok(Target {
        path: segments.join("/"),
        query,
    })
}

/// A decoded site path written for a header: every byte but `A-Z a-z 0-9 - . _ ~ /` escaped.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What a site path leads to, given which files exist.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The file of the site to send.
    File(String),
    /// A folder asked without its trailing slash: its relative links need the slash.
    Redirect(String),
    NotFound,
}

/// Resolves a decoded site path (`issues/2020-013/`, `style.css`, ``) against the site.
pub fn lookup(path: &str, exists: impl Fn(&str) -> bool) -> Lookup {
    if path.is_empty() || path.ends_with('/') {
        let index = format!("{path}index.html");
        return if exists(&index) {
            Lookup::File(index)
        } else {
            Lookup::NotFound
        };
    }
    if exists(path) {
        return Lookup::File(path.to_string());
    }
    if exists(&format!("{path}/index.html")) {
        return Lookup::Redirect(format!("/{path}/"));
    }
    Lookup::NotFound
}

/// The folders above a page, nearest first, as site paths: `issues/a/` → `issues/`, ``.
pub fn parents(path: &str) -> Vec<String> {
    let trimmed = path.trim_end_matches('/');
    let mut out = Vec::new();
    let mut rest = trimmed;
    while let Some(i) = rest.rfind('/') {
        rest = &rest[..i];
        out.push(format!("{rest}/"));
    }
    if !trimmed.is_empty() {
        out.push(String::new());
    }
    out
}

/// The Content-Type of a site file, with a charset for text.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

pub fn is_html(path: &str) -> bool {
    content_type(path).starts_with("text/html")
}

/// Answers one request from what the loop last published. Never fails: a client that went
/// away mid-answer is simply gone.
pub(super) fn handle(req: Request, shared: &Arc<Shared>) {
    let now = shared.now();
    let lang = now.lang;
    let head = match req.method() {
        Method::Get => false,
        Method::Head => true,
        _ => {
            let text = tr!(
                lang,
                "预览只接受 GET 和 HEAD 请求",
                "the preview answers GET and HEAD only"
            );
            let res = page(
                405,
                reload::plain_page(lang, &text).into_bytes(),
                "index.html",
            )
            .with_header(header("Allow", "GET, HEAD"));
            let _ = req.respond(res);
            return;
        }
    };
    let url = req.url().to_string();
    let t = match target(&url) {
        Ok(t) => t,
        Err(_) => {
            let text = tr!(
                lang,
                "这个地址不在网站里",
                "this address is not part of the site"
            );
            let _ = req.respond(page(
                400,
                reload::plain_page(lang, &text).into_bytes(),
                "index.html",
            ));
            return;
        }
    };
    if t.path == reload::EVENTS && !head {
        return events(req, &t, shared);
    }
    let Some(site) = &now.site else {
        // No good build yet: a page that shows the problems and reloads once they are fixed.
        let body = reload::waiting_page(lang);
        let _ = req.respond(page(
            503,
            with_script(body.as_bytes(), &now, false),
            "index.html",
        ));
        return;
    };
    match lookup(&t.path, |p| site.exists(p)) {
        Lookup::File(file) => match site.get(&file) {
            Ok(Some(bytes)) if is_html(&file) => {
                let _ = req.respond(page(200, with_script(&bytes, &now, true), &file));
            }
            Ok(Some(bytes)) => {
                let len = bytes.len();
                let res = Response::new(
                    StatusCode(200),
                    headers(&file),
                    Cursor::new(bytes),
                    Some(len),
                    None,
                );
                let _ = req.respond(res);
            }
            Ok(None) => not_found(req, site, &now),
            Err(diags) => {
                // A template that fails on this page only: shown here, the site stays up.
                for d in &diags {
                    eprintln!("{}", d.display(lang));
                }
                let overlay = reload::overlay(lang, &diags, true);
                let text = tr!(lang, "这个页面生成失败", "this page failed to render");
                let mut body = reload::inject(reload::plain_page(lang, &text).as_bytes(), &overlay);
                body = with_script(&body, &now, true);
                let _ = req.respond(page(500, body, "index.html"));
            }
        },
        Lookup::Redirect(to) => {
            let res = Response::from_data(Vec::new())
                .with_status_code(301)
                .with_header(header("Location", &encode_path(&to)));
            let _ = req.respond(res.with_header(header("Cache-Control", "no-store")));
        }
        Lookup::NotFound => not_found(req, site, &now),
    }
}

fn not_found(req: Request, site: &Site, now: &Published) {
    let body = match site.get("404.html") {
        Ok(Some(bytes)) => bytes.to_vec(),
        _ => reload::plain_page(now.lang, &tr!(now.lang, "找不到这个页面", "page not found"))
            .into_bytes(),
    };
    let _ = req.respond(page(404, with_script(&body, now, false), "404.html"));
}

/// An HTML page as served: the site's bytes, then the reload script (and the problems of
/// the last save, if it failed) before `</body>`.
fn with_script(html: &[u8], now: &Published, had: bool) -> Vec<u8> {
    let mut snippet = reload::script(&now.version, had);
    if let Some(overlay) = &now.problems {
        snippet.push_str(overlay);
    }
    reload::inject(html, &snippet)
}

fn header(name: &str, value: &str) -> Header {
    // Names and values here are ASCII constants or site paths checked by `target`.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|_| {
        Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("a valid header")
    })
}

fn headers(file: &str) -> Vec<Header> {
    vec![
        header("Content-Type", content_type(file)),
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
    ]
}

fn page(status: u16, body: Vec<u8>, file: &str) -> Response<Cursor<Vec<u8>>> {
    let len = body.len();
    Response::new(
        StatusCode(status),
        headers(file),
        Cursor::new(body),
        Some(len),
        None,
    )
}

/// The event stream of an open page: registered with the loop, written by a thread of its own.
fn events(req: Request, t: &Target, shared: &Arc<Shared>) {
    let page = query_value(t.query, "page")
        .and_then(|p| target(&p).ok().map(|t| t.path))
        .unwrap_or_default();
    let version = query_value(t.query, "v").unwrap_or_default();
    let had = query_value(t.query, "had").as_deref() == Some("1");
    let (tx, rx) = mpsc::channel();
    let (id, first) = {
        let mut clients = shared.clients();
        if clients.1.len() >= MAX_STREAMS {
            drop(clients);
            let _ = req.respond(Response::from_data(Vec::new()).with_status_code(503));
            return;
        }
        // Read under the lock: a rebuild published after this tells the new client itself.
        let now = shared.now();
        let mut first = Vec::new();
        match (&now.site, &now.problems) {
            (Some(site), _) if version != now.version => {
                first.push(signal_for(site, &page, had, &now.version))
            }
            (None, _) if version != now.version => first.push(Signal::Reload(now.version.clone())),
            (_, Some(overlay)) => first.push(Signal::Problems(overlay.clone())),
            _ => {}
        }
        clients.0 += 1;
        let id = clients.0;
        clients.1.push(Client {
            id,
            page,
            had,
            version: version.into_owned(),
            tx,
        });
        (id, first)
    };
    let writer = req.into_writer();
    let for_thread = shared.clone();
    let spawned = std::thread::Builder::new()
        .name("gongkai-events".into())
        .spawn(move || {
            reload::stream(writer, first, rx);
            for_thread.forget(id);
        });
    if spawned.is_err() {
        shared.forget(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(raw: &str) -> Result<String, Refused> {
        target(raw).map(|t| t.path)
    }

    #[test]
    fn plain_paths_are_decoded() {
        assert_eq!(path("/"), Ok(String::new()));
        assert_eq!(path("/issues/2020-013/"), Ok("issues/2020-013/".into()));
        assert_eq!(path("/style.css?v=3"), Ok("style.css".into()));
        assert_eq!(path("/issues/#top"), Ok("issues/".into()));
        assert_eq!(path("/%E5%9B%BE/a%20b.png"), Ok("图/a b.png".into()));
        assert_eq!(path("/a+b"), Ok("a+b".into()));
        let t = target("/__gongkai/events?v=3&page=%2Fissues%2F").unwrap();
        assert_eq!(query_value(t.query, "page").as_deref(), Some("/issues/"));
        assert_eq!(query_value(t.query, "v").as_deref(), Some("3"));
        assert_eq!(query_value(t.query, "x"), None);
    }

    #[test]
    fn escapes_are_refused() {
        let dot = [
            "/..",
            "/../etc/passwd",
            "/issues/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/.%2e/x",
            "/%2e./x",
            "/issues/./a",
            "/./",
            "/issues/..",
        ];
        for raw in dot {
            assert_eq!(path(raw), Err(Refused::DotSegment), "{raw}");
        }
        let forbidden = [
            "/..\\..\\windows\\win.ini",
            "/%5c..%5cetc",
            "/a\\b",
            "//etc/passwd",
            "/issues//x",
            "/%2fetc/passwd",
            "/..%2fetc",
            "/C:/Windows/win.ini",
            "/c%3a/x",
            "/a%00b",
            "/a%0ab",
        ];
        for raw in forbidden {
            assert_eq!(path(raw), Err(Refused::Forbidden), "{raw}");
        }
        for raw in ["http://example.org/", "*", "etc/passwd", "", "C:\\x"] {
            assert_eq!(path(raw), Err(Refused::NotAPath), "{raw}");
        }
        for raw in ["/%", "/%2", "/%zz", "/%ff%fe"] {
            assert_eq!(path(raw), Err(Refused::BadEncoding), "{raw}");
        }
    }

    #[test]
    fn double_encoding_is_decoded_once_only() {
        // `%252e%252e` is the literal name `%2e%2e`: not a parent, and no such file.
        assert_eq!(path("/%252e%252e/x"), Ok("%2e%2e/x".into()));
    }

    #[test]
    fn lookup_finds_files_folders_and_redirects() {
        let files = [
            "index.html",
            "issues/index.html",
            "issues/a/index.html",
            "style.css",
        ];
        let exists = |p: &str| files.contains(&p);
        assert_eq!(lookup("", exists), Lookup::File("index.html".into()));
        assert_eq!(
            lookup("issues/a/", exists),
            Lookup::File("issues/a/index.html".into())
        );
        assert_eq!(
            lookup("style.css", exists),
            Lookup::File("style.css".into())
        );
        assert_eq!(
            lookup("issues/a", exists),
            Lookup::Redirect("/issues/a/".into())
        );
        assert_eq!(lookup("issues/b/", exists), Lookup::NotFound);
        assert_eq!(lookup("style.css/", exists), Lookup::NotFound);
        assert_eq!(lookup("nothing", exists), Lookup::NotFound);
    }

    #[test]
    fn redirects_are_written_in_ascii() {
        assert_eq!(encode_path("/图/a b/"), "/%E5%9B%BE/a%20b/");
        assert_eq!(encode_path("/issues/2020-013/"), "/issues/2020-013/");
        let back = target(&encode_path("/图/a b/")).unwrap().path;
        assert_eq!(back, "图/a b/");
    }

    #[test]
    fn parents_climb_to_the_home_page() {
        assert_eq!(
            parents("issues/2026-005/"),
            vec!["issues/".to_string(), String::new()]
        );
        assert_eq!(parents("issues/"), vec![String::new()]);
        assert_eq!(parents("feed.xml"), vec![String::new()]);
        assert!(parents("").is_empty());
    }

    #[test]
    fn text_has_a_charset() {
        for p in [
            "index.html",
            "style.css",
            "data/issues.json",
            "data/issues.csv",
            "feed.xml",
            "favicon.svg",
        ] {
            assert!(content_type(p).ends_with("charset=utf-8"), "{p}");
        }
        assert_eq!(content_type("a.PNG"), "image/png");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
