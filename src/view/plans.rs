//! Plan views: the tracker (`/plans/`), a plan's page (`/plans/<id>/`) and their timelines.

use super::{money_text, IdName, Link, PersonView, Views};
use crate::date::Date;
use crate::markdown;
use crate::model::{Milestone, Plan, PlanKind, Project, ProjectStatus};
use crate::stats;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct MilestoneView {
    pub title: String,
    pub due: Option<Date>,
    pub due_text: Option<String>,
    pub done: Option<Date>,
    pub done_text: Option<String>,
    pub completion: u32,
    pub overdue: bool,
    /// Its share of the project's progress (1 unless the file says otherwise).
    pub weight: f64,
    pub weight_text: String,
    /// Done after its due date.
    pub late: bool,
}

/// Another plan's project: the one a project carries out, or one carrying it out.
#[derive(Serialize, Clone)]
pub struct ProjectRef {
    pub id: String,
    pub title: String,
    pub url: String,
    pub plan_id: String,
    pub plan_title: String,
    pub progress: u32,
    pub rolled_up: u32,
    pub status: ProjectStatus,
    pub status_label: String,
}

#[derive(Serialize)]
pub struct ProjectView {
    pub id: String,
    pub anchor: String,
    /// `plans/<plan>/#project-<id>`.
    pub url: String,
    pub title: String,
    pub category: Option<IdName>,
    pub owner: Option<PersonView>,
    pub budget: Option<f64>,
    pub budget_text: Option<String>,
    pub spent: Option<f64>,
    pub spent_text: Option<String>,
    pub over_budget: bool,
    pub progress: u32,
    /// With the projects that carry it out; equal to `progress` when none does.
    pub rolled_up: u32,
    /// Some project carries it out (`implemented_by` is not empty).
    pub has_rollup: bool,
    /// Some milestone has a weight other than 1.
    pub weighted: bool,
    pub status: ProjectStatus,
    pub status_label: String,
    pub cancelled: bool,
    pub overdue: usize,
    pub issues: Vec<Link>,
    pub implements: Option<ProjectRef>,
    pub implemented_by: Vec<ProjectRef>,
    pub milestones: Vec<MilestoneView>,
    pub next_milestone: Option<MilestoneView>,
}

/// A plan in a few words: for links between plans, with its progress.
#[derive(Serialize, Clone)]
pub struct PlanRef {
    pub id: String,
    pub title: String,
    pub url: String,
    pub kind: PlanKind,
    pub kind_label: String,
    pub start: Option<Date>,
    pub start_text: Option<String>,
    pub end: Option<Date>,
    pub end_text: Option<String>,
    pub progress: u32,
    pub rolled_up: u32,
}

#[derive(Serialize, Clone)]
pub struct StatusTally {
    pub status: ProjectStatus,
    pub label: String,
    pub count: usize,
}

/// A project of the parent plan that this plan carries out, and by which of its projects.
#[derive(Serialize)]
pub struct CarriedOut {
    #[serde(flatten)]
    pub project: ProjectRef,
    pub by: Vec<Link>,
}

/// A milestone in a quarter's review: what was done, what slipped, what is still to do.
#[derive(Serialize)]
pub struct QuarterItem {
    pub project: String,
    pub anchor: String,
    #[serde(flatten)]
    pub milestone: MilestoneView,
}

#[derive(Serialize)]
pub struct QuarterView {
    /// Done on or before the due date.
    pub done: Vec<QuarterItem>,
    /// Overdue (not done, due before as_of) or done after the due date.
    pub slipped: Vec<QuarterItem>,
    /// Not done and not yet due.
    pub todo: Vec<QuarterItem>,
    pub cancelled: Vec<Link>,
    pub prev: Option<PlanRef>,
    pub next: Option<PlanRef>,
}

#[derive(Serialize)]
pub struct PlanView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub draft: bool,
    pub kind: PlanKind,
    pub kind_label: String,
    pub start: Option<Date>,
    pub start_text: Option<String>,
    pub end: Option<Date>,
    pub end_text: Option<String>,
    pub parent: Option<Link>,
    pub children: Vec<PlanRef>,
    pub progress: u32,
    pub rolled_up: u32,
    /// Some project of the plan is carried out by another plan's project.
    pub has_rollup: bool,
    pub depth: usize,
    pub budget: f64,
    pub budget_text: String,
    pub spent: f64,
    pub spent_text: String,
    pub over_budget: bool,
    /// Some project states a budget or an amount spent.
    pub has_money: bool,
    /// Projects by status, statuses with none left out.
    pub status_counts: Vec<StatusTally>,
    /// Overdue milestones of all its projects.
    pub overdue: usize,
    pub carries_out: Vec<CarriedOut>,
    /// On the plan's own page only: the quarter's review (quarterly plans), the timeline.
    pub quarter: Option<QuarterView>,
    pub gantt_svg: String,
    pub body_html: String,
    pub projects: Vec<ProjectView>,
}

/// `2`, `0.5`: a weight as written.
fn number_text(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl<'a> Views<'a> {
    fn milestone(&self, m: &Milestone) -> MilestoneView {
        MilestoneView {
            title: m.title.clone(),
            due: m.due,
            due_text: self.opt_text(m.due),
            done: m.done,
            done_text: self.opt_text(m.done),
            completion: m.completion.round() as u32,
            overdue: m.overdue,
            weight: m.weight,
            weight_text: number_text(m.weight),
            late: matches!((m.due, m.done), (Some(due), Some(done)) if done > due),
        }
    }

    fn plan_link(&self, id: &str) -> Option<Link> {
        let p = self.m.plans.iter().find(|p| p.id == id)?;
        Some(Link {
            id: p.id.clone(),
            title: p.title.clone(),
            url: format!("plans/{}/", p.id),
        })
    }

    pub fn plan_ref(&self, p: &Plan) -> PlanRef {
        PlanRef {
            id: p.id.clone(),
            title: p.title.clone(),
            url: format!("plans/{}/", p.id),
            kind: p.kind,
            kind_label: self.t.code("plan_kind", p.kind.code()),
            start: p.start,
            start_text: self.opt_text(p.start),
            end: p.end,
            end_text: self.opt_text(p.end),
            progress: p.progress.round() as u32,
            rolled_up: p.rolled_up.round() as u32,
        }
    }

    fn project_ref(&self, p: &Plan, q: &Project) -> ProjectRef {
        ProjectRef {
            id: q.id.clone(),
            title: q.title.clone(),
            url: format!("plans/{}/#project-{}", p.id, q.id),
            plan_id: p.id.clone(),
            plan_title: p.title.clone(),
            progress: q.progress.round() as u32,
            rolled_up: q.rolled_up.round() as u32,
            status: q.status,
            status_label: self.t.code("project_status", q.status.code()),
        }
    }

    /// The (plan, project) a project carries out, when both are published.
    pub(super) fn implemented(&self, q: &Project) -> Option<(&'a Plan, &'a Project)> {
        let (pid, qid) = q.implements.as_ref()?;
        let pp = self.m.plans.iter().find(|x| x.id == *pid)?;
        let qq = pp.projects.iter().find(|x| x.id == *qid)?;
        Some((pp, qq))
    }

    /// The projects carrying out a project, by their plan's start.
    pub(super) fn implementers(&self, p: &Plan, q: &Project) -> Vec<(&'a Plan, &'a Project)> {
        let mut list: Vec<(&Plan, &Project)> = self
            .implemented_by
            .get(&(p.id.clone(), q.id.clone()))
            .cloned()
            .unwrap_or_default();
        list.sort_by(|a, b| (a.0.start, &a.0.id).cmp(&(b.0.start, &b.0.id)));
        list
    }

    /// Depth in the plan tree: 0 for a plan with no (published) parent.
    pub fn depth(&self, p: &Plan) -> usize {
        let mut depth = 0;
        let mut at = p.parent.as_deref();
        while let Some(id) = at {
            let Some(parent) = self.m.plans.iter().find(|x| x.id == id) else {
                break;
            };
            depth += 1;
            if depth > 8 {
                break;
            }
            at = parent.parent.as_deref();
        }
        depth
    }

    fn project(&self, p: &Plan, q: &Project) -> ProjectView {
        let implemented_by: Vec<ProjectRef> = self
            .implementers(p, q)
            .into_iter()
            .map(|(pp, qq)| self.project_ref(pp, qq))
            .collect();
        let next_milestone = q
            .milestones
            .iter()
            .filter(|m| m.done.is_none())
            .min_by_key(|m| {
                m.due.unwrap_or(Date {
                    year: 9999,
                    month: 12,
                    day: 31,
                })
            })
            .map(|m| self.milestone(m));
        ProjectView {
            id: q.id.clone(),
            anchor: format!("project-{}", q.id),
            url: format!("plans/{}/#project-{}", p.id, q.id),
            title: q.title.clone(),
            category: q.category.as_deref().map(|c| self.category(c)),
            owner: self.person(&q.owner),
            budget: q.budget,
            budget_text: q.budget.map(|b| money_text(b, self.lang)),
            spent: q.spent,
            spent_text: q.spent.map(|b| money_text(b, self.lang)),
            over_budget: matches!((q.budget, q.spent), (Some(b), Some(s)) if s > b),
            progress: q.progress.round() as u32,
            rolled_up: q.rolled_up.round() as u32,
            has_rollup: !implemented_by.is_empty(),
            weighted: q.milestones.iter().any(|m| m.weight != 1.0),
            status: q.status,
            status_label: self.t.code("project_status", q.status.code()),
            cancelled: q.cancelled,
            overdue: q.overdue,
            issues: q
                .issues
                .iter()
                .filter_map(|i| self.summary(i))
                .map(|s| Link {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    url: s.url.clone(),
                })
                .collect(),
            implements: self.implemented(q).map(|(pp, qq)| self.project_ref(pp, qq)),
            implemented_by,
            milestones: q.milestones.iter().map(|m| self.milestone(m)).collect(),
            next_milestone,
        }
    }

    pub(super) fn status_counts(&self, projects: &[&Project]) -> Vec<StatusTally> {
        ProjectStatus::ALL
            .iter()
            .map(|s| StatusTally {
                status: *s,
                label: self.t.code("project_status", s.code()),
                count: projects.iter().filter(|q| q.status == *s).count(),
            })
            .filter(|c| c.count > 0)
            .collect()
    }

    /// `已完成 3、进行中 2` / `done 3, active 2`.
    pub(super) fn tally_text(&self, counts: &[StatusTally]) -> String {
        counts
            .iter()
            .map(|c| format!("{} {}", c.label, c.count))
            .collect::<Vec<_>>()
            .join(&self.label("list_sep"))
    }

    /// A plan with its projects. `detail` adds what only its own page shows: the body, the
    /// quarter's review and the timeline.
    pub fn plan(&self, p: &Plan, detail: bool) -> PlanView {
        let projects: Vec<ProjectView> = p.projects.iter().map(|q| self.project(p, q)).collect();
        let mut children: Vec<&Plan> = self
            .m
            .plans
            .iter()
            .filter(|c| c.parent.as_deref() == Some(p.id.as_str()))
            .collect();
        children.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        let money = stats::plan_money(p);
        let mut carries_out: Vec<CarriedOut> = Vec::new();
        for q in &p.projects {
            let Some((pp, qq)) = self.implemented(q) else {
                continue;
            };
            let by = Link {
                id: q.id.clone(),
                title: q.title.clone(),
                url: format!("plans/{}/#project-{}", p.id, q.id),
            };
            match carries_out
                .iter_mut()
                .find(|c| c.project.plan_id == pp.id && c.project.id == qq.id)
            {
                Some(c) => c.by.push(by),
                None => carries_out.push(CarriedOut {
                    project: self.project_ref(pp, qq),
                    by: vec![by],
                }),
            }
        }
        let all: Vec<&Project> = p.projects.iter().collect();
        PlanView {
            id: p.id.clone(),
            title: p.title.clone(),
            url: format!("plans/{}/", p.id),
            draft: p.origin.draft,
            kind: p.kind,
            kind_label: self.t.code("plan_kind", p.kind.code()),
            start: p.start,
            start_text: self.opt_text(p.start),
            end: p.end,
            end_text: self.opt_text(p.end),
            parent: p.parent.as_deref().and_then(|x| self.plan_link(x)),
            children: children.iter().map(|c| self.plan_ref(c)).collect(),
            progress: p.progress.round() as u32,
            rolled_up: p.rolled_up.round() as u32,
            has_rollup: projects.iter().any(|q| q.has_rollup),
            depth: self.depth(p),
            budget: money.budget,
            budget_text: money_text(money.budget, self.lang),
            spent: money.spent,
            spent_text: money_text(money.spent, self.lang),
            over_budget: money.spent > money.budget,
            has_money: money.has_amounts,
            status_counts: self.status_counts(&all),
            overdue: p.projects.iter().map(|q| q.overdue).sum(),
            carries_out,
            quarter: (detail && p.kind == PlanKind::Quarterly).then(|| self.quarter(p)),
            gantt_svg: if detail {
                self.plan_gantt(p)
            } else {
                String::new()
            },
            body_html: if detail {
                markdown::to_html(&p.origin.body)
            } else {
                String::new()
            },
            projects,
        }
    }

    /// A quarterly plan's review, and the quarters before and after it (by start date).
    fn quarter(&self, p: &Plan) -> QuarterView {
        let mut v = QuarterView {
            done: Vec::new(),
            slipped: Vec::new(),
            todo: Vec::new(),
            cancelled: Vec::new(),
            prev: None,
            next: None,
        };
        for q in &p.projects {
            if q.cancelled {
                v.cancelled.push(Link {
                    id: q.id.clone(),
                    title: q.title.clone(),
                    url: format!("plans/{}/#project-{}", p.id, q.id),
                });
                continue;
            }
            for m in &q.milestones {
                let item = QuarterItem {
                    project: q.title.clone(),
                    anchor: format!("project-{}", q.id),
                    milestone: self.milestone(m),
                };
                if item.milestone.overdue || item.milestone.late {
                    v.slipped.push(item);
                } else if m.done.is_some() {
                    v.done.push(item);
                } else {
                    v.todo.push(item);
                }
            }
        }
        let mut quarters: Vec<&Plan> = self
            .m
            .plans
            .iter()
            .filter(|x| x.kind == PlanKind::Quarterly)
            .collect();
        quarters.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        if let Some(i) = quarters.iter().position(|x| x.id == p.id) {
            v.prev = i.checked_sub(1).map(|k| self.plan_ref(quarters[k]));
            v.next = quarters.get(i + 1).map(|x| self.plan_ref(x));
        }
        v
    }

    /// Plans in tree order: each plan, then the plans under it (by start date).
    pub fn plan_tree(&self) -> Vec<&'a Plan> {
        fn visit<'a>(
            m: &'a crate::model::Model,
            parent: Option<&str>,
            out: &mut Vec<&'a Plan>,
            depth: usize,
        ) {
            let mut level: Vec<&Plan> = m
                .plans
                .iter()
                .filter(|p| match parent {
                    None => p
                        .parent
                        .as_deref()
                        .is_none_or(|x| !m.plans.iter().any(|q| q.id == x)),
                    Some(id) => p.parent.as_deref() == Some(id),
                })
                .collect();
            level.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
            for p in level {
                if out.iter().any(|q| q.id == p.id) || depth > 8 {
                    continue;
                }
                out.push(p);
                visit(m, Some(&p.id), out, depth + 1);
            }
        }
        let mut out = Vec::new();
        visit(self.m, None, &mut out, 0);
        out
    }
}
