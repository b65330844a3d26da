//! Which id a new record takes, and where its file goes: the next free id of its kind (issues
//! `YEAR-NNN` by the year of the site's "today", meetings `YEAR-MM`, resolutions `YEAR-RNN`, the
//! year's plan and then the quarter's, visit rounds `YEAR-N`, pages from `--id` or the title).

use super::new::NewOptions;
use super::problem;
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, Lang};
use crate::load::{self, Kind};
use crate::model::{Model, PlanKind};
use crate::resolve::{self, valid_id};
use crate::tr;
use std::path::Path;

/// The ids of every record of `kind`, as claimed by their files (unreadable ones included).
pub fn ids_of(root: &Path, kind: Kind, lang: Lang) -> Vec<(String, String)> {
    let mut ignored = Diagnostics::new(lang);
    load::load(root, &mut ignored)
        .records
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| (resolve::claimed_id(s), s.rel.clone()))
        .collect()
}

/// The greatest `N` of the ids `PREFIXN` (digits only after the prefix).
fn max_number(taken: &[(String, String)], prefix: &str) -> u32 {
    taken
        .iter()
        .filter_map(|(id, _)| id.strip_prefix(prefix))
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|n| n.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
}

/// The record to write: where, with which id, and what kind of plan.
pub struct Plan {
    pub kind: Kind,
    pub id: String,
    pub rel: String,
    pub today: Date,
    pub blanks: Vec<&'static str>,
    pub plan_kind: PlanKind,
    pub parent: Option<String>,
    /// The visit round's number, the plan's quarter.
    pub number: u32,
}

impl Plan {
    pub fn new(
        opts: &NewOptions,
        kind: Kind,
        model: &Model,
        taken: &[(String, String)],
        root: &Path,
    ) -> Result<Plan, Diagnostic> {
        let site = &model.site;
        let lang = site.lang;
        let today = site.as_of;
        let year = today.year;
        let used = |id: &str| taken.iter().any(|(t, _)| t == id);
        let folder = kind.folder();
        // Issues go in a folder per year unless the site keeps them all in issues/.
        let flat_issues = kind == Kind::Issue
            && !taken.is_empty()
            && taken.iter().all(|(_, rel)| rel.matches('/').count() == 2);
        let rel_of = |id: &str| match kind {
            Kind::Issue if !flat_issues => format!("content/issues/{year}/{id}.md"),
            Kind::Visit => format!("content/visits/{id}.yaml"),
            _ => format!("content/{folder}/{id}.md"),
        };
        let free = |id: &str| !used(id) && !root.join(rel_of(id)).exists();
        let (mut plan_kind, mut parent, mut number) = (PlanKind::Annual, None, 0);
        let id = if let Some(id) = opts.id.as_deref().map(str::trim) {
            if !free(id) {
                let by = taken
                    .iter()
                    .find(|(t, _)| t == id)
                    .map(|(_, rel)| rel.clone())
                    .unwrap_or_else(|| rel_of(id));
                return Err(problem(
                    &format!("--id {id}"),
                    tr!(
                        lang,
                        "编号“{id}”已被 {by} 使用",
                        "the id `{id}` is already used by {by}"
                    ),
                    Some(tr!(
                        lang,
                        "换一个没用过的编号，或不写 --id，让 gongkai 取下一个编号",
                        "choose an unused id, or leave out --id to take the next free one"
                    )),
                ));
            }
            id.to_string()
        } else {
            // The first free id of a sequence of candidates.
            let first_free = |candidates: &mut dyn Iterator<Item = String>| {
                for c in candidates {
                    if free(&c) {
                        return c;
                    }
                }
                String::new()
            };
            match kind {
                Kind::Issue => {
                    let n = max_number(taken, &format!("{year}-"));
                    first_free(&mut (n + 1..).map(|n| format!("{year}-{n:03}")))
                }
                Kind::Resolution => {
                    let n = max_number(taken, &format!("{year}-R"));
                    first_free(&mut (n + 1..).map(|n| format!("{year}-R{n:02}")))
                }
                Kind::Visit => {
                    let n = max_number(taken, &format!("{year}-"));
                    let id = first_free(&mut (n + 1..).map(|n| format!("{year}-{n}")));
                    number = id
                        .rsplit('-')
                        .next()
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(1);
                    id
                }
                Kind::Meeting => {
                    let base = format!("{year}-{:02}", today.month);
                    first_free(
                        &mut std::iter::once(base.clone())
                            .chain((2..).map(move |n| format!("{base}-{n}"))),
                    )
                }
                Kind::Plan => {
                    let q = (today.month - 1) / 3 + 1;
                    number = q;
                    let annual = year.to_string();
                    if free(&annual) {
                        parent = model
                            .plans
                            .iter()
                            .find(|p| {
                                p.kind == PlanKind::FiveYear
                                    && p.start.is_some_and(|s| s <= today)
                                    && p.end.is_some_and(|e| today <= e)
                            })
                            .map(|p| p.id.clone());
                        annual
                    } else {
                        plan_kind = PlanKind::Quarterly;
                        parent = Some(annual);
                        let base = format!("{year}-Q{q}");
                        first_free(
                            &mut std::iter::once(base.clone())
                                .chain((2..).map(move |n| format!("{base}-{n}"))),
                        )
                    }
                }
                Kind::Page => {
                    let slug = opts.title.as_deref().map(slug).unwrap_or_default();
                    let reserved = |s: &str| resolve::RESERVED.contains(&s) || !valid_id(s);
                    let base = if reserved(&slug) {
                        "page".to_string()
                    } else {
                        slug
                    };
                    let numbered = base == "page";
                    first_free(
                        &mut std::iter::once(base.clone())
                            .filter(move |_| !numbered)
                            .chain(
                                (1..)
                                    .filter(move |n| numbered || *n > 1)
                                    .map(move |n| format!("{base}-{n}")),
                            ),
                    )
                }
            }
        };
        let mut blanks = Vec::new();
        if opts.title.is_none() && matches!(kind, Kind::Issue | Kind::Resolution | Kind::Page) {
            blanks.push("title");
        }
        if kind == Kind::Issue {
            for (field, value) in [
                ("source", &opts.source),
                ("group", &opts.group),
                ("category", &opts.category),
            ] {
                if value.is_none() {
                    blanks.push(field);
                }
            }
        }
        Ok(Plan {
            kind,
            rel: rel_of(&id),
            id,
            today,
            blanks,
            plan_kind,
            parent,
            number,
        })
    }
}

/// A page id from an English title: `How to raise an issue` → `how-to-raise-an-issue`.
fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let s = words.join("-");
    if s.len() > 64 || !title.is_ascii() {
        String::new()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_numbers_follow_the_greatest_of_the_year() {
        let taken: Vec<(String, String)> = ["2026-001", "2026-013", "2025-200", "2026-x", "2026-"]
            .iter()
            .map(|s| (s.to_string(), String::new()))
            .collect();
        assert_eq!(max_number(&taken, "2026-"), 13);
        assert_eq!(max_number(&taken, "2027-"), 0);
    }

    #[test]
    fn slugs_only_from_plain_english_titles() {
        assert_eq!(
            slug("How to raise an issue?"),
            "how-to-raise-an-issue".to_string()
        );
        assert_eq!(slug("关于本村"), "");
        assert_eq!(slug("About 本村"), "");
    }
}
