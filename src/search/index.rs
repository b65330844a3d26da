//! Writing the index files (the format is in the module's documentation).

use super::tokens::{cut_field, fnv1a32, Cut, Key};
use super::update::{self, Last, List};
use super::{Doc, Field, CHUNK, FORMAT, WEIGHTS};
use crate::model::Model;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// The size a shard aims at; the number of shards is the power of two that gets closest.
const TARGET_SHARD_BYTES: usize = 8 * 1024;
const MAX_SHARDS: usize = 4096;
/// Postings longer than this go to a file of their own (`t/<n>.json`).
const BIG_TOKEN_BYTES: usize = 2 * 1024;
const MAX_BIG: usize = 16_384;

/// Records cut into tokens at a time (see [`build`]).
const BATCH: usize = 1024;

/// Each record's fields cut into tokens; several texts of a field are one.
pub(super) fn cut(docs: &mut [Doc]) -> Vec<Vec<(Field, Cut)>> {
    docs.par_iter_mut()
        .map(|d| {
            // The texts are not needed once cut: freed as the batch goes.
            let mut fields = std::mem::take(&mut d.fields);
            fields.sort_by_key(|(f, _)| *f);
            let mut merged: Vec<(Field, String)> = Vec::new();
            for (f, text) in fields {
                match merged.last_mut() {
                    Some((g, t)) if *g == f => {
                        t.push('\n');
                        t.push_str(&text);
                    }
                    _ => merged.push((f, text)),
                }
            }
            merged
                .into_iter()
                .map(|(f, text)| (f, cut_field(&text)))
                .collect()
        })
        .collect()
}

/// Postings by token: the last record holding it, and its postings, encoded as they are
/// written.
pub(super) type Postings = HashMap<Key, (u32, String), BuildHasherDefault<crate::fnv::Words>>;

/// Adds a batch of records to the postings, the `n`th of the batch numbered `number(n)`
/// (numbers ascending, above those added before).
pub(super) fn add_batch(
    postings: &mut Postings,
    number: impl Fn(usize) -> u32,
    tokens: Vec<Vec<(Field, Cut)>>,
) {
    let mut add = |token: Key, doc: u32, field: Field, tail: &[u32]| {
        let e = postings.entry(token).or_insert((0, String::new()));
        let delta = doc - e.0;
        e.0 = doc;
        push_varint(&mut e.1, delta);
        push_varint(&mut e.1, field as u32);
        for x in tail {
            push_varint(&mut e.1, *x);
        }
    };
    let mut tail = Vec::new();
    for (n, fields) in tokens.into_iter().enumerate() {
        let n = number(n);
        for (f, cut) in fields {
            // Each list is sorted: a token's occurrences are together.
            for run in cut.pairs.chunk_by(|a, b| a.0 == b.0) {
                tail.clear();
                tail.push(run.len() as u32);
                let mut prev = 0;
                for (_, p) in run {
                    tail.push(p - prev);
                    prev = *p;
                }
                add(Key::Chars(run[0].0), n, f, &tail);
            }
            for run in cut.chars.chunk_by(|a, b| a == b) {
                add(Key::Chars(run[0]), n, f, &[run.len() as u32]);
            }
            let mut words = cut.words.into_iter().peekable();
            while let Some(w) = words.next() {
                let mut count = 1;
                while words.next_if(|x| *x == w).is_some() {
                    count += 1;
                }
                add(Key::Word(w), n, f, &[count]);
            }
        }
    }
}

/// Every record cut into tokens and added to the postings, by token.
fn all_postings(docs: &mut [Doc]) -> Vec<(String, String)> {
    // Records are cut into tokens a batch at a time, on every core, while the batch before
    // is added to the postings: only two batches of tokens are held at once.
    let mut batches: Vec<&mut [Doc]> = docs.chunks_mut(BATCH).collect();
    let mut postings = Postings::default();
    let mut ready = batches.first_mut().map(|b| cut(b)).unwrap_or_default();
    for k in 0..batches.len() {
        let first = (k * BATCH) as u32;
        let next = batches.get_mut(k + 1);
        let (cut_next, ()) = rayon::join(
            || next.map(|b| cut(b)).unwrap_or_default(),
            || {
                let batch = std::mem::take(&mut ready);
                add_batch(&mut postings, |n| first + n as u32, batch)
            },
        );
        ready = cut_next;
    }
    postings
        .into_iter()
        .map(|(tok, (_, list))| (tok.text(), list))
        .collect()
}

/// The index files, by path under the site root (`search/meta.json` …). Records are
/// numbered newest first (the url breaks ties, so the numbering is the same at every build).
pub fn build(docs: Vec<Doc>) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    build_each(docs, &mut |path, bytes| files.push((path, bytes)));
    files.sort();
    files
}

/// [`build`], handing each file to `put` as soon as it is made, `meta.json` last: only the
/// shards are held together (at 100,000 records the index is about 150 MB, most of it the
/// postings of common tokens in files of their own).
pub fn build_each(docs: Vec<Doc>, put: &mut dyn FnMut(String, Vec<u8>)) {
    build_updating(docs, None, &Vec::new, put);
}

/// Records newest first (the url breaks ties, so the numbering is the same at every build).
pub(super) fn in_index_order(docs: &mut [Doc]) {
    docs.sort_by(|a, b| (b.date, &a.url).cmp(&(a.date, &b.url)));
}

/// [`build_each`], taking the postings of the records that did not change from the index
/// `last` describes when it can (see [`super::update`]): the same files as made anew. `remake`
/// gives `docs` again, should the update let their texts go and then fail. With `last`,
/// returns the description of the index made, for the next build.
pub fn build_updating(
    mut docs: Vec<Doc>,
    last: Option<&Last>,
    remake: &dyn Fn() -> Vec<Doc>,
    put: &mut dyn FnMut(String, Vec<u8>),
) -> Option<String> {
    let start = std::time::Instant::now();
    in_index_order(&mut docs);
    let hashes: Vec<u64> = match last {
        Some(_) => docs.par_iter().map(update::doc_hash).collect(),
        None => Vec::new(),
    };
    let updated = match last {
        Some(l) => update::postings(&mut docs, &hashes, l),
        None => update::Updated::Unused,
    };
    let postings = match updated {
        update::Updated::Made(p) => {
            crate::pipeline::stage("search: postings updated", start);
            p
        }
        failed_or_unused => {
            if matches!(failed_or_unused, update::Updated::Failed) {
                docs = remake();
                in_index_order(&mut docs);
            }
            all_made(&mut docs)
        }
    };
    let start = std::time::Instant::now();
    let made = match write_files(&docs, postings, last, put) {
        Some(made) => made,
        None => {
            // A file of the last index changed while this one was made: every file is made
            // anew (and put again, under the same names).
            docs = remake();
            in_index_order(&mut docs);
            let postings = all_made(&mut docs);
            write_files(&docs, postings, None, put).unwrap_or_default()
        }
    };
    let shards = made
        .iter()
        .filter(|(p, _)| p.starts_with("search/s/"))
        .count();
    // The version: every file's path and hash, in the order of the paths.
    let mut h = crate::fnv::Fnv::default();
    for (p, file) in &made {
        h.add(p.as_bytes());
        h.add(&file.to_le_bytes());
    }
    let meta = serde_json::json!({
        "format": FORMAT,
        "v": format!("{:016x}", h.value()),
        "docs": docs.len(),
        "shards": shards,
        "chunk": CHUNK,
        "weights": WEIGHTS,
    });
    put("search/meta.json".into(), format!("{meta}\n").into_bytes());
    crate::pipeline::stage("search: files", start);
    last.and_then(|_| update::describe(&docs, &hashes, &made, shards))
}

/// Every record cut into tokens, as postings made by this build.
fn all_made(docs: &mut [Doc]) -> Vec<(String, List)> {
    let start = std::time::Instant::now();
    let p = all_postings(docs)
        .into_iter()
        .map(|(token, list)| (token, List::Made(list)))
        .collect();
    crate::pipeline::stage("search: tokens and postings", start);
    p
}

/// Writes the shards, the files of long postings and the chunks of records, handing each to
/// `put`; their paths and hashes, in the order of the paths. `None` when postings kept from
/// the last index (see [`List::Kept`]) could not be read again as they were.
fn write_files(
    docs: &[Doc],
    mut postings: Vec<(String, List)>,
    last: Option<&Last>,
    put: &mut dyn FnMut(String, Vec<u8>),
) -> Option<Vec<(String, u64)>> {
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // A token is letters and digits, or Chinese characters: nothing JSON escapes, so it is
    // written between quotes as it is. Long postings go to files of their own, numbered in
    // token order, and their shard holds the file's number. The shards' size is known before
    // they are written, so each entry is written once, into its shard.
    // Which tokens go to files of their own, and the shards' total size, in one pass.
    let mut total = 0;
    let mut n = 0;
    let big: Vec<bool> = postings
        .iter()
        .map(|(tok, list)| {
            let alone = list.len() + 2 > BIG_TOKEN_BYTES && n < MAX_BIG;
            total += tok.len() + 4;
            if alone {
                total += crate::decimal_len(n);
                n += 1;
            } else {
                total += list.len() + 2;
            }
            alone
        })
        .collect();
    // Each file's hash, for the index's version.
    let mut made: Vec<(String, u64)> = Vec::new();
    let mut emit = |path: String, bytes: Vec<u8>| {
        made.push((path.clone(), crate::fnv::wide(&bytes)));
        put(path, bytes);
    };
    let shards = shard_count(total);
    let mut buckets: Vec<String> = vec![String::new(); shards];
    let mut n = 0;
    for ((tok, list), alone) in postings.into_iter().zip(big) {
        let b = &mut buckets[fnv1a32(&tok) as usize % shards];
        b.push(if b.is_empty() { '{' } else { ',' });
        b.push('"');
        b.push_str(&tok);
        b.push_str("\":");
        let path = || format!("search/t/{n}.json");
        match (list, alone) {
            (List::Made(list), true) => {
                b.push_str(&n.to_string());
                emit(path(), format!("{{\"{tok}\":\"{list}\"}}\n").into_bytes());
                n += 1;
            }
            (List::Kept { file, hash, .. }, true) => {
                // The file as it was, under its number now.
                b.push_str(&n.to_string());
                emit(path(), update::read_kept(last?, &file, hash)?);
                n += 1;
            }
            (list, false) => {
                let list = match list {
                    List::Made(list) => list,
                    List::Kept { file, hash, .. } => update::kept_postings(last?, &file, hash)?,
                };
                b.push('"');
                b.push_str(&list);
                b.push('"');
            }
        }
    }
    for (k, mut b) in buckets.into_iter().enumerate() {
        if b.is_empty() {
            b.push('{');
        }
        b.push_str("}\n");
        emit(format!("search/s/{k}.json"), b.into_bytes());
    }
    for (c, chunk) in docs.chunks(CHUNK).enumerate() {
        let rows: Vec<[&str; 4]> = chunk
            .iter()
            .map(|d| {
                [
                    d.url.as_str(),
                    d.title.as_str(),
                    d.kind.as_str(),
                    d.meta.as_str(),
                ]
            })
            .collect();
        let mut text = serde_json::to_string(&rows).unwrap_or_default();
        text.push('\n');
        emit(format!("search/d/{c}.json"), text.into_bytes());
    }
    made.sort();
    Some(made)
}

/// The digits of the posting strings: 6 bits each, 5 of value and "more follows" (32).
pub(super) const DIGITS: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `v` in 5-bit groups, lowest first: most numbers of a posting list take one digit.
pub(super) fn push_varint(s: &mut String, mut v: u32) {
    loop {
        let low = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            s.push(DIGITS[low] as char);
            return;
        }
        s.push(DIGITS[low | 32] as char);
    }
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
        || (0..MAX_BIG).any(|n| wanted(&format!("search/t/{n}.json")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::test_doc as doc;

    fn index(docs: &[Doc]) -> std::collections::BTreeMap<String, String> {
        build(docs.to_vec())
            .into_iter()
            .map(|(p, b)| {
                (
                    p.trim_start_matches("search/").to_string(),
                    String::from_utf8(b).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn the_index_is_the_same_at_every_build_and_names_its_version() {
        let docs = [
            doc("a/", "危桥", "", "养老金", 1),
            doc("b/", "道路", "", "", 2),
        ];
        assert_eq!(build(docs.to_vec()), build(docs.to_vec()));
        let files = index(&docs);
        let meta: serde_json::Value = serde_json::from_str(&files["meta.json"]).unwrap();
        assert_eq!(meta["format"], 1);
        assert_eq!(meta["docs"], 2);
        assert_eq!(meta["v"].as_str().unwrap().len(), 16);
        // Newest first: b/ (2 January) is record 0.
        assert!(files["d/0.json"].starts_with("[[\"b/\""));
    }

    #[test]
    fn every_file_of_the_index_is_json_whatever_the_texts_hold() {
        // Tokens are written between quotes without escaping: quotes, backslashes, control
        // and other characters in the texts must never reach a token.
        let odd = "危\"桥\\ \u{1}a\"b\\c \u{2028}d\te\u{7f}f ＡＢ１ Ünïcödé 𠀀𠀁 x\ny";
        let mut docs = vec![doc("a/", odd, odd, odd, 1)];
        // Enough records for tokens whose postings go to files of their own.
        for day in 2..28 {
            for k in 0..40 {
                docs.push(doc(&format!("r{day}-{k}/"), "道路", odd, "道路 road", day));
            }
        }
        let files = index(&docs);
        assert!(
            files.keys().any(|p| p.starts_with("t/")),
            "{:?}",
            files.keys()
        );
        for (path, text) in &files {
            let v: serde_json::Value = serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("{path} is not JSON ({e}): {text}"));
            if path.starts_with("s/") || path.starts_with("t/") {
                for token in v.as_object().unwrap().keys() {
                    assert!(
                        token.chars().all(|c| c.is_alphanumeric()),
                        "{path}: {token:?}"
                    );
                }
            }
        }
        let shards: usize = files.keys().filter(|p| p.starts_with("s/")).count();
        let meta: serde_json::Value = serde_json::from_str(&files["meta.json"]).unwrap();
        assert_eq!(meta["shards"], shards);
    }

    #[test]
    fn shards_grow_with_the_index() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(TARGET_SHARD_BYTES), 1);
        assert_eq!(shard_count(TARGET_SHARD_BYTES * 3), 4);
        assert_eq!(shard_count(usize::MAX / 2), MAX_SHARDS);
    }
}
