//! issues/*.md: an issue and its timeline.

use super::{mark_draft, parse_source, FileCtx, Ref, Target};
use crate::diag::Diagnostics;
use crate::load::Source;
use crate::model::{Audience, Event, EventKind, Issue, Site, Source as IssueSource};
use crate::raw::RawIssue;
use crate::rules::timeline::{self, Problem};
use crate::tr;

pub fn read(
    src: &Source,
    site: &Site,
    diags: &mut Diagnostics,
    refs: &mut Vec<Ref>,
) -> Option<Issue> {
    let parsed = parse_source::<RawIssue>(src, &site.public_numbers, diags)?;
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
    let raised = ctx.required_date(&raw.raised, "raised");
    let source = if ctx.text(&raw.source).is_none() {
        ctx.missing("source");
        None
    } else {
        ctx.code(
            &raw.source,
            "source",
            IssueSource::CODES,
            IssueSource::from_code,
        )
    };
    let group_ids: Vec<&str> = site.groups.iter().map(|g| g.id.as_str()).collect();
    let zone_ids: Vec<&str> = site.zones.iter().map(|z| z.id.as_str()).collect();
    let category_ids: Vec<&str> = site.categories.iter().map(|c| c.id.as_str()).collect();
    let people_ids: Vec<&str> = site.people.iter().map(|p| p.id.as_str()).collect();
    if ctx.text(&raw.group).is_none() {
        ctx.missing("group");
    }
    let group = ctx.site_ref(&raw.group, "group", "groups", &group_ids);
    let zone = ctx.site_ref(&raw.zone, "zone", "zones", &zone_ids);
    if let (Some(z), Some(g)) = (zone.as_deref().and_then(|z| site.zone(z)), group.as_deref()) {
        if !z.groups.is_empty() && !z.groups.iter().any(|x| x == g) {
            let zone_name = &z.name;
            ctx.warning(
                "zone",
                tr!(
                    lang,
                    "{g} 组不在责任区“{zone_name}”里",
                    "group {g} is not in the zone `{zone_name}`"
                ),
                Some(tr!(
                    lang,
                    "核对 group 和 zone，或在 site.yaml 里把这个组加进该责任区",
                    "check `group` and `zone`, or add the group to that zone in site.yaml"
                )),
            );
        }
    }
    if ctx.text(&raw.category).is_none() {
        ctx.missing("category");
    }
    let category = ctx.site_ref(&raw.category, "category", "categories", &category_ids);
    let assignee = ctx.site_ref(&raw.assignee, "assignee", "people", &people_ids);

    let mut events = Vec::new();
    let mut steps = Vec::new();
    let mut event_paths = Vec::new();
    let mut unreadable = false;
    if raw.timeline.as_ref().is_none_or(|t| t.is_empty()) {
        ctx.error(
            "",
            tr!(
                lang,
                "缺少 timeline（办理经过）",
                "the `timeline` is missing"
            ),
            Some(tr!(
                lang,
                "至少写一条：timeline:\n      - {{date: 受理日期, event: raised}}",
                "write at least: timeline:\n      - {{date: the raised date, event: raised}}"
            )),
        );
    }
    for (i, e) in raw.timeline.iter().flatten().enumerate() {
        let path = format!("timeline.{i}");
        let date = ctx.required_date(&e.date, &format!("{path}.date"));
        let kind = if ctx.text(&e.event).is_none() {
            ctx.missing(&format!("{path}.event"));
            None
        } else {
            ctx.code(
                &e.event,
                &format!("{path}.event"),
                EventKind::CODES,
                EventKind::from_code,
            )
        };
        let audience = ctx.code(
            &e.audience,
            &format!("{path}.audience"),
            Audience::CODES,
            Audience::from_code,
        );
        let to = ctx.text(&e.to);
        let note = ctx.text(&e.note);
        let meeting = ctx.text(&e.meeting);
        if let Some(m) = &meeting {
            ctx.refer(&format!("{path}.meeting"), Target::Meeting, m);
        }
        let ev_assignee = ctx.site_ref(
            &e.assignee,
            &format!("{path}.assignee"),
            "people",
            &people_ids,
        );
        let Some(kind) = kind else {
            unreadable = true;
            continue;
        };
        match kind {
            EventKind::Escalated if to.is_none() => {
                ctx.error(
                    &path,
                    tr!(
                        lang,
                        "上报（escalated）要写明上报给哪个部门",
                        "`escalated` needs the department it went to"
                    ),
                    Some(tr!(
                        lang,
                        "加上 to: 部门名称，如 to: 镇城建办",
                        "add `to: department`, e.g. to: Town construction office"
                    )),
                );
            }
            EventKind::Declined if note.is_none() => {
                ctx.error(
                    &path,
                    tr!(
                        lang,
                        "答复（declined）要写明理由",
                        "`declined` needs the reason"
                    ),
                    Some(tr!(
                        lang,
                        "加上 note: 不予支持的理由",
                        "add `note:` with the reason"
                    )),
                );
            }
            EventKind::Feedback if audience.is_none() && ctx.text(&e.audience).is_none() => {
                ctx.error(
                    &path,
                    tr!(
                        lang,
                        "反馈（feedback）要写明反馈给谁",
                        "`feedback` needs its audience"
                    ),
                    Some(tr!(
                        lang,
                        "加上 audience: raiser（反映人）或 audience: village（全村）",
                        "add `audience: raiser` or `audience: village`"
                    )),
                );
            }
            _ => {}
        }
        let Some(date) = date else {
            unreadable = true;
            continue;
        };
        steps.push(timeline::Step {
            kind,
            date,
            audience,
        });
        event_paths.push(path);
        events.push(Event {
            date,
            kind,
            note,
            meeting,
            to,
            audience,
            assignee: ev_assignee,
        });
    }
    // An event whose kind or date could not be read (already an error) leaves a gap that
    // would make the events around it look out of order: judge the grammar once it is fixed.
    let problems = if unreadable {
        Vec::new()
    } else {
        timeline::check(&steps, raised)
    };
    for (i, problem) in problems {
        let path = format!("{}.date", event_paths[i]);
        let event_path = format!("{}.event", event_paths[i]);
        let (at, message, hint) = match problem {
            Problem::FirstNotRaised => (
                event_path,
                tr!(
                    lang,
                    "办理经过的第一条必须是 raised（受理）",
                    "the first event must be `raised`"
                ),
                tr!(
                    lang,
                    "在最前面加一条 {{date: 受理日期, event: raised}}",
                    "add {{date: the raised date, event: raised}} first"
                ),
            ),
            Problem::RaisedDateDiffers => {
                let r = raised.map(|d| d.to_string()).unwrap_or_default();
                (
                    path,
                    tr!(
                        lang,
                        "第一条 raised 的日期和 raised: {r} 不一致",
                        "the first event's date differs from `raised: {r}`"
                    ),
                    tr!(lang, "两处写同一个日期", "use the same date in both places"),
                )
            }
            Problem::RaisedAgain => (
                event_path,
                tr!(
                    lang,
                    "raised（受理）只能是第一条",
                    "`raised` may only be the first event"
                ),
                tr!(
                    lang,
                    "再次处理请用 reopened（重新办理）",
                    "use `reopened` when an issue is taken up again"
                ),
            ),
            Problem::DateBackwards => {
                let prev = steps[i - 1].date;
                (
                    path,
                    tr!(lang, "日期比上一条（{prev}）早，办理经过要按时间先后写", "this date is earlier than the event before ({prev}); events go in date order"),
                    tr!(lang, "检查日期，或把这一条移到正确的位置", "check the date, or move the event to its place"),
                )
            }
            Problem::FeedbackTooEarly => (
                event_path,
                tr!(
                    lang,
                    "反馈（feedback）只能在解决（resolved）或答复（declined）之后",
                    "`feedback` may only follow `resolved` or `declined`"
                ),
                tr!(
                    lang,
                    "先记上 resolved 或 declined，再记 feedback",
                    "record `resolved` or `declined` before the feedback"
                ),
            ),
            Problem::AfterClosed => (
                event_path,
                tr!(
                    lang,
                    "办结（closed）之后只能是 reopened（重新办理）",
                    "only `reopened` may follow `closed`"
                ),
                tr!(
                    lang,
                    "如果事情又有进展，先加一条 reopened",
                    "if the matter moved again, add `reopened` first"
                ),
            ),
        };
        ctx.error(&at, message, Some(hint));
    }

    let status = timeline::status(&steps);
    let fed_back = timeline::fed_back(&steps);
    let feedback_overdue =
        !unreadable && timeline::feedback_overdue(&steps, site.as_of, site.feedback_days);
    if feedback_overdue {
        let days = site.feedback_days;
        let path = event_paths.last().cloned().unwrap_or_default();
        let verb = match (lang, status) {
            (crate::diag::Lang::Zh, crate::model::Status::Resolved) => "解决",
            (crate::diag::Lang::Zh, _) => "答复",
            (_, crate::model::Status::Resolved) => "resolved",
            _ => "declined",
        };
        ctx.warning(
            &path,
            tr!(lang, "已{verb}超过 {days} 天，还没有反馈给群众", "{verb} {days} or more days ago and not yet fed back"),
            Some(tr!(lang, "反馈后加一条 {{date: 日期, event: feedback, audience: raiser}}（或 village）", "after feeding back, add {{date: …, event: feedback, audience: raiser}} (or village)")),
        );
    }
    let last_date = steps.iter().map(|s| s.date).max().or(raised)?;
    let tags = ctx.list(&raw.tags);
    let reporter = ctx.text(&raw.reporter);
    Some(Issue {
        id,
        origin,
        title: title?,
        raised: raised?,
        source: source?,
        group: group?,
        zone,
        category: category?,
        reporter,
        assignee,
        tags,
        timeline: events,
        status,
        fed_back,
        feedback_overdue,
        last_date,
    })
}
