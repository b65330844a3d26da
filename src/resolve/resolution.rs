//! resolutions/*.md: the four steps, votes, outcome and the two publications.

use super::{mark_draft, parse_source, FileCtx, Ref, Target};
use crate::date::Date;
use crate::diag::Diagnostics;
use crate::load::Source;
use crate::model::{
    Body, Implementation, Outcome, Publication, Resolution, Site, Step, StepKey, Votes,
};
use crate::raw::{RawPublication, RawResolution, RawStep};
use crate::rules::quorum::{self, Assembly, VoteProblem};
use crate::tr;

fn read_step(ctx: &mut FileCtx, raw: &RawStep, key: StepKey, path: &str) -> Step {
    let lang = ctx.lang;
    let date = ctx.required_date(&raw.date, &format!("{path}.date"));
    let body = ctx.code(
        &raw.body,
        &format!("{path}.body"),
        Body::CODES,
        Body::from_code,
    );
    if key != StepKey::Decision && ctx.text(&raw.body).is_some() {
        let step = step_name(key, lang);
        ctx.error(
            &format!("{path}.body"),
            tr!(
                lang,
                "body 只能写在决议（decision）步骤上，{step}的主体由步骤决定",
                "`body` belongs on the decision step only; the {step} step's body is fixed"
            ),
            Some(tr!(
                lang,
                "删掉这一行；会议名称写在 by: 里",
                "remove the line; name the meeting in `by:`"
            )),
        );
    }
    let by = ctx.text(&raw.by);
    let meeting = ctx.text(&raw.meeting);
    if let Some(m) = &meeting {
        ctx.refer(&format!("{path}.meeting"), Target::Meeting, m);
    }
    let any_vote = raw.members.is_some()
        || raw.present.is_some()
        || raw.votes_for.is_some()
        || raw.against.is_some()
        || raw.abstain.is_some();
    let votes = if any_vote {
        for (name, v) in [
            ("members", raw.members),
            ("present", raw.present),
            ("for", raw.votes_for),
        ] {
            if v.is_none() {
                ctx.error(
                    path,
                    tr!(lang, "表决要写明 members（应到）、present（实到）和 for（赞成），这里缺少 {name}", "a vote needs members, present and for; `{name}` is missing"),
                    Some(tr!(lang, "加上 {name}: 人数", "add `{name}: number`")),
                );
            }
        }
        match (raw.members, raw.present, raw.votes_for) {
            (Some(members), Some(present), Some(votes_for)) => {
                let v = Votes {
                    members,
                    present,
                    votes_for,
                    against: raw.against.unwrap_or(0),
                    abstain: raw.abstain.unwrap_or(0),
                };
                for problem in quorum::check(&v) {
                    let (field, message) = match problem {
                        VoteProblem::NoMembers => (
                            "members",
                            tr!(
                                lang,
                                "应到人数是 0，无法表决",
                                "0 members: nobody could vote"
                            ),
                        ),
                        VoteProblem::PresentOverMembers => (
                            "present",
                            tr!(
                                lang,
                                "实到人数 {present} 多于应到人数 {members}",
                                "{present} present is more than the {members} members"
                            ),
                        ),
                        VoteProblem::VotesOverPresent => {
                            let sum = u64::from(v.votes_for)
                                + u64::from(v.against)
                                + u64::from(v.abstain);
                            ("for", tr!(lang, "赞成、反对、弃权合计 {sum}，多于实到人数 {present}", "for + against + abstain is {sum}, more than the {present} present"))
                        }
                    };
                    ctx.error(
                        &format!("{path}.{field}"),
                        message,
                        Some(tr!(
                            lang,
                            "核对会议记录上的人数",
                            "check the numbers against the minutes"
                        )),
                    );
                }
                Some(v)
            }
            _ => None,
        }
    } else {
        None
    };
    Step {
        date,
        by,
        meeting,
        votes,
        body,
    }
}

fn read_publication(ctx: &mut FileCtx, raw: &RawPublication, path: &str) -> Publication {
    let date = ctx.required_date(&raw.date, &format!("{path}.date"));
    let place = ctx.required(&raw.place, &format!("{path}.where"));
    Publication {
        date,
        place,
        note: ctx.text(&raw.note),
    }
}

fn step_name(key: StepKey, lang: crate::diag::Lang) -> &'static str {
    match (key, lang) {
        (StepKey::Proposal, crate::diag::Lang::Zh) => "提议（proposal）",
        (StepKey::Deliberation, crate::diag::Lang::Zh) => "商议（deliberation）",
        (StepKey::Review, crate::diag::Lang::Zh) => "审议（review）",
        (StepKey::Decision, crate::diag::Lang::Zh) => "决议（decision）",
        (k, _) => k.code(),
    }
}

pub fn read(
    src: &Source,
    site: &Site,
    diags: &mut Diagnostics,
    refs: &mut Vec<Ref>,
) -> Option<Resolution> {
    let parsed = parse_source::<RawResolution>(src, &site.public_numbers, diags)?;
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
    let issues = ctx.list(&raw.issues);
    for (i, issue) in issues.iter().enumerate() {
        ctx.refer(&format!("issues.{i}"), Target::Issue, issue);
    }
    let budget = ctx.money(raw.budget, "budget");

    let raw_steps = raw.steps.unwrap_or_default();
    let mut steps: [Option<Step>; 4] = Default::default();
    for (key, step) in StepKey::ALL.iter().zip([
        &raw_steps.proposal,
        &raw_steps.deliberation,
        &raw_steps.review,
        &raw_steps.decision,
    ]) {
        if let Some(s) = step {
            steps[*key as usize] = Some(read_step(
                &mut ctx,
                s,
                *key,
                &format!("steps.{}", key.code()),
            ));
        }
    }
    // A later step needs every earlier one, and the dates never go backwards.
    let mut last: Option<(StepKey, Date)> = None;
    for key in StepKey::ALL {
        let Some(step) = &steps[*key as usize] else {
            continue;
        };
        let path = format!("steps.{}", key.code());
        for earlier in &StepKey::ALL[..*key as usize] {
            if steps[*earlier as usize].is_none() {
                let (this, missing) = (step_name(*key, lang), step_name(*earlier, lang));
                ctx.error(
                    &path,
                    tr!(lang, "有了{this}，却缺少前面的{missing}", "the {this} step is there but the earlier {missing} step is missing"),
                    Some(tr!(lang, "“四议”按 提议→商议→审议→决议 的顺序，缺的步骤要补上", "the four steps go proposal → deliberation → review → decision; add the missing one")),
                );
            }
        }
        if let Some(date) = step.date {
            if let Some((prev_key, prev)) = last {
                if date < prev {
                    let (this, before) = (step_name(*key, lang), step_name(prev_key, lang));
                    ctx.error(
                        &format!("{path}.date"),
                        tr!(
                            lang,
                            "{this}的日期 {date} 早于{before}的 {prev}",
                            "the {this} step ({date}) is dated before the {before} step ({prev})"
                        ),
                        Some(tr!(
                            lang,
                            "四个步骤的日期不能倒退，核对日期",
                            "the steps' dates never go backwards; check the dates"
                        )),
                    );
                }
            }
            last = Some((*key, date));
        }
    }

    let decision = steps[StepKey::Decision as usize].clone();
    // The rule of the body that decides: the representatives' unless `body: villagers`.
    let rule = site.quorum.rule(Assembly::of_step(
        StepKey::Decision,
        decision.as_ref().and_then(|d| d.body),
    ));
    let derived = match &decision {
        None => Outcome::Pending,
        Some(Step { votes: Some(v), .. }) => {
            if quorum::passes(&rule, v) {
                Outcome::Adopted
            } else {
                Outcome::Rejected
            }
        }
        Some(_) => {
            let has_any = ctx
                .pos
                .keys_of("steps.decision")
                .iter()
                .any(|k| k == "members" || k == "present" || k == "for");
            if !has_any {
                ctx.error(
                    "steps.decision",
                    tr!(lang, "决议步骤要写明表决结果", "the decision step needs its vote"),
                    Some(tr!(lang, "加上 members（应到）、present（实到）、for（赞成）、against（反对）、abstain（弃权）", "add members, present, for, against and abstain")),
                );
            }
            Outcome::Pending
        }
    };
    let outcome = match ctx.code(&raw.outcome, "outcome", Outcome::CODES, Outcome::from_code) {
        None => derived,
        Some(Outcome::Withdrawn) => Outcome::Withdrawn,
        Some(stated) if stated == derived => stated,
        Some(stated) => {
            let (s, d) = (stated.code(), derived.code());
            let why = match &decision {
                Some(Step { votes: Some(v), .. }) => {
                    quorum::vote_text(&rule, v, StepKey::Decision, lang)
                }
                _ => tr!(lang, "还没有决议步骤", "there is no decision step yet"),
            };
            ctx.error(
                "outcome",
                tr!(
                    lang,
                    "写的是 outcome: {s}，但按表决结果应为 {d}（{why}）",
                    "`outcome: {s}` disagrees with the vote, which gives {d} ({why})"
                ),
                Some(tr!(
                    lang,
                    "删掉 outcome 这一行让它自动计算，或核对表决人数",
                    "remove the `outcome` line so it is derived, or check the vote"
                )),
            );
            derived
        }
    };

    let published = raw.published.unwrap_or_default();
    let published_decision = published
        .decision
        .as_ref()
        .map(|p| read_publication(&mut ctx, p, "published.decision"));
    let published_result = published
        .result
        .as_ref()
        .map(|p| read_publication(&mut ctx, p, "published.result"));
    let decision_date = decision.as_ref().and_then(|d| d.date);
    for (key, p) in [
        ("decision", &published_decision),
        ("result", &published_result),
    ] {
        let Some(p) = p else { continue };
        let path = format!("published.{key}.date");
        match (decision_date, p.date, &decision) {
            (_, _, None) => ctx.error(
                &format!("published.{key}"),
                tr!(
                    lang,
                    "还没有决议，就不能有公开记录",
                    "there is no decision yet, so nothing can be published"
                ),
                Some(tr!(
                    lang,
                    "先写 steps.decision，或删掉 published",
                    "add steps.decision first, or remove `published`"
                )),
            ),
            (Some(d), Some(pd), _) if pd < d => ctx.error(
                &path,
                tr!(
                    lang,
                    "公开日期 {pd} 早于决议日期 {d}",
                    "published on {pd}, before the decision of {d}"
                ),
                Some(tr!(
                    lang,
                    "公开在决议之后，核对日期",
                    "publication follows the decision; check the dates"
                )),
            ),
            _ => {}
        }
    }
    if let (Some(Publication { date: Some(a), .. }), Some(Publication { date: Some(b), .. })) =
        (&published_decision, &published_result)
    {
        if b < a {
            ctx.warning(
                "published.result.date",
                tr!(
                    lang,
                    "实施结果的公开日期 {b} 早于决议的公开日期 {a}",
                    "the result was published ({b}) before the decision was ({a})"
                ),
                Some(tr!(
                    lang,
                    "实施结果在决议公开之后才公开：核对这两个公开日期",
                    "a result is published after its decision; check both publication dates"
                )),
            );
        }
    }
    let implementation = ctx.code(
        &raw.implementation,
        "implementation",
        Implementation::CODES,
        Implementation::from_code,
    );

    let date = steps
        .iter()
        .flatten()
        .filter_map(|s| s.date)
        .chain(
            [&published_decision, &published_result]
                .into_iter()
                .flatten()
                .filter_map(|p| p.date),
        )
        .max();
    Some(Resolution {
        id,
        origin,
        title: title?,
        issues,
        finding: ctx.text(&raw.finding),
        affected: raw.affected,
        budget,
        steps,
        published_decision,
        published_result,
        implementation,
        outcome,
        date,
    })
}
