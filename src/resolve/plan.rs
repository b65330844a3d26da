//! plans/*.md: plans, their projects and milestones.

use super::{mark_draft, parse_source, FileCtx, Ref, Target};
use crate::diag::Diagnostics;
use crate::load::Source;
use crate::model::{Milestone, Plan, PlanKind, Project, Site};
use crate::raw::RawPlan;
use crate::rules::progress;
use crate::tr;

pub fn read(
    src: &Source,
    site: &Site,
    diags: &mut Diagnostics,
    refs: &mut Vec<Ref>,
) -> Option<Plan> {
    let parsed = parse_source::<RawPlan>(src, &site.public_numbers, diags)?;
    let raw = parsed.raw;
    let mut origin = parsed.origin;
    mark_draft(&mut origin, raw.draft);
    let lang = diags.lang;
    let mut ctx = FileCtx {
        file: &src.rel,
        pos: parsed.pos,
        diags,
        refs,
        lang,
    };

    let id = ctx.record_id(&raw.id, &src.stem);
    let title = ctx.required(&raw.title, "title");
    let kind = if ctx.text(&raw.kind).is_none() {
        ctx.missing("kind");
        None
    } else {
        ctx.code(&raw.kind, "kind", PlanKind::CODES, PlanKind::from_code)
    };
    let start = ctx.required_date(&raw.start, "start");
    let end = ctx.required_date(&raw.end, "end");
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            ctx.error(
                "end",
                tr!(
                    lang,
                    "结束日期 {e} 早于开始日期 {s}",
                    "the end ({e}) is before the start ({s})"
                ),
                Some(tr!(
                    lang,
                    "结束日期要和开始日期同一天或更晚：核对 start 和 end 两个日期",
                    "the end date must be on or after the start date; check both dates"
                )),
            );
        }
    }
    let parent = ctx.text(&raw.parent).filter(|p| p != "null");
    if let Some(p) = &parent {
        if *p == id {
            ctx.error(
                "parent",
                tr!(
                    lang,
                    "规划不能以自己为上级",
                    "a plan cannot be its own parent"
                ),
                None,
            );
        } else {
            ctx.refer("parent", Target::Plan, p);
        }
    }
    let category_ids: Vec<&str> = site.categories.iter().map(|c| c.id.as_str()).collect();
    let people_ids: Vec<&str> = site.people.iter().map(|p| p.id.as_str()).collect();

    let mut projects: Vec<Project> = Vec::new();
    for (i, p) in raw.projects.iter().flatten().enumerate() {
        let path = format!("projects.{i}");
        let Some(pid) = ctx.required(&p.id, &format!("{path}.id")) else {
            continue;
        };
        ctx.check_id(&pid, &format!("{path}.id"));
        if projects.iter().any(|q| q.id == pid) {
            ctx.error(
                &format!("{path}.id"),
                tr!(
                    lang,
                    "这个规划里已经有编号为“{pid}”的项目",
                    "this plan already has a project `{pid}`"
                ),
                Some(tr!(
                    lang,
                    "同一规划里的项目编号不能重复",
                    "project ids are unique within a plan"
                )),
            );
        }
        let ptitle = ctx
            .required(&p.title, &format!("{path}.title"))
            .unwrap_or_else(|| pid.clone());
        let category = ctx.site_ref(
            &p.category,
            &format!("{path}.category"),
            "categories",
            &category_ids,
        );
        let owner = ctx.site_ref(&p.owner, &format!("{path}.owner"), "people", &people_ids);
        let budget = ctx.money(p.budget, &format!("{path}.budget"));
        let spent = ctx.money(p.spent, &format!("{path}.spent"));
        if let (Some(b), Some(s)) = (budget, spent) {
            if s > b {
                ctx.warning(
                    &format!("{path}.spent"),
                    tr!(
                        lang,
                        "项目“{ptitle}”已支出 {s} 元，超过预算 {b} 元",
                        "the project `{ptitle}` spent {s} yuan, over its budget of {b}"
                    ),
                    Some(tr!(
                        lang,
                        "核对金额；确实超支的，在正文里说明原因",
                        "check the amounts; if it did overspend, explain why in the text"
                    )),
                );
            }
        }
        let issues = ctx.list(&p.issues);
        for (j, issue) in issues.iter().enumerate() {
            ctx.refer(&format!("{path}.issues.{j}"), Target::Issue, issue);
        }
        let implements = ctx
            .text(&p.implements)
            .filter(|s| s != "null")
            .and_then(|s| {
                let ipath = format!("{path}.implements");
                match s.split_once('/') {
                    Some((plan, project)) if !plan.is_empty() && !project.is_empty() => {
                        ctx.refer(&ipath, Target::Project, &s);
                        Some((plan.to_string(), project.to_string()))
                    }
                    _ => {
                        ctx.error(
                            &ipath,
                            tr!(
                                lang,
                                "implements 写成 规划编号/项目编号，而不是“{s}”",
                                "`implements` takes PLAN-ID/PROJECT-ID, not `{s}`"
                            ),
                            Some(tr!(
                                lang,
                                "如 implements: 2021-2025/road-repair",
                                "e.g. implements: 2021-2025/road-repair"
                            )),
                        );
                        None
                    }
                }
            });
        let cancelled = p.cancelled.unwrap_or(false);
        let mut milestones = Vec::new();
        for (j, m) in p.milestones.iter().flatten().enumerate() {
            let mpath = format!("{path}.milestones.{j}");
            let mtitle = ctx
                .required(&m.title, &format!("{mpath}.title"))
                .unwrap_or_default();
            let due = ctx.date(&m.due, &format!("{mpath}.due"));
            let done = ctx.date(&m.done, &format!("{mpath}.done"));
            let stated = m.progress.unwrap_or(0.0);
            if !(0.0..=100.0).contains(&stated) {
                ctx.error(
                    &format!("{mpath}.progress"),
                    tr!(
                        lang,
                        "进度 {stated} 不在 0 到 100 之间",
                        "progress {stated} is not between 0 and 100"
                    ),
                    Some(tr!(
                        lang,
                        "进度写百分数，不带 % 号，如 progress: 60",
                        "write the percentage without %, e.g. progress: 60"
                    )),
                );
            }
            let weight = match m.weight {
                None => 1.0,
                Some(w) if w.is_finite() && w > 0.0 => w,
                Some(w) => {
                    ctx.error(
                        &format!("{mpath}.weight"),
                        tr!(
                            lang,
                            "权重 {w} 不是大于 0 的数",
                            "the weight {w} is not a number above 0"
                        ),
                        Some(tr!(
                            lang,
                            "权重是这个节点在项目进度里占的份量，不写时为 1；如 weight: 2 表示它抵两个普通节点",
                            "a weight is the milestone's share of the project's progress, 1 when left out; weight: 2 counts it as two ordinary milestones"
                        )),
                    );
                    1.0
                }
            };
            let is_done = done.is_some() || ctx.text(&m.done).is_some();
            milestones.push(Milestone {
                title: mtitle,
                due,
                done,
                progress: stated,
                weight,
                completion: progress::completion(is_done, stated),
                overdue: progress::overdue(is_done, cancelled, due, site.as_of),
            });
        }
        let states: Vec<progress::MilestoneState> = milestones
            .iter()
            .map(|m| progress::MilestoneState {
                done: m.completion >= 100.0 && m.done.is_some(),
                completion: m.completion,
                overdue: m.overdue,
            })
            .collect();
        projects.push(Project {
            id: pid,
            title: ptitle,
            category,
            owner,
            budget,
            spent,
            issues,
            implements,
            progress: progress::weighted_mean(milestones.iter().map(|m| (m.completion, m.weight))),
            rolled_up: 0.0,
            status: progress::project_status(cancelled, &states),
            overdue: milestones.iter().filter(|m| m.overdue).count(),
            milestones,
            cancelled,
        });
    }
    let plan_progress =
        progress::mean(projects.iter().filter(|p| !p.cancelled).map(|p| p.progress));
    Some(Plan {
        id,
        origin,
        title: title?,
        kind: kind?,
        start,
        end,
        parent,
        parent_pos: ctx.pos.at("parent"),
        projects,
        progress: plan_progress,
        rolled_up: plan_progress,
    })
}

/// Rolls progress up the plan tree, once every plan is read and drafts are out: each
/// project's `rolled_up` (see [`progress::rolled_up`]), then each plan's, the mean over its
/// non-cancelled projects. A loop of `implements` (an error reported elsewhere) is cut.
pub fn roll_up(plans: &mut [Plan]) {
    use std::collections::HashMap;
    type Key = (String, String);
    // Who carries out whom: (plan, project) → the non-cancelled projects implementing it.
    let mut implementers: HashMap<Key, Vec<Key>> = HashMap::new();
    let mut own: HashMap<Key, (f64, bool)> = HashMap::new();
    for p in plans.iter() {
        for q in &p.projects {
            own.insert(
                (p.id.clone(), q.id.clone()),
                (q.progress, !q.milestones.is_empty()),
            );
            if let (Some(target), false) = (&q.implements, q.cancelled) {
                implementers
                    .entry(target.clone())
                    .or_default()
                    .push((p.id.clone(), q.id.clone()));
            }
        }
    }
    fn value(
        key: &Key,
        own: &HashMap<Key, (f64, bool)>,
        implementers: &HashMap<Key, Vec<Key>>,
        done: &mut HashMap<Key, f64>,
        path: &mut Vec<Key>,
    ) -> f64 {
        if let Some(v) = done.get(key) {
            return *v;
        }
        let (progress, has_milestones) = own.get(key).copied().unwrap_or((0.0, false));
        if path.contains(key) {
            return progress;
        }
        path.push(key.clone());
        let below: Vec<f64> = implementers
            .get(key)
            .into_iter()
            .flatten()
            .map(|k| value(k, own, implementers, done, path))
            .collect();
        path.pop();
        let v = progress::rolled_up(progress, has_milestones, &below);
        done.insert(key.clone(), v);
        v
    }
    let mut done = HashMap::new();
    for p in plans.iter_mut() {
        for q in &mut p.projects {
            let key = (p.id.clone(), q.id.clone());
            q.rolled_up = value(&key, &own, &implementers, &mut done, &mut Vec::new());
        }
        p.rolled_up = progress::mean(
            p.projects
                .iter()
                .filter(|q| !q.cancelled)
                .map(|q| q.rolled_up),
        );
    }
}
