//! Meetings, visit rounds and free pages: the records with few rules.

use super::{mark_draft, parse_source, FileCtx, Ref, Target};
use crate::diag::Diagnostics;
use crate::load::Source;
use crate::model::{Item, Meeting, MeetingKind, Page, Site, Team, Visit};
use crate::raw::{RawMeeting, RawPage, RawVisit};
use crate::tr;

pub fn read_meeting(
    src: &Source,
    site: &Site,
    diags: &mut Diagnostics,
    refs: &mut Vec<Ref>,
) -> Option<Meeting> {
    let parsed = parse_source::<RawMeeting>(src, &site.public_numbers, diags)?;
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
    let people_ids: Vec<&str> = site.people.iter().map(|p| p.id.as_str()).collect();

    let id = ctx.record_id(&raw.id, &src.stem);
    let title = ctx.required(&raw.title, "title");
    let date = ctx.required_date(&raw.date, "date");
    let kind = match ctx.text(&raw.kind) {
        None => Some(MeetingKind::Analysis),
        Some(_) => ctx.code(
            &raw.kind,
            "kind",
            MeetingKind::CODES,
            MeetingKind::from_code,
        ),
    };
    let mut attendees = Vec::new();
    for (i, a) in ctx.list(&raw.attendees).into_iter().enumerate() {
        if !people_ids.contains(&a.as_str()) {
            ctx.unknown_site_ref(&format!("attendees.{i}"), "people", &a, &people_ids);
        }
        attendees.push(a);
    }
    let mut items = Vec::new();
    for (i, it) in raw.items.iter().flatten().enumerate() {
        let path = format!("items.{i}");
        let Some(issue) = ctx.required(&it.issue, &format!("{path}.issue")) else {
            continue;
        };
        ctx.refer(&format!("{path}.issue"), Target::Issue, &issue);
        let assignee = ctx.site_ref(
            &it.assignee,
            &format!("{path}.assignee"),
            "people",
            &people_ids,
        );
        let due = ctx.date(&it.due, &format!("{path}.due"));
        items.push(Item {
            issue,
            finding: ctx.text(&it.finding),
            action: ctx.text(&it.action),
            assignee,
            due,
            escalate_to: ctx.text(&it.escalate_to),
        });
    }
    Some(Meeting {
        id,
        origin,
        title: title?,
        date: date?,
        kind: kind?,
        attendees,
        items,
    })
}

pub fn read_visit(src: &Source, site: &Site, diags: &mut Diagnostics) -> Option<Visit> {
    let parsed = parse_source::<RawVisit>(src, &site.public_numbers, diags)?;
    let raw = parsed.raw;
    let mut origin = parsed.origin;
    mark_draft(&mut origin, raw.draft);
    let lang = diags.lang;
    let mut refs = Vec::new();
    let mut ctx = FileCtx {
        file: &src.rel,
        pos: parsed.pos,
        diags,
        refs: &mut refs,
        lang,
    };
    let people_ids: Vec<&str> = site.people.iter().map(|p| p.id.as_str()).collect();
    let group_ids: Vec<&str> = site.groups.iter().map(|g| g.id.as_str()).collect();

    let id = ctx.record_id(&raw.id, &src.stem);
    let title = ctx.required(&raw.title, "title");
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
    let mut teams = Vec::new();
    for (i, t) in raw.teams.iter().flatten().enumerate() {
        let path = format!("teams.{i}");
        let name = ctx
            .required(&t.name, &format!("{path}.name"))
            .unwrap_or_default();
        let mut members = Vec::new();
        for (j, m) in ctx.list(&t.members).into_iter().enumerate() {
            if !people_ids.contains(&m.as_str()) {
                ctx.unknown_site_ref(&format!("{path}.members.{j}"), "people", &m, &people_ids);
            }
            members.push(m);
        }
        let mut groups = Vec::new();
        for (j, g) in ctx.list(&t.groups).into_iter().enumerate() {
            if !group_ids.contains(&g.as_str()) {
                ctx.unknown_site_ref(&format!("{path}.groups.{j}"), "groups", &g, &group_ids);
            }
            groups.push(g);
        }
        teams.push(Team {
            name,
            members,
            groups,
        });
    }
    let mut visited = Vec::new();
    for (group, count) in raw.visited.iter().flatten() {
        let path = format!("visited.{}", group.as_str());
        match site.group(group.as_str()) {
            None => ctx.unknown_site_ref(&path, "groups", group.as_str(), &group_ids),
            Some(g) if g.households > 0 && *count > g.households => {
                let (name, h) = (&g.name, g.households);
                ctx.warning(
                    &path,
                    tr!(
                        lang,
                        "{name}走访了 {count} 户，多于该组的 {h} 户",
                        "{count} households visited in {name}, more than its {h}"
                    ),
                    Some(tr!(
                        lang,
                        "核对走访户数，或更新 site.yaml 里的 households",
                        "check the count, or update `households` in site.yaml"
                    )),
                );
            }
            _ => {}
        }
        visited.push((group.as_str().to_string(), *count));
    }
    // Display order of the groups, not the order of the map.
    visited.sort_by_key(|(g, _)| {
        site.groups
            .iter()
            .position(|x| x.id == *g)
            .unwrap_or(usize::MAX)
    });
    Some(Visit {
        id,
        origin,
        title: title?,
        start,
        end,
        teams,
        visited,
    })
}

pub fn read_page(src: &Source, site: &Site, diags: &mut Diagnostics) -> Option<Page> {
    let parsed = parse_source::<RawPage>(src, &site.public_numbers, diags)?;
    let raw = parsed.raw;
    let mut origin = parsed.origin;
    mark_draft(&mut origin, raw.draft);
    let lang = diags.lang;
    let mut refs = Vec::new();
    let mut ctx = FileCtx {
        file: &src.rel,
        pos: parsed.pos,
        diags,
        refs: &mut refs,
        lang,
    };
    let id = ctx.record_id(&raw.id, &src.stem);
    let title = ctx.required(&raw.title, "title");
    Some(Page {
        id,
        origin,
        title: title?,
        menu: raw.menu.unwrap_or(false),
        weight: raw.weight.unwrap_or(0),
    })
}
