//! Watching the site for saves: native file events, or polling where those do not work;
//! a pure decision "what changed → what to do", and a debounce that waits for an editor's
//! burst of events (temp file, rename, delete, create…) to end before rebuilding.

use crate::load::is_ignored;
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// How often the polling fallback looks at every file.
const POLL_EVERY: Duration = Duration::from_millis(500);

/// What a file event says happened at a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Touch {
    /// Opened or read: the rebuild itself reads every file, so this must never rebuild.
    Read,
    /// Created, written, renamed, removed, or changed in a way the system does not say.
    Change,
    /// Events were lost (a full queue): look at everything again.
    Rescan,
}

/// What to do about one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Ignore,
    Rebuild,
    /// Rebuild, and watch `content/` and `themes/` afresh: they were created, moved or removed.
    Rewatch,
}

/// Files editors leave for a moment beside the one they save, besides the names the site
/// format ignores anyway (`.swp`, `~`, `#…#`, `.#…`, `.tmp`, hidden and `_` names).
pub fn is_leftover(name: &str) -> bool {
    is_ignored(name)
        || name == "4913" // vim's test that it may write in the folder
        || name.ends_with("___jb_tmp___") // JetBrains' safe write
        || name.ends_with("___jb_old___")
        || name.ends_with(".crswap") // Chrome's file system access
        || name.starts_with("~$") // Office's lock file
        || name.ends_with(".part")
}

/// What to do about an event at `path` (absolute, below `root`). Only what a build reads
/// matters: `content/` and `themes/`. The output folder, `.git`, `target` and the leftovers
/// of editors never rebuild, nor does reading a file, so a rebuild cannot trigger itself.
pub fn decide(root: &Path, touch: Touch, path: &Path) -> Action {
    match touch {
        Touch::Read => return Action::Ignore,
        Touch::Rescan => return Action::Rewatch,
        Touch::Change => {}
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return Action::Ignore;
    };
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy()),
            // `..` or an absolute part: not a path below the root.
            _ => return Action::Ignore,
        }
    }
    let Some(top) = parts.first() else {
        return Action::Rewatch; // the root itself
    };
    match top.as_ref() {
        "content" | "themes" if parts.len() == 1 => Action::Rewatch,
        "content" | "themes" if parts[1..].iter().any(|p| is_leftover(p)) => Action::Ignore,
        "content" | "themes" => Action::Rebuild,
        _ => Action::Ignore,
    }
}

/// Waits for a burst of events to end: a rebuild is due once nothing happened for `quiet`,
/// and at the latest `max` after the first event, so that a stream of saves still shows.
#[derive(Clone, Debug)]
pub struct Debounce {
    quiet: Duration,
    max: Duration,
    first: Option<Instant>,
    last: Option<Instant>,
}

impl Debounce {
    pub fn new(quiet: Duration, max: Duration) -> Debounce {
        Debounce {
            quiet,
            max,
            first: None,
            last: None,
        }
    }

    pub fn note(&mut self, now: Instant) {
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    /// When to rebuild; `None` when nothing is waiting.
    pub fn due(&self) -> Option<Instant> {
        let (first, last) = (self.first?, self.last?);
        Some((last + self.quiet).min(first + self.max))
    }

    pub fn clear(&mut self) {
        self.first = None;
        self.last = None;
    }
}

/// What the watcher tells the server loop.
#[derive(Debug)]
pub enum Fs {
    Events(Vec<(Touch, PathBuf)>),
    /// Native events stopped working; the words of the system.
    Failed(String),
}

fn touch_of(e: &notify::Event) -> Touch {
    if e.need_rescan() {
        Touch::Rescan
    } else if matches!(e.kind, notify::EventKind::Access(_)) {
        Touch::Read
    } else {
        Touch::Change
    }
}

fn handler(
    root: PathBuf,
    tx: Sender<Fs>,
) -> impl Fn(notify::Result<notify::Event>) + Send + 'static {
    move |res| {
        let msg = match res {
            Ok(e) => {
                let touch = touch_of(&e);
                let mut paths: Vec<(Touch, PathBuf)> =
                    e.paths.into_iter().map(|p| (touch, p)).collect();
                if paths.is_empty() {
                    paths.push((touch, root.clone()));
                }
                Fs::Events(paths)
            }
            Err(e) => Fs::Failed(e.to_string()),
        };
        // The loop is gone only when the server stops.
        let _ = tx.send(msg);
    }
}

/// How the site is watched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Native,
    Polling,
}

/// How the site is watched: notify's native watcher, or our poller.
enum Backend {
    Native(RecommendedWatcher),
    /// Held for its `Drop`, which stops the polling thread.
    Polling {
        _poller: Poller,
    },
}

/// The watcher of a site: `content/` and `themes/` in depth, and the root itself so that
/// those folders are noticed when they appear.
pub struct Watch {
    root: PathBuf,
    tx: Sender<Fs>,
    backend: Backend,
}

impl Watch {
    /// Starts watching with native events, or polling when they are known not to work
    /// (network and shared folders) or fail to start. The reason for polling is returned.
    pub fn start(root: &Path, tx: Sender<Fs>) -> (Watch, Option<String>) {
        // GONGKAI_POLL=1 asks for polling where native events are silently missed.
        let asked = std::env::var_os("GONGKAI_POLL").is_some_and(|v| !v.is_empty() && v != "0");
        if let Some(why) = asked
            .then(|| "GONGKAI_POLL".to_string())
            .or_else(|| shared_folder(root))
        {
            return (Watch::polling(root, tx), Some(why));
        }
        match RecommendedWatcher::new(
            handler(root.to_path_buf(), tx.clone()),
            notify::Config::default(),
        ) {
            Ok(watcher) => {
                let mut w = Watch {
                    root: root.to_path_buf(),
                    tx,
                    backend: Backend::Native(watcher),
                };
                match w.add_paths() {
                    Ok(()) => (w, None),
                    Err(why) => (w.into_polling(), Some(why)),
                }
            }
            Err(e) => (Watch::polling(root, tx), Some(e.to_string())),
        }
    }

    fn polling(root: &Path, tx: Sender<Fs>) -> Watch {
        Watch {
            root: root.to_path_buf(),
            backend: Backend::Polling {
                _poller: Poller::start(root, tx.clone()),
            },
            tx,
        }
    }

    /// Native events failed: poll from now on. Nothing happens when already polling.
    pub fn into_polling(self) -> Watch {
        match self.backend {
            Backend::Polling { .. } => self,
            Backend::Native(_) => Watch::polling(&self.root, self.tx.clone()),
        }
    }

    pub fn mode(&self) -> Mode {
        match self.backend {
            Backend::Native(_) => Mode::Native,
            Backend::Polling { .. } => Mode::Polling,
        }
    }

    /// (Re)watches the folders a build reads. A folder missing now is watched once it
    /// appears, through the watch on the root. The poller looks at everything every time.
    pub fn add_paths(&mut self) -> Result<(), String> {
        let Backend::Native(watcher) = &mut self.backend else {
            return Ok(());
        };
        watcher
            .watch(&self.root, RecursiveMode::NonRecursive)
            .map_err(|e| e.to_string())?;
        for dir in ["content", "themes"] {
            let path = self.root.join(dir);
            if path.is_dir() {
                watcher
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }
}

/// What polling remembers of a path: enough to see a save (time to the nanosecond where
/// the file system keeps it, and size: a save within the same tick of a coarse clock
/// usually changes the size).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    dir: bool,
}

pub type Snapshot = HashMap<PathBuf, Stamp>;

/// Every path a build reads: the root's own entries, and `content/` and `themes/` in depth.
fn snapshot(root: &Path) -> Snapshot {
    let mut out = Snapshot::new();
    let mut note = |path: &Path, m: &std::fs::Metadata| {
        let stamp = Stamp {
            modified: m.modified().ok(),
            len: m.len(),
            dir: m.is_dir(),
        };
        out.insert(path.to_path_buf(), stamp);
    };
    for top in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let path = top.path();
        let Ok(m) = std::fs::metadata(&path) else {
            continue;
        };
        note(&path, &m);
        let name = top.file_name();
        if m.is_dir() && (name == "content" || name == "themes") {
            let walk = walkdir::WalkDir::new(&path).follow_links(true).min_depth(1);
            for e in walk.into_iter().flatten() {
                if let Ok(m) = e.metadata() {
                    note(e.path(), &m);
                }
            }
        }
    }
    out
}

/// The paths that appeared, changed or went between two snapshots, in order.
pub fn changes(old: &Snapshot, new: &Snapshot) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = new
        .iter()
        .filter(|(p, stamp)| old.get(*p) != Some(stamp))
        .map(|(p, _)| p.clone())
        .chain(old.keys().filter(|p| !new.contains_key(*p)).cloned())
        .collect();
    out.sort();
    out
}

/// Looks at every file every `POLL_EVERY`, for folders whose changes raise no event.
struct Poller {
    stop: Arc<AtomicBool>,
}

impl Poller {
    fn start(root: &Path, tx: Sender<Fs>) -> Poller {
        let stop = Arc::new(AtomicBool::new(false));
        let (root, stopped) = (root.to_path_buf(), stop.clone());
        let mut last = snapshot(&root);
        let _ = std::thread::Builder::new()
            .name("gongkai-poll".into())
            .spawn(move || {
                while !stopped.load(Ordering::Relaxed) {
                    std::thread::sleep(POLL_EVERY);
                    let now = snapshot(&root);
                    let changed = changes(&last, &now);
                    last = now;
                    if !changed.is_empty() {
                        let events = changed.into_iter().map(|p| (Touch::Change, p)).collect();
                        if tx.send(Fs::Events(events)).is_err() {
                            return;
                        }
                    }
                }
            });
        Poller { stop }
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The kind of file system of a network or shared folder holding `root`, where native
/// events miss changes made from another computer: polling is used there.
fn shared_folder(root: &Path) -> Option<String> {
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let kind = fs_type(&mountinfo, root)?;
    let remote = [
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "vboxsf",
        "drvfs",
        "afs",
        "ceph",
        "glusterfs",
    ];
    (remote.contains(&kind) || kind.starts_with("fuse.sshfs") || kind == "fuse.rclone")
        .then(|| kind.to_string())
}

/// The file system type of the mount holding `path`, from `/proc/self/mountinfo` text.
pub fn fs_type<'a>(mountinfo: &'a str, path: &Path) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for line in mountinfo.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let (Some(mount), Some(sep)) = (fields.get(4), fields.iter().position(|f| *f == "-"))
        else {
            continue;
        };
        let Some(kind) = fields.get(sep + 1) else {
            continue;
        };
        let mount = mount.replace("\\040", " ");
        if path.starts_with(&mount) && best.is_none_or(|(len, _)| mount.len() >= len) {
            best = Some((mount.len(), kind));
        }
    }
    best.map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Touch::*;

    const ROOT: &str = "/home/clerk/village";

    fn at(rel: &str) -> PathBuf {
        Path::new(ROOT).join(rel)
    }

    /// The most urgent action of a batch of events, as the loop takes them.
    fn run(events: &[(Touch, &str)]) -> Action {
        events
            .iter()
            .map(|(t, p)| decide(Path::new(ROOT), *t, &at(p)))
            .max()
            .unwrap_or(Ignore)
    }

    #[test]
    fn a_record_saved_in_place_rebuilds() {
        assert_eq!(run(&[(Change, "content/issues/2026/2026-001.md")]), Rebuild);
        assert_eq!(run(&[(Change, "content/site.yaml")]), Rebuild);
        assert_eq!(
            run(&[(Change, "themes/mine/templates/issue.html")]),
            Rebuild
        );
        assert_eq!(run(&[(Change, "content/static/photos/路灯.jpg")]), Rebuild);
    }

    #[test]
    fn reading_never_rebuilds() {
        // The rebuild opens every file: were that a change, the server would rebuild forever.
        assert_eq!(
            run(&[
                (Read, "content/issues/2026/2026-001.md"),
                (Read, "content/site.yaml"),
                (Read, "themes/mine/labels/zh-CN.yaml")
            ]),
            Ignore
        );
    }

    #[test]
    fn vim_save_sequence_rebuilds_once_for_the_real_file() {
        let leftovers = [
            (Change, "content/issues/4913"),
            (Change, "content/issues/.2026-001.md.swp"),
            (Change, "content/issues/2026-001.md~"),
        ];
        assert_eq!(run(&leftovers), Ignore);
        let save = [
            (Change, "content/issues/4913"),
            (Change, "content/issues/2026-001.md~"),
            (Change, "content/issues/2026-001.md"),
            (Change, "content/issues/2026-001.md~"),
        ];
        assert_eq!(run(&save), Rebuild);
    }

    #[test]
    fn temp_file_and_rename_rebuilds() {
        // JetBrains, gedit, VS Code's atomic save: write elsewhere, rename over the record.
        assert_eq!(
            run(&[(Change, "content/issues/2026-001.md___jb_tmp___")]),
            Ignore
        );
        assert_eq!(
            run(&[(Change, "content/issues/.goutputstream-X1Y2")]),
            Ignore
        );
        assert_eq!(run(&[(Change, "content/issues/2026-001.md.tmp")]), Ignore);
        assert_eq!(
            run(&[
                (Change, "content/issues/2026-001.md.tmp"),
                (Change, "content/issues/2026-001.md")
            ]),
            Rebuild
        );
    }

    #[test]
    fn emacs_and_office_leftovers_are_ignored() {
        for name in [
            "#2026-001.md#",
            ".#2026-001.md",
            "~$会议纪要.md",
            "a.md.crswap",
            "a.md.part",
            "_draft.md",
        ] {
            assert_eq!(
                run(&[(Change, &format!("content/meetings/{name}"))]),
                Ignore,
                "{name}"
            );
        }
    }

    #[test]
    fn deletes_and_new_subfolders_rebuild() {
        assert_eq!(run(&[(Change, "content/issues/2026/2026-005.md")]), Rebuild);
        assert_eq!(run(&[(Change, "content/issues/2027")]), Rebuild);
        assert_eq!(run(&[(Change, "content/issues/2027/2027-001.md")]), Rebuild);
    }

    #[test]
    fn the_folders_themselves_are_watched_afresh() {
        assert_eq!(run(&[(Change, "content")]), Rewatch);
        assert_eq!(run(&[(Change, "themes")]), Rewatch);
        assert_eq!(
            run(&[(Change, "content/issues/a.md"), (Change, "themes")]),
            Rewatch
        );
        assert_eq!(run(&[(Rescan, "")]), Rewatch);
    }

    #[test]
    fn output_and_tools_folders_are_ignored() {
        for rel in [
            "public/index.html",
            "public",
            ".public-tmp/x.html",
            ".git/index",
            "target/debug/x",
            "notes.txt",
            "site.yaml",
        ] {
            assert_eq!(run(&[(Change, rel)]), Ignore, "{rel}");
        }
        // A hidden folder inside content/ (an editor's or a sync tool's) is ignored too.
        assert_eq!(run(&[(Change, "content/.sync/x.md")]), Ignore);
        assert_eq!(
            decide(
                Path::new(ROOT),
                Change,
                Path::new("/elsewhere/content/a.md")
            ),
            Ignore
        );
    }

    #[test]
    fn debounce_waits_for_quiet_but_not_forever() {
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        let mut d = Debounce::new(ms(30), ms(200));
        assert_eq!(d.due(), None);
        d.note(t0);
        assert_eq!(d.due(), Some(t0 + ms(30)));
        d.note(t0 + ms(10));
        assert_eq!(d.due(), Some(t0 + ms(40)));
        // A steady stream of events: due at most `max` after the first.
        for i in 2..30 {
            d.note(t0 + ms(i * 10));
        }
        assert_eq!(d.due(), Some(t0 + ms(200)));
        d.clear();
        assert_eq!(d.due(), None);
    }

    #[test]
    fn polling_sees_saves_within_the_same_second() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let stamp = |ns: u32, len: u64| Stamp {
            modified: Some(t + Duration::from_nanos(ns.into())),
            len,
            dir: false,
        };
        let snap =
            |v: &[(&str, Stamp)]| -> Snapshot { v.iter().map(|(p, s)| (at(p), *s)).collect() };
        let before = snap(&[
            ("content/issues/a.md", stamp(0, 10)),
            ("content/issues/b.md", stamp(0, 10)),
        ]);
        assert!(changes(&before, &before).is_empty());
        // Rewritten 1 ms later, same size; b deleted; c created.
        let after = snap(&[
            ("content/issues/a.md", stamp(1_000_000, 10)),
            ("content/issues/c.md", stamp(0, 3)),
        ]);
        assert_eq!(
            changes(&before, &after),
            vec![
                at("content/issues/a.md"),
                at("content/issues/b.md"),
                at("content/issues/c.md")
            ]
        );
        // A clock that keeps whole seconds only: the size still tells.
        let coarse = snap(&[
            ("content/issues/a.md", stamp(0, 11)),
            ("content/issues/b.md", stamp(0, 10)),
        ]);
        assert_eq!(changes(&before, &coarse), vec![at("content/issues/a.md")]);
    }

    #[test]
    fn polling_snapshots_what_a_build_reads() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "content/issues/2021/a.md",
            "themes/mine/templates/x.html",
            "public/index.html",
            "notes.txt",
        ] {
            std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
            std::fs::write(root.join(rel), "x").unwrap();
        }
        let snap = snapshot(root);
        for rel in [
            "content",
            "content/issues/2021/a.md",
            "themes/mine/templates/x.html",
            "public",
            "notes.txt",
        ] {
            assert!(snap.contains_key(&root.join(rel)), "{rel}");
        }
        // The output folder is seen at the top only (and ignored by `decide`): never walked.
        assert!(!snap.contains_key(&root.join("public/index.html")));
    }

    #[test]
    fn mount_types_are_read_from_mountinfo() {
        let info = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:40 / /mnt/share rw,relatime shared:2 - cifs //nas/share rw
41 22 0:41 / /mnt/my\\040files rw - nfs4 nas:/x rw
";
        assert_eq!(fs_type(info, Path::new("/home/clerk/site")), Some("ext4"));
        assert_eq!(fs_type(info, Path::new("/mnt/share/site")), Some("cifs"));
        assert_eq!(fs_type(info, Path::new("/mnt/my files/site")), Some("nfs4"));
        assert_eq!(fs_type("", Path::new("/x")), None);
    }
}
