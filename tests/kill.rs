//! A build killed with SIGKILL while it writes leaves the previous output whole, byte for
//! byte, and the next build succeeds and leaves no temporary folder behind.
//!
//! The site is large enough (hundreds of issues, some 900 files) that writing takes a while
//! even in a release build; the test watches for the build's temporary folder
//! `.public.tmp-PID` beside the output and kills the build while that folder exists.
#![cfg(unix)]

mod common;

use common::*;
use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ISSUES: usize = 400;

/// Writes every issue of the site, their titles carrying `version`.
fn write_issues(site: &Site, version: &str) {
    for n in 1..=ISSUES {
        let id = format!("2020-{n:04}");
        let title = format!("{version}：第{n}号问题，村道路灯损坏，晚上出行不便");
        let text = issue(&id, &title).replace(
            "正文。",
            &format!(
                "{version} 的正文。{}",
                "村民反映路灯损坏已有一周。".repeat(20)
            ),
        );
        site.issue(&id, &text);
    }
}

fn build(site: &Site, out: &Path) -> Run {
    site.run_build(&["--output", &out.to_string_lossy()])
}

/// Temporary folders of builds beside the output.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read the folder of the output")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.tmp-"))
        .collect()
}

/// How a killed build ended.
#[derive(Debug, PartialEq)]
enum Ended {
    /// Killed while its temporary folder existed.
    KilledWhileWriting,
    /// It finished before the kill arrived.
    Finished,
}

/// Starts a build, waits for its temporary folder, waits `delay` more and kills it.
fn kill_while_writing(site: &Site, out: &Path, delay: Duration) -> Ended {
    let dir = out.parent().expect("the output has a parent");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gongkai build starts");
    let tmp = dir.join(format!(".public.tmp-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(300);
    while !tmp.exists() {
        if let Some(status) = child.try_wait().expect("the build can be waited for") {
            panic!("the build ended ({status}) before its temporary folder was seen");
        }
        assert!(Instant::now() < deadline, "no temporary folder after 300 s");
        std::thread::sleep(Duration::from_micros(200));
    }
    std::thread::sleep(delay);
    let was_writing = tmp.exists();
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("the build is reaped");
    match status.signal() {
        Some(9) if was_writing => Ended::KilledWhileWriting,
        Some(9) => Ended::Finished, // killed after the swap, while it was ending
        _ => {
            assert!(status.success(), "the build failed on its own: {status}");
            Ended::Finished
        }
    }
}

#[test]
fn a_build_killed_mid_write_leaves_the_previous_output_whole_and_the_next_build_works() {
    let site = Site::new();
    write_issues(&site, "第一版");
    let outer = tempfile::tempdir().expect("a temporary folder");
    let out = outer.path().join("public");
    let first = build(&site, &out);
    assert_eq!(first.code, 0, "{first:?}");
    let mut before = tree(&out);
    assert!(before.len() > ISSUES, "{} files", before.len());

    // Every page changes in the next version.
    write_issues(&site, "第二版");
    let mut killed = 0;
    // The first kill meets a build with no spare tree (a fresh temporary folder); a good
    // build of the first version then leaves a spare, which the later builds start from.
    for (attempt, delay_ms) in [0u64, 0, 60].into_iter().enumerate() {
        if attempt == 1 {
            write_issues(&site, "第一版");
            let again = build(&site, &out);
            assert_eq!(again.code, 0, "{again:?}");
            assert!(tree(&out) == before, "the same site built twice differs");
            write_issues(&site, "第二版");
        }
        let ended = kill_while_writing(&site, &out, Duration::from_millis(delay_ms));
        let now = tree(&out);
        if now == before {
            if ended == Ended::KilledWhileWriting {
                killed += 1;
            }
        } else {
            // Killed too late (after the swap): the new output must then be whole.
            assert_whole_second_version(&before, &now, &format!("attempt {attempt} ({ended:?})"));
            before = now;
        }
    }
    assert!(
        killed >= 2,
        "only {killed} builds were killed while writing"
    );

    // The next build succeeds, leaves no temporary folder, and writes the whole new site.
    let next = build(&site, &out);
    assert_eq!(next.code, 0, "{next:?}");
    assert_eq!(temporaries(outer.path()), Vec::<String>::new());
    assert_whole_second_version(&before, &tree(&out), "the build after the kills");
}

/// `now` has the files of `before`, and every issue page is of the second version only.
fn assert_whole_second_version(
    before: &BTreeMap<String, Vec<u8>>,
    now: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    assert_eq!(
        now.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "{what}: files are missing or extra"
    );
    let pages = now.iter().filter(|(p, _)| p.starts_with("issues/2020-"));
    let mut seen = 0;
    for (path, bytes) in pages {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            text.contains("第二版") && !text.contains("第一版"),
            "{what}: {path} is not the second version alone"
        );
        seen += 1;
    }
    assert!(seen >= ISSUES, "{what}: {seen} issue pages");
}
