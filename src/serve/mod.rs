//! `gongkai serve`: the clerk's preview. Checks and renders the site into memory, serves it
//! on this computer, rebuilds a moment after a save, and reloads the open pages. A save
//! that breaks the site keeps the last good one served, with the problems shown over it.
//!
//! Threads: the loop below owns the state and is its only writer: it rebuilds and
//! publishes; HTTP workers answer from what was published; one thread per open page writes
//! its event stream; the watcher (notify's thread) only sends events to the loop. Nothing is
//! written to disk: `public/` is `build`'s alone.

mod http;
mod reads;
mod reload;
mod site;
mod watch;

use crate::diag::{Diagnostic, Lang, Severity};
use crate::pipeline::{self, Counts};
use crate::resolve::Options;
use crate::tr;
use reads::Reads;
use reload::Signal;
use site::{Look, Site};
use std::collections::{BTreeSet, HashMap};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant};
use watch::{Action, Debounce, Fs, Watch};

/// Quiet time after the last event of a save before rebuilding: editors' bursts (temp file,
/// rename, delete, create) last a few milliseconds.
const QUIET: Duration = Duration::from_millis(20);
/// The longest a rebuild waits while events keep coming.
const MAX_WAIT: Duration = Duration::from_millis(300);
/// How long the problems of a failed rebuild wait for a save that may fix them.
const SETTLE: Duration = Duration::from_millis(100);
/// Threads answering requests; event streams have threads of their own.
const WORKERS: usize = 8;
/// Open pages listening for reloads; more are refused (a preview has a few tabs).
const MAX_STREAMS: usize = 64;

/// What `gongkai serve` was asked for.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub resolve: Options,
}

/// What the workers answer from: the last good site and the problems of the last rebuild.
pub(crate) struct Published {
    /// `None` until a first build succeeds.
    site: Option<Arc<Site>>,
    /// Names the site: pages compare it with the one they came from.
    version: String,
    /// The overlay of the last rebuild's problems, while it failed.
    problems: Option<String>,
    lang: Lang,
}

/// A page open in a browser, listening for reloads.
struct Client {
    id: u64,
    /// The site path of the page (`issues/2026-005/`).
    page: String,
    /// Whether the page existed when it was sent: only then does its loss mean "deleted".
    had: bool,
    /// The version of the site the page shows.
    version: String,
    tx: Sender<Signal>,
}

/// State shared with the workers; written by the loop only (clients register themselves).
pub(crate) struct Shared {
    published: RwLock<Arc<Published>>,
    clients: Mutex<(u64, Vec<Client>)>,
}

impl Shared {
    fn now(&self) -> Arc<Published> {
        self.published
            .read()
            .map(|p| p.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    fn publish(&self, p: Published) {
        let last = {
            let mut w = self.published.write().unwrap_or_else(|e| e.into_inner());
            std::mem::replace(&mut *w, Arc::new(p))
        };
        // Let go of after the lock: freeing every record of the last site takes tens of
        // milliseconds at 100,000 issues, and pages are served meanwhile.
        drop(last);
    }

    fn clients(&self) -> MutexGuard<'_, (u64, Vec<Client>)> {
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn open_pages(&self) -> Vec<String> {
        let set: BTreeSet<String> = self.clients().1.iter().map(|c| c.page.clone()).collect();
        set.into_iter().collect()
    }

    /// Sends each open page its signal, if any, forgetting pages whose stream has ended.
    /// Signals are worked out outside the lock (one may render a page); a page that
    /// registers meanwhile read the new state itself.
    fn tell(&self, signal: impl Fn(&str, bool, &str) -> Option<Signal>) {
        let pages: Vec<(u64, String, bool, String)> = self
            .clients()
            .1
            .iter()
            .map(|c| (c.id, c.page.clone(), c.had, c.version.clone()))
            .collect();
        let mut signals: HashMap<u64, Signal> = HashMap::new();
        for (id, page, had, version) in pages {
            if let Some(s) = signal(&page, had, &version) {
                signals.insert(id, s);
            }
        }
        self.clients().1.retain(|c| match signals.remove(&c.id) {
            Some(s) => c.tx.send(s).is_ok(),
            None => true,
        });
    }

    fn forget(&self, id: u64) {
        self.clients().1.retain(|c| c.id != id);
    }
}

/// The signal for an open page once `site` is published: reload, or, when the page existed
/// and is gone (its record was deleted), go to the nearest page above it that exists.
fn signal_for(site: &Site, page: &str, had: bool, version: &str) -> Signal {
    let exists = |p: &str| matches!(http::lookup(p, |f| site.exists(f)), http::Lookup::File(_));
    if had && !exists(page) {
        let to = http::parents(page)
            .into_iter()
            .find(|p| exists(p))
            .unwrap_or_default();
        return Signal::Goto(format!("/{to}"));
    }
    Signal::Reload(version.to_string())
}

/// The file that answers a page's path, for rendering open pages ahead.
fn page_file(page: &str) -> String {
    if page.is_empty() || page.ends_with('/') {
        format!("{page}index.html")
    } else {
        page.to_string()
    }
}

/// A good rebuild: the site, its warnings, and what it holds.
type Built = (Site, Vec<Diagnostic>, Counts);

/// A failed rebuild: every diagnostic, in the site's language.
type Problems = (Lang, Vec<Diagnostic>);

/// The server loop's own state.
struct Loop {
    root: PathBuf,
    opts: Options,
    shared: Arc<Shared>,
    /// Tells this run's versions from an earlier run's, for pages open across a restart.
    run_id: String,
    builds: u64,
    /// The diagnostics last printed, so that unchanged warnings are not repeated.
    shown: Vec<Diagnostic>,
    /// The record files read at the last rebuild.
    reads: Reads,
    /// The files saved since, when nothing else changed (see [`Reads::check`]).
    saved: Option<Vec<String>>,
    /// The theme of the last rebuild, while no theme file changed.
    look: Option<Arc<Look>>,
}

impl Loop {
    /// Checks the site (reading again only what changed), loads the theme if it changed,
    /// and renders the open pages; the diagnostics when any of it fails.
    fn build(&mut self, theme_changed: bool) -> Result<Built, Problems> {
        let t = Instant::now();
        let saved = self.saved.take();
        let outcome = self.reads.check(&self.root, &self.opts, saved.as_deref());
        pipeline::stage("serve: check", t);
        let lang = outcome.lang;
        let errors = outcome.errors();
        let mut all = outcome.diagnostics;
        let model = match outcome.model {
            Some(m) if errors == 0 => m,
            _ => return Err((lang, all)),
        };
        let t = Instant::now();
        let look = match self.look.take() {
            Some(look) if !theme_changed && look.fits(&model) => look,
            _ => match Look::load(&self.root, &model) {
                Ok(look) => Arc::new(look),
                Err(problems) => {
                    all.extend(problems);
                    return Err((lang, all));
                }
            },
        };
        self.look = Some(look.clone());
        pipeline::stage("serve: theme", t);
        let t = Instant::now();
        let open: Vec<String> = self
            .shared
            .open_pages()
            .iter()
            .map(|p| page_file(p))
            .collect();
        let mut diags = crate::diag::Diagnostics::new(lang);
        let site = Site::new(model, look, self.opts.drafts, &open, &mut diags);
        pipeline::stage("serve: static files and open pages", t);
        all.extend(diags.sorted());
        match site {
            Some(site) => Ok((site, all, outcome.counts)),
            None => Err((lang, all)),
        }
    }

    /// Rebuilds and, when it works, publishes and reloads the open pages; `changed` names
    /// what was saved, for the terminal. The problems of a failed rebuild are returned.
    fn rebuild(&mut self, changed: &[String], theme_changed: bool) -> Result<Counts, Problems> {
        let start = Instant::now();
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.build(theme_changed)));
        let (site, diags, counts) = result.unwrap_or_else(|_| {
            let lang = self.shared.now().lang;
            Err((lang, vec![internal_error(lang)]))
        })?;
        let ms = start.elapsed().as_millis();
        let lang = site.lang();
        self.builds += 1;
        let version = format!("{}-{}", self.run_id, self.builds);
        let site = Arc::new(site);
        self.shared.publish(Published {
            site: Some(site.clone()),
            version: version.clone(),
            problems: None,
            lang,
        });
        self.shared.tell(|page, had, shows| {
            (shows != version).then(|| signal_for(&site, page, had, &version))
        });
        if diags != self.shown {
            print_diagnostics(lang, &diags);
            self.shown = diags;
        }
        if self.builds > 1 {
            println!("{}", updated_line(lang, changed, ms));
        }
        Ok(counts)
    }

    /// Shows the problems of a failed rebuild: over every open page, on pages opened from
    /// now on, and in the terminal. The last good site stays published.
    fn show(&mut self, (lang, diags): Problems) {
        let old = self.shared.now();
        let overlay = reload::overlay(lang, &diags, old.site.is_some());
        self.shared.publish(Published {
            site: old.site.clone(),
            version: old.version.clone(),
            problems: Some(overlay.clone()),
            lang,
        });
        self.shared
            .tell(|_, _, _| Some(Signal::Problems(overlay.clone())));
        print_diagnostics(lang, &diags);
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        eprintln!(
            "{}",
            tr!(
                lang,
                "网站没有更新（{errors} 个错误）：浏览器里仍是上一次正确的版本，问题也显示在页面上；改好并保存后会自动刷新。",
                "the site was not updated ({errors} errors): browsers keep the last good version, with the problems shown over it; it reloads once they are fixed and saved."
            )
        );
        self.shown = diags;
    }
}

fn internal_error(lang: Lang) -> Diagnostic {
    Diagnostic {
        file: "gongkai".into(),
        line: 0,
        column: 0,
        severity: Severity::Error,
        message: tr!(
            lang,
            "生成预览时 gongkai 内部出错（见终端）",
            "gongkai failed inside while building the preview (see the terminal)"
        ),
        hint: Some(tr!(
            lang,
            "再保存一次试试；如果还是这样，请把终端里的内容发给维护者",
            "save once more; if it happens again, send what the terminal shows to the maintainers"
        )),
    }
}

fn print_diagnostics(lang: Lang, diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{}", d.display(lang));
    }
}

fn updated_line(lang: Lang, changed: &[String], ms: u128) -> String {
    let mut names = changed
        .iter()
        .take(3)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if changed.len() > 3 {
        let more = changed.len() - 3;
        names.push_str(&tr!(lang, " 等 {more} 个", " and {more} more"));
    }
    tr!(
        lang,
        "已更新（{ms} 毫秒）：{names}",
        "updated in {ms} ms: {names}"
    )
}

/// The address to show: a wildcard bind is opened through this computer's own address.
fn shown_addr(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

/// Serves the site until the process is stopped. `Err` holds why it could not start, in
/// the clerk's words.
pub fn run(opts: &ServeOptions) -> Result<(), String> {
    let lang = Lang::Zh;
    let root = opts.root.canonicalize().map_err(|e| {
        let shown = opts.root.display();
        tr!(
            lang,
            "找不到站点文件夹 {shown}：{e}",
            "cannot open the site folder {shown}: {e}"
        )
    })?;
    if !root.join("content").is_dir() {
        // Not a site: say so in `check`'s words rather than serve an empty preview.
        let outcome = pipeline::check(&root, &opts.resolve);
        let shown: Vec<String> = outcome
            .diagnostics
            .iter()
            .map(|d| d.display(outcome.lang).to_string())
            .collect();
        return Err(shown.join("\n"));
    }
    let addr = SocketAddr::new(opts.bind, opts.port);
    let server = tiny_http::Server::http(addr).map_err(|e| {
        tr!(
            lang,
            "无法在 {addr} 上提供预览：{e}。端口可能已被占用：换一个 --port，或用 --port 0 自动挑一个空闲端口",
            "cannot serve the preview on {addr}: {e}. The port may be taken: choose another --port, or --port 0 for any free one"
        )
    })?;
    let bound = server.server_addr().to_ip().unwrap_or(addr);

    install_panic_message(lang);
    let (tx, rx) = mpsc::channel();
    let (watch, polling_why) = Watch::start(&root, tx);
    let shared = Arc::new(Shared {
        published: RwLock::new(Arc::new(Published {
            site: None,
            version: String::new(),
            problems: None,
            lang,
        })),
        clients: Mutex::new((0, Vec::new())),
    });
    let run_id = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| format!("{:x}", d.as_nanos() & 0xffff_ffff_ffff))
        .unwrap_or_default();
    let mut state = Loop {
        root: root.clone(),
        opts: opts.resolve.clone(),
        shared: shared.clone(),
        run_id,
        builds: 0,
        shown: Vec::new(),
        reads: Reads::default(),
        saved: None,
        look: None,
    };
    let counts = match state.rebuild(&[], true) {
        Ok(counts) => Some(counts),
        Err(problems) => {
            state.show(problems);
            None
        }
    };
    install_panic_message(shared.now().lang);

    spawn_workers(Arc::new(server), &shared);
    greet(&shared.now(), counts, bound, opts, polling_why);
    state.watch_forever(rx, watch)
}

/// The threads answering requests from what the loop publishes.
fn spawn_workers(server: Arc<tiny_http::Server>, shared: &Arc<Shared>) {
    for _ in 0..WORKERS {
        let (server, shared) = (server.clone(), shared.clone());
        std::thread::spawn(move || loop {
            match server.recv() {
                Ok(req) => {
                    // A failure answering one request must not take the worker with it.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        http::handle(req, &shared)
                    }));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        });
    }
}

/// What the clerk reads on start: the site, the address, who can open it.
fn greet(
    now: &Published,
    counts: Option<Counts>,
    bound: SocketAddr,
    opts: &ServeOptions,
    polling_why: Option<String>,
) {
    let lang = now.lang;
    let url = format!("http://{}/", shown_addr(bound));
    match (&now.site, counts) {
        (Some(site), Some(c)) => {
            let title = site.title();
            let what = counts_sentence(lang, &c);
            println!("{}", tr!(lang, "正在预览“{title}”（{what}）", "previewing “{title}” ({what})"));
        }
        _ => println!("{}", tr!(lang, "网站还没能生成：问题见上面，也会显示在浏览器里", "the site could not be built yet: see the problems above, also shown in the browser")),
    }
    println!("  {url}");
    if opts.resolve.drafts {
        println!(
            "{}",
            tr!(
                lang,
                "草稿也显示（页面上标着“草稿”）；gongkai build 从不发布草稿。",
                "drafts are shown (marked as drafts); `gongkai build` never publishes them."
            )
        );
    }
    if opts.bind.is_loopback() {
        println!("{}", tr!(lang, "只有这台电脑能打开。保存记录后，打开的页面会自动刷新。按 Ctrl+C 停止。", "only this computer can open it. Pages reload when a record is saved. Ctrl+C stops."));
    } else {
        let ip = opts.bind;
        eprintln!(
            "{}",
            tr!(
                lang,
                "警告：用了 --bind {ip}，同一网络里的其他电脑也能打开这个预览（包括草稿和还没公开的内容）。只在需要时这样做，用完按 Ctrl+C 停止。",
                "warning: with --bind {ip}, other computers on the network can open this preview (drafts and unpublished changes included). Do this only when needed, and stop it with Ctrl+C when done."
            )
        );
    }
    if let Some(why) = polling_why {
        println!("{}", polling_line(lang, &why));
    }
}

impl Loop {
    /// Waits for saves and rebuilds after each burst, for as long as the server runs.
    fn watch_forever(mut self, rx: mpsc::Receiver<Fs>, mut watch: Watch) -> Result<(), String> {
        let root = self.root.clone();
        let mut debounce = Debounce::new(QUIET, MAX_WAIT);
        let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
        let mut rewatch = false;
        let mut theme_changed = false;
        // A failed rebuild's problems, shown only if no save follows within SETTLE: an
        // editor that empties a file before writing it must not flash the overlay.
        let mut held: Option<(Instant, Problems)> = None;
        loop {
            let next = debounce.due().or(held.as_ref().map(|(at, _)| *at));
            let msg = match next {
                None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(due) => rx.recv_timeout(due.saturating_duration_since(Instant::now())),
            };
            match msg {
                Ok(Fs::Events(events)) => {
                    for (touch, path) in &events {
                        let action = watch::decide(&root, *touch, path);
                        if action == Action::Ignore {
                            continue;
                        }
                        rewatch |= action == Action::Rewatch;
                        theme_changed |=
                            action == Action::Rewatch || path.starts_with(root.join("themes"));
                        debounce.note(Instant::now());
                        changed.insert(path.clone());
                    }
                }
                Ok(Fs::Failed(why)) => {
                    if watch.mode() == watch::Mode::Native {
                        let lang = self.shared.now().lang;
                        println!("{}", polling_line(lang, &why));
                        watch = watch.into_polling();
                        debounce.note(Instant::now());
                    }
                }
                Err(RecvTimeoutError::Timeout) if debounce.due().is_some() => {
                    if std::mem::take(&mut rewatch) {
                        let _ = watch.add_paths();
                    }
                    debounce.clear();
                    self.saved = only_saved(&root, &changed);
                    let list = saved_files(&root, std::mem::take(&mut changed));
                    held = self
                        .rebuild(&list, std::mem::take(&mut theme_changed))
                        .err()
                        .map(|problems| (Instant::now() + SETTLE, problems));
                }
                Err(RecvTimeoutError::Timeout) => {
                    if let Some((_, problems)) = held.take() {
                        self.show(problems);
                    }
                }
                // The watcher keeps a sender for as long as it lives: this does not happen.
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
    }
}

/// The paths changed in `content/`, relative to the site root, when each of them is a plain
/// file or is gone: saved, or a temporary file renamed over a record, as far as the events
/// tell. The check reads those files alone, unless one was added or removed (see
/// [`crate::load::reload_saved`]); a folder, or a link, and it walks `content/` again.
fn only_saved(root: &Path, changed: &BTreeSet<PathBuf>) -> Option<Vec<String>> {
    changed
        .iter()
        .map(|p| {
            let plain_or_gone = match std::fs::symlink_metadata(p) {
                Ok(m) => m.is_file(),
                Err(e) => e.kind() == std::io::ErrorKind::NotFound,
            };
            let rel = p.strip_prefix(root).ok()?.to_str()?.replace('\\', "/");
            (plain_or_gone && rel.starts_with("content/")).then_some(rel)
        })
        .collect()
}

/// The files a rebuild follows, for the terminal: folders and the nameless temporary
/// files of tools (`sed -i`, some editors) are left out; a deleted record stays in.
fn saved_files(root: &Path, changed: BTreeSet<PathBuf>) -> Vec<String> {
    changed
        .into_iter()
        .filter(|p| p.is_file() || (!p.exists() && p.extension().is_some()))
        .filter_map(|p| {
            let rel = p
                .strip_prefix(root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            (!rel.is_empty()).then_some(rel)
        })
        .collect()
}

fn counts_sentence(lang: Lang, c: &Counts) -> String {
    let Counts {
        issues,
        meetings,
        resolutions,
        plans,
        visits,
        pages,
    } = c.clone();
    tr!(
        lang,
        "{issues} 个问题、{meetings} 次会议、{resolutions} 项决议、{plans} 个规划、{visits} 轮走访、{pages} 个页面",
        "{issues} issues, {meetings} meetings, {resolutions} resolutions, {plans} plans, {visits} visit rounds, {pages} pages"
    )
}

fn polling_line(lang: Lang, why: &str) -> String {
    tr!(
        lang,
        "这个文件夹收不到文件改动的通知（{why}），改为每半秒检查一次。",
        "file change notices do not work for this folder ({why}); checking every half second instead."
    )
}

/// A bug must not greet the clerk with a Rust backtrace: one line, in the site's language.
fn install_panic_message(lang: Lang) {
    std::panic::set_hook(Box::new(move |info| {
        eprintln!(
            "{}",
            tr!(
                lang,
                "gongkai 内部出错，预览仍在运行；请把这一行发给维护者：{info}",
                "gongkai failed inside; the preview keeps running. Please send this line to the maintainers: {info}"
            )
        );
    }));
}
