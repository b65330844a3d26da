//! The issue lists: all issues, and one list per status, group and category, plus the open
//! ones and those awaiting feedback, each in pages of `PER_PAGE`, newest raised first. A
//! villager on slow data gets a short page; every list works without JavaScript.

use crate::fnv::Wide;
use crate::model::{Issue, Model, Status};
use crate::render::walked;
use crate::view::{Labels, Views};
use serde::Serialize;
use serde_json::{json, Value};

pub const PER_PAGE: usize = 50;

/// A list a villager can open: its folder under the root and what it holds.
#[derive(Serialize, Clone)]
pub struct Facet {
    /// `all`, `open`, `awaiting-feedback`, `resolved-quarter`, `status`, `group` or `category`.
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
struct Pagination {
    page: usize,
    pages: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
}

fn page_url(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{page}/")
    }
}

/// Values made when the page is rendered, on the core that renders it, so that a large
/// site's thousands of pages never hold their values all at once.
pub type Lazy<'a> = Box<dyn FnOnce() -> Vec<(&'static str, Value)> + Send + 'a>;

/// A list page: its folder, its title, a hash of the values issues.html receives (made
/// without making them: a page whose values did not change need not be rendered), and the
/// values.
pub type ListPage<'a> = (String, String, u64, Lazy<'a>);

/// Every list page `wanted` accepts (by its file, `issues/page/2/index.html`); the issues
/// of a page left out are not computed.
pub fn pages<'a>(
    model: &'a Model,
    v: &'a Views,
    t: &Labels,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<ListPage<'a>> {
    let mut sorted: Vec<&Issue> = model.issues.iter().collect();
    sorted.sort_by(|a, b| (b.raised, &b.id).cmp(&(a.raised, &a.id)));
    let label = |k: &str| t.0.get(k).cloned().unwrap_or_else(|| k.to_string());

    // (facet, filter)
    type Filter<'a> = Box<dyn Fn(&Issue) -> bool + Send + Sync + 'a>;
    let mut facets: Vec<(Facet, Filter)> = Vec::new();
    let mut add = |kind: &'static str, id: &str, name: String, url: String, f: Filter<'static>| {
        facets.push((
            Facet {
                kind,
                id: id.to_string(),
                name,
                url,
                count: 0,
            },
            f,
        ));
    };
    add(
        "all",
        "",
        label("issues"),
        "issues/".into(),
        Box::new(|_| true),
    );
    add(
        "open",
        "open",
        label("figure_open"),
        "issues/open/".into(),
        Box::new(|i| i.status.is_open()),
    );
    add(
        "awaiting-feedback",
        "awaiting-feedback",
        label("figure_awaiting_feedback"),
        "issues/awaiting-feedback/".into(),
        Box::new(|i| i.feedback_overdue),
    );
    let as_of = model.site.as_of;
    add(
        "resolved-quarter",
        "resolved-this-quarter",
        label("figure_resolved_quarter"),
        "issues/resolved-this-quarter/".into(),
        Box::new(move |i| crate::stats::resolved_in_quarter(i, as_of)),
    );
    for s in Status::ALL {
        let s = *s;
        add(
            "status",
            s.code(),
            t.code("status", s.code()),
            format!("issues/status/{}/", s.code()),
            Box::new(move |i| i.status == s),
        );
    }
    for g in &model.site.groups {
        let id = g.id.clone();
        add(
            "group",
            &g.id,
            g.name.clone(),
            format!("issues/group/{}/", g.id),
            Box::new(move |i| i.group == id),
        );
    }
    for c in &model.site.categories {
        let id = c.id.clone();
        add(
            "category",
            &c.id,
            c.name.clone(),
            format!("issues/category/{}/", c.id),
            Box::new(move |i| i.category == id),
        );
    }
    // The preview asks for a page or two: when no list page can be among them, nothing is
    // counted (each list has at most as many pages as all issues make).
    let most = model.issues.len().div_ceil(PER_PAGE).max(1);
    let any = facets.iter().any(|(f, _)| {
        (1..=most).any(|page| wanted(&format!("{}index.html", page_url(&f.url, page))))
    });
    if !any {
        return Vec::new();
    }
    let members: Vec<Vec<&Issue>> = facets
        .iter()
        .map(|(_, f)| sorted.iter().copied().filter(|i| f(i)).collect())
        .collect();
    for ((facet, _), list) in facets.iter_mut().zip(&members) {
        facet.count = list.len();
    }
    let of_kind = |kind: &str| -> Value {
        json!(facets
            .iter()
            .filter(|(f, _)| f.kind == kind)
            .map(|(f, _)| f)
            .collect::<Vec<_>>())
    };
    let shared = std::sync::Arc::new([of_kind("status"), of_kind("group"), of_kind("category")]);
    let special = std::sync::Arc::new(json!(facets
        .iter()
        .filter(|(f, _)| matches!(f.kind, "open" | "awaiting-feedback" | "resolved-quarter"))
        .map(|(f, _)| f)
        .collect::<Vec<_>>()));
    let shared_hash = {
        let mut w = Wide::new(shared.len() as u64);
        for x in shared.iter().chain([&*special]) {
            w.word(walked(x));
        }
        w.finish()
    };

    let per_facet: Vec<Vec<ListPage>> = facets
        .iter()
        .zip(members)
        .map(|((facet, _), list)| {
            let mut out = Vec::new();
            let pages = list.len().div_ceil(PER_PAGE).max(1);
            for page in 1..=pages {
                let chunk: Vec<&Issue> = list
                    .iter()
                    .copied()
                    .skip((page - 1) * PER_PAGE)
                    .take(PER_PAGE)
                    .collect();
                let dir = page_url(&facet.url, page);
                if !wanted(&format!("{dir}index.html")) {
                    continue;
                }
                let title = if facet.kind == "all" {
                    facet.name.clone()
                } else {
                    format!("{} · {}", label("issues"), facet.name)
                };
                let pagination = Pagination {
                    page,
                    pages,
                    total: list.len(),
                    prev: (page > 1).then(|| page_url(&facet.url, page - 1)),
                    next: (page < pages).then(|| page_url(&facet.url, page + 1)),
                };
                // Everything the values below are made from.
                let mut w = Wide::new(shared_hash);
                w.word(chunk.len() as u64);
                for i in &chunk {
                    w.word(v.summary_hash(&i.id));
                }
                w.word(walked(&json!(facet)));
                w.word(walked(&json!(pagination)));
                let hash = w.finish();
                let (facet, shared, special) = (facet.clone(), shared.clone(), special.clone());
                let values: Lazy = Box::new(move || {
                    let [by_status, by_group, by_category] = &*shared;
                    vec![
                        ("issues", v.summary_values(&chunk)),
                        ("facet", json!(facet)),
                        ("pagination", json!(pagination)),
                        ("by_status", by_status.clone()),
                        ("by_group", by_group.clone()),
                        ("by_category", by_category.clone()),
                        ("special", (*special).clone()),
                    ]
                });
                out.push((dir, title, hash, values));
            }
            out
        })
        .collect();
    per_facet.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::page_url;

    #[test]
    fn later_pages_live_under_page() {
        assert_eq!(page_url("issues/", 1), "issues/");
        assert_eq!(page_url("issues/group/13/", 3), "issues/group/13/page/3/");
    }
}
