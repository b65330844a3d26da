//! `gongkai new KIND`: a new record file with the next free id, today's date (the site's
//! "today": `--as-of`, else `as_of` of site.yaml, else the system date) and every required
//! field, each with a comment in the site's language. Command-line values are checked first,
//! in the checker's words; nothing is written when one is wrong, and no file is overwritten.

use super::ids::{ids_of, Plan};
use super::templates::{self, Known};
use super::{problem, quarter};
use crate::date::Date;
use crate::diag::{choice_hint, Diagnostic, Diagnostics, Lang};
use crate::load::Kind;
use crate::model::{Model, PlanKind, Source, Status};
use crate::resolve::{self, bad_code, unknown_in_site, valid_id, Options};
use crate::tr;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `gongkai new` was asked for, as written on the command line.
#[derive(Clone, Debug, Default)]
pub struct NewOptions {
    pub root: PathBuf,
    /// `issue`, `meeting`, `resolution`, `plan`, `visit` or `page` (or the Chinese word).
    pub kind: String,
    pub id: Option<String>,
    pub title: Option<String>,
    pub group: Option<String>,
    pub source: Option<String>,
    pub category: Option<String>,
    pub as_of: Option<Date>,
}

/// A record file written.
#[derive(Clone, Debug)]
pub struct Created {
    /// The site root joined with `rel`.
    pub path: PathBuf,
    /// Relative to the site root: `content/issues/2026/2026-014.md`.
    pub rel: String,
    pub id: String,
    /// Required fields left blank for the clerk to fill in.
    pub blanks: Vec<&'static str>,
}

/// The kinds and the words a clerk may use for them.
const KINDS: &[(&str, Kind, &[&str])] = &[
    ("issue", Kind::Issue, &["问题", "民情事项", "issues"]),
    ("meeting", Kind::Meeting, &["会议", "meetings"]),
    ("resolution", Kind::Resolution, &["决议", "resolutions"]),
    ("plan", Kind::Plan, &["规划", "计划", "plans"]),
    ("visit", Kind::Visit, &["走访", "visits"]),
    ("page", Kind::Page, &["页面", "pages"]),
];

pub fn parse_kind(lang: Lang, word: &str) -> Result<Kind, Diagnostic> {
    let w = word.trim().to_lowercase();
    for (code, kind, aliases) in KINDS {
        if *code == w || aliases.contains(&w.as_str()) {
            return Ok(*kind);
        }
    }
    let codes: Vec<&str> = KINDS.iter().map(|(c, _, _)| *c).collect();
    Err(problem(
        word,
        tr!(
            lang,
            "不认识的记录种类“{word}”",
            "`{word}` is not a kind of record"
        ),
        Some(choice_hint(lang, &w, &codes)),
    ))
}

/// Writes the new record. On failure: the site's language and every problem found.
pub fn new_record(opts: &NewOptions) -> Result<(Lang, Created), (Lang, Vec<Diagnostic>)> {
    let root = &opts.root;
    if !root.join("content").is_dir() {
        let shown = root.display().to_string();
        let lang = Lang::Zh;
        return Err((
            lang,
            vec![problem(
                &shown,
                tr!(lang, "{shown} 里没有 content/ 文件夹，这不是一个站点", "{shown} has no content/ folder: it is not a site"),
                Some(tr!(lang, "进入站点文件夹再运行，或用 --root 指明站点文件夹；新建站点用 gongkai init", "run it in the site folder, or name it with --root; start a new site with `gongkai init`")),
            )],
        ));
    }
    // The whole site is read: the site's words, ids and "today", and the open issues.
    let outcome = crate::pipeline::check(
        root,
        &Options {
            as_of: opts.as_of,
            drafts: true,
            ..Options::default()
        },
    );
    let lang = outcome.lang;
    let Some(model) = outcome.model else {
        let mut found: Vec<Diagnostic> = outcome
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .collect();
        found.push(problem(
            "content/site.yaml",
            tr!(
                lang,
                "site.yaml 有错，没法新建记录",
                "site.yaml has errors: no record can be added"
            ),
            Some(tr!(
                lang,
                "先按上面的提示改好 site.yaml",
                "fix site.yaml as said above first"
            )),
        ));
        return Err((lang, found));
    };
    let kind = parse_kind(lang, &opts.kind).map_err(|d| (lang, vec![d]))?;
    let problems = check_values(opts, kind, &model);
    if !problems.is_empty() {
        return Err((lang, problems));
    }
    let taken = ids_of(root, kind, lang);
    let plan = Plan::new(opts, kind, &model, &taken, root);
    let plan = match plan {
        Ok(p) => p,
        Err(d) => return Err((lang, vec![d])),
    };
    let text = text(&plan, opts, &model);
    let path = if root == Path::new(".") {
        PathBuf::from(&plan.rel)
    } else {
        root.join(&plan.rel)
    };
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|_| {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
        })
        .and_then(|mut f| f.write_all(text.as_bytes()));
    if let Err(e) = written {
        let shown = path.display().to_string();
        return Err((
            lang,
            vec![problem(
                &plan.rel,
                tr!(lang, "无法写入 {shown}：{e}", "cannot write {shown}: {e}"),
                None,
            )],
        ));
    }
    Ok((
        lang,
        Created {
            path,
            rel: plan.rel,
            id: plan.id,
            blanks: plan.blanks,
        },
    ))
}

/// The command-line values, checked as the checker checks the fields they fill.
fn check_values(opts: &NewOptions, kind: Kind, model: &Model) -> Vec<Diagnostic> {
    let site = &model.site;
    let lang = site.lang;
    let mut found = Vec::new();
    for (flag, value) in [
        ("--group", &opts.group),
        ("--source", &opts.source),
        ("--category", &opts.category),
    ] {
        if value.is_some() && kind != Kind::Issue {
            found.push(problem(
                flag,
                tr!(
                    lang,
                    "{flag} 只用于 gongkai new issue",
                    "{flag} is for `gongkai new issue` only"
                ),
                Some(tr!(lang, "去掉 {flag}", "leave out {flag}")),
            ));
        }
    }
    if let Some(s) = opts.source.as_deref().map(str::trim) {
        if Source::from_code(s).is_none() {
            let (m, h) = bad_code(lang, "source", s, Source::CODES);
            found.push(problem(&format!("--source {s}"), m, Some(h)));
        }
    }
    let site_ref = |flag: &str, value: &Option<String>, what: &str, ids: Vec<&str>| {
        let v = value.as_deref()?.trim();
        if ids.contains(&v) {
            return None;
        }
        let (m, h) = unknown_in_site(lang, what, v, &ids);
        Some(problem(&format!("{flag} {v}"), m, Some(h)))
    };
    found.extend(site_ref(
        "--group",
        &opts.group,
        "groups",
        site.groups.iter().map(|g| g.id.as_str()).collect(),
    ));
    found.extend(site_ref(
        "--category",
        &opts.category,
        "categories",
        site.categories.iter().map(|c| c.id.as_str()).collect(),
    ));
    if let Some(t) = &opts.title {
        if t.trim().is_empty() {
            found.push(problem(
                "--title",
                tr!(lang, "标题是空的", "the title is empty"),
                Some(tr!(
                    lang,
                    "写 --title \"一句话的标题\"，或不写 --title，在文件里填",
                    "write --title \"a title in one line\", or leave it out and fill in the file"
                )),
            ));
        } else {
            // Public text: a personal number in it is refused, in the privacy check's words.
            let line = format!("title: {}\n", templates::scalar(t.trim()));
            let mut d = Diagnostics::new(lang);
            let pos = crate::yaml::positions(&line, 1);
            crate::privacy::scan("--title", &pos, "", 0, &site.public_numbers, &mut d);
            found.extend(d.sorted().into_iter().map(|mut x| {
                x.line = 0;
                x.column = 0;
                x
            }));
        }
    }
    if let Some(id) = opts.id.as_deref().map(str::trim) {
        if !valid_id(id) {
            found.push(problem(
                &format!("--id {id}"),
                tr!(lang, "编号“{id}”不合规定", "the id `{id}` is not valid"),
                Some(tr!(
                    lang,
                    "编号只能用 1–64 个英文字母、数字、- 和 _（不能用汉字和空格），如 2020-013",
                    "an id is 1–64 of A-Z a-z 0-9 - _ (no spaces), e.g. 2020-013"
                )),
            ));
        }
    }
    if let Some(id) = opts.id.as_deref().map(str::trim) {
        if kind == Kind::Issue && resolve::ISSUE_LIST_NAMES.contains(&id) {
            found.push(problem(
                &format!("--id {id}"),
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
            ));
        }
        if kind == Kind::Page && valid_id(id) && resolve::RESERVED.contains(&id) {
            found.push(problem(
                &format!("--id {id}"),
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
            ));
        }
    }
    found
}

/// The text of the record: its kind's template with the values chosen.
fn text(plan: &Plan, opts: &NewOptions, model: &Model) -> String {
    let site = &model.site;
    let k = Known::of(site);
    let lang = k.lang;
    let today = plan.today;
    let year = today.year;
    let title = opts.title.as_deref().map(str::trim);
    let trimmed = |v: &Option<String>| v.as_deref().map(|s| s.trim().to_string());
    match plan.kind {
        Kind::Issue => templates::issue(
            &k,
            &templates::IssueValues {
                id: &plan.id,
                title,
                date: today,
                source: trimmed(&opts.source).as_deref(),
                group: trimmed(&opts.group).as_deref(),
                category: trimmed(&opts.category).as_deref(),
                body: None,
            },
        ),
        Kind::Meeting => {
            // The issues not analysed yet: the monthly meeting's agenda.
            let mut open: Vec<_> = model
                .issues
                .iter()
                .filter(|i| i.status == Status::Received && !i.origin.draft)
                .collect();
            open.sort_by(|a, b| (b.raised, &b.id).cmp(&(a.raised, &a.id)));
            let items: Vec<String> = open.iter().take(50).map(|i| i.id.clone()).collect();
            let m = today.month;
            let default = tr!(
                lang,
                "{m}月村情民意分析例会",
                "Monthly analysis meeting, {year}-{m:02}"
            );
            templates::meeting(
                &k,
                &templates::MeetingValues {
                    id: &plan.id,
                    title: title.unwrap_or(&default),
                    date: today,
                    items: &items,
                    attendees: &[],
                },
            )
        }
        Kind::Resolution => templates::resolution(
            &k,
            &templates::ResolutionValues {
                id: &plan.id,
                title,
                date: today,
                issues: &[],
                finding: None,
            },
        ),
        Kind::Plan => {
            let (start, end, default) = match plan.plan_kind {
                PlanKind::Quarterly => {
                    let (s, e) = quarter(today);
                    let q = plan.number;
                    let zh_q = ["一", "二", "三", "四"][(q as usize - 1).min(3)];
                    (
                        s,
                        e,
                        tr!(
                            lang,
                            "{year}年第{zh_q}季度工作计划",
                            "Work plan, Q{q} {year}"
                        ),
                    )
                }
                _ => {
                    let village = &site.village;
                    (
                        Date {
                            year,
                            month: 1,
                            day: 1,
                        },
                        Date {
                            year,
                            month: 12,
                            day: 31,
                        },
                        tr!(
                            lang,
                            "{village}{year}年工作计划",
                            "{village}: work plan {year}"
                        ),
                    )
                }
            };
            templates::plan(
                &k,
                &templates::PlanValues {
                    id: &plan.id,
                    title: title.unwrap_or(&default),
                    kind: plan.plan_kind,
                    start,
                    end,
                    parent: plan.parent.as_deref(),
                    project: None,
                },
            )
        }
        Kind::Visit => {
            let n = plan.number;
            let default = tr!(
                lang,
                "{year}年第{n}轮上门家访",
                "Home visits {year}, round {n}"
            );
            templates::visit(
                &k,
                &templates::VisitValues {
                    id: &plan.id,
                    title: title.unwrap_or(&default),
                    start: today,
                    end: quarter(today).1,
                    team: &tr!(lang, "第一走访组", "Team 1"),
                    members: &[],
                    groups: &[],
                },
            )
        }
        Kind::Page => templates::page(
            &k,
            &templates::PageValues {
                id: &plan.id,
                title,
                body: None,
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_understood_in_both_languages() {
        assert_eq!(parse_kind(Lang::Zh, "问题").ok(), Some(Kind::Issue));
        assert_eq!(parse_kind(Lang::En, "Plan").ok(), Some(Kind::Plan));
        let e = parse_kind(Lang::Zh, "isue").unwrap_err();
        assert!(e.message.contains("不认识的记录种类"), "{}", e.message);
        assert!(
            e.hint.unwrap_or_default().contains("是不是“issue”"),
            "no hint"
        );
    }
}
