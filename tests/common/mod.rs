//! A tiny builder for fixture sites: one small site per behaviour, written into a temporary
//! folder, checked or built through the library or through the `gongkai` binary.
//!
//! Not every test file uses every helper.
#![allow(dead_code)]

use gongkai::date::Date;
use gongkai::diag::{Diagnostic, Severity};
use gongkai::pipeline::{self, BuildOptions, BuildReport, Outcome};
use gongkai::resolve::Options;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// A minimal valid site.yaml in Chinese. Groups 1 and 2, zone east, people zhang and li;
/// the built-in categories. `as_of` is fixed so that overdue and feedback checks are stable.
pub const SITE_ZH: &str = "\
title: 测试村村务公开
village: 测试村
language: zh-CN
base_url: https://example.org/test/
as_of: 2020-11-13
groups:
  - {id: \"1\", name: 1组, households: 40}
  - {id: \"2\", name: 2组, households: 30}
zones:
  - {id: east, name: 东片, groups: [\"1\", \"2\"]}
people:
  - {id: zhang, name: 张卫国, role: 村党总支书记}
  - {id: li, name: 李明, role: 村委会主任}
";

/// The same site with `language: en`.
pub const SITE_EN: &str = "\
title: Test village affairs
village: Test village
language: en
base_url: https://example.org/test/
as_of: 2020-11-13
groups:
  - {id: \"1\", name: Group 1, households: 40}
  - {id: \"2\", name: Group 2, households: 30}
zones:
  - {id: east, name: East, groups: [\"1\", \"2\"]}
people:
  - {id: zhang, name: Zhang Weiguo, role: Party secretary}
  - {id: li, name: Li Ming, role: Committee chair}
";

/// A valid issue raised on 2020-03-05, resolved and fed back: no warning at as_of.
pub fn issue(id: &str, title: &str) -> String {
    format!(
        "---
id: {id}
title: {title}
raised: 2020-03-05
source: inspection
group: \"1\"
category: land
timeline:
  - {{date: 2020-03-05, event: raised}}
  - {{date: 2020-03-10, event: resolved}}
  - {{date: 2020-03-12, event: feedback, audience: village}}
---
正文。
"
    )
}

/// The outcome of running the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `gongkai` with these arguments.
pub fn gongkai(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .output()
        .expect("the gongkai binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fixture site in a temporary folder (removed when dropped).
pub struct Site {
    dir: TempDir,
}

impl Site {
    /// An empty site with the Chinese site.yaml.
    pub fn new() -> Site {
        Site::with_site_yaml(SITE_ZH)
    }

    /// An empty site with the English site.yaml.
    pub fn en() -> Site {
        Site::with_site_yaml(SITE_EN)
    }

    pub fn with_site_yaml(site_yaml: &str) -> Site {
        let dir = tempfile::Builder::new()
            .prefix("gongkai-test-")
            .tempdir()
            .expect("a temporary folder");
        let site = Site { dir };
        site.file("site.yaml", site_yaml);
        site
    }

    /// The site root (holding content/).
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path below the site root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes `content/<rel>`, creating folders.
    pub fn file(&self, rel: &str, text: &str) -> &Site {
        self.bytes(rel, text.as_bytes())
    }

    /// Writes `content/<rel>` as raw bytes.
    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> &Site {
        let path = self.root().join("content").join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folders");
        std::fs::write(&path, bytes).expect("write a fixture file");
        self
    }

    /// Writes `themes/default/<rel>`: a file of the site's own theme over the built-in one.
    pub fn theme_file(&self, rel: &str, text: &str) -> &Site {
        let path = self.root().join("themes/default").join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folders");
        std::fs::write(&path, text).expect("write a theme file");
        self
    }

    pub fn issue(&self, name: &str, text: &str) -> &Site {
        self.file(&format!("issues/{name}.md"), text)
    }
    pub fn meeting(&self, name: &str, text: &str) -> &Site {
        self.file(&format!("meetings/{name}.md"), text)
    }
    pub fn resolution(&self, name: &str, text: &str) -> &Site {
        self.file(&format!("resolutions/{name}.md"), text)
    }
    pub fn plan(&self, name: &str, text: &str) -> &Site {
        self.file(&format!("plans/{name}.md"), text)
    }
    pub fn visit(&self, name: &str, text: &str) -> &Site {
        self.file(&format!("visits/{name}.yaml"), text)
    }
    pub fn page(&self, name: &str, text: &str) -> &Site {
        self.file(&format!("pages/{name}.md"), text)
    }

    /// Checks the site through the library, writing nothing.
    pub fn check(&self) -> Outcome {
        pipeline::check(self.root(), &Options::default())
    }

    /// Checks with an explicit "today".
    pub fn check_as_of(&self, as_of: &str) -> Outcome {
        let as_of = Date::parse(as_of).expect("a valid as_of");
        pipeline::check(
            self.root(),
            &Options {
                as_of: Some(as_of),
                ..Options::default()
            },
        )
    }

    /// Builds through the library into `out`.
    pub fn build_into(&self, out: &Path, drafts: bool) -> BuildReport {
        pipeline::build(&BuildOptions {
            root: self.root().to_path_buf(),
            output: Some(out.to_path_buf()),
            resolve: Options {
                drafts,
                ..Options::default()
            },
        })
    }

    /// Builds through the library into `ROOT/public`, asserting success; returns the folder.
    pub fn build_ok(&self) -> PathBuf {
        self.build_ok_into(self.path("public"))
    }

    /// Builds through the library into `out`, asserting success; returns the folder.
    pub fn build_ok_into(&self, out: PathBuf) -> PathBuf {
        let report = self.build_into(&out, false);
        assert_eq!(
            report.outcome.errors(),
            0,
            "unexpected errors:\n{}",
            shown(&report.outcome.diagnostics)
        );
        assert!(report.io_error.is_none(), "{:?}", report.io_error);
        assert!(report.files > 0, "nothing written");
        out
    }

    /// `gongkai check --root ROOT …`.
    pub fn run_check(&self, extra: &[&str]) -> Run {
        let root = self.root().to_string_lossy().into_owned();
        let mut args = vec!["check", "--root", root.as_str()];
        args.extend_from_slice(extra);
        gongkai(&args)
    }

    /// `gongkai build --root ROOT …`.
    pub fn run_build(&self, extra: &[&str]) -> Run {
        let root = self.root().to_string_lossy().into_owned();
        let mut args = vec!["build", "--root", root.as_str()];
        args.extend_from_slice(extra);
        gongkai(&args)
    }
}

/// Diagnostics as the clerk sees them, one per line, for assertion messages.
pub fn shown(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| d.display(gongkai::diag::Lang::Zh).to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn errors(o: &Outcome) -> Vec<&Diagnostic> {
    o.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

pub fn warnings(o: &Outcome) -> Vec<&Diagnostic> {
    o.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect()
}

/// The only error of the outcome; fails if there is not exactly one.
pub fn only_error(o: &Outcome) -> &Diagnostic {
    let e = errors(o);
    assert_eq!(
        e.len(),
        1,
        "expected exactly one error, got:\n{}",
        shown(&o.diagnostics)
    );
    e[0]
}

/// Asserts file, line and column (0 = "not asserted") of a diagnostic.
#[track_caller]
pub fn assert_at(d: &Diagnostic, file: &str, line: usize, column: usize) {
    assert_eq!(
        d.file,
        file,
        "file of: {}",
        d.display(gongkai::diag::Lang::Zh)
    );
    assert_eq!(
        d.line,
        line,
        "line of: {}",
        d.display(gongkai::diag::Lang::Zh)
    );
    if column > 0 {
        assert_eq!(
            d.column,
            column,
            "column of: {}",
            d.display(gongkai::diag::Lang::Zh)
        );
    }
}

/// Asserts that the message holds every one of `words`, and the hint every one of `fix`.
#[track_caller]
pub fn assert_says(d: &Diagnostic, words: &[&str], fix: &[&str]) {
    for w in words {
        assert!(
            d.message.contains(w),
            "message lacks {w:?}: {}",
            d.display(gongkai::diag::Lang::Zh)
        );
    }
    let hint = d.hint.clone().unwrap_or_default();
    for w in fix {
        assert!(
            hint.contains(w),
            "fix lacks {w:?}: {}",
            d.display(gongkai::diag::Lang::Zh)
        );
    }
}

/// Every file below `dir`, by relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk the output");
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("below dir")
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(e.path()).expect("read an output file"));
        }
    }
    out
}

/// The paths of the files of `tree` whose bytes contain `needle`.
pub fn files_containing(tree: &BTreeMap<String, Vec<u8>>, needle: &str) -> Vec<String> {
    let n = needle.as_bytes();
    tree.iter()
        .filter(|(_, bytes)| bytes.windows(n.len()).any(|w| w == n))
        .map(|(p, _)| p.clone())
        .collect()
}

pub fn read_json(path: &Path) -> serde_json::Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// A minimal XML element tree, enough to check that the feed and sitemap are well formed.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..]
            .find(';')
            .ok_or_else(|| format!("unterminated entity in {s:?}"))?
            + i;
        let ent = &rest[i + 1..end];
        let c = match ent {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ if ent.starts_with("#x") => u32::from_str_radix(&ent[2..], 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or("bad char ref")?,
            _ if ent.starts_with('#') => ent[1..]
                .parse()
                .ok()
                .and_then(char::from_u32)
                .ok_or("bad char ref")?,
            _ => return Err(format!("unknown entity &{ent};")),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    if rest.contains('<') {
        return Err(format!("a bare < in text {s:?}"));
    }
    out.push_str(rest);
    Ok(out)
}

/// Parses a well-formed XML document (no DTD, CDATA or comments needed here) into its root
/// element; any malformation is an error.
pub fn parse_xml(text: &str) -> Result<Element, String> {
    let mut s = text.trim_start();
    if let Some(rest) = s.strip_prefix("<?xml") {
        let end = rest.find("?>").ok_or("unterminated XML declaration")?;
        s = rest[end + 2..].trim_start();
    }
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    while !s.is_empty() {
        if let Some(rest) = s.strip_prefix("</") {
            let end = rest.find('>').ok_or("unterminated end tag")?;
            let name = rest[..end].trim();
            let el = stack
                .pop()
                .ok_or_else(|| format!("</{name}> without a start tag"))?;
            if el.name != name {
                return Err(format!("<{}> closed by </{name}>", el.name));
            }
            s = &rest[end + 1..];
            match stack.last_mut() {
                Some(parent) => parent.children.push(el),
                None if root.is_none() => root = Some(el),
                None => return Err("two root elements".into()),
            }
        } else if let Some(rest) = s.strip_prefix('<') {
            let end = rest.find('>').ok_or("unterminated start tag")?;
            let mut inner = &rest[..end];
            let empty = inner.ends_with('/');
            if empty {
                inner = &inner[..inner.len() - 1];
            }
            let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
            let name = inner[..name_end].to_string();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || ":_-.".contains(c))
            {
                return Err(format!("bad element name {name:?}"));
            }
            let mut attrs = Vec::new();
            let mut a = inner[name_end..].trim();
            while !a.is_empty() {
                let eq = a
                    .find('=')
                    .ok_or_else(|| format!("attribute without value in <{name}>"))?;
                let key = a[..eq].trim().to_string();
                let after = a[eq + 1..].trim_start();
                let quote = after.chars().next().ok_or("attribute without value")?;
                if quote != '"' && quote != '\'' {
                    return Err(format!("unquoted attribute {key} in <{name}>"));
                }
                let close = after[1..].find(quote).ok_or("unterminated attribute")? + 1;
                attrs.push((key, unescape(&after[1..close])?));
                a = after[close + 1..].trim_start();
            }
            if root.is_some() {
                return Err("content after the root element".into());
            }
            let el = Element {
                name,
                attrs,
                children: Vec::new(),
                text: String::new(),
            };
            s = &rest[end + 1..];
            if empty {
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            } else {
                stack.push(el);
            }
        } else {
            let end = s.find('<').unwrap_or(s.len());
            let raw = &s[..end];
            match stack.last_mut() {
                Some(el) => el.text.push_str(&unescape(raw)?),
                None if raw.trim().is_empty() => {}
                None => return Err(format!("text outside the root element: {raw:?}")),
            }
            s = &s[end..];
        }
    }
    if let Some(el) = stack.last() {
        return Err(format!("<{}> is never closed", el.name));
    }
    root.ok_or_else(|| "no root element".into())
}
