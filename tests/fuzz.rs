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

use gongkai::diag::{Diagnostic, Diagnostics, Lang};
use gongkai::raw::*;
use gongkai::resolve::Options;
use gongkai::{markdown, pipeline, privacy, yaml};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

const CORPUS: &str = "tests/fuzz-corpus";
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
// Inputs.

/// The seed files, by name.
fn corpus() -> &'static [(String, String)] {
    static SEEDS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds: Vec<(String, String)> = std::fs::read_dir(CORPUS)
            .expect("tests/fuzz-corpus/ exists")
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter(|e| e.file_name() != "README.md")
            .map(|e| {
                let bytes = std::fs::read(e.path()).expect("a seed file");
                (
                    e.file_name().to_string_lossy().into_owned(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                )
            })
            .collect();
        seeds.sort();
        assert!(seeds.len() >= 10, "the corpus is missing");
        seeds
    })
}

/// Pieces of YAML, Markdown and HTML that make parsers take unusual paths.
const TOKENS: &[&str] = &[
    "---\n",
    "...\n",
    ":",
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "!!str ",
    "!!binary ",
    "!!map ",
    "!tag ",
    "? ",
    "|",
    "|-",
    "|+",
    ">",
    ">-",
    "'",
    "\"",
    "''",
    "\\",
    "\\u",
    "\\x",
    "#",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "  ",
    "    ",
    "%YAML 1.2\n",
    "%TAG ! tag:x:\n",
    "<<: *a\n",
    "private:",
    "private: {a: &a x}\n",
    "draft: true\n",
    "title: ",
    "id: ",
    "id: ../x\n",
    "timeline:\n  - {date: 2020-03-05, event: raised}\n",
    "2020-03-05",
    "2020-02-30",
    "9999-99-99",
    "99999999999999999999999",
    "-1",
    "0.001",
    "1e999",
    ".nan",
    ".inf",
    "~",
    "null",
    "true",
    "yes",
    "13812345678",
    "138 1234 5678",
    "+86-138-1234-5678",
    "11010519491231002X",
    "110105491231002",
    "4111111111111111",
    "6222 0212 3456 7890 128",
    "１３８１２３４５６７８",
    "\u{feff}",
    "\u{0}",
    "\u{7}",
    "\u{85}",
    "\u{2028}",
    "\u{202e}",
    "\u{fffd}",
    "\u{1F600}",
    "e\u{301}",
    "长",
    "*",
    "**",
    "_",
    "__",
    "`",
    "```",
    "~~~",
    "](",
    ")",
    "![",
    "<",
    ">",
    "<script>",
    "</script>",
    "<div>",
    "</div>",
    "<a href=\"javascript:alert(1)\">",
    "<img src=x onerror=alert(1)>",
    "<!--",
    "-->",
    "<![CDATA[",
    "|---|",
    "| a |",
    "[^1]",
    "[^1]: ",
    "- [ ] ",
    "- [x] ",
    "> ",
    "# ",
    "~~",
    "&amp;",
    "&#",
    "&#x",
    "1. ",
    "* * *",
    "[x]: /u \"t\"",
    "<http://a>",
    "\\\n",
    "{{",
    "}}",
    "{%",
    "%}",
];

#[derive(Clone, Debug)]
enum Mutation {
    Insert(usize, &'static str),
    InsertText(usize, String),
    Delete(usize, usize),
    Duplicate(usize, usize, usize),
    Repeat(usize, &'static str, usize),
    Replace(usize, char),
    Splice(usize, usize, usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        4 => (at, select(TOKENS)).prop_map(|(a, t)| Mutation::Insert(a, t)),
        2 => (at, any::<String>()).prop_map(|(a, s)| Mutation::InsertText(a, s)),
        2 => (at, 0..64usize).prop_map(|(a, n)| Mutation::Delete(a, n)),
        1 => (at, 0..200usize, 1..4usize).prop_map(|(a, n, k)| Mutation::Duplicate(a, n, k)),
        1 => (at, select(TOKENS), 1..3000usize).prop_map(|(a, t, k)| Mutation::Repeat(a, t, k)),
        2 => (at, any::<char>()).prop_map(|(a, c)| Mutation::Replace(a, c)),
        1 => (at, any::<usize>(), any::<usize>(), 0..300usize)
            .prop_map(|(a, f, s, n)| Mutation::Splice(a, f, s, n)),
        1 => at.prop_map(Mutation::Truncate),
    ]
}

/// The char boundary at or before `at % (len + 1)`.
fn boundary(s: &str, at: usize) -> usize {
    let mut i = at % (s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(mut s: String, m: &Mutation) -> String {
    match m {
        Mutation::Insert(a, t) => s.insert_str(boundary(&s, *a), t),
        Mutation::InsertText(a, t) => s.insert_str(boundary(&s, *a), t),
        Mutation::Delete(a, n) => {
            let from = boundary(&s, *a);
            let to = boundary(&s, from + n).max(from);
            let to = if to < from { from } else { to };
            s.replace_range(from..to.min(s.len()).max(from), "");
        }
        Mutation::Duplicate(a, n, k) => {
            let from = boundary(&s, *a);
            let to = boundary(&s, (from + n).min(s.len())).max(from);
            let piece = s[from..to].repeat(*k);
            s.insert_str(to, &piece);
        }
        Mutation::Repeat(a, t, k) => s.insert_str(boundary(&s, *a), &t.repeat(*k)),
        Mutation::Replace(a, c) => {
            let from = boundary(&s, *a);
            if let Some(old) = s[from..].chars().next() {
                s.replace_range(from..from + old.len_utf8(), &c.to_string());
            }
        }
        Mutation::Splice(a, f, start, n) => {
            let seeds = corpus();
            let other = &seeds[f % seeds.len()].1;
            let from = boundary(other, *start);
            let to = boundary(other, (from + n).min(other.len())).max(from);
            let at = boundary(&s, *a);
            s.insert_str(at, &other[from..to]);
        }
        Mutation::Truncate(a) => {
            let at = boundary(&s, *a);
            s.truncate(at);
        }
    }
    // Inputs stay below the 5 MB a record may have.
    if s.len() > 1_000_000 {
        let at = boundary(&s, 1_000_000);
        s.truncate(at);
    }
    s
}

fn mutated() -> impl Strategy<Value = String> {
    (any::<usize>(), prop::collection::vec(mutation(), 1..8)).prop_map(|(i, ms)| {
        let seeds = corpus();
        ms.iter()
            .fold(seeds[i % seeds.len()].1.clone(), apply)
    })
}

fn token_soup() -> impl Strategy<Value = String> {
    (prop::collection::vec(select(TOKENS), 0..120), any::<bool>()).prop_map(|(tokens, fenced)| {
        let soup = tokens.concat();
        if fenced {
            format!("---\n{soup}\n---\n{soup}")
        } else {
            soup
        }
    })
}

/// A YAML value, written by this test's own small emitter.
#[derive(Clone, Debug)]
enum Y {
    Scalar(String),
    Seq(Vec<Y>),
    Map(Vec<(String, Y)>),
}

const FIELDS: &[&str] = &[
    "id",
    "title",
    "raised",
    "source",
    "group",
    "zone",
    "category",
    "reporter",
    "assignee",
    "tags",
    "timeline",
    "date",
    "event",
    "note",
    "meeting",
    "to",
    "audience",
    "draft",
    "private",
    "kind",
    "attendees",
    "items",
    "issue",
    "finding",
    "action",
    "due",
    "escalate_to",
    "issues",
    "affected",
    "budget",
    "steps",
    "proposal",
    "deliberation",
    "review",
    "decision",
    "by",
    "members",
    "present",
    "for",
    "against",
    "abstain",
    "published",
    "result",
    "where",
    "implementation",
    "outcome",
    "start",
    "end",
    "parent",
    "projects",
    "owner",
    "spent",
    "implements",
    "milestones",
    "done",
    "progress",
    "weight",
    "cancelled",
    "teams",
    "name",
    "visited",
    "menu",
    "village",
    "town",
    "district",
    "language",
    "base_url",
    "as_of",
    "feedback_days",
    "public_numbers",
    "groups",
    "zones",
    "people",
    "categories",
    "households",
    "role",
    "theme",
    "description",
];

const VALUES: &[&str] = &[
    "raised",
    "analysed",
    "assigned",
    "in-progress",
    "escalated",
    "resolved",
    "declined",
    "feedback",
    "reopened",
    "closed",
    "village",
    "raiser",
    "inspection",
    "phone",
    "home-visit",
    "land",
    "other",
    "infrastructure",
    "1",
    "2",
    "13",
    "east",
    "zhang",
    "li",
    "2020-03-05",
    "2020-03-06",
    "2020-06-20",
    "2019-12-31",
    "2020-02-29",
    "2021-02-29",
    "annual",
    "five-year",
    "quarterly",
    "analysis",
    "committee",
    "done",
    "not-started",
    "adopted",
    "rejected",
    "withdrawn",
    "pending",
    "0",
    "45",
    "100",
    "101",
    "-1",
    "60",
    "0.5",
    "1200.505",
    "true",
    "false",
    "null",
    "~",
    "",
    "zh-CN",
    "en",
    "https://example.org/x/",
    "I1",
    "M1",
    "R1",
    "P1",
    "P1/x",
    "x",
    "open",
    "page",
    "index",
    "issues",
    "../../etc",
    "13812345678",
    "<script>alert(1)</script>",
    "default",
];

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(VALUES).prop_map(str::to_string),
        2 => "[a-zA-Z0-9 _-]{0,12}",
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => any::<f64>().prop_map(|n| n.to_string()),
        1 => any::<String>(),
    ]
}

fn value() -> impl Strategy<Value = Y> {
    scalar()
        .prop_map(Y::Scalar)
        .prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Y::Seq),
                prop::collection::vec((select(FIELDS).prop_map(str::to_string), inner), 0..6)
                    .prop_map(Y::Map),
            ]
        })
}

/// A scalar as YAML: plain when that reads back the same, else double-quoted.
fn emit_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "-_./ ".contains(c))
        && !s.starts_with([' ', '-', '.'])
        && !s.ends_with(' ');
    if plain {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20
                || c == '\u{7f}'
                || c == '\u{85}'
                || c == '\u{2028}'
                || c == '\u{2029}'
                || c == '\u{feff}' =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn emit(y: &Y) -> String {
    match y {
        Y::Scalar(s) => emit_scalar(s),
        Y::Seq(items) => format!(
            "[{}]",
            items.iter().map(emit).collect::<Vec<_>>().join(", ")
        ),
        Y::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{}: {}", emit_scalar(k), emit(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn generated_document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((select(FIELDS), value()), 0..12),
        token_soup(),
    )
        .prop_map(|(fields, body)| {
            let front: String = fields
                .iter()
                .map(|(k, v)| format!("{k}: {}\n", emit(v)))
                .collect();
            format!("---\n{front}---\n{body}")
        })
}

/// Front matter shaped like an issue, a resolution or a plan, with values near the valid
/// ones: these reach the rules and the rendering.
fn record_shaped() -> impl Strategy<Value = String> {
    let date = select(
        &[
            "2020-03-05",
            "2020-03-06",
            "2020-03-10",
            "2020-02-30",
            "2020-01-01",
        ][..],
    );
    let event = select(
        &[
            "raised",
            "analysed",
            "assigned",
            "in-progress",
            "escalated",
            "resolved",
            "declined",
            "feedback",
            "reopened",
            "closed",
            "raisd",
        ][..],
    );
    let extra = select(
        &[
            "",
            ", note: 说明",
            ", to: 镇城建办",
            ", audience: village",
            ", audience: raiser",
            ", meeting: M1",
            ", assignee: li",
            ", note: 13812345678",
        ][..],
    );
    let events = prop::collection::vec((date, event, extra), 0..8);
    let votes = prop::collection::vec(0u32..60, 5);
    let progress = prop::collection::vec((0i32..130, any::<bool>()), 0..4);
    (events, votes, progress, any::<u8>(), scalar()).prop_map(|(events, v, ms, which, title)| {
        let title = emit_scalar(&title);
        match which % 3 {
            0 => {
                let timeline: String = events
                    .iter()
                    .map(|(d, e, x)| format!("  - {{date: {d}, event: {e}{x}}}\n"))
                    .collect();
                format!("---\ntitle: {title}\nraised: 2020-03-05\nsource: phone\ngroup: \"1\"\ncategory: other\nassignee: zhang\ntimeline:\n{timeline}---\n正文\n")
            }
            1 => format!(
                "---\ntitle: {title}\nsteps:\n  proposal: {{date: 2020-06-02}}\n  deliberation: {{date: 2020-06-05}}\n  review: {{date: 2020-06-12, members: {}, present: {}, for: {}, against: {}, abstain: {}}}\n  decision: {{date: 2020-06-20, members: {}, present: {}, for: {}, against: {}, abstain: {}}}\npublished:\n  decision: {{date: 2020-06-21, where: 公开栏}}\n---\n",
                v[0], v[1], v[2], v[3], v[4], v[0], v[1], v[2], v[3], v[4]
            ),
            _ => {
                let milestones: String = ms
                    .iter()
                    .map(|(p, done)| {
                        let done = if *done { ", done: 2020-03-01" } else { "" };
                        format!("      - {{title: m, due: 2020-06-30, progress: {p}{done}}}\n")
                    })
                    .collect();
                format!("---\ntitle: {title}\nkind: annual\nstart: 2020-01-01\nend: 2020-12-31\nprojects:\n  - id: x\n    title: p\n    budget: {}\n    spent: {}\n    milestones:\n{milestones}---\n", v[0], v[1])
            }
        }
    })
}

fn input() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => mutated(),
        2 => generated_document(),
        2 => record_shaped(),
        1 => token_soup(),
        1 => any::<String>(),
    ]
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
