//! The personal-data guard: mainland mobile numbers, resident ID numbers and bank-card
//! numbers in public text are errors, unless site.yaml lists them in `public_numbers`.

use crate::diag::{Diagnostics, Lang, Pos};
use crate::tr;
use crate::yaml::PosMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    Mobile,
    IdCard,
    BankCard,
}

/// A personal number found in a text: what, where (char offset), and its digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub kind: Found,
    pub offset: usize,
    pub number: String,
}

fn id_check_digit_ok(id: &[char]) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = id[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    CHECK[(sum % 11) as usize] == id[17].to_ascii_uppercase()
}

fn luhn_ok(digits: &[char]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap_or(0);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

fn plausible_birth(yymmdd: &[char]) -> bool {
    let n = |r: std::ops::Range<usize>| -> u32 {
        yymmdd[r]
            .iter()
            .filter_map(|c| c.to_digit(10))
            .fold(0, |a, d| a * 10 + d)
    };
    let (m, d) = (n(2..4), n(4..6));
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

fn classify(run: &[char]) -> Option<Found> {
    let n = run.len();
    let all_digits = run.iter().all(|c| c.is_ascii_digit());
    if n == 18
        && run[..17].iter().all(|c| c.is_ascii_digit())
        && (run[17].is_ascii_digit() || run[17] == 'X' || run[17] == 'x')
        && id_check_digit_ok(run)
        && plausible_birth(&run[8..14])
    {
        return Some(Found::IdCard);
    }
    if !all_digits {
        return None;
    }
    if n == 11 && run[0] == '1' && ('3'..='9').contains(&run[1]) {
        return Some(Found::Mobile);
    }
    if n == 13 && run[0] == '8' && run[1] == '6' && run[2] == '1' && ('3'..='9').contains(&run[3]) {
        return Some(Found::Mobile);
    }
    if n == 15 && plausible_birth(&run[6..12]) && run[0] != '0' {
        return Some(Found::IdCard);
    }
    if (16..=19).contains(&n) && luhn_ok(run) {
        return Some(Found::BankCard);
    }
    None
}

/// Finds personal numbers in `text`. Plain runs of digits (an ID may end in X), and mobile
/// numbers written in groups (`138 0013 8000`, `138-0013-8000`).
pub fn find(text: &str) -> Vec<Hit> {
    let chars: Vec<char> = text.chars().collect();
    let mut hits = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        // A plain run.
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        let mut end = j;
        if j < chars.len() && (chars[j] == 'X' || chars[j] == 'x') && j - i == 17 {
            end = j + 1;
        }
        let followed_by_word = end < chars.len() && chars[end].is_ascii_alphanumeric();
        if !followed_by_word {
            if let Some(kind) = classify(&chars[i..end]) {
                hits.push(Hit {
                    kind,
                    offset: i,
                    number: chars[i..end].iter().collect(),
                });
                i = end;
                continue;
            }
        }
        // Grouped: digits separated by single spaces or hyphens, 11 digits in all.
        let mut digits = Vec::new();
        let mut k = i;
        while k < chars.len() {
            if chars[k].is_ascii_digit() {
                digits.push(chars[k]);
                k += 1;
            } else if (chars[k] == ' ' || chars[k] == '-')
                && k + 1 < chars.len()
                && chars[k + 1].is_ascii_digit()
                && digits.len() < 13
            {
                k += 1;
            } else {
                break;
            }
        }
        if digits.len() != j - i && classify(&digits) == Some(Found::Mobile) {
            hits.push(Hit {
                kind: Found::Mobile,
                offset: i,
                number: digits.iter().collect(),
            });
            i = k;
            continue;
        }
        i = j.max(i + 1);
    }
    hits
}

/// The number with its middle hidden, for messages: `138****8000`.
pub fn mask(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    let keep = if chars.len() > 11 { 4 } else { 3 };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < keep || i + 4 >= chars.len() {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

fn digits_of(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_uppercase()
}

fn report(file: &str, pos: Pos, hit: &Hit, diags: &mut Diagnostics) {
    let lang = diags.lang;
    let masked = mask(&hit.number);
    let what = match (hit.kind, lang) {
        (Found::Mobile, Lang::Zh) => "手机号码",
        (Found::IdCard, Lang::Zh) => "身份证号码",
        (Found::BankCard, Lang::Zh) => "银行卡号",
        (Found::Mobile, Lang::En) => "a mobile phone number",
        (Found::IdCard, Lang::En) => "a resident ID number",
        (Found::BankCard, Lang::En) => "a bank card number",
    };
    diags.error(
        file,
        pos,
        tr!(lang, "公开内容里有{what}（{masked}）", "public text holds {what} ({masked})"),
        Some(tr!(
            lang,
            "村民的个人信息不能公开：删掉它，或移到 private: 下；如果这是可以公开的办公电话，把它加到 site.yaml 的 public_numbers",
            "villagers' personal data must not be published: remove it or move it under `private:`; if it is a public office number, list it in `public_numbers` in site.yaml"
        )),
    );
}

fn is_private(path: &str) -> bool {
    path.split('.').any(|seg| seg == "private")
}

/// Scans every public scalar of a file's front matter and its body.
pub fn scan(
    file: &str,
    pos: &PosMap,
    body: &str,
    body_line: usize,
    public: &[String],
    diags: &mut Diagnostics,
) {
    let allowed: Vec<String> = public.iter().map(|p| digits_of(p)).collect();
    let is_allowed = |hit: &Hit| allowed.iter().any(|a| *a == digits_of(&hit.number));
    for s in &pos.scalars {
        if is_private(&s.path) {
            continue;
        }
        for hit in find(&s.text) {
            if is_allowed(&hit) {
                continue;
            }
            let at = if s.text.contains('\n') {
                s.pos
            } else {
                Pos {
                    line: s.pos.line,
                    col: s.pos.col + hit.offset,
                }
            };
            report(file, at, &hit, diags);
        }
    }
    for (n, line) in body.lines().enumerate() {
        for hit in find(line) {
            if !is_allowed(&hit) {
                report(
                    file,
                    Pos {
                        line: body_line + n,
                        col: hit.offset + 1,
                    },
                    &hit,
                    diags,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_personal_numbers_only() {
        let table: &[(&str, Option<Found>)] = &[
            ("联系电话13812345678", Some(Found::Mobile)),
            ("电话 138 1234 5678", Some(Found::Mobile)),
            ("电话 138-1234-5678", Some(Found::Mobile)),
            ("+86 13812345678", Some(Found::Mobile)),
            ("8613812345678", Some(Found::Mobile)),
            ("12812345678", None),                   // no mobile starts 12
            ("021-57350000", None),                  // a landline
            ("预算1200000元，已支出800000元", None), // money
            ("2020-03-05", None),
            ("11010519491231002X", Some(Found::IdCard)),
            ("110105194912310021", None), // wrong check digit
            ("110105491231002", Some(Found::IdCard)), // old 15-digit
            ("6222021234567890123", None), // not Luhn-valid
            ("4111111111111111", Some(Found::BankCard)),
            ("编号A13812345678", None), // part of a code
        ];
        for (text, want) in table {
            let got = find(text).first().map(|h| h.kind);
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn offsets_count_characters() {
        let hits = find("王某电话13812345678");
        assert_eq!(hits[0].offset, 4);
        assert_eq!(hits[0].number, "13812345678");
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(mask("13812345678"), "138****5678");
        assert_eq!(mask("11010519491231002X"), "1101**********002X");
    }
}
