//! The inputs of tests/fuzz.rs: the seed files of tests/fuzz-corpus/, mutations of them made
//! with the dictionaries of tests/fuzz-corpus/dictionary/, generated YAML documents, and front
//! matter shaped like records.

use proptest::prelude::*;
use proptest::sample::select;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

const CORPUS: &str = "tests/fuzz-corpus";

/// The seed files, by name.
pub fn corpus() -> &'static [(String, String)] {
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

/// A dictionary of tests/fuzz-corpus/dictionary/: one entry a line, escapes decoded.
fn dictionary(name: &str) -> &'static [String] {
    static DICTS: Mutex<Vec<(String, &'static [String])>> = Mutex::new(Vec::new());
    let mut dicts = DICTS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, d)) = dicts.iter().find(|(n, _)| n == name) {
        return d;
    }
    let path = Path::new(CORPUS).join("dictionary").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let entries: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with("# ") && !l.is_empty())
        .map(unescape)
        .collect();
    assert!(entries.len() > 10, "{name} is nearly empty");
    let leaked: &'static [String] = Box::leak(entries.into_boxed_slice());
    dicts.push((name.to_string(), leaked));
    leaked
}

/// `\n` `\r` `\t` `\\` `\u{hex}` decoded; `\e` alone is the empty text.
pub fn unescape(line: &str) -> String {
    if line == "\\e" {
        return String::new();
    }
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                out.push(
                    u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .expect("a \\u{hex} escape"),
                );
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Pieces of YAML, Markdown and HTML that make parsers take unusual paths.
pub fn tokens() -> &'static [String] {
    dictionary("tokens.txt")
}

#[derive(Clone, Debug)]
enum Mutation {
    Insert(usize, String),
    InsertText(usize, String),
    Delete(usize, usize),
    Duplicate(usize, usize, usize),
    Repeat(usize, String, usize),
    Replace(usize, char),
    Splice(usize, usize, usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        4 => (at, select(tokens())).prop_map(|(a, t)| Mutation::Insert(a, t)),
        2 => (at, any::<String>()).prop_map(|(a, s)| Mutation::InsertText(a, s)),
        2 => (at, 0..64usize).prop_map(|(a, n)| Mutation::Delete(a, n)),
        1 => (at, 0..200usize, 1..4usize).prop_map(|(a, n, k)| Mutation::Duplicate(a, n, k)),
        1 => (at, select(tokens()), 1..3000usize).prop_map(|(a, t, k)| Mutation::Repeat(a, t, k)),
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
        ms.iter().fold(seeds[i % seeds.len()].1.clone(), apply)
    })
}

fn token_soup() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(select(tokens()), 0..120),
        any::<bool>(),
    )
        .prop_map(|(tokens, fenced)| {
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

pub fn fields() -> &'static [String] {
    dictionary("fields.txt")
}

pub fn values() -> &'static [String] {
    dictionary("values.txt")
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(values()),
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
                prop::collection::vec((select(fields()), inner), 0..6).prop_map(Y::Map),
            ]
        })
}

/// A scalar as YAML: plain when that reads back the same, else double-quoted.
pub fn emit_scalar(s: &str) -> String {
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
        prop::collection::vec((select(fields()), value()), 0..12),
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

pub fn input() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => mutated(),
        2 => generated_document(),
        2 => record_shaped(),
        1 => token_soup(),
        1 => any::<String>(),
    ]
}
