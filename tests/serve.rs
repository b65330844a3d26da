//! `gongkai serve`, driven as the clerk's browser would: the real binary on a free port,
//! plain HTTP/1.1 over a socket, the live-reload event stream read line by line. Every wait
//! has a deadline, and the server is killed when its test ends, passing or failing.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The overlay's element, as served (the script only names it).
const OVERLAY: &str = "id=\"gongkai-overlay\"";

/// Long enough for a debug build on a busy machine; a passing test waits far less.
const WAIT: Duration = Duration::from_secs(20);

/// A running `gongkai serve`, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    /// Everything printed so far, stdout and stderr, for assertions and failure messages.
    output: Arc<Mutex<String>>,
    first_lines: Vec<String>,
}

impl Server {
    fn start(site: &Site, extra: &[&str]) -> Server {
        Server::start_env(site, extra, &[])
    }

    fn start_env(site: &Site, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let root = site.root().to_string_lossy().into_owned();
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["serve", "--port", "0", "--root", &root])
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("gongkai serve starts");
        let output = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel::<String>();
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let (output, tx) = (output.clone(), tx.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    output.lock().unwrap().push_str(&format!("{line}\n"));
                    let _ = tx.send(line);
                }
            });
        }
        let mut server = Server {
            child,
            addr: "127.0.0.1:1".parse().unwrap(),
            output,
            first_lines: Vec::new(),
        };
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no URL printed; output:\n{}", server.output()));
            server.first_lines.push(line.clone());
            if let Some(url) = line.trim().strip_prefix("http://") {
                server.addr = url.trim_end_matches('/').parse().expect("host:port");
                return server;
            }
        }
    }

    fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Reply {
        request(self.addr, "GET", path)
    }

    /// Opens the event stream of a page as its script would, from the version it was sent with.
    fn events(&self, page: &str) -> Events {
        let reply = self.get(page);
        let version = version_of(&reply.text()).unwrap_or_default();
        let had = u8::from(reply.status == 200);
        let target = format!(
            "/__gongkai/events?v={version}&had={had}&page={}",
            page.replace('/', "%2F")
        );
        Events::open(self.addr, &target)
    }

    /// Waits until the output holds `needle`.
    fn wait_output(&self, needle: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.output().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "never printed {needle:?}; output:\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// One request, written as is: the target is not cleaned up, so escapes reach the server.
fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
    let mut s = connect(addr);
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("a whole reply");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("a status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = unchunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn unchunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..i]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + size]);
        b = &b[i + 2 + size + 2..];
    }
    out
}

/// The site version a served page names in its reload script.
fn version_of(html: &str) -> Option<String> {
    let at = html.find("/__gongkai/events?v=")? + "/__gongkai/events?v=".len();
    Some(html[at..].split('&').next()?.to_string())
}

/// A page as `build` would write it: the served bytes without the injected script.
fn without_script(html: &str) -> String {
    match (
        html.find("<script>/* gongkai serve"),
        html.rfind("</script>\n"),
    ) {
        (Some(a), Some(b)) if b > a => {
            format!("{}{}", &html[..a], &html[b + "</script>\n".len()..])
        }
        _ => html.to_string(),
    }
}

/// A live-reload event stream.
struct Events {
    lines: Receiver<String>,
    _stream: TcpStream,
}

impl Events {
    fn open(addr: SocketAddr, target: &str) -> Events {
        let mut s = connect(addr);
        s.set_read_timeout(None).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let reader = s.try_clone().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(reader).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let events = Events {
            lines: rx,
            _stream: s,
        };
        let status = events.lines.recv_timeout(WAIT).expect("a status line");
        assert!(status.contains(" 200 "), "{status}");
        loop {
            let h = events.lines.recv_timeout(WAIT).expect("headers");
            if h.is_empty() {
                break;
            }
            if h.to_ascii_lowercase().starts_with("content-type") {
                assert!(h.contains("text/event-stream"), "{h}");
            }
        }
        events
    }

    /// The next event (name, data) within `within`, skipping comments and `retry:`.
    fn next_within(&self, within: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + within;
        let (mut name, mut data): (Option<String>, Vec<String>) = (None, Vec::new());
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self.lines.recv_timeout(left).ok()?;
            if line.is_empty() {
                if let Some(n) = name.take() {
                    return Some((n, data.join("\n")));
                }
                data.clear();
            } else if let Some(n) = line.strip_prefix("event: ") {
                name = Some(n.to_string());
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push(d.to_string());
            }
        }
    }

    fn next(&self, server: &Server) -> (String, String) {
        self.next_within(WAIT)
            .unwrap_or_else(|| panic!("no event; server output:\n{}", server.output()))
    }
}

/// Replaces a file the way a careful editor saves: write beside it, then rename over it.
fn save_atomically(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        "{}___jb_tmp___",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn two_issues() -> Site {
    let site = Site::new();
    site.issue("2020-013", &issue("2020-013", "村道路灯损坏"))
        .issue("2020-014", &issue("2020-014", "排水沟堵塞"));
    site
}

#[test]
fn prints_a_local_url_and_serves_pages_with_types() {
    let site = two_issues();
    let server = Server::start(&site, &[]);
    assert!(server.addr.ip().is_loopback(), "{}", server.addr);
    // The last line of the greeting, after any warning.
    server.wait_output("只有这台电脑能打开");
    assert!(!server.output().contains("警告"), "{}", server.output());

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.text().contains("测试村村务公开"));
    assert!(
        home.text().contains("/__gongkai/events"),
        "the reload script is served"
    );

    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert!(
        !css.text().contains("__gongkai"),
        "nothing is added to a style sheet"
    );

    let data = server.get("/data/issues.json");
    assert_eq!(
        data.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    assert!(data.text().contains("2020-013"));

    let page = server.get("/issues/2020-013/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("村道路灯损坏"));

    let folder = server.get("/issues/2020-013");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("Location"), Some("/issues/2020-013/"));

    let missing = server.get("/issues/2099-001/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        missing.text().contains("/__gongkai/events"),
        "a 404 page reloads too"
    );
    // Its stylesheet and links start from the top of the preview, not from the published
    // path of base_url (/test/), which the preview does not serve.
    let body = missing.text();
    let css = body
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a stylesheet link on the 404 page");
    assert!(css.starts_with('/') && !css.starts_with("/test/"), "{css}");
    assert_eq!(server.get(css).status, 200, "{css}");

    let head = request(server.addr, "HEAD", "/issues/2020-013/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD sends no body");
    assert_eq!(
        head.header("Content-Length"),
        Some(page.body.len().to_string().as_str())
    );

    assert_eq!(request(server.addr, "POST", "/").status, 405);
}

#[test]
fn served_pages_are_the_built_pages_plus_the_script_and_build_has_no_script() {
    let site = two_issues();
    let out = site.build_ok();
    let built = tree(&out);
    assert!(
        files_containing(&built, "__gongkai").is_empty(),
        "build output holds serve's script"
    );
    let server = Server::start(&site, &[]);
    for (path, file) in [
        ("/", "index.html"),
        ("/issues/", "issues/index.html"),
        ("/issues/2020-013/", "issues/2020-013/index.html"),
        ("/feed.xml", "feed.xml"),
        ("/sitemap.xml", "sitemap.xml"),
    ] {
        let served = server.get(path).text();
        let expected = String::from_utf8_lossy(&built[file]).into_owned();
        assert_eq!(without_script(&served), expected, "{path}");
    }
}

#[test]
fn a_save_reloads_the_open_page_with_the_new_words() {
    let site = two_issues();
    let server = Server::start(&site, &[]);
    let events = server.events("/issues/2020-013/");
    site.issue("2020-013", &issue("2020-013", "村道路灯已经修好"));
    let (name, _) = events.next(&server);
    assert_eq!(name, "reload");
    let page = server.get("/issues/2020-013/");
    assert!(page.text().contains("村道路灯已经修好"), "{}", page.text());
    server.wait_output("content/issues/2020-013.md");
}

#[test]
fn polling_picks_up_saves_where_file_events_do_not_work() {
    let site = two_issues();
    let server = Server::start_env(&site, &[], &[("GONGKAI_POLL", "1")]);
    server.wait_output("每半秒检查一次");
    let events = server.events("/issues/2020-013/");
    site.issue("2020-013", &issue("2020-013", "轮询看到的新标题"));
    assert_eq!(events.next(&server).0, "reload");
    assert!(server
        .get("/issues/2020-013/")
        .text()
        .contains("轮询看到的新标题"));
    site.issue("2021/2021-001", &issue("2021-001", "新文件夹"));
    assert_eq!(events.next(&server).0, "reload");
    assert_eq!(server.get("/issues/2021-001/").status, 200);
}

#[test]
fn a_folder_that_is_not_a_site_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_string_lossy().into_owned();
    let run = gongkai(&["serve", "--port", "0", "--root", &root]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("没有 content/ 文件夹"),
        "{}",
        run.stderr
    );
    let run = gongkai(&["serve", "--port", "0", "--bind", "example.org"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn editor_saves_rebuild_once_and_leftovers_never() {
    let site = two_issues();
    let server = Server::start(&site, &[]);
    let events = server.events("/issues/2020-014/");

    // Swap, backup and lock files come and go without a rebuild.
    for name in [".2020-014.md.swp", "2020-014.md~", "#2020-014.md#", "4913"] {
        std::fs::write(site.path(&format!("content/issues/{name}")), "x").unwrap();
        std::fs::remove_file(site.path(&format!("content/issues/{name}"))).unwrap();
    }
    assert_eq!(
        events.next_within(Duration::from_millis(800)),
        None,
        "leftovers rebuilt"
    );

    // Write beside, rename over: one reload, with the new words.
    save_atomically(
        &site.path("content/issues/2020-014.md"),
        &issue("2020-014", "排水沟已经疏通"),
    );
    assert_eq!(events.next(&server).0, "reload");
    assert!(server
        .get("/issues/2020-014/")
        .text()
        .contains("排水沟已经疏通"));
    // Reading the files to rebuild must not look like a change: no second rebuild.
    assert_eq!(
        events.next_within(Duration::from_millis(1500)),
        None,
        "rebuilt again"
    );

    // `sed -i`: a temporary name of no known kind, renamed over the record.
    let events = server.events("/issues/2020-014/");
    let tmp = site.path("content/issues/sedAb12x");
    std::fs::write(&tmp, issue("2020-014", "排水沟又堵了")).unwrap();
    std::fs::rename(&tmp, site.path("content/issues/2020-014.md")).unwrap();
    assert_eq!(events.next(&server).0, "reload");
    assert!(server
        .get("/issues/2020-014/")
        .text()
        .contains("排水沟又堵了"));
}

#[test]
fn a_broken_save_keeps_the_last_good_site_and_shows_the_problem_until_fixed() {
    let site = two_issues();
    let server = Server::start(&site, &[]);
    let events = server.events("/issues/2020-013/");

    let broken =
        issue("2020-013", "村道路灯<损坏>").replace("raised: 2020-03-05", "raised: 2020-13-45");
    site.issue("2020-013", &broken);
    let (name, overlay) = events.next(&server);
    assert_eq!(name, "problems");
    assert!(overlay.contains(OVERLAY), "{overlay}");
    assert!(
        overlay.contains("content/issues/2020-013.md:4:"),
        "file:line: {overlay}"
    );
    assert!(overlay.contains("“2020-13-45”"), "message: {overlay}");
    assert!(overlay.contains("怎么改"), "fix: {overlay}");
    server.wait_output("content/issues/2020-013.md:4:");
    server.wait_output("网站没有更新");

    // The last good site is still served, with the problems over it on every page.
    let page = server.get("/issues/2020-013/");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("村道路灯损坏"),
        "the last good version"
    );
    assert!(page.text().contains(OVERLAY));
    assert!(server.get("/").text().contains(OVERLAY));
    // A new tab opened on the broken site is shown the problems at once.
    let late = server.events("/");
    assert_eq!(late.next(&server).0, "problems");

    site.issue("2020-013", &issue("2020-013", "村道路灯修好了"));
    assert_eq!(events.next(&server).0, "reload");
    assert_eq!(late.next(&server).0, "reload");
    let page = server.get("/issues/2020-013/");
    assert!(page.text().contains("村道路灯修好了"));
    assert!(!page.text().contains(OVERLAY), "the overlay is gone");
}

#[test]
fn the_overlay_escapes_what_the_clerk_wrote() {
    let site = two_issues();
    let server = Server::start(&site, &[]);
    let events = server.events("/");
    site.issue(
        "2020-014",
        &issue("2020-014", "排水沟")
            .replace("source: inspection", "source: <img src=x onerror=alert(1)>"),
    );
    let (name, overlay) = events.next(&server);
    assert_eq!(name, "problems");
    assert!(!overlay.contains("<img"), "{overlay}");
    assert!(overlay.contains("&lt;img"), "{overlay}");
}

#[test]
fn a_deleted_record_sends_its_open_page_to_the_list() {
    let site = two_issues();
    let server = Server::start(&site, &[]);
    let events = server.events("/issues/2020-014/");
    let other = server.events("/issues/2020-013/");
    std::fs::remove_file(site.path("content/issues/2020-014.md")).unwrap();
    assert_eq!(
        events.next(&server),
        ("goto".to_string(), "/issues/".to_string())
    );
    assert_eq!(other.next(&server).0, "reload");
    assert_eq!(server.get("/issues/2020-014/").status, 404);
    assert!(
        !server.get("/issues/").text().contains("排水沟堵塞"),
        "gone from the list"
    );
}

#[test]
fn records_in_new_subfolders_are_picked_up() {
    let site = two_issues();
    let server = Server::start(&site, &[]);
    let events = server.events("/issues/");
    site.issue(
        "2021/east/2021-001",
        &issue("2021-001", "新建文件夹里的问题"),
    );
    assert_eq!(events.next(&server).0, "reload");
    let deadline = Instant::now() + WAIT;
    // The folder and the file may arrive in two rebuilds; the page follows the last.
    loop {
        let page = server.get("/issues/2021-001/");
        if page.status == 200 {
            assert!(page.text().contains("新建文件夹里的问题"));
            break;
        }
        assert!(
            Instant::now() < deadline,
            "never served; output:\n{}",
            server.output()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn path_escapes_are_all_refused() {
    let site = two_issues();
    // A file beside the site, and a link from the site's static files to the outside.
    let secret = site
        .root()
        .parent()
        .unwrap()
        .join(format!("gongkai-secret-{}.txt", std::process::id()));
    std::fs::write(&secret, "SECRET").unwrap();
    let server = Server::start(&site, &[]);
    let name = secret.file_name().unwrap().to_string_lossy().into_owned();
    let secret_abs = secret.to_string_lossy().into_owned();
    let attempts = [
        format!("/../{name}"),
        format!("/%2e%2e/{name}"),
        format!("/%2E%2E/%2e%2e/{name}"),
        format!("/issues/../../{name}"),
        format!("/.%2e/{name}"),
        format!("/..\\{name}"),
        format!("/..%5c{name}"),
        format!("/%2e%2e%2f{name}"),
        format!("/..%2f{name}"),
        format!("//{}", secret_abs.trim_start_matches('/')),
        format!("/{}", secret_abs.replace('/', "%2f")),
        format!("http://{}/../{name}", server.addr),
        "/../../../../../../etc/passwd".into(),
        "/C:/Windows/win.ini".into(),
    ];
    for target in &attempts {
        let reply = request(server.addr, "GET", target);
        assert_eq!(reply.status, 400, "{target} answered: {}", reply.text());
        assert!(!reply.text().contains("SECRET"), "{target} leaked");
    }
    // An absolute path is a path inside the site; `%252e` is decoded once, to the literal
    // name `%2e`. The site has neither.
    for target in [
        secret_abs.as_str(),
        "/etc/passwd",
        "/%252e%252e/%252e%252e/etc/passwd",
    ] {
        let reply = request(server.addr, "GET", target);
        assert_eq!(reply.status, 404, "{target}");
        assert!(!reply.text().contains("SECRET") && !reply.text().contains("root:"));
    }

    // A link in content/static/ leading out of the site is refused by the build: the last
    // good site stays, and nothing behind the link is served.
    #[cfg(unix)]
    {
        let events = server.events("/");
        std::fs::create_dir_all(site.path("content/static")).unwrap();
        std::os::unix::fs::symlink(&secret, site.path("content/static/secret.txt")).unwrap();
        assert_eq!(events.next(&server).0, "problems");
        let reply = server.get("/secret.txt");
        assert_eq!(reply.status, 404);
        assert!(!reply.text().contains("SECRET"));
    }
    let _ = std::fs::remove_file(&secret);
}

#[test]
fn stays_up_under_concurrent_requests_and_clients_that_hang_up() {
    let site = Site::new();
    for n in 1..=120 {
        let id = format!("2020-{n:03}");
        site.issue(
            &id,
            &issue(&id, &format!("第{n}号问题：村道路灯损坏，晚上出行不便")),
        );
    }
    let server = Server::start(&site, &[]);
    let addr = server.addr;
    // Clients that ask for a large file and hang up before reading it.
    for _ in 0..20 {
        let mut s = connect(addr);
        let _ = write!(s, "GET /data/issues.json HTTP/1.1\r\nHost: x\r\n\r\n");
        drop(s);
        let mut s = connect(addr);
        let _ = write!(s, "GET /issues/ HTTP/1.1\r\nHost: x\r\n\r\n");
        let mut first = [0u8; 10];
        let _ = s.read(&mut first);
        drop(s);
    }
    let threads: Vec<_> = (0..12)
        .map(|t| {
            std::thread::spawn(move || {
                for n in 1..=15 {
                    let path = match n % 4 {
                        0 => "/".to_string(),
                        1 => format!("/issues/2020-{:03}/", (t * 15 + n) % 120 + 1),
                        2 => "/data/issues.json".to_string(),
                        _ => "/style.css".to_string(),
                    };
                    let reply = request(addr, "GET", &path);
                    assert_eq!(reply.status, 200, "{path}");
                    assert!(!reply.body.is_empty());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("every request answered");
    }
    assert_eq!(server.get("/").status, 200, "still up");
}

#[test]
fn drafts_are_shown_only_when_asked_and_marked() {
    let site = two_issues();
    site.issue(
        "2020-015",
        &issue("2020-015", "还在核实的问题")
            .replace("category: land", "category: land\ndraft: true"),
    );
    let plain = Server::start(&site, &[]);
    assert_eq!(plain.get("/issues/2020-015/").status, 404);
    assert!(!plain.get("/issues/").text().contains("还在核实的问题"));
    drop(plain);

    let preview = Server::start(&site, &["--drafts"]);
    let page = preview.get("/issues/2020-015/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("还在核实的问题"));
    assert!(page.text().contains("草稿"), "marked as a draft");
    preview.wait_output("草稿也显示");

    let out = site.build_ok();
    assert!(
        !out.join("issues/2020-015").exists(),
        "build never publishes a draft"
    );
}

#[test]
fn another_address_only_when_asked_and_with_a_warning() {
    let site = two_issues();
    let server = Server::start(&site, &["--bind", "0.0.0.0"]);
    server.wait_output("警告");
    assert!(
        server.output().contains("--bind 0.0.0.0"),
        "{}",
        server.output()
    );
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn a_site_broken_from_the_start_is_served_once_fixed() {
    let site = Site::new();
    site.issue(
        "2020-013",
        &issue("2020-013", "路灯").replace("group: \"1\"", "group: \"9\""),
    );
    let server = Server::start(&site, &[]);
    let waiting = server.get("/");
    assert_eq!(waiting.status, 503);
    assert!(waiting.text().contains(OVERLAY));
    assert!(waiting.text().contains("content/issues/2020-013.md"));
    let events = server.events("/");
    assert_eq!(events.next(&server).0, "problems");
    site.issue("2020-013", &issue("2020-013", "路灯"));
    assert_eq!(events.next(&server).0, "reload");
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn an_english_site_is_served_in_english() {
    let site = Site::en();
    site.issue("2020-013", &issue("2020-013", "Street light broken"));
    let server = Server::start(&site, &[]);
    server.wait_output("only this computer");
    let events = server.events("/");
    site.issue(
        "2020-013",
        &issue("2020-013", "x").replace("source: inspection", "source: inspecton"),
    );
    let (name, overlay) = events.next(&server);
    assert_eq!(name, "problems");
    assert!(overlay.contains("The site was not updated"), "{overlay}");
    assert!(overlay.contains("did you mean"), "{overlay}");
}
