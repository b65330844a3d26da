//! The build, as a table of contents: load → resolve → render → write.

use crate::diag::{Diagnostic, Diagnostics, Lang, Pos, Severity};
use crate::load;
use crate::model::Model;
use crate::render::{self, Rendered};
use crate::resolve::{self, Options};
use crate::theme::Theme;
use crate::tr;
use crate::write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts of what was published, per kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub issues: usize,
    pub meetings: usize,
    pub resolutions: usize,
    pub plans: usize,
    pub visits: usize,
    pub pages: usize,
}

impl Counts {
    fn of(m: &Model) -> Counts {
        Counts {
            issues: m.issues.len(),
            meetings: m.meetings.len(),
            resolutions: m.resolutions.len(),
            plans: m.plans.len(),
            visits: m.visits.len(),
            pages: m.pages.len(),
        }
    }
}

/// A stage of a build, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Check,
    Render,
    Write,
}

/// How far a build has come: `done` of `total` files of the stage (0 of 0 when not counted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub lang: Lang,
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

/// What a check or a build found.
#[derive(Debug)]
pub struct Outcome {
    pub lang: Lang,
    pub diagnostics: Vec<Diagnostic>,
    pub counts: Counts,
    pub model: Option<Model>,
}

impl Outcome {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// Reads and checks the site, writing nothing.
pub fn check(root: &Path, opts: &Options) -> Outcome {
    check_with(root, opts, &resolve::read_file)
}

/// [`check`], taking what the last build kept for the files whose text did not change (see
/// [`crate::cache`]). It writes nothing.
pub fn check_kept(root: &Path, opts: &Options) -> Outcome {
    let kept = crate::cache::Reads::open_read_only(root);
    check_with(root, opts, &|src, site, lang| kept.read(src, site, lang))
}

/// [`check`], reading each record file with `read` (see [`resolve::resolve_with`]).
pub fn check_with(
    root: &Path,
    opts: &Options,
    read: &(dyn Fn(&load::Source, &crate::model::Site, Lang) -> resolve::FileRead + Sync),
) -> Outcome {
    check_reusing(root, opts, read, None)
}

/// [`check_with`], taking unchanged files' texts from `reuse` (see [`load::load_reusing`]).
pub fn check_reusing(
    root: &Path,
    opts: &Options,
    read: &(dyn Fn(&load::Source, &crate::model::Site, Lang) -> resolve::FileRead + Sync),
    reuse: Option<load::Reuse>,
) -> Outcome {
    check_loading(root, opts, read, &mut |diags| {
        load::load_reusing(root, diags, reuse)
    })
}

/// [`check_with`], the files of `content/` given by `load` (which reports its problems in the
/// diagnostics it is handed, whose language is the site's).
pub fn check_loading(
    root: &Path,
    opts: &Options,
    read: &(dyn Fn(&load::Source, &crate::model::Site, Lang) -> resolve::FileRead + Sync),
    load: &mut dyn FnMut(&mut Diagnostics) -> load::Loaded,
) -> Outcome {
    let mut diags = Diagnostics::new(Lang::Zh);
    if !root.join("content").is_dir() {
        let lang = diags.lang;
        let shown = root.display().to_string();
        diags.error(
            "content",
            Pos::default(),
            tr!(lang, "{shown} 里没有 content/ 文件夹，这不是一个站点", "{shown} has no content/ folder: it is not a site"),
            Some(tr!(lang, "进入站点文件夹再运行，或用 --root 指明站点文件夹；新建站点用 gongkai init", "run it in the site folder, or name it with --root; start a new site with `gongkai init`")),
        );
        return Outcome {
            lang,
            diagnostics: diags.sorted(),
            counts: Counts::default(),
            model: None,
        };
    }
    // The language is known only once site.yaml is read; read it first for the messages.
    let loaded = {
        let mut probe = Diagnostics::new(Lang::Zh);
        let site_text = load::read_text(
            &root.join("content/site.yaml"),
            "content/site.yaml",
            &mut probe,
        );
        if let Some(serde_json::Value::Object(m)) =
            site_text.as_deref().and_then(crate::yaml::to_json)
        {
            if let Some(l) = m
                .get("language")
                .and_then(|v| v.as_str())
                .and_then(Lang::from_code)
            {
                diags.lang = l;
            }
        }
        let t = Instant::now();
        let loaded = load(&mut diags);
        stage("check: load", t);
        loaded
    };
    let t = Instant::now();
    let model = resolve::resolve_with(&loaded, opts, &mut diags, read);
    stage("check: resolve", t);
    let counts = model.as_ref().map(Counts::of).unwrap_or_default();
    Outcome {
        lang: diags.lang,
        diagnostics: diags.sorted(),
        counts,
        model,
    }
}

/// Renders a checked model with the site's theme. Template problems are diagnostics.
pub fn render_model(
    root: &Path,
    model: &Model,
    drafts: bool,
    diags: &mut Diagnostics,
) -> Option<Rendered> {
    render_model_counted(root, model, drafts, &|_, _| {}, None, None, diags)
}

/// A theme loaded with its labels and templates (Tera's parse of the templates takes tens of
/// milliseconds), with what loading it reported.
pub struct Look {
    pub name: String,
    pub lang: Lang,
    pub theme: Theme,
    pub labels: crate::view::Labels,
    /// `None` when a template is broken (the error is among `diags`).
    pub tera: Option<tera::Tera>,
    pub diags: Diagnostics,
}

impl Look {
    pub fn load(root: &Path, name: &str, lang: Lang) -> Look {
        let mut diags = Diagnostics::new(lang);
        let theme = Theme::load(root, name, &mut diags);
        let labels = theme.labels(lang.code(), &mut diags);
        let tera = render::templates(&theme, &labels, &mut diags);
        Look {
            name: name.to_string(),
            lang,
            theme,
            labels,
            tera,
            diags,
        }
    }

    /// The theme that site.yaml names, loaded while the records are being checked: its
    /// `theme:` and `language:` read ahead. `None` when site.yaml cannot be read that simply;
    /// the check reads it properly and reports any problem.
    pub fn ahead(root: &Path) -> Option<Look> {
        let path = root.join("content/site.yaml");
        if std::fs::metadata(&path).ok()?.len() > load::MAX_RECORD_BYTES {
            return None;
        }
        let text = std::fs::read_to_string(path).ok()?;
        let serde_json::Value::Object(site) = crate::yaml::to_json(&text)? else {
            return None;
        };
        let lang = match site.get("language") {
            None => Lang::Zh,
            Some(v) => Lang::from_code(v.as_str()?)?,
        };
        let name = match site.get("theme") {
            None => "default",
            Some(v) => v.as_str()?,
        };
        resolve::valid_id(name).then(|| Look::load(root, name, lang))
    }

    /// Whether this is the theme and language `model` asks for.
    pub fn fits(&self, model: &Model) -> bool {
        self.name == model.site.theme && self.lang == model.site.lang
    }
}

/// [`render_model`], calling `tick(done, total)` as pages are rendered; with a `sink`, pages
/// go to it as they are made (see [`render::render_counted`]).
pub fn render_model_counted(
    root: &Path,
    model: &Model,
    drafts: bool,
    tick: &(dyn Fn(usize, usize) + Sync),
    sink: Option<render::Sink>,
    ahead: Option<Look>,
    diags: &mut Diagnostics,
) -> Option<Rendered> {
    let look = ahead
        .filter(|l| l.fits(model))
        .unwrap_or_else(|| Look::load(root, &model.site.theme, model.site.lang));
    let Look {
        theme,
        labels,
        tera,
        diags: met,
        ..
    } = look;
    diags.extend(met);
    let tera = tera?;
    let mut out = render::render_counted(
        model,
        &theme,
        &tera,
        &labels,
        drafts,
        &|_| true,
        tick,
        sink,
        diags,
    );
    add_statics(model, &theme, &mut out, diags);
    Some(out)
}

/// Copies content/static/ into `out` as it is; a file may not replace a generated one.
pub fn add_statics(model: &Model, theme: &Theme, out: &mut Rendered, diags: &mut Diagnostics) {
    for s in &model.statics {
        let lang = diags.lang;
        if out.contains(&s.out) && !theme.statics().any(|(p, _)| p == s.out) {
            let p = &s.out;
            diags.error(
                &format!("content/static/{p}"),
                Pos::default(),
                tr!(
                    lang,
                    "static/{p} 与网站生成的文件重名",
                    "static/{p} has the name of a generated file"
                ),
                Some(tr!(
                    lang,
                    "给它改个名字，或放进子文件夹",
                    "rename it or put it in a subfolder"
                )),
            );
            continue;
        }
        match std::fs::read(&s.source) {
            Ok(bytes) => {
                out.files.insert(s.out.clone(), bytes);
            }
            Err(e) => {
                let p = &s.out;
                diags.error(
                    &format!("content/static/{p}"),
                    Pos::default(),
                    tr!(lang, "无法读取文件：{e}", "cannot read the file: {e}"),
                    None,
                );
            }
        }
    }
}

/// With GONGKAI_PROFILE set, prints how long a stage took (for benchmarks).
pub fn stage(name: &str, since: Instant) {
    if std::env::var_os("GONGKAI_PROFILE").is_some() {
        // Resident memory now and at its peak so far (Linux only).
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let kb = |key: &str| {
            status
                .lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse::<u64>().ok())
                .map_or(String::new(), |n| format!(" {key} {} MB", n / 1024))
        };
        eprintln!(
            "[profile] {name}: {:.1} ms{}{}",
            since.elapsed().as_secs_f64() * 1000.0,
            kb("VmRSS:"),
            kb("VmHWM:")
        );
    }
}

/// Options of a build.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `ROOT/public`.
    pub output: Option<PathBuf>,
    pub resolve: Options,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    pub outcome: Outcome,
    /// Files written (0 when the build stopped).
    pub files: usize,
    pub pages: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// Record files not read again: their text was the one the last build read
    /// (see [`crate::cache`]).
    pub reused: usize,
    /// An output folder refused or an I/O failure, in the clerk's words.
    pub io_error: Option<String>,
}

/// Reads, checks, renders and writes the site. On any error nothing is written.
pub fn build(opts: &BuildOptions) -> BuildReport {
    build_with_progress(opts, &|_| {})
}

/// [`build`], telling `progress` how far it has come (for a progress bar).
pub fn build_with_progress(
    opts: &BuildOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> BuildReport {
    let start = Instant::now();
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    progress(Progress {
        lang: Lang::Zh,
        stage: Stage::Check,
        done: 0,
        total: 0,
    });
    // Files whose text did not change since the last build are not read again.
    let reads = crate::cache::Reads::open(&opts.root);
    stage("check: kept readings opened", start);
    let read =
        |src: &load::Source, site: &crate::model::Site, lang: Lang| reads.read(src, site, lang);
    // The theme's templates are parsed, and the previous tree taken up, on a core the check
    // leaves free. The tree is given back as it was should the build stop at the check.
    let take_up = || {
        let t = Instant::now();
        // Not in a folder gongkai would refuse (told after the check, in the site's language),
        // nor where folders would have to be made first (a build that stops makes none).
        write::check_target(&opts.root, &output, Lang::Zh).ok()?;
        let parent = output.parent().filter(|p| !p.as_os_str().is_empty());
        if !parent.is_none_or(Path::is_dir) {
            return None;
        }
        // On a large site it waits for the check: both at once would raise the peak of memory
        // (at 100,000 issues, with a 30 MB manifest, by about 100 MB, to near 1 GB).
        if write::spare_manifest_len(&output).is_some_and(|n| n > EARLY_TAKE_UP_LIMIT) {
            return None;
        }
        let staging = write::Staging::begin(&output);
        stage("write: take up the previous tree", t);
        Some(staging)
    };
    let (mut outcome, (ahead, taken)) = rayon::join(
        || check_with(&opts.root, &opts.resolve, &read),
        || rayon::join(|| Look::ahead(&opts.root), take_up),
    );
    stage("check", start);
    // Unless the build goes on to render, the tree taken up goes back as it was.
    let mut taken = TakenUp(taken);
    let reused = reads.reused();
    let lang = outcome.lang;
    let at = |stage: Stage| {
        move |done: usize, total: usize| {
            progress(Progress {
                lang,
                stage,
                done,
                total,
            })
        }
    };
    let report =
        |outcome: Outcome, files: usize, pages: usize, io_error: Option<String>| BuildReport {
            outcome,
            files,
            pages,
            output: output.clone(),
            elapsed: start.elapsed(),
            reused,
            io_error,
        };
    if let Err(write::WriteError::Refused(why)) =
        write::check_target(&opts.root, &output, outcome.lang)
    {
        return report(outcome, 0, 0, Some(why));
    }
    if std::env::var_os("GONGKAI_PROFILE").is_some() {
        eprintln!("[profile] check: {reused} files not read again");
    }
    // A build that stops at the check writes nothing, these readings included.
    let Some(model) = outcome.model.as_ref().filter(|_| outcome.errors() == 0) else {
        return report(outcome, 0, 0, None);
    };
    // Written while the site is rendered; waited for before the build returns.
    let _saving = reads.save_aside();
    let mut diags = Diagnostics::new(outcome.lang);
    let t = Instant::now();
    // Pages are written to the new tree as they are rendered; it goes live only when whole.
    let staging = match taken
        .0
        .take()
        .unwrap_or_else(|| write::Staging::begin(&output))
    {
        Ok(mut s) => {
            s.rendering();
            s
        }
        Err(e) => {
            let msg = write_error(outcome.lang, e);
            return report(outcome, 0, 0, Some(msg));
        }
    };
    let put = Staged {
        staging: &staging,
        failed: Mutex::new(None),
        index: crate::search::Last::of(&opts.root, &output),
        index_made: Mutex::new(None),
    };
    let rendered = render_model_counted(
        &opts.root,
        model,
        opts.resolve.drafts,
        &at(Stage::Render),
        Some(&put),
        ahead,
        &mut diags,
    );
    let Staged {
        failed,
        index,
        index_made,
        ..
    } = put;
    stage("render", t);
    let broken = diags.has_errors() || rendered.is_none();
    outcome.diagnostics.extend(diags.sorted());
    let rendered = rendered.unwrap_or_default();
    let (files, pages) = (rendered.len(), rendered.pages());
    let t = Instant::now();
    let tick = at(Stage::Write);
    let rest = if broken {
        Ok(())
    } else {
        staging.put_all(&rendered.files, &tick)
    };
    let failed = failed.into_inner().unwrap_or_else(|e| e.into_inner());
    let written = match (broken, failed.map_or(rest, Err)) {
        (true, _) => {
            staging.abandon();
            return report(outcome, 0, 0, None);
        }
        (false, Err(e)) => {
            staging.abandon();
            Err(e)
        }
        (false, Ok(())) => staging.finish().inspect(|_| {
            // The index went live: the next build may update it.
            if let Some(d) = index_made.into_inner().unwrap_or_else(|e| e.into_inner()) {
                index.save(&d);
            }
        }),
    };
    stage("write", t);
    match written {
        Ok(_) => report(outcome, files, pages, None),
        Err(e) => {
            let msg = write_error(outcome.lang, e);
            report(outcome, 0, 0, Some(msg))
        }
    }
}

/// The largest manifest of the previous tree (bytes; about 3 MB at 10,000 issues) with which
/// the tree is taken up while the check runs.
const EARLY_TAKE_UP_LIMIT: u64 = 12 << 20;

/// The previous tree taken up while the check ran; given back as it was unless taken out to
/// render (see [`write::Staging::give_back`]).
struct TakenUp(Option<Result<write::Staging, write::WriteError>>);

impl Drop for TakenUp {
    fn drop(&mut self) {
        if let Some(Ok(staging)) = self.0.take() {
            staging.give_back();
        }
    }
}

/// Rendered pages go to the new tree; the first failure to write one is kept for the report,
/// and nothing more is written after it.
struct Staged<'a> {
    staging: &'a write::Staging,
    failed: Mutex<Option<write::WriteError>>,
    /// The last build's search index, and the description of this one's.
    index: crate::search::Last,
    index_made: Mutex<Option<String>>,
}

impl Staged<'_> {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<write::WriteError>> {
        self.failed.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl render::Out for Staged<'_> {
    fn put(&self, path: &str, bytes: &[u8], input: u64) {
        if self.lock().is_none() {
            if let Err(e) = self.staging.put_made(path, bytes, input) {
                self.lock().get_or_insert(e);
            }
        }
    }

    fn keep(&self, path: &str, input: u64) -> bool {
        self.lock().is_none() && self.staging.keep(path, input)
    }

    fn keep_set(&self, prefix: &str, suffix: &str, input: u64) -> Option<Vec<String>> {
        if self.lock().is_some() {
            return None;
        }
        self.staging.keep_set(prefix, suffix, input)
    }

    fn last_index(&self) -> Option<crate::search::Last> {
        Some(self.index.clone())
    }

    fn index_made(&self, description: String) {
        *self.index_made.lock().unwrap_or_else(|e| e.into_inner()) = Some(description);
    }

    fn last_len(&self, path: &str) -> Option<usize> {
        self.staging.last_len(path)
    }
}

/// A failed write in the clerk's words.
fn write_error(lang: Lang, e: write::WriteError) -> String {
    match e {
        write::WriteError::Refused(why) => why,
        write::WriteError::Io(path, e) => {
            tr!(lang, "写入 {path} 失败：{e}", "writing {path} failed: {e}")
        }
    }
}
