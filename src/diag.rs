//! Diagnostics are data: where, how bad, what is wrong, how to fix it.
//! Every problem of a build is collected, then reported at once.

use std::fmt;

/// The language of the site and of its messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh-CN" | "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// Picks the message of the site's language; both are format strings with inline arguments.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $zh:literal, $en:literal) => {
        match $lang {
            $crate::diag::Lang::Zh => format!($zh),
            $crate::diag::Lang::En => format!($en),
        }
    };
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a file. Lines and columns count from 1, in the whole file.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// The file, relative to the site root, with `/` separators.
    pub file: String,
    /// 0 when the whole file is meant.
    pub line: usize,
    /// 0 when unknown.
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    /// How to fix it, when there is something to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// Collects diagnostics for the whole build.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Diagnostics {
    pub lang: Lang,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new(lang: Lang) -> Self {
        Diagnostics {
            lang,
            items: Vec::new(),
        }
    }

    pub fn push(
        &mut self,
        severity: Severity,
        file: &str,
        pos: Pos,
        message: String,
        hint: Option<String>,
    ) {
        self.items.push(Diagnostic {
            file: file.to_string(),
            line: pos.line,
            column: pos.col,
            severity,
            message,
            hint,
        });
    }

    pub fn error(&mut self, file: &str, pos: Pos, message: String, hint: Option<String>) {
        self.push(Severity::Error, file, pos, message, hint);
    }

    pub fn warning(&mut self, file: &str, pos: Pos, message: String, hint: Option<String>) {
        self.push(Severity::Warning, file, pos, message, hint);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// All diagnostics, ordered by file, then position, then text: stable output.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        v.dedup();
        v
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
}

impl Diagnostic {
    /// `file:line:col: 错误：message` and, indented below, the hint.
    pub fn display(&self, lang: Lang) -> DisplayDiagnostic<'_> {
        DisplayDiagnostic { d: self, lang }
    }
}

pub struct DisplayDiagnostic<'a> {
    d: &'a Diagnostic,
    lang: Lang,
}

impl fmt::Display for DisplayDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.d;
        write!(f, "{}", d.file)?;
        if d.line > 0 {
            write!(f, ":{}", d.line)?;
            if d.column > 0 {
                write!(f, ":{}", d.column)?;
            }
        }
        let label = match (self.lang, d.severity) {
            (Lang::Zh, Severity::Error) => "错误：",
            (Lang::Zh, Severity::Warning) => "警告：",
            (Lang::En, Severity::Error) => "error: ",
            (Lang::En, Severity::Warning) => "warning: ",
        };
        write!(f, ": {label}{}", d.message)?;
        if let Some(hint) = &d.hint {
            let label = match self.lang {
                Lang::Zh => "怎么改：",
                Lang::En => "fix: ",
            };
            write!(f, "\n    {label}{hint}")?;
        }
        Ok(())
    }
}

/// Edit distance, for "did you mean" hints.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely misspelling.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(2) / 2).max(1) || c.starts_with(&lower))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A hint naming the closest valid value and listing the valid ones.
pub fn choice_hint(lang: Lang, word: &str, valid: &[&str]) -> String {
    // A list written with a repeated entry (itself an error) names each choice once.
    let mut seen = std::collections::HashSet::new();
    let valid: Vec<&str> = valid.iter().copied().filter(|v| seen.insert(*v)).collect();
    let list = if valid.len() > 12 {
        format!("{} …", valid[..12].join(", "))
    } else {
        valid.join(", ")
    };
    match closest(word, valid.iter().copied()) {
        Some(best) => tr!(
            lang,
            "是不是“{best}”？可用的有：{list}",
            "did you mean `{best}`? Valid: {list}"
        ),
        None => tr!(lang, "可用的有：{list}", "valid values: {list}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_misspellings_only() {
        let valid = ["home-visit", "inspection", "return-visit", "meeting"];
        assert_eq!(closest("inspecton", valid), Some("inspection"));
        assert_eq!(closest("homevisit", valid), Some("home-visit"));
        assert_eq!(closest("banana", valid), None);
        assert_eq!(closest("titel", ["title", "id", "raised"]), Some("title"));
    }

    #[test]
    fn choices_are_listed_once() {
        let hint = choice_hint(Lang::Zh, "2", &["1", "1", "3"]);
        assert!(hint.ends_with("可用的有：1, 3"), "{hint}");
    }

    #[test]
    fn display_has_place_message_and_fix() {
        let d = Diagnostic {
            file: "content/issues/a.md".into(),
            line: 4,
            column: 9,
            severity: Severity::Error,
            message: "未知的来源“inspecton”".into(),
            hint: Some("是不是“inspection”？".into()),
        };
        assert_eq!(
            d.display(Lang::Zh).to_string(),
            "content/issues/a.md:4:9: 错误：未知的来源“inspecton”\n    怎么改：是不是“inspection”？"
        );
    }
}
