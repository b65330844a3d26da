//! Cutting text into index tokens, and queries into terms (search.js: `runs`, `terms`).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A map keyed by tokens (a few bytes long: FNV-1a hashes them faster than the default).
pub type TokenMap<V> = HashMap<String, V, BuildHasherDefault<crate::fnv::Fnv>>;

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
    pub bigrams: TokenMap<Vec<u32>>,
    pub counts: TokenMap<u32>,
}

/// The tokens of a text as maps keyed by the tokens as written, cut from its [`runs`] (as
/// search.js cuts a query): what [`cut_field`] gives the index, made another way.
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

/// A token of the index as a key: one or two Chinese characters packed in a number (no
/// string made for them), or a word.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Key {
    Chars(u64),
    Word(String),
}

/// Two characters set bit 42; one character is below 2^21.
const PAIR: u64 = 1 << 42;

fn pair(a: char, b: char) -> u64 {
    PAIR | (a as u64) << 21 | b as u64
}

impl Key {
    /// The token as written in the index files.
    pub(super) fn text(&self) -> String {
        match self {
            Key::Word(w) => w.clone(),
            Key::Chars(k) => {
                let c = |v: u64| char::from_u32((v & 0x1f_ffff) as u32).unwrap_or('\u{fffd}');
                if k & PAIR != 0 {
                    [c(k >> 21), c(*k)].iter().collect()
                } else {
                    c(*k).to_string()
                }
            }
        }
    }
}

/// The tokens of one field for the index, the same as [`field_tokens`] gives, as sorted lists
/// rather than maps: bigrams with their position, single characters and words once per
/// occurrence. Sorting small lists costs less than a map entry (and a string) per token.
#[derive(Debug, Default)]
pub(super) struct Cut {
    pub pairs: Vec<(u64, u32)>,
    pub chars: Vec<u64>,
    pub words: Vec<String>,
}

/// [`field_tokens`] for the index, in one pass over the text: no run is made.
pub(super) fn cut_field(text: &str) -> Cut {
    let mut t = Cut::default();
    // Chinese characters so far, the one before (within a run), the word being read.
    let mut pos: u32 = 0;
    let mut prev: Option<char> = None;
    let mut word = String::new();
    let mut folded = Vec::with_capacity(3);
    for c in text.chars() {
        // The fold of `fold`, without a call for the common characters.
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
        } else if is_cjk(c) {
            folded.push(c);
        } else {
            fold(c, &mut folded);
        }
        for f in folded.drain(..) {
            if is_cjk(f) {
                if !word.is_empty() {
                    t.words.push(std::mem::take(&mut word));
                }
                t.chars.push(f as u64);
                if let Some(p) = prev {
                    t.pairs.push((pair(p, f), pos - 1));
                }
                prev = Some(f);
                pos += 1;
            } else {
                prev = None;
                if is_word(f) {
                    word.push(f);
                } else if !word.is_empty() {
                    t.words.push(std::mem::take(&mut word));
                }
            }
        }
    }
    if !word.is_empty() {
        t.words.push(word);
    }
    t.pairs.sort_unstable();
    t.chars.sort_unstable();
    t.words.sort_unstable();
    t
}

/// A token holds positions exactly when it is two CJK characters.
pub(super) fn is_bigram(token: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_cut_into_characters_and_pairs_latin_into_words() {
        let t = field_tokens("危桥改造，G318国道 Road-Repair ＡＢ");
        let mut bigrams: Vec<&str> = t.bigrams.keys().map(String::as_str).collect();
        bigrams.sort();
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
    fn the_index_cut_holds_what_field_tokens_holds() {
        for text in [
            "危桥改造，G318国道 Road-Repair ＡＢ 危桥 危桥危",
            "",
            "养老金养老金\n养老 road ROAD",
            "\u{20000}\u{20001}𠀂 ｘ",
        ] {
            assert_eq!(as_maps(&cut_field(text)), field_tokens(text), "{text}");
        }
    }

    /// The index's lists as the maps of [`field_tokens`].
    fn as_maps(cut: &Cut) -> FieldTokens {
        let mut t = FieldTokens::default();
        for (k, p) in &cut.pairs {
            t.bigrams.entry(Key::Chars(*k).text()).or_default().push(*p);
        }
        for c in &cut.chars {
            *t.counts.entry(Key::Chars(*c).text()).or_default() += 1;
        }
        for w in &cut.words {
            *t.counts.entry(w.clone()).or_default() += 1;
        }
        t
    }

    proptest::proptest! {
        /// The index's one-pass cut and the cut of the runs a query is made of agree on any
        /// text: Chinese, full-width, Latin with and without case, marks and spaces.
        #[test]
        fn the_one_pass_cut_agrees_with_the_runs(
            text in proptest::collection::vec(proptest::sample::select(vec![
                '危', '桥', '改', '〇', '々', 'ア', '한', '\u{20000}', 'Ａ', 'ｚ', '１', '\u{3000}',
                'a', 'B', '9', ' ', '-', '，', '\n', 'İ', 'ß', 'Σ', 'é', '\u{301}', '\u{ff5e}',
            ]), 0..40)
        ) {
            let text: String = text.into_iter().collect();
            proptest::prop_assert_eq!(as_maps(&cut_field(&text)), field_tokens(&text));
        }
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
    fn fnv_is_the_published_function() {
        assert_eq!(fnv1a32(""), 0x811c_9dc5);
        assert_eq!(fnv1a32("a"), 0xe40c_292c);
    }
}
