//! What reading each record file gave, kept between builds (in `.gongkai-cache/reads` beside
//! `content/`), so that a build reads again only the files whose text changed.
//!
//! Reading a file (its YAML twice, the checks, the privacy scan) depends on its text and the
//! site's settings only (see [`resolve::read_file`]); the preview server keeps readings in
//! memory on the same grounds ([`crate::serve`]). A kept reading is used only when the file's
//! text, the site's settings and language, and the gongkai program itself are those it was
//! made with. Anything else, or a cache file that is cut short or altered, and the file is
//! simply read again.
//!
//! A draft's reading, or that of a file with an error, is not kept, and a build that stops at
//! an error keeps nothing (see `pipeline::build`).
//! A record's Markdown body is not kept either; it is the end of the file's text, which the
//! build reads anyway.
//!
//! The file is text: a header line, then a line per file (`path`, hash and length of the text,
//! length of the body, the reading as JSON, separated by tabs) sorted by path, then a line
//! with a hash of everything before it.

use crate::diag::Lang;
use crate::fnv;
use crate::load::Source;
use crate::model::{Origin, Site};
use crate::resolve::{read_file, FileRead, Read};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

const HEADER: &str = "gongkai-reads 1";

/// A kept reading, as found in the file.
struct Entry {
    hash: u64,
    len: usize,
    body: usize,
    /// Where its JSON is in the file's text.
    json: std::ops::Range<usize>,
}

/// The line a file will have in the next cache: taken from the previous one, or new.
enum Line {
    Kept(std::ops::Range<usize>),
    New(String),
}

/// A file's reading as it will be kept for the next build.
struct Next {
    rel: String,
    hash: u64,
    len: usize,
    body: usize,
    line: Line,
}

/// The readings kept by the last build, and those this build makes.
pub struct Reads {
    path: PathBuf,
    /// The program and the settings the kept readings were made with.
    program: Option<String>,
    site: Option<u64>,
    text: String,
    entries: HashMap<String, Entry>,
    /// Decided at the first file read, once the site is known: the site's hash, and whether
    /// the kept readings were made with it.
    site_now: OnceLock<(u64, bool)>,
    next: Mutex<Vec<Next>>,
    reused: AtomicUsize,
    /// Whether this build's readings are gathered to be saved (not for a check or the
    /// preview, which only take what a build kept).
    saving: bool,
}

/// The folder of what gongkai keeps between builds of the site at `root`. It is beside
/// `content/`, which holds all it is made from, and apart from the output, which may be
/// published as a whole: nothing of it is ever published.
pub fn folder(root: &Path) -> PathBuf {
    root.join(".gongkai-cache")
}

/// This program: its version and its executable's size and time, which a new build of it
/// changes. `None` when the executable cannot be looked at: nothing is kept then.
pub(crate) fn program() -> Option<String> {
    let meta = std::env::current_exe().ok()?.metadata().ok()?;
    let time = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "{} {} {}",
        env!("CARGO_PKG_VERSION"),
        meta.len(),
        time.as_nanos()
    ))
}

fn site_hash(site: &Site, lang: Lang) -> u64 {
    fnv::wide(format!("{lang:?} {site:?}").as_bytes())
}

impl Reads {
    /// The readings kept for the site at `root` (none when there are none, or they cannot be
    /// trusted), to be used and then saved again ([`Reads::save`]).
    pub fn open(root: &Path) -> Reads {
        Reads {
            saving: true,
            ..Reads::open_read_only(root)
        }
    }

    /// [`Reads::open`] for a check that only takes what was kept: nothing is gathered to save.
    pub fn open_read_only(root: &Path) -> Reads {
        let path = folder(root).join("reads");
        let mut reads = Reads {
            path: path.clone(),
            program: program(),
            site: None,
            text: String::new(),
            entries: HashMap::new(),
            site_now: OnceLock::new(),
            next: Mutex::new(Vec::new()),
            reused: AtomicUsize::new(0),
            saving: false,
        };
        if reads.program.is_none() {
            return reads;
        }
        if let Ok(text) = std::fs::read_to_string(&path) {
            if let Some((site, entries)) = parse(&text, reads.program.as_deref()) {
                reads.site = Some(site);
                reads.entries = entries;
                reads.text = text;
            }
        }
        reads
    }

    /// How many files this build did not read again.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Reads a record file, or takes its kept reading: a drop-in for [`read_file`].
    pub fn read(&self, src: &Source, site: &Site, lang: Lang) -> FileRead {
        // One site for every file of a check: its hash is taken once.
        let (_, same) = *self.site_now.get_or_init(|| {
            let h = site_hash(site, lang);
            (h, self.site == Some(h))
        });
        let hash = fnv::wide(src.text.as_bytes());
        let len = src.text.len();
        if same {
            if let Some(e) = self.entries.get(&src.rel) {
                if e.hash == hash && e.len == len {
                    if let Some(read) = self.decode(e, &src.text) {
                        self.reused.fetch_add(1, Ordering::Relaxed);
                        self.keep(&src.rel, hash, len, e.body, Line::Kept(e.json.clone()));
                        return read;
                    }
                }
            }
        }
        let mut fresh = read_file(src, site, lang);
        if self.saving {
            if let Some((body, json)) = encode(&mut fresh, src) {
                self.keep(&src.rel, hash, len, body, Line::New(json));
            }
        }
        fresh
    }

    fn keep(&self, rel: &str, hash: u64, len: usize, body: usize, line: Line) {
        if !self.saving {
            return;
        }
        let next = Next {
            rel: rel.to_string(),
            hash,
            len,
            body,
            line,
        };
        self.next
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(next);
    }

    fn decode(&self, e: &Entry, text: &str) -> Option<FileRead> {
        let mut read: FileRead = serde_json::from_str(self.text.get(e.json.clone())?).ok()?;
        let body = text.get(text.len().checked_sub(e.body)?..)?;
        if let Some(origin) = origin_of(&mut read.0) {
            origin.body = body.to_string();
        }
        Some(read)
    }

    /// [`Reads::save`] on a thread of its own, while the build goes on.
    pub fn save_aside(self) -> Saving {
        Saving(std::thread::Builder::new().spawn(move || self.save()).ok())
    }

    /// Writes the readings of this build's files for the next build, unless they are those
    /// already kept. A failure to write is not an error of the build: the next one reads
    /// every file.
    pub fn save(self) {
        let Some(program) = self.program.filter(|_| self.saving) else {
            return;
        };
        let Some(&(site, _)) = self.site_now.get() else {
            return;
        };
        let mut next = self.next.into_inner().unwrap_or_else(|e| e.into_inner());
        let unchanged = self.site == Some(site)
            && next.len() == self.entries.len()
            && next.iter().all(|n| matches!(n.line, Line::Kept(_)));
        if unchanged {
            return;
        }
        next.sort_by(|a, b| a.rel.cmp(&b.rel));
        // Written line by line as it is hashed: the file (93 MB at 100,000 issues) is never
        // held whole. Its length, which the hash starts from, is known first.
        let head = format!("{HEADER}\t{program}\t{site:016x}\n");
        let json = |line: &Line| -> usize {
            match line {
                Line::Kept(r) => r.len(),
                Line::New(s) => s.len(),
            }
        };
        let len = head.len()
            + next
                .iter()
                .map(|n| {
                    let numbers = crate::decimal_len(n.len) + crate::decimal_len(n.body);
                    n.rel.len() + 16 + numbers + json(&n.line) + 5
                })
                .sum::<usize>();
        let text = &self.text;
        write_kept_with(&self.path, |w| {
            use std::fmt::Write as _;
            let mut sum = fnv::WideStream::new(len as u64);
            sum.bytes(head.as_bytes());
            w.write_all(head.as_bytes())?;
            let mut line = String::new();
            for n in next {
                line.clear();
                let _ = write!(line, "{}\t{:016x}\t{}\t{}\t", n.rel, n.hash, n.len, n.body);
                match n.line {
                    Line::Kept(r) => line.push_str(&text[r]),
                    Line::New(s) => line.push_str(&s),
                }
                line.push('\n');
                sum.bytes(line.as_bytes());
                w.write_all(line.as_bytes())?;
            }
            writeln!(w, "end\t{:016x}", sum.finish())
        });
    }
}

/// Writes a file of the cache folder whole (through `<name>.tmp` and a rename), making the
/// folder with a `.gitignore` that tells version control to leave it alone. A failure is not
/// an error of the build: the next one makes everything again.
pub(crate) fn write_kept(path: &Path, text: &str) {
    write_kept_with(path, |w| w.write_all(text.as_bytes()));
}

/// [`write_kept`], the file's bytes written by `write`.
fn write_kept_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let ignore = dir.join(".gitignore");
    if !ignore.exists()
        && (std::fs::create_dir_all(dir).is_err() || std::fs::write(ignore, "*\n").is_err())
    {
        return;
    }
    // One name for every build: what a killed build left is written over by the next.
    let tmp = dir.join(format!("{}.tmp", name.to_string_lossy()));
    let written = std::fs::File::create(&tmp).and_then(|f| {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
        write(&mut w)?;
        std::io::Write::flush(&mut w)
    });
    if written.is_err() || std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// A save under way; dropping it waits for the save to end.
pub struct Saving(Option<std::thread::JoinHandle<()>>);

impl Drop for Saving {
    fn drop(&mut self) {
        if let Some(h) = self.0.take() {
            let _ = h.join();
        }
    }
}

fn origin_of(read: &mut Read) -> Option<&mut Origin> {
    match read {
        Read::Issue(x) => Some(&mut x.origin),
        Read::Meeting(x) => Some(&mut x.origin),
        Read::Resolution(x) => Some(&mut x.origin),
        Read::Plan(x) => Some(&mut x.origin),
        Read::Visit(x) => Some(&mut x.origin),
        Read::Page(x) => Some(&mut x.origin),
        Read::Failed(_) => None,
    }
}

/// A reading as kept: the length of the body (the end of the text) and the rest as JSON.
/// `None` for what is not kept: a draft, a file with an error, a body that is not the end of
/// the text.
fn encode(read: &mut FileRead, src: &Source) -> Option<(usize, String)> {
    if read.1.has_errors() || src.rel.contains(['\t', '\n']) {
        return None;
    }
    let origin = origin_of(&mut read.0)?;
    if origin.draft || !src.text.ends_with(origin.body.as_str()) {
        return None;
    }
    let body = std::mem::take(&mut origin.body);
    let body_len = body.len();
    let json = serde_json::to_string(&*read).ok();
    if let Some(origin) = origin_of(&mut read.0) {
        origin.body = body;
    }
    Some((body_len, json?))
}

/// The site hash and the entries of a cache file made by `program`; `None` when the file is
/// not whole, or was made by another program.
fn parse(text: &str, program: Option<&str>) -> Option<(u64, HashMap<String, Entry>)> {
    let body_end = text.strip_suffix('\n')?.rfind('\n')? + 1;
    let sum = text[body_end..].strip_prefix("end\t")?.trim_end();
    if u64::from_str_radix(sum, 16).ok()? != fnv::wide(&text.as_bytes()[..body_end]) {
        return None;
    }
    let mut lines = text[..body_end].split_inclusive('\n');
    let mut head = lines.next()?.trim_end_matches('\n').split('\t');
    if head.next()? != HEADER || Some(head.next()?) != program {
        return None;
    }
    let site = u64::from_str_radix(head.next()?, 16).ok()?;
    let mut entries = HashMap::new();
    let mut at = text.find('\n')? + 1;
    for line in lines {
        let start = at;
        at += line.len();
        if !line.ends_with('\n') {
            return None;
        }
        let mut parts = line.trim_end_matches('\n').splitn(5, '\t');
        let rel = parts.next()?;
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let len = parts.next()?.parse().ok()?;
        let body = parts.next()?.parse().ok()?;
        let json_len = parts.next()?.len();
        let json_end = start + line.len() - 1;
        entries.insert(
            rel.to_string(),
            Entry {
                hash,
                len,
                body,
                json: json_end - json_len..json_end,
            },
        );
    }
    Some((site, entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_file_is_trusted_only_whole_and_from_this_program() {
        let lines = format!(
            "{HEADER}\tP\t{:016x}\nx.md\t{:016x}\t3\t0\t[1]\n",
            7u64, 9u64
        );
        let whole = format!("{lines}end\t{:016x}\n", fnv::wide(lines.as_bytes()));
        let (site, entries) = parse(&whole, Some("P")).expect("a whole file");
        assert_eq!(site, 7);
        let x = &entries["x.md"];
        assert_eq!((x.hash, x.len, x.body), (9, 3, 0));
        assert_eq!(&whole[x.json.clone()], "[1]");
        // Made by another program, cut short, or without its last line: not trusted.
        assert!(parse(&whole, Some("Q")).is_none());
        assert!(parse(&whole[..whole.len() - 1], Some("P")).is_none());
        assert!(parse(&lines, Some("P")).is_none());
        assert!(parse(&whole.replace("[1]", "[2]"), Some("P")).is_none());
    }
}
