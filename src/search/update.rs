//! Updating the last build's index in place: when few records changed, the postings of the
//! others are taken from the index the last build published, and only the changed records are
//! cut into tokens. The files are those a build from nothing would write, byte for byte.
//!
//! A build describes the index it made in `.gongkai-cache/index` (beside the kept readings,
//! see [`crate::cache`]): each record's url and a hash of its indexed texts, in index order, and
//! each file's path and hash. The next build reads the published index files back only when
//! every one it reads has the hash described, and the description is whole and from the same
//! gongkai program; else, or when many records changed, it cuts every record again.
//!
//! A posting entry is `doc-delta, field, n[, n positions]` (see the module's documentation):
//! everything after the record's number is the same wherever the record is numbered, so an
//! entry is moved by writing its new delta before the rest as it was.

use super::index::{add_batch, cut, push_varint, Postings, DIGITS};
use super::tokens::{fnv1a32, is_bigram};
use super::Doc;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const HEADER: &str = "gongkai-index 1";

/// The last build's index: its description, and the output folder it was published in.
#[derive(Clone, Debug)]
pub struct Last {
    pub state: PathBuf,
    pub live: PathBuf,
}

impl Last {
    /// The index described in the cache folder of the site at `root`, published in `out`.
    pub fn of(root: &Path, out: &Path) -> Last {
        Last {
            state: crate::cache::folder(root).join("index"),
            live: out.to_path_buf(),
        }
    }

    /// Keeps the description of the index just published, for the next build.
    pub fn save(&self, description: &str) {
        crate::cache::write_kept(&self.state, description);
    }
}

/// What a record adds to the index: its indexed texts, by field, hashed.
pub(super) fn doc_hash(d: &Doc) -> u64 {
    let mut w = crate::fnv::Wide::new(d.fields.len() as u64);
    for (f, text) in &d.fields {
        w.word(*f as u64);
        w.word(text.len() as u64);
        w.bytes(text.as_bytes());
    }
    w.finish()
}

/// A hash of everything the index files are made from: each record (in the order given) and
/// this version of gongkai. Records are hashed on every core.
pub fn input(docs: &[Doc]) -> u64 {
    let each: Vec<u64> = docs
        .par_iter()
        .map(|d| {
            let mut w = crate::fnv::Wide::new(doc_hash(d));
            for text in [&d.url, &d.title, &d.kind, &d.meta] {
                w.word(text.len() as u64);
                w.bytes(text.as_bytes());
            }
            w.word(d.date.days_since_epoch() as u64);
            w.finish()
        })
        .collect();
    let mut w = crate::fnv::Wide::new(docs.len() as u64);
    w.bytes(env!("CARGO_PKG_VERSION").as_bytes());
    for h in each {
        w.word(h);
    }
    w.finish()
}

/// The description of an index (see the module's documentation); `None` without a program to
/// name.
pub(super) fn describe(
    docs: &[Doc],
    hashes: &[u64],
    files: &[(String, u64)],
    shards: usize,
) -> Option<String> {
    use std::fmt::Write as _;
    let program = crate::cache::program()?;
    let mut out = String::with_capacity(docs.len() * 48 + files.len() * 40 + 256);
    let _ = writeln!(out, "{HEADER}\t{program}\t{shards}");
    for (d, h) in docs.iter().zip(hashes) {
        let _ = writeln!(out, "d\t{h:016x}\t{}", d.url);
    }
    for (path, h) in files {
        let _ = writeln!(out, "f\t{h:016x}\t{path}");
    }
    let sum = crate::fnv::wide(out.as_bytes());
    let _ = writeln!(out, "end\t{sum:016x}");
    Some(out)
}

/// A description read back.
struct State<'a> {
    shards: usize,
    docs: Vec<(&'a str, u64)>,
    files: HashMap<&'a str, u64>,
}

fn parse<'a>(text: &'a str, program: &str) -> Option<State<'a>> {
    let body = text.strip_suffix('\n')?;
    let (body, end) = body.rsplit_once('\n')?;
    let sum = u64::from_str_radix(end.strip_prefix("end\t")?, 16).ok()?;
    if crate::fnv::wide(&text.as_bytes()[..body.len() + 1]) != sum {
        return None;
    }
    let mut lines = body.lines();
    let mut head = lines.next()?.split('\t');
    if (head.next(), head.next()) != (Some(HEADER), Some(program)) {
        return None;
    }
    let shards: usize = head.next()?.parse().ok()?;
    let mut state = State {
        shards,
        docs: Vec::new(),
        files: HashMap::new(),
    };
    for line in lines {
        let mut parts = line.splitn(3, '\t');
        let (kind, hash, name) = (parts.next()?, parts.next()?, parts.next()?);
        let hash = u64::from_str_radix(hash, 16).ok()?;
        match kind {
            "d" => state.docs.push((name, hash)),
            "f" => {
                state.files.insert(name, hash);
            }
            _ => return None,
        }
    }
    (shards > 0).then_some(state)
}

/// The value of each digit of a posting string; 255 for a character that is none.
const VALUE: [u8; 256] = {
    let mut t = [255u8; 256];
    let mut i = 0;
    while i < 64 {
        t[DIGITS[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// The number at `*at` in a posting string, moving past it.
fn number(b: &[u8], at: &mut usize) -> Option<u32> {
    let mut v: u64 = 0;
    let mut shift = 0;
    loop {
        let d = VALUE[*b.get(*at)? as usize];
        *at += 1;
        if d == 255 || shift > 30 {
            return None;
        }
        v |= u64::from(d & 31) << shift;
        if d & 32 == 0 {
            return u32::try_from(v).ok();
        }
        shift += 5;
    }
}

/// An entry of a posting list: its record's number, and where it starts (its delta), where
/// the rest of it starts, and where it ends, in the list.
#[derive(Clone, Copy)]
struct Entry {
    doc: u32,
    start: usize,
    rest: usize,
    end: usize,
}

/// The entries of `token`'s postings, in turn. `bad` is set when the string is not a posting
/// list (the entries read before it are no less read).
struct Cursor<'a> {
    list: &'a [u8],
    bigram: bool,
    at: usize,
    doc: u32,
    bad: bool,
}

impl<'a> Cursor<'a> {
    fn new(token: &str, list: &'a str) -> Cursor<'a> {
        Cursor {
            list: list.as_bytes(),
            bigram: is_bigram(token),
            at: 0,
            doc: 0,
            bad: false,
        }
    }

    fn next(&mut self) -> Option<Entry> {
        if self.bad || self.at >= self.list.len() {
            return None;
        }
        let read = self.read();
        self.bad = read.is_none();
        read
    }

    fn read(&mut self) -> Option<Entry> {
        let (b, start) = (self.list, self.at);
        let mut at = start;
        let doc = self.doc.checked_add(number(b, &mut at)?)?;
        let rest = at;
        number(b, &mut at)?;
        let n = number(b, &mut at)?;
        if self.bigram {
            for _ in 0..n {
                number(b, &mut at)?;
            }
        }
        (self.at, self.doc) = (at, doc);
        Some(Entry {
            doc,
            start,
            rest,
            end: at,
        })
    }
}

/// A record of the last index that is not in this one, or changed.
const GONE: u32 = u32::MAX;

/// Whether the records kept are numbered in the order they were: then a posting list's kept
/// entries stay in order, and most keep their bytes.
fn keeps_order(map: &[u32]) -> bool {
    let mut kept = map.iter().filter(|&&now| now != GONE);
    let Some(mut last) = kept.next() else {
        return true;
    };
    kept.all(|now| std::mem::replace(&mut last, now) < now)
}

/// A posting list after an update.
#[derive(Debug, PartialEq, Eq)]
enum After {
    /// As it was.
    Same,
    /// As it is now (empty when no record holds the token any longer).
    Now(String),
}

/// `token`'s postings now: those of the last index (`old`) for the records kept, renumbered
/// by `map`, with those of the changed records (`fresh`). `in_order` is [`keeps_order`] of
/// `map`. `None` when `old` or `fresh` is not a posting list.
fn update(
    token: &str,
    old: &str,
    map: &[u32],
    in_order: bool,
    fresh: Option<&str>,
) -> Option<After> {
    if in_order {
        return splice(token, old, map, fresh);
    }
    let mut all = Vec::new();
    let mut olds = Cursor::new(token, old);
    while let Some(e) = olds.next() {
        match *map.get(e.doc as usize)? {
            GONE => {}
            now => all.push((now, &old[e.rest..e.end])),
        }
    }
    let fresh = fresh.unwrap_or("");
    let mut news = Cursor::new(token, fresh);
    while let Some(e) = news.next() {
        all.push((e.doc, &fresh[e.rest..e.end]));
    }
    if olds.bad || news.bad {
        return None;
    }
    // Stable: a record's entries stay in the order of their fields.
    all.sort_by_key(|e| e.0);
    let mut s = String::with_capacity(old.len() + fresh.len());
    let mut last = 0;
    for (doc, rest) in all {
        push_varint(&mut s, doc - last);
        last = doc;
        s.push_str(rest);
    }
    Some(if s == old { After::Same } else { After::Now(s) })
}

/// [`update`] when the records kept keep their order: the old and the fresh entries merged as
/// they come. A run of kept entries whose deltas do not change is copied as it is, and a list
/// that holds no changed record is found the same without a copy.
fn splice(token: &str, old: &str, map: &[u32], fresh: Option<&str>) -> Option<After> {
    let fresh = fresh.unwrap_or("");
    let mut olds = Cursor::new(token, old);
    let mut news = Cursor::new(token, fresh);
    // Made at the first entry that is not copied: until then the list is `old` as it was.
    let mut out: Option<String> = None;
    // Where the bytes of `old` not yet written to `out` start.
    let mut run = 0;
    // The numbers of the last entry written, and of the last old entry read.
    let (mut last, mut prev) = (0u32, 0u32);
    let (mut o, mut n) = (olds.next(), news.next());
    loop {
        let now = match o {
            Some(e) => Some(*map.get(e.doc as usize)?),
            None => None,
        };
        match (o, now, n) {
            (None, _, None) => break,
            (Some(e), Some(now), _) if now == GONE || n.is_none_or(|f| now < f.doc) => {
                if now == GONE || now.checked_sub(last) != e.doc.checked_sub(prev) {
                    let s = out.get_or_insert_with(|| String::with_capacity(old.len()));
                    s.push_str(&old[run..e.start]);
                    run = e.end;
                    if now != GONE {
                        push_varint(s, now.checked_sub(last)?);
                        s.push_str(&old[e.rest..e.end]);
                    }
                }
                if now != GONE {
                    last = now;
                }
                prev = e.doc;
                o = olds.next();
            }
            (_, _, Some(f)) => {
                let at = o.map_or(old.len(), |e| e.start);
                let s = out.get_or_insert_with(|| String::with_capacity(old.len() + 64));
                s.push_str(&old[run..at]);
                run = at;
                push_varint(s, f.doc.checked_sub(last)?);
                s.push_str(&fresh[f.rest..f.end]);
                last = f.doc;
                n = news.next();
            }
            _ => return None,
        }
    }
    if olds.bad || news.bad {
        return None;
    }
    match out {
        None => Some(After::Same),
        Some(mut s) => {
            s.push_str(&old[run..]);
            // A changed record often holds a token as it did (its other texts changed).
            Some(if s == old { After::Same } else { After::Now(s) })
        }
    }
}

/// A file of the published index, read back if it is the one described.
fn read_back(last: &Last, state: &State, rel: &str) -> Option<String> {
    String::from_utf8(read_kept(last, rel, *state.files.get(rel)?)?).ok()
}

/// What a token of a shard holds: its postings, or the number of the file that holds them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Held<'a> {
    List(&'a str),
    File(&'a str),
}

/// The tokens of a file of the index and what each holds, read as the build writes them
/// (`{"token":"postings","token":n,…}` and a line end: tokens and postings need no escapes).
/// `None` for any other text.
fn members(text: &str) -> Option<Vec<(&str, Held<'_>)>> {
    let body = text.strip_prefix('{')?.strip_suffix("}\n")?;
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (token, after) = rest.strip_prefix('"')?.split_once("\":")?;
        let (held, after) = match after.strip_prefix('"') {
            Some(list) => {
                let (list, after) = list.split_once('"')?;
                (Held::List(list), after)
            }
            None => {
                let end = after.find([',', '}']).unwrap_or(after.len());
                let (n, after) = after.split_at(end);
                if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                (Held::File(n), after)
            }
        };
        if token.contains(['"', '\\']) {
            return None;
        }
        out.push((token, held));
        rest = match after.strip_prefix(',') {
            Some(more) if !more.is_empty() => more,
            Some(_) => return None,
            None if after.is_empty() => after,
            None => return None,
        };
    }
    Some(out)
}

/// A token's postings as an update leaves them.
#[derive(Debug)]
pub(super) enum List {
    /// Made by this build.
    Made(String),
    /// Those of the last index's file `file` (`search/t/<n>.json`), unchanged: not held, but
    /// read again when written (at 100,000 issues these files are 125 MB). The postings are
    /// `len` bytes long, and the file's hash is `hash`; its bytes do not depend on its number.
    Kept { file: String, len: usize, hash: u64 },
}

impl List {
    /// The length of the postings.
    pub(super) fn len(&self) -> usize {
        match self {
            List::Made(s) => s.len(),
            List::Kept { len, .. } => *len,
        }
    }
}

/// The postings of one shard of the last index, updated, with the tokens new to it.
fn update_shard(
    last: &Last,
    state: &State,
    k: usize,
    fresh: Vec<(String, String)>,
    map: &[u32],
    in_order: bool,
) -> Option<Vec<(String, List)>> {
    let text = read_back(last, state, &format!("search/s/{k}.json"))?;
    let shard = members(&text)?;
    let mut fresh: HashMap<String, String> = fresh.into_iter().collect();
    let mut out = Vec::with_capacity(shard.len() + fresh.len());
    for (token, held) in shard {
        let now = fresh.remove(token);
        let list = match held {
            Held::List(old) => match update(token, old, map, in_order, now.as_deref())? {
                After::Same => List::Made(old.to_string()),
                After::Now(list) => List::Made(list),
            },
            Held::File(n) => {
                let rel = format!("search/t/{n}.json");
                let text = read_back(last, state, &rel)?;
                let old = match members(&text)?.as_slice() {
                    [(t, Held::List(old))] if *t == token => *old,
                    _ => return None,
                };
                match update(token, old, map, in_order, now.as_deref())? {
                    After::Same => List::Kept {
                        len: old.len(),
                        hash: *state.files.get(rel.as_str())?,
                        file: rel,
                    },
                    After::Now(list) => List::Made(list),
                }
            }
        };
        if list.len() > 0 {
            out.push((token.to_string(), list));
        }
    }
    out.extend(fresh.into_iter().map(|(t, l)| (t, List::Made(l))));
    Some(out)
}

/// The bytes of the file `file` of the published index, if their hash is `hash` (the one the
/// last build described): read back by the update, and again when a kept file is written.
pub(super) fn read_kept(last: &Last, file: &str, hash: u64) -> Option<Vec<u8>> {
    let bytes = std::fs::read(last.live.join(file)).ok()?;
    (crate::fnv::wide(&bytes) == hash).then_some(bytes)
}

/// The postings of a kept file read again (see [`read_kept`]).
pub(super) fn kept_postings(last: &Last, file: &str, hash: u64) -> Option<String> {
    let text = String::from_utf8(read_kept(last, file, hash)?).ok()?;
    match members(&text)?.as_slice() {
        [(_, Held::List(list))] => Some(list.to_string()),
        _ => None,
    }
}

/// What became of an update of the last index (see [`postings`]).
pub(super) enum Updated {
    /// Not tried: the last index cannot be used, or so many records changed that cutting them
    /// all again costs less. The records are as they were given.
    Unused,
    /// Tried, and a file of the last index was not the one described. The records' texts are
    /// gone: they must be made again to be cut.
    Failed,
    /// The postings of every token.
    Made(Vec<(String, List)>),
}

/// The postings of `docs` (in index order, `hashes` their [`doc_hash`]), made from the last
/// index. Once the changed records are cut, the texts of every record are let go (only the
/// changed ones' are needed: at 100,000 issues the others' are about 100 MB).
pub(super) fn postings(docs: &mut [Doc], hashes: &[u64], last: &Last) -> Updated {
    let Some(program) = crate::cache::program() else {
        return Updated::Unused;
    };
    let Ok(text) = std::fs::read_to_string(&last.state) else {
        return Updated::Unused;
    };
    let Some(state) = parse(&text, &program) else {
        return Updated::Unused;
    };
    let then: HashMap<&str, (usize, u64)> = state
        .docs
        .iter()
        .enumerate()
        .map(|(j, (url, h))| (*url, (j, *h)))
        .collect();
    let mut map = vec![GONE; state.docs.len()];
    let mut changed = Vec::new();
    for (i, (d, h)) in docs.iter().zip(hashes).enumerate() {
        match then.get(d.url.as_str()) {
            Some(&(j, was)) if was == *h && map[j] == GONE => map[j] = i as u32,
            _ => changed.push(i),
        }
    }
    if std::env::var_os("GONGKAI_PROFILE").is_some() {
        eprintln!(
            "[profile] search: {} of {} records cut again",
            changed.len(),
            docs.len()
        );
    }
    if changed.len() * 4 > docs.len() {
        return Updated::Unused;
    }
    let in_order = keeps_order(&map);
    // The changed records cut and added under their numbers, then sent to the shard of the
    // last index each token was in (or would have been).
    let mut cut_docs: Vec<Doc> = changed.iter().map(|&i| docs[i].clone()).collect();
    let tokens = cut(&mut cut_docs);
    for d in docs.iter_mut() {
        d.fields = Vec::new();
    }
    let mut fresh = Postings::default();
    add_batch(&mut fresh, |n| changed[n] as u32, tokens);
    let mut by_shard: Vec<Vec<(String, String)>> = vec![Vec::new(); state.shards];
    for (key, (_, list)) in fresh {
        let token = key.text();
        by_shard[fnv1a32(&token) as usize % state.shards].push((token, list));
    }
    let shards: Option<Vec<Vec<(String, List)>>> = by_shard
        .into_par_iter()
        .enumerate()
        .map(|(k, fresh)| update_shard(last, &state, k, fresh, &map, in_order))
        .collect();
    match shards {
        Some(shards) => Updated::Made(shards.into_iter().flatten().collect()),
        None => Updated::Failed,
    }
}

#[cfg(test)]
mod tests {
    use super::super::index::{build, build_updating, in_index_order};
    use super::super::Field;
    use super::*;
    use crate::date::Date;

    fn doc(url: &str, day: u32, title: &str, text: &str) -> Doc {
        crate::search::test_doc(url, title, "受理中", text, day)
    }

    /// Builds the index of `docs` as a build does: its files published in `last.live`, its
    /// description kept. The files, by path.
    fn publish(docs: &[Doc], last: &Last) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        let made = build_updating(docs.to_vec(), Some(last), &|| docs.to_vec(), &mut |p, b| {
            files.push((p, b))
        });
        let _ = std::fs::remove_dir_all(&last.live);
        for (p, b) in &files {
            let path = last.live.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b).unwrap();
        }
        last.save(&made.expect("a description"));
        files.sort();
        files
    }

    /// What an update of the last index makes of the postings of `docs`.
    fn updated(docs: &[Doc], last: &Last) -> Updated {
        let mut docs = docs.to_vec();
        in_index_order(&mut docs);
        let hashes: Vec<u64> = docs.iter().map(doc_hash).collect();
        postings(&mut docs, &hashes, last)
    }

    /// Whether the postings of `docs` are taken from the last index (not made anew).
    fn updates(docs: &[Doc], last: &Last) -> bool {
        matches!(updated(docs, last), Updated::Made(_))
    }

    fn place() -> (tempfile::TempDir, Last) {
        let tmp = tempfile::tempdir().unwrap();
        let last = Last::of(&tmp.path().join("site"), &tmp.path().join("public"));
        (tmp, last)
    }

    /// A site big enough for tokens in files of their own (`t/`).
    fn village() -> Vec<Doc> {
        let mut docs = Vec::new();
        for k in 0..600 {
            let text = match k % 3 {
                0 => "村道 路灯 坏了，晚上 road dark",
                1 => "危桥 加固，村道 拓宽",
                _ => "养老金 发放 road",
            };
            docs.push(doc(
                &format!("issues/i{k:04}/"),
                1 + k % 28,
                "村道路灯",
                text,
            ));
        }
        docs
    }

    #[test]
    fn an_updated_index_is_the_index_made_anew() {
        let (_tmp, last) = place();
        let mut docs = village();
        publish(&docs, &last);
        // A text changed, a record gone, a date changed (renumbering others), a new record
        // first in the order, a new token.
        docs[10].fields[2].1 = "水塘 清淤 pond".into();
        docs.remove(20);
        docs[30].date = Date::parse("2020-02-01").unwrap();
        docs.push(doc("issues/new/", 28, "新的问题", "危桥 又 坏了 bridge"));
        assert!(updates(&docs, &last));
        let files = publish(&docs, &last);
        assert!(files.iter().any(|(p, _)| p.starts_with("search/t/")));
        assert_eq!(files, build(docs.clone()));
        // Again from the index just published: nothing changed.
        assert!(updates(&docs, &last));
        assert_eq!(publish(&docs, &last), build(docs));
    }

    #[test]
    fn postings_kept_are_written_as_they_were_or_made_anew_if_their_file_changed() {
        let (_tmp, last) = place();
        let mut docs = village();
        publish(&docs, &last);
        docs[7].fields[2].1 = "水塘 清淤".into();
        // Long postings of the last index are kept, not held.
        let Updated::Made(postings) = updated(&docs, &last) else {
            panic!("the last index is used");
        };
        assert!(postings.iter().any(|(_, l)| matches!(l, List::Kept { .. })));
        // The files of the last index change once the update has read them: the index is
        // made anew, each of its files put last as a build from nothing makes it.
        let mut files = std::collections::BTreeMap::new();
        let mut first = true;
        build_updating(docs.clone(), Some(&last), &|| docs.clone(), &mut |p, b| {
            if std::mem::take(&mut first) {
                for e in std::fs::read_dir(last.live.join("search/t")).unwrap() {
                    std::fs::write(e.unwrap().path(), "{}\n").unwrap();
                }
            }
            files.insert(p, b);
        });
        assert_eq!(files.into_iter().collect::<Vec<_>>(), build(docs));
    }

    #[test]
    fn the_last_index_is_used_only_as_described() {
        let (_tmp, last) = place();
        let mut docs = village();
        publish(&docs, &last);
        docs[5].fields[2].1 = "水塘".into();
        assert!(updates(&docs, &last));
        // A file of the published index altered by hand (its length kept).
        let shard = last.live.join("search/s/0.json");
        let mut text = std::fs::read(&shard).unwrap();
        let at = text.len() - 4;
        text[at] = if text[at] == b'A' { b'B' } else { b'A' };
        std::fs::write(&shard, &text).unwrap();
        assert!(!updates(&docs, &last));
        assert_eq!(publish(&docs, &last), build(docs.clone()));
        // The description altered, or cut short.
        let described = std::fs::read_to_string(&last.state).unwrap();
        assert!(updates(&docs, &last));
        std::fs::write(&last.state, described.replacen("\nd\t", "\nd\t0", 1)).unwrap();
        assert!(!updates(&docs, &last));
        std::fs::write(&last.state, &described[..described.len() / 2]).unwrap();
        assert!(!updates(&docs, &last));
        // Many records changed: all are cut again.
        std::fs::write(&last.state, &described).unwrap();
        for d in docs.iter_mut().take(200) {
            d.fields[2].1.push_str(" 更改");
        }
        assert!(!updates(&docs, &last));
    }

    #[test]
    fn the_input_of_the_index_changes_with_anything_its_files_show() {
        let a = doc("issues/a/", 3, "村道", "危桥");
        let base = input(std::slice::from_ref(&a));
        let changes: [fn(&mut Doc); 7] = [
            |d| d.url.push('x'),
            |d| d.title.push('x'),
            |d| d.kind.push('x'),
            |d| d.meta.push('x'),
            |d| d.date = Date::parse("2020-01-04").unwrap(),
            |d| d.fields[2].1.push('x'),
            |d| d.fields[1].0 = Field::Text,
        ];
        for (n, change) in changes.iter().enumerate() {
            let mut b = a.clone();
            change(&mut b);
            assert_ne!(input(&[b]), base, "change {n}");
        }
        // Texts moved from one part to the next are another input.
        let mut b = a.clone();
        b.title = "村".into();
        b.kind = format!("道{}", b.kind);
        assert_ne!(input(&[b]), base);
        assert_ne!(input(&[a.clone(), a.clone()]), input(&[a]));
    }

    #[test]
    fn the_files_of_the_index_are_read_as_written_and_nothing_else() {
        assert_eq!(
            members("{\"危桥\":\"AAB\",\"road\":12}\n"),
            Some(vec![
                ("危桥", Held::List("AAB")),
                ("road", Held::File("12"))
            ])
        );
        assert_eq!(members("{}\n"), Some(vec![]));
        for bad in [
            "{\"a\":\"AB\"}",
            "{\"a\":\"AB\",}\n",
            "{\"a\":-1}\n",
            "{\"a\":}\n",
            "{\"a\":\"AB\"}\n ",
            "{\"a\\\":\"AB\"}\n",
            "{\"a\" : \"AB\"}\n",
            "[\"a\"]\n",
        ] {
            assert_eq!(members(bad), None, "{bad}");
        }
    }

    /// A posting list of `entries` (record, field, n) as an index writes it.
    fn list(entries: &[(u32, u32, u32)]) -> String {
        let mut s = String::new();
        let mut last = 0;
        for &(doc, field, n) in entries {
            push_varint(&mut s, doc - last);
            push_varint(&mut s, field);
            push_varint(&mut s, n);
            last = doc;
        }
        s
    }

    proptest::proptest! {
        /// Merging in place gives the list that renumbering and sorting every entry gives,
        /// whichever records are kept, gone or fresh.
        #[test]
        fn a_list_spliced_is_the_list_sorted_anew(
            fate in proptest::collection::vec(0u8..4, 0..60),
            gap in proptest::collection::vec(0u32..40, 60),
            fields in proptest::collection::vec(1usize..3, 60),
        ) {
            // Old record j is kept (renumbered upwards by `gap`), gone, or changed; a fresh
            // record takes the new numbers between kept ones.
            let (mut map, mut old, mut fresh) = (Vec::new(), Vec::new(), Vec::new());
            let mut now = 0;
            for (j, f) in fate.iter().enumerate() {
                now += gap[j] % 3;
                let entries = (0..fields[j] as u32).map(|field| (field, 1 + field + j as u32 % 5));
                match f {
                    0 | 1 => {
                        map.push(now);
                        old.extend(entries.map(|(field, n)| (j as u32, field, n)));
                        now += 1;
                    }
                    2 => {
                        map.push(GONE);
                        old.extend(entries.map(|(field, n)| (j as u32, field, n)));
                    }
                    _ => {
                        map.push(GONE);
                        old.extend(entries.clone().map(|(field, n)| (j as u32, field, n)));
                        fresh.extend(entries.map(|(field, n)| (now, field, n + 1)));
                        now += 1;
                    }
                }
            }
            proptest::prop_assert!(keeps_order(&map));
            let (old, fresh) = (list(&old), list(&fresh));
            let fresh = (!fresh.is_empty()).then_some(fresh.as_str());
            let now = |after: Option<After>| {
                after.map(|a| match a {
                    After::Same => old.clone(),
                    After::Now(s) => s,
                })
            };
            let spliced = now(update("road", &old, &map, true, fresh));
            let sorted = now(update("road", &old, &map, false, fresh));
            proptest::prop_assert!(spliced.is_some());
            proptest::prop_assert_eq!(spliced, sorted);
        }
    }

    proptest::proptest! {
        /// Whatever records change, come or go, the index updated from the last one is the
        /// index made anew.
        #[test]
        fn any_change_updates_to_the_index_made_anew(
            texts in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec![
                    "危", "桥", "村", "道", "危桥", " ", "road", "Road", "1", "，",
                ]), 0..12),
                1..40,
            ),
            edits in proptest::collection::vec((0usize..40, 0u8..4, 0usize..10), 0..6),
        ) {
            let (_tmp, last) = place();
            let mut docs: Vec<Doc> = texts
                .iter()
                .enumerate()
                .map(|(k, t)| doc(&format!("r/{k}/"), 1 + k as u32 % 5, "村道", &t.concat()))
                .collect();
            publish(&docs, &last);
            for (n, (at, kind, word)) in edits.into_iter().enumerate() {
                let w = ["危桥", "road", "水", "村道", "", "1 2", "危", "Bridge", "桥桥", "，"][word];
                let at = at % docs.len().max(1);
                match kind {
                    0 if !docs.is_empty() => docs[at].fields[2].1 = w.into(),
                    1 if !docs.is_empty() => {
                        docs.remove(at);
                    }
                    2 if !docs.is_empty() => docs[at].date = Date::parse("2020-01-03").unwrap(),
                    _ => docs.push(doc(&format!("n/{n}/"), 1 + at as u32 % 5, w, w)),
                }
            }
            let updated = publish(&docs, &last);
            proptest::prop_assert_eq!(updated, build(docs.clone()));
        }
    }
}
