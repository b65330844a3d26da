//! Site search that works for Chinese: a static index made at build time and searched in the
//! browser by `themes/default/static/search.js`, which mirrors [`search`] line for line.
//!
//! General site generators split their index on spaces, and Chinese has none. Here a run of
//! Chinese characters is indexed as its single characters and its character pairs (bigrams,
//! with their positions); other letters and digits as lowercased words. A query is cut the same
//! way into terms: each run of Chinese characters is one term that must occur *as written* in
//! one field (a two-character term is one bigram, so 危桥 never matches 危…桥 held apart; a
//! longer one needs its bigrams at consecutive positions), each word is a term, and a record
//! must hold every term. Title hits rank first.
//!
//! Only published, public fields are indexed (the model holds nothing private); drafts never.
//!
//! ## Files (format 1), under `/search/`
//! - `meta.json`: `{"format":1,"v":"<hash of the index>","docs":N,"shards":S,"chunk":C,
//!   "weights":[100,10,1]}`.
//! - `s/<k>.json` for k in 0..S: `{"<token>":[…],…}`, the tokens whose FNV-1a 32-bit hash of
//!   their UTF-8 bytes is k modulo S (S is a power of two, chosen so that a shard is ~24 KB).
//!   A token's postings are a flat list of integers, one entry per (record, field) holding it,
//!   records ascending: `doc-delta, field, n`, then for a bigram token its `n` positions
//!   (delta-coded, from 0); for a single character or a word `n` is the number of occurrences.
//!   `doc-delta` is the record number minus the previous entry's (0: the same record, another
//!   field). Fields: 0 title, 1 facets (status, group, zone, category, source, kind, tags, id),
//!   2 text (the body and notes). A bigram's position counts the Chinese characters of its field
//!   before it, so two bigrams follow each other in the text exactly when their positions do.
//! - `d/<c>.json`: records `c*C … c*C+C-1` as `[url, title, kind, meta]` (url relative to the
//!   site root; kind and meta already in the site's language). Records are numbered newest
//!   first, so the first chunk usually holds the best hits.
//!
//! The browser fetches `meta.json`, the shards of the query's tokens, then the chunks of the
//! hits it shows: a few kilobytes to a few tens of kilobytes per query at 10,000 issues.
//! Shards and chunks are fetched with `?v=<hash>`, so a rebuilt index is never mixed with a
//! cached one.

use crate::date::Date;
use crate::model::{EventKind, Model};
use crate::view::Labels;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// The version of the file format above.
pub const FORMAT: u32 = 1;
/// Records per `d/<c>.json`.
pub const CHUNK: usize = 200;
/// The size a shard aims at; the number of shards is the power of two that gets closest.
const TARGET_SHARD_BYTES: usize = 24 * 1024;
const MAX_SHARDS: usize = 4096;
/// The weight of a hit in each field: a title hit outranks anything else.
pub const WEIGHTS: [u32; 3] = [100, 10, 1];

/// Where a text of a record sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Title = 0,
    Facet = 1,
    Text = 2,
}

/// A record as indexed.
#[derive(Clone, Debug)]
pub struct Doc {
    pub url: String,
    pub title: String,
    pub kind: String,
    pub meta: String,
    /// For the order of records: newest first.
    pub date: Date,
    pub fields: Vec<(Field, String)>,
}

// ---------------------------------------------------------------------------------------
// Tokens

/// Chinese (and Japanese, Korean) characters: indexed one by one and in pairs.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3007
        | 0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3134F)
}

/// Letters and digits of words (anything alphanumeric that is not CJK).
fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Folds full-width ASCII to ASCII and lowercases: `ＡＢ１` and `ab1` are the same word.
fn fold(c: char, out: &mut Vec<char>) {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    out.extend(c.to_lowercase());
}

/// A piece of text cut into runs: Chinese characters, words, and the breaks between them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    Cjk(Vec<char>),
    Word(String),
}

/// The runs of a text, in order (separators dropped).
pub fn runs(text: &str) -> Vec<Run> {
    let mut chars = Vec::with_capacity(text.len());
    for c in text.chars() {
        fold(c, &mut chars);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_cjk(c) {
            let start = i;
            while i < chars.len() && is_cjk(chars[i]) {
                i += 1;
            }
            out.push(Run::Cjk(chars[start..i].to_vec()));
        } else if is_word(c) {
            let start = i;
            while i < chars.len() && is_word(chars[i]) {
                i += 1;
            }
            out.push(Run::Word(chars[start..i].iter().collect()));
        } else {
            i += 1;
        }
    }
    out
}

/// The tokens of one field: bigrams with the positions of their first character (counted in
/// Chinese characters of the field), single characters and words with their counts.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FieldTokens {
    pub bigrams: BTreeMap<String, Vec<u32>>,
    pub counts: BTreeMap<String, u32>,
}

pub fn field_tokens(text: &str) -> FieldTokens {
    let mut t = FieldTokens::default();
    let mut pos: u32 = 0;
    for run in runs(text) {
        match run {
            Run::Cjk(cs) => {
                for (k, c) in cs.iter().enumerate() {
                    *t.counts.entry(c.to_string()).or_default() += 1;
                    if let Some(next) = cs.get(k + 1) {
                        let pair: String = [*c, *next].iter().collect();
                        t.bigrams.entry(pair).or_default().push(pos + k as u32);
                    }
                }
                pos += cs.len() as u32;
            }
            Run::Word(w) => *t.counts.entry(w).or_default() += 1,
        }
    }
    t
}

/// A token holds positions exactly when it is two CJK characters.
fn is_bigram(token: &str) -> bool {
    let mut it = token.chars();
    matches!((it.next(), it.next(), it.next()), (Some(a), Some(b), None) if is_cjk(a) && is_cjk(b))
}

/// FNV-1a, 32 bits, over the UTF-8 bytes: the shard of a token.
pub fn fnv1a32(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

// ---------------------------------------------------------------------------------------
// The records

/// Markdown to plain text: every text and code span, blocks separated by newlines.
fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for ev in Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_))
            | Event::End(TagEnd::TableCell) => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn join(parts: impl IntoIterator<Item = String>) -> String {
    parts
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The indexed records of the site: issues, resolutions, plans and meetings, drafts left out.
pub fn docs(model: &Model, t: &Labels) -> Vec<Doc> {
    let site = &model.site;
    let lang = site.lang;
    let label = |k: &str| t.0.get(k).cloned().unwrap_or_else(|| k.to_string());
    let sep = " · ";
    let group = |id: &str| site.group(id).map_or(id.to_string(), |g| g.name.clone());
    let category = |id: &str| site.category(id).map_or(id.to_string(), |c| c.name.clone());
    let person = |id: &Option<String>| {
        id.as_deref()
            .and_then(|i| site.person(i))
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for i in model.issues.iter().filter(|i| !i.origin.draft) {
        let status = t.code("status", i.status.code());
        let facets = join(
            [
                status.clone(),
                group(&i.group),
                i.zone
                    .as_deref()
                    .and_then(|z| site.zone(z))
                    .map(|z| z.name.clone())
                    .unwrap_or_default(),
                category(&i.category),
                t.code("source", i.source.code()),
                label("kind_issue"),
                i.id.clone(),
            ]
            .into_iter()
            .chain(i.tags.iter().cloned()),
        );
        let mut text = vec![plain(&i.origin.body), person(&i.assignee)];
        for e in &i.timeline {
            text.extend(e.note.clone());
            if e.kind == EventKind::Escalated {
                text.extend(e.to.clone());
            }
        }
        out.push(Doc {
            url: format!("issues/{}/", i.id),
            title: i.title.clone(),
            kind: label("kind_issue"),
            meta: [status, group(&i.group), i.raised.text(lang)].join(sep),
            date: i.last_date,
            fields: vec![
                (Field::Title, i.title.clone()),
                (Field::Facet, facets),
                (Field::Text, join(text)),
            ],
        });
    }
    for r in model.resolutions.iter().filter(|r| !r.origin.draft) {
        let outcome = t.code("outcome", r.outcome.code());
        let facets = join([
            outcome.clone(),
            r.implementation
                .map(|x| t.code("implementation", x.code()))
                .unwrap_or_default(),
            label("kind_resolution"),
            r.id.clone(),
        ]);
        let date = r.date.unwrap_or(site.as_of);
        let mut meta = vec![outcome];
        meta.extend(r.date.map(|d| d.text(lang)));
        out.push(Doc {
            url: format!("resolutions/{}/", r.id),
            title: r.title.clone(),
            kind: label("kind_resolution"),
            meta: meta.join(sep),
            date,
            fields: vec![
                (Field::Title, r.title.clone()),
                (Field::Facet, facets),
                (
                    Field::Text,
                    join([r.finding.clone().unwrap_or_default(), plain(&r.origin.body)]),
                ),
            ],
        });
    }
    for p in model.plans.iter().filter(|p| !p.origin.draft) {
        let kind = t.code("plan_kind", p.kind.code());
        let mut text = Vec::new();
        for q in &p.projects {
            text.push(q.title.clone());
            text.extend(q.category.as_deref().map(category));
            text.push(person(&q.owner));
            text.extend(q.milestones.iter().map(|m| m.title.clone()));
        }
        text.push(plain(&p.origin.body));
        let span = match (p.start, p.end) {
            (Some(a), Some(b)) => format!("{}–{}", a.text(lang), b.text(lang)),
            (Some(a), None) => a.text(lang),
            (None, Some(b)) => b.text(lang),
            (None, None) => String::new(),
        };
        out.push(Doc {
            url: format!("plans/{}/", p.id),
            title: p.title.clone(),
            kind: label("kind_plan"),
            meta: join([kind.clone(), span]).replace('\n', sep),
            date: p.start.or(p.end).unwrap_or(site.as_of),
            fields: vec![
                (Field::Title, p.title.clone()),
                (
                    Field::Facet,
                    join([kind, label("kind_plan"), p.id.clone()]),
                ),
                (Field::Text, join(text)),
            ],
        });
    }
    for m in model.meetings.iter().filter(|m| !m.origin.draft) {
        let kind = t.code("meeting_kind", m.kind.code());
        let mut text = Vec::new();
        for it in &m.items {
            text.extend(it.finding.clone());
            text.extend(it.action.clone());
            text.extend(it.escalate_to.clone());
        }
        text.push(plain(&m.origin.body));
        out.push(Doc {
            url: format!("meetings/{}/", m.id),
            title: m.title.clone(),
            kind: label("kind_meeting"),
            meta: [kind.clone(), m.date.text(lang)].join(sep),
            date: m.date,
            fields: vec![
                (Field::Title, m.title.clone()),
                (
                    Field::Facet,
                    join([kind, label("kind_meeting"), m.id.clone()]),
                ),
                (Field::Text, join(text)),
            ],
        });
    }
    out
}

// ---------------------------------------------------------------------------------------
// The index

/// The index files, by path under the site root (`search/meta.json` …). Records are
/// numbered newest first (the url breaks ties, so the numbering is the same at every build).
pub fn build(docs: &[Doc]) -> Vec<(String, Vec<u8>)> {
    let mut docs: Vec<&Doc> = docs.iter().collect();
    docs.sort_by(|a, b| (b.date, &a.url).cmp(&(a.date, &b.url)));
    // token → (last record holding it, its postings)
    let mut postings: HashMap<String, (u32, Vec<u32>)> = HashMap::new();
    let mut add = |token: &str, doc: u32, field: Field, tail: &[u32]| {
        let e = postings
            .entry(token.to_string())
            .or_insert_with(|| (0, Vec::new()));
        let delta = doc - e.0;
        e.0 = doc;
        e.1.extend([delta, field as u32]);
        e.1.extend_from_slice(tail);
    };
    for (n, d) in docs.iter().enumerate() {
        let n = n as u32;
        let mut fields: Vec<&(Field, String)> = d.fields.iter().collect();
        fields.sort_by_key(|(f, _)| *f);
        // Several texts of one field are one field.
        let mut merged: Vec<(Field, String)> = Vec::new();
        for (f, text) in fields {
            match merged.last_mut() {
                Some((g, t)) if g == f => {
                    t.push('\n');
                    t.push_str(text);
                }
                _ => merged.push((*f, text.clone())),
            }
        }
        for (f, text) in &merged {
            let ft = field_tokens(text);
            for (tok, positions) in &ft.bigrams {
                let mut tail = vec![positions.len() as u32];
                let mut prev = 0;
                for p in positions {
                    tail.push(p - prev);
                    prev = *p;
                }
                add(tok, n, *f, &tail);
            }
            for (tok, count) in &ft.counts {
                add(tok, n, *f, &[*count]);
            }
        }
    }
    let mut encoded: BTreeMap<String, String> = BTreeMap::new();
    let mut total = 0;
    for (tok, (_, list)) in postings {
        let mut s = String::with_capacity(list.len() * 3);
        s.push('[');
        for (k, x) in list.iter().enumerate() {
            if k > 0 {
                s.push(',');
            }
            let _ = write!(s, "{x}");
        }
        s.push(']');
        total += s.len() + tok.len() + 4;
        encoded.insert(tok, s);
    }
    let shards = shard_count(total);
    let mut buckets: Vec<String> = vec![String::new(); shards];
    for (tok, list) in &encoded {
        let b = &mut buckets[fnv1a32(tok) as usize % shards];
        b.push(if b.is_empty() { '{' } else { ',' });
        let _ = write!(b, "{}:{list}", serde_json::Value::from(tok.as_str()));
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (k, mut b) in buckets.into_iter().enumerate() {
        if b.is_empty() {
            b.push('{');
        }
        b.push_str("}\n");
        files.push((format!("search/s/{k}.json"), b.into_bytes()));
    }
    for (c, chunk) in docs.chunks(CHUNK).enumerate() {
        let rows: Vec<[&str; 4]> = chunk
            .iter()
            .map(|d| [d.url.as_str(), d.title.as_str(), d.kind.as_str(), d.meta.as_str()])
            .collect();
        let mut text = serde_json::to_string(&rows).unwrap_or_default();
        text.push('\n');
        files.push((format!("search/d/{c}.json"), text.into_bytes()));
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (p, b) in &files {
        for x in p.bytes().chain(b.iter().copied()) {
            h ^= u64::from(x);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    let meta = serde_json::json!({
        "format": FORMAT,
        "v": format!("{:016x}", h),
        "docs": docs.len(),
        "shards": shards,
        "chunk": CHUNK,
        "weights": WEIGHTS,
    });
    files.push(("search/meta.json".into(), format!("{meta}\n").into_bytes()));
    files.sort();
    files
}

/// The power of two that makes shards of about [`TARGET_SHARD_BYTES`].
fn shard_count(total_bytes: usize) -> usize {
    let want = total_bytes.div_ceil(TARGET_SHARD_BYTES).max(1);
    want.next_power_of_two().min(MAX_SHARDS)
}

/// Whether a file of the index may be among those `wanted` accepts: the preview asks for one
/// file at a time, and the index is built only when one of its files is asked for.
pub fn any_wanted(model: &Model, wanted: &dyn Fn(&str) -> bool) -> bool {
    let docs = model.issues.len() + model.resolutions.len() + model.plans.len();
    let chunks = (docs + model.meetings.len()).div_ceil(CHUNK).max(1);
    wanted("search/meta.json")
        || (0..MAX_SHARDS).any(|k| wanted(&format!("search/s/{k}.json")))
        || (0..chunks).any(|c| wanted(&format!("search/d/{c}.json")))
}

// ---------------------------------------------------------------------------------------
// The query (search.js does the same, step by step)

/// A term of a query: a run of Chinese characters (to be found as written) or a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    Cjk(Vec<char>),
    Word(String),
}

/// The terms of a query, each once, in order.
pub fn terms(query: &str) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    for r in runs(query) {
        let t = match r {
            Run::Cjk(cs) => Term::Cjk(cs),
            Run::Word(w) => Term::Word(w),
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

impl Term {
    /// The index tokens the term needs: one character, its bigrams in order, or the word.
    pub fn tokens(&self) -> Vec<String> {
        match self {
            Term::Cjk(cs) if cs.len() == 1 => vec![cs[0].to_string()],
            Term::Cjk(cs) => cs.windows(2).map(|w| w.iter().collect()).collect(),
            Term::Word(w) => vec![w.clone()],
        }
    }
}

/// A posting: record, field, occurrences, and a bigram's positions.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Posting {
    doc: u32,
    field: usize,
    count: u32,
    positions: Vec<u32>,
}

fn decode(token: &str, list: &[u32]) -> Vec<Posting> {
    let bigram = is_bigram(token);
    let mut out = Vec::new();
    let (mut i, mut doc) = (0, 0u32);
    while i + 2 < list.len() {
        doc += list[i];
        let field = list[i + 1] as usize;
        let n = list[i + 2];
        i += 3;
        let mut positions = Vec::new();
        if bigram {
            let mut p = 0;
            for _ in 0..n {
                p += list.get(i).copied().unwrap_or(0);
                positions.push(p);
                i += 1;
            }
        }
        out.push(Posting {
            doc,
            field,
            count: n,
            positions,
        });
    }
    out
}

/// A record found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Hit {
    pub doc: u32,
    pub url: String,
    pub title: String,
    pub kind: String,
    pub meta: String,
    /// The sum over the terms of the weight of the best field holding it.
    pub score: u32,
    /// Occurrences of the terms, all fields.
    pub count: u32,
}

/// What a query found, and the files it read (path under `search/`, bytes).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Found {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub fetched: Vec<(String, usize)>,
}

/// Per record, per field: the occurrences of one term.
fn term_hits(
    term: &Term,
    postings: &dyn Fn(&str) -> Vec<Posting>,
) -> BTreeMap<u32, [u32; 3]> {
    let tokens = term.tokens();
    let mut out: BTreeMap<u32, [u32; 3]> = BTreeMap::new();
    let lists: Vec<Vec<Posting>> = tokens.iter().map(|t| postings(t)).collect();
    let field = |f: usize| f.min(2);
    if lists.len() == 1 {
        for p in &lists[0] {
            out.entry(p.doc).or_default()[field(p.field)] += p.count;
        }
        return out;
    }
    // A phrase: bigram k must sit at position p + k of the same field.
    let later: Vec<HashMap<(u32, usize), &Vec<u32>>> = lists[1..]
        .iter()
        .map(|l| l.iter().map(|p| ((p.doc, p.field), &p.positions)).collect())
        .collect();
    for p in &lists[0] {
        let mut n = 0;
        'start: for &start in &p.positions {
            for (k, m) in later.iter().enumerate() {
                match m.get(&(p.doc, p.field)) {
                    Some(ps) if ps.binary_search(&(start + k as u32 + 1)).is_ok() => {}
                    _ => continue 'start,
                }
            }
            n += 1;
        }
        if n > 0 {
            out.entry(p.doc).or_default()[field(p.field)] += n;
        }
    }
    out
}

/// Runs a query against the index files `load` returns (by path under `search/`: `meta.json`,
/// `s/3.json`, `d/0.json`), returning every match ranked and the first `limit` with their
/// titles. `None` when the index is missing or unreadable.
pub fn search(
    query: &str,
    limit: usize,
    load: &mut dyn FnMut(&str) -> Option<String>,
) -> Option<Found> {
    let mut fetched: Vec<(String, usize)> = Vec::new();
    let mut get = |path: &str, fetched: &mut Vec<(String, usize)>| -> Option<serde_json::Value> {
        let text = load(path)?;
        fetched.push((path.to_string(), text.len()));
        serde_json::from_str(&text).ok()
    };
    let meta = get("meta.json", &mut fetched)?;
    let shards = meta.get("shards")?.as_u64()? as u32;
    let chunk = meta.get("chunk")?.as_u64()? as usize;
    let weights: Vec<u32> = meta
        .get("weights")?
        .as_array()?
        .iter()
        .map(|w| w.as_u64().unwrap_or(0) as u32)
        .collect();
    let terms = terms(query);
    if terms.is_empty() || shards == 0 {
        return Some(Found {
            fetched,
            ..Found::default()
        });
    }
    // Fetch each shard needed once.
    let mut loaded: BTreeMap<u32, serde_json::Value> = BTreeMap::new();
    for term in &terms {
        for tok in term.tokens() {
            let k = fnv1a32(&tok) % shards;
            if let std::collections::btree_map::Entry::Vacant(e) = loaded.entry(k) {
                e.insert(get(&format!("s/{k}.json"), &mut fetched)?);
            }
        }
    }
    let postings = |tok: &str| -> Vec<Posting> {
        let k = fnv1a32(tok) % shards;
        let list: Vec<u32> = loaded
            .get(&k)
            .and_then(|s| s.get(tok))
            .and_then(|l| l.as_array())
            .map(|a| a.iter().map(|x| x.as_u64().unwrap_or(0) as u32).collect())
            .unwrap_or_default();
        decode(tok, &list)
    };
    // Every term must be found; the score adds each term's best field.
    let mut found: Option<BTreeMap<u32, (u32, u32)>> = None;
    for term in &terms {
        let hits = term_hits(term, &postings);
        let mut next = BTreeMap::new();
        for (doc, fields) in hits {
            let best = (0..3)
                .filter(|f| fields[*f] > 0)
                .map(|f| weights.get(f).copied().unwrap_or(0))
                .max()
                .unwrap_or(0);
            let count: u32 = fields.iter().sum();
            match &found {
                None => {
                    next.insert(doc, (best, count));
                }
                Some(prev) => {
                    if let Some((s, c)) = prev.get(&doc) {
                        next.insert(doc, (s + best, c + count));
                    }
                }
            }
        }
        found = Some(next);
    }
    let mut ranked: Vec<(u32, u32, u32)> = found
        .unwrap_or_default()
        .into_iter()
        .map(|(doc, (score, count))| (doc, score, count))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    let total = ranked.len();
    let mut chunks: BTreeMap<usize, serde_json::Value> = BTreeMap::new();
    let mut hits = Vec::new();
    for &(doc, score, count) in ranked.iter().take(limit) {
        let c = doc as usize / chunk.max(1);
        if let std::collections::btree_map::Entry::Vacant(e) = chunks.entry(c) {
            e.insert(get(&format!("d/{c}.json"), &mut fetched)?);
        }
        let row = chunks.get(&c)?.get(doc as usize % chunk.max(1))?;
        let s = |i: usize| row.get(i).and_then(|x| x.as_str()).unwrap_or("").to_string();
        hits.push(Hit {
            doc,
            url: s(0),
            title: s(1),
            kind: s(2),
            meta: s(3),
            score,
            count,
        });
    }
    Some(Found {
        total,
        hits,
        fetched,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, title: &str, facets: &str, text: &str, day: u32) -> Doc {
        Doc {
            url: url.into(),
            title: title.into(),
            kind: "issue".into(),
            meta: String::new(),
            date: Date::parse(&format!("2020-01-{day:02}")).unwrap(),
            fields: vec![
                (Field::Title, title.into()),
                (Field::Facet, facets.into()),
                (Field::Text, text.into()),
            ],
        }
    }

    fn index(docs: &[Doc]) -> BTreeMap<String, String> {
        build(docs)
            .into_iter()
            .map(|(p, b)| {
                (
                    p.trim_start_matches("search/").to_string(),
                    String::from_utf8(b).unwrap(),
                )
            })
            .collect()
    }

    fn urls(files: &BTreeMap<String, String>, q: &str) -> Vec<String> {
        search(q, 100, &mut |p| files.get(p).cloned())
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.url)
            .collect()
    }

    #[test]
    fn chinese_is_cut_into_characters_and_pairs_latin_into_words() {
        let t = field_tokens("危桥改造，G318国道 Road-Repair ＡＢ");
        let bigrams: Vec<&str> = t.bigrams.keys().map(String::as_str).collect();
        assert_eq!(bigrams, ["危桥", "国道", "改造", "桥改"]);
        assert_eq!(t.bigrams["危桥"], [0]);
        assert_eq!(t.bigrams["桥改"], [1]);
        // 国道 starts after 危桥改造 (4 characters): the run break keeps them apart.
        assert_eq!(t.bigrams["国道"], [4]);
        for w in ["g318", "road", "repair", "ab", "危", "道"] {
            assert_eq!(t.counts.get(w), Some(&1), "{w}");
        }
        assert!(!t.bigrams.contains_key("造国"), "no pair across a break");
    }

    #[test]
    fn query_terms() {
        assert_eq!(
            terms("养老金 Road 养老金"),
            [
                Term::Cjk("养老金".chars().collect()),
                Term::Word("road".into())
            ]
        );
        assert_eq!(
            Term::Cjk("养老金".chars().collect()).tokens(),
            ["养老", "老金"]
        );
        assert_eq!(Term::Cjk(vec!['桥']).tokens(), ["桥"]);
        assert!(terms("，。 !").is_empty());
    }

    #[test]
    fn a_two_character_query_does_not_match_the_characters_apart() {
        let files = index(&[
            doc("a/", "危桥重建", "", "", 1),
            doc("b/", "危房改造", "", "一座旧桥", 2),
            doc("c/", "桥危", "", "", 3),
        ]);
        assert_eq!(urls(&files, "危桥"), ["a/"]);
        assert_eq!(urls(&files, "桥"), ["c/", "a/", "b/"]);
    }

    #[test]
    fn a_longer_query_must_be_found_as_written() {
        let files = index(&[
            doc("apart/", "养老保险", "", "金额：老金", 1),
            doc("fields/", "养老", "", "老金", 2),
            doc("yes/", "说明", "", "每月养老金150元", 3),
            doc("break/", "养老，金", "", "", 4),
        ]);
        assert_eq!(urls(&files, "养老金"), ["yes/"]);
        assert_eq!(urls(&files, "养老"), ["break/", "fields/", "apart/", "yes/"]);
    }

    #[test]
    fn title_hits_rank_first_then_facets_then_text() {
        let files = index(&[
            doc("text/", "其他事项", "", "道路破损；道路积水；道路", 9),
            doc("facet/", "其他", "道路交通", "", 8),
            doc("title-old/", "村东道路", "", "", 1),
            doc("title-new/", "村西道路", "", "", 5),
        ]);
        assert_eq!(
            urls(&files, "道路"),
            ["title-new/", "title-old/", "facet/", "text/"]
        );
    }

    #[test]
    fn every_term_must_be_found() {
        let files = index(&[
            doc("a/", "Road repair in group 3", "", "", 1),
            doc("b/", "Road lights", "", "修路", 2),
        ]);
        assert_eq!(urls(&files, "ROAD"), ["b/", "a/"]);
        assert_eq!(urls(&files, "road repair"), ["a/"]);
        assert_eq!(urls(&files, "road 修路"), ["b/"]);
        assert!(urls(&files, "road bridge").is_empty());
    }

    #[test]
    fn the_index_is_the_same_at_every_build_and_names_its_version() {
        let docs = [doc("a/", "危桥", "", "养老金", 1), doc("b/", "道路", "", "", 2)];
        assert_eq!(build(&docs), build(&docs));
        let files = index(&docs);
        let meta: serde_json::Value = serde_json::from_str(&files["meta.json"]).unwrap();
        assert_eq!(meta["format"], 1);
        assert_eq!(meta["docs"], 2);
        assert_eq!(meta["v"].as_str().unwrap().len(), 16);
        // Newest first: b/ (2 January) is record 0.
        assert!(files["d/0.json"].starts_with("[[\"b/\""));
    }

    #[test]
    fn shards_grow_with_the_index() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(TARGET_SHARD_BYTES), 1);
        assert_eq!(shard_count(TARGET_SHARD_BYTES * 3), 4);
        assert_eq!(shard_count(usize::MAX / 2), MAX_SHARDS);
    }

    #[test]
    fn postings_round_trip() {
        let files = index(&[doc("a/", "危桥危桥", "", "危桥", 1)]);
        let shards: u32 = 1;
        let k = fnv1a32("危桥") % shards;
        let shard: serde_json::Value = serde_json::from_str(&files[&format!("s/{k}.json")]).unwrap();
        let list: Vec<u32> = shard["危桥"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap() as u32)
            .collect();
        // record 0, title, 2 positions (0, 2); record +0, text, 1 position (0).
        assert_eq!(list, [0, 0, 2, 0, 2, 0, 2, 1, 0]);
        assert_eq!(decode("危桥", &list)[0].positions, [0, 2]);
        assert_eq!(
            decode("危", &[0, 0, 2, 0, 2, 1]),
            [
                Posting { doc: 0, field: 0, count: 2, positions: vec![] },
                Posting { doc: 0, field: 2, count: 1, positions: vec![] },
            ]
        );
    }

    #[test]
    fn fnv_is_the_published_function() {
        assert_eq!(fnv1a32(""), 0x811c_9dc5);
        assert_eq!(fnv1a32("a"), 0xe40c_292c);
    }

    #[test]
    fn markdown_becomes_plain_text() {
        let t = plain("# 标题\n\n第一段**加粗**。\n\n- 一\n- 二\n\n| a | b |\n|---|---|\n| 危 | 桥 |\n");
        assert!(t.contains("第一段加粗。"), "{t}");
        assert!(!t.contains("危桥"), "table cells stay apart: {t}");
    }
}
