//! Model + theme → every output file, in memory. No file system here.

use crate::diag::{Diagnostics, Pos};
use crate::model::{Issue, Model, Status};
use crate::outputs;
use crate::theme::Theme;
use crate::tr;
use crate::view::{IssueSummary, Labels, Views};
use serde::Serialize;
use std::collections::BTreeMap;
use tera::{Context, Tera};

/// The output: path relative to the output root (`issues/2020-013/index.html`) → bytes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Rendered {
    pub fn pages(&self) -> usize {
        self.files.keys().filter(|k| k.ends_with(".html")).count()
    }
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

/// Loads the theme's templates into Tera. Errors name the template file.
pub fn templates(theme: &Theme, diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".htm"]);
    let list = theme.templates();
    let origins: BTreeMap<String, String> = list.iter().map(|(n, _, shown)| (n.clone(), shown.clone())).collect();
    if let Err(e) = tera.add_raw_templates(list.iter().map(|(n, t, _)| (n.clone(), t.clone()))) {
        let lang = diags.lang;
        let msg = tera_message(&e);
        let file = origins.iter().find(|(n, _)| msg.contains(n.as_str())).map_or_else(|| "themes".to_string(), |(_, s)| s.clone());
        diags.error(&file, Pos::default(), tr!(lang, "模板有错：{msg}", "the template is broken: {msg}"), None);
        return None;
    }
    Some(tera)
}

struct Renderer<'a> {
    tera: &'a Tera,
    base: Context,
    out: Rendered,
    diags: &'a mut Diagnostics,
    origins: BTreeMap<String, String>,
}

fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

impl Renderer<'_> {
    /// Renders `template` to `dir/index.html` (or to `dir` itself when it ends in .html).
    fn page(&mut self, template: &str, dir: &str, title: &str, extra: Vec<(&str, serde_json::Value)>) {
        let file = if dir.ends_with(".html") { dir.to_string() } else { format!("{dir}index.html") };
        let mut ctx = self.base.clone();
        ctx.insert("root", &root_for(&file));
        ctx.insert("page_path", dir);
        ctx.insert("page_title", title);
        for (k, v) in extra {
            ctx.insert(k, &v);
        }
        match self.tera.render(template, &ctx) {
            Ok(html) => {
                self.out.files.insert(file, html.into_bytes());
            }
            Err(e) => {
                let lang = self.diags.lang;
                let msg = tera_message(&e);
                let shown = self.origins.get(template).cloned().unwrap_or_else(|| template.to_string());
                self.diags.error(&shown, Pos::default(), tr!(lang, "生成 /{dir} 时模板出错：{msg}", "the template failed on /{dir}: {msg}"), None);
            }
        }
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
pub fn render(model: &Model, theme: &Theme, tera: &Tera, labels: &Labels, drafts: bool, diags: &mut Diagnostics) -> Rendered {
    let site = &model.site;
    let lang = site.lang;
    let v = Views::new(model, labels);
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
            .map(|p| crate::view::Link { id: p.id.clone(), title: p.title.clone(), url: format!("{}/", p.id) })
            .collect(),
        groups: site.groups.iter().map(|g| serde_json::json!({"id": g.id, "name": g.name, "households": g.households})).collect(),
        zones: site.zones.iter().map(|z| serde_json::json!({"id": z.id, "name": z.name, "groups": z.groups})).collect(),
        people: site.people.iter().map(|p| serde_json::json!({"id": p.id, "name": p.name, "role": p.role})).collect(),
        categories: site.categories.iter().map(|c| serde_json::json!({"id": c.id, "name": c.name})).collect(),
    };
    let mut base = Context::new();
    base.insert("site", &site_view);
    base.insert("t", labels);
    base.insert("as_of", &site.as_of);
    base.insert("as_of_text", &site.as_of.text(lang));
    base.insert("drafts", &drafts);
    base.insert("generator", concat!("gongkai ", env!("CARGO_PKG_VERSION")));
    let origins = theme.templates().into_iter().map(|(n, _, s)| (n, s)).collect();
    let mut r = Renderer { tera, base, out: Rendered::default(), diags, origins };
    let label = |k: &str| labels.0.get(k).cloned().unwrap_or_else(|| k.to_string());

    // Newest first: by raised date, then id (descending) for a stable order.
    let mut by_raised: Vec<&Issue> = model.issues.iter().collect();
    by_raised.sort_by(|a, b| (b.raised, &b.id).cmp(&(a.raised, &a.id)));
    let mut by_activity: Vec<&Issue> = model.issues.iter().collect();
    by_activity.sort_by(|a, b| (b.last_date, &b.id).cmp(&(a.last_date, &a.id)));
    let mut resolutions: Vec<_> = model.resolutions.iter().collect();
    resolutions.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
    let mut meetings: Vec<_> = model.meetings.iter().collect();
    meetings.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
    let figures = json(&v.figures());
    let plan_tree = v.plan_tree();
    let plan_summaries: Vec<_> = plan_tree.iter().map(|p| v.plan(p, false)).collect();
    let plans_json = json(&plan_summaries);

    // Home.
    let intro = model.pages.iter().find(|p| p.id == "index").map(|p| v.page(p).body_html).unwrap_or_default();
    let latest: Vec<IssueSummary> = v.summaries(&by_activity[..by_activity.len().min(10)]);
    let latest_res: Vec<_> = resolutions.iter().take(5).map(|x| v.resolution(x, false)).collect();
    r.page(
        "index.html",
        "",
        &site.title,
        vec![("figures", figures.clone()), ("latest_issues", json(&latest)), ("latest_resolutions", json(&latest_res)), ("plans", plans_json.clone()), ("intro_html", json(&intro))],
    );

    // Issues.
    let statuses: Vec<(String, String)> = Status::ALL.iter().map(|s| (s.code().to_string(), labels.code("status", s.code()))).collect();
    let groups: Vec<(String, String)> = site.groups.iter().map(|g| (g.id.clone(), g.name.clone())).collect();
    let categories: Vec<(String, String)> = site.categories.iter().map(|c| (c.id.clone(), c.name.clone())).collect();
    r.page(
        "issues.html",
        "issues/",
        &label("issues"),
        vec![
            ("issues", json(&v.summaries(&by_raised))),
            ("by_status", json(&v.buckets(&statuses, |i| i.status.code().to_string(), &by_raised))),
            ("by_group", json(&v.buckets(&groups, |i| i.group.clone(), &by_raised))),
            ("by_category", json(&v.buckets(&categories, |i| i.category.clone(), &by_raised))),
        ],
    );
    for i in &model.issues {
        r.page("issue.html", &format!("issues/{}/", i.id), &i.title, vec![("issue", json(&v.issue(i)))]);
    }

    // Meetings.
    let meeting_list: Vec<_> = meetings.iter().map(|m| v.meeting(m, false)).collect();
    r.page("meetings.html", "meetings/", &label("meetings"), vec![("meetings", json(&meeting_list))]);
    for m in &model.meetings {
        r.page("meeting.html", &format!("meetings/{}/", m.id), &m.title, vec![("meeting", json(&v.meeting(m, true)))]);
    }

    // Resolutions.
    let res_list: Vec<_> = resolutions.iter().map(|x| v.resolution(x, false)).collect();
    r.page("resolutions.html", "resolutions/", &label("resolutions"), vec![("resolutions", json(&res_list))]);
    for x in &model.resolutions {
        r.page("resolution.html", &format!("resolutions/{}/", x.id), &x.title, vec![("resolution", json(&v.resolution(x, true)))]);
    }

    // Plans.
    r.page("plans.html", "plans/", &label("plans"), vec![("plans", plans_json.clone())]);
    for p in &model.plans {
        r.page("plan.html", &format!("plans/{}/", p.id), &p.title, vec![("plan", json(&v.plan(p, true)))]);
    }

    // Visits and figures.
    r.page("visits.html", "visits/", &label("visits"), vec![("rounds", json(&v.rounds())), ("rotation", json(&v.rotation()))]);
    let sources: Vec<(String, String)> = crate::model::Source::ALL.iter().map(|s| (s.code().to_string(), labels.code("source", s.code()))).collect();
    r.page(
        "stats.html",
        "stats/",
        &label("stats"),
        vec![
            ("figures", figures),
            ("by_source", json(&v.counts(&sources, |i| i.source.code().to_string()))),
            ("by_group", json(&v.counts(&groups, |i| i.group.clone()))),
            ("by_category", json(&v.counts(&categories, |i| i.category.clone()))),
            ("outcomes", json(&v.outcomes())),
            ("plans", plans_json),
        ],
    );

    // Free pages.
    for p in &model.pages {
        if p.id == "index" {
            continue;
        }
        r.page("page.html", &format!("{}/", p.id), &p.title, vec![("page", json(&v.page(p)))]);
    }
    r.page("404.html", "404.html", &label("not_found"), vec![]);

    let mut out = r.out;
    outputs::feeds(model, &v, &mut out);
    outputs::data(model, &v, &mut out);
    for (path, bytes) in theme.statics() {
        out.files.insert(path.to_string(), bytes.to_vec());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::root_for;

    #[test]
    fn root_climbs_one_level_per_folder() {
        assert_eq!(root_for("index.html"), "");
        assert_eq!(root_for("issues/index.html"), "../");
        assert_eq!(root_for("issues/2020-013/index.html"), "../../");
    }
}
