//! The personal-data guard: mainland mobile numbers, resident ID numbers and bank-card
//! numbers in public text are errors, unless site.yaml lists them in `public_numbers`.

use crate::diag::{Diagnostics, Lang, Pos};
use crate::tr;
use crate::yaml::{PosMap, Scalar, Style};

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

/// The check character of an 18-character resident ID (GB 11643-1999).
fn id_check_digit_ok(id: &[u8]) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [u8; 11] = *b"10X98765432";
    let sum: u32 = id[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] == id[17].to_ascii_uppercase()
}

/// The Luhn check of bank card numbers.
fn luhn_ok(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = u32::from(c - b'0');
            match (i % 2 == 1, d * 2) {
                (true, x) if x > 9 => x - 9,
                (true, x) => x,
                (false, _) => d,
            }
        })
        .sum();
    sum % 10 == 0
}

fn number(digits: &[u8]) -> u32 {
    digits
        .iter()
        .fold(0, |n, d| n * 10 + u32::from(d.wrapping_sub(b'0')))
}

/// A month 01–12 and a day 01–31 (the year is checked by the caller).
fn plausible_month_day(mmdd: &[u8]) -> bool {
    (1..=12).contains(&number(&mmdd[..2])) && (1..=31).contains(&number(&mmdd[2..4]))
}

/// Region codes of resident IDs start with 1–8 (11 Beijing … 82 Macao).
fn plausible_region(first: u8) -> bool {
    (b'1'..=b'8').contains(&first)
}

/// 17 digits and a check character, a region, a birth date 1900–2099 and the right check.
fn is_id18(n: &[u8]) -> bool {
    n.len() == 18
        && n[..17].iter().all(u8::is_ascii_digit)
        && (n[17].is_ascii_digit() || n[17] == b'X')
        && plausible_region(n[0])
        && (1900..=2099).contains(&number(&n[6..10]))
        && plausible_month_day(&n[10..14])
        && id_check_digit_ok(n)
}

/// The old 15-digit ID (no check digit): a region and a birth date YYMMDD.
fn is_id15(n: &[u8]) -> bool {
    n.len() == 15 && plausible_region(n[0]) && plausible_month_day(&n[8..12])
}

fn is_mobile(n: &[u8]) -> bool {
    n.len() == 11 && n[0] == b'1' && (b'3'..=b'9').contains(&n[1])
}

/// Reads the groups of a number as written (`138 1234 5678` → [3, 4, 4]) and says what it is,
/// with the number in canonical form (a mobile without its country code).
fn classify(groups: &[&[u8]]) -> Option<(Found, Vec<u8>)> {
    let shape: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let all: Vec<u8> = groups.concat();
    let shape_is = |shapes: &[&[usize]]| shapes.contains(&shape.as_slice());
    if all.len() == 18 && shape_is(&[&[18], &[6, 8, 4], &[6, 4, 4, 4]]) && is_id18(&all) {
        return Some((Found::IdCard, all));
    }
    if all.last() == Some(&b'X') {
        return None;
    }
    // A mobile, maybe after the country code: 13812345678, +86 138 1234 5678, 0086-138….
    let (rest, rest_shape): (&[u8], &[usize]) = match (groups.first(), shape.as_slice()) {
        (Some(g), [_, tail @ ..]) if !tail.is_empty() && (*g == b"86" || *g == b"0086") => {
            (&all[g.len()..], tail)
        }
        (_, [13]) if all.starts_with(b"86") => (&all[2..], &[11]),
        (_, [15]) if all.starts_with(b"0086") => (&all[4..], &[11]),
        _ => (&all, &shape),
    };
    let mobile_shapes: [&[usize]; 4] = [&[11], &[3, 4, 4], &[3, 8], &[7, 4]];
    if is_mobile(rest) && mobile_shapes.contains(&rest_shape) {
        return Some((Found::Mobile, rest.to_vec()));
    }
    if shape_is(&[&[15], &[6, 6, 3]]) && is_id15(&all) {
        return Some((Found::IdCard, all));
    }
    // Bank cards: one run, or groups of four (`6222 0212 3456 7890 123`).
    let in_fours = shape.len() >= 4
        && shape[..shape.len() - 1].iter().all(|n| *n == 4)
        && (1..=4).contains(&shape[shape.len() - 1]);
    if (16..=19).contains(&all.len()) && (shape.len() == 1 || in_fours) && luhn_ok(&all) {
        return Some((Found::BankCard, all));
    }
    None
}

/// A digit as written, ASCII or full-width (as Chinese input methods may type it).
fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8),
        '０'..='９' => Some(b'0' + (c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// The check character X of an ID, ASCII or full-width.
fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
}

/// A character that may join the groups of a number: a space or a hyphen of any width.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '\u{a0}' | '\u{3000}' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{ff0d}'
    )
}

/// Letters and digits glue onto a number: `A13812345678` is a code, not a phone number.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || digit(c).is_some()
        || ('Ａ'..='Ｚ').contains(&c)
        || ('ａ'..='ｚ').contains(&c)
}

/// At most this many groups make one number (`+86 138 1234 5678`, `6222 0212 3456 7890 123`).
const MAX_GROUPS: usize = 6;

/// Finds personal numbers in `text`: a run of digits (an ID may end in X), or groups of
/// digits joined by single spaces or hyphens in the shapes people write them. Full-width
/// digits count as digits. Offsets count characters.
pub fn find(text: &str) -> Vec<Hit> {
    let chars: Vec<char> = text.chars().collect();
    let word_at = |k: usize| k < chars.len() && is_word(chars[k]);
    let mut hits = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i]).is_none() || (i > 0 && is_word(chars[i - 1])) {
            i += 1;
            continue;
        }
        // The groups starting here: (digits, end offset).
        let mut groups: Vec<(Vec<u8>, usize)> = Vec::new();
        let mut k = i;
        loop {
            let mut g = Vec::new();
            while let Some(d) = chars.get(k).copied().and_then(digit) {
                g.push(d);
                k += 1;
            }
            let x_ends = k < chars.len() && is_x(chars[k]) && !word_at(k + 1);
            if x_ends {
                g.push(b'X');
                k += 1;
            }
            groups.push((g, k));
            let joined = !x_ends
                && k + 1 < chars.len()
                && is_separator(chars[k])
                && digit(chars[k + 1]).is_some();
            if !joined || groups.len() == MAX_GROUPS {
                break;
            }
            k += 1;
        }
        // The longest reading wins: `138 1234 5678` is one number, not three.
        let found = (1..=groups.len()).rev().find_map(|n| {
            let end = groups[n - 1].1;
            if word_at(end) {
                return None;
            }
            let parts: Vec<&[u8]> = groups[..n].iter().map(|(g, _)| g.as_slice()).collect();
            classify(&parts).map(|(kind, number)| (kind, number, end))
        });
        match found {
            Some((kind, number, end)) => {
                hits.push(Hit {
                    kind,
                    offset: i,
                    number: String::from_utf8_lossy(&number).into_owned(),
                });
                i = end;
            }
            None => i = groups[0].1.max(i + 1),
        }
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

/// The numbers a `public_numbers` entry stands for: its digits as written, and any personal
/// number read in it (so that `138 1234 5678` allows `+86 13812345678` too).
fn allowed_forms(entry: &str) -> Vec<String> {
    let written: String = entry
        .chars()
        .filter_map(|c| digit(c).map(char::from).or(is_x(c).then_some('X')))
        .collect();
    let mut forms: Vec<String> = find(entry).into_iter().map(|h| h.number).collect();
    forms.push(written);
    forms
}

fn what(kind: Found, lang: Lang) -> &'static str {
    match (kind, lang) {
        (Found::Mobile, Lang::Zh) => "手机号码",
        (Found::IdCard, Lang::Zh) => "身份证号码",
        (Found::BankCard, Lang::Zh) => "银行卡号",
        (Found::Mobile, Lang::En) => "a mobile phone number",
        (Found::IdCard, Lang::En) => "a resident ID number",
        (Found::BankCard, Lang::En) => "a bank card number",
    }
}

/// Every form of the numbers site.yaml lists in `public_numbers`.
fn allowed_numbers(public: &[String]) -> Vec<String> {
    public.iter().flat_map(|p| allowed_forms(p)).collect()
}

/// Refuses a file whose name (or path below content/static/) holds a personal number not
/// listed in `public_numbers`: the name becomes a public address (`/issues/<file stem>/`,
/// `/<static path>`).
pub fn check_name(file: &str, name: &str, public: &[String], diags: &mut Diagnostics) {
    let lang = diags.lang;
    let hits = find(name);
    if hits.is_empty() {
        return;
    }
    let allowed = allowed_numbers(public);
    for hit in hits.into_iter().filter(|h| !allowed.contains(&h.number)) {
        let (what, masked) = (what(hit.kind, lang), mask(&hit.number));
        diags.error(
            file,
            Pos::default(),
            tr!(
                lang,
                "文件名里有{what}（{masked}）：文件名会成为公开的网页地址",
                "the file name holds {what} ({masked}); file names become public web addresses"
            ),
            Some(tr!(
                lang,
                "给文件改名，去掉这个号码",
                "rename the file without the number"
            )),
        );
    }
}

fn report(file: &str, pos: Pos, hit: &Hit, diags: &mut Diagnostics) {
    let lang = diags.lang;
    let masked = mask(&hit.number);
    let what = what(hit.kind, lang);
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

/// Whether a path lies under a `private:` mapping (of a record, or of a project).
fn is_private(path: &str) -> bool {
    path.split('.').any(|seg| seg == "private")
}

/// Where in the file the character `offset` of a scalar's text is, as far as the text tells.
fn place(s: &Scalar, offset: usize) -> Pos {
    let before: Vec<char> = s.text.chars().take(offset).collect();
    let newlines = before.iter().filter(|c| **c == '\n').count();
    match s.style {
        Style::Plain | Style::Quoted if newlines == 0 && !s.text.contains('\n') => Pos {
            line: s.pos.line,
            col: s.pos.col + usize::from(s.style == Style::Quoted) + offset,
        },
        Style::Literal => {
            let in_line = before.iter().rev().take_while(|c| **c != '\n').count();
            Pos {
                line: s.pos.line + newlines,
                col: s.pos.col + in_line,
            }
        }
        // Folded text no longer shows where its lines broke: point at its start.
        _ => s.pos,
    }
}

/// Scans every public scalar of a file's front matter and its body. Also refuses an alias
/// (`*name`) in a public field that repeats something anchored under `private:`: that would
/// publish private data.
pub fn scan(
    file: &str,
    pos: &PosMap,
    body: &str,
    body_line: usize,
    public: &[String],
    diags: &mut Diagnostics,
) {
    let allowed = allowed_numbers(public);
    let is_allowed = |hit: &Hit| allowed.contains(&hit.number);
    for a in &pos.aliases {
        if is_private(&a.target) && !is_private(&a.path) {
            let lang = diags.lang;
            diags.error(
                file,
                a.pos,
                tr!(
                    lang,
                    "这里用别名（*）引用了 private: 下的内容，会把它公开",
                    "this alias (`*`) repeats data under `private:`, which would publish it"
                ),
                Some(tr!(
                    lang,
                    "在这里直接写要公开的内容；private: 下的内容不能用 & 和 * 搬到公开字段里",
                    "write the public text here itself; data under `private:` cannot be carried into public fields with `&` and `*`"
                )),
            );
        }
    }
    // Each number is reported, up to a point: a file holding hundreds (a pasted list) gets
    // the first ones and a line saying there are more, not a flood.
    let mut reported = 0;
    let mut more = |pos: Pos, hit: &Hit, diags: &mut Diagnostics| -> bool {
        reported += 1;
        if reported <= MAX_REPORTED {
            report(file, pos, hit, diags);
            return true;
        }
        let lang = diags.lang;
        diags.error(
            file,
            pos,
            tr!(
                lang,
                "这个文件里还有更多像上面这样的号码，没有一一列出",
                "this file holds more numbers like those above; they are not all listed"
            ),
            Some(tr!(
                lang,
                "先处理上面列出的，再运行 gongkai check 找出其余的",
                "deal with those listed above, then run gongkai check again for the rest"
            )),
        );
        false
    };
    for s in &pos.scalars {
        if is_private(&s.path) {
            continue;
        }
        for hit in find(&s.text) {
            if !is_allowed(&hit) && !more(place(s, hit.offset), &hit, diags) {
                return;
            }
        }
    }
    for (n, line) in body.lines().enumerate() {
        for hit in find(line) {
            let at = Pos {
                line: body_line + n,
                col: hit.offset + 1,
            };
            if !is_allowed(&hit) && !more(at, &hit, diags) {
                return;
            }
        }
    }
}

/// Personal numbers reported one by one in a file, at most (see [`scan`]).
const MAX_REPORTED: usize = 50;

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Found, String)> {
        find(text).into_iter().map(|h| (h.kind, h.number)).collect()
    }

    #[test]
    fn finds_personal_numbers_only() {
        use Found::*;
        let table: &[(&str, Option<Found>)] = &[
            // Mobile numbers: a run, in groups, with the country code.
            ("联系电话13812345678", Some(Mobile)),
            ("电话 138 1234 5678", Some(Mobile)),
            ("电话 138-1234-5678", Some(Mobile)),
            ("电话 138 12345678", Some(Mobile)),
            ("电话 1381234 5678", Some(Mobile)),
            ("电话138\u{3000}1234\u{3000}5678", Some(Mobile)),
            ("电话 138－1234－5678", Some(Mobile)),
            ("+86 13812345678", Some(Mobile)),
            ("+86 138 1234 5678", Some(Mobile)),
            ("+86-138-1234-5678", Some(Mobile)),
            ("0086 13812345678", Some(Mobile)),
            ("8613812345678", Some(Mobile)),
            ("(13812345678)", Some(Mobile)),
            ("电话：１３８１２３４５６７８", Some(Mobile)), // full-width digits
            ("19912345678", Some(Mobile)),
            ("12812345678", None),                   // no mobile starts 12
            ("10086", None),                         // a service number
            ("021-57350000", None),                  // a landline
            ("021-5735-0000", None),                 // a landline in groups
            ("0571-8888 6666", None),                // a landline in groups
            ("13 81 23 45 67 8", None),              // not how a phone number is grouped
            ("预算1200000元，已支出800000元", None), // money
            ("1200000.00", None),
            ("2020-03-05", None),
            ("2020-2021-2022", None),
            ("编号A13812345678", None), // part of a code
            ("13812345678ab", None),    // part of a code
            ("138123456789", None),     // 12 digits: not a phone number
            ("1.3812345678", None),
            // Resident ID numbers: 18 with a valid check character, 15 of the old kind.
            ("11010519491231002X", Some(IdCard)),
            ("11010519491231002x", Some(IdCard)),
            ("身份证440304198506151237。", Some(IdCard)),
            ("310115200012314568", Some(IdCard)),
            ("110105 19491231 002X", Some(IdCard)),
            ("110105-1949-1231-002X", Some(IdCard)),
            ("１１０１０５１９４９１２３１００２Ｘ", Some(IdCard)),
            ("110105194912310021", None),      // wrong check digit
            ("110105194913310021", None),      // valid check digit, but no 13th month
            ("910105194912310029", None),      // valid check digit, but no region starts with 9
            ("110105491231002", Some(IdCard)), // old 15-digit
            ("110105 491231 002", Some(IdCard)),
            ("110105491331002", None),     // no 13th month
            ("010105491231002", None),     // no region starts with 0
            ("11010519491231002XY", None), // part of a code
            // Bank cards: 16–19 digits passing the Luhn check.
            ("4111111111111111", Some(BankCard)),
            ("6222021234567890128", Some(BankCard)),
            ("卡号6222 0212 3456 7890 128", Some(BankCard)),
            ("卡号6222-0212-3456-7890-128", Some(BankCard)),
            ("6228480012345671", Some(BankCard)),
            ("622588123456789016", Some(BankCard)),
            ("6222021234567890123", None),     // not Luhn-valid
            ("6222 0212 3456 7890 123", None), // not Luhn-valid
            ("4111111111111111111111", None),  // too long
            ("4111 1111 1111 111", None),      // too short
            ("41 11 11 11 11 11 11 11", None), // not grouped as a card
        ];
        for (text, want) in table {
            let got = find(text).first().map(|h| h.kind);
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn numbers_are_given_in_one_canonical_form() {
        assert_eq!(
            kinds("+86 138 1234 5678"),
            vec![(Found::Mobile, "13812345678".into())]
        );
        assert_eq!(
            kinds("１３８１２３４５６７８"),
            vec![(Found::Mobile, "13812345678".into())]
        );
        assert_eq!(
            kinds("110105 19491231 002x"),
            vec![(Found::IdCard, "11010519491231002X".into())]
        );
        assert_eq!(
            kinds("6222 0212 3456 7890 128"),
            vec![(Found::BankCard, "6222021234567890128".into())]
        );
    }

    #[test]
    fn every_number_of_a_text_is_found() {
        let hits =
            find("王13812345678，李 139-1234-5678，卡4111111111111111，证11010519491231002X");
        let found: Vec<Found> = hits.iter().map(|h| h.kind).collect();
        assert_eq!(
            found,
            vec![Found::Mobile, Found::Mobile, Found::BankCard, Found::IdCard]
        );
        // A number next to a longer group is still found.
        assert_eq!(find("2020 13812345678").len(), 1);
        assert_eq!(find("编号 7 13812345678").len(), 1);
    }

    #[test]
    fn offsets_count_characters() {
        let hits = find("王某电话13812345678");
        assert_eq!(hits[0].offset, 4);
        assert_eq!(hits[0].number, "13812345678");
        let hits = find("王某 138 1234 5678");
        assert_eq!(hits[0].offset, 3);
    }

    #[test]
    fn long_and_odd_texts_end_quickly() {
        for text in [
            "1".repeat(200_000),
            "1 ".repeat(100_000),
            "1-".repeat(100_000),
            "１".repeat(100_000),
            "X1".repeat(100_000),
            "13812345678 ".repeat(20_000),
        ] {
            let t = std::time::Instant::now();
            let _ = find(&text);
            assert!(t.elapsed().as_secs() < 5, "{}", &text[..10]);
        }
        assert_eq!(find(&"13812345678 ".repeat(1000)).len(), 1000);
    }

    #[test]
    fn check_digit_and_luhn_agree_with_the_standards() {
        assert!(id_check_digit_ok(b"11010519491231002X"));
        assert!(id_check_digit_ok(b"440304198506151237"));
        assert!(!id_check_digit_ok(b"440304198506151238"));
        assert!(luhn_ok(b"4111111111111111"));
        assert!(luhn_ok(b"79927398713"));
        assert!(!luhn_ok(b"79927398710"));
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(mask("13812345678"), "138****5678");
        assert_eq!(mask("11010519491231002X"), "1101**********002X");
        assert_eq!(mask("6222021234567890128"), "6222***********0128");
    }

    #[test]
    fn public_numbers_match_however_they_are_written() {
        let forms = allowed_forms("138 1234 5678");
        assert!(forms.contains(&"13812345678".to_string()), "{forms:?}");
        let forms = allowed_forms("021-57350000");
        assert!(forms.contains(&"02157350000".to_string()), "{forms:?}");
    }

    fn scanned(front: &str, body: &str) -> Vec<(usize, usize, String)> {
        let pos = crate::yaml::positions(front, 2);
        let mut diags = Diagnostics::new(Lang::En);
        scan("f.md", &pos, body, 10, &["021-57350000".into()], &mut diags);
        diags
            .sorted()
            .into_iter()
            .map(|d| (d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn hits_are_placed_at_their_line_and_column() {
        // Plain, quoted, literal block; the body.
        let front = "title: 电话13812345678\nnote: \"电话13812345679\"\nreporter: |\n  第一行\n  第二行 13812345670\n";
        let got = scanned(front, "正文\n王 13812345671\n");
        let at: Vec<(usize, usize)> = got.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(at, vec![(2, 10), (3, 10), (6, 7), (11, 3)], "{got:?}");
        assert!(got[0].2.contains("138****5678"), "{got:?}");
    }

    #[test]
    fn private_data_and_public_numbers_are_not_reported() {
        assert!(scanned(
            "private: {c: \"13812345678\"}\ntitle: 电话021-57350000\n",
            ""
        )
        .is_empty());
    }

    #[test]
    fn an_alias_cannot_carry_private_data_into_public_text() {
        let got = scanned("private: {c: &n \"王某 13812345678\"}\ntitle: *n\n", "");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|(l, c, _)| (*l, *c) == (3, 8)), "{got:?}");
        assert!(got.iter().any(|(_, _, m)| m.contains("private")), "{got:?}");
        assert!(
            got.iter().any(|(_, _, m)| m.contains("138****5678")),
            "{got:?}"
        );
        // A whole anchored mapping, too.
        let got = scanned("private: &p {c: \"13812345678\"}\ntags: [*p]\n", "");
        assert_eq!(got.len(), 2, "{got:?}");
        // An alias of public text is public text, scanned where the alias is.
        let got = scanned("title: &t 电话13812345678\nreporter: *t\n", "");
        assert_eq!(got.len(), 2, "{got:?}");
        // Private data may repeat inside private:.
        assert!(scanned("private: {a: &n \"13812345678\", b: *n}\ntitle: x\n", "").is_empty());
    }

    #[test]
    fn a_file_full_of_numbers_reports_the_first_ones_and_says_there_are_more() {
        let list: Vec<String> = (0..80).map(|k| format!("  - 王{k} 138{k:08}\n")).collect();
        let got = scanned(&format!("tags:\n{}", list.concat()), "");
        assert_eq!(got.len(), MAX_REPORTED + 1, "{got:?}");
        assert!(got[0].2.contains("138****0000"), "{got:?}");
        assert!(
            got.last()
                .is_some_and(|(_, _, m)| m.contains("more numbers")),
            "{got:?}"
        );
    }

    #[test]
    fn nested_aliases_of_a_long_text_stay_bounded() {
        // Each level repeats the one below nine times: 9^6 copies of a 50 KB text (26 GB) if
        // every repeat were kept and scanned.
        let long = "+86-138-1234-5678".repeat(3000);
        let mut front = format!("a: &a [{long}]\n");
        for (k, name) in ["b", "c", "d", "e", "f", "g"].iter().enumerate() {
            let below = ["a", "b", "c", "d", "e", "f"][k];
            front.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{below}"); 9].join(", ")
            ));
        }
        let pos = crate::yaml::positions(&front, 2);
        let repeated: usize = pos
            .scalars
            .iter()
            .filter(|s| s.style == Style::Aliased)
            .map(|s| s.text.len())
            .sum();
        assert!(repeated <= 8 << 20, "{repeated} bytes of repeated text");
        let got = scanned(&front, "");
        assert_eq!(got.len(), MAX_REPORTED + 1);
    }
}
