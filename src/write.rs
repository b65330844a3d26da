//! Writing the output: a complete new tree is prepared beside the output folder and swapped in
//! only when whole. A failed or killed build leaves the previous output as it was.
//!
//! Double buffering: the tree that was live before the last swap is kept as a hidden spare
//! (`.public.spare`). The next build brings the spare up to date, writing only files whose
//! bytes changed, then swaps it in. A manifest beside each tree records every file's length,
//! hash and modification time; a file touched by anything else is rewritten. It also records
//! the times of the tree's folders: a folder whose time has not changed had nothing added,
//! removed or renamed in it, and need not be read to find what gongkai did not write there
//! (links, files, folders: removed when the tree is taken up).

use crate::fnv::wide as fnv;
use crate::render::Rendered;
use crate::stat::{mtime_ns, Kind, Tree};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A file in every output folder gongkai writes; its absence protects other folders.
pub const MARKER: &str = ".gongkai";
const MARKER_TEXT: &[u8] = b"Written by gongkai; replaced whole at every build.\n";

#[derive(Debug)]
pub enum WriteError {
    /// The output folder is unsafe to replace; the words say why.
    Refused(String),
    Io(String, io::Error),
}

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

struct Places {
    out: PathBuf,
    manifest: PathBuf,
    spare: PathBuf,
    spare_manifest: PathBuf,
    tmp: PathBuf,
    parent: PathBuf,
    name: String,
}

fn places(out: &Path) -> Places {
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    Places {
        out: out.to_path_buf(),
        manifest: parent.join(format!(".{name}.manifest")),
        spare: parent.join(format!(".{name}.spare")),
        spare_manifest: parent.join(format!(".{name}.spare.manifest")),
        tmp: parent.join(format!(".{name}.tmp-{}", std::process::id())),
        parent,
        name,
    }
}

/// Refuses an output folder that is the site root, holds `content/`, contains the site,
/// or is a non-empty folder that gongkai did not write.
pub fn check_target(root: &Path, out: &Path, lang: crate::diag::Lang) -> Result<(), WriteError> {
    use crate::tr;
    let abs = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (root_c, out_c) = (abs(root), abs(out));
    let shown = out.display().to_string();
    if out_c == root_c || root_c.starts_with(&out_c) || out.join("content").exists() {
        return Err(WriteError::Refused(tr!(
            lang,
            "不能把网站输出到 {shown}：它是站点文件夹或包含 content/，会覆盖原始记录。请用 --output 指定另一个文件夹（默认是 public）",
            "refusing to write the site to {shown}: it is the site folder or holds content/, which would be overwritten. Name another folder with --output (the default is public)"
        )));
    }
    if out.is_dir()
        && !out.join(MARKER).exists()
        && std::fs::read_dir(out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        return Err(WriteError::Refused(tr!(
            lang,
            "{shown} 里已有别的文件，不是 gongkai 生成的，为免误删，不会覆盖。请清空它，或用 --output 指定另一个文件夹",
            "{shown} holds files gongkai did not write; to avoid deleting them it is left alone. Empty it, or name another folder with --output"
        )));
    }
    Ok(())
}

/// Cleans up after a build that was killed: removes its temporary tree, and puts back a
/// previous output that was moved aside but not replaced.
pub fn recover(out: &Path) {
    let p = places(out);
    if let Ok(entries) = std::fs::read_dir(&p.parent) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            // Ours when it holds the marker, or when it is still empty (killed between
            // creating it and writing the marker).
            let ours = e.path().join(MARKER).exists()
                || std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_none());
            if n.starts_with(&format!(".{}.tmp-", p.name)) && ours {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    if !p.out.exists() && p.spare.join(MARKER).exists() {
        let _ = std::fs::rename(&p.spare, &p.out);
        let _ = std::fs::rename(&p.spare_manifest, &p.manifest);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Entry {
    len: u64,
    hash: u64,
    mtime_ns: u128,
    /// A hash of what the file was made from (0: not known), so that a later build with the
    /// same inputs can keep the file without making it again.
    input: u64,
}

impl Entry {
    /// A file of the tree that is not as its manifest entry says (touched by anything else
    /// since gongkai wrote it): never kept, never taken for the same bytes, removed or
    /// written again.
    const CHANGED: Entry = Entry {
        len: u64::MAX,
        hash: 0,
        mtime_ns: 0,
        input: 0,
    };
}

/// The first line of a manifest: one of another format is not trusted (every file is
/// written again once). Folder lines (`D mtime path`) follow the file lines.
const MANIFEST_HEAD: &str = "# gongkai manifest 5: length hash mtime input path; D mtime folder";

/// What a manifest records of a tree: its files, and the modification times of its folders
/// that can be trusted (see [`folder_times`]). A folder whose time is the same at the next
/// build has had no entry added, removed or renamed since: it need not be read again.
#[derive(Default)]
struct Manifest {
    files: BTreeMap<String, Entry>,
    dirs: BTreeMap<String, u128>,
}

#[cfg(test)]
fn read_manifest(path: &Path) -> Manifest {
    std::fs::read_to_string(path).map_or_else(|_| Manifest::default(), |t| parse_manifest(&t))
}

fn parse_manifest(text: &str) -> Manifest {
    let mut m = Manifest::default();
    let mut lines = text.lines();
    if lines.next() != Some(MANIFEST_HEAD) {
        return m;
    }
    for l in lines {
        if let Some(dir) = l.strip_prefix("D ") {
            if let Some((t, rel)) = dir.split_once(' ') {
                if let Ok(t) = t.parse() {
                    m.dirs.insert(rel.to_string(), t);
                }
            }
            continue;
        }
        let mut it = l.splitn(5, ' ');
        let entry = (|| {
            let len = it.next()?.parse().ok()?;
            let hash = u64::from_str_radix(it.next()?, 16).ok()?;
            let mtime_ns = it.next()?.parse().ok()?;
            let input = u64::from_str_radix(it.next()?, 16).ok()?;
            Some((
                it.next()?.to_string(),
                Entry {
                    len,
                    hash,
                    mtime_ns,
                    input,
                },
            ))
        })();
        if let Some((rel, e)) = entry {
            m.files.insert(rel, e);
        }
    }
    m
}

/// Writes a manifest: `files`, then the folder times `dirs`. Written as it goes (at 100,000
/// issues it is 25 MB, and it is written at the end of a build, when memory peaks).
fn write_manifest(
    path: &Path,
    files: &BTreeMap<String, Entry>,
    dirs: &[(&str, u128)],
) -> io::Result<()> {
    use std::io::Write as _;
    let mut w = io::BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?);
    writeln!(w, "{MANIFEST_HEAD}")?;
    for (p, e) in files {
        writeln!(
            w,
            "{} {:016x} {} {:016x} {p}",
            e.len, e.hash, e.mtime_ns, e.input
        )?;
    }
    for (d, t) in dirs {
        writeln!(w, "D {t} {d}")?;
    }
    w.flush()
}

/// A path that stays inside the output folder: relative, `/`-separated, with no `.`, `..` or
/// empty segment, no backslash or NUL, and not the marker.
fn safe_rel(rel: &str) -> bool {
    !rel.is_empty()
        && rel != MARKER
        && !rel.starts_with('/')
        && !rel.contains(['\\', '\0'])
        && !rel
            .split('/')
            .any(|seg| seg == ".." || seg == "." || seg.is_empty())
}

/// Swaps two folders in one step (Linux `renameat2` with `RENAME_EXCHANGE`), so that the
/// output folder exists at every instant, old or new, even if the build is killed. False
/// where that is not possible (another system, an old kernel, a file system without it).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::{c_char, c_int, c_uint, CString};
    use std::os::unix::ffi::OsStrExt;
    extern "C" {
        fn renameat2(
            olddirfd: c_int,
            oldpath: *const c_char,
            newdirfd: c_int,
            newpath: *const c_char,
            flags: c_uint,
        ) -> c_int;
    }
    const AT_FDCWD: c_int = -100;
    const RENAME_EXCHANGE: c_uint = 1 << 1;
    let (Ok(a), Ok(b)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both pointers are NUL-terminated strings that outlive the call, which reads
    // nothing else and keeps no pointer.
    unsafe { renameat2(AT_FDCWD, a.as_ptr(), AT_FDCWD, b.as_ptr(), RENAME_EXCHANGE) == 0 }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Writes `site` as the new content of `out`.
pub fn write(out: &Path, site: &Rendered) -> Result<WriteStats, WriteError> {
    write_counted(out, site, &|_, _| {})
}

/// [`write`], calling `tick(done, total)` as files are written or found unchanged.
pub fn write_counted(
    out: &Path,
    site: &Rendered,
    tick: &(dyn Fn(usize, usize) + Sync),
) -> Result<WriteStats, WriteError> {
    // Checked before anything is touched: no path may lead out of the output folder.
    if let Some(rel) = site.files.keys().find(|r| !safe_rel(r)) {
        return Err(refused(rel));
    }
    let staging = Staging::begin(out)?;
    match staging.put_all(&site.files, tick) {
        Ok(()) => staging.finish(),
        Err(e) => {
            staging.abandon();
            Err(e)
        }
    }
}

fn refused(rel: &str) -> WriteError {
    WriteError::Refused(format!(
        "refusing to write `{rel}`: not a safe path inside the output folder"
    ))
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError {
    let shown = path.display().to_string();
    move |e| WriteError::Io(shown, e)
}

/// A new output tree being written beside the live one. Files are handed to [`Staging::put`]
/// as they are made (from any thread), so a build never holds the whole site in memory;
/// [`Staging::finish`] removes what the new site no longer has and swaps the tree in, and
/// [`Staging::abandon`] keeps it aside as the spare, leaving the live output as it was.
pub struct Staging {
    p: Places,
    /// What the tree held when it was taken up (the spare's manifest).
    known: BTreeMap<String, Entry>,
    /// Every file of the new site so far, and whether it was written now.
    put: Mutex<HashMap<String, (Entry, bool)>>,
    /// Folders of the tree known to be real folders in this build (made or checked).
    dirs: Mutex<HashSet<String>>,
    /// For each folder of `known` in order (see [`folders_of`]), the time the manifest
    /// recorded for it when that was still its time as the tree was taken up, else 0. A list
    /// of numbers rather than a map of names: at 100,000 issues there are 205,000 folders.
    verified: Vec<u128>,
    /// Folders whose entries this build added or removed.
    touched: Mutex<HashSet<String>>,
    removed: usize,
    /// The manifest of the spare this tree was taken up from (see [`Staging::give_back`]).
    taken_from: Option<String>,
}

/// Whether the file at `rel` in `tree` is a plain file with the length and time `e` records:
/// one touched by anything else since gongkai wrote it is written again.
fn is_intact(tree: &Tree, rel: &str, e: &Entry) -> bool {
    tree.stat(rel)
        .is_some_and(|s| s.kind == Kind::File && s.len == e.len && s.mtime_ns == e.mtime_ns)
}

/// The folder holding `rel` ("" for the top of the tree).
fn parent_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Every folder holding one of `files`, at any depth (not the top of the tree).
fn folders_of(files: &BTreeMap<String, Entry>) -> BTreeSet<&str> {
    let mut folders = BTreeSet::new();
    for rel in files.keys() {
        let mut r = parent_of(rel);
        // The folders above one already met were met with it.
        while !r.is_empty() && folders.insert(r) {
            r = parent_of(r);
        }
    }
    folders
}

/// The length of the manifest of the spare tree beside `out`, if there is one: a measure of
/// the memory taking the tree up needs (about four times that, for a moment).
pub fn spare_manifest_len(out: &Path) -> Option<u64> {
    std::fs::metadata(places(out).spare_manifest)
        .ok()
        .map(|m| m.len())
}

impl Staging {
    /// Takes up the spare tree (or starts an empty one) under a temporary name.
    pub fn begin(out: &Path) -> Result<Staging, WriteError> {
        let p = places(out);
        std::fs::create_dir_all(&p.parent).map_err(io_err(&p.parent))?;
        recover(out);
        // Start from the spare when it is known, else from nothing.
        let mut known = BTreeMap::new();
        let mut verified = Vec::new();
        let mut touched = HashSet::new();
        let mut removed = 0;
        let mut taken_from = None;
        let text = std::fs::read_to_string(&p.spare_manifest).ok();
        if let Some(text) = text.filter(|_| p.spare.join(MARKER).exists()) {
            let manifest = parse_manifest(&text);
            taken_from = Some(text);
            known = manifest.files;
            std::fs::rename(&p.spare, &p.tmp).map_err(io_err(&p.spare))?;
            // Without its manifest a half-updated tree is never trusted again.
            let _ = std::fs::remove_file(&p.spare_manifest);
            // Links, and files the manifest does not know, were not written by gongkai:
            // writing through a link could land outside the output.
            // Every folder and file is looked at (see crate::disk: with a cold cache, this is
            // waiting on the disk).
            let (found, same) =
                crate::disk::install(|| strays_since(&p.tmp, &known, &manifest.dirs));
            for s in found {
                let _ = if s.folder {
                    std::fs::remove_dir_all(&s.path)
                } else {
                    std::fs::remove_file(&s.path)
                };
                touched.insert(parent_of(&s.rel).to_string());
                known.remove(&s.rel);
                removed += s.files;
            }
            verified = folders_of(&known)
                .into_iter()
                .map(|d| same.get(d).copied().unwrap_or(0))
                .collect();
            let tree = Tree::at(&p.tmp);
            let changed: Vec<String> = crate::disk::install(|| {
                known
                    .par_iter()
                    .filter(|(rel, e)| !is_intact(&tree, rel, e))
                    .map(|(rel, _)| rel.clone())
                    .collect()
            });
            for rel in changed {
                known.insert(rel, Entry::CHANGED);
            }
        } else {
            if p.spare.exists() && p.spare.join(MARKER).exists() {
                std::fs::remove_dir_all(&p.spare).map_err(io_err(&p.spare))?;
            }
            std::fs::create_dir_all(&p.tmp).map_err(io_err(&p.tmp))?;
        }
        std::fs::write(p.tmp.join(MARKER), MARKER_TEXT).map_err(io_err(&p.tmp))?;
        Ok(Staging {
            p,
            known,
            put: Mutex::new(HashMap::new()),
            dirs: Mutex::new(HashSet::new()),
            verified,
            touched: Mutex::new(touched),
            removed,
            taken_from,
        })
    }

    /// The build renders into this tree: it will not be given back, and the text of the
    /// manifest it was taken up from (30 MB at 100,000 issues) need not be held any longer.
    pub fn rendering(&mut self) {
        self.taken_from = None;
    }

    /// Gives the tree back as the spare it was taken up from, with its manifest as it was,
    /// when nothing was put in it yet: the build stopped before rendering (at the check).
    /// What was taken out of it (strays) stays out. Otherwise as [`Staging::abandon`].
    pub fn give_back(self) {
        let p = &self.p;
        let untouched = self.lock().is_empty();
        match (&self.taken_from, untouched) {
            (Some(text), true)
                if !p.spare.exists() && std::fs::rename(&p.tmp, &p.spare).is_ok() =>
            {
                if std::fs::write(&p.spare_manifest, text).is_err() {
                    let _ = std::fs::remove_file(&p.spare_manifest);
                }
            }
            (None, true) => {
                let _ = std::fs::remove_dir_all(&p.tmp);
            }
            _ => self.abandon(),
        }
    }

    /// Puts one file of the new site in the tree, unless the tree already holds these bytes.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.put_made(rel, bytes, 0)
    }

    /// [`Staging::put`] for every file of `files`, on every core, calling `tick(done, total)`.
    pub fn put_all(
        &self,
        files: &BTreeMap<String, Vec<u8>>,
        tick: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<(), WriteError> {
        let (total, done) = (files.len(), AtomicUsize::new(0));
        files.par_iter().try_for_each(|(rel, bytes)| {
            tick(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            self.put(rel, bytes)
        })
    }

    /// [`Staging::put`], noting `input`, a hash of what the file was made from (see
    /// [`Staging::keep`]).
    pub fn put_made(&self, rel: &str, bytes: &[u8], input: u64) -> Result<(), WriteError> {
        if !safe_rel(rel) {
            return Err(refused(rel));
        }
        let path = self.p.tmp.join(rel);
        let hash = fnv(bytes);
        let len = bytes.len() as u64;
        let same = self
            .known
            .get(rel)
            .filter(|e| e.len == len && e.hash == hash && self.intact(rel));
        let (entry, written) = match same {
            Some(e) => (Entry { input, ..*e }, false),
            None => {
                let mtime_ns = self.write_file(rel, &path, bytes)?;
                let entry = Entry {
                    len,
                    hash,
                    mtime_ns,
                    input,
                };
                (entry, true)
            }
        };
        self.lock().insert(rel.to_string(), (entry, written));
        Ok(())
    }

    /// The length of the file at `rel` when the tree was taken up, if the manifest knew it.
    pub fn last_len(&self, rel: &str) -> Option<usize> {
        let e = self.known.get(rel).filter(|e| **e != Entry::CHANGED)?;
        usize::try_from(e.len).ok()
    }

    /// Keeps the file the tree holds at `rel` when it was made from the same `input` (and
    /// nothing touched it since): the caller need not make it again. False otherwise.
    pub fn keep(&self, rel: &str, input: u64) -> bool {
        if input == 0 || !safe_rel(rel) {
            return false;
        }
        let Some(e) = self.known.get(rel).filter(|e| e.input == input) else {
            return false;
        };
        if !self.intact(rel) {
            return false;
        }
        self.lock().insert(rel.to_string(), (*e, false));
        true
    }

    /// [`Staging::keep`] for a set of files made together (the search index): every file the
    /// tree holds under `prefix` with a name ending in `suffix`, made from `input`, all of
    /// them or none. Their paths.
    pub fn keep_set(&self, prefix: &str, suffix: &str, input: u64) -> Option<Vec<String>> {
        if input == 0 {
            return None;
        }
        let set: Vec<(&String, &Entry)> = self
            .known
            .range(prefix.to_string()..)
            .take_while(|(rel, _)| rel.starts_with(prefix))
            .filter(|(rel, _)| rel.ends_with(suffix))
            .collect();
        let whole = !set.is_empty()
            && set
                .iter()
                .all(|(rel, e)| e.input == input && self.intact(rel));
        if !whole {
            return None;
        }
        let mut put = self.lock();
        for (rel, e) in &set {
            put.insert(rel.to_string(), (**e, false));
        }
        Some(set.into_iter().map(|(rel, _)| rel.clone()).collect())
    }

    /// The file is as the manifest says: a plain file of that length and modification time.
    fn intact(&self, rel: &str) -> bool {
        self.known.get(rel).is_some_and(|e| *e != Entry::CHANGED)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Entry, bool)>> {
        self.put.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes one file, making its folders; a file or folder of the old tree in the way
    /// (`a` was a file, now `a/index.html` is wanted, or the other way) is removed first.
    fn write_file(&self, rel: &str, path: &Path, bytes: &[u8]) -> Result<u128, WriteError> {
        use std::io::Write;
        if let Some((dir, _)) = rel.rsplit_once('/') {
            self.make_dir(dir);
        }
        if !self.known.contains_key(rel) {
            // A new entry in its folder (a file the manifest knows is there, or its folder
            // would not have kept its time).
            self.touch(parent_of(rel));
        }
        for attempt in 0..2 {
            let file = std::fs::File::create(path);
            let mut file = match file {
                Ok(f) => f,
                Err(_) if attempt == 0 => {
                    self.clear_way(path);
                    continue;
                }
                Err(e) => return Err(io_err(path)(e)),
            };
            file.write_all(bytes).map_err(io_err(path))?;
            let m = file.metadata().map_err(io_err(path))?;
            return Ok(mtime_ns(&m));
        }
        unreachable!("the second attempt returns")
    }

    /// Makes the folder `dir` (relative to the tree) and those above it, once a build: an old
    /// file or link where a folder must be gives way. What cannot be made shows when the file
    /// is written.
    fn make_dir(&self, dir: &str) {
        let known = |d: &str| {
            self.dirs
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(d)
        };
        if known(dir) {
            return;
        }
        if let Some((up, _)) = dir.rsplit_once('/') {
            self.make_dir(up);
        }
        let at = self.p.tmp.join(dir);
        let made = match std::fs::create_dir(&at) {
            Ok(()) => true,
            Err(_) => match std::fs::symlink_metadata(&at) {
                Ok(m) if m.is_dir() => false,
                Ok(_) => {
                    let _ = std::fs::remove_file(&at);
                    let _ = std::fs::create_dir(&at);
                    true
                }
                Err(_) => return,
            },
        };
        if made {
            self.touch(parent_of(dir));
        }
        self.dirs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_string());
    }

    /// Notes that the entries of folder `dir` may have changed in this build.
    fn touch(&self, dir: &str) {
        let mut touched = self.touched.lock().unwrap_or_else(|e| e.into_inner());
        if !touched.contains(dir) {
            touched.insert(dir.to_string());
        }
    }

    /// Removes an old folder that stands where a file must be (its folders are made by
    /// [`Staging::make_dir`]).
    fn clear_way(&self, path: &Path) {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
            let _ = std::fs::remove_dir_all(path);
        }
    }

    /// Removes the files of the old tree that the new site does not have, then swaps the new
    /// tree in: the live tree becomes the spare.
    pub fn finish(self) -> Result<WriteStats, WriteError> {
        let p = &self.p;
        let put = self.put.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut stats = WriteStats {
            removed: self.removed,
            ..WriteStats::default()
        };
        // The verified times by folder, while the folders of the tree as taken up are known.
        let verified: HashMap<String, u128> = folders_of(&self.known)
            .into_iter()
            .zip(self.verified)
            .filter(|(_, t)| *t != 0)
            .map(|(d, t)| (d.to_string(), t))
            .collect();
        let mut known = self.known;
        let mut touched = self.touched.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut emptied = BTreeSet::new();
        known.retain(|rel, _| {
            if put.contains_key(rel) {
                return true;
            }
            let _ = std::fs::remove_file(p.tmp.join(rel));
            emptied.insert(parent_of(rel).to_string());
            stats.removed += 1;
            false
        });
        touched.extend(emptied.iter().cloned());
        // Folders left empty go, deepest first (a folder still holding files stays).
        for d in emptied.iter().rev() {
            let mut d = d.as_str();
            while !d.is_empty() && std::fs::remove_dir(p.tmp.join(d)).is_ok() {
                d = parent_of(d);
                touched.insert(d.to_string());
            }
        }
        for (rel, (e, written)) in put {
            known.insert(rel, e);
            if written {
                stats.written += 1;
            } else {
                stats.unchanged += 1;
            }
        }
        let dirs = folder_times(&p.tmp, &known, &verified, &touched);
        swap(p, &known, &dirs)?;
        Ok(stats)
    }

    /// Gives up the new tree (the build failed): it becomes the spare again, with a manifest
    /// of what it now holds, and the live output stays as it was.
    pub fn abandon(self) {
        let p = &self.p;
        let put = self.put.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut known = self.known;
        for (rel, (e, _)) in put {
            known.insert(rel, e);
        }
        if p.out.exists() && !p.spare.exists() && std::fs::rename(&p.tmp, &p.spare).is_ok() {
            // No folder times: the next build reads every folder of it.
            let _ = write_manifest(&p.spare_manifest, &known, &[]);
        } else {
            let _ = std::fs::remove_dir_all(&p.tmp);
        }
    }
}

/// Something in the tree that gongkai did not write there: a link (writing through it could
/// land outside the output), a file the manifest does not know, or a folder it does not know
/// with the files below it (`files` counts them; 1 for a file or link).
struct Stray {
    path: PathBuf,
    rel: String,
    folder: bool,
    files: usize,
}

/// The strays of the tree at `tmp`, reading only the folders that may have changed: a folder
/// still bearing the time the manifest recorded for it had no entry added, removed or renamed
/// since (see [`folder_times`]); its files are checked one by one as the tree is taken up.
/// Also the folders whose time was the recorded one.
fn strays_since(
    tmp: &Path,
    known: &BTreeMap<String, Entry>,
    times: &BTreeMap<String, u128>,
) -> (Vec<Stray>, BTreeMap<String, u128>) {
    let folders = folders_of(known);
    let tree = Tree::at(tmp);
    // Each folder's strays, or its time when it is the recorded one.
    let checked: Vec<(Vec<Stray>, Option<u128>)> = folders
        .par_iter()
        .map(|rel| {
            match tree.stat(rel) {
                // Gone: its files are written again, and the folder with them.
                None => (Vec::new(), None),
                // A link or a file where the folder was.
                Some(s) if s.kind != Kind::Folder => {
                    let s = Stray {
                        path: tmp.join(rel),
                        rel: rel.to_string(),
                        folder: false,
                        files: 1,
                    };
                    (vec![s], None)
                }
                Some(s) => {
                    let t = s.mtime_ns;
                    if t != 0 && times.get(*rel) == Some(&t) {
                        (Vec::new(), Some(t))
                    } else {
                        (listing(&tmp.join(rel), rel, known, &folders), None)
                    }
                }
            }
        })
        .collect();
    let mut found: BTreeMap<String, Stray> = BTreeMap::new();
    let mut same = BTreeMap::new();
    let top = listing(tmp, "", known, &folders);
    for s in top {
        found.insert(s.rel.clone(), s);
    }
    for (rel, (strays, t)) in folders.iter().zip(checked) {
        for s in strays {
            found.insert(s.rel.clone(), s);
        }
        if let Some(t) = t {
            same.insert(rel.to_string(), t);
        }
    }
    (found.into_values().collect(), same)
}

/// The strays among the entries of the folder `dir` (`rel` in the tree). The folders the
/// manifest knows are looked at on their own.
fn listing(
    dir: &Path,
    rel: &str,
    known: &BTreeMap<String, Entry>,
    folders: &BTreeSet<&str>,
) -> Vec<Stray> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for e in entries.flatten() {
        let r = joined(rel, &e.file_name().to_string_lossy());
        let (folder, files) = match e.file_type() {
            Ok(t) if t.is_dir() && folders.contains(r.as_str()) => continue,
            Ok(t) if t.is_dir() => {
                let below = walkdir::WalkDir::new(e.path())
                    .into_iter()
                    .flatten()
                    .filter(|e| !e.file_type().is_dir())
                    .count();
                (true, below)
            }
            Ok(t) if t.is_symlink() => (false, 1),
            _ if r != MARKER && !known.contains_key(&r) => (false, 1),
            _ => continue,
        };
        found.push(Stray {
            path: e.path(),
            rel: r,
            folder,
            files,
        });
    }
    found
}

fn joined(rel: &str, name: &str) -> String {
    if rel.is_empty() {
        name.to_string()
    } else {
        format!("{rel}/{name}")
    }
}

/// The times of the tree's folders that the next build may trust (see [`strays_since`]).
/// When the tree was taken up, every folder either kept its recorded time or was read and
/// cleared of strays, so each holds gongkai's entries alone (what is added to the build's
/// own temporary tree while the build runs is not looked for).
/// - A folder this build did not change keeps the time it had then.
/// - A folder it changed has its time taken again, and recorded when it is earlier than that
///   of the probe, the marker written again after every other file. Any later change to the
///   folder is stamped no earlier than the probe, so it cannot leave the folder with the time
///   recorded. (Where times are coarse, the folders changed within the probe's tick are read
///   again at the next build; nothing worse.)
fn folder_times<'a>(
    tmp: &Path,
    files: &'a BTreeMap<String, Entry>,
    verified: &HashMap<String, u128>,
    touched: &HashSet<String>,
) -> Vec<(&'a str, u128)> {
    let probe = tmp.join(MARKER);
    let probe = std::fs::write(&probe, MARKER_TEXT)
        .and_then(|()| std::fs::metadata(&probe))
        .map_or(0, |m| mtime_ns(&m));
    let folders = folders_of(files);
    let tree = Tree::at(tmp);
    folders
        .par_iter()
        .filter_map(|rel| {
            if let Some(t) = verified.get(*rel).filter(|_| !touched.contains(*rel)) {
                return Some((*rel, *t));
            }
            let t = tree
                .stat(rel)
                .filter(|s| s.kind == Kind::Folder)
                .map(|s| s.mtime_ns)?;
            (t != 0 && t < probe).then_some((*rel, t))
        })
        .collect()
}

/// Swap: the live tree becomes the spare, the new tree goes live. In one step where the
/// system can; else in two, and `recover` puts the old tree back if killed in between.
fn swap(
    p: &Places,
    known: &BTreeMap<String, Entry>,
    dirs: &[(&str, u128)],
) -> Result<(), WriteError> {
    if p.out.exists() {
        let _ = std::fs::remove_file(&p.spare_manifest);
        if exchange(&p.tmp, &p.out) {
            // The temporary name now holds the old tree; killed here, `recover` removes it.
            std::fs::rename(&p.tmp, &p.spare).map_err(io_err(&p.tmp))?;
            if p.manifest.exists() {
                let _ = std::fs::rename(&p.manifest, &p.spare_manifest);
            }
            return write_manifest(&p.manifest, known, dirs).map_err(io_err(&p.manifest));
        }
        std::fs::rename(&p.out, &p.spare).map_err(io_err(&p.out))?;
        if p.manifest.exists() {
            let _ = std::fs::rename(&p.manifest, &p.spare_manifest);
        }
    }
    if let Err(e) = std::fs::rename(&p.tmp, &p.out) {
        recover(&p.out);
        return Err(WriteError::Io(p.out.display().to_string(), e));
    }
    write_manifest(&p.manifest, known, dirs).map_err(io_err(&p.manifest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Rendered {
        Rendered {
            files: files
                .iter()
                .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
                .collect(),
            ..Rendered::default()
        }
    }

    /// The home page and two issue pages.
    fn three_pages() -> Rendered {
        site(&[
            ("index.html", "one"),
            ("issues/a/index.html", "A"),
            ("issues/b/index.html", "B"),
        ])
    }

    #[test]
    fn a_file_may_become_a_folder_and_a_folder_a_file() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let a = site(&[("index.html", "1"), ("x", "file"), ("y/index.html", "in y")]);
        let b = site(&[("index.html", "2"), ("x/index.html", "in x"), ("y", "file")]);
        // Each tree is written twice: once fresh, once over the spare holding the other.
        for s in [&a, &b, &a, &b] {
            write(&out, s).unwrap();
            let want: BTreeMap<String, String> = s
                .files
                .iter()
                .map(|(k, v)| (k.clone(), String::from_utf8(v.clone()).unwrap()))
                .collect();
            let mut got = tree(&out);
            got.remove(MARKER);
            assert_eq!(got, want);
        }
    }

    #[test]
    fn an_abandoned_build_leaves_the_output_and_keeps_its_work_for_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let a = site(&[("index.html", "one"), ("issues/a/index.html", "A")]);
        write(&out, &a).unwrap();
        write(&out, &a).unwrap();
        // A build that fails half-way: one page written to the new tree, then given up.
        let s = Staging::begin(&out).unwrap();
        s.put("index.html", b"half").unwrap();
        s.abandon();
        assert_eq!(
            tree(&out).get("index.html").map(String::as_str),
            Some("one")
        );
        assert!(!std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(".tmp-")));
        // The next build starts from what the failed one wrote: only the page that differs
        // from it is written again.
        let s = write(&out, &a).unwrap();
        assert_eq!((s.written, s.unchanged), (1, 1), "{s:?}");
        assert_eq!(
            tree(&out).get("index.html").map(String::as_str),
            Some("one")
        );
    }

    fn tree(dir: &Path) -> BTreeMap<String, String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path()
                        .strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    std::fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn rebuilds_write_only_what_changed_and_keep_trees_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let a = three_pages();
        assert_eq!(write(&out, &a).unwrap().written, 3);
        let b = site(&[("index.html", "two"), ("issues/a/index.html", "A")]);
        let s = write(&out, &b).unwrap();
        // The spare was empty of a manifest the first time: everything is written.
        assert_eq!(
            tree(&out).get("index.html").map(String::as_str),
            Some("two")
        );
        assert!(!tree(&out).contains_key("issues/b/index.html"));
        assert_eq!(s.written + s.unchanged, 2);
        // Third build from the spare (which holds `a`): only changed files are written.
        let s = write(&out, &b).unwrap();
        assert_eq!(s.written, 1, "{s:?}");
        assert_eq!(s.removed, 1, "{s:?}");
        let s = write(&out, &b).unwrap();
        assert_eq!((s.written, s.unchanged, s.removed), (0, 2, 0));
        let mut want = tree(&out);
        want.retain(|k, _| k != MARKER);
        assert_eq!(want.len(), 2);
    }

    #[test]
    fn a_file_changed_by_hand_is_rewritten() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let a = site(&[("index.html", "one")]);
        write(&out, &a).unwrap();
        write(&out, &a).unwrap();
        // The spare now holds `one`; edit it behind gongkai's back.
        std::fs::write(tmp.path().join(".public.spare/index.html"), "EDITED").unwrap();
        write(&out, &a).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "one"
        );
    }

    #[test]
    fn a_killed_swap_is_recovered() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&out, &site(&[("index.html", "one")])).unwrap();
        write(&out, &site(&[("index.html", "two")])).unwrap();
        // Killed between the two renames: the live tree was moved aside.
        std::fs::rename(&out, tmp.path().join("x")).unwrap();
        std::fs::remove_dir_all(tmp.path().join(".public.spare")).unwrap();
        std::fs::rename(tmp.path().join("x"), tmp.path().join(".public.spare")).unwrap();
        std::fs::create_dir_all(tmp.path().join(".public.tmp-999999")).unwrap();
        std::fs::write(
            tmp.path().join(".public.tmp-999999").join(MARKER),
            MARKER_TEXT,
        )
        .unwrap();
        recover(&out);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert!(!tmp.path().join(".public.tmp-999999").exists());
    }
    #[test]
    fn no_output_path_may_lead_out_of_the_output_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site/public");
        write(&out, &site(&[("index.html", "good")])).unwrap();
        for bad in [
            "../evil.html",
            "a/../../evil.html",
            "/tmp/evil.html",
            "a//b.html",
            "./a.html",
            "a\\..\\evil.html",
            "",
            MARKER,
            "a/\0.html",
        ] {
            let r = write(&out, &site(&[("index.html", "bad"), (bad, "evil")]));
            assert!(
                matches!(r, Err(WriteError::Refused(_))),
                "{bad:?} was accepted"
            );
        }
        // Nothing was written anywhere, and the output is as it was.
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "good"
        );
        let everything: Vec<String> = walkdir::WalkDir::new(tmp.path())
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            !everything.iter().any(|n| n.contains("evil")),
            "{everything:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn files_planted_in_the_spare_tree_are_not_published() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let a = site(&[("index.html", "one"), ("issues/a/index.html", "A")]);
        write(&out, &a).unwrap();
        write(&out, &a).unwrap();
        let spare = tmp.path().join(".public.spare");
        std::fs::create_dir_all(spare.join("issues/a/deep")).unwrap();
        for planted in ["extra.txt", "issues/a/deep/x.html", "issues/b.html"] {
            std::fs::write(spare.join(planted), "planted").unwrap();
        }
        let s = write(&out, &a).unwrap();
        assert_eq!(s.removed, 3, "{s:?}");
        let mut got: Vec<String> = tree(&out).into_keys().filter(|k| k != MARKER).collect();
        got.sort();
        assert_eq!(got, ["index.html", "issues/a/index.html"]);
    }

    /// The spare tree's manifest, as the next build reads it.
    fn spare_manifest(tmp: &Path) -> Manifest {
        read_manifest(&tmp.join(".public.spare.manifest"))
    }

    /// [`write`], with time for the clock of the file system to move on (a few ms here)
    /// between the last file and the end: the times of folders changed in the same tick as
    /// the end are not recorded.
    fn write_settled(out: &Path, site: &Rendered) {
        let staging = Staging::begin(out).unwrap();
        staging.put_all(&site.files, &|_, _| {}).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(30));
        staging.finish().unwrap();
    }

    #[test]
    fn only_folders_whose_time_changed_are_read_when_the_tree_is_taken_up() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let a = three_pages();
        write_settled(&out, &a);
        write_settled(&out, &a);
        let spare = tmp.path().join(".public.spare");
        let m = spare_manifest(tmp.path());
        assert_eq!(
            m.dirs.keys().map(String::as_str).collect::<Vec<_>>(),
            ["issues", "issues/a", "issues/b"]
        );
        // A file added to issues/b changes its time: only that folder is read.
        std::fs::write(spare.join("issues/b/x.html"), "planted").unwrap();
        let (found, same) = strays_since(&spare, &m.files, &m.dirs);
        let found: Vec<&str> = found.iter().map(|s| s.rel.as_str()).collect();
        assert_eq!(found, ["issues/b/x.html"]);
        assert_eq!(
            same.keys().map(String::as_str).collect::<Vec<_>>(),
            ["issues", "issues/a"]
        );
        // The same file added to issues/a, whose time is then set back to the recorded one,
        // is not seen: issues/a is not read.
        std::fs::write(spare.join("issues/a/y.html"), "planted").unwrap();
        let recorded = m.dirs["issues/a"];
        let at =
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_nanos(recorded as u64);
        std::fs::File::open(spare.join("issues/a"))
            .unwrap()
            .set_modified(at)
            .unwrap();
        let (found, _) = strays_since(&spare, &m.files, &m.dirs);
        let found: Vec<&str> = found.iter().map(|s| s.rel.as_str()).collect();
        assert_eq!(found, ["issues/b/x.html"]);
    }

    #[test]
    fn folders_planted_in_the_spare_tree_go_with_what_they_hold() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let a = site(&[("index.html", "one"), ("issues/a/index.html", "A")]);
        write_settled(&out, &a);
        write_settled(&out, &a);
        let spare = tmp.path().join(".public.spare");
        assert!(spare_manifest(tmp.path()).dirs.contains_key("issues/a"));
        // An empty folder would stay unseen in issues/a once its time was recorded again,
        // and a file put in it later would be published: it goes, as does a folder of files.
        std::fs::create_dir(spare.join("issues/a/empty")).unwrap();
        std::fs::create_dir_all(spare.join("issues/a/deep/deeper")).unwrap();
        std::fs::write(spare.join("issues/a/deep/x.html"), "planted").unwrap();
        std::fs::write(spare.join("issues/a/deep/deeper/y.html"), "planted").unwrap();
        let staging = Staging::begin(&out).unwrap();
        staging.put_all(&a.files, &|_, _| {}).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(30));
        let s = staging.finish().unwrap();
        assert_eq!(s.removed, 2, "{s:?}");
        assert!(!out.join("issues/a/empty").exists() && !out.join("issues/a/deep").exists());
        let live = read_manifest(&tmp.path().join(".public.manifest"));
        assert!(
            live.dirs.contains_key("issues/a"),
            "cleared, its time is known again"
        );
    }

    #[test]
    fn manifests_keep_folder_times_and_older_formats_are_not_trusted() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("m");
        let mut m = Manifest::default();
        m.files.insert(
            "a b/index.html".into(),
            Entry {
                len: 3,
                hash: 0xabc,
                mtime_ns: 1_700_000_000_123_456_789,
                input: 7,
            },
        );
        m.dirs.insert("a b".into(), 1_700_000_000_000_000_001);
        let dirs: Vec<(&str, u128)> = m.dirs.iter().map(|(d, t)| (d.as_str(), *t)).collect();
        write_manifest(&path, &m.files, &dirs).unwrap();
        let back = read_manifest(&path);
        assert!(back.files == m.files && back.dirs == m.dirs);
        let text = std::fs::read_to_string(&path).unwrap();
        let old = text.replacen("manifest 5", "manifest 4", 1);
        std::fs::write(&path, old).unwrap();
        let back = read_manifest(&path);
        assert!(back.files.is_empty() && back.dirs.is_empty());
    }

    #[test]
    fn a_link_planted_in_the_spare_tree_is_removed_not_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let victim = tmp.path().join("victim.txt");
        std::fs::write(&victim, "mine").unwrap();
        let victim_dir = tmp.path().join("victim-dir");
        std::fs::create_dir_all(&victim_dir).unwrap();
        let a = site(&[("index.html", "one"), ("issues/a/index.html", "A")]);
        write(&out, &a).unwrap();
        write(&out, &a).unwrap();
        // The spare now holds `a`: replace a file and a folder of it with links.
        let spare = tmp.path().join(".public.spare");
        std::fs::remove_file(spare.join("index.html")).unwrap();
        std::os::unix::fs::symlink(&victim, spare.join("index.html")).unwrap();
        std::fs::remove_dir_all(spare.join("issues")).unwrap();
        std::os::unix::fs::symlink(&victim_dir, spare.join("issues")).unwrap();
        let b = site(&[("index.html", "two"), ("issues/a/index.html", "B")]);
        write(&out, &b).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");
        assert_eq!(std::fs::read_dir(&victim_dir).unwrap().count(), 0);
        assert_eq!(
            tree(&out).get("index.html").map(String::as_str),
            Some("two")
        );
        assert_eq!(
            tree(&out).get("issues/a/index.html").map(String::as_str),
            Some("B")
        );
    }

    #[test]
    fn an_empty_temporary_tree_left_by_a_kill_is_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&out, &site(&[("index.html", "one")])).unwrap();
        let empty = tmp.path().join(".public.tmp-999998");
        std::fs::create_dir_all(&empty).unwrap();
        // Someone else's folder that merely looks like ours is left alone.
        let other = tmp.path().join(".public.tmp-999997");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("notes.txt"), "mine").unwrap();
        write(&out, &site(&[("index.html", "two")])).unwrap();
        assert!(!empty.exists());
        assert!(other.join("notes.txt").exists());
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn the_swap_is_one_step_on_linux() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("x"), "A").unwrap();
        std::fs::write(b.join("x"), "B").unwrap();
        assert!(exchange(&a, &b));
        assert_eq!(std::fs::read_to_string(a.join("x")).unwrap(), "B");
        assert_eq!(std::fs::read_to_string(b.join("x")).unwrap(), "A");
        assert!(!exchange(&a, &tmp.path().join("missing")));
    }
}
