//! Every YAML call of gongkai lives here, so that the YAML library can be swapped in one file.
//!
//! serde_yaml turns front matter into the raw record types; yaml-rust2's event parser gives the
//! position of every key and value, which rule checks need to point at the offending field.

use crate::diag::{choice_hint, Lang, Pos};
use crate::tr;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A YAML problem, already in the clerk's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
}

/// Where each key and value of a document sits, by path (`timeline.2.event`), and every
/// scalar with its path, for checks that read all public text.
#[derive(Debug, Default)]
pub struct PosMap {
    /// Line of the document's first line in the whole file.
    first_line: usize,
    keys: HashMap<String, Pos>,
    values: HashMap<String, Pos>,
    /// Every scalar value, including those an alias (`*name`) repeats at the alias's path:
    /// a check of public text must see what the alias brings in.
    pub scalars: Vec<Scalar>,
    /// Every alias, with the path of the node it repeats.
    pub aliases: Vec<Alias>,
    /// Keys written a second time in the same mapping (the path of the mapping, the key, and
    /// where the second one is): only one of the values can count.
    pub repeated: Vec<(String, String, Pos)>,
}

#[derive(Debug, Clone)]
pub struct Scalar {
    pub path: String,
    /// Where the scalar is written: its first character, or the opening quote.
    pub pos: Pos,
    pub text: String,
    pub style: Style,
}

/// How a scalar is written, which says how its text maps back onto the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    /// `'…'` or `"…"`: the text starts one column after `pos`.
    Quoted,
    /// `|`: the text's lines are the file's lines, from `pos` on.
    Literal,
    /// `>`: lines folded, so only the start is known.
    Folded,
    /// Repeated by an alias; `pos` is the alias.
    Aliased,
}

/// `*name` at `path`, repeating the node anchored (`&name`) at `target`.
#[derive(Debug, Clone)]
pub struct Alias {
    pub path: String,
    pub pos: Pos,
    pub target: String,
}

/// Scalars repeated by aliases, at most: YAML aliases can nest to repeat a node
/// exponentially often ("billion laughs"); past this the rest are not repeated.
const MAX_ALIASED_SCALARS: usize = 100_000;

/// And at most this much text in all: a long scalar repeated by nested aliases would
/// otherwise take gigabytes. The node an alias repeats is checked where it is written.
const MAX_ALIASED_BYTES: usize = 8 << 20;

impl PosMap {
    /// The position of the value at `path`, else of the nearest enclosing value found.
    pub fn at(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(pos) = self.values.get(p) {
                return *pos;
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => {
                    return self.values.get("").copied().unwrap_or(Pos {
                        line: self.first_line,
                        col: 1,
                    })
                }
            }
        }
    }

    /// The position of the key naming `path`, else of its value.
    pub fn key(&self, path: &str) -> Pos {
        self.keys
            .get(path)
            .copied()
            .unwrap_or_else(|| self.at(path))
    }

    /// The keys present in the mapping at `path`, in file order.
    pub fn keys_of(&self, path: &str) -> Vec<String> {
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}.")
        };
        let mut found: Vec<(Pos, String)> = self
            .keys
            .iter()
            .filter_map(|(k, pos)| {
                let rest = k.strip_prefix(&prefix)?;
                (!rest.contains('.')).then(|| (*pos, rest.to_string()))
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, k)| k).collect()
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        seen_key: bool,
    },
    Seq {
        path: String,
        index: usize,
    },
}

struct Recorder {
    first_line: usize,
    stack: Vec<Frame>,
    map: PosMap,
    /// Anchor id → the anchored node's path and its scalars (a range of `map.scalars`).
    anchors: HashMap<usize, (String, usize, usize)>,
    /// Anchored collections not yet closed: (anchor id, depth of the stack inside them).
    open_anchors: Vec<(usize, usize)>,
    aliased: usize,
    aliased_bytes: usize,
}

fn join(path: &str, seg: &str) -> String {
    if path.is_empty() {
        seg.to_string()
    } else {
        format!("{path}.{seg}")
    }
}

impl Recorder {
    fn pos(&self, mark: Marker) -> Pos {
        Pos {
            line: mark.line() + self.first_line - 1,
            col: mark.col() + 1,
        }
    }

    /// Decides whether a node is a key or a value, and returns the value's path.
    fn node(&mut self, pos: Pos, scalar: Option<&str>) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Map {
                path,
                key,
                seen_key,
            }) => match key.take() {
                None => {
                    let name = scalar.unwrap_or("?").to_string();
                    let full = join(path, &name);
                    // `?` stands for a key that is not a scalar; `<<` may merge twice.
                    if self.map.keys.insert(full, pos).is_some() && name != "?" && name != "<<" {
                        self.map.repeated.push((path.clone(), name.clone(), pos));
                    }
                    // The parser marks a block mapping where its first value starts; the
                    // mapping really starts at its first key.
                    if !*seen_key {
                        *seen_key = true;
                        if self.map.values.get(path.as_str()).is_some_and(|v| *v > pos) {
                            self.map.values.insert(path.clone(), pos);
                            if let Some(k) = self.map.keys.get_mut(path.as_str()) {
                                if *k > pos {
                                    *k = pos;
                                }
                            }
                        }
                    }
                    *key = Some(name);
                    None
                }
                Some(name) => Some(join(path, &name)),
            },
            Some(Frame::Seq { path, index }) => {
                let full = join(path, &index.to_string());
                *index += 1;
                self.map.keys.insert(full.clone(), pos);
                Some(full)
            }
        }
    }
}

impl Recorder {
    /// Repeats at `path` the scalars of the node anchored at `target` (`scalars[from..to]`).
    fn repeat(&mut self, path: &str, pos: Pos, target: &str, from: usize, to: usize) {
        for i in from..to {
            let s = &self.map.scalars[i];
            if self.aliased >= MAX_ALIASED_SCALARS
                || self.aliased_bytes + s.text.len() > MAX_ALIASED_BYTES
            {
                return;
            }
            self.aliased += 1;
            self.aliased_bytes += s.text.len();
            let rest = s.path.strip_prefix(target).unwrap_or("");
            let copy = Scalar {
                path: format!("{path}{rest}"),
                pos,
                text: s.text.clone(),
                style: Style::Aliased,
            };
            self.map.scalars.push(copy);
        }
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = self.pos(mark);
        match ev {
            Event::Scalar(text, style, anchor, _) => {
                if let Some(path) = self.node(pos, Some(&text)) {
                    self.map.values.insert(path.clone(), pos);
                    let style = match style {
                        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => Style::Quoted,
                        TScalarStyle::Literal => Style::Literal,
                        TScalarStyle::Folded => Style::Folded,
                        _ => Style::Plain,
                    };
                    let at = self.map.scalars.len();
                    if anchor > 0 {
                        self.anchors.insert(anchor, (path.clone(), at, at + 1));
                    }
                    self.map.scalars.push(Scalar {
                        path,
                        pos,
                        text,
                        style,
                    });
                }
            }
            Event::Alias(anchor) => {
                if let Some(path) = self.node(pos, None) {
                    self.map.values.insert(path.clone(), pos);
                    if let Some((target, from, to)) = self.anchors.get(&anchor).cloned() {
                        self.repeat(&path, pos, &target, from, to);
                        self.map.aliases.push(Alias { path, pos, target });
                    }
                }
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                let is_map = matches!(ev, Event::MappingStart(..));
                // A mapping used as a key is not part of the format; track it under `?`.
                let path = self.node(pos, None).unwrap_or_else(|| "?".to_string());
                self.map.values.insert(path.clone(), pos);
                if anchor > 0 {
                    let at = self.map.scalars.len();
                    self.anchors.insert(anchor, (path.clone(), at, at));
                    self.open_anchors.push((anchor, self.stack.len() + 1));
                }
                self.stack.push(if is_map {
                    Frame::Map {
                        path,
                        key: None,
                        seen_key: false,
                    }
                } else {
                    Frame::Seq { path, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(&(anchor, depth)) = self.open_anchors.last() {
                    if depth == self.stack.len() {
                        self.open_anchors.pop();
                        let end = self.map.scalars.len();
                        if let Some(a) = self.anchors.get_mut(&anchor) {
                            a.2 = end;
                        }
                    }
                }
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// Records positions of a YAML document whose first line is line `first_line` of its file.
/// A document the event parser cannot read yields a map with no entries: positions then fall
/// back to the document's first line, and serde_yaml reports the syntax error itself.
pub fn positions(text: &str, first_line: usize) -> PosMap {
    let mut rec = Recorder {
        first_line,
        stack: Vec::new(),
        anchors: HashMap::new(),
        open_anchors: Vec::new(),
        aliased: 0,
        aliased_bytes: 0,
        map: PosMap {
            first_line,
            ..PosMap::default()
        },
    };
    // Event by event rather than `Parser::load`, which recurses once per level of nesting
    // and so overflows the stack on `[[[[…` long before any limit of the file size.
    let mut parser = Parser::new_from_str(text);
    let unread = || PosMap {
        first_line,
        ..PosMap::default()
    };
    loop {
        match parser.next_token() {
            Ok((Event::DocumentEnd | Event::StreamEnd, _)) => break,
            Ok((ev, mark)) => rec.on_event(ev, mark),
            Err(_) => return unread(),
        }
        // Deeper than serde_yaml reads (it stops at 128): not a record, and every level
        // would make every path below it longer.
        if rec.stack.len() > MAX_DEPTH {
            return unread();
        }
    }
    rec.map
}

/// Nesting deeper than this is not read for positions; serde_yaml refuses it too.
const MAX_DEPTH: usize = 128;

/// Deserializes a document into a raw record type, with errors in the clerk's words.
/// An empty document reads as an empty mapping.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    first_line: usize,
    lang: Lang,
) -> Result<T, YamlError> {
    if let Some(at) = too_deep(text) {
        return Err(YamlError {
            pos: Pos {
                line: at.line + first_line - 1,
                col: at.col,
            },
            message: tr!(
                lang,
                "括号嵌套太深（超过 {MAX_DEPTH} 层）",
                "brackets nest too deep (more than {MAX_DEPTH} levels)"
            ),
            hint: Some(tr!(
                lang,
                "记录用不到这么多层：检查这里是不是少写了 ] 或 }}",
                "no record needs so many levels: check for a missing ] or }} here"
            )),
        });
    }
    let result = if text.trim().is_empty() {
        serde_yaml::from_str::<T>("{}")
    } else {
        serde_yaml::from_str::<T>(text)
    };
    result.map_err(|e| {
        let pos = e
            .location()
            .map(|l| Pos {
                line: l.line() + first_line - 1,
                col: l.column(),
            })
            .unwrap_or(Pos {
                line: first_line,
                col: 0,
            });
        let raw = e.to_string();
        // serde_yaml points at the mapping holding a repeated key; the clerk needs the repeat.
        let pos = duplicate_name(&raw)
            .and_then(|name| repeated_key(text, first_line, &name))
            .unwrap_or(pos);
        let (message, hint) = explain(&raw, lang);
        YamlError { pos, message, hint }
    })
}

/// The key serde_yaml says is written twice: "duplicate field `title`", "duplicate entry with
/// key \"1\"".
fn duplicate_name(raw: &str) -> Option<String> {
    let at = raw
        .find("duplicate field ")
        .or_else(|| raw.find("duplicate entry"))?;
    let rest = &raw[at..];
    let rest = rest.find(" at line ").map_or(rest, |i| &rest[..i]);
    if let Some(name) = rest.split('`').nth(1) {
        return Some(name.to_string());
    }
    let key = rest.strip_prefix("duplicate entry with key ")?;
    Some(key.trim_matches('"').to_string())
}

/// Where `name` is written a second time as a key of one mapping. Cold: read only to place
/// the error of a repeated key.
fn repeated_key(text: &str, first_line: usize, name: &str) -> Option<Pos> {
    enum Frame {
        Map {
            seen: std::collections::HashSet<String>,
            key_next: bool,
        },
        Seq,
    }
    // A node has ended: the mapping holding it expects a key again.
    fn done(stack: &mut [Frame]) {
        if let Some(Frame::Map { key_next, .. }) = stack.last_mut() {
            *key_next = true;
        }
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    loop {
        let (ev, mark) = parser.next_token().ok()?;
        match ev {
            Event::DocumentEnd | Event::StreamEnd => return None,
            Event::Scalar(key, ..)
                if matches!(stack.last(), Some(Frame::Map { key_next: true, .. })) =>
            {
                if let Some(Frame::Map { seen, key_next }) = stack.last_mut() {
                    *key_next = false;
                    if !seen.insert(key.clone()) && key == name {
                        return Some(Pos {
                            line: mark.line() + first_line - 1,
                            col: mark.col() + 1,
                        });
                    }
                }
            }
            Event::Scalar(..) | Event::Alias(_) => done(&mut stack),
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                // A collection used as a key is not part of the format: leave the key behind.
                if let Some(Frame::Map { key_next, .. }) = stack.last_mut() {
                    *key_next = false;
                }
                stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map {
                        seen: std::collections::HashSet::new(),
                        key_next: true,
                    }
                } else {
                    Frame::Seq
                });
                if stack.len() > MAX_DEPTH {
                    return None;
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                done(&mut stack);
            }
            _ => {}
        }
    }
}

/// Turns a value into plain JSON (for `private:`-free data, and tests).
pub fn to_json(text: &str) -> Option<serde_json::Value> {
    if too_deep(text).is_some() {
        return None;
    }
    serde_yaml::from_str(text).ok()
}

/// Where a document's brackets first nest deeper than `MAX_DEPTH`, if they do. serde_yaml
/// gives up at 128 levels too, but only after its parser has read the whole document, in
/// time growing with the square of the depth of `[`: 5 MB of them would take hours. This
/// reads brackets outside quotes and comments, in one pass. (Indentation nests fast enough.)
fn too_deep(text: &str) -> Option<Pos> {
    let (mut depth, mut line, mut col) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    // The last character that is not a space, on this line: a quote opens a scalar only
    // where a value may start.
    let mut before = '\n';
    // The character just before, space or not: `#` starts a comment after a space.
    let mut prev = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        col += 1;
        if c == '\n' {
            (line, col, comment, before, prev) = (line + 1, 0, false, '\n', '\n');
            continue;
        }
        match (quote, c) {
            _ if comment => {}
            (Some('"'), '\\') => {
                chars.next();
                col += 1;
            }
            (Some('\''), '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
                col += 1;
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if matches!(before, '\n' | ':' | '-' | '[' | '{' | ',' | '?') => {
                quote = Some(c)
            }
            (None, '#') if prev.is_whitespace() => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(Pos { line, col });
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        if !c.is_whitespace() {
            before = c;
        }
        prev = c;
    }
    None
}
/// Rewrites serde_yaml's message into plain words and a fix. Never shows a Rust type name.
fn explain(raw: &str, lang: Lang) -> (String, Option<String>) {
    let msg = match raw.find(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    // serde_yaml prefixes nested errors with their path: `timeline[2]: unknown field ...`.
    // The path may hold any key the clerk wrote (`visited.a b: invalid type: …`), so it ends
    // where a message serde writes begins.
    const SERDE: [&str; 6] = [
        "unknown field ",
        "missing field ",
        "duplicate field ",
        "duplicate entry",
        "invalid type: ",
        "invalid value: ",
    ];
    let serde_message = |m: &str| SERDE.iter().any(|k| m.starts_with(k));
    let known_split = (!serde_message(msg))
        .then(|| {
            msg.match_indices(": ")
                .map(|(i, _)| i)
                .find(|i| serde_message(&msg[i + 2..]))
        })
        .flatten();
    let (field_path, msg) = match (known_split, msg.split_once(": ")) {
        (Some(i), _) => (Some(&msg[..i]), &msg[i + 2..]),
        (None, Some((p, rest)))
            if !p.contains(' ')
                && (p.contains('.')
                    || p.contains('[')
                    || p.chars().all(|c| c.is_alphanumeric() || c == '_')) =>
        {
            (Some(p), rest)
        }
        _ => (None, msg),
    };
    let in_field = field_path.map(|p| match lang {
        Lang::Zh => format!("（在 {p} 中）"),
        Lang::En => format!(" (in {p})"),
    });
    let in_field = in_field.unwrap_or_default();
    let quoted: Vec<&str> = msg.split('`').skip(1).step_by(2).collect();

    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let name = quoted.first().copied().unwrap_or(rest);
        let valid: Vec<&str> = quoted.iter().skip(1).copied().collect();
        let hint = if valid.is_empty() {
            tr!(lang, "删除这个字段", "remove this field")
        } else {
            choice_hint(lang, name, &valid)
        };
        return (
            tr!(
                lang,
                "不认识的字段“{name}”{in_field}",
                "unknown field `{name}`{in_field}"
            ),
            Some(hint),
        );
    }
    if msg.starts_with("missing field ") {
        let name = quoted.first().copied().unwrap_or("?");
        return (
            tr!(
                lang,
                "缺少必填字段“{name}”{in_field}",
                "the field `{name}` is missing{in_field}"
            ),
            Some(tr!(lang, "加上一行 {name}: …", "add a line `{name}: …`")),
        );
    }
    if msg.starts_with("duplicate field ") || msg.starts_with("duplicate entry") {
        let name = duplicate_name(msg).unwrap_or_else(|| "?".into());
        return (
            tr!(
                lang,
                "字段“{name}”写了两次{in_field}",
                "the field `{name}` is written twice{in_field}"
            ),
            Some(tr!(lang, "只保留一个", "keep only one of them")),
        );
    }
    if let Some(rest) = msg
        .strip_prefix("invalid type: ")
        .or_else(|| msg.strip_prefix("invalid value: "))
    {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let found = describe(found, lang);
        let expected = describe(expected, lang);
        return (
            tr!(
                lang,
                "这里应该是{expected}，但写的是{found}{in_field}",
                "expected {expected} here, found {found}{in_field}"
            ),
            Some(example(expected_kind(rest), lang)),
        );
    }
    (
        tr!(lang, "YAML 格式有误：{msg}", "the YAML is malformed: {msg}"),
        Some(tr!(
            lang,
            "检查这一行和上一行：冒号后要有空格；同一层的字段缩进要对齐（用空格，不用 Tab）；含有冒号、逗号或 # 的值要用英文引号括起来",
            "check this line and the one above: put a space after each colon; align fields of the same level with spaces (no tabs); quote values that hold a colon, comma or #"
        )),
    )
}

#[derive(PartialEq)]
enum Kind {
    List,
    Map,
    Number,
    Whole,
    Bool,
    Text,
}

fn expected_kind(rest: &str) -> Kind {
    let expected = rest.split(", expected ").nth(1).unwrap_or("");
    if expected.contains("sequence") {
        Kind::List
    } else if expected.contains("struct") || expected.contains("map") {
        Kind::Map
    } else if expected.contains("bool") {
        Kind::Bool
    } else if expected.contains("f64") || expected.contains("float") || expected.contains("number")
    {
        Kind::Number
    } else if expected.contains("u8")
        || expected.contains("u32")
        || expected.contains("u64")
        || expected.contains("integer")
        || expected.contains("usize")
    {
        Kind::Whole
    } else {
        Kind::Text
    }
}

fn describe(what: &str, lang: Lang) -> String {
    let value = what.split('`').nth(1).or_else(|| what.split('"').nth(1));
    // The kind is named before the value: `string "a sequence of f64"` is a text.
    let what = what.split(['`', '"']).next().unwrap_or(what);
    let kind = if what.contains("sequence") {
        tr!(lang, "一个列表", "a list")
    } else if what.contains("map") || what.contains("struct") {
        tr!(lang, "一组“字段: 值”", "a group of `field: value` lines")
    } else if what.contains("bool") {
        tr!(lang, "true 或 false", "true or false")
    } else if what.contains("f64") || what.contains("float") || what.contains("number") {
        tr!(lang, "一个数字", "a number")
    } else if what.contains("u8")
        || what.contains("u32")
        || what.contains("u64")
        || what.contains("usize")
    {
        tr!(lang, "一个不小于 0 的整数", "a whole number, 0 or more")
    } else if what.contains("integer") {
        tr!(lang, "整数", "a whole number")
    } else if what.contains("unit") || what.contains("null") {
        tr!(lang, "空值", "nothing (an empty value)")
    } else {
        tr!(lang, "一段文字", "a text")
    };
    match value {
        Some(v) if !v.is_empty() => format!("{kind} “{v}”"),
        _ => kind,
    }
}

fn example(kind: Kind, lang: Lang) -> String {
    match kind {
        Kind::List => tr!(lang, "列表写成 [a, b]，或每项一行、以“- ”开头", "write a list as [a, b], or one item per line starting with `- `"),
        Kind::Map => tr!(lang, "写成 {{字段: 值, 字段: 值}}，或每个字段一行并多缩进两格", "write it as {{field: value, field: value}}, or one field per line, indented two more spaces"),
        Kind::Number => tr!(lang, "写一个数字，如 1200 或 1200.50，不加单位和逗号", "write a plain number such as 1200 or 1200.50, without unit or commas"),
        Kind::Whole => tr!(lang, "写一个整数，如 38", "write a whole number such as 38"),
        Kind::Bool => tr!(lang, "写 true 或 false", "write true or false"),
        Kind::Text => tr!(lang, "写一段文字；如果它含有冒号等符号，用英文引号括起来", "write a text; quote it if it holds a colon or similar sign"),
    }
}

/// A front-matter document split from its Markdown body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: &'a str,
    /// Line of the front matter's first line in the file (2 for a `.md` record).
    pub front_line: usize,
    pub body: &'a str,
    /// Line of the body's first line in the file.
    pub body_line: usize,
}

/// Splits `---\nfront\n---\nbody`. The text has LF line endings and no BOM.
pub fn split_front_matter(text: &str, lang: Lang) -> Result<Split<'_>, YamlError> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(YamlError {
            pos: Pos { line: 1, col: 1 },
            message: tr!(lang, "文件没有以 --- 开头", "the file does not start with ---"),
            hint: Some(tr!(
                lang,
                "在第一行写 ---，接着写字段（title: …），再写一行 ---，然后写正文",
                "write --- on the first line, then the fields (title: …), then a line ---, then the text"
            )),
        });
    }
    let start = first.len() + 1;
    let mut offset = start;
    for (line, l) in (2..).zip(text[start.min(text.len())..].split_inclusive('\n')) {
        if l.trim_end() == "---" {
            let body_start = offset + l.len();
            return Ok(Split {
                front: &text[start..offset],
                front_line: 2,
                body: &text[body_start.min(text.len())..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(YamlError {
        pos: Pos { line: 1, col: 1 },
        message: tr!(
            lang,
            "找不到结束字段部分的 --- 行",
            "the closing --- line of the fields is missing"
        ),
        hint: Some(tr!(
            lang,
            "在字段之后、正文之前加一行 ---",
            "add a line --- after the fields, before the text"
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_placed_at_its_second_writing() {
        assert_eq!(
            duplicate_name("timeline[1]: duplicate field `event` at line 3 column 5"),
            Some("event".into())
        );
        assert_eq!(
            duplicate_name("duplicate entry with key \"1\" at line 2 column 1"),
            Some("1".into())
        );
        assert_eq!(duplicate_name("unknown field `x`"), None);
        let text = "a: 1\nb: {c: 1, d: [{e: 1, c: 2}]}\nc: 3\nc: 4\n";
        assert_eq!(repeated_key(text, 2, "c"), Some(Pos { line: 5, col: 1 }));
        assert_eq!(repeated_key(text, 2, "a"), None);
        let text = "t:\n  - {x: 1, x: 2}\n";
        assert_eq!(repeated_key(text, 1, "x"), Some(Pos { line: 2, col: 12 }));
    }

    #[test]
    fn positions_count_lines_in_the_whole_file() {
        let fm = "id: a\ntimeline:\n  - {date: 2020-03-05, event: raised}\n  - date: 2020-03-06\n    event: analysed\nprivate: {contact: x}\n";
        let map = positions(fm, 2);
        assert_eq!(map.at(""), Pos { line: 2, col: 1 });
        assert_eq!(map.at("id"), Pos { line: 2, col: 5 });
        assert_eq!(map.key("id"), Pos { line: 2, col: 1 });
        assert_eq!(map.at("timeline.0.event"), Pos { line: 4, col: 31 });
        assert_eq!(map.at("timeline.1.event"), Pos { line: 6, col: 12 });
        assert_eq!(map.at("timeline.1"), Pos { line: 5, col: 5 });
        assert_eq!(map.key("timeline.1"), Pos { line: 5, col: 5 });
        // Unknown paths fall back to the nearest parent.
        assert_eq!(map.at("timeline.1.nothing"), map.at("timeline.1"));
        assert_eq!(map.keys_of("timeline.1"), vec!["date", "event"]);
        assert!(map.scalars.iter().any(|s| s.path == "private.contact"));
    }

    #[test]
    fn splits_front_matter_and_counts_body_line() {
        let s = split_front_matter("---\ntitle: x\n---\nbody\n", Lang::Zh).unwrap();
        assert_eq!(s.front, "title: x\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
        assert!(split_front_matter("title: x\n", Lang::Zh).is_err());
        assert!(split_front_matter("---\ntitle: x\n", Lang::En).is_err());
        let empty_body = split_front_matter("---\ntitle: x\n---", Lang::Zh).unwrap();
        assert_eq!(empty_body.body, "");
    }

    #[test]
    fn deep_nesting_is_read_without_recursion_or_quadratic_paths() {
        // On a small stack, as on a worker thread: recursion would overflow it.
        let run = |text: String| {
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    let t = std::time::Instant::now();
                    let map = positions(&text, 2);
                    (map.scalars.len(), t.elapsed())
                })
                .unwrap()
                .join()
                .expect("no stack overflow")
        };
        for text in [
            format!("title: {}", "[".repeat(200_000)),
            format!("title: {}x{}", "[".repeat(100_000), "]".repeat(100_000)),
            format!("title: {}", "{a: ".repeat(100_000)),
            "- ".repeat(100_000) + "x",
        ] {
            let (scalars, took) = run(text);
            assert_eq!(scalars, 0);
            assert!(took.as_secs() < 5, "{took:?}");
        }
        // 100 levels are still read.
        let (scalars, _) = run(format!("title: {}x{}", "[".repeat(100), "]".repeat(100)));
        assert_eq!(scalars, 1);
    }

    #[test]
    fn a_document_nested_too_deep_is_refused_at_once() {
        for text in [
            format!("title: x\ntags: {}", "[".repeat(2_000_000)),
            format!("title: x\ntags: {}", "{a: ".repeat(500_000)),
            format!("title: x\ntags: [{}", "[a, ".repeat(500_000)),
        ] {
            let t = std::time::Instant::now();
            let e = parse::<T>(&text, 2, Lang::En).unwrap_err();
            assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
            assert_eq!(e.pos.line, 3, "{e:?}");
            assert!(e.message.contains("more than 128 levels"), "{}", e.message);
            assert!(e.hint.unwrap().contains("missing ]"));
            assert!(to_json(&text).is_none());
        }
        // Brackets in quotes and comments do not count; 100 levels are read (and refused
        // for what they are).
        let text = format!(
            "title: '{}'\nn: 1 # {}\nlist: \"[\\\"{}\"\n",
            "[".repeat(500),
            "[".repeat(500),
            "[".repeat(500)
        );
        assert!(too_deep(&text).is_none(), "{text}");
        let text = format!("title: x\nlist: {}a{}", "[".repeat(100), "]".repeat(100));
        let e = parse::<T>(&text, 2, Lang::En).unwrap_err();
        assert!(!e.message.contains("levels"), "{}", e.message);
        // Deep indentation is read quickly by serde_yaml itself.
        let text = format!("title: x\ntags:\n{}", "- ".repeat(1_000_000));
        let t = std::time::Instant::now();
        assert!(parse::<T>(&text, 2, Lang::En).is_err());
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        n: Option<u32>,
        list: Option<Vec<String>>,
    }

    #[test]
    fn errors_are_in_plain_words() {
        let e = parse::<T>("titel: x\n", 2, Lang::Zh).unwrap_err();
        assert_eq!(e.pos.line, 2);
        assert!(e.message.contains("不认识的字段“titel”"), "{}", e.message);
        assert!(e.hint.unwrap().contains("是不是“title”"));
        let e = parse::<T>("title: x\nn: many\n", 2, Lang::En).unwrap_err();
        assert_eq!(e.pos.line, 3);
        assert!(
            e.message.contains("expected a whole number"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("u32"));
        let e = parse::<T>("title: x\nlist: {a: 1}\n", 2, Lang::En).unwrap_err();
        assert!(e.message.contains("expected a list"), "{}", e.message);
        // The value written does not decide what kind of value it is said to be.
        let e = parse::<T>("title: [x]\nn: a sequence of f64\n", 2, Lang::En).unwrap_err();
        assert!(e.message.contains("found a list"), "{}", e.message);
        let e = parse::<T>("title: x\nn: a sequence of f64\n", 2, Lang::En).unwrap_err();
        assert!(
            e.message.contains("found a text “a sequence of f64”"),
            "{}",
            e.message
        );
        // A key with a space in the path of the error.
        let e =
            parse::<std::collections::BTreeMap<String, std::collections::BTreeMap<String, u32>>>(
                "visited: {\"a b: c\": x}\n",
                2,
                Lang::En,
            )
            .unwrap_err();
        assert!(
            e.message.starts_with("expected a whole number"),
            "{}",
            e.message
        );
        assert!(e.message.contains("(in visited.a b: c)"), "{}", e.message);
        let e = parse::<T>("title: x: y\n", 2, Lang::Zh).unwrap_err();
        assert!(e.message.starts_with("YAML 格式有误"), "{}", e.message);
    }
}
