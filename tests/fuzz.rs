//! Fuzzing the readers of what clerks write: the front-matter split, the YAML reader into each
//! raw record type, YAML positions, the personal-number finder and scan, Markdown to safe
//! HTML, and the whole check (and render) of a one-file site. No input may panic or hang.
//!
//! Inputs: every seed file of `tests/fuzz-corpus/`, replayed as it is; then mutations of the
//! seeds (tokens of YAML and Markdown inserted, repeated thousands of times, spliced…),
//! generated YAML documents and record-shaped front matter.
//!
//! How much: `GONGKAI_FUZZ_CASES` generated inputs per test (default 24, for `cargo test`), or
//! `GONGKAI_FUZZ_SECONDS` of fuzzing per test. Each test prints how many inputs it ran. CI:
//! `GONGKAI_FUZZ_SECONDS=30 cargo test --release --test fuzz -- --nocapture`.
//!
//! A failure is shrunk by proptest and its seed kept in `tests/fuzz-corpus/regressions/`;
//! add the shrunk input to the corpus as a file, so that it is replayed for ever.
//!
//! Hangs: each input must be done within `CASE_LIMIT`; a watchdog aborts the run, printing the
//! input, if one takes longer than `HANG_LIMIT` (a hang never returns to be measured).

mod common;
#[path = "fuzz/inputs.rs"]
mod inputs;

use gongkai::diag::{Diagnostic, Diagnostics, Lang};
use gongkai::raw::*;
use gongkai::resolve::Options;
use gongkai::{markdown, pipeline, privacy, yaml};
use inputs::{corpus, fields, input, tokens, unescape, values};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

const REGRESSIONS: &str = "tests/fuzz-corpus/regressions/seeds.txt";
/// Generous: a debug build on a busy two-core machine, inputs of a few hundred kilobytes.
const CASE_LIMIT: Duration = Duration::from_secs(20);
const HANG_LIMIT: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------------------------------
// How much to run, and the watchdog.

struct Budget {
    cases: u64,
    until: Option<Instant>,
}

fn budget() -> Budget {
    let env = |name: &str| {
        std::env::var(name).ok().map(|v| {
            v.trim()
                .parse::<u64>()
                .unwrap_or_else(|_| panic!("{name}={v}: a whole number"))
        })
    };
    match (env("GONGKAI_FUZZ_SECONDS"), env("GONGKAI_FUZZ_CASES")) {
        (Some(secs), cases) => Budget {
            cases: cases.unwrap_or(u64::MAX),
            until: Some(Instant::now() + Duration::from_secs(secs)),
        },
        (None, cases) => Budget {
            cases: cases.unwrap_or(24),
            until: None,
        },
    }
}

/// The input being tried by each test thread, with when it started.
static CURRENT: Mutex<Vec<(String, Instant, String)>> = Mutex::new(Vec::new());

fn watchdog() {
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        std::thread::spawn(|| loop {
            std::thread::sleep(Duration::from_millis(500));
            let current = CURRENT.lock().unwrap_or_else(|e| e.into_inner());
            for (name, since, input) in current.iter() {
                if since.elapsed() > HANG_LIMIT {
                    let kept = Path::new("target/fuzz-hang-input.txt");
                    let _ = std::fs::write(kept, input);
                    eprintln!(
                        "HANG: {name} has run one input for {:?}; it is kept in {}:\n{input:?}",
                        since.elapsed(),
                        kept.display()
                    );
                    std::process::abort();
                }
            }
        });
    });
}

/// Runs `check` on one input, timed, known to the watchdog.
fn timed(
    name: &str,
    input: &str,
    check: impl FnOnce() -> Result<(), TestCaseError>,
) -> Result<(), TestCaseError> {
    let key = format!("{name} {:?}", std::thread::current().id());
    CURRENT.lock().unwrap_or_else(|e| e.into_inner()).push((
        key.clone(),
        Instant::now(),
        input.to_string(),
    ));
    let start = Instant::now();
    let result = check();
    let took = start.elapsed();
    CURRENT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|(k, _, _)| *k != key);
    result?;
    prop_assert!(took < CASE_LIMIT, "{name}: one input took {took:?}");
    Ok(())
}

/// Replays the corpus, then fuzzes `strategy` within the budget; prints the count.
fn fuzz<S: Strategy<Value = String>>(
    name: &str,
    strategy: S,
    check: impl Fn(&str) -> Result<(), TestCaseError>,
) {
    watchdog();
    let start = Instant::now();
    for (file, text) in corpus() {
        timed(name, text, || check(text)).unwrap_or_else(|e| panic!("{name}: seed {file}: {e}"));
    }
    let budget = budget();
    let ran = AtomicU64::new(0);
    loop {
        let done = ran.load(Ordering::Relaxed);
        let left = budget.cases.saturating_sub(done);
        let out_of_time = budget.until.is_some_and(|t| Instant::now() >= t);
        if left == 0 || out_of_time {
            break;
        }
        let mut runner = TestRunner::new(Config {
            cases: left.min(256) as u32,
            failure_persistence: Some(Box::new(FileFailurePersistence::Direct(REGRESSIONS))),
            max_shrink_iters: 4096,
            ..Config::default()
        });
        let result = runner.run(&strategy, |input| {
            ran.fetch_add(1, Ordering::Relaxed);
            timed(name, &input, || check(&input))
        });
        if let Err(e) = result {
            panic!("{name}: {e}");
        }
    }
    println!(
        "fuzz {name}: {} seed files and {} generated inputs in {:.1} s",
        corpus().len(),
        ran.load(Ordering::Relaxed),
        start.elapsed().as_secs_f64()
    );
}

// ---------------------------------------------------------------------------------------
// What must hold for every input.

/// Words that would show a Rust type to a clerk.
const RUST_WORDS: &[&str] = &[
    "Option<",
    "Vec<",
    "RawIssue",
    "RawMeeting",
    "RawResolution",
    "RawPlan",
    "RawVisit",
    "RawPage",
    "RawSite",
    "RawEvent",
    "IgnoredAny",
    "struct ",
    "u32",
    "u64",
    "i64",
    "f64",
    "usize",
    "BTreeMap",
];

fn clerk_words_only(what: &str, text: &str) -> Result<(), TestCaseError> {
    // What the clerk wrote is quoted (“…” or `…`), or is the path of a field, and may hold
    // anything.
    let text = match (text.find(" (in "), text.find("（在 ")) {
        (Some(i), _) | (None, Some(i)) => &text[..i],
        (None, None) => text,
    };
    let mut ours = String::new();
    let mut quoted = None;
    for c in text.chars() {
        match (quoted, c) {
            (None, '“') => quoted = Some('”'),
            (None, '`') => quoted = Some('`'),
            (Some(end), c) if c == end => quoted = None,
            (Some(_), _) => {}
            (None, c) => ours.push(c),
        }
    }
    for w in RUST_WORDS {
        prop_assert!(!ours.contains(w), "{what} shows `{w}`: {}", short(text));
    }
    Ok(())
}

fn parse_as<T: serde::de::DeserializeOwned>(
    front: &str,
    line: usize,
    lang: Lang,
) -> Result<(), TestCaseError> {
    if let Err(e) = yaml::parse::<T>(front, line, lang) {
        prop_assert!(
            e.pos.line >= line,
            "a YAML error before its document: {e:?}"
        );
        prop_assert!(!e.message.is_empty());
        clerk_words_only("a YAML message", &e.message)?;
        clerk_words_only("a YAML hint", e.hint.as_deref().unwrap_or(""))?;
    }
    Ok(())
}

/// The start tags of sanitized HTML (as html5ever writes it: `<` in text is escaped, values
/// are double-quoted) with their attributes.
fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &rest[name.len()..];
        let mut attrs = Vec::new();
        loop {
            rest = rest.trim_start();
            if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
                break;
            }
            let key: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '=' && *c != '>')
                .collect();
            rest = &rest[key.len()..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix("=\"") {
                let end = after.find('"').unwrap_or(after.len());
                value = after[..end].to_string();
                rest = &after[(end + 1).min(after.len())..];
            } else if key.is_empty() {
                rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
            }
            attrs.push((key.to_ascii_lowercase(), value));
        }
        out.push((name.to_ascii_lowercase(), attrs));
    }
    out
}

/// The scheme of an address, as a browser reads it: letters, digits, `+`, `-`, `.`, starting
/// with a letter, before a colon; anything else is a relative address.
fn url_scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some(scheme)
}

/// The start of a long text, for messages.
fn short(s: &str) -> String {
    if s.chars().count() > 400 {
        format!("{}…", s.chars().take(400).collect::<String>())
    } else {
        s.to_string()
    }
}

fn markdown_is_safe(body: &str) -> Result<(), TestCaseError> {
    let html = markdown::to_html(body);
    let _ = markdown::summary(body, 80);
    for (name, attrs) in start_tags(&html) {
        prop_assert!(
            ![
                "script", "iframe", "form", "object", "embed", "style", "svg", "math", "base",
                "meta", "link"
            ]
            .contains(&name.as_str()),
            "<{name}> survived: {}",
            short(&html)
        );
        for (a, v) in attrs {
            prop_assert!(
                !a.starts_with("on"),
                "<{name} {a}=…> survived: {}",
                short(&html)
            );
            if ["href", "src", "cite"].contains(&a.as_str()) {
                // As a browser's URL parser: &amp; decoded, C0 controls and spaces trimmed at
                // the ends, tabs and newlines dropped anywhere.
                let v: String = v
                    .replace("&amp;", "&")
                    .to_ascii_lowercase()
                    .trim_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect();
                let scheme = url_scheme(&v);
                prop_assert!(
                    scheme.is_none_or(|s| ["http", "https", "mailto", "tel"].contains(&s)),
                    "<{name} {a}=\"{v}\"> survived: {}",
                    short(&html)
                );
            }
        }
    }
    Ok(())
}

fn finder_is_consistent(text: &str) -> Result<(), TestCaseError> {
    let chars = text.chars().count();
    let mut last = None;
    for hit in privacy::find(text) {
        prop_assert!(hit.offset < chars);
        prop_assert!(last.is_none_or(|l| hit.offset > l), "offsets go back");
        last = Some(hit.offset);
        let n = &hit.number;
        prop_assert!(n.bytes().all(|b| b.is_ascii_digit() || b == b'X'), "{n}");
        let ok_len = match hit.kind {
            privacy::Found::Mobile => n.len() == 11,
            privacy::Found::IdCard => n.len() == 15 || n.len() == 18,
            privacy::Found::BankCard => (16..=19).contains(&n.len()),
        };
        prop_assert!(ok_len, "{:?} {n}", hit.kind);
        let masked = privacy::mask(n);
        prop_assert!(masked.contains('*') && masked.len() == n.len(), "{masked}");
    }
    Ok(())
}

/// Every reader, on one text.
fn readers(text: &str) -> Result<(), TestCaseError> {
    let lang = if text.len() % 2 == 0 {
        Lang::Zh
    } else {
        Lang::En
    };
    let (front, front_line, body, body_line) = match yaml::split_front_matter(text, lang) {
        Ok(s) => {
            prop_assert!(s.front_line == 2 && s.body_line >= 3);
            prop_assert!(text.contains(s.front) && text.ends_with(s.body));
            (s.front, s.front_line, s.body, s.body_line)
        }
        Err(e) => {
            prop_assert_eq!(e.pos.line, 1);
            (text, 1, "", 0)
        }
    };
    parse_as::<RawIssue>(front, front_line, lang)?;
    parse_as::<RawMeeting>(front, front_line, lang)?;
    parse_as::<RawResolution>(front, front_line, lang)?;
    parse_as::<RawPlan>(front, front_line, lang)?;
    parse_as::<RawVisit>(front, front_line, lang)?;
    parse_as::<RawPage>(front, front_line, lang)?;
    parse_as::<RawSite>(front, front_line, lang)?;
    let pos = yaml::positions(front, front_line);
    // YAML breaks lines at CR too (the real reader has folded CRLF by now).
    let lines = text.matches(['\n', '\r']).count() + 1;
    for s in pos.scalars.iter().take(10_000) {
        prop_assert!(
            s.pos.line >= front_line && s.pos.line <= front_line + lines,
            "{s:?}"
        );
        let _ = (pos.at(&s.path), pos.key(&s.path));
    }
    let _ = pos.keys_of("");
    let _ = pos.at("timeline.0.event");
    let mut diags = Diagnostics::new(lang);
    privacy::scan(
        "f.md",
        &pos,
        body,
        body_line,
        &["021-57350000".into()],
        &mut diags,
    );
    for d in diags.sorted() {
        prop_assert!(d.line >= 1, "{d:?}");
        clerk_words_only("a privacy message", &d.message)?;
        prop_assert!(
            !d.message
                .chars()
                .collect::<Vec<_>>()
                .windows(11)
                .any(|w| w.iter().all(char::is_ascii_digit)),
            "a number is shown unmasked: {}",
            short(&d.message)
        );
    }
    finder_is_consistent(text)?;
    markdown_is_safe(body)?;
    markdown_is_safe(text)
}

/// A one-file site, reused from input to input.
struct OneFileSite {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

const SITE: &str = "title: 测试村\nvillage: 测试村\nbase_url: https://example.org/t/\nas_of: 2020-11-13\ngroups:\n  - {id: \"1\", name: 1组, households: 40}\npeople:\n  - {id: zhang, name: 张卫国, role: 书记}\n  - {id: li, name: 李明, role: 主任}\n";

const FOLDERS: &[(&str, &str)] = &[
    ("issues", "md"),
    ("meetings", "md"),
    ("resolutions", "md"),
    ("plans", "md"),
    ("visits", "yaml"),
    ("pages", "md"),
];

impl OneFileSite {
    fn new() -> OneFileSite {
        let dir = tempfile::Builder::new()
            .prefix("gongkai-fuzz-")
            .tempdir()
            .expect("a temporary folder");
        let root = dir.path().to_path_buf();
        OneFileSite { _dir: dir, root }
    }

    /// Writes `text` as the one record (or as site.yaml), checks, and renders when valid.
    fn check(&self, text: &str) -> Result<(), TestCaseError> {
        let content = self.root.join("content");
        let _ = std::fs::remove_dir_all(&content);
        std::fs::create_dir_all(&content).unwrap();
        // The kind of file follows from the text, so that shrinking keeps it.
        let which = text
            .bytes()
            .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize))
            % 8;
        if which == 7 {
            std::fs::write(content.join("site.yaml"), text).unwrap();
            std::fs::create_dir_all(content.join("issues")).unwrap();
            std::fs::write(content.join("issues/a.md"), common::issue("a", "问题")).unwrap();
        } else {
            std::fs::write(content.join("site.yaml"), SITE).unwrap();
            // Record-shaped input is shaped for issues, resolutions and plans alike.
            let (folder, ext) = FOLDERS[which % FOLDERS.len()];
            std::fs::create_dir_all(content.join(folder)).unwrap();
            std::fs::write(content.join(folder).join(format!("x.{ext}")), text).unwrap();
        }
        let outcome = pipeline::check(&self.root, &Options::default());
        for d in &outcome.diagnostics {
            diagnostic_is_for_a_clerk(d)?;
        }
        if outcome.errors() == 0 {
            prop_assert!(outcome.model.is_some(), "no errors but no model");
            let model = outcome.model.as_ref().unwrap();
            let mut diags = Diagnostics::new(outcome.lang);
            let rendered = pipeline::render_model(&self.root, model, false, &mut diags);
            for d in diags.sorted() {
                prop_assert!(
                    false,
                    "a valid site failed to render: {}",
                    d.display(outcome.lang)
                );
            }
            prop_assert!(rendered.is_some_and(|r| r.files.contains_key("index.html")));
        }
        Ok(())
    }
}

fn diagnostic_is_for_a_clerk(d: &Diagnostic) -> Result<(), TestCaseError> {
    prop_assert!(!d.file.is_empty() && !d.message.is_empty(), "{d:?}");
    clerk_words_only("a message", &d.message)?;
    clerk_words_only("a hint", d.hint.as_deref().unwrap_or(""))
}

// ---------------------------------------------------------------------------------------
// The fuzz tests.

#[test]
fn the_readers_never_panic_or_hang() {
    fuzz("readers", input(), readers);
}

#[test]
fn checking_a_one_file_site_never_panics_or_hangs() {
    let site = OneFileSite::new();
    fuzz("pipeline", input(), |text| site.check(text));
}

#[test]
fn the_dictionaries_read_back_with_their_escapes() {
    let t = tokens();
    for want in [
        "---\n", ": ", "- ", "\u{0}", "\r\n", "\t", "\u{feff}", "# ", "\\", "<script>",
    ] {
        assert!(t.iter().any(|x| x == want), "{want:?} is not a token");
    }
    assert!(values().iter().any(String::is_empty), "the empty value");
    assert!(fields().iter().any(|f| f == "private"));
    assert_eq!(unescape("a\\u{20}b\\\\c\\n"), "a b\\c\n");
}

#[test]
fn the_corpus_holds_what_it_should() {
    // The seeds cover every kind of record and the known hard cases.
    let names: Vec<&str> = corpus().iter().map(|(n, _)| n.as_str()).collect();
    for want in [
        "issue.md",
        "meeting.md",
        "resolution.md",
        "plan.md",
        "visit.yaml",
        "page.md",
        "site.yaml",
        "anchors.md",
        "billion-laughs.md",
        "deep-markdown.md",
        "markdown-xss.md",
        "numbers.md",
    ] {
        assert!(names.contains(&want), "{want} is missing from the corpus");
    }
}
