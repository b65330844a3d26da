//! The records as indexed: what each record's page shows, by field.

use super::{Doc, Field};
use crate::model::{EventKind, Model};
use crate::view::Labels;
use std::collections::HashMap;

/// Markdown to plain text: every text and code span, blocks separated by newlines.
fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for ev in Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_))
            | Event::End(TagEnd::TableCell) => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn join(parts: impl IntoIterator<Item = String>) -> String {
    parts
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The indexed records of the site: issues, resolutions, plans and meetings, drafts left out.
pub fn docs(model: &Model, t: &Labels) -> Vec<Doc> {
    let site = &model.site;
    let lang = site.lang;
    let label = |k: &str| t.0.get(k).cloned().unwrap_or_else(|| k.to_string());
    let sep = " · ";
    let group = |id: &str| site.group(id).map_or(id.to_string(), |g| g.name.clone());
    let category = |id: &str| site.category(id).map_or(id.to_string(), |c| c.name.clone());
    let person = |id: &Option<String>| {
        id.as_deref()
            .and_then(|i| site.person(i))
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    // What an issue's page shows of the records that link to it, and the reverse: a meeting
    // that discussed 养老金 issues is found by 养老金, as its page lists them.
    let mut linked: HashMap<&str, Vec<String>> = HashMap::new();
    let issue_title: HashMap<&str, &str> = model
        .issues
        .iter()
        .filter(|i| !i.origin.draft)
        .map(|i| (i.id.as_str(), i.title.as_str()))
        .collect();
    let titles = |ids: &mut dyn Iterator<Item = &String>| -> Vec<String> {
        ids.filter_map(|id| issue_title.get(id.as_str()).map(|t| t.to_string()))
            .collect()
    };
    // A resolution's page names the meetings its steps were held at, and the reverse.
    let mut step_meetings: HashMap<&str, Vec<String>> = HashMap::new();
    let mut meeting_steps: HashMap<&str, Vec<String>> = HashMap::new();
    for r in model.resolutions.iter().filter(|r| !r.origin.draft) {
        for id in &r.issues {
            linked.entry(id).or_default().push(r.title.clone());
        }
        for step in r.steps.iter().flatten() {
            if let Some(m) = step.meeting.as_deref().and_then(|id| {
                model
                    .meetings
                    .iter()
                    .find(|m| m.id == id && !m.origin.draft)
            }) {
                step_meetings
                    .entry(&r.id)
                    .or_default()
                    .push(m.title.clone());
                meeting_steps
                    .entry(&m.id)
                    .or_default()
                    .push(r.title.clone());
            }
        }
    }
    for m in model.meetings.iter().filter(|m| !m.origin.draft) {
        for it in &m.items {
            let l = linked.entry(&it.issue).or_default();
            l.push(m.title.clone());
            l.extend(it.finding.clone());
            l.extend(it.action.clone());
        }
    }
    let mut meeting_by_id: HashMap<&str, &crate::model::Meeting> = HashMap::new();
    for m in &model.meetings {
        meeting_by_id.entry(m.id.as_str()).or_insert(m);
    }
    for i in &model.issues {
        for e in &i.timeline {
            if let Some(m) = e.meeting.as_deref().and_then(|id| meeting_by_id.get(id)) {
                linked.entry(&i.id).or_default().push(m.title.clone());
            }
        }
    }
    for p in model.plans.iter().filter(|p| !p.origin.draft) {
        for q in &p.projects {
            for id in &q.issues {
                let l = linked.entry(id).or_default();
                l.push(q.title.clone());
                l.push(p.title.clone());
            }
        }
    }
    // Issues are the many: on every core.
    use rayon::prelude::*;
    let issue_doc = |i: &crate::model::Issue| -> Doc {
        let status = t.code("status", i.status.code());
        let facets = join(
            [
                status.clone(),
                group(&i.group),
                i.zone
                    .as_deref()
                    .and_then(|z| site.zone(z))
                    .map(|z| z.name.clone())
                    .unwrap_or_default(),
                category(&i.category),
                t.code("source", i.source.code()),
                label("kind_issue"),
                i.id.clone(),
            ]
            .into_iter()
            .chain(i.tags.iter().cloned()),
        );
        let mut text = vec![plain(&i.origin.body), person(&i.assignee)];
        for e in &i.timeline {
            text.extend(e.note.clone());
            if e.kind == EventKind::Escalated {
                text.extend(e.to.clone());
            }
        }
        text.extend(linked.get(i.id.as_str()).into_iter().flatten().cloned());
        Doc {
            url: format!("issues/{}/", i.id),
            title: i.title.clone(),
            kind: label("kind_issue"),
            meta: [status, group(&i.group), i.raised.text(lang)].join(sep),
            date: i.last_date,
            fields: vec![
                (Field::Title, i.title.clone()),
                (Field::Facet, facets),
                (Field::Text, join(text)),
            ],
        }
    };
    let mut out: Vec<Doc> = model
        .issues
        .par_iter()
        .filter(|i| !i.origin.draft)
        .map(issue_doc)
        .collect();
    for r in model.resolutions.iter().filter(|r| !r.origin.draft) {
        let outcome = t.code("outcome", r.outcome.code());
        let facets = join([
            outcome.clone(),
            r.implementation
                .map(|x| t.code("implementation", x.code()))
                .unwrap_or_default(),
            label("kind_resolution"),
            r.id.clone(),
        ]);
        let date = r.date.unwrap_or(site.as_of);
        let mut meta = vec![outcome];
        meta.extend(r.date.map(|d| d.text(lang)));
        out.push(Doc {
            url: format!("resolutions/{}/", r.id),
            title: r.title.clone(),
            kind: label("kind_resolution"),
            meta: meta.join(sep),
            date,
            fields: vec![
                (Field::Title, r.title.clone()),
                (Field::Facet, facets),
                (
                    Field::Text,
                    join(
                        [r.finding.clone().unwrap_or_default(), plain(&r.origin.body)]
                            .into_iter()
                            .chain(titles(&mut r.issues.iter()))
                            .chain(
                                step_meetings
                                    .get(r.id.as_str())
                                    .into_iter()
                                    .flatten()
                                    .cloned(),
                            ),
                    ),
                ),
            ],
        });
    }
    for p in model.plans.iter().filter(|p| !p.origin.draft) {
        let kind = t.code("plan_kind", p.kind.code());
        let mut text = Vec::new();
        for q in &p.projects {
            text.push(q.title.clone());
            text.extend(q.category.as_deref().map(category));
            text.push(person(&q.owner));
            text.extend(q.milestones.iter().map(|m| m.title.clone()));
            text.extend(titles(&mut q.issues.iter()));
        }
        text.push(plain(&p.origin.body));
        let span = match (p.start, p.end) {
            (Some(a), Some(b)) => format!("{}–{}", a.text(lang), b.text(lang)),
            (Some(a), None) => a.text(lang),
            (None, Some(b)) => b.text(lang),
            (None, None) => String::new(),
        };
        out.push(Doc {
            url: format!("plans/{}/", p.id),
            title: p.title.clone(),
            kind: label("kind_plan"),
            meta: join([kind.clone(), span]).replace('\n', sep),
            date: p.start.or(p.end).unwrap_or(site.as_of),
            fields: vec![
                (Field::Title, p.title.clone()),
                (Field::Facet, join([kind, label("kind_plan"), p.id.clone()])),
                (Field::Text, join(text)),
            ],
        });
    }
    for m in model.meetings.iter().filter(|m| !m.origin.draft) {
        let kind = t.code("meeting_kind", m.kind.code());
        let mut text = Vec::new();
        for it in &m.items {
            text.extend(it.finding.clone());
            text.extend(it.action.clone());
            text.extend(it.escalate_to.clone());
        }
        text.extend(titles(&mut m.items.iter().map(|it| &it.issue)));
        text.extend(
            meeting_steps
                .get(m.id.as_str())
                .into_iter()
                .flatten()
                .cloned(),
        );
        text.push(plain(&m.origin.body));
        out.push(Doc {
            url: format!("meetings/{}/", m.id),
            title: m.title.clone(),
            kind: label("kind_meeting"),
            meta: [kind.clone(), m.date.text(lang)].join(sep),
            date: m.date,
            fields: vec![
                (Field::Title, m.title.clone()),
                (
                    Field::Facet,
                    join([kind, label("kind_meeting"), m.id.clone()]),
                ),
                (Field::Text, join(text)),
            ],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_text() {
        let t = plain(
            "# 标题\n\n第一段**加粗**。\n\n- 一\n- 二\n\n| a | b |\n|---|---|\n| 危 | 桥 |\n",
        );
        assert!(t.contains("第一段加粗。"), "{t}");
        assert!(!t.contains("危桥"), "table cells stay apart: {t}");
    }
}
