//! Running a query against the index files (search.js: `search`, step by step).

use super::tokens::{fnv1a32, is_bigram, terms, Term};
use std::collections::{BTreeMap, HashMap};

/// A posting: record, field, occurrences, and a bigram's positions.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Posting {
    doc: u32,
    field: usize,
    count: u32,
    positions: Vec<u32>,
}

/// The numbers of a posting string (see `index::push_varint`).
fn varints(s: &str) -> Vec<u32> {
    let mut out = Vec::with_capacity(s.len());
    let (mut v, mut shift) = (0u32, 0u32);
    for b in s.bytes() {
        let d = u32::from(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' => 62,
            _ => 63,
        });
        v |= (d & 31).checked_shl(shift).unwrap_or(0);
        if d & 32 == 0 {
            out.push(v);
            v = 0;
            shift = 0;
        } else {
            shift += 5;
        }
    }
    out
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
fn term_hits(term: &Term, postings: &dyn Fn(&str) -> Vec<Posting>) -> BTreeMap<u32, [u32; 3]> {
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
    // A long posting list sits in a file of its own; its shard names the file's number.
    let mut big: BTreeMap<u64, serde_json::Value> = BTreeMap::new();
    for term in &terms {
        for tok in term.tokens() {
            let entry = loaded
                .get(&(fnv1a32(&tok) % shards))
                .and_then(|s| s.get(&tok));
            if let Some(n) = entry.and_then(|v| v.as_u64()) {
                if let std::collections::btree_map::Entry::Vacant(e) = big.entry(n) {
                    e.insert(get(&format!("t/{n}.json"), &mut fetched)?);
                }
            }
        }
    }
    let postings = |tok: &str| -> Vec<Posting> {
        let entry = loaded
            .get(&(fnv1a32(tok) % shards))
            .and_then(|s| s.get(tok));
        let entry = match entry.and_then(|v| v.as_u64()) {
            Some(n) => big.get(&n).and_then(|f| f.get(tok)),
            None => entry,
        };
        decode(tok, &varints(entry.and_then(|l| l.as_str()).unwrap_or("")))
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
        let s = |i: usize| {
            row.get(i)
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .to_string()
        };
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
    use crate::search::test_doc as doc;
    use crate::search::{build, Doc};

    fn index(docs: &[Doc]) -> BTreeMap<String, String> {
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

    fn urls(files: &BTreeMap<String, String>, q: &str) -> Vec<String> {
        search(q, 100, &mut |p| files.get(p).cloned())
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.url)
            .collect()
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
        assert_eq!(
            urls(&files, "养老"),
            ["break/", "fields/", "apart/", "yes/"]
        );
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
    fn numbers_take_one_digit_per_five_bits() {
        let mut s = String::new();
        for v in [0, 31, 32, 1000, u32::MAX] {
            crate::search::index::push_varint(&mut s, v);
        }
        assert_eq!(&s[..4], "AfgB");
        assert_eq!(varints(&s), [0, 31, 32, 1000, u32::MAX]);
    }

    #[test]
    fn postings_round_trip() {
        let files = index(&[doc("a/", "危桥危桥", "", "危桥", 1)]);
        let shards: u32 = 1;
        let k = fnv1a32("危桥") % shards;
        let shard: serde_json::Value =
            serde_json::from_str(&files[&format!("s/{k}.json")]).unwrap();
        // record 0, title, 2 positions (0, 2); record +0, text, 1 position (0).
        assert_eq!(shard["危桥"], "AACACACBA");
        let list = varints(shard["危桥"].as_str().unwrap());
        assert_eq!(list, [0, 0, 2, 0, 2, 0, 2, 1, 0]);
        assert_eq!(decode("危桥", &list)[0].positions, [0, 2]);
        assert_eq!(
            decode("危", &[0, 0, 2, 0, 2, 1]),
            [
                Posting {
                    doc: 0,
                    field: 0,
                    count: 2,
                    positions: vec![]
                },
                Posting {
                    doc: 0,
                    field: 2,
                    count: 1,
                    positions: vec![]
                },
            ]
        );
    }
}
