//! Site search that works for Chinese: a static index made at build time and searched in the
//! browser by `themes/default/static/search.js`, which mirrors [`search`] step by step.
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
//! - `s/<k>.json` for k in 0..S: `{"<token>":"<postings>",…}`, the tokens whose FNV-1a 32-bit
//!   hash of their UTF-8 bytes is k modulo S (S is a power of two, chosen so that a shard is
//!   ~8 KB). A token's postings are a list of integers written as one string of 6-bit digits
//!   `A–Z a–z 0–9 - _` (values 0–63): each integer in 5-bit groups, lowest first, every digit
//!   but the last of a number carrying 32 ("more follows"); most numbers take one digit.
//!   The list has one entry per (record, field) holding the token, records ascending:
//!   `doc-delta, field, n`, then for a bigram token its `n` positions (delta-coded, from 0);
//!   for a single character or a word `n` is the number of occurrences.
//!   `doc-delta` is the record number minus the previous entry's (0: the same record, another
//!   field). Fields: 0 title, 1 facets (status, group, zone, category, source, kind, tags, id),
//!   2 text (the body, notes, and the titles of the records the page links to). A bigram's
//!   position counts the Chinese characters of its field before it, so two bigrams follow each
//!   other in the text exactly when their positions do.
//! - A token whose postings pass 2 KB is written alone in `t/<n>.json` (`{"<token>":"…"}`, n
//!   counting such tokens in token order) and its shard holds the number, `"<token>":n`, so
//!   that a query for a rare word never downloads the postings of a common one.
//! - `d/<c>.json`: records `c*C … c*C+C-1` as `[url, title, kind, meta]` (url relative to the
//!   site root; kind and meta already in the site's language). Records are numbered newest
//!   first, so the first chunks usually hold the best hits.
//!
//! The browser fetches `meta.json`, the shards of the query's tokens (and their `t/` files),
//! then the chunks of the hits it shows. Shards and chunks are fetched with `?v=<hash>`, so a
//! rebuilt index is never mixed with a cached one. BENCHMARKS.md has the sizes at 10,000 issues.

mod index;
mod query;
mod records;
mod tokens;
mod update;

pub use index::{any_wanted, build, build_each, build_updating};
pub use query::{search, Found, Hit};
pub use records::docs;
pub use tokens::{field_tokens, fnv1a32, is_cjk, runs, terms, FieldTokens, Run, Term};
pub use update::{input, Last};

use crate::date::Date;

/// The version of the file format above.
pub const FORMAT: u32 = 1;
/// Records per `d/<c>.json`: the hits shown are spread over the years, so chunks stay small.
pub const CHUNK: usize = 25;
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

/// A record for the tests: an issue of 2020-01-`day`.
#[cfg(test)]
pub(crate) fn test_doc(url: &str, title: &str, facets: &str, text: &str, day: u32) -> Doc {
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
