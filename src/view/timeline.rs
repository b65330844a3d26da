//! Timelines: a plan's projects over its period (its page), and each plan tree's projects by
//! `implements` (the tracker). Gantt-like SVG from `crate::charts`.

use super::{PlanRef, Views};
use crate::charts::{self, GanttKey, GanttRow, Mark};
use crate::date::Date;
use crate::model::{Plan, Project};
use crate::tr;
use serde::Serialize;
use std::collections::HashSet;

/// A timeline of the tracker: a plan with no parent, and the projects of it and its plans.
#[derive(Serialize)]
pub struct Timeline {
    pub plan: PlanRef,
    pub svg: String,
}

/// Where a project sits on a timeline: from its plan's start (or an earlier milestone) to
/// its last milestone's date (due or done), or the plan's end when it has none.
fn project_span(p: &Plan, q: &Project) -> Option<(Date, Date)> {
    let dates: Vec<Date> = q
        .milestones
        .iter()
        .flat_map(|m| [m.due, m.done])
        .flatten()
        .collect();
    let start = p.start.into_iter().chain(dates.iter().copied()).min()?;
    let end = dates.iter().copied().max().or(p.end)?;
    Some((start, end.max(start)))
}

impl<'a> Views<'a> {
    fn gantt_key(&self) -> GanttKey {
        GanttKey {
            progress: self.label("progress"),
            done: self.label("key_milestone_done"),
            todo: self.label("key_milestone_todo"),
            overdue: self.label("key_milestone_overdue"),
            as_of: self.label("key_as_of"),
        }
    }

    fn gantt_row(&self, p: &Plan, q: &Project, depth: usize, with_plan: bool) -> Option<GanttRow> {
        let (start, end) = project_span(p, q)?;
        let status = self.t.code("project_status", q.status.code());
        let head = if with_plan {
            format!("{} · {}", p.id, q.title)
        } else {
            q.title.clone()
        };
        let label = if q.cancelled {
            format!("{head} · {status}")
        } else {
            format!("{head} · {status} {}%", q.progress.round())
        };
        Some(GanttRow {
            label,
            depth,
            start,
            end,
            progress: q.progress,
            cancelled: q.cancelled,
            marks: q
                .milestones
                .iter()
                .filter_map(|m| {
                    Some(Mark {
                        date: m.due.or(m.done)?,
                        done: m.done.is_some(),
                        overdue: m.overdue,
                    })
                })
                .collect(),
        })
    }

    /// The text alternative of a timeline: what it shows, in one or two sentences.
    fn gantt_desc(&self, title: &str, projects: &[&Project], start: Date, end: Date) -> String {
        let n = projects.len();
        let tally = self.tally_text(&self.status_counts(projects));
        let overdue: usize = projects.iter().map(|q| q.overdue).sum();
        let (s, e, a) = (
            self.text(start),
            self.text(end),
            self.text(self.m.site.as_of),
        );
        let lang = self.lang;
        tr!(
            lang,
            "{title}：{n}个项目（{tally}），时间从{s}到{e}；逾期节点{overdue}个。数据截至{a}。每个项目的节点见下方。",
            "{title}: {n} projects ({tally}) from {s} to {e}; {overdue} overdue milestones. As of {a}. Each project's milestones are listed below."
        )
    }

    fn gantt(&self, id: &str, title: String, rows: Vec<GanttRow>, projects: &[&Project]) -> String {
        let (Some(start), Some(end)) = (
            rows.iter().map(|r| r.start).min(),
            rows.iter().map(|r| r.end).max(),
        ) else {
            return String::new();
        };
        let desc = self.gantt_desc(&title, projects, start, end);
        charts::gantt(&charts::Gantt {
            id: id.to_string(),
            title,
            desc,
            rows,
            as_of: self.m.site.as_of,
            as_of_text: format!("{} {}", self.label("as_of"), self.text(self.m.site.as_of)),
            key: self.gantt_key(),
            lang: self.lang,
        })
    }

    /// The timeline of one plan's projects over its period.
    pub fn plan_gantt(&self, p: &Plan) -> String {
        let rows: Vec<GanttRow> = p
            .projects
            .iter()
            .filter_map(|q| self.gantt_row(p, q, 0, false))
            .collect();
        let projects: Vec<&Project> = p.projects.iter().collect();
        let title = format!("{} · {}", p.title, self.label("timeline_chart"));
        self.gantt(&format!("gantt-{}", p.id), title, rows, &projects)
    }
    /// The tracker's timelines, one per plan with no parent: its projects, each followed by
    /// the projects carrying it out (indented, by `implements`), then the projects of its
    /// plans that carry out none of them.
    pub fn timelines(&self) -> Vec<Timeline> {
        let tree = self.plan_tree();
        let mut out = Vec::new();
        let mut i = 0;
        while i < tree.len() {
            let root = tree[i];
            let mut members = vec![root];
            i += 1;
            while i < tree.len() && self.depth(tree[i]) > 0 {
                members.push(tree[i]);
                i += 1;
            }
            let mut seen: HashSet<(&str, &str)> = HashSet::new();
            let mut order: Vec<(&Plan, &Project, usize)> = Vec::new();
            fn add<'a>(
                v: &Views<'a>,
                p: &'a Plan,
                q: &'a Project,
                depth: usize,
                seen: &mut HashSet<(&'a str, &'a str)>,
                order: &mut Vec<(&'a Plan, &'a Project, usize)>,
            ) {
                if !seen.insert((p.id.as_str(), q.id.as_str())) {
                    return;
                }
                order.push((p, q, depth));
                for (pp, qq) in v.implementers(p, q) {
                    add(v, pp, qq, depth + 1, seen, order);
                }
            }
            for plan in &members {
                for q in &plan.projects {
                    // A project carrying out one of this tree comes under it, not here.
                    let under = self
                        .implemented(q)
                        .is_some_and(|(pp, _)| members.iter().any(|m| m.id == pp.id));
                    if !under || std::ptr::eq(*plan, root) {
                        add(self, plan, q, 0, &mut seen, &mut order);
                    }
                }
            }
            let rows: Vec<GanttRow> = order
                .iter()
                .filter_map(|(p, q, d)| self.gantt_row(p, q, *d, true))
                .collect();
            let projects: Vec<&Project> = order.iter().map(|(_, q, _)| *q).collect();
            let title = format!("{} · {}", root.title, self.label("timeline_chart"));
            let svg = self.gantt(&format!("gantt-{}", root.id), title, rows, &projects);
            if !svg.is_empty() {
                out.push(Timeline {
                    plan: self.plan_ref(root),
                    svg,
                });
            }
        }
        out
    }
}
