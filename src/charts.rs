//! Charts as SVG text, made at build time: no script, no web font, no image file.
//!
//! Every chart is 400 units wide and scales to its box (`viewBox`, `width="100%"`), so one
//! drawing serves a 390-px phone, a desktop and paper. Each is `role="img"` with a `<title>`
//! and a `<desc>` (its text alternative), and writes its words and numbers as text: a value
//! is never shown by colour or length alone. Colours come from the theme's CSS classes
//! (`.chart .b` …), so a theme restyles them; the page shows the same figures as a table.

use crate::date::Date;
use crate::diag::Lang;
use std::fmt::Write;

/// The width of every chart, in SVG units (≈ px on a phone).
pub const W: f64 = 400.0;
const FONT: f64 = 14.0;
const SMALL: f64 = 12.0;

/// Escapes text for SVG (XML) content and attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate: at most one decimal, no trailing zero (keeps the markup small).
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// An estimate of the width of `s` at `size`: CJK and full-width characters are one em,
/// others a little over half of one. Good enough to place and shorten labels.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                if c.is_ascii_uppercase() {
                    0.68
                } else {
                    0.56
                }
            } else if ('\u{2000}'..='\u{206f}').contains(&c) {
                0.6
            } else {
                1.0
            }
        })
        .sum::<f64>()
        * size
}

/// `s`, shortened with `…` to fit `max` units at `size`.
pub fn fit(s: &str, size: f64, max: f64) -> String {
    if text_width(s, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        let mut next = out.clone();
        next.push(c);
        if text_width(&next, size) + size > max {
            break;
        }
        out = next;
    }
    out.push('…');
    out
}

/// A share in whole percent, rounded to the nearest, but never 0 for a part above nothing
/// nor 100 for a part short of the whole (1 of 300 is 1%, 299 of 300 is 99%).
pub fn share_percent(part: f64, whole: f64) -> u32 {
    if whole <= 0.0 || part <= 0.0 {
        return 0;
    }
    let p = (part / whole * 100.0).round() as u32;
    if part < whole {
        p.clamp(1, 99)
    } else {
        p
    }
}

/// The opening of a chart: its box, role and text alternative. `id` must be unique on the page.
fn open(out: &mut String, id: &str, class: &str, height: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg class=\"chart {class}\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"{id}-t {id}-d\" font-size=\"{FONT}\">\
         <title id=\"{id}-t\">{t}</title><desc id=\"{id}-d\">{d}</desc>",
        w = n(W),
        h = n(height),
        t = esc(title),
        d = esc(desc),
    );
}

fn text(out: &mut String, x: f64, y: f64, class: &str, anchor: &str, s: &str) {
    let _ = write!(out, "<text x=\"{}\" y=\"{}\"", n(x), n(y));
    if !class.is_empty() {
        let _ = write!(out, " class=\"{class}\"");
    }
    if !anchor.is_empty() {
        let _ = write!(out, " text-anchor=\"{anchor}\"");
    }
    let _ = write!(out, ">{}</text>", esc(s));
}

fn rect(out: &mut String, x: f64, y: f64, w: f64, h: f64, class: &str) {
    let _ = write!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
        n(x),
        n(y),
        n(w.max(0.0)),
        n(h)
    );
    if class.is_empty() {
        out.push_str("/>");
    } else {
        let _ = write!(out, " class=\"{class}\"/>");
    }
}

/// One bar of a bar chart: a label, a value and the value as shown (`12`, `35%`).
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub value_text: String,
}

/// Horizontal bars, labels on the left, each value written after its bar; lengths are
/// relative to the largest value. Empty with no bars.
pub fn bars(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    if bars.is_empty() {
        return String::new();
    }
    const ROW: f64 = 26.0;
    let lw = bars
        .iter()
        .map(|b| text_width(&b.label, FONT))
        .fold(0.0, f64::max)
        .clamp(30.0, 150.0)
        + 8.0;
    let vw = bars
        .iter()
        .map(|b| text_width(&b.value_text, FONT))
        .fold(0.0, f64::max)
        + 8.0;
    let room = W - lw - vw;
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let height = ROW * bars.len() as f64 + 2.0;
    let mut out = String::new();
    open(&mut out, id, "bars", height, title, desc);
    for (i, b) in bars.iter().enumerate() {
        let y = i as f64 * ROW;
        text(
            &mut out,
            lw - 6.0,
            y + 17.0,
            "",
            "end",
            &fit(&b.label, FONT, lw - 8.0),
        );
        let len = if max > 0.0 { room * b.value / max } else { 0.0 };
        if len > 0.0 {
            rect(&mut out, lw, y + 5.0, len, 16.0, "b");
        }
        text(&mut out, lw + len + 4.0, y + 17.0, "v", "", &b.value_text);
    }
    let _ = write!(
        out,
        "<path d=\"M{} 0V{}\" class=\"ax\"/></svg>",
        n(lw),
        n(height)
    );
    out
}

/// Columns, one per period (month), with the value above each and the label below; `note`
/// is written under the label (the year, on the first month and each January).
#[derive(Clone, Debug)]
pub struct Column {
    pub label: String,
    pub note: Option<String>,
    pub value: f64,
    pub value_text: String,
}

pub fn columns(id: &str, title: &str, desc: &str, cols: &[Column]) -> String {
    if cols.is_empty() {
        return String::new();
    }
    const TOP: f64 = 16.0;
    const PLOT: f64 = 110.0;
    let height = TOP + PLOT + 34.0;
    let cw = W / cols.len() as f64;
    let bw = (cw * 0.72).min(30.0);
    let max = cols.iter().map(|c| c.value).fold(0.0, f64::max);
    let base = TOP + PLOT;
    let mut out = String::new();
    open(&mut out, id, "columns", height, title, desc);
    let mids: Vec<(f64, f64)> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let h = if max > 0.0 { PLOT * c.value / max } else { 0.0 };
            (cw * (i as f64 + 0.5), h)
        })
        .collect();
    // Grouped by kind, so that each group states its class and anchor once.
    out.push_str("<g class=\"b\">");
    for (mid, h) in mids.iter().filter(|(_, h)| *h > 0.0) {
        rect(&mut out, mid - bw / 2.0, base - h, bw, *h, "");
    }
    out.push_str("</g><g class=\"v\" text-anchor=\"middle\">");
    for ((mid, h), c) in mids.iter().zip(cols).filter(|((_, h), _)| *h > 0.0) {
        text(&mut out, *mid, base - h - 4.0, "", "", &c.value_text);
    }
    out.push_str("</g><g class=\"lb\" text-anchor=\"middle\">");
    for ((mid, _), c) in mids.iter().zip(cols) {
        text(&mut out, *mid, base + 14.0, "", "", &c.label);
    }
    out.push_str("</g><g class=\"lb\">");
    for ((mid, _), c) in mids.iter().zip(cols) {
        if let Some(note) = &c.note {
            text(&mut out, mid - cw / 2.0 + 1.0, base + 30.0, "", "", note);
        }
    }
    let _ = write!(
        out,
        "</g><path d=\"M0 {b}H{w}\" class=\"ax\"/></svg>",
        b = n(base),
        w = n(W)
    );
    out
}

/// A cell of a grid: a name and its value; its shade is one of five levels of the value.
#[derive(Clone, Debug)]
pub struct Cell {
    pub label: String,
    pub value: f64,
    pub value_text: String,
    /// Written small under the value (`40/42`).
    pub note: Option<String>,
    /// The shade (0–4), when the caller's scale is not "share of the largest value".
    pub level: Option<u32>,
}

/// The shade of a value: 0 for zero, else 1–4 by its share of the largest value.
pub fn level(value: f64, max: f64) -> u32 {
    if value <= 0.0 || max <= 0.0 {
        0
    } else {
        ((4.0 * value / max).ceil() as u32).clamp(1, 4)
    }
}

/// A grid of cells (the villager groups), `per_row` to a row, each with its name and value;
/// shades are relative to `scale` (the largest value when None).
pub fn grid(
    id: &str,
    title: &str,
    desc: &str,
    cells: &[Cell],
    per_row: usize,
    scale: Option<f64>,
) -> String {
    if cells.is_empty() {
        return String::new();
    }
    let notes = cells.iter().any(|c| c.note.is_some());
    let ch = if notes { 70.0 } else { 56.0 };
    let per_row = per_row.clamp(1, cells.len());
    let cw = W / per_row as f64;
    let rows = cells.len().div_ceil(per_row);
    let max = scale.unwrap_or_else(|| cells.iter().map(|c| c.value).fold(0.0, f64::max));
    let mut out = String::new();
    open(&mut out, id, "grid", ch * rows as f64, title, desc);
    for (i, c) in cells.iter().enumerate() {
        let (x, y) = ((i % per_row) as f64 * cw, (i / per_row) as f64 * ch);
        let shade = c.level.unwrap_or_else(|| level(c.value, max)).min(4);
        let _ = write!(out, "<g class=\"g{shade}\">");
        rect(&mut out, x + 1.0, y + 1.0, cw - 2.0, ch - 2.0, "");
        text(
            &mut out,
            x + 6.0,
            y + 18.0,
            "",
            "",
            &fit(&c.label, FONT, cw - 10.0),
        );
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"20\" font-weight=\"700\">{}</text>",
            n(x + 6.0),
            n(y + 45.0),
            esc(&c.value_text)
        );
        if let Some(note) = &c.note {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{SMALL}\">{}</text>",
                n(x + 6.0),
                n(y + 62.0),
                esc(&fit(note, SMALL, cw - 10.0))
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// One part of a whole (settled in the village / after escalation).
#[derive(Clone, Debug)]
pub struct Part {
    pub label: String,
    pub value: f64,
    pub value_text: String,
}

/// Diagonal hatching over the box (x, y, w, h), as one path: lines 6 units apart, clipped to
/// the box. Drawn lines rather than a `<pattern>`, so that no `url(…)` is needed.
fn hatch(out: &mut String, x: f64, y: f64, w: f64, h: f64) {
    let mut d = String::new();
    let mut a = x - h;
    while a < x + w {
        // The segment from (a, y + h) to (a + h, y), kept where x ≤ · ≤ x + w.
        let t0 = ((x - a) / h).max(0.0);
        let t1 = ((x + w - a) / h).min(1.0);
        if t0 < t1 {
            let _ = write!(
                d,
                "M{} {}L{} {}",
                n(a + t0 * h),
                n(y + h - t0 * h),
                n(a + t1 * h),
                n(y + h - t1 * h)
            );
        }
        a += 6.0;
    }
    if !d.is_empty() {
        let _ = write!(out, "<path d=\"{d}\" class=\"hatch\"/>");
    }
}

/// A bar of 100 % cut into parts, every second part hatched; each part named with its value
/// in the key below, and its share written inside when there is room.
pub fn stacked(id: &str, title: &str, desc: &str, parts: &[Part]) -> String {
    let total: f64 = parts.iter().map(|p| p.value).sum();
    if parts.is_empty() || total <= 0.0 {
        return String::new();
    }
    const BAR: f64 = 30.0;
    let height = BAR + 10.0 + 22.0 * parts.len() as f64;
    let mut out = String::new();
    open(&mut out, id, "stacked", height, title, desc);
    let mut x = 0.0;
    for (i, p) in parts.iter().enumerate() {
        let w = W * p.value / total;
        rect(&mut out, x, 0.0, w, BAR, &format!("s{}", i % 3));
        if i % 2 == 1 {
            hatch(&mut out, x, 0.0, w, BAR);
        }
        let share = format!("{}%", share_percent(p.value, total));
        if w > text_width(&share, FONT) + 8.0 {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"20\" text-anchor=\"middle\" class=\"in{}\">{share}</text>",
                n(x + w / 2.0),
                i % 3
            );
        }
        x += w;
    }
    for (i, p) in parts.iter().enumerate() {
        let y = BAR + 10.0 + 22.0 * i as f64;
        rect(&mut out, 0.0, y + 2.0, 16.0, 14.0, &format!("s{}", i % 3));
        if i % 2 == 1 {
            hatch(&mut out, 0.0, y + 2.0, 16.0, 14.0);
        }
        text(
            &mut out,
            22.0,
            y + 14.0,
            "",
            "",
            &format!("{} {}", p.label, p.value_text),
        );
    }
    out.push_str("</svg>");
    out
}

/// Two amounts side by side (a plan's budget and what it spent): an outlined bar for the
/// first, a filled one for the second, each with its name and amount written after it.
#[derive(Clone, Debug)]
pub struct Pair {
    pub label: String,
    pub a: f64,
    pub a_text: String,
    pub b: f64,
    pub b_text: String,
    /// A warning written after the label (over budget).
    pub flag: Option<String>,
}

pub fn pairs(id: &str, title: &str, desc: &str, rows: &[Pair]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    const ROW: f64 = 54.0;
    let tw = rows
        .iter()
        .flat_map(|r| [text_width(&r.a_text, SMALL), text_width(&r.b_text, SMALL)])
        .fold(0.0, f64::max)
        + 8.0;
    let room = W - tw.max(60.0);
    let max = rows.iter().flat_map(|r| [r.a, r.b]).fold(0.0, f64::max);
    let mut out = String::new();
    open(&mut out, id, "pairs", ROW * rows.len() as f64, title, desc);
    for (i, r) in rows.iter().enumerate() {
        let y = i as f64 * ROW;
        let flag = r
            .flag
            .as_deref()
            .map(|f| format!(" · {f}"))
            .unwrap_or_default();
        let label = fit(&format!("{}{flag}", r.label), FONT, W - 4.0);
        text(
            &mut out,
            0.0,
            y + 14.0,
            if flag.is_empty() { "" } else { "warn" },
            "",
            &label,
        );
        for (k, (v, t)) in [(r.a, &r.a_text), (r.b, &r.b_text)].into_iter().enumerate() {
            let by = y + 20.0 + k as f64 * 15.0;
            let len = if max > 0.0 { room * v / max } else { 0.0 };
            rect(
                &mut out,
                0.5,
                by + 0.5,
                len,
                11.0,
                if k == 0 { "pa" } else { "pb" },
            );
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{SMALL}\">{}</text>",
                n(len + 5.0),
                n(by + 10.0),
                esc(t)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// A milestone on a Gantt row, at its due date (or the day it was done, when it has no due
/// date): filled when done, hollow when not, hollow with `!` when overdue.
#[derive(Clone, Debug)]
pub struct Mark {
    pub date: Date,
    pub done: bool,
    pub overdue: bool,
}

/// A project on the timeline: its span, its progress drawn inside the span, its milestones.
/// The label should carry the status in words (`青禾桥重建 · 滞后 · 40%`).
#[derive(Clone, Debug)]
pub struct GanttRow {
    pub label: String,
    pub depth: usize,
    pub start: Date,
    pub end: Date,
    pub progress: f64,
    pub cancelled: bool,
    pub marks: Vec<Mark>,
}

/// The words of a Gantt chart's key, in the site's language.
#[derive(Clone, Debug, Default)]
pub struct GanttKey {
    pub progress: String,
    pub done: String,
    pub todo: String,
    pub overdue: String,
    pub as_of: String,
}

#[derive(Clone, Debug)]
pub struct Gantt {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub rows: Vec<GanttRow>,
    pub as_of: Date,
    /// Written at the as-of line (`截至2026年11月20日`).
    pub as_of_text: String,
    pub key: GanttKey,
    pub lang: Lang,
}

/// The first days of months from `start` (exclusive of nothing) to `end`, every `step` months.
fn month_ticks(start: Date, end: Date, step: u32) -> Vec<Date> {
    let mut out = Vec::new();
    let (mut y, mut m) = (start.year, start.month);
    // The first tick on or after start whose month is a multiple of the step (from January).
    loop {
        let d = Date {
            year: y,
            month: m,
            day: 1,
        };
        if d > end {
            break;
        }
        if d >= start && (m - 1) % step == 0 {
            out.push(d);
        }
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

fn month_name(m: u32, lang: Lang) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match lang {
        Lang::Zh => format!("{m}月"),
        Lang::En => EN[(m as usize).clamp(1, 12) - 1].to_string(),
    }
}

/// Ticks of the time axis with their labels: months over a short span, quarters over up to
/// two years, years (every few years over a long span) beyond.
pub fn ticks(start: Date, end: Date, lang: Lang) -> Vec<(Date, String)> {
    let days = start.days_until(end);
    if days <= 130 {
        month_ticks(start, end, 1)
            .into_iter()
            .map(|d| (d, month_name(d.month, lang)))
            .collect()
    } else if days <= 800 {
        month_ticks(start, end, 3)
            .into_iter()
            .map(|d| {
                let label = if d.month == 1 {
                    d.year.to_string()
                } else {
                    month_name(d.month, lang)
                };
                (d, label)
            })
            .collect()
    } else {
        let years = (end.year - start.year + 1).max(1);
        let step = (years as u32).div_ceil(10).max(1);
        month_ticks(start, end, 12)
            .into_iter()
            .filter(|d| (d.year - start.year) as u32 % step == 0)
            .map(|d| (d, d.year.to_string()))
            .collect()
    }
}

/// A Gantt-like timeline: one row per project (its label above its bar), milestones as
/// diamonds, the time axis on top and a dashed line at `as_of`. Empty with no rows.
pub fn gantt(g: &Gantt) -> String {
    let Some(mut start) = g.rows.iter().map(|r| r.start).min() else {
        return String::new();
    };
    let mut end = g
        .rows
        .iter()
        .map(|r| r.end)
        .chain(g.rows.iter().flat_map(|r| r.marks.iter().map(|m| m.date)))
        .max()
        .unwrap_or(start);
    if end <= start {
        end = Date::from_days_since_epoch(start.days_since_epoch() + 1);
    }
    // Take in as_of when it lies close to the span, so that the line can be drawn.
    let span = start.days_until(end);
    if g.as_of > end && end.days_until(g.as_of) <= span / 4 {
        end = g.as_of;
    } else if g.as_of < start && g.as_of.days_until(start) <= span / 4 {
        start = g.as_of;
    }
    const LEFT: f64 = 6.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 22.0;
    const ROW: f64 = 38.0;
    let days = start.days_until(end) as f64;
    let x = |d: Date| LEFT + (W - LEFT - RIGHT) * (start.days_until(d) as f64 / days);
    let rows_end = TOP + ROW * g.rows.len() as f64;

    // The key, laid out in lines that fit the width.
    let swatch = 18.0;
    let items = [
        ("kp", g.key.progress.as_str()),
        ("md", g.key.done.as_str()),
        ("mt", g.key.todo.as_str()),
        ("mo", g.key.overdue.as_str()),
        ("asof", g.key.as_of.as_str()),
    ];
    let mut key_pos = Vec::new();
    let (mut kx, mut ky) = (0.0, 0.0);
    for (_, label) in items {
        let w = swatch + 4.0 + text_width(label, SMALL) + 14.0;
        if kx > 0.0 && kx + w > W {
            kx = 0.0;
            ky += 18.0;
        }
        key_pos.push((kx, ky));
        kx += w;
    }
    let key_top = rows_end + 30.0;
    let height = key_top + ky + 18.0;

    let mut out = String::new();
    open(&mut out, &g.id, "gantt", height, &g.title, &g.desc);
    // Axis: grid lines and labels, skipping a label that would run into the one before.
    let mut last_end = f64::MIN;
    for (d, label) in ticks(start, end, g.lang) {
        let tx = x(d);
        let _ = write!(
            out,
            "<path d=\"M{} 16V{}\" class=\"gl\"/>",
            n(tx),
            n(rows_end)
        );
        let w = text_width(&label, SMALL);
        if tx + 2.0 > last_end + 4.0 && tx + 2.0 + w <= W {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"12\" font-size=\"{SMALL}\" class=\"lb\">{}</text>",
                n(tx + 2.0),
                esc(&label)
            );
            last_end = tx + 2.0 + w;
        }
    }
    for (i, r) in g.rows.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let lx = 2.0 + 12.0 * r.depth.min(4) as f64;
        text(
            &mut out,
            lx,
            y + 12.0,
            "",
            "",
            &fit(&r.label, FONT, W - lx - 2.0),
        );
        let (x0, x1) = (x(r.start.max(start)), x(r.end.min(end)));
        let w = (x1 - x0).max(2.0);
        if r.cancelled {
            rect(&mut out, x0, y + 18.0, w, 12.0, "gs gc");
        } else {
            rect(&mut out, x0, y + 18.0, w, 12.0, "gs");
            let p = w * r.progress.clamp(0.0, 100.0) / 100.0;
            if p > 0.0 {
                rect(&mut out, x0, y + 18.0, p, 12.0, "gp");
            }
        }
        for m in &r.marks {
            let mx = x(m.date.clamp(start, end));
            let cy = y + 24.0;
            let class = if m.done {
                "md"
            } else if m.overdue {
                "mo"
            } else {
                "mt"
            };
            let _ = write!(
                out,
                "<path d=\"M{} {}l6 6-6 6-6-6z\" class=\"{class}\"/>",
                n(mx),
                n(cy - 6.0)
            );
            if m.overdue {
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" class=\"mo-t\">!</text>",
                    n(mx + 6.0),
                    n(cy - 5.0)
                );
            }
        }
    }
    // The as-of line, its date written beside it (on the side with room).
    if g.as_of >= start && g.as_of <= end {
        let ax = x(g.as_of);
        let _ = write!(
            out,
            "<path d=\"M{} 16V{}\" class=\"asof\"/>",
            n(ax),
            n(rows_end + 4.0)
        );
        let w = text_width(&g.as_of_text, SMALL);
        let (tx, anchor) = if ax + 4.0 + w <= W {
            (ax + 4.0, "")
        } else {
            (ax - 4.0, "end")
        };
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{SMALL}\" class=\"asof-t\"{}>{}</text>",
            n(tx),
            n(rows_end + 16.0),
            if anchor.is_empty() {
                String::new()
            } else {
                format!(" text-anchor=\"{anchor}\"")
            },
            esc(&g.as_of_text)
        );
    } else {
        // Outside the span: say so in words at the edge it lies beyond.
        let (tx, anchor, arrow) = if g.as_of > end {
            (W, " text-anchor=\"end\"", format!("{} →", g.as_of_text))
        } else {
            (0.0, "", format!("← {}", g.as_of_text))
        };
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{SMALL}\" class=\"asof-t\"{anchor}>{}</text>",
            n(tx),
            n(rows_end + 16.0),
            esc(&arrow)
        );
    }
    // The key.
    for ((class, label), (kx, ky)) in items.iter().zip(key_pos) {
        let (sx, sy) = (kx, key_top + ky);
        match *class {
            "kp" => {
                rect(&mut out, sx, sy - 9.0, swatch, 10.0, "gs");
                rect(&mut out, sx, sy - 9.0, swatch * 0.6, 10.0, "gp");
            }
            "asof" => {
                let _ = write!(
                    out,
                    "<path d=\"M{} {}v12\" class=\"asof\"/>",
                    n(sx + swatch / 2.0),
                    n(sy - 10.0)
                );
            }
            c => {
                let _ = write!(
                    out,
                    "<path d=\"M{} {}l6 6-6 6-6-6z\" class=\"{c}\"/>",
                    n(sx + swatch / 2.0),
                    n(sy - 10.0)
                );
                if c == "mo" {
                    let _ = write!(
                        out,
                        "<text x=\"{}\" y=\"{}\" class=\"mo-t\">!</text>",
                        n(sx + swatch / 2.0 + 6.0),
                        n(sy - 9.0)
                    );
                }
            }
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{SMALL}\">{}</text>",
            n(sx + swatch + 4.0),
            n(sy),
            esc(label)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("a date")
    }

    /// What every chart must be: an image with a text alternative, scalable, no script.
    #[track_caller]
    fn well_formed(svg: &str, id: &str) {
        assert!(svg.starts_with("<svg class=\"chart "), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("viewBox=\"0 0 400 "));
        assert!(svg.contains("width=\"100%\""));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains(&format!("aria-labelledby=\"{id}-t {id}-d\"")));
        assert!(svg.contains(&format!("<title id=\"{id}-t\">")));
        assert!(svg.contains(&format!("<desc id=\"{id}-d\">")));
        assert!(!svg.to_lowercase().contains("script"));
        assert!(!svg.contains(" on"), "no event handler attributes");
        // Balanced tags, by a crude count.
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    }

    fn bar(label: &str, value: f64) -> Bar {
        Bar {
            label: label.into(),
            value,
            value_text: format!("{value}"),
        }
    }

    #[test]
    fn bars_are_proportional_and_labelled() {
        let svg = bars(
            "c1",
            "按状态",
            "已解决 10，办理中 5",
            &[bar("已解决", 10.0), bar("办理中", 5.0), bar("已上报", 0.0)],
        );
        well_formed(&svg, "c1");
        // Label width 3 CJK × 14 + 8 = 50; value width 2 × 0.56 × 14 + 8 = 23.68; room 326.32.
        assert!(svg.contains("width=\"326.3\""), "{svg}");
        assert!(svg.contains("width=\"163.2\""), "{svg}");
        // A zero value has no bar but still its number.
        assert_eq!(svg.matches("class=\"b\"").count(), 2);
        for word in [">已解决<", ">办理中<", ">已上报<", ">10<", ">5<", ">0<"] {
            assert!(svg.contains(word), "{word} in {svg}");
        }
        assert_eq!(bars("c", "t", "d", &[]), "");
    }

    #[test]
    fn text_is_escaped_everywhere() {
        let evil = "<script>alert(\"x\")</script> & 'y'";
        let svg = bars("c2", evil, evil, &[bar(evil, 1.0)]);
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"));
        let svg = grid(
            "c3",
            "t",
            "d",
            &[Cell {
                label: "a<b".into(),
                value: 1.0,
                value_text: "1&2".into(),
                note: None,
                level: None,
            }],
            5,
            None,
        );
        assert!(
            svg.contains(">a&lt;b<") && svg.contains(">1&amp;2<"),
            "{svg}"
        );
    }

    #[test]
    fn shares_round_but_never_to_the_ends() {
        let table: &[(f64, f64, u32)] = &[
            (11.0, 15.0, 73),
            (4.0, 15.0, 27),
            (1.0, 3.0, 33),
            (2.0, 3.0, 67),
            (1.0, 300.0, 1),
            (299.0, 300.0, 99),
            (5.0, 5.0, 100),
            (0.0, 5.0, 0),
            (3.0, 0.0, 0),
        ];
        for (part, whole, want) in table {
            assert_eq!(share_percent(*part, *whole), *want, "{part}/{whole}");
        }
    }

    #[test]
    fn long_labels_are_shortened_to_fit() {
        assert_eq!(fit("短", FONT, 100.0), "短");
        let s = fit("一二三四五六七八九十", FONT, 60.0);
        assert!(s.ends_with('…'));
        assert!(text_width(&s, FONT) <= 60.0, "{s}");
    }

    #[test]
    fn grid_shades_by_level_and_writes_every_value() {
        assert_eq!(level(0.0, 8.0), 0);
        assert_eq!(level(1.0, 8.0), 1);
        assert_eq!(level(2.0, 8.0), 1);
        assert_eq!(level(3.0, 8.0), 2);
        assert_eq!(level(8.0, 8.0), 4);
        let cells: Vec<Cell> = (1..=7)
            .map(|i| Cell {
                label: format!("{i}组"),
                value: f64::from(i - 1),
                value_text: format!("{}", i - 1),
                note: (i == 1).then(|| "0/40".to_string()),
                level: (i == 7).then_some(2),
            })
            .collect();
        let svg = grid("g", "按小组", "…", &cells, 5, None);
        well_formed(&svg, "g");
        // Two rows of 70 (a cell has a note).
        assert!(svg.contains("viewBox=\"0 0 400 140\""));
        assert!(svg.contains("<g class=\"g0\">"));
        // 5 of 6 is level 4; the last cell (6 of 6) was given level 2.
        assert_eq!(svg.matches("<g class=\"g4\">").count(), 1);
        assert!(svg.ends_with("<g class=\"g2\"><rect x=\"81\" y=\"71\" width=\"78\" height=\"68\"/><text x=\"86\" y=\"88\">7组</text><text x=\"86\" y=\"115\" font-size=\"20\" font-weight=\"700\">6</text></g></svg>"), "{svg}");
        for i in 1..=7 {
            assert!(svg.contains(&format!(">{i}组<")));
        }
        assert!(svg.contains(">0/40<"));
    }

    #[test]
    fn columns_have_a_label_per_month_and_values_above() {
        let cols: Vec<Column> = [(11, 3.0), (12, 0.0), (1, 6.0)]
            .iter()
            .map(|(m, v)| Column {
                label: m.to_string(),
                note: (*m == 1).then(|| "2021".to_string()),
                value: *v,
                value_text: v.to_string(),
            })
            .collect();
        let svg = columns("m", "每月", "…", &cols);
        well_formed(&svg, "m");
        assert_eq!(svg.matches("<rect").count(), 2, "no column for 0");
        // The tallest column fills the plot (110), the other half of it.
        assert!(svg.contains("height=\"110\""));
        assert!(svg.contains("height=\"55\""));
        assert!(svg.contains(">2021<"));
    }

    #[test]
    fn stacked_names_each_part_with_its_value() {
        let parts = [
            Part {
                label: "村内解决".into(),
                value: 3.0,
                value_text: "3".into(),
            },
            Part {
                label: "上报后解决".into(),
                value: 1.0,
                value_text: "1".into(),
            },
        ];
        let svg = stacked("s", "t", "d", &parts);
        well_formed(&svg, "s");
        assert!(svg.contains(">75%<") && svg.contains(">25%<"), "{svg}");
        assert!(svg.contains(">村内解决 3<") && svg.contains(">上报后解决 1<"));
        // The second part and its key are hatched, with lines inside their boxes.
        assert_eq!(svg.matches("class=\"hatch\"").count(), 2, "{svg}");
        assert!(!svg.contains("url("));
        assert_eq!(stacked("s", "t", "d", &[]), "");
    }

    #[test]
    fn hatching_stays_inside_its_box() {
        let mut out = String::new();
        hatch(&mut out, 100.0, 10.0, 50.0, 30.0);
        let d = out
            .split("d=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("a path");
        let nums: Vec<f64> = d
            .split(['M', 'L', ' '])
            .filter(|x| !x.is_empty())
            .map(|x| x.parse().expect("a number"))
            .collect();
        assert!(nums.len() >= 16, "several lines: {d}");
        for xy in nums.chunks(2) {
            assert!((100.0..=150.0).contains(&xy[0]), "x {} in {d}", xy[0]);
            assert!((10.0..=40.0).contains(&xy[1]), "y {} in {d}", xy[1]);
        }
    }

    #[test]
    fn pairs_draw_budget_and_spent() {
        let svg = pairs(
            "p",
            "t",
            "d",
            &[Pair {
                label: "年度计划".into(),
                a: 100.0,
                a_text: "预算 100元".into(),
                b: 120.0,
                b_text: "已支出 120元".into(),
                flag: Some("超出预算".into()),
            }],
        );
        well_formed(&svg, "p");
        assert!(svg.contains("class=\"pa\"") && svg.contains("class=\"pb\""));
        assert!(svg.contains(">年度计划 · 超出预算<"));
        assert!(svg.contains(">预算 100元<") && svg.contains(">已支出 120元<"));
    }

    fn gantt_of(rows: Vec<GanttRow>, as_of: &str) -> Gantt {
        Gantt {
            id: "gt".into(),
            title: "时间表".into(),
            desc: "两个项目".into(),
            rows,
            as_of: d(as_of),
            as_of_text: "截至".into(),
            key: GanttKey {
                progress: "进度".into(),
                done: "已完成节点".into(),
                todo: "未完成节点".into(),
                overdue: "逾期节点".into(),
                as_of: "截至日期".into(),
            },
            lang: Lang::Zh,
        }
    }

    fn row(label: &str, start: &str, end: &str, progress: f64, marks: Vec<Mark>) -> GanttRow {
        GanttRow {
            label: label.into(),
            depth: 0,
            start: d(start),
            end: d(end),
            progress,
            cancelled: false,
            marks,
        }
    }

    #[test]
    fn gantt_draws_rows_marks_and_the_as_of_line() {
        let g = gantt_of(
            vec![
                row(
                    "村道 · 进行中 · 50%",
                    "2020-01-01",
                    "2020-12-31",
                    50.0,
                    vec![
                        Mark {
                            date: d("2020-03-31"),
                            done: true,
                            overdue: false,
                        },
                        Mark {
                            date: d("2020-06-30"),
                            done: false,
                            overdue: true,
                        },
                        Mark {
                            date: d("2020-12-31"),
                            done: false,
                            overdue: false,
                        },
                    ],
                ),
                GanttRow {
                    cancelled: true,
                    ..row("学校 · 已取消", "2020-01-01", "2020-12-31", 0.0, vec![])
                },
            ],
            "2020-07-01",
        );
        let svg = gantt(&g);
        well_formed(&svg, "gt");
        assert!(svg.contains(">村道 · 进行中 · 50%<"));
        assert!(svg.contains(">学校 · 已取消<"));
        assert_eq!(
            svg.matches("class=\"md\"").count(),
            2,
            "one mark and the key"
        );
        assert_eq!(svg.matches("class=\"mo\"").count(), 2);
        assert_eq!(svg.matches("class=\"mt\"").count(), 2);
        assert!(svg.contains("class=\"gs gc\""));
        // 2020 is 365 days from start to end; as_of is day 182: x = 6 + 382 × 182/365.
        let want = 6.0 + 382.0 * 182.0 / 365.0;
        assert!(
            svg.contains(&format!("<path d=\"M{} 16V102\" class=\"asof\"/>", n(want))),
            "{svg}"
        );
        assert!(svg.contains(">截至<"));
        // Quarterly ticks over a year: 2020, 4月, 7月, 10月.
        for t in [">2020<", ">4月<", ">7月<", ">10月<"] {
            assert!(svg.contains(t), "{t}");
        }
        for k in [">进度<", ">已完成节点<", ">逾期节点<", ">截至日期<"] {
            assert!(svg.contains(k), "{k}");
        }
    }

    #[test]
    fn gantt_says_when_as_of_lies_far_outside() {
        let g = gantt_of(
            vec![row("x", "2011-01-01", "2015-12-31", 100.0, vec![])],
            "2026-11-20",
        );
        let svg = gantt(&g);
        // No line, only the key's swatch; the date is written at the right edge.
        assert_eq!(svg.matches("class=\"asof\"").count(), 1, "{svg}");
        assert!(svg.contains(">截至 →<"), "{svg}");
        // Close after the end: the span is stretched to show the line.
        let g = gantt_of(
            vec![row("x", "2021-01-01", "2025-12-31", 90.0, vec![])],
            "2026-11-20",
        );
        let svg = gantt(&g);
        assert_eq!(svg.matches("class=\"asof\"").count(), 2, "{svg}");
        assert!(svg.contains(">2026<"));
        assert_eq!(gantt(&gantt_of(vec![], "2020-01-01")), "");
    }

    #[test]
    fn ticks_by_span() {
        let t = |a: &str, b: &str| -> Vec<String> {
            ticks(d(a), d(b), Lang::Zh)
                .into_iter()
                .map(|(_, l)| l)
                .collect()
        };
        assert_eq!(t("2020-10-01", "2020-12-31"), ["10月", "11月", "12月"]);
        assert_eq!(t("2020-01-01", "2021-06-30").len(), 6);
        assert_eq!(
            t("2011-01-01", "2015-12-31"),
            ["2011", "2012", "2013", "2014", "2015"]
        );
        // Over 25 years, every third year.
        assert_eq!(t("2000-01-01", "2024-12-31").len(), 9);
        assert_eq!(
            ticks(d("2020-10-01"), d("2020-12-31"), Lang::En)[0].1,
            "Oct"
        );
    }
}
