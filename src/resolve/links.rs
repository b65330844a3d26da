//! Checks that need every record: unique ids, references between records, the plan tree.

use super::{Ref, Target};
use crate::diag::{choice_hint, Diagnostics, Pos};
use crate::model::{Model, PlanKind};
use crate::tr;
use std::collections::{BTreeMap, BTreeSet};

/// Names under /issues/ taken by the issue lists.
pub const ISSUE_LIST_NAMES: &[&str] = &[
    "open",
    "awaiting-feedback",
    "resolved-this-quarter",
    "status",
    "group",
    "category",
    "page",
];

/// Top-level output names that a free page may not take.
pub const RESERVED: &[&str] = &[
    "issues",
    "meetings",
    "resolutions",
    "plans",
    "visits",
    "stats",
    "data",
    "print",
    "search",
    "feed.xml",
    "sitemap.xml",
    "404.html",
    "index.html",
    "style.css",
    "favicon.svg",
    "static",
];

fn unique(what: &str, items: &[(String, String, Pos)], diags: &mut Diagnostics) {
    let lang = diags.lang;
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (id, file, pos) in items {
        if let Some(first) = seen.get(id.as_str()) {
            diags.error(
                file,
                *pos,
                tr!(
                    lang,
                    "{what}编号“{id}”已被 {first} 使用",
                    "the {what} id `{id}` is already used by {first}"
                ),
                Some(tr!(
                    lang,
                    "改一个没用过的编号（或文件名）",
                    "choose an unused id (or file name)"
                )),
            );
        } else {
            seen.insert(id, file);
        }
    }
}

/// `failed`: records whose files have errors of their own and are not in the model. A
/// reference to one of them is not reported again as pointing nowhere.
pub fn check(
    model: &mut Model,
    refs: &[Ref],
    failed: &[(Target, String)],
    diags: &mut Diagnostics,
) {
    let lang = diags.lang;
    let (k_issue, k_meeting, k_res, k_plan, k_visit, k_page) = match lang {
        crate::diag::Lang::Zh => ("问题", "会议", "决议", "规划", "走访轮次", "页面"),
        crate::diag::Lang::En => (
            "issue",
            "meeting",
            "resolution",
            "plan",
            "visit round",
            "page",
        ),
    };
    unique(
        k_issue,
        &model
            .issues
            .iter()
            .map(|r| (r.id.clone(), r.origin.file.clone(), r.origin.id_pos))
            .collect::<Vec<_>>(),
        diags,
    );
    unique(
        k_meeting,
        &model
            .meetings
            .iter()
            .map(|r| (r.id.clone(), r.origin.file.clone(), r.origin.id_pos))
            .collect::<Vec<_>>(),
        diags,
    );
    unique(
        k_res,
        &model
            .resolutions
            .iter()
            .map(|r| (r.id.clone(), r.origin.file.clone(), r.origin.id_pos))
            .collect::<Vec<_>>(),
        diags,
    );
    unique(
        k_plan,
        &model
            .plans
            .iter()
            .map(|r| (r.id.clone(), r.origin.file.clone(), r.origin.id_pos))
            .collect::<Vec<_>>(),
        diags,
    );
    unique(
        k_visit,
        &model
            .visits
            .iter()
            .map(|r| (r.id.clone(), r.origin.file.clone(), r.origin.id_pos))
            .collect::<Vec<_>>(),
        diags,
    );
    unique(
        k_page,
        &model
            .pages
            .iter()
            .map(|r| (r.id.clone(), r.origin.file.clone(), r.origin.id_pos))
            .collect::<Vec<_>>(),
        diags,
    );
    let static_tops: BTreeSet<String> = model
        .statics
        .iter()
        .map(|s| s.out.split('/').next().unwrap_or("").to_string())
        .collect();
    for page in &model.pages {
        let id = page.id.as_str();
        // An id that is not valid (`feed.xml`) is refused as such already: one mistake, one
        // error.
        let taken = RESERVED.contains(&id) || static_tops.contains(id);
        if taken && super::valid_id(id) {
            diags.error(
                &page.origin.file,
                page.origin.id_pos,
                tr!(
                    lang,
                    "页面编号“{id}”与网站自带的栏目或 static/ 里的文件重名",
                    "the page id `{id}` is taken by a section of the site or a file in static/"
                ),
                Some(tr!(
                    lang,
                    "换一个编号，如 about-{id}",
                    "choose another id, e.g. about-{id}"
                )),
            );
        }
    }

    for issue in &model.issues {
        let id = issue.id.as_str();
        if ISSUE_LIST_NAMES.contains(&id) {
            diags.error(
                &issue.origin.file,
                issue.origin.id_pos,
                tr!(
                    lang,
                    "问题编号“{id}”与问题列表的栏目重名",
                    "the issue id `{id}` is the name of an issue list"
                ),
                Some(tr!(
                    lang,
                    "问题编号建议用 年份-序号，如 2026-013",
                    "use year-number ids such as 2026-013"
                )),
            );
        }
    }

    let issues: BTreeSet<&str> = model.issues.iter().map(|r| r.id.as_str()).collect();
    let meetings: BTreeSet<&str> = model.meetings.iter().map(|r| r.id.as_str()).collect();
    let plans: BTreeSet<&str> = model.plans.iter().map(|r| r.id.as_str()).collect();
    let projects: BTreeSet<String> = model
        .plans
        .iter()
        .flat_map(|p| p.projects.iter().map(move |q| format!("{}/{}", p.id, q.id)))
        .collect();
    for r in refs {
        let k_project = tr!(lang, "项目", "project");
        let found = match r.target {
            Target::Issue => issues.contains(r.id.as_str()),
            Target::Meeting => meetings.contains(r.id.as_str()),
            Target::Plan => plans.contains(r.id.as_str()),
            Target::Project => projects.contains(&r.id),
        };
        if found {
            continue;
        }
        // Only for a broken link: the ids there are, for the hint.
        let (known, what): (Vec<&str>, &str) = match r.target {
            Target::Issue => (issues.iter().copied().collect(), k_issue),
            Target::Meeting => (meetings.iter().copied().collect(), k_meeting),
            Target::Plan => (plans.iter().copied().collect(), k_plan),
            Target::Project => (projects.iter().map(|s| s.as_str()).collect(), &k_project),
        };
        let failed_id = |t: Target, id: &str| failed.iter().any(|(ft, fid)| *ft == t && fid == id);
        let unreadable = match r.target {
            Target::Project => {
                r.id.split_once('/')
                    .is_some_and(|(plan, _)| failed_id(Target::Plan, plan))
            }
            t => failed_id(t, &r.id),
        };
        if unreadable {
            continue;
        }
        let id = &r.id;
        let hint = if known.is_empty() {
            tr!(lang, "现在还没有任何{what}", "there is no {what} yet")
        } else {
            choice_hint(lang, id, &known)
        };
        diags.error(
            &r.file,
            r.pos,
            tr!(
                lang,
                "找不到编号为“{id}”的{what}",
                "there is no {what} with the id `{id}`"
            ),
            Some(hint),
        );
    }

    // The plan tree: parents of the right kind, no cycles, implemented projects in the parent.
    let kinds: BTreeMap<&str, (PlanKind, Option<&str>)> = model
        .plans
        .iter()
        .map(|p| (p.id.as_str(), (p.kind, p.parent.as_deref())))
        .collect();
    for plan in &model.plans {
        let Some(parent) = plan.parent.as_deref() else {
            continue;
        };
        let Some((parent_kind, _)) = kinds.get(parent) else {
            continue;
        };
        let fits = matches!(
            (plan.kind, parent_kind),
            (PlanKind::Annual, PlanKind::FiveYear)
                | (PlanKind::Quarterly, PlanKind::Annual)
                | (PlanKind::Quarterly, PlanKind::FiveYear)
        );
        if !fits {
            let (k, pk) = (plan.kind.code(), parent_kind.code());
            diags.warning(
                &plan.origin.file,
                plan.parent_pos,
                tr!(lang, "{k} 规划的上级是 {pk} 规划“{parent}”", "a {k} plan has the {pk} plan `{parent}` as parent"),
                Some(tr!(lang, "年度计划的上级通常是五年规划，季度计划的上级是年度计划", "an annual plan usually carries out a five-year plan, a quarterly plan an annual one")),
            );
        }
        let mut seen = vec![plan.id.as_str()];
        let mut at = Some(parent);
        while let Some(p) = at {
            if seen.contains(&p) {
                let chain = seen.join(" → ");
                diags.error(
                    &plan.origin.file,
                    plan.parent_pos,
                    tr!(
                        lang,
                        "规划的上级关系绕成了圈：{chain} → {p}",
                        "the plans' parents form a loop: {chain} → {p}"
                    ),
                    Some(tr!(
                        lang,
                        "检查这些规划的 parent",
                        "check `parent` of these plans"
                    )),
                );
                break;
            }
            seen.push(p);
            at = kinds.get(p).and_then(|(_, pp)| *pp);
        }
        for project in &plan.projects {
            if let Some((ip, _)) = &project.implements {
                if ip != parent {
                    let title = &project.title;
                    diags.warning(
                        &plan.origin.file,
                        plan.parent_pos,
                        tr!(lang, "项目“{title}”落实的是规划“{ip}”的项目，而本规划的上级是“{parent}”", "the project `{title}` carries out a project of `{ip}`, but this plan's parent is `{parent}`"),
                        None,
                    );
                }
            }
        }
    }
    model.issues.sort_by(|a, b| a.id.cmp(&b.id));
    model.meetings.sort_by(|a, b| a.id.cmp(&b.id));
    model.resolutions.sort_by(|a, b| a.id.cmp(&b.id));
    model.plans.sort_by(|a, b| a.id.cmp(&b.id));
    model.visits.sort_by(|a, b| a.id.cmp(&b.id));
    model
        .pages
        .sort_by(|a, b| (a.weight, &a.id).cmp(&(b.weight, &b.id)));
}

/// Drafts are checked, never published: remove them, and every reference to them (a
/// published record's link would otherwise publish a draft's id and lead to a missing page).
pub fn drop_drafts(model: &mut Model) {
    let issues: BTreeSet<String> = model
        .issues
        .iter()
        .filter(|r| r.origin.draft)
        .map(|r| r.id.clone())
        .collect();
    let meetings: BTreeSet<String> = model
        .meetings
        .iter()
        .filter(|r| r.origin.draft)
        .map(|r| r.id.clone())
        .collect();
    let plans: BTreeSet<String> = model
        .plans
        .iter()
        .filter(|r| r.origin.draft)
        .map(|r| r.id.clone())
        .collect();
    model.issues.retain(|r| !r.origin.draft);
    model.meetings.retain(|r| !r.origin.draft);
    model.resolutions.retain(|r| !r.origin.draft);
    model.plans.retain(|r| !r.origin.draft);
    model.visits.retain(|r| !r.origin.draft);
    model.pages.retain(|r| !r.origin.draft);
    let drop_meeting = |m: &mut Option<String>| {
        if m.as_ref().is_some_and(|id| meetings.contains(id)) {
            *m = None;
        }
    };
    for i in &mut model.issues {
        i.timeline
            .iter_mut()
            .for_each(|e| drop_meeting(&mut e.meeting));
    }
    for m in &mut model.meetings {
        m.items.retain(|it| !issues.contains(&it.issue));
    }
    for r in &mut model.resolutions {
        r.issues.retain(|id| !issues.contains(id));
        r.steps
            .iter_mut()
            .flatten()
            .for_each(|s| drop_meeting(&mut s.meeting));
    }
    for p in &mut model.plans {
        if p.parent.as_ref().is_some_and(|id| plans.contains(id)) {
            p.parent = None;
        }
        for q in &mut p.projects {
            q.issues.retain(|id| !issues.contains(id));
            if q.implements
                .as_ref()
                .is_some_and(|(plan, _)| plans.contains(plan))
            {
                q.implements = None;
            }
        }
    }
}
