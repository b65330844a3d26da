//! The figures of the home page and `/stats/`: numbers from `crate::stats`, words from the
//! theme's labels, charts from `crate::charts`. What each figure counts is said once, in the
//! labels (`how_…`), and printed under it.

use super::{money_text, PlanRef, StatusCount, Views};
use crate::charts::{self, Bar, Cell, Column, Pair, Part};

/// A share in whole percent (see `charts::share_percent`).
fn percent(part: u32, whole: u32) -> u32 {
    charts::share_percent(f64::from(part), f64::from(whole))
}
use crate::date::Date;
use crate::model::{Outcome, Plan, Source, Status};
use crate::stats;
use crate::tr;
use serde::Serialize;

/// How many months the per-month chart shows, ending with the month of as_of.
pub const MONTHS: usize = 24;

#[derive(Serialize)]
pub struct Figures {
    pub total: usize,
    pub open: usize,
    /// Status `resolved` or `closed`.
    pub resolved: usize,
    pub awaiting_feedback: usize,
    pub by_status: Vec<StatusCount>,
    /// The open statuses only (received, analysing, in progress, escalated).
    pub open_by_status: Vec<StatusCount>,
    /// Resolved in the calendar quarter of as_of (see `stats::resolved_in_quarter`).
    pub resolved_quarter: usize,
    /// That quarter in words: `2026年第4季度` / `Q4 2026`.
    pub quarter_text: String,
    /// The mean rolled-up progress of `current_plans`; null with no plan.
    pub plan_progress: Option<u32>,
    /// The plans in force on as_of, without those whose parent is also in force; when none
    /// is, the plans without a parent that ended last.
    pub current_plans: Vec<PlanRef>,
}

/// A row of a figure's table: its name (with the list behind it, if any) and its cells.
#[derive(Serialize)]
pub struct Row {
    pub label: String,
    pub url: Option<String>,
    pub cells: Vec<String>,
}

/// A chart with its table and the line that says how it is computed.
#[derive(Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    /// SVG markup (print with `| safe`); empty when there is nothing to draw.
    pub svg: String,
    pub head: Vec<String>,
    pub rows: Vec<Row>,
    pub foot: Option<Row>,
    pub how: String,
}

/// A single figure: its value in words and how it is computed.
#[derive(Serialize)]
pub struct FigureLine {
    pub id: &'static str,
    pub label: String,
    pub value_text: String,
    /// The list behind it, relative to the root.
    pub url: Option<String>,
    pub how: String,
}

#[derive(Serialize)]
pub struct StatsView {
    pub lines: Vec<FigureLine>,
    pub by_status: ChartView,
    pub by_source: ChartView,
    pub by_group: ChartView,
    pub by_category: ChartView,
    pub per_month: ChartView,
    pub settled: ChartView,
    pub feedback_rate: ChartView,
    pub outcomes: ChartView,
    pub budget: ChartView,
}

/// `10` or `12.5`.
fn days_text(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

impl Views<'_> {
    fn quarter_text(&self, d: Date) -> String {
        let (y, q) = (d.year, d.quarter());
        let lang = self.lang;
        tr!(lang, "{y}年第{q}季度", "Q{q} {y}")
    }

    /// See [`Figures::current_plans`].
    fn current_plans(&self) -> Vec<&Plan> {
        let as_of = self.m.site.as_of;
        let in_force =
            |p: &Plan| p.start.is_some_and(|s| s <= as_of) && p.end.is_some_and(|e| e >= as_of);
        let tree = self.plan_tree();
        let now: Vec<&Plan> = tree
            .iter()
            .copied()
            .filter(|p| in_force(p))
            .filter(|p| {
                !p.parent
                    .as_deref()
                    .is_some_and(|id| tree.iter().any(|x| x.id == id && in_force(x)))
            })
            .collect();
        if !now.is_empty() {
            return now;
        }
        let roots: Vec<&Plan> = tree
            .iter()
            .copied()
            .filter(|p| self.depth(p) == 0)
            .collect();
        let last = roots.iter().filter_map(|p| p.end).max();
        roots.into_iter().filter(|p| p.end == last).collect()
    }

    pub fn figures(&self) -> Figures {
        let issues = &self.m.issues;
        let count = |s: Status| issues.iter().filter(|i| i.status == s).count();
        let status_count = |s: &Status| StatusCount {
            status: *s,
            label: self.t.code("status", s.code()),
            count: count(*s),
        };
        let current = self.current_plans();
        let plan_progress = (!current.is_empty()).then(|| {
            crate::rules::progress::mean(current.iter().map(|p| p.rolled_up)).round() as u32
        });
        let as_of = self.m.site.as_of;
        Figures {
            total: issues.len(),
            open: issues.iter().filter(|i| i.status.is_open()).count(),
            resolved: count(Status::Resolved) + count(Status::Closed),
            awaiting_feedback: issues.iter().filter(|i| i.feedback_overdue).count(),
            by_status: Status::ALL.iter().map(status_count).collect(),
            open_by_status: Status::ALL
                .iter()
                .filter(|s| s.is_open())
                .map(status_count)
                .collect(),
            resolved_quarter: issues
                .iter()
                .filter(|i| stats::resolved_in_quarter(i, as_of))
                .count(),
            quarter_text: self.quarter_text(as_of),
            plan_progress,
            current_plans: current.iter().map(|p| self.plan_ref(p)).collect(),
        }
    }

    /// `title：a 1，b 2。数据截至…` — the text alternative of a chart.
    pub(super) fn chart_desc(&self, title: &str, items: &[(String, String)]) -> String {
        let list = items
            .iter()
            .map(|(l, v)| format!("{l} {v}"))
            .collect::<Vec<_>>()
            .join(&self.label("list_sep"));
        let a = self.text(self.m.site.as_of);
        let lang = self.lang;
        tr!(
            lang,
            "{title}：{list}。数据截至{a}。",
            "{title}: {list}. As of {a}."
        )
    }

    /// A bar chart of counts, with its table (the list behind each row when `url` gives one).
    fn count_chart(
        &self,
        id: &str,
        title_key: &str,
        head_key: &str,
        rows: Vec<(String, usize, Option<String>)>,
    ) -> ChartView {
        let title = self.label(title_key);
        let total: usize = rows.iter().map(|r| r.1).sum();
        let items: Vec<(String, String)> = rows
            .iter()
            .map(|(l, c, _)| (l.clone(), c.to_string()))
            .collect();
        let bars: Vec<Bar> = rows
            .iter()
            .map(|(l, c, _)| Bar {
                label: l.clone(),
                value: *c as f64,
                value_text: c.to_string(),
            })
            .collect();
        let svg = if total == 0 {
            String::new()
        } else {
            charts::bars(id, &title, &self.chart_desc(&title, &items), &bars)
        };
        ChartView {
            id: id.to_string(),
            svg,
            head: vec![
                self.label(head_key),
                self.label("count"),
                self.label("share"),
            ],
            rows: rows
                .into_iter()
                .map(|(label, c, url)| Row {
                    label,
                    url,
                    cells: vec![
                        c.to_string(),
                        format!("{}%", percent(c as u32, total as u32)),
                    ],
                })
                .collect(),
            foot: Some(Row {
                label: self.label("total"),
                url: None,
                cells: vec![total.to_string(), String::new()],
            }),
            how: self.label(&format!("how_{id}")),
            title,
        }
    }

    fn share_chart(&self, id: &str, parts: [(String, usize); 2]) -> ChartView {
        let title = self.label(&format!("chart_{id}"));
        let total = parts[0].1 + parts[1].1;
        let lang = self.lang;
        let items: Vec<(String, String)> = parts
            .iter()
            .map(|(l, c)| {
                let p = percent(*c as u32, total as u32);
                (l.clone(), tr!(lang, "{c}（{p}%）", "{c} ({p}%)"))
            })
            .collect();
        let svg = charts::stacked(
            id,
            &title,
            &self.chart_desc(&title, &items),
            &parts
                .iter()
                .zip(&items)
                .map(|((l, c), (_, v))| Part {
                    label: l.clone(),
                    value: *c as f64,
                    value_text: v.clone(),
                })
                .collect::<Vec<_>>(),
        );
        ChartView {
            id: id.to_string(),
            svg,
            head: vec![String::new(), self.label("count"), self.label("share")],
            rows: parts
                .into_iter()
                .map(|(label, c)| Row {
                    label,
                    url: None,
                    cells: vec![
                        c.to_string(),
                        format!("{}%", percent(c as u32, total as u32)),
                    ],
                })
                .collect(),
            foot: Some(Row {
                label: self.label("total"),
                url: None,
                cells: vec![total.to_string(), String::new()],
            }),
            how: self.label(&format!("how_{id}")),
            title,
        }
    }

    /// Everything `/stats/` shows beyond `figures`.
    pub fn stats_page(&self) -> StatsView {
        let m = self.m;
        let issues = &m.issues;
        let site = &m.site;
        let f = self.figures();
        let lang = self.lang;
        let unit_days = self.label("unit_days");

        // Counts.
        let by_status = self.count_chart(
            "by_status",
            "by_status",
            "status",
            f.by_status
                .iter()
                .map(|s| {
                    (
                        s.label.clone(),
                        s.count,
                        Some(format!("issues/status/{}/", s.status.code())),
                    )
                })
                .collect(),
        );
        let by_source = self.count_chart(
            "by_source",
            "by_source",
            "source",
            Source::ALL
                .iter()
                .map(|s| {
                    (
                        self.t.code("source", s.code()),
                        issues.iter().filter(|i| i.source == *s).count(),
                        None,
                    )
                })
                .collect(),
        );
        let by_category = self.count_chart(
            "by_category",
            "by_category",
            "category",
            site.categories
                .iter()
                .map(|c| {
                    (
                        c.name.clone(),
                        issues.iter().filter(|i| i.category == c.id).count(),
                        Some(format!("issues/category/{}/", c.id)),
                    )
                })
                .collect(),
        );
        let outcomes = self.count_chart(
            "outcomes",
            "by_outcome",
            "outcome",
            Outcome::ALL
                .iter()
                .map(|o| {
                    (
                        self.t.code("outcome", o.code()),
                        m.resolutions.iter().filter(|r| r.outcome == *o).count(),
                        None,
                    )
                })
                .collect(),
        );

        // Groups: a grid of the village, and a table with households.
        let group_counts: Vec<(usize, &crate::model::Group)> = site
            .groups
            .iter()
            .map(|g| (issues.iter().filter(|i| i.group == g.id).count(), g))
            .collect();
        let title = self.label("by_group");
        let items: Vec<(String, String)> = group_counts
            .iter()
            .map(|(c, g)| (g.name.clone(), c.to_string()))
            .collect();
        let cells: Vec<Cell> = group_counts
            .iter()
            .map(|(c, g)| Cell {
                label: g.name.clone(),
                value: *c as f64,
                value_text: c.to_string(),
                note: None,
                level: None,
            })
            .collect();
        let total: usize = group_counts.iter().map(|(c, _)| c).sum();
        let by_group = ChartView {
            id: "by_group".into(),
            svg: charts::grid(
                "by_group",
                &title,
                &self.chart_desc(&title, &items),
                &cells,
                5,
                None,
            ),
            head: vec![
                self.label("group"),
                self.label("count"),
                self.label("households"),
            ],
            rows: group_counts
                .iter()
                .map(|(c, g)| Row {
                    label: g.name.clone(),
                    url: Some(format!("issues/group/{}/", g.id)),
                    cells: vec![c.to_string(), g.households.to_string()],
                })
                .collect(),
            foot: Some(Row {
                label: self.label("total"),
                url: None,
                cells: vec![
                    total.to_string(),
                    site.groups
                        .iter()
                        .map(|g| g.households)
                        .sum::<u32>()
                        .to_string(),
                ],
            }),
            how: self.label("how_by_group"),
            title,
        };

        // Raised per month.
        let months = stats::raised_per_month(issues, site.as_of, MONTHS);
        let title = self.label("chart_per_month");
        let month_text = |y: i32, mo: u32| {
            const EN: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let name = EN[(mo as usize).clamp(1, 12) - 1];
            tr!(lang, "{y}年{mo}月", "{name} {y}")
        };
        let items: Vec<(String, String)> = months
            .iter()
            .map(|x| (month_text(x.year, x.month), x.count.to_string()))
            .collect();
        let cols: Vec<Column> = months
            .iter()
            .enumerate()
            .map(|(k, x)| Column {
                label: x.month.to_string(),
                note: (k == 0 || x.month == 1).then(|| x.year.to_string()),
                value: x.count as f64,
                value_text: x.count.to_string(),
            })
            .collect();
        let per_month = ChartView {
            id: "per_month".into(),
            svg: charts::columns("per_month", &title, &self.chart_desc(&title, &items), &cols),
            head: vec![self.label("month"), self.label("count")],
            rows: items
                .into_iter()
                .map(|(label, c)| Row {
                    label,
                    url: None,
                    cells: vec![c],
                })
                .collect(),
            foot: None,
            how: self.label("how_per_month"),
            title,
        };

        // Settled in the village, feedback.
        let s = stats::settled(issues);
        let settled = self.share_chart(
            "settled",
            [
                (self.label("settled_in_village"), s.in_village),
                (self.label("settled_after_escalation"), s.escalated),
            ],
        );
        let fb = stats::feedback_rate(issues);
        let feedback_rate = self.share_chart(
            "feedback_rate",
            [
                (self.label("fed_back"), fb.fed_back),
                (self.label("not_fed_back"), fb.answered - fb.fed_back),
            ],
        );

        // Budgets against spending, plan by plan (nested plans are not added up).
        let tree = self.plan_tree();
        let with_money: Vec<(&Plan, stats::Money)> = tree
            .iter()
            .map(|p| (*p, stats::plan_money(p)))
            .filter(|(_, mo)| mo.has_amounts)
            .collect();
        let title = self.label("chart_budget");
        let (b_name, s_name) = (self.label("budget"), self.label("spent"));
        let pairs: Vec<Pair> = with_money
            .iter()
            .map(|(p, mo)| Pair {
                label: p.title.clone(),
                a: mo.budget,
                a_text: format!("{b_name} {}", money_text(mo.budget, lang)),
                b: mo.spent,
                b_text: format!("{s_name} {}", money_text(mo.spent, lang)),
                flag: (mo.spent > mo.budget).then(|| self.label("over_budget")),
            })
            .collect();
        let items: Vec<(String, String)> = pairs
            .iter()
            .map(|x| (x.label.clone(), format!("{}, {}", x.a_text, x.b_text)))
            .collect();
        let budget = ChartView {
            id: "budget".into(),
            svg: charts::pairs("budget", &title, &self.chart_desc(&title, &items), &pairs),
            head: vec![self.label("plan"), b_name.clone(), s_name.clone()],
            rows: with_money
                .iter()
                .map(|(p, mo)| Row {
                    label: p.title.clone(),
                    url: Some(format!("plans/{}/", p.id)),
                    cells: vec![money_text(mo.budget, lang), {
                        let spent = money_text(mo.spent, lang);
                        if mo.budget > 0.0 {
                            let p = charts::share_percent(mo.spent, mo.budget);
                            tr!(lang, "{spent}（{p}%）", "{spent} ({p}%)")
                        } else {
                            spent
                        }
                    }],
                })
                .collect(),
            foot: None,
            how: self.label("how_budget"),
            title,
        };

        // The figures, one line each.
        let d = stats::resolve_days(issues);
        let of = |part: usize, whole: usize| -> String {
            if whole == 0 {
                return "—".into();
            }
            let p = percent(part as u32, whole as u32);
            tr!(lang, "{p}%（{part}/{whole}）", "{p}% ({part}/{whole})")
        };
        let line = |id: &'static str, value_text: String, url: Option<&str>| FigureLine {
            id,
            label: self.label(&format!("figure_{id}")),
            value_text,
            url: url.map(str::to_string),
            how: self.label(&format!("how_{id}")),
        };
        let days = |v: Option<String>| match v {
            Some(v) => format!("{v}{unit_days}"),
            None => "—".into(),
        };
        let lines = vec![
            line("total", f.total.to_string(), Some("issues/")),
            line("open", f.open.to_string(), Some("issues/open/")),
            FigureLine {
                label: {
                    let (l, q) = (self.label("figure_resolved_quarter"), &f.quarter_text);
                    tr!(lang, "{l}（{q}）", "{l} ({q})")
                },
                ..line(
                    "resolved_quarter",
                    f.resolved_quarter.to_string(),
                    Some("issues/resolved-this-quarter/"),
                )
            },
            line(
                "awaiting_feedback",
                f.awaiting_feedback.to_string(),
                Some("issues/awaiting-feedback/"),
            ),
            line("median_days", days(d.median.map(days_text)), None),
            line("p90_days", days(d.p90.map(|v| v.to_string())), None),
            line("settled", of(s.in_village, s.total()), None),
            line("feedback_rate", of(fb.fed_back, fb.answered), None),
            line(
                "plan_progress",
                f.plan_progress
                    .map_or_else(|| "—".into(), |p| format!("{p}%")),
                Some("plans/"),
            ),
        ];
        let lines = lines
            .into_iter()
            .map(|mut l| {
                if l.id == "median_days" || l.id == "p90_days" {
                    let n = d.count;
                    l.how = format!("{}{}", l.how, tr!(lang, "（共{n}件）", " ({n} issues)"));
                }
                l
            })
            .collect();
        StatsView {
            lines,
            by_status,
            by_source,
            by_group,
            by_category,
            per_month,
            settled,
            feedback_rate,
            outcomes,
            budget,
        }
    }
}
