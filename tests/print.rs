//! The notice-board edition: /print/ (this month, this quarter) and a print view per record,
//! each item with a QR code of its page's absolute address. The codes are decoded as a phone
//! would: the page rendered by headless Chromium, read by `zbarimg` (Debian's zbar-tools);
//! the layout is printed to PDF at A4 and A3 and measured with poppler-utils. A missing tool
//! skips that test with a message, except in CI (CI=true), which installs them (.ci/run).

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BASE: &str = "https://example.org/test/";

/// as_of is 2020-11-13: this month is 2020-11-01…13, this quarter 2020-10-01…11-13.
fn board_site(site_yaml: &str) -> Site {
    let s = Site::with_site_yaml(site_yaml);
    // Raised this month, still open.
    s.issue(
        "N1",
        "---
title: 村东路灯不亮
raised: 2020-11-02
source: home-visit
group: \"1\"
category: infrastructure
timeline:
  - {date: 2020-11-02, event: raised}
  - {date: 2020-11-05, event: analysed, meeting: M1}
---
",
    )
    // Raised this quarter, resolved this month, fed back to both.
    .issue(
        "N2",
        "---
title: 2组水渠堵塞
raised: 2020-10-10
source: inspection
group: \"2\"
category: infrastructure
timeline:
  - {date: 2020-10-10, event: raised}
  - {date: 2020-11-05, event: resolved, note: 已组织清淤}
  - {date: 2020-11-06, event: feedback, audience: raiser}
  - {date: 2020-11-09, event: feedback, audience: village, note: 村务公开栏公布}
---
",
    )
    // Raised before the quarter, declined in it, never fed back: awaiting feedback.
    .issue(
        "N3",
        "---
title: 申请在河边建鱼塘
raised: 2020-09-01
source: walk-in
group: \"1\"
category: land
timeline:
  - {date: 2020-09-01, event: raised}
  - {date: 2020-10-20, event: declined, note: 河道管理范围内不得建设}
---
",
    )
    // Long ago: on no part of the board.
    .issue("OLD", &issue("OLD", "旧事项"))
    .meeting(
        "M1",
        "---
title: 11月村情民意分析例会
date: 2020-11-05
attendees: [zhang, li]
items:
  - {issue: N1, finding: 线路老化, action: 更换线路, assignee: li, due: 2020-11-30}
---
",
    )
    // Adopted this month.
    .resolution(
        "R1",
        "---
title: 更换全村路灯
issues: [N1]
finding: 全村三成路灯老化
steps:
  proposal:     {date: 2020-11-06, by: 村党总支}
  deliberation: {date: 2020-11-07, by: 村两委联席会议}
  review:       {date: 2020-11-08, by: 党员大会, members: 52, present: 45, for: 45}
  decision:     {date: 2020-11-10, by: 村民代表会议, members: 30, present: 20, for: 11}
published:
  decision: {date: 2020-11-11, where: 村务公开栏}
---
",
    )
    // Rejected this quarter: not on the board as adopted.
    .resolution(
        "R2",
        "---
title: 收取垃圾清运费
issues: [N2]
steps:
  proposal:     {date: 2020-10-01, by: 村党总支}
  deliberation: {date: 2020-10-02, by: 村两委联席会议}
  review:       {date: 2020-10-03, by: 党员大会, members: 52, present: 45, for: 45}
  decision:     {date: 2020-10-15, by: 村民代表会议, members: 30, present: 20, for: 10}
---
",
    )
    .plan(
        "P2020",
        "---
title: 2020年度工作计划
kind: annual
start: 2020-01-01
end: 2020-12-31
projects:
  - id: lights
    title: 路灯更换
    issues: [N1]
    milestones:
      - {title: 采购, due: 2020-11-10, done: 2020-11-03}
      - {title: 安装, due: 2020-12-15, progress: 20}
---
",
    )
    // Over before the quarter: not under way.
    .plan(
        "P2019",
        "---
title: 2019年度工作计划
kind: annual
start: 2019-01-01
end: 2019-12-31
---
",
    );
    s
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("/{rel}: {e}"))
}

/// The absolute addresses in the QR codes of a page, as written in their labels' pages:
/// every `<svg class="qr" …>` is followed by the short address printed under it.
fn printed_urls(html: &str) -> Vec<String> {
    html.split("<figure class=\"qr-box")
        .skip(1)
        .map(|fig| {
            assert!(fig.contains("<svg class=\"qr\""), "a QR box without a code");
            let short = fig
                .split("<span class=\"short-url\">")
                .nth(1)
                .and_then(|s| s.split("</span>").next())
                .expect("a short address under the code")
                .replace("<wbr>", "");
            format!("https://{short}")
        })
        .collect()
}

fn url(rel: &str) -> String {
    format!("{BASE}{rel}")
}

fn set(v: &[String]) -> BTreeSet<String> {
    v.iter().cloned().collect()
}

#[test]
fn the_edition_holds_this_month_and_this_quarter() {
    let site = board_site(SITE_ZH);
    let out = site.build_ok();
    let month = read(&out, "print/month/index.html");
    let quarter = read(&out, "print/quarter/index.html");
    let both = read(&out, "print/index.html");

    // This month: N1 raised, N2 resolved, R1 adopted, the plan under way.
    assert_eq!(
        set(&printed_urls(&month)),
        set(&[
            url(""),
            url("issues/N1/"),
            url("issues/N2/"),
            url("resolutions/R1/"),
            url("plans/P2020/"),
        ]),
    );
    // This quarter also: N2 raised, N3 declined.
    assert_eq!(
        set(&printed_urls(&quarter)),
        set(&[
            url(""),
            url("issues/N1/"),
            url("issues/N2/"),
            url("issues/N3/"),
            url("resolutions/R1/"),
            url("plans/P2020/"),
        ]),
    );
    // N2 is new and answered in the quarter: it appears in both lists.
    assert_eq!(
        printed_urls(&quarter)
            .iter()
            .filter(|u| u.ends_with("issues/N2/"))
            .count(),
        2
    );
    // The full edition is the month, then the quarter, on its own sheets.
    let m = both.find("2020年11月").expect("the month part");
    let q = both.find("2020年第四季度").expect("the quarter part");
    assert!(m < q);
    // One code for the site, then the month's 4 items and the quarter's 6.
    assert_eq!(printed_urls(&both).len(), 1 + 4 + 6);
    for html in [&month, &quarter, &both] {
        assert!(!html.contains("旧事项"), "an old issue on the board");
        assert!(
            !html.contains("收取垃圾清运费"),
            "a rejected resolution as adopted"
        );
        assert!(!html.contains("2019年度工作计划"), "a finished plan");
        // No menu, no script: paper only.
        assert!(!html.contains("<nav"));
        assert!(!html.contains("<script"));
        // The print style sheet (under its fingerprinted name), not the web one.
        let sheet = html
            .split("<link rel=\"stylesheet\" href=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("a style sheet");
        assert!(
            sheet.trim_start_matches("../").starts_with("print.") && sheet.ends_with(".css"),
            "{sheet}"
        );
    }
    // What a villager reads on the board.
    assert!(month.contains("已组织清淤"));
    assert!(month.contains("2020年11月6日反馈给反映人、2020年11月9日反馈给全村"));
    assert!(quarter.contains("河道管理范围内不得建设"));
    assert!(quarter.contains("尚未反馈"));
    assert!(month.contains("出席20/30，恰好三分之二；赞成11，超过半数，决议通过"));
    assert!(month.contains("全村三成路灯老化"));
    assert!(month.contains("采购"), "the milestone done this month");
    assert!(!month.contains("安装"), "a milestone due next month");
    assert!(
        quarter.contains("路灯更换"),
        "the quarter lists the projects"
    );
}

#[test]
fn every_record_has_a_print_view_with_its_qr_code() {
    let site = board_site(SITE_ZH);
    let out = site.build_ok();
    for (kind, id, text) in [
        ("issues", "N2", "已组织清淤"),
        ("resolutions", "R1", "决议通过"),
        ("plans", "P2020", "路灯更换"),
        ("meetings", "M1", "线路老化"),
    ] {
        let html = read(&out, &format!("print/{kind}/{id}/index.html"));
        assert_eq!(printed_urls(&html), [url(&format!("{kind}/{id}/"))]);
        assert!(html.contains(text), "{kind}/{id}");
        assert!(!html.contains("<nav"));
        // The web page links to its print view.
        if kind == "issues" || kind == "resolutions" {
            let web = read(&out, &format!("{kind}/{id}/index.html"));
            assert!(web.contains(&format!("href=\"../../print/{kind}/{id}/\"")));
        }
    }
    // The resolution's steps in sequence, the pending one as pending.
    let r = read(&out, "print/resolutions/R1/index.html");
    let steps: Vec<usize> = ["提议", "商议", "审议", "决议公开", "实施结果公开"]
        .iter()
        .map(|w| r.find(w).unwrap_or_else(|| panic!("{w}")))
        .collect();
    assert!(steps.windows(2).all(|w| w[0] < w[1]), "{steps:?}");
    assert!(r.contains("待进行"));
    // The sitemap lists the print views too (they are published pages).
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains(&url("print/")));
    assert!(sitemap.contains(&url("print/issues/N2/")));
}

#[test]
fn the_issue_page_says_whom_it_was_fed_back_to_and_when() {
    let site = board_site(SITE_ZH);
    let out = site.build_ok();
    let page = read(&out, "issues/N2/index.html");
    assert!(page.contains("2020年11月6日反馈给反映人"), "{page}");
    assert!(page.contains("2020年11月9日反馈给全村"));
    let page = read(&out, "issues/N3/index.html");
    assert!(page.contains("尚未反馈") && page.contains("逾期未反馈"));

    let site = board_site(SITE_EN);
    let out = site.build_ok();
    let page = read(&out, "issues/N2/index.html");
    assert!(page.contains("to the person who raised it on 6 Nov 2020"));
    assert!(page.contains("to the whole village on 9 Nov 2020"));
}

#[test]
fn an_answer_not_fed_back_is_a_warning_and_awaits_feedback() {
    let s = board_site(SITE_ZH);
    // N3 was declined on 2020-10-20, 24 days before as_of, with no feedback.
    let o = s.check();
    let w = warnings(&o);
    assert_eq!(w.len(), 1, "{}", shown(&o.diagnostics));
    assert_at(w[0], "content/issues/N3.md", 9, 0);
    assert_says(w[0], &["已答复超过 14 天"], &["event: feedback"]);
    for run in [s.run_check(&[]), s.run_build(&[])] {
        assert_eq!(run.code, 0, "{}", run.stderr);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(all.contains("content/issues/N3.md:9"), "{all}");
        assert!(all.contains("还没有反馈给群众"), "{all}");
    }
    let list = read(&s.path("public"), "issues/awaiting-feedback/index.html");
    assert!(list.contains("申请在河边建鱼塘"));
    assert!(!list.contains("2组水渠堵塞"));
    // With feedback_days: 30 it is not late yet.
    let s = board_site(&format!("{SITE_ZH}feedback_days: 30\n"));
    assert!(warnings(&s.check()).is_empty());
}

// ---------------------------------------------------------------------------------------
// Looked at as a phone and a printer would: headless Chromium, zbarimg, poppler-utils.

/// The path of a tool, or None. Chromium goes by several names.
fn tool(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in names {
        if name.starts_with('/') {
            if Path::new(name).is_file() {
                return Some(PathBuf::from(name));
            }
            continue;
        }
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Skips the test when a tool is missing, saying so; in CI a missing tool is a failure.
fn need(names: &[&str], package: &str) -> Option<PathBuf> {
    let found = tool(names);
    if found.is_none() {
        let why = format!("`{}` is not installed (Debian package {package})", names[0]);
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{why}: CI must install it (see .ci/run)");
        }
        eprintln!("SKIPPED: {why}; install it to run this test");
    }
    found
}

fn chromium() -> Option<PathBuf> {
    need(
        &[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "/usr/bin/chromium",
        ],
        "chromium",
    )
}

/// Runs a command, killing it after `secs`.
fn run(cmd: &mut Command, secs: u64) -> (bool, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut out = String::new();
            if let Some(mut s) = child.stdout.take() {
                use std::io::Read;
                let _ = s.read_to_string(&mut out);
            }
            return (status.success(), out);
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} took more than {secs} s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Headless Chromium on a file, with its own profile folder.
fn chrome(bin: &Path, profile: &Path, args: &[String], page: &Path) {
    let mut cmd = Command::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .arg(format!("file://{}", page.display()));
    let (ok, _) = run(&mut cmd, 120);
    assert!(ok, "chromium failed on {}", page.display());
}

/// What zbarimg reads in an image: one decoded text per line.
fn zbar(bin: &Path, png: &Path) -> Vec<String> {
    let (_, out) = run(Command::new(bin).args(["-q", "--raw"]).arg(png), 60);
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_qr_codes_decode_to_the_pages_they_print() {
    let (Some(chrome_bin), Some(zbarimg)) = (chromium(), need(&["zbarimg"], "zbar-tools")) else {
        return;
    };
    let s = board_site(SITE_ZH);
    let out = s.build_ok();
    let tmp = tempfile::tempdir().expect("a temporary folder");
    for (page, height) in [
        ("print/index.html", 9000),
        ("print/issues/N2/index.html", 2000),
        ("print/resolutions/R1/index.html", 3000),
    ] {
        let html = read(&out, page);
        let expected = printed_urls(&html);
        let png = tmp.path().join("shot.png");
        let _ = std::fs::remove_file(&png);
        chrome(
            &chrome_bin,
            &tmp.path().join("profile"),
            &[
                format!("--screenshot={}", png.display()),
                format!("--window-size=1000,{height}"),
                "--force-device-scale-factor=1.5".into(),
            ],
            &out.join(page),
        );
        assert!(png.is_file(), "no screenshot of {page}");
        let mut decoded = zbar(&zbarimg, &png);
        decoded.sort();
        let mut want = expected.clone();
        want.sort();
        // Every code on the page is read, and each reads as the address printed under it.
        assert_eq!(decoded, want, "{page}");
        assert!(decoded.iter().all(|u| u.starts_with(BASE)));
        eprintln!("{page}: {} QR codes decoded", decoded.len());
    }
}

/// Prints a page to PDF with Chromium; returns pdfinfo's report, if poppler-utils is there.
fn print_pdf(chrome_bin: &Path, dir: &Path, page: &Path, name: &str) -> (PathBuf, Option<String>) {
    let pdf = dir.join(name);
    let _ = std::fs::remove_file(&pdf);
    chrome(
        chrome_bin,
        &dir.join("profile"),
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
        page,
    );
    let bytes = std::fs::read(&pdf).expect("Chromium wrote the PDF");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let info =
        need(&["pdfinfo"], "poppler-utils").map(|bin| run(Command::new(bin).arg(&pdf), 30).1);
    (pdf, info)
}

fn pages_of(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

#[test]
fn the_edition_prints_on_a4_with_each_part_on_its_own_sheets() {
    let Some(chrome_bin) = chromium() else {
        return;
    };
    let site = board_site(SITE_ZH);
    let out = site.build_ok();
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let (pdf, info) = print_pdf(
        &chrome_bin,
        tmp.path(),
        &out.join("print/index.html"),
        "print.pdf",
    );
    let Some(info) = info else {
        return;
    };
    assert!(info.contains("(A4)"), "{info}");
    // The month and the quarter each start a sheet; a small village fits in a few.
    let pages = pages_of(&info);
    assert!((2..=8).contains(&pages), "{pages} pages:\n{info}");
    eprintln!("print/: {pages} A4 pages");
    // One record fits on one or two sheets.
    let (_, info) = print_pdf(
        &chrome_bin,
        tmp.path(),
        &out.join("print/issues/N2/index.html"),
        "issue.pdf",
    );
    let pages = pages_of(&info.expect("pdfinfo"));
    assert!((1..=2).contains(&pages), "{pages} pages");

    // The codes survive printing: the PDF's pages, rasterised at 150 dpi, decode.
    let (Some(pdftoppm), Some(zbarimg)) = (
        need(&["pdftoppm"], "poppler-utils"),
        need(&["zbarimg"], "zbar-tools"),
    ) else {
        return;
    };
    let prefix = tmp.path().join("page");
    let (ok, _) = run(
        Command::new(pdftoppm)
            .args(["-png", "-r", "150"])
            .arg(&pdf)
            .arg(&prefix),
        120,
    );
    assert!(ok, "pdftoppm failed");
    let mut decoded = BTreeSet::new();
    for e in std::fs::read_dir(tmp.path()).expect("list").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("page") && name.ends_with(".png") {
            decoded.extend(zbar(&zbarimg, &e.path()));
        }
    }
    let want = set(&printed_urls(&read(&out, "print/index.html")));
    assert_eq!(decoded, want);
}

#[test]
fn with_print_paper_a3_the_edition_prints_on_a3() {
    let Some(chrome_bin) = chromium() else {
        return;
    };
    let site = board_site(&format!("{SITE_ZH}print_paper: A3\n"));
    let out = site.build_ok();
    assert!(read(&out, "print/index.html").contains("class=\"paper-a3\""));
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let (_, info) = print_pdf(
        &chrome_bin,
        tmp.path(),
        &out.join("print/index.html"),
        "print.pdf",
    );
    let Some(info) = info else {
        return;
    };
    assert!(info.contains("(A3)"), "{info}");
}

#[test]
fn an_unknown_paper_is_an_error_with_the_choices() {
    let s = board_site(&format!("{SITE_ZH}print_paper: A5\n"));
    let o = s.check();
    let e = only_error(&o);
    assert_at(e, "content/site.yaml", 14, 0);
    assert_says(e, &["A5"], &["A4", "A3"]);
}
