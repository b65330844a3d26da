//! The web checks of the published site (tests/web/check.mjs): axe-core in headless Chromium
//! on every page kind at 1280 and 390 px, keyboard and skip link, page weight, pages without
//! JavaScript, search in the browser, the Nu Html Checker, linkinator, the feed in feedparser
//! and the sitemap, on the demo village built in zh-CN and en.
//!
//! They need node, chromium, java, python3 with feedparser and `npm ci` in tests/web. A check
//! whose tool is missing is skipped, and says so on the terminal even without `--nocapture`;
//! in CI (CI=true) a missing tool fails. `.ci/run` runs the driver itself, with its output in
//! the log, and sets GONGKAI_WEB_CHECKS=ci so that they are not run twice.

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// Written past the test harness's capture, so that a skip is seen in a plain `cargo test`.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

fn on_path(name: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).any(|d| d.join(name).is_file())
}

#[test]
fn web_checks_of_the_published_site() {
    if std::env::var("GONGKAI_WEB_CHECKS").is_ok_and(|v| v == "ci") {
        say("SKIPPED: web checks: .ci/run runs tests/web/check.mjs itself");
        return;
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/web");
    let mut missing = Vec::new();
    if !on_path("node") {
        missing.push("every web check needs node (Debian package nodejs)");
    }
    if !web.join("node_modules").is_dir() {
        missing.push("axe, html, links need the npm packages: run `npm ci` in tests/web");
    }
    if !missing.is_empty() {
        for m in &missing {
            say(&format!("SKIPPED: {m}"));
        }
        assert!(
            !ci,
            "CI must install what the web checks need (see .ci/run)"
        );
        return;
    }
    // The driver says which checks it skipped for a missing chromium, java or feedparser.
    let run = Command::new("node")
        .arg(web.join("check.mjs"))
        .env("GONGKAI_BIN", env!("CARGO_BIN_EXE_gongkai"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    for line in stdout.lines().filter(|l| l.starts_with("SKIPPED")) {
        say(line);
    }
    assert!(
        run.status.success(),
        "the web checks failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
