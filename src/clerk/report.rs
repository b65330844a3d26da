//! How `check` and `build` speak on a terminal: problems grouped by file, each with its full
//! place (`file:line:col`, which terminals and editors turn into a link), colours when the
//! stream is a terminal (never with NO_COLOR set), a count at the end, and a progress bar for
//! a long build.

use crate::diag::{Diagnostic, Lang, Severity};
use crate::pipeline::{Progress, Stage};
use crate::tr;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Whether to colour a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paint(pub bool);

impl Paint {
    /// Colours on a terminal, unless NO_COLOR is set (no-color.org); CLICOLOR_FORCE=1 forces
    /// them (for tests and for pagers that understand them).
    pub fn for_stream(is_terminal: bool) -> Paint {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Paint(false);
        }
        Paint(is_terminal || set("CLICOLOR_FORCE"))
    }
    pub fn stderr() -> Paint {
        Paint::for_stream(std::io::stderr().is_terminal())
    }
    pub fn stdout() -> Paint {
        Paint::for_stream(std::io::stdout().is_terminal())
    }

    fn wrap(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    pub fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }
    pub fn red(self, text: &str) -> String {
        self.wrap("1;31", text)
    }
    pub fn yellow(self, text: &str) -> String {
        self.wrap("1;33", text)
    }
    pub fn green(self, text: &str) -> String {
        self.wrap("32", text)
    }
    pub fn dim(self, text: &str) -> String {
        self.wrap("2", text)
    }
}

/// `3 个错误，1 个警告` / `3 errors, 1 warning`.
pub fn tally(lang: Lang, errors: usize, warnings: usize) -> String {
    let (e, w) = (errors, warnings);
    match lang {
        Lang::Zh => format!("{e} 个错误，{w} 个警告"),
        Lang::En => format!(
            "{e} error{}, {w} warning{}",
            if e == 1 { "" } else { "s" },
            if w == 1 { "" } else { "s" }
        ),
    }
}

/// The problems, grouped by file in the order given (sorted by file, then place): a heading
/// per file with its count, then each problem with its place and, below, how to fix it.
pub fn grouped(lang: Lang, diags: &[Diagnostic], paint: Paint) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < diags.len() {
        let file = &diags[i].file;
        let group: Vec<&Diagnostic> = diags[i..].iter().take_while(|d| &d.file == file).collect();
        i += group.len();
        let errors = group
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = group.len() - errors;
        let count = match (lang, errors, warnings) {
            (Lang::Zh, e, 0) => format!("{e} 个错误"),
            (Lang::Zh, 0, w) => format!("{w} 个警告"),
            (Lang::Zh, e, w) => format!("{e} 个错误，{w} 个警告"),
            (Lang::En, e, 0) => format!("{e} error{}", if e == 1 { "" } else { "s" }),
            (Lang::En, 0, w) => format!("{w} warning{}", if w == 1 { "" } else { "s" }),
            (Lang::En, e, w) => tally(Lang::En, e, w),
        };
        if !out.is_empty() {
            out.push('\n');
        }
        let heading = match lang {
            Lang::Zh => format!("── {file}（{count}）"),
            Lang::En => format!("── {file} ({count})"),
        };
        out.push_str(&paint.bold(&heading));
        out.push('\n');
        for d in group {
            out.push_str(&one(lang, d, paint));
            out.push('\n');
        }
    }
    out
}

/// One problem: `file:line:col: 错误：message` and, indented below, `怎么改：hint`.
pub fn one(lang: Lang, d: &Diagnostic, paint: Paint) -> String {
    if !paint.0 {
        return d.display(lang).to_string();
    }
    let mut place = d.file.clone();
    if d.line > 0 {
        place += &format!(":{}", d.line);
        if d.column > 0 {
            place += &format!(":{}", d.column);
        }
    }
    let label = match (lang, d.severity) {
        (Lang::Zh, Severity::Error) => paint.red("错误："),
        (Lang::Zh, Severity::Warning) => paint.yellow("警告："),
        (Lang::En, Severity::Error) => paint.red("error: "),
        (Lang::En, Severity::Warning) => paint.yellow("warning: "),
    };
    let mut s = format!("{}: {label}{}", paint.dim(&place), d.message);
    if let Some(hint) = &d.hint {
        let fix = paint.green(&tr!(lang, "怎么改：", "fix: "));
        s += &format!("\n    {fix}{hint}");
    }
    s
}

/// The number of files with problems.
pub fn files_with_problems(diags: &[Diagnostic]) -> usize {
    let mut files: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    files.len()
}

/// A progress bar on stderr, drawn only when stderr is a terminal (or GONGKAI_PROGRESS=1) and
/// only once the build has taken a moment: small builds finish before it would show.
pub struct Bar {
    enabled: bool,
    start: Instant,
    delay: Duration,
    state: Mutex<BarState>,
}

#[derive(Default)]
struct BarState {
    last: Option<Instant>,
    drawn: bool,
}

impl Bar {
    pub fn new() -> Bar {
        let forced = std::env::var_os("GONGKAI_PROGRESS").is_some_and(|v| v == "1");
        Bar {
            enabled: forced || std::io::stderr().is_terminal(),
            start: Instant::now(),
            delay: if forced {
                Duration::ZERO
            } else {
                Duration::from_millis(300)
            },
            state: Mutex::new(BarState::default()),
        }
    }

    /// Called from the build, from any thread; draws at most ten times a second.
    pub fn update(&self, p: Progress) {
        if !self.enabled || self.start.elapsed() < self.delay {
            return;
        }
        let Ok(mut st) = self.state.try_lock() else {
            return;
        };
        let now = Instant::now();
        let last_of_stage = p.total > 0 && p.done == p.total;
        if st
            .last
            .is_some_and(|t| now - t < Duration::from_millis(100))
            && !last_of_stage
        {
            return;
        }
        st.last = Some(now);
        st.drawn = true;
        let line = bar_line(p, self.start.elapsed());
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }

    /// Clears the bar, leaving the line for what is printed next.
    pub fn finish(&self) {
        let drawn = self.state.lock().map(|s| s.drawn).unwrap_or(false);
        if drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}

impl Default for Bar {
    fn default() -> Self {
        Bar::new()
    }
}

/// `生成网页 [##########----------] 5000/10000  2.1 秒`.
pub fn bar_line(p: Progress, elapsed: Duration) -> String {
    let lang = p.lang;
    let what = match p.stage {
        Stage::Check => tr!(lang, "检查记录", "checking"),
        Stage::Render => tr!(lang, "生成网页", "rendering"),
        Stage::Write => tr!(lang, "写入文件", "writing"),
    };
    let secs = elapsed.as_secs_f64();
    let time = tr!(lang, "{secs:.1} 秒", "{secs:.1} s");
    if p.total == 0 {
        return format!("{what} …  {time}");
    }
    const WIDTH: usize = 24;
    let filled = (p.done.min(p.total) * WIDTH) / p.total;
    let bar = format!("{}{}", "#".repeat(filled), "-".repeat(WIDTH - filled));
    format!("{what} [{bar}] {}/{}  {time}", p.done, p.total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(file: &str, line: usize, severity: Severity, message: &str) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line,
            column: 3,
            severity,
            message: message.into(),
            hint: Some("fix it".into()),
        }
    }

    #[test]
    fn problems_are_grouped_under_their_file() {
        let diags = [
            d("a.md", 2, Severity::Error, "one"),
            d("a.md", 5, Severity::Warning, "two"),
            d("b.md", 1, Severity::Warning, "three"),
        ];
        let text = grouped(Lang::En, &diags, Paint(false));
        assert_eq!(
            text,
            "── a.md (1 error, 1 warning)\na.md:2:3: error: one\n    fix: fix it\na.md:5:3: warning: two\n    fix: fix it\n\n── b.md (1 warning)\nb.md:1:3: warning: three\n    fix: fix it\n"
        );
        let zh = grouped(Lang::Zh, &diags, Paint(false));
        assert!(zh.starts_with("── a.md（1 个错误，1 个警告）\na.md:2:3: 错误：one"));
        let coloured = grouped(Lang::Zh, &diags, Paint(true));
        assert!(coloured.contains("\x1b[1;31m错误：\x1b[0m"), "{coloured}");
        assert!(coloured.contains("\x1b[1;33m警告：\x1b[0m"), "{coloured}");
        assert_eq!(files_with_problems(&diags), 2);
    }

    #[test]
    fn the_bar_fills_with_the_work_done() {
        let p = |done, total| Progress {
            lang: Lang::Zh,
            stage: Stage::Write,
            done,
            total,
        };
        let half = bar_line(p(50, 100), Duration::from_millis(1500));
        assert_eq!(half, "写入文件 [############------------] 50/100  1.5 秒");
        assert!(bar_line(p(100, 100), Duration::ZERO).contains(&"#".repeat(24)));
        assert!(bar_line(p(0, 0), Duration::ZERO).starts_with("写入文件 …"));
    }
}
