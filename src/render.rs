//! Model + theme → every output file, in memory. No file system here.

use crate::diag::{Diagnostics, Pos};
use crate::model::{Issue, Model};
use crate::outputs;
use crate::theme::Theme;
use crate::tr;
use crate::view::{IssueSummary, Labels, Views};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use tera::{Context, Tera};

/// The output: path relative to the output root (`issues/2020-013/index.html`) → bytes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Pages already handed to a [`Sink`] as they were rendered: their paths only.
    pub streamed: BTreeSet<String>,
}

impl Rendered {
    /// Every path of the output, held or streamed.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys().chain(self.streamed.iter())
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.streamed.contains(path)
    }

    pub fn len(&self) -> usize {
        self.files.len() + self.streamed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn pages(&self) -> usize {
        self.paths().filter(|k| k.ends_with(".html")).count()
    }
}

/// Where pages go as soon as they are rendered (a build writes them to the new tree), so
/// that the whole site is never held in memory. Called from every core.
pub trait Out: Sync {
    /// A rendered page, with a hash of what it was made from (its `input`).
    fn put(&self, path: &str, bytes: &[u8], input: u64);
    /// Whether the page made earlier from the same `input` is kept as it is: then it is not
    /// rendered at all.
    fn keep(&self, path: &str, input: u64) -> bool;
    /// [`Out::keep`] for the files under `prefix` ending in `suffix`, made together from
    /// `input`: their paths when all are kept.
    fn keep_set(&self, prefix: &str, suffix: &str, input: u64) -> Option<Vec<String>>;
    /// The index the last build published, to be updated rather than made anew.
    fn last_index(&self) -> Option<crate::search::Last> {
        None
    }
    /// The description of the index made now, kept if the build goes live.
    fn index_made(&self, _description: String) {}
    /// The length of the file made at `path` by an earlier build, if known: room to make it
    /// in at once.
    fn last_len(&self, _path: &str) -> Option<usize> {
        None
    }
}

pub type Sink<'a> = &'a dyn Out;

/// The inputs of a page, hashed: texts (each closed by a separator) and values.
#[derive(Clone, Copy)]
struct InputHash(crate::fnv::Fnv);

impl InputHash {
    fn new(seed: u64) -> InputHash {
        InputHash(crate::fnv::Fnv::seeded(seed))
    }

    fn add(&mut self, bytes: &[u8]) {
        self.0.add(bytes);
        self.0.add(&[0xff]);
    }

    /// Adds a value, walked (writing it out as JSON first cost twice as long) into a wide
    /// hash (src/fnv.rs): each part tagged with its kind and each text and list with its
    /// length, so that values of different shapes never add the same words.
    fn value(&mut self, v: &serde_json::Value) {
        self.walked(walked(v));
    }

    /// [`InputHash::value`] of a value already walked by [`walked`].
    fn walked(&mut self, h: u64) {
        self.add(&h.to_le_bytes());
    }

    /// Never 0, which means "not known".
    fn finish(self) -> u64 {
        self.0.value().max(1)
    }
}

/// A value walked into a wide hash, for [`InputHash::value`].
pub(crate) fn walked(v: &serde_json::Value) -> u64 {
    let mut w = crate::fnv::Wide::new(0);
    walk(&mut w, v);
    w.finish()
}

/// The parts of a value, for [`InputHash::value`]: a word with the kind in its low byte and
/// a length above it, then the contents.
fn walk(w: &mut crate::fnv::Wide, v: &serde_json::Value) {
    use serde_json::Value;
    let head = |kind: u64, len: usize| kind | (len as u64) << 8;
    match v {
        Value::Null => w.word(0),
        Value::Bool(b) => w.word(head(1, usize::from(*b))),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => {
                w.word(2);
                w.word(u);
            }
            (None, Some(i)) => {
                w.word(3);
                w.word(i as u64);
            }
            _ => {
                w.word(4);
                w.word(n.as_f64().unwrap_or(f64::NAN).to_bits());
            }
        },
        Value::String(s) => {
            w.word(head(5, s.len()));
            w.bytes(s.as_bytes());
        }
        Value::Array(items) => {
            w.word(head(6, items.len()));
            for item in items {
                walk(w, item);
            }
        }
        Value::Object(map) => {
            w.word(head(7, map.len()));
            for (k, item) in map {
                w.word(head(5, k.len()));
                w.bytes(k.as_bytes());
                walk(w, item);
            }
        }
    }
}

/// Escapes text for HTML bodies and quoted attributes. Unlike Tera's default it leaves `/`
/// alone, so links stay readable and pages small.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    // Runs of plain text are copied whole; most texts have nothing to escape.
    let mut from = 0;
    for (at, b) in input.bytes().enumerate() {
        let with = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[from..at]);
        out.push_str(with);
        from = at + 1;
    }
    out.push_str(&input[from..]);
    out
}

/// The whole cause of a template error, in one line per cause.
fn tera_message(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        parts.push(s.to_string());
        src = s.source();
    }
    parts.join("\n    ")
}

/// The templates Tera escapes what it prints in.
const AUTOESCAPED: [&str; 3] = [".html", ".xml", ".htm"];

/// Loads the theme's templates into Tera, with the labels written in (src/fold.rs). Errors
/// name the template file.
pub fn templates(theme: &Theme, labels: &Labels, diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(AUTOESCAPED.to_vec());
    tera.set_escape_fn(escape_html);
    // Tera lets a template read the machine's environment. A page is made from the records
    // and the theme alone: what a build keeps from the last one must still be right, and
    // nothing of the clerk's computer belongs on a public page.
    tera.register_function(
        "get_env",
        |_: &std::collections::HashMap<String, serde_json::Value>| -> tera::Result<serde_json::Value> {
            Err(tera::Error::msg(
                "get_env is not available: a page is made from the records and the theme alone",
            ))
        },
    );
    let mut list = theme.templates();
    if !crate::fold::rebinds_t(list.iter().map(|(_, t, _)| t.as_str())) {
        for (name, text, _) in &mut list {
            let escape = AUTOESCAPED
                .iter()
                .any(|e| name.ends_with(e))
                .then_some(escape_html as fn(&str) -> String);
            *text = crate::fold::labels(text, labels, escape);
        }
    }
    let origins: BTreeMap<String, String> = list
        .iter()
        .map(|(n, _, shown)| (n.clone(), shown.clone()))
        .collect();
    if let Err(e) = tera.add_raw_templates(list.iter().map(|(n, t, _)| (n.clone(), t.clone()))) {
        let lang = diags.lang;
        let msg = tera_message(&e);
        let file = origins
            .iter()
            .find(|(n, _)| msg.contains(n.as_str()))
            .map_or_else(|| "themes".to_string(), |(_, s)| s.clone());
        diags.error(
            &file,
            Pos::default(),
            tr!(lang, "模板有错：{msg}", "the template is broken: {msg}"),
            None,
        );
        return None;
    }
    Some(tera)
}

fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The page a job renders: a record page built in parallel, or a page with ready values.
enum Job<'a> {
    Issue(&'a crate::model::Issue),
    Meeting(&'a crate::model::Meeting),
    Resolution(&'a crate::model::Resolution),
    Plan(&'a crate::model::Plan),
    Page(&'a crate::model::Page),
    Fixed {
        template: &'static str,
        dir: String,
        title: String,
        values: Vec<(&'static str, serde_json::Value)>,
    },
    /// A page whose values are made when it is rendered, known by a hash of them.
    Lazy {
        template: &'static str,
        dir: String,
        title: String,
        hash: u64,
        values: crate::lists::Lazy<'a>,
    },
}

/// A rendered file (`None`: kept from an earlier build, not rendered) with the hash of its
/// inputs, or the template error it met.
type JobResult = Result<(String, Option<Vec<u8>>, u64), (String, String, String)>;

/// What every job reads.
struct Env<'a> {
    tera: &'a Tera,
    v: &'a Views<'a>,
    wanted: &'a (dyn Fn(&str) -> bool + Sync),
    prints: &'a crate::print::RecordPrint,
    /// Where pages go, and whether an earlier one may be kept (builds only).
    out: Option<Sink<'a>>,
    /// A hash of everything every page is made from: the theme, the shared values, gongkai.
    base: u64,
}

impl Env<'_> {
    /// The hash of a page's inputs, when pages may be kept (0 otherwise).
    fn input(&self, parts: &[&str], values: &[&serde_json::Value]) -> u64 {
        if self.out.is_none() {
            return 0;
        }
        let values: Vec<u64> = values.iter().map(|v| walked(v)).collect();
        self.input_walked(parts, &values)
    }

    /// [`Env::input`] of values already walked (a record's page and its print view share
    /// the record's value: it is walked once).
    fn input_walked(&self, parts: &[&str], walked: &[u64]) -> u64 {
        if self.out.is_none() {
            return 0;
        }
        let mut h = InputHash::new(self.base);
        for p in parts {
            h.add(p.as_bytes());
        }
        for w in walked {
            h.walked(*w);
        }
        h.finish()
    }

    /// Whether the page at `file` made from `input` is kept from an earlier build.
    fn keeps(&self, file: &str, input: u64) -> bool {
        input != 0 && self.out.is_some_and(|o| o.keep(file, input))
    }
}

fn file_of(dir: &str) -> String {
    if dir.ends_with(".html") {
        dir.to_string()
    } else {
        format!("{dir}index.html")
    }
}

/// Renders a job's page, and for a record also its print view (from the same view of the
/// record, computed once). Either may be left out by `wanted`.
fn run_job(env: &Env, ctx: &mut Context, job: Job) -> Vec<JobResult> {
    let v = env.v;
    let plan = match &job {
        Job::Plan(p) => Some(*p),
        _ => None,
    };
    // An issue's body is made into HTML only when one of its pages is rendered: the page is
    // known by the body's text (the same text always gives the same HTML).
    let body = match &job {
        Job::Issue(i) => Some(i.origin.body.as_str()),
        _ => None,
    };
    let (kind, template, id, title, key, value) = match job {
        Job::Issue(i) => (
            "issues",
            "issue.html",
            &i.id,
            &i.title,
            "issue",
            RecordView::Issue(v.issue(i)),
        ),
        Job::Meeting(m) => (
            "meetings",
            "meeting.html",
            &m.id,
            &m.title,
            "meeting",
            RecordView::Meeting(v.meeting(m, true)),
        ),
        Job::Resolution(r) => (
            "resolutions",
            "resolution.html",
            &r.id,
            &r.title,
            "resolution",
            RecordView::Resolution(v.resolution(r, true)),
        ),
        Job::Plan(p) => (
            "plans",
            "plan.html",
            &p.id,
            &p.title,
            "plan",
            RecordView::Plan(v.plan(p, true)),
        ),
        Job::Page(p) => {
            let values = vec![("page", json(&v.page(p)))];
            let dir = format!("{}/", p.id);
            return vec![render_page(env, ctx, "page.html", dir, &p.title, values)];
        }
        Job::Fixed {
            template,
            dir,
            title,
            values,
        } => return vec![render_page(env, ctx, template, dir, &title, values)],
        Job::Lazy {
            template,
            dir,
            title,
            hash,
            values,
        } => {
            let input = env.input_walked(&[template, &dir, &title, "lazy"], &[hash]);
            return vec![render_values(
                env, ctx, template, dir, &title, values, input,
            )];
        }
    };
    let mut out = Vec::new();
    let dir = format!("{kind}/{id}/");
    let file = file_of(&dir);
    let print_file = crate::print::RecordPrint::file(kind, id);
    let (page, print) = ((env.wanted)(&file), (env.wanted)(&print_file));
    // A plan's print view shows the plan without its sub-plans' detail.
    let short = match (print, plan) {
        (true, Some(p)) => Some(RecordView::Plan(v.plan(p, false))),
        _ => None,
    };
    let (record, short_walked) = match env.out {
        Some(_) => (value.hash(), short.as_ref().map(RecordView::hash)),
        None => (0, None),
    };
    let record = match body {
        Some(b) if env.out.is_some() => crate::fnv::value(record, b),
        _ => record,
    };
    let mut value = value;
    // Called once, before the view goes into a page.
    let with_body = |value: &mut RecordView| {
        if let (Some(b), RecordView::Issue(d)) = (body, value) {
            d.body_html = crate::markdown::to_html(b);
        }
    };
    let page_input = env.input_walked(&[template, &dir, title], &[record]);
    let print_input = env.input_walked(
        &["print-record.html", &print_file, kind, title],
        &[short_walked.unwrap_or(record)],
    );
    // The record's value goes into the context once, for the first page rendered.
    let mut page_done = false;
    if page {
        if env.keeps(&file, page_input) {
            out.push(Ok((file, None, page_input)));
        } else {
            with_body(&mut value);
            put_values(ctx, vec![(key, json(&value))]);
            page_done = true;
            out.push(render_in(env, ctx, template, dir, title, page_input));
        }
    }
    if print {
        if env.keeps(&print_file, print_input) {
            out.push(Ok((print_file, None, print_input)));
        } else {
            match short {
                Some(short) => put_values(ctx, vec![(key, json(&short))]),
                None if !page_done => {
                    with_body(&mut value);
                    put_values(ctx, vec![(key, json(&value))]);
                }
                None => {}
            }
            let (dir, title, value) = env.prints.page(kind, id, title);
            put_values(ctx, vec![("print", value)]);
            out.push(render_in(
                env,
                ctx,
                "print-record.html",
                dir,
                &title,
                print_input,
            ));
            ctx.remove("print");
        }
    }
    ctx.remove(key);
    out
}

/// A record's view, as typed: hashed as serde walks it (no value made for it, see
/// [`crate::fnv::value`]) and made into a template's value only when one of its pages is
/// rendered.
/// One at a time per thread, short-lived: boxing the larger views would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize)]
#[serde(untagged)]
enum RecordView {
    Issue(crate::view::IssueDetail),
    Meeting(crate::view::MeetingView),
    Resolution(crate::view::ResolutionView),
    Plan(crate::view::PlanView),
}

impl RecordView {
    fn hash(&self) -> u64 {
        crate::fnv::value(0x7265_636f_7264, self)
    }
}

/// A page with ready values: they are put in the thread's context, then taken out again.
fn render_page(
    env: &Env,
    ctx: &mut Context,
    template: &str,
    dir: String,
    title: &str,
    values: Vec<(&'static str, serde_json::Value)>,
) -> JobResult {
    let parts: Vec<&str> = [template, dir.as_str(), title]
        .into_iter()
        .chain(values.iter().map(|(k, _)| *k))
        .collect();
    let input = env.input(&parts, &values.iter().map(|(_, v)| v).collect::<Vec<_>>());
    render_values(env, ctx, template, dir, title, || values, input)
}

/// A page made from `input`: kept from an earlier build, or rendered with the values (made
/// only then).
fn render_values(
    env: &Env,
    ctx: &mut Context,
    template: &str,
    dir: String,
    title: &str,
    values: impl FnOnce() -> Vec<(&'static str, serde_json::Value)>,
    input: u64,
) -> JobResult {
    let file = file_of(&dir);
    if env.keeps(&file, input) {
        return Ok((file, None, input));
    }
    let values = values();
    let keys: Vec<&str> = values.iter().map(|(k, _)| *k).collect();
    put_values(ctx, values);
    let result = render_in(env, ctx, template, dir, title, input);
    // The context is reused for the thread's next page: leave nothing of this one behind.
    for k in keys {
        ctx.remove(k);
    }
    result
}

/// Moves values into the context whole: `Context::insert` would serialize each again.
fn put_values(ctx: &mut Context, values: Vec<(&'static str, serde_json::Value)>) {
    let page: serde_json::Map<String, serde_json::Value> = values
        .into_iter()
        .map(|(k, val)| (k.to_string(), val))
        .collect();
    if let Ok(page) = Context::from_value(serde_json::Value::Object(page)) {
        ctx.extend(page);
    }
}

/// Renders `template` as the page of folder (or file) `dir`, with the values in `ctx`.
fn render_in(
    env: &Env,
    ctx: &mut Context,
    template: &str,
    dir: String,
    title: &str,
    input: u64,
) -> JobResult {
    let file = file_of(&dir);
    // The 404 page is served at any depth, so its links start from the site's own path: the
    // path of `base_url` when published, `/` in the preview (pages kept in memory, served
    // from the top of the preview's address).
    let root = if file == "404.html" {
        match env.out {
            Some(_) => env.v.base_path(),
            None => "/".to_string(),
        }
    } else {
        root_for(&file)
    };
    ctx.insert("root", &root);
    ctx.insert("page_path", &dir);
    ctx.insert("page_title", title);
    // Rendered as bytes: `Tera::render` would check the whole page is UTF-8 again (every
    // piece of it is a `str` already). Most pages are 4–30 KB: room for one at the start.
    let mut html = Vec::with_capacity(16 * 1024);
    match env.tera.render_to(template, ctx, &mut html) {
        Ok(()) => Ok((file, Some(html), input)),
        Err(e) => Err((template.to_string(), dir, tera_message(&e))),
    }
}

fn json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    village: &'a str,
    town: Option<&'a str>,
    district: Option<&'a str>,
    description: Option<&'a str>,
    language: &'a str,
    base_url: &'a str,
    menu: Vec<crate::view::Link>,
    groups: Vec<serde_json::Value>,
    zones: Vec<serde_json::Value>,
    people: Vec<serde_json::Value>,
    categories: Vec<serde_json::Value>,
}

/// Renders every page, feed and data file of the site.
pub fn render(
    model: &Model,
    theme: &Theme,
    tera: &Tera,
    labels: &Labels,
    drafts: bool,
    diags: &mut Diagnostics,
) -> Rendered {
    render_only(model, theme, tera, labels, drafts, &|_| true, diags)
}

/// Renders only the files whose output path `wanted` accepts, with the same bytes as
/// [`render`]; the values of a page left out are not computed. The preview server renders
/// the pages that are open or asked for this way.
pub fn render_only(
    model: &Model,
    theme: &Theme,
    tera: &Tera,
    labels: &Labels,
    drafts: bool,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    diags: &mut Diagnostics,
) -> Rendered {
    let no_tick = &|_: usize, _: usize| {};
    render_counted(
        model, theme, tera, labels, drafts, wanted, no_tick, None, diags,
    )
}

/// [`render_only`], calling `tick(done, total)` as pages are rendered (a build's progress).
/// With a `sink`, pages go to it as they are made and only their paths are kept.
#[allow(clippy::too_many_arguments)]
pub fn render_counted(
    model: &Model,
    theme: &Theme,
    tera: &Tera,
    labels: &Labels,
    drafts: bool,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    tick: &(dyn Fn(usize, usize) + Sync),
    sink: Option<Sink>,
    diags: &mut Diagnostics,
) -> Rendered {
    // The sitemap lists the pages rendered: asking for it renders them all.
    let asked = wanted;
    let sitemap = asked("sitemap.xml");
    let wanted = &|p: &str| asked(p) || (sitemap && p.ends_with("index.html"));
    let search = || {
        let mut side = Rendered::default();
        if crate::search::any_wanted(model, wanted) {
            let t = std::time::Instant::now();
            let docs = crate::search::docs(model, labels);
            // Made from the records' texts alone: kept whole while they do not change.
            let input = match sink {
                Some(_) => crate::search::input(&docs).max(1),
                None => 0,
            };
            match sink.and_then(|s| s.keep_set("search/", ".json", input)) {
                Some(kept) => side.streamed.extend(kept),
                None => {
                    // Each file goes on as it is made (a large index is not held whole).
                    let last = sink.and_then(|s| s.last_index());
                    let remake = || crate::search::docs(model, labels);
                    let made = crate::search::build_updating(
                        docs,
                        last.as_ref(),
                        &remake,
                        &mut |path, bytes| match sink {
                            Some(s) if asked(&path) => {
                                s.put(&path, &bytes, input);
                                side.streamed.insert(path);
                            }
                            _ => {
                                side.files.insert(path, bytes);
                            }
                        },
                    );
                    if let (Some(s), Some(made)) = (sink, made) {
                        s.index_made(made);
                    }
                }
            }
            crate::pipeline::stage("render: search index", t);
        }
        side
    };
    let rest = || {
        let site = &model.site;
        let lang = site.lang;
        let t = std::time::Instant::now();
        let v = Views::new(model, labels);
        if wanted("index.html") || wanted("feed.xml") {
            // A whole build: every list shows summaries.
            v.prepare_summaries();
        }
        crate::pipeline::stage("render: views", t);
        let t = std::time::Instant::now();
        let site_view = SiteView {
            title: &site.title,
            village: &site.village,
            town: site.town.as_deref(),
            district: site.district.as_deref(),
            description: site.description.as_deref(),
            language: lang.code(),
            base_url: &site.base_url,
            menu: model
                .pages
                .iter()
                .filter(|p| p.menu)
                .map(|p| crate::view::Link {
                    id: p.id.clone(),
                    title: p.title.clone(),
                    url: format!("{}/", p.id),
                })
                .collect(),
            groups: site
                .groups
                .iter()
                .map(
                    |g| serde_json::json!({"id": g.id, "name": g.name, "households": g.households}),
                )
                .collect(),
            zones: site
                .zones
                .iter()
                .map(|z| serde_json::json!({"id": z.id, "name": z.name, "groups": z.groups}))
                .collect(),
            people: site
                .people
                .iter()
                .map(|p| serde_json::json!({"id": p.id, "name": p.name, "role": p.role}))
                .collect(),
            categories: site
                .categories
                .iter()
                .map(|c| serde_json::json!({"id": c.id, "name": c.name}))
                .collect(),
        };
        let mut base = Context::new();
        base.insert("site", &site_view);
        base.insert("t", labels);
        base.insert("as_of", &site.as_of);
        base.insert("as_of_text", &site.as_of.text(lang));
        base.insert("drafts", &drafts);
        // The menu: the sections, then the free pages marked `menu: true`.
        let mut nav: Vec<crate::view::Link> = [
            "issues",
            "meetings",
            "resolutions",
            "plans",
            "visits",
            "stats",
            "search",
        ]
        .iter()
        .map(|k| crate::view::Link {
            id: k.to_string(),
            title: labels.0.get(*k).cloned().unwrap_or_else(|| k.to_string()),
            url: format!("{k}/"),
        })
        .collect();
        nav.extend(site_view.menu.iter().cloned());
        base.insert("nav", &nav);
        base.insert("generator", concat!("gongkai ", env!("CARGO_PKG_VERSION")));
        // Style sheets and scripts under names that change with their contents (src/theme.rs).
        base.insert("assets", &theme.assets);
        base.insert(
            "css",
            theme
                .assets
                .get("style.css")
                .map_or("style.css", |s| s.as_str()),
        );
        let origins: BTreeMap<String, String> = theme
            .templates()
            .into_iter()
            .map(|(n, _, s)| (n, s))
            .collect();
        let mut jobs: Vec<Job> = Vec::new();
        // Issues: paged lists, all and by status, group and category.
        for (dir, title, hash, values) in crate::lists::pages(model, &v, labels, wanted) {
            if wanted(&format!("{dir}index.html")) {
                jobs.push(Job::Lazy {
                    template: "issues.html",
                    dir,
                    title,
                    hash,
                    values,
                });
            }
        }
        // The notice-board edition: /print/ and a print view per record (src/print.rs).
        let (print_pages, qrs) = crate::print::pages(model, &v, labels, wanted);
        for (template, dir, title, values) in print_pages {
            jobs.push(Job::Fixed {
                template,
                dir,
                title,
                values,
            });
        }
        // A page with ready values; the values are computed only when the page is wanted.
        let mut fixed =
            |template: &'static str,
             dir: &str,
             title: &str,
             values: &dyn Fn() -> Vec<(&'static str, serde_json::Value)>| {
                let file = if dir.ends_with(".html") {
                    dir.to_string()
                } else {
                    format!("{dir}index.html")
                };
                if wanted(&file) {
                    jobs.push(Job::Fixed {
                        template,
                        dir: dir.to_string(),
                        title: title.to_string(),
                        values: values(),
                    });
                }
            };
        let label = |k: &str| labels.0.get(k).cloned().unwrap_or_else(|| k.to_string());

        // Newest first: by raised date, then id (descending) for a stable order.

        let mut resolutions: Vec<_> = model.resolutions.iter().collect();
        resolutions.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
        let mut meetings: Vec<_> = model.meetings.iter().collect();
        meetings.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
        // Made when a page that shows them is wanted (the preview renders one page at a time).
        let figures_cell = std::cell::OnceCell::new();
        let figures = || figures_cell.get_or_init(|| json(&v.figures())).clone();
        let plans_cell = std::cell::OnceCell::new();
        let plans_json = || {
            plans_cell
                .get_or_init(|| {
                    let plan_tree = v.plan_tree();
                    let summaries: Vec<_> = plan_tree.iter().map(|p| v.plan(p, false)).collect();
                    json(&summaries)
                })
                .clone()
        };

        // Home.
        fixed("index.html", "", &site.title, &|| {
            let intro = model
                .pages
                .iter()
                .find(|p| p.id == "index")
                .map(|p| v.page(p).body_html)
                .unwrap_or_default();
            let mut by_activity: Vec<&Issue> = model.issues.iter().collect();
            by_activity.sort_by(|a, b| (b.last_date, &b.id).cmp(&(a.last_date, &a.id)));
            let latest: Vec<IssueSummary> = v.summaries(&by_activity[..by_activity.len().min(10)]);
            let latest_res: Vec<_> = resolutions
                .iter()
                .take(5)
                .map(|x| v.resolution(x, false))
                .collect();
            vec![
                ("figures", figures()),
                ("latest_issues", json(&latest)),
                ("latest_resolutions", json(&latest_res)),
                ("plans", plans_json()),
                ("intro_html", json(&intro)),
            ]
        });

        let groups: Vec<(String, String)> = site
            .groups
            .iter()
            .map(|g| (g.id.clone(), g.name.clone()))
            .collect();
        let categories: Vec<(String, String)> = site
            .categories
            .iter()
            .map(|c| (c.id.clone(), c.name.clone()))
            .collect();

        // Meetings.
        fixed("meetings.html", "meetings/", &label("meetings"), &|| {
            let meeting_list: Vec<_> = meetings.iter().map(|m| v.meeting(m, false)).collect();
            vec![("meetings", json(&meeting_list))]
        });

        // Resolutions.
        fixed(
            "resolutions.html",
            "resolutions/",
            &label("resolutions"),
            &|| {
                let res_list: Vec<_> = resolutions.iter().map(|x| v.resolution(x, false)).collect();
                vec![("resolutions", json(&res_list))]
            },
        );

        // Plans.
        fixed("plans.html", "plans/", &label("plans"), &|| {
            vec![("plans", plans_json()), ("timelines", json(&v.timelines()))]
        });

        // Visits and figures.
        fixed("visits.html", "visits/", &label("visits"), &|| {
            vec![
                ("rounds", json(&v.rounds())),
                ("rotation", json(&v.rotation())),
            ]
        });
        let sources: Vec<(String, String)> = crate::model::Source::ALL
            .iter()
            .map(|s| (s.code().to_string(), labels.code("source", s.code())))
            .collect();
        fixed("stats.html", "stats/", &label("stats"), &|| {
            vec![
                ("figures", figures()),
                (
                    "by_source",
                    json(&v.counts(&sources, |i| i.source.code().to_string())),
                ),
                ("by_group", json(&v.counts(&groups, |i| i.group.clone()))),
                (
                    "by_category",
                    json(&v.counts(&categories, |i| i.category.clone())),
                ),
                ("outcomes", json(&v.outcomes())),
                ("plans", plans_json()),
                ("stats", json(&v.stats_page())),
            ]
        });

        // Search: the page lists the issues by status, group and category for readers without
        // JavaScript; src/search.rs makes the index its script reads.
        fixed("search.html", "search/", &label("search"), &|| {
            vec![
                ("figures", figures()),
                ("by_group", json(&v.counts(&groups, |i| i.group.clone()))),
                (
                    "by_category",
                    json(&v.counts(&categories, |i| i.category.clone())),
                ),
            ]
        });
        fixed("404.html", "404.html", &label("not_found"), &Vec::new);
        // A record's job renders its page and its print view: either wanted is enough.
        let record = |folder: &str, id: &str| {
            wanted(&format!("{folder}/{id}/index.html"))
                || wanted(&crate::print::RecordPrint::file(folder, id))
        };
        jobs.extend(
            model
                .issues
                .iter()
                .filter(|i| record("issues", &i.id))
                .map(Job::Issue),
        );
        jobs.extend(
            model
                .meetings
                .iter()
                .filter(|m| record("meetings", &m.id))
                .map(Job::Meeting),
        );
        jobs.extend(
            model
                .resolutions
                .iter()
                .filter(|r| record("resolutions", &r.id))
                .map(Job::Resolution),
        );
        jobs.extend(
            model
                .plans
                .iter()
                .filter(|p| record("plans", &p.id))
                .map(Job::Plan),
        );
        jobs.extend(
            model
                .pages
                .iter()
                .filter(|p| p.id != "index" && wanted(&format!("{}/index.html", p.id)))
                .map(Job::Page),
        );

        crate::pipeline::stage("render: pages listed", t);
        let t = std::time::Instant::now();
        // Pages are independent: render them on every core, each thread reusing one context.
        let (total, done) = (jobs.len(), std::sync::atomic::AtomicUsize::new(0));
        let prints = crate::print::RecordPrint::new(model, labels, qrs);
        // Everything every page is made from, besides its own values.
        let base_input = {
            let mut h = InputHash::new(0);
            // The program itself: a page is known by what it is made from (an issue's body by
            // its text, not its HTML), so another program may make other bytes of the same.
            let program = crate::cache::program();
            h.add(
                program
                    .as_deref()
                    .unwrap_or(env!("CARGO_PKG_VERSION"))
                    .as_bytes(),
            );
            h.add(model.site.print_paper.code().as_bytes());
            h.value(&base.clone().into_json());
            for (name, text, _) in theme.templates() {
                h.add(name.as_bytes());
                h.add(text.as_bytes());
            }
            h.finish()
        };
        let env = Env {
            tera,
            v: &v,
            wanted,
            prints: &prints,
            out: sink,
            base: base_input,
        };
        let pages = || -> Vec<JobResult> {
            jobs.into_par_iter()
                .map_init(
                    || base.clone(),
                    |ctx, job| {
                        let mut rs = run_job(&env, ctx, job);
                        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        tick(n + 1, total);
                        if let Some(sink) = sink {
                            for (file, bytes, input) in rs.iter_mut().flatten() {
                                if let Some(b) = bytes.take() {
                                    // Only the path is kept: the bytes are in the sink's hands.
                                    if asked(file) {
                                        sink.put(file, &b, *input);
                                    }
                                }
                            }
                        }
                        rs
                    },
                )
                .flatten()
                .collect()
        };
        // The open data is made meanwhile, on whichever core is free.
        let data = || {
            let mut side = Rendered::default();
            if outputs::DATA.iter().any(|p| wanted(p)) {
                let t = std::time::Instant::now();
                // Large on a large site: each file handed on as soon as it is made.
                let size = |path: &str| sink.and_then(|s| s.last_len(path));
                outputs::data(model, &v, &size, &mut |path, bytes| match sink {
                    Some(s) if asked(&path) => {
                        s.put(&path, &bytes, 0);
                        side.streamed.insert(path);
                    }
                    Some(_) => {}
                    None => {
                        side.files.insert(path, bytes);
                    }
                });
                crate::pipeline::stage("render: open data", t);
            }
            side
        };
        let (results, side) = rayon::join(pages, data);
        crate::pipeline::stage("render: pages and data", t);
        let t = std::time::Instant::now();
        let mut out = Rendered::default();
        for r in results {
            match r {
                Ok((file, bytes, _)) => {
                    if sink.is_some() {
                        out.streamed.insert(file);
                    } else {
                        out.files.insert(file, bytes.unwrap_or_default());
                    }
                }
                Err((template, dir, msg)) => {
                    let lang = diags.lang;
                    let shown = origins.get(&template).cloned().unwrap_or(template);
                    diags.error(
                        &shown,
                        Pos::default(),
                        tr!(
                            lang,
                            "生成 /{dir} 时模板出错：{msg}",
                            "the template failed on /{dir}: {msg}"
                        ),
                        None,
                    );
                }
            }
        }
        // The sitemap lists the pages: made once they all are.
        if outputs::FEEDS.iter().any(|p| wanted(p)) {
            outputs::feeds(model, &v, &mut out);
        }
        out.files.extend(side.files);
        out.streamed.extend(side.streamed);
        crate::pipeline::stage("render: feeds", t);
        out
    };
    // The search index is made from the records alone: it is the longest part, so it starts
    // first, on the other core, while the views and the list of pages are made.
    let (mut out, found) = rayon::join(rest, search);
    out.files.extend(found.files);
    out.streamed.extend(found.streamed);
    for (path, bytes) in theme.statics() {
        if wanted(path) {
            out.files.insert(path.to_string(), bytes.to_vec());
        }
    }
    // Exactly what was asked: a feed written alongside, or the pages of the sitemap, stay out.
    out.files.retain(|p, _| asked(p));
    out.streamed.retain(|p| asked(p));
    out
}

#[cfg(test)]
mod tests {
    use super::{escape_html, root_for};

    #[test]
    fn escaping_replaces_the_five_characters_and_keeps_the_rest() {
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("村道/桥"), "村道/桥");
        assert_eq!(
            escape_html("<a href=\"x\">'张' & 李</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;张&#39; &amp; 李&lt;/a&gt;"
        );
        assert_eq!(escape_html("&&"), "&amp;&amp;");
        assert_eq!(escape_html("末尾>"), "末尾&gt;");
    }

    #[test]
    fn input_hashes_tell_apart_values_of_different_shapes() {
        use serde_json::json;
        let hash = |v: serde_json::Value| {
            let mut h = super::InputHash::new(7);
            h.value(&v);
            h.finish()
        };
        let values = [
            json!(null),
            json!(false),
            json!(true),
            json!(0),
            json!(1),
            json!(-1),
            json!(1.5),
            json!(""),
            json!("1"),
            json!("ab"),
            json!(["ab"]),
            json!(["a", "b"]),
            json!([["a"], "b"]),
            json!([]),
            json!([null]),
            json!({}),
            json!({"a": "b"}),
            json!({"ab": ""}),
            json!({"a": {"b": ""}}),
            json!({"a": 1}),
            json!({"a": "1"}),
            json!({"a": 1, "b": 2}),
            json!({"a": 2, "b": 1}),
        ];
        let hashes: std::collections::HashSet<u64> =
            values.iter().map(|v| hash(v.clone())).collect();
        assert_eq!(hashes.len(), values.len());
        assert_eq!(hash(json!({"a": [1, "x"]})), hash(json!({"a": [1, "x"]})));
    }

    #[test]
    fn root_climbs_one_level_per_folder() {
        assert_eq!(root_for("index.html"), "");
        assert_eq!(root_for("issues/index.html"), "../");
        assert_eq!(root_for("issues/2020-013/index.html"), "../../");
    }
}
