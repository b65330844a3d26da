//! The notice-board edition (公开栏打印版): what the village posts on its party-affairs and
//! village-affairs boards, for the villagers who read the board rather than the web.
//!
//! - `/print/`: this month, then this quarter, each on its own sheets: the issues raised, the
//!   issues resolved or answered, the resolutions adopted and the plans' progress. The month
//!   is the calendar month holding `as_of`, the quarter its calendar quarter; both run from
//!   their first day to `as_of`. `/print/month/` and `/print/quarter/` hold one part each.
//! - `/print/<kind>/<id>/`: one record (issues, resolutions, plans, meetings).
//!
//! Every item carries a QR code of its web page's absolute address (from `base_url`), with
//! that address printed under it; the page carries one of the site (lists) or of the record.

use crate::date::Date;
use crate::diag::Lang;
use crate::model::{EventKind, Model, Outcome, Plan, StepKey};
use crate::qr;
use crate::view::{FeedbackView, IssueSummary, Labels, PlanView, ResolutionView, Views};
use serde::Serialize;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::HashMap;

/// A print page: template, folder, title and the values the template receives.
pub type PrintPage = (&'static str, String, String, Vec<(&'static str, Value)>);

/// A QR code of a page and its address: `svg` (null when it cannot be encoded), `url`
/// (absolute), `short_url` (as printed), `short_url_parts` (the same cut after each `/`, for
/// templates to allow line breaks there).
#[derive(Serialize, Clone)]
pub struct Qr {
    pub svg: Option<String>,
    pub url: String,
    pub short_url: String,
    pub short_url_parts: Vec<String>,
}

/// QR codes already made, by the page they lead to (relative to the site root), with the
/// label they were made with: the edition's items are made first, and the records' print
/// views reuse them (each code takes tens of microseconds).
#[derive(Default)]
pub struct Qrs(HashMap<String, (String, Qr)>);

impl Qrs {
    fn get(&mut self, base_url: &str, rel: &str, label: String) -> Qr {
        match self.0.get(rel) {
            Some((l, qr)) if *l == label => qr.clone(),
            _ => {
                let qr = qr_of(base_url, rel, &label);
                self.0.insert(rel.to_string(), (label, qr.clone()));
                qr
            }
        }
    }

    fn made(&self, rel: &str, label: &str) -> Option<&Qr> {
        self.0.get(rel).filter(|(l, _)| l == label).map(|(_, q)| q)
    }
}

/// The QR code of the page at `rel` (relative to the site root, e.g. `issues/2020-013/`).
pub fn qr_of(base_url: &str, rel: &str, label: &str) -> Qr {
    let url = format!("{base_url}{rel}");
    let short_url = qr::short_url(&url);
    Qr {
        svg: qr::svg(&url, label),
        short_url_parts: short_url.split_inclusive('/').map(str::to_string).collect(),
        short_url,
        url,
    }
}

/// A stretch of days the board reports on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub key: &'static str,
    pub start: Date,
    pub end: Date,
}

impl Period {
    fn holds(&self, d: Date) -> bool {
        d >= self.start && d <= self.end
    }
}

/// This month and this quarter: from the first day of the calendar month (quarter) holding
/// `as_of`, to `as_of`.
pub fn periods(as_of: Date) -> [Period; 2] {
    let month = Date { day: 1, ..as_of };
    let quarter = Date {
        month: (as_of.quarter() - 1) * 3 + 1,
        day: 1,
        ..as_of
    };
    [
        Period {
            key: "month",
            start: month,
            end: as_of,
        },
        Period {
            key: "quarter",
            start: quarter,
            end: as_of,
        },
    ]
}

fn period_title(p: &Period, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const QUARTERS: [&str; 4] = ["一", "二", "三", "四"];
    let (y, m, q) = (p.start.year, p.start.month, p.start.quarter());
    match (p.key, lang) {
        ("month", Lang::Zh) => format!("{y}年{m}月"),
        ("month", Lang::En) => format!("{} {y}", MONTHS[(m - 1) as usize]),
        (_, Lang::Zh) => format!("{y}年第{}季度", QUARTERS[(q - 1) as usize]),
        (_, Lang::En) => format!("Q{q} {y}"),
    }
}

/// How an issue was answered: the `resolved` or `declined` event, with its note.
#[derive(Serialize)]
struct Answer {
    event: EventKind,
    event_label: String,
    date: Date,
    date_text: String,
    note: Option<String>,
}

#[derive(Serialize)]
struct PrintIssue {
    #[serde(flatten)]
    summary: IssueSummary,
    answer: Option<Answer>,
    feedback: Vec<FeedbackView>,
    qr: Qr,
}

#[derive(Serialize)]
struct PrintResolution {
    #[serde(flatten)]
    resolution: ResolutionView,
    qr: Qr,
}

/// A milestone done, or due, in the period.
#[derive(Serialize)]
struct MilestoneNews {
    project: String,
    title: String,
    due_text: Option<String>,
    done_text: Option<String>,
    done: bool,
    overdue: bool,
}

#[derive(Serialize)]
struct PrintPlan {
    #[serde(flatten)]
    plan: PlanView,
    /// Milestones done in the period, or due in it (done or not), in date order.
    milestones: Vec<MilestoneNews>,
    qr: Qr,
}

#[derive(Serialize)]
struct Part {
    key: &'static str,
    title: String,
    start: Date,
    start_text: String,
    end: Date,
    end_text: String,
    new_issues: Vec<PrintIssue>,
    answered_issues: Vec<PrintIssue>,
    resolutions: Vec<PrintResolution>,
    plans: Vec<PrintPlan>,
}

struct Ctx<'a, 'v> {
    model: &'a Model,
    v: &'a Views<'v>,
    lang: Lang,
    scan: String,
    qrs: RefCell<Qrs>,
}

impl Ctx<'_, '_> {
    fn qr(&self, rel: &str, title: &str) -> Qr {
        self.qrs.borrow_mut().get(
            &self.model.site.base_url,
            rel,
            format!("{}{}", self.scan, title),
        )
    }

    fn issue(&self, i: &crate::model::Issue) -> Option<PrintIssue> {
        let summary = self.v.summary(&i.id)?.clone();
        let answer = i.answer().map(|e| Answer {
            event: e.kind,
            event_label: self.v.t.code("event", e.kind.code()),
            date: e.date,
            date_text: e.date.text(self.lang),
            note: e.note.clone(),
        });
        Some(PrintIssue {
            qr: self.qr(&summary.url, &summary.title),
            summary,
            answer,
            feedback: self.v.feedback(i),
        })
    }

    fn plan(&self, p: &Plan, period: &Period) -> PrintPlan {
        let mut milestones: Vec<(Date, MilestoneNews)> = Vec::new();
        for q in p.projects.iter().filter(|q| !q.cancelled) {
            for m in &q.milestones {
                let when = match (m.done, m.due) {
                    (Some(d), _) if period.holds(d) => d,
                    (_, Some(d)) if period.holds(d) => d,
                    _ => continue,
                };
                milestones.push((
                    when,
                    MilestoneNews {
                        project: q.title.clone(),
                        title: m.title.clone(),
                        due_text: m.due.map(|d| d.text(self.lang)),
                        done_text: m.done.map(|d| d.text(self.lang)),
                        done: m.done.is_some(),
                        overdue: m.overdue,
                    },
                ));
            }
        }
        milestones.sort_by_key(|(d, _)| *d);
        PrintPlan {
            plan: self.v.plan(p, false),
            milestones: milestones.into_iter().map(|(_, m)| m).collect(),
            qr: self.qr(&format!("plans/{}/", p.id), &p.title),
        }
    }

    fn part(&self, period: &Period) -> Part {
        let m = self.model;
        let mut raised: Vec<_> = m.issues.iter().filter(|i| period.holds(i.raised)).collect();
        raised.sort_by(|a, b| (a.raised, &a.id).cmp(&(b.raised, &b.id)));
        let mut answered: Vec<_> = m
            .issues
            .iter()
            .filter_map(|i| Some((i.answer()?.date, i)))
            .filter(|(d, _)| period.holds(*d))
            .collect();
        answered.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        let mut adopted: Vec<_> = m
            .resolutions
            .iter()
            .filter(|r| r.outcome == Outcome::Adopted)
            .filter_map(|r| Some((r.steps[StepKey::Decision as usize].as_ref()?.date?, r)))
            .filter(|(d, _)| period.holds(*d))
            .collect();
        adopted.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        // The plans under way in the period, in the tracker's order.
        let plans = self
            .v
            .plan_tree()
            .into_iter()
            .filter(|p| {
                p.start.is_none_or(|s| s <= period.end) && p.end.is_none_or(|e| e >= period.start)
            })
            .map(|p| self.plan(p, period))
            .collect();
        Part {
            key: period.key,
            title: period_title(period, self.lang),
            start: period.start,
            start_text: period.start.text(self.lang),
            end: period.end,
            end_text: period.end.text(self.lang),
            new_issues: raised.into_iter().filter_map(|i| self.issue(i)).collect(),
            answered_issues: answered
                .into_iter()
                .filter_map(|(_, i)| self.issue(i))
                .collect(),
            resolutions: adopted
                .into_iter()
                .map(|(_, r)| PrintResolution {
                    resolution: self.v.resolution(r, false),
                    qr: self.qr(&format!("resolutions/{}/", r.id), &r.title),
                })
                .collect(),
            plans,
        }
    }
}

/// The values every print page receives under `print`: the paper, the page's own QR code
/// and the web page it prints (relative to the root).
fn print_value(model: &Model, qr: Qr, web_url: &str, extra: Value) -> Value {
    let mut v = json!({
        "paper": model.site.print_paper.code(),
        "qr": qr,
        "web_url": web_url,
    });
    if let (Some(o), Value::Object(e)) = (v.as_object_mut(), extra) {
        o.extend(e);
    }
    v
}

/// Every print page `wanted` accepts (by its file, `print/issues/2020-013/index.html`),
/// with the QR codes made for them.
pub fn pages(
    model: &Model,
    v: &Views,
    t: &Labels,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> (Vec<PrintPage>, Qrs) {
    let lang = model.site.lang;
    let label = |k: &str| t.0.get(k).cloned().unwrap_or_else(|| k.to_string());
    let ctx = Ctx {
        model,
        v,
        lang,
        scan: label("print_scan_label"),
        qrs: RefCell::default(),
    };
    let edition = label("print_edition");
    let mut out: Vec<PrintPage> = Vec::new();

    // The edition: both parts, and each alone.
    let [month, quarter] = periods(model.site.as_of);
    let editions: [(&str, &[Period]); 3] = [
        ("print/", &[month, quarter]),
        ("print/month/", &[month]),
        ("print/quarter/", &[quarter]),
    ];
    // Each part is made once, for whichever editions show it.
    let mut made: Vec<(Period, String, Value)> = Vec::new();
    for (dir, periods) in editions {
        if !wanted(&format!("{dir}index.html")) {
            continue;
        }
        let mut parts = Vec::new();
        let mut titles = Vec::new();
        for p in periods {
            if !made.iter().any(|(q, _, _)| q == p) {
                let part = ctx.part(p);
                made.push((*p, part.title.clone(), json!(part)));
            }
            if let Some((_, title, value)) = made.iter().find(|(q, _, _)| q == p) {
                titles.push(title.clone());
                parts.push(value.clone());
            }
        }
        let title = format!("{edition} · {}", titles.join(" · "));
        let home = ctx.qr("", &model.site.title);
        let value = print_value(model, home, "", json!({ "parts": parts }));
        out.push(("print.html", dir.to_string(), title, vec![("print", value)]));
    }

    (out, ctx.qrs.into_inner())
}

/// The print view of one record (`print/issues/2020-013/`), rendered in the same job as the
/// record's page and from the same view of it: made one by one, on every core, never all
/// held at once.
pub struct RecordPrint {
    model_base: String,
    paper: &'static str,
    scan: String,
    edition: String,
    /// The codes the edition made (see [`pages`]).
    qrs: Qrs,
}

impl RecordPrint {
    pub fn new(model: &Model, t: &Labels, qrs: Qrs) -> RecordPrint {
        let label = |k: &str| t.0.get(k).cloned().unwrap_or_else(|| k.to_string());
        RecordPrint {
            model_base: model.site.base_url.clone(),
            paper: model.site.print_paper.code(),
            scan: label("print_scan_label"),
            edition: label("print_edition"),
            qrs,
        }
    }

    /// The print view's file, `print/<kind>/<id>/index.html`.
    pub fn file(kind: &str, id: &str) -> String {
        format!("print/{kind}/{id}/index.html")
    }

    /// The folder, the title and the `print` value of a record's print view.
    pub fn page(&self, kind: &str, id: &str, title: &str) -> (String, String, Value) {
        let web = format!("{kind}/{id}/");
        let label = format!("{}{}", self.scan, title);
        let qr = match self.qrs.made(&web, &label) {
            Some(qr) => qr.clone(),
            None => qr_of(&self.model_base, &web, &label),
        };
        let value = json!({
            "paper": self.paper,
            "qr": qr,
            "web_url": web,
            "kind": kind,
        });
        (
            format!("print/{kind}/{id}/"),
            format!("{title} · {}", self.edition),
            value,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("a date")
    }

    #[test]
    fn this_month_and_this_quarter_run_to_as_of() {
        let [m, q] = periods(d("2020-11-13"));
        assert_eq!((m.start, m.end), (d("2020-11-01"), d("2020-11-13")));
        assert_eq!((q.start, q.end), (d("2020-10-01"), d("2020-11-13")));
        let [m, q] = periods(d("2021-01-01"));
        assert_eq!((m.start, q.start), (d("2021-01-01"), d("2021-01-01")));
        let [m, q] = periods(d("2020-03-31"));
        assert_eq!((m.start, q.start), (d("2020-03-01"), d("2020-01-01")));
        assert!(q.holds(d("2020-01-01")) && q.holds(d("2020-03-31")));
        assert!(!q.holds(d("2019-12-31")) && !q.holds(d("2020-04-01")));
    }

    #[test]
    fn period_titles() {
        let [m, q] = periods(d("2020-11-13"));
        assert_eq!(period_title(&m, Lang::Zh), "2020年11月");
        assert_eq!(period_title(&q, Lang::Zh), "2020年第四季度");
        assert_eq!(period_title(&m, Lang::En), "November 2020");
        assert_eq!(period_title(&q, Lang::En), "Q4 2020");
    }

    #[test]
    fn a_qr_code_holds_the_absolute_url() {
        let q = qr_of("https://example.org/v/", "issues/1/", "扫码");
        assert_eq!(q.url, "https://example.org/v/issues/1/");
        assert_eq!(q.short_url, "example.org/v/issues/1/");
        assert_eq!(q.short_url_parts, ["example.org/", "v/", "issues/", "1/"]);
        assert!(q.svg.is_some_and(|s| s.contains("aria-label=\"扫码\"")));
    }
}
