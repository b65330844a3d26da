//! Nothing under `private:`, no draft and no file outside content/static/ and the theme
//! reaches any output byte, of `build` or of `serve`; personal numbers in public text are
//! refused where they are written, masked in the message.
//!
//! The proof is by canaries: a unique word in every private place of every record kind, in
//! every draft, in comments and in files that are not to be published; then every byte the
//! build writes, and every answer the preview server gives to a crawl, is searched for them.

mod common;

use common::*;
use std::collections::{BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------
// A site with canaries everywhere.

/// Published records, one of each kind, with `private:` data in every form YAML allows.
const PUBLISHED: &[(&str, &str)] = &[
    (
        "issues/I1.md",
        r#"---
# CANARY-COMMENT-ISSUE: a comment is not published
title: 公开问题一
raised: 2020-03-05
source: phone
group: "1"
category: other
reporter: 查访员
timeline:
  - {date: 2020-03-05, event: raised, note: 公开的备注}
private:
  contact: "13912340000"
  name: CANARY-ISSUE-NAME 王某某
  CANARY-ISSUE-KEY: a key under private
  "CANARY-ISSUE-QKEY": 1
  address: |
    CANARY-ISSUE-BLOCK
    第二行
  story: >
    CANARY-ISSUE-FOLDED
    folded on
  list: [CANARY-ISSUE-LIST, {deep: [CANARY-ISSUE-DEEP]}]
  anchored: &a CANARY-ISSUE-ANCHOR
  again: *a
  card: 4111111111111111
  id_card: 11010519491231002X
  quoted: 'CANARY-ISSUE-SQ'
  escaped: "CANARY-ISSUE-\u0044Q"
---
公开的正文。
<!-- CANARY-COMMENT-BODY -->
"#,
    ),
    (
        "meetings/M1.md",
        r#"---
private: {minutes_taker: CANARY-MEETING, phone: "13912340001"}
title: 公开会议一
date: 2020-03-06
attendees: [zhang]
items:
  - {issue: I1, finding: 公开的分析, action: 公开的行动}
---
公开的纪要。
"#,
    ),
    (
        "resolutions/R1.md",
        r#"---
title: 公开决议一
issues: [I1]
steps:
  proposal: {date: 2020-04-01, by: 村党总支}
private:
  steps: {proposal: {by: CANARY-RESOLUTION-STEP}}
  votes: [{name: CANARY-RESOLUTION-VOTER, for: true}]
---
公开的决议正文。
"#,
    ),
    (
        "plans/P1.md",
        r#"---
title: 公开计划一
kind: annual
start: 2020-01-01
end: 2020-12-31
private: CANARY-PLAN-SCALAR
projects:
  - id: x
    title: 公开项目一
    issues: [I1]
    private:
      contractor: CANARY-PROJECT
      account: "6222021234567890128"
    milestones:
      - {title: 公开里程碑, due: 2020-06-30}
---
"#,
    ),
    (
        "visits/V1.yaml",
        r#"title: 公开走访一
start: 2020-01-06
end: 2020-03-31
teams:
  - {name: 公开走访组, members: [zhang], groups: ["1"]}
visited: {"1": 10}
private:
  - refused: CANARY-VISIT-LIST
  - {household: CANARY-VISIT-MAP}
"#,
    ),
    (
        "pages/about.md",
        "---\ntitle: 公开页面一\nmenu: true\nprivate: {author: CANARY-PAGE}\n---\n公开的页面正文。\n",
    ),
];

/// Drafts, one of each kind, pointed at by published records where the format allows.
const DRAFTS: &[(&str, &str)] = &[
    (
        "issues/DRAFTISSUE.md",
        r#"---
title: CANARY-DRAFT-ISSUE 草稿问题
raised: 2020-03-05
source: phone
group: "1"
category: other
draft: true
timeline:
  - {date: 2020-03-05, event: raised, note: CANARY-DRAFT-NOTE}
private: {contact: CANARY-DRAFT-PRIVATE}
---
CANARY-DRAFT-BODY
"#,
    ),
    (
        "meetings/DRAFTMEETING.md",
        "---\ntitle: CANARY-DRAFT-MEETING\ndate: 2020-03-07\ndraft: true\nitems:\n  - {issue: I1, action: CANARY-DRAFT-ACTION}\n---\n",
    ),
    (
        "resolutions/DRAFTRESOLUTION.md",
        "---\ntitle: CANARY-DRAFT-RESOLUTION\nissues: [I1]\ndraft: true\nsteps:\n  proposal: {date: 2020-04-01}\n---\n",
    ),
    (
        "plans/DRAFTPLAN.md",
        "---\ntitle: CANARY-DRAFT-PLAN\nkind: annual\nstart: 2020-01-01\nend: 2020-12-31\ndraft: true\nprojects:\n  - {id: y, title: CANARY-DRAFT-PROJECT, issues: [I1]}\n---\n",
    ),
    (
        "visits/DRAFTVISIT.yaml",
        "title: CANARY-DRAFT-VISIT\nstart: 2020-04-01\nend: 2020-04-30\ndraft: true\nteams:\n  - {name: CANARY-DRAFT-TEAM, members: [li], groups: [\"2\"]}\n",
    ),
    (
        "pages/DRAFTPAGE.md",
        "---\ntitle: CANARY-DRAFT-PAGE\nmenu: true\ndraft: true\n---\nCANARY-DRAFT-PAGE-BODY\n",
    ),
];

/// Files that are never to be published, by path below the site root.
const STRAY: &[(&str, &str)] = &[
    ("content/NOTES.txt", "CANARY-STRAY-CONTENT-TOP"),
    (
        "content/issues/_half.md",
        "---\ntitle: CANARY-STRAY-UNDERSCORE\n---\n",
    ),
    (
        "content/issues/.hidden.md",
        "---\ntitle: CANARY-STRAY-HIDDEN\n---\n",
    ),
    (
        "content/issues/I1.md~",
        "---\ntitle: CANARY-STRAY-BACKUP\n---\n",
    ),
    ("content/issues/.I1.md.swp", "CANARY-STRAY-SWP"),
    ("content/issues/I9.tmp", "CANARY-STRAY-TMP"),
    ("content/static/.htpasswd", "CANARY-STRAY-STATIC-DOT"),
    (
        "content/static/_notes.txt",
        "CANARY-STRAY-STATIC-UNDERSCORE",
    ),
    ("content/static/.git/config", "CANARY-STRAY-STATIC-GIT"),
    ("secret.txt", "CANARY-STRAY-ROOT"),
    ("drafts/letter.md", "CANARY-STRAY-ROOT-FOLDER"),
    ("themes/other/static/x.txt", "CANARY-STRAY-OTHER-THEME"),
    ("themes/default/README.txt", "CANARY-STRAY-THEME-TOP"),
    (
        "themes/default/templates/unused.txt",
        "CANARY-STRAY-THEME-TEMPLATE",
    ),
];

/// Every canary of a published place: never in any output.
fn private_canaries() -> Vec<&'static str> {
    let mut c = vec![
        "13912340000",
        "13912340001",
        "4111111111111111",
        "11010519491231002X",
        "6222021234567890128",
        "王某某",
        "CANARY-ISSUE",
        "CANARY-COMMENT",
        "CANARY-MEETING",
        "CANARY-RESOLUTION-",
        "CANARY-PLAN-",
        "CANARY-PROJECT",
        "CANARY-VISIT-",
        "CANARY-PAGE",
        "CANARY-DRAFT-PRIVATE",
        "CANARY-STRAY",
    ];
    c.sort();
    c
}

/// The canaries of drafts: in no output, except under `serve --drafts`.
const DRAFT_CANARIES: &[&str] = &[
    "CANARY-DRAFT-ISSUE",
    "CANARY-DRAFT-NOTE",
    "CANARY-DRAFT-BODY",
    "CANARY-DRAFT-MEETING",
    "CANARY-DRAFT-ACTION",
    "CANARY-DRAFT-RESOLUTION",
    "CANARY-DRAFT-PLAN",
    "CANARY-DRAFT-PROJECT",
    "CANARY-DRAFT-VISIT",
    "CANARY-DRAFT-TEAM",
    "CANARY-DRAFT-PAGE",
    "DRAFTISSUE",
    "DRAFTMEETING",
    "DRAFTRESOLUTION",
    "DRAFTPLAN",
    "DRAFTVISIT",
    "DRAFTPAGE",
];

/// What the canary site publishes: each must be found, or the search proves nothing.
const PUBLIC_WORDS: &[&str] = &[
    "公开问题一",
    "公开的正文",
    "公开的备注",
    "公开会议一",
    "公开的行动",
    "公开决议一",
    "公开计划一",
    "公开项目一",
    "公开里程碑",
    "公开走访一",
    "公开走访组",
    "公开页面一",
    "STATIC-OK",
];

fn canary_site() -> Site {
    let site = Site::new();
    for (rel, text) in PUBLISHED.iter().chain(DRAFTS) {
        site.file(rel, text);
    }
    site.file("static/ok.txt", "STATIC-OK");
    for (rel, text) in STRAY {
        let path = site.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    site
}

/// The needles of `needles` found in `bytes`.
fn found_in<'a>(bytes: &[u8], needles: &[&'a str]) -> Vec<&'a str> {
    needles
        .iter()
        .filter(|n| bytes.windows(n.len()).any(|w| w == n.as_bytes()))
        .copied()
        .collect()
}

fn assert_public_words_in(what: &str, all: &[u8]) {
    for w in PUBLIC_WORDS {
        assert!(
            !found_in(all, &[w]).is_empty(),
            "{w} is missing from {what}: the search cannot be trusted"
        );
    }
}

#[test]
fn the_canary_site_is_valid_so_that_every_canary_is_built_around() {
    let o = canary_site().check();
    assert_eq!(errors(&o).len(), 0, "{}", shown(&o.diagnostics));
    assert_eq!(o.counts.issues, 1, "drafts are checked, not counted");
    // The stray file at the top of content/ is named, and ignored.
    assert!(
        warnings(&o).iter().any(|w| w.file == "content/NOTES.txt"),
        "{}",
        shown(&o.diagnostics)
    );
}

#[test]
fn no_private_data_draft_or_stray_file_reaches_any_byte_of_build() {
    let site = canary_site();
    // The output outside the site: everything in this folder is written by the build.
    let outside = tempfile::tempdir().unwrap();
    let out = outside.path().join("public");
    for _ in 0..3 {
        // Three builds: the first from nothing, then from the spare tree.
        let run = site.run_build(&["--output", &out.to_string_lossy()]);
        assert_eq!(run.code, 0, "{run:?}");
    }
    let files = tree(outside.path());
    assert!(files.len() > 20, "{} files", files.len());
    let all: Vec<u8> = files.values().flatten().copied().collect();
    assert_public_words_in("the build", &all);
    let names: String = files.keys().cloned().collect::<Vec<_>>().join("\n");
    let mut needles = private_canaries();
    needles.extend(DRAFT_CANARIES);
    for (path, bytes) in &files {
        let found = found_in(bytes, &needles);
        assert!(found.is_empty(), "{path} holds {found:?}");
    }
    let found = found_in(names.as_bytes(), &needles);
    assert!(found.is_empty(), "file names hold {found:?}:\n{names}");
    // The stray files are not copied under any name.
    assert!(!files
        .keys()
        .any(|k| k.contains("secret") || k.contains("NOTES")));
}

// ---------------------------------------------------------------------------------------
// The preview server, crawled as a browser would.

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(site: &Site, extra: &[&str]) -> Server {
        let root = site.root().to_string_lossy().into_owned();
        let child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["serve", "--port", "0", "--root", &root])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("gongkai serve starts");
        // Owned from here on, so that the server is killed however this ends.
        let mut server = Server {
            child,
            addr: "127.0.0.1:1".parse().unwrap(),
        };
        let (tx, rx) = mpsc::channel::<String>();
        for stream in [
            Box::new(server.child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(server.child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no URL printed:\n{seen}"));
            seen.push_str(&line);
            seen.push('\n');
            if let Some(url) = line.trim().strip_prefix("http://") {
                server.addr = url.trim_end_matches('/').parse().expect("host:port");
                return server;
            }
        }
    }

    /// (status, body) of a GET.
    fn get(&self, target: &str) -> (u16, Vec<u8>) {
        let mut s = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("a whole reply");
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a head");
        let head = String::from_utf8_lossy(&raw[..end]).to_lowercase();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .expect("a status");
        let mut body = raw[end + 4..].to_vec();
        if head.contains("transfer-encoding: chunked") {
            body = unchunk(&body);
        }
        (status, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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

const BASE_URL: &str = "https://example.org/test/";

/// The paths a page links to (`href`, `src`), resolved against the page's path; only those
/// of this site.
fn links(page: &str, html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for part in html.split(attr).skip(1) {
            let Some(url) = part.split('"').next() else {
                continue;
            };
            let url = url.replace("&amp;", "&");
            let url = url.split(['#', '?']).next().unwrap_or("").to_string();
            let path = if let Some(rest) = url.strip_prefix(BASE_URL) {
                format!("/{rest}")
            } else if url.starts_with('/') {
                url
            } else if url.contains(':') || url.is_empty() {
                continue;
            } else {
                let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
                normalise(&format!("{dir}{url}"))
            };
            found.push(path);
        }
    }
    found
}

/// `/a/b/../c/./d` → `/a/c/d`.
fn normalise(path: &str) -> String {
    let mut segs: Vec<&str> = Vec::new();
    for s in path.split('/') {
        match s {
            ".." => {
                segs.pop();
            }
            "." | "" => {}
            s => segs.push(s),
        }
    }
    let trailing = if path.ends_with('/') && !segs.is_empty() {
        "/"
    } else {
        ""
    };
    format!("/{}{trailing}", segs.join("/"))
}

/// Every path the server answers from the sitemap, the fixed outputs and the links of every
/// page, with what it answered.
fn crawl(server: &Server) -> Vec<(String, u16, Vec<u8>)> {
    let mut queue: VecDeque<String> = [
        "/",
        "/sitemap.xml",
        "/feed.xml",
        "/data/issues.json",
        "/data/issues.csv",
        "/data/resolutions.json",
        "/data/plans.json",
        "/data/visits.json",
        "/style.css",
        "/ok.txt",
        "/no-such-page/",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut answers = Vec::new();
    while let Some(path) = queue.pop_front() {
        assert!(
            answers.len() < 2000,
            "the crawl does not end: {:?}",
            &answers.iter().map(|(p, _, _)| p).collect::<Vec<_>>()[..50]
        );
        let (status, body) = server.get(&path);
        let text = String::from_utf8_lossy(&body).into_owned();
        // Links of a "not found" page are relative to a made-up path: not followed.
        let mut next = if status == 200 {
            links(&path, &text)
        } else {
            Vec::new()
        };
        if path == "/sitemap.xml" {
            for loc in text.split("<loc>").skip(1) {
                let url = loc.split("</loc>").next().unwrap_or("");
                next.push(format!(
                    "/{}",
                    url.strip_prefix(BASE_URL).expect("base URL")
                ));
            }
        }
        for p in next {
            if seen.insert(p.clone()) {
                queue.push_back(p);
            }
        }
        answers.push((path, status, body));
    }
    answers
}

#[test]
fn no_private_data_draft_or_stray_file_is_served_by_the_preview() {
    let site = canary_site();
    let server = Server::start(&site, &[]);
    let answers = crawl(&server);
    let ok: Vec<&String> = answers
        .iter()
        .filter(|(_, s, _)| *s == 200)
        .map(|(p, _, _)| p)
        .collect();
    assert!(ok.len() > 20, "only {} pages answered: {ok:?}", ok.len());
    let all: Vec<u8> = answers.iter().flat_map(|(_, _, b)| b.clone()).collect();
    assert_public_words_in("the preview", &all);
    let mut needles = private_canaries();
    needles.extend(DRAFT_CANARIES);
    for (path, _, body) in &answers {
        let found = found_in(body, &needles);
        assert!(found.is_empty(), "{path} serves {found:?}");
    }
    // Asked for directly, drafts and stray files are not there either.
    for path in [
        "/issues/DRAFTISSUE/",
        "/meetings/DRAFTMEETING/",
        "/resolutions/DRAFTRESOLUTION/",
        "/plans/DRAFTPLAN/",
        "/DRAFTPAGE/",
        "/secret.txt",
        "/NOTES.txt",
        "/.htpasswd",
        "/_notes.txt",
        "/.git/config",
        "/x.txt",
        "/README.txt",
        "/content/issues/I1.md",
        "/issues/I1.md",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        let found = found_in(&body, &needles);
        assert!(found.is_empty(), "{path} serves {found:?}");
    }
}

#[test]
fn the_preview_with_drafts_shows_them_marked_and_still_no_private_data() {
    let site = canary_site();
    let server = Server::start(&site, &["--drafts"]);
    let answers = crawl(&server);
    let needles = private_canaries();
    for (path, _, body) in &answers {
        let found = found_in(body, &needles);
        assert!(found.is_empty(), "{path} serves {found:?}");
    }
    let served = |path: &str| -> String {
        let (_, _, body) = answers
            .iter()
            .find(|(p, s, _)| p == path && *s == 200)
            .unwrap_or_else(|| panic!("{path} was not found by the crawl"));
        String::from_utf8_lossy(body).into_owned()
    };
    for (path, title) in [
        ("/issues/DRAFTISSUE/", "CANARY-DRAFT-ISSUE"),
        ("/meetings/DRAFTMEETING/", "CANARY-DRAFT-MEETING"),
        ("/resolutions/DRAFTRESOLUTION/", "CANARY-DRAFT-RESOLUTION"),
        ("/plans/DRAFTPLAN/", "CANARY-DRAFT-PLAN"),
    ] {
        let page = served(path);
        assert!(page.contains(title), "{path} lacks its title");
        assert!(page.contains("草稿"), "{path} is not marked as a draft");
    }
    let page = served("/DRAFTPAGE/");
    assert!(page.contains("CANARY-DRAFT-PAGE-BODY"));
}

// ---------------------------------------------------------------------------------------
// Personal numbers in public text: refused where written, masked in the message.

/// A site with one record holding `text` at `rel` (below content/), the rest valid.
fn with_record(rel: &str, text: &str) -> Site {
    let site = Site::new();
    site.file("issues/I1.md", &issue("I1", "问题")).file(
        "meetings/M1.md",
        "---\ntitle: 会议\ndate: 2020-03-06\n---\n",
    );
    site.file(rel, text);
    site
}

/// Line and column (counted in characters, from 1) of the first `needle` in `text`.
fn place_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {text}"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}

/// (file below content/, text, the number as written, what kind, masked number)
fn number_cases() -> Vec<(
    &'static str,
    String,
    &'static str,
    &'static str,
    &'static str,
)> {
    let issue_with = |field: &str| {
        format!(
            "---\ntitle: 问题二\nraised: 2020-03-05\nsource: phone\ngroup: \"1\"\ncategory: other\n{field}timeline:\n  - {{date: 2020-03-05, event: raised}}\n---\n"
        )
    };
    let mobile = ("手机号码", "138****5678");
    let card = ("银行卡号", "4111********1111");
    vec![
        // Every public field of an issue; the place is the number's own.
        (
            "issues/I2.md",
            issue_with("reporter: 王某 13812345678\n"),
            "13812345678",
            mobile.0,
            mobile.1,
        ),
        (
            "issues/I2.md",
            issue_with("tags: [违建, '+86 138 1234 5678']\n"),
            "86 138 1234 5678",
            mobile.0,
            mobile.1,
        ),
        (
            "issues/I2.md",
            issue_with("").replace(
                "event: raised}",
                "event: raised, note: \"卡号 6222 0212 3456 7890 128\"}",
            ),
            "6222 0212",
            "银行卡号",
            "6222***********0128",
        ),
        (
            "issues/I2.md",
            issue_with("").replace(
                "event: raised}",
                "event: raised}\n  - {date: 2020-03-06, event: escalated, to: 镇城建办 13812345678}",
            ),
            "13812345678",
            mobile.0,
            mobile.1,
        ),
        (
            "issues/I2.md",
            issue_with("").replace("title: 问题二", "title: 证件 110105194912310038"),
            "110105194912310038",
            "身份证号码",
            "1101**********0038",
        ),
        (
            "issues/I2.md",
            issue_with("") + "正文\n村民身份证号 110105491231002。\n",
            "110105491231002",
            "身份证号码",
            "1101*******1002",
        ),
        (
            "issues/I2.md",
            issue_with("") + "电话：１３８１２３４５６７８\n",
            "１３８",
            mobile.0,
            mobile.1,
        ),
        (
            "issues/I2.md",
            issue_with("reporter: |\n  第一行\n  联系 13812345678\n"),
            "13812345678",
            mobile.0,
            mobile.1,
        ),
        (
            "issues/I2.md",
            issue_with("") + "正文 *13812345678* 强调\n",
            "13812345678",
            mobile.0,
            mobile.1,
        ),
        (
            "issues/I2.md",
            issue_with("") + "正文 [打电话](tel:13812345678)\n",
            "13812345678",
            mobile.0,
            mobile.1,
        ),
        // Meetings, resolutions, plans, visits, pages.
        (
            "meetings/M2.md",
            "---\ntitle: 会议二\ndate: 2020-03-06\nitems:\n  - {issue: I1, finding: 户主电话13812345678}\n---\n".into(),
            "13812345678",
            mobile.0,
            mobile.1,
        ),
        (
            "meetings/M2.md",
            "---\ntitle: 会议二\ndate: 2020-03-06\nitems:\n  - {issue: I1, action: 转账到 4111111111111111}\n---\n".into(),
            "4111111111111111",
            card.0,
            card.1,
        ),
        (
            "meetings/M2.md",
            "---\ntitle: 会议二\ndate: 2020-03-06\nitems:\n  - {issue: I1, escalate_to: 王某 13812345678}\n---\n".into(),
            "13812345678",
            mobile.0,
            mobile.1,
        ),
        (
            "resolutions/R2.md",
            "---\ntitle: 决议二\nfinding: 联系人 139-1234-5678\nsteps:\n  proposal: {date: 2020-04-01}\n---\n".into(),
            "139-1234-5678",
            mobile.0,
            "139****5678",
        ),
        (
            "resolutions/R2.md",
            "---\ntitle: 决议二\nsteps:\n  proposal: {date: 2020-04-01, by: 王某13812345678}\n---\n".into(),
            "13812345678",
            mobile.0,
            mobile.1,
        ),
        (
            "resolutions/R2.md",
            "---\ntitle: 决议二\nsteps:\n  proposal: {date: 2020-04-01}\n  deliberation: {date: 2020-04-02}\n  review: {date: 2020-04-03}\n  decision: {date: 2020-04-04, members: 3, present: 3, for: 3, against: 0, abstain: 0}\npublished:\n  decision: {date: 2020-04-05, where: 公开栏, note: 咨询13812345678}\n---\n".into(),
            "13812345678",
            mobile.0,
            mobile.1,
        ),
        (
            "plans/P2.md",
            "---\ntitle: 计划二\nkind: annual\nstart: 2020-01-01\nend: 2020-12-31\nprojects:\n  - id: x\n    title: 项目联系人13812345678\n---\n".into(),
            "13812345678",
            mobile.0,
            mobile.1,
        ),
        (
            "plans/P2.md",
            "---\ntitle: 计划二\nkind: annual\nstart: 2020-01-01\nend: 2020-12-31\nprojects:\n  - id: x\n    title: 项目\n    milestones:\n      - {title: 付款至4111111111111111, due: 2020-06-30}\n---\n".into(),
            "4111111111111111",
            card.0,
            card.1,
        ),
        (
            "visits/V2.yaml",
            "title: 走访二\nstart: 2020-01-06\nend: 2020-03-31\nteams:\n  - {name: 组长13812345678, members: [zhang], groups: [\"1\"]}\n".into(),
            "13812345678",
            mobile.0,
            mobile.1,
        ),
        (
            "pages/help.md",
            "---\ntitle: 帮助\n---\n\n| 姓名 | 电话 |\n|---|---|\n| 王某 | 13812345678 |\n".into(),
            "13812345678",
            mobile.0,
            mobile.1,
        ),
        // A draft is checked like any record.
        (
            "issues/I2.md",
            issue_with("draft: true\nreporter: 13812345678\n"),
            "13812345678",
            mobile.0,
            mobile.1,
        ),
    ]
}

#[test]
fn a_personal_number_in_any_public_field_is_refused_at_its_place_and_masked() {
    for (rel, text, written, what, masked) in number_cases() {
        let o = with_record(rel, &text).check();
        assert_eq!(
            errors(&o).len(),
            1,
            "{rel} {written}: {}",
            shown(&o.diagnostics)
        );
        let e = only_error(&o);
        let (line, col) = place_of(&text, written);
        assert_at(e, &format!("content/{rel}"), line, col);
        assert_says(e, &[what, masked], &["private:", "public_numbers"]);
        // The number itself is never in the message.
        let said = e.display(gongkai::diag::Lang::Zh).to_string();
        assert!(!said.contains(&text_number(&text)), "{said}");
    }
}

/// The longest run of digits (ASCII) in a text, to check that a message does not repeat it.
fn text_number(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit())
        .max_by_key(|s| s.len())
        .unwrap_or("")
        .to_string()
}

#[test]
fn site_yaml_is_public_text_too() {
    for (from, to) in [
        (
            "  - {id: zhang, name: 张卫国, role: 村党总支书记}",
            "  - {id: zhang, name: 张卫国, role: 书记13812345678}",
        ),
        ("village: 测试村", "village: 测试村13812345678"),
        (
            "  - {id: \"1\", name: 1组, households: 40}",
            "  - {id: \"1\", name: 1组 13812345678, households: 40}",
        ),
        (
            "  - {id: east, name: 东片,",
            "  - {id: east, name: 东片13812345678,",
        ),
        (
            "title: 测试村村务公开",
            "title: 测试村村务公开\ndescription: 热线13812345678",
        ),
        ("village: 测试村", "village: 测试村\ntown: 镇13812345678"),
    ] {
        let yaml = SITE_ZH.replace(from, to);
        assert_ne!(yaml, SITE_ZH, "{from}");
        let site = Site::with_site_yaml(&yaml);
        site.file("issues/I1.md", &issue("I1", "问题"));
        let o = site.check();
        let e = only_error(&o);
        let (line, col) = place_of(&yaml, "13812345678");
        assert_at(e, "content/site.yaml", line, col);
        assert_says(e, &["手机号码", "138****5678"], &["public_numbers"]);
    }
}

#[test]
fn a_listed_public_number_is_allowed_however_it_is_written() {
    let site = Site::with_site_yaml(&format!(
        "{SITE_ZH}public_numbers: [\"138 1234 5678\", \"021-57350000\"]\n"
    ));
    site.file(
        "issues/I1.md",
        &issue("I1", "热线 +86-138-1234-5678")
            .replace("正文。", "热线13812345678，座机021-57350000"),
    );
    let o = site.check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
    // Another number is still refused.
    site.file("issues/I1.md", &issue("I1", "热线 13812345679"));
    let o = site.check();
    assert_says(only_error(&o), &["138****5679"], &[]);
}

#[test]
fn an_alias_cannot_carry_private_data_into_a_public_field() {
    let text = "---\nprivate: {name: &who 王某某 13812345678}\ntitle: *who\nraised: 2020-03-05\nsource: phone\ngroup: \"1\"\ncategory: other\ntimeline:\n  - {date: 2020-03-05, event: raised}\n---\n";
    let site = with_record("issues/I2.md", text);
    let o = site.check();
    let errs = errors(&o);
    assert_eq!(errs.len(), 2, "{}", shown(&o.diagnostics));
    for e in &errs {
        assert_at(e, "content/issues/I2.md", 3, 8);
    }
    assert!(errs.iter().any(|e| e.message.contains("private:")
        && e.message.contains("别名")
        && e.hint.as_deref().unwrap_or("").contains("&")));
    assert!(errs.iter().any(|e| e.message.contains("138****5678")));
    // Nothing is written.
    let out = site.path("public");
    let report = site.build_into(&out, false);
    assert!(report.outcome.errors() > 0);
    assert!(!out.exists());
    // Without a number, the alias alone is refused too.
    let site = with_record("issues/I2.md", &text.replace(" 13812345678", ""));
    let e = only_error(&site.check()).clone();
    assert_at(&e, "content/issues/I2.md", 3, 8);
    assert_says(&e, &["private:"], &["private:"]);
}

#[test]
fn a_personal_number_in_a_file_name_is_refused_as_it_would_be_published() {
    let site = with_record(
        "issues/13812345678.md",
        &issue("I2", "问题").replace("id: I2\n", ""),
    );
    let e = only_error(&site.check()).clone();
    assert_at(&e, "content/issues/13812345678.md", 0, 0);
    assert_says(&e, &["文件名", "138****5678"], &["改名"]);
    let site = with_record("static/证件/11010519491231002X.jpg", "jpeg");
    let e = only_error(&site.check()).clone();
    assert_at(&e, "content/static/证件/11010519491231002X.jpg", 0, 0);
    assert_says(&e, &["文件名", "1101**********002X"], &[]);
}

#[test]
fn a_public_number_listed_in_site_yaml_may_name_a_file() {
    let site = Site::with_site_yaml(&format!("{SITE_ZH}public_numbers: [\"138 1234 5678\"]\n"));
    site.file(
        "pages/13812345678.md",
        "---\ntitle: 便民热线\n---\n热线电话。\n",
    )
    .file("static/热线/13812345678.txt", "热线");
    let o = site.check();
    assert!(o.diagnostics.is_empty(), "{}", shown(&o.diagnostics));
    // A number not listed is still refused, in a file name as in the text.
    site.file("pages/13812345679.md", "---\ntitle: 联系人\n---\n");
    let e = only_error(&site.check()).clone();
    assert_at(&e, "content/pages/13812345679.md", 0, 0);
    assert_says(&e, &["文件名", "138****5679"], &["改名"]);
}

#[test]
fn a_number_in_a_file_name_is_reported_even_when_site_yaml_is_wrong() {
    let site = Site::with_site_yaml(&format!("{SITE_ZH}unknown_key: 1\n"));
    site.file("pages/13812345678.md", "---\ntitle: 联系人\n---\n");
    let o = site.check();
    assert!(
        errors(&o)
            .iter()
            .any(|e| e.file == "content/pages/13812345678.md" && e.message.contains("文件名")),
        "{}",
        shown(&o.diagnostics)
    );
}

#[test]
fn messages_about_numbers_are_in_english_for_an_english_site() {
    let site = Site::en();
    site.file("issues/I1.md", &issue("I1", "call 13812345678"));
    let e = only_error(&site.check()).clone();
    assert_at(&e, "content/issues/I1.md", 3, 13);
    assert_says(
        &e,
        &["a mobile phone number", "138****5678"],
        &["private:", "public_numbers"],
    );
}
