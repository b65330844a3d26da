//! Machine-readable outputs: the Atom feed, the sitemap and the open data files.

use crate::model::{Model, StepKey};
use crate::render::Rendered;
use crate::view::Views;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Entries in the feed: enough for any reader to catch up, small enough for slow data.
pub const FEED_ENTRIES: usize = 100;

/// The files [`feeds`] writes.
pub const FEEDS: &[&str] = &["feed.xml", "sitemap.xml"];

/// The files [`data`] writes.
pub const DATA: &[&str] = &[
    "data/issues.json",
    "data/issues.csv",
    "data/resolutions.json",
    "data/plans.json",
    "data/visits.json",
];

pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// An entry of the feed: the record it shows, with what orders the feed.
struct Entry<'a> {
    date: crate::date::Date,
    id: String,
    of: Of<'a>,
}

enum Of<'a> {
    Issue(&'a crate::model::Issue),
    Resolution(&'a crate::model::Resolution),
}

impl Entry<'_> {
    fn title(&self) -> &str {
        match self.of {
            Of::Issue(i) => &i.title,
            Of::Resolution(r) => &r.title,
        }
    }

    /// Made only for the entries the feed shows: an issue's takes its body's first words.
    fn summary(&self, v: &Views, lang: crate::diag::Lang) -> String {
        match self.of {
            Of::Issue(i) => {
                let Some(s) = v.summary(&i.id) else {
                    return String::new();
                };
                let first = crate::markdown::summary(&i.origin.body, 140);
                match lang {
                    crate::diag::Lang::Zh => format!(
                        "【{}】{} · {} · {}。{}",
                        s.status_label, s.group.name, s.category.name, s.raised_text, first
                    ),
                    crate::diag::Lang::En => format!(
                        "[{}] {} · {} · {}. {}",
                        s.status_label, s.group.name, s.category.name, s.raised_text, first
                    ),
                }
            }
            Of::Resolution(r) => {
                let outcome = v.t.code("outcome", r.outcome.code());
                match (&r.finding, lang) {
                    (Some(f), crate::diag::Lang::Zh) => format!("【{outcome}】{f}"),
                    (Some(f), crate::diag::Lang::En) => format!("[{outcome}] {f}"),
                    (None, crate::diag::Lang::Zh) => format!("【{outcome}】"),
                    (None, crate::diag::Lang::En) => format!("[{outcome}]"),
                }
            }
        }
    }
}

/// `feed.xml` (Atom, newest first) and `sitemap.xml` (every page).
pub fn feeds(model: &Model, v: &Views, out: &mut Rendered) {
    let base = &model.site.base_url;
    let lang = model.site.lang;
    let mut entries: Vec<Entry> = Vec::new();
    for i in &model.issues {
        if v.summary(&i.id).is_none() {
            continue;
        }
        entries.push(Entry {
            date: i.last_date,
            id: format!("issues/{}", i.id),
            of: Of::Issue(i),
        });
    }
    for r in &model.resolutions {
        entries.push(Entry {
            date: r.date.unwrap_or(model.site.as_of),
            id: format!("resolutions/{}", r.id),
            of: Of::Resolution(r),
        });
    }
    entries.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
    let updated = entries.first().map_or(model.site.as_of, |e| e.date);
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        lang.code()
    ));
    xml.push_str(&format!(
        "  <title>{}</title>\n",
        xml_escape(&model.site.title)
    ));
    xml.push_str(&format!("  <id>{}</id>\n", xml_escape(base)));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(base)
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}feed.xml\"/>\n",
        xml_escape(base)
    ));
    xml.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n"));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&model.site.village)
    ));
    xml.push_str(&format!(
        "  <generator>gongkai {}</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for e in entries.iter().take(FEED_ENTRIES) {
        let url = format!("{base}{}/", e.id);
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", xml_escape(e.title())));
        xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&url)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&url)
        ));
        xml.push_str(&format!("    <updated>{}T00:00:00Z</updated>\n", e.date));
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(&e.summary(v, lang))
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    out.files.insert("feed.xml".into(), xml.into_bytes());

    let mut urls: Vec<&String> = out.paths().filter(|k| k.ends_with("index.html")).collect();
    urls.sort();
    let mut sm = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in urls {
        let dir = path.trim_end_matches("index.html");
        sm.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&format!("{base}{dir}"))
        ));
    }
    sm.push_str("</urlset>\n");
    out.files.insert("sitemap.xml".into(), sm.into_bytes());
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// One CSV cell. A cell a spreadsheet would take for a formula (starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) gets a leading `'` and quotes, as OWASP advises, so that
/// opening the open data never runs what a record's text says. Written at the end of `out`.
fn push_csv_field(out: &mut String, s: &str) {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula || s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        if formula {
            out.push('\'');
        }
        for (k, part) in s.split('"').enumerate() {
            if k > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// The issues, resolutions, projects and meetings that name one issue.
#[derive(Default)]
struct Links {
    resolutions: Vec<String>,
    projects: Vec<String>,
    meetings: Vec<String>,
}

/// Pushes `s` unless it is already the last one (a record naming an issue twice is listed once).
fn push_once(list: &mut Vec<String>, s: String) {
    if list.last() != Some(&s) {
        list.push(s);
    }
}

/// A list written as it is made, one item at a time.
struct Made<F>(F);

impl<F, I> serde::Serialize for Made<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

fn pretty(v: &impl serde::Serialize) -> Vec<u8> {
    pretty_sized(v, None)
}

/// [`pretty`], written into room for `size` bytes: a large file grown step by step is, at
/// the last step, held twice (at 100,000 issues `issues.json` is 83 MB).
fn pretty_sized(v: &impl serde::Serialize, size: Option<usize>) -> Vec<u8> {
    let mut b = Vec::with_capacity(size.map_or(0, room));
    if serde_json::to_writer_pretty(&mut b, v).is_err() {
        b.clear();
    }
    b.push(b'\n');
    b
}

/// Room for a file about `size` bytes long, as it was at the last build.
fn room(size: usize) -> usize {
    size + size / 32 + 4096
}

/// One issue of `/data/issues.json`, written as it is made. Its fields are in the order of
/// their names, the order the file has always had.
#[derive(serde::Serialize)]
struct IssueData<'a> {
    assignee: Option<String>,
    category: &'a str,
    fed_back: Vec<&'a str>,
    feedback_overdue: bool,
    group: &'a str,
    id: &'a str,
    last_date: crate::date::Date,
    meetings: &'a [String],
    projects: &'a [String],
    raised: crate::date::Date,
    reporter: &'a Option<String>,
    resolutions: &'a [String],
    source: crate::model::Source,
    status: crate::model::Status,
    tags: &'a [String],
    timeline: Vec<EventData<'a>>,
    title: &'a str,
    url: String,
    zone: &'a Option<String>,
}

/// One event of an issue's timeline in `/data/issues.json`: the fields it has, by name.
#[derive(serde::Serialize)]
struct EventData<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    assignee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audience: Option<crate::model::Audience>,
    date: crate::date::Date,
    event: crate::model::EventKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: &'a Option<String>,
}

/// `/data/issues.json` and `.csv`, `/data/resolutions.json`, `/data/plans.json`, `/data/visits.json`,
/// each handed to `put` as soon as it is made. `size` tells how long a file was at the last
/// build, when that is known.
pub fn data<'m>(
    model: &'m Model,
    v: &Views,
    size: &dyn Fn(&str) -> Option<usize>,
    put: &mut dyn FnMut(String, Vec<u8>),
) {
    let base = &model.site.base_url;
    let name = |id: &Option<String>| {
        id.as_deref()
            .and_then(|i| model.site.person(i))
            .map(|p| p.name.clone())
    };
    // Which resolutions, plan projects and meetings name each issue, in the order they come.
    let mut linked: HashMap<&str, Links> = HashMap::new();
    for r in &model.resolutions {
        for id in &r.issues {
            push_once(&mut linked.entry(id).or_default().resolutions, r.id.clone());
        }
    }
    for p in &model.plans {
        for q in &p.projects {
            let at = format!("{}/{}", p.id, q.id);
            for id in &q.issues {
                push_once(&mut linked.entry(id).or_default().projects, at.clone());
            }
        }
    }
    for m in &model.meetings {
        for it in &m.items {
            push_once(
                &mut linked.entry(&it.issue).or_default().meetings,
                m.id.clone(),
            );
        }
    }
    let none = Links::default();
    let mut csv = String::with_capacity(size("data/issues.csv").map_or(0, room));
    csv.push_str("\u{feff}id,title,url,raised,source,group,zone,category,status,fed_back,feedback_overdue,assignee,resolutions,projects\n");
    for i in &model.issues {
        let l = linked.get(i.id.as_str()).unwrap_or(&none);
        let fed_back: Vec<&str> = i.fed_back.iter().map(|a| a.code()).collect();
        let assignee = name(&i.assignee);
        let row: [&str; 14] = [
            &i.id,
            &i.title,
            &format!("{base}issues/{}/", i.id),
            &i.raised.to_string(),
            i.source.code(),
            &i.group,
            i.zone.as_deref().unwrap_or_default(),
            &i.category,
            i.status.code(),
            &fed_back.join(";"),
            if i.feedback_overdue { "true" } else { "false" },
            assignee.as_deref().unwrap_or_default(),
            &l.resolutions.join(";"),
            &l.projects.join(";"),
        ];
        for (k, f) in row.into_iter().enumerate() {
            if k > 0 {
                csv.push(',');
            }
            push_csv_field(&mut csv, f);
        }
        csv.push('\n');
    }
    put("data/issues.csv".into(), csv.into_bytes());
    // Each issue's value is made as it is written: on a large site the values of all of them
    // at once would be several times the file.
    let issue_value = |i: &'m crate::model::Issue| {
        let l = linked.get(i.id.as_str()).unwrap_or(&none);
        IssueData {
            assignee: name(&i.assignee),
            category: &i.category,
            fed_back: i.fed_back.iter().map(|a| a.code()).collect(),
            feedback_overdue: i.feedback_overdue,
            group: &i.group,
            id: &i.id,
            last_date: i.last_date,
            meetings: &l.meetings,
            projects: &l.projects,
            raised: i.raised,
            reporter: &i.reporter,
            resolutions: &l.resolutions,
            source: i.source,
            status: i.status,
            tags: &i.tags,
            timeline: i
                .timeline
                .iter()
                .map(|e| EventData {
                    assignee: name(&e.assignee),
                    audience: e.audience,
                    date: e.date,
                    event: e.kind,
                    meeting: &e.meeting,
                    note: &e.note,
                    to: &e.to,
                })
                .collect(),
            title: &i.title,
            url: format!("{base}issues/{}/", i.id),
            zone: &i.zone,
        }
    };
    put(
        "data/issues.json".into(),
        pretty_sized(
            &Made(|| model.issues.iter().map(issue_value)),
            size("data/issues.json"),
        ),
    );

    let resolutions: Vec<Value> = model
        .resolutions
        .iter()
        .map(|r| {
            let mut steps = serde_json::Map::new();
            for key in StepKey::ALL {
                if let Some(s) = &r.steps[*key as usize] {
                    let mut o = json!({"date": s.date, "by": s.by, "meeting": s.meeting});
                    if let Some(vt) = s.votes {
                        o["members"] = json!(vt.members);
                        o["present"] = json!(vt.present);
                        o["for"] = json!(vt.votes_for);
                        o["against"] = json!(vt.against);
                        o["abstain"] = json!(vt.abstain);
                    }
                    if let Some(b) = s.body {
                        o["body"] = json!(b);
                    }
                    steps.insert(key.code().into(), o);
                }
            }
            let publication = |p: &Option<crate::model::Publication>| p.as_ref().map(|p| json!({"date": p.date, "where": p.place, "note": p.note}));
            json!({
                "id": r.id,
                "title": r.title,
                "url": format!("{base}resolutions/{}/", r.id),
                "issues": r.issues,
                "finding": r.finding,
                "affected": r.affected,
                "budget": r.budget,
                "outcome": r.outcome,
                "implementation": r.implementation,
                "steps": steps,
                "published": {"decision": publication(&r.published_decision), "result": publication(&r.published_result)},
            })
        })
        .collect();
    put(
        "data/resolutions.json".into(),
        pretty(&Value::Array(resolutions)),
    );

    let plans: Vec<Value> = model
        .plans
        .iter()
        .map(|p| {
            let projects: Vec<Value> = p
                .projects
                .iter()
                .map(|q| {
                    json!({
                        "id": q.id,
                        "title": q.title,
                        "category": q.category,
                        "owner": name(&q.owner),
                        "budget": q.budget,
                        "spent": q.spent,
                        "issues": q.issues,
                        "implements": q.implements.as_ref().map(|(a, b)| format!("{a}/{b}")),
                        "cancelled": q.cancelled,
                        "progress": round1(q.progress),
                        "rolled_up": round1(q.rolled_up),
                        "status": q.status,
                        "overdue": q.overdue,
                        "milestones": q.milestones.iter().map(|m| json!({
                            "title": m.title, "due": m.due, "done": m.done, "progress": m.progress, "weight": m.weight,
                            "completion": round1(m.completion), "overdue": m.overdue,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({
                "id": p.id,
                "title": p.title,
                "url": format!("{base}plans/{}/", p.id),
                "kind": p.kind,
                "start": p.start,
                "end": p.end,
                "parent": p.parent,
                "progress": round1(p.progress),
                "rolled_up": round1(p.rolled_up),
                "projects": projects,
            })
        })
        .collect();
    put("data/plans.json".into(), pretty(&Value::Array(plans)));

    let visits: Vec<Value> = v
        .rounds()
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "title": r.title,
                "start": r.start,
                "end": r.end,
                "teams": r.teams.iter().map(|t| json!({
                    "name": t.name,
                    "members": t.members.iter().map(|m| json!({"id": m.id, "name": m.name})).collect::<Vec<_>>(),
                    "groups": t.groups.iter().map(|g| &g.id).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "coverage": r.coverage.iter().map(|c| json!({
                    "group": c.group.id, "name": c.group.name, "households": c.households,
                    "visited": c.visited, "percent": c.percent,
                })).collect::<Vec<_>>(),
                "households": r.total_households,
                "visited": r.total_visited,
                "percent": r.percent,
            })
        })
        .collect();
    put("data/visits.json".into(), pretty(&Value::Array(visits)));
}

#[cfg(test)]
mod tests {
    use super::push_csv_field;

    #[test]
    fn a_cell_a_spreadsheet_would_run_gets_a_quote_mark() {
        for (cell, want) in [
            ("plain", "plain"),
            ("a, b", "\"a, b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("=1+1", "\"'=1+1\""),
            ("+1", "\"'+1\""),
            ("-1", "\"'-1\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tx", "\"'\tx\""),
            ("\rx", "\"'\rx\""),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("2020-013", "2020-013"),
            ("a=b", "a=b"),
        ] {
            let mut got = String::new();
            push_csv_field(&mut got, cell);
            assert_eq!(got, want, "{cell:?}");
        }
    }
}
