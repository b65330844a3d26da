//! Views: what templates receive. Small structs built from the model, with every derived
//! value ready to show. None has a field for `private:` data (the model has none either).
//! docs/theme-context.md documents these shapes for theme authors.

use crate::date::Date;
use crate::diag::Lang;
use crate::markdown;
use crate::model::*;
use crate::rules::quorum::{self, Assembly};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

mod feedback;
mod figures;
mod plans;
mod timeline;
mod visits;
pub use feedback::*;
pub use figures::*;
pub use plans::*;
pub use timeline::*;
pub use visits::*;

/// The words of the site, from the theme's labels/<lang>.yaml.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(transparent)]
pub struct Labels(pub BTreeMap<String, String>);

impl Labels {
    /// The label of `prefix_code`, codes' hyphens as underscores (`status_in_progress`).
    pub fn code(&self, prefix: &str, code: &str) -> String {
        let key = format!("{prefix}_{}", code.replace('-', "_"));
        self.0
            .get(&key)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }
}

/// An amount of yuan in words: `120万元` / `¥1,200,000`.
pub fn money_text(v: f64, lang: Lang) -> String {
    fn trim(s: String) -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
    match lang {
        Lang::Zh if v >= 10_000.0 => format!("{}万元", trim(format!("{:.2}", v / 10_000.0))),
        Lang::Zh => format!("{}元", trim(format!("{v:.2}"))),
        Lang::En => {
            let whole = v.trunc() as u64;
            let cents = ((v - v.trunc()) * 100.0).round() as u64;
            let digits = whole.to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            if cents > 0 {
                format!("¥{grouped}.{cents:02}")
            } else {
                format!("¥{grouped}")
            }
        }
    }
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub id: String,
    pub title: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub role: String,
}

#[derive(Serialize, Clone)]
pub struct IdName {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, Clone)]
pub struct IssueSummary {
    pub id: String,
    pub title: String,
    pub url: String,
    pub draft: bool,
    pub raised: Date,
    pub raised_text: String,
    pub source: Source,
    pub source_label: String,
    pub group: IdName,
    pub zone: Option<IdName>,
    pub category: IdName,
    pub reporter: Option<String>,
    pub assignee: Option<PersonView>,
    pub tags: Vec<String>,
    pub status: Status,
    pub status_label: String,
    pub fed_back: Vec<Audience>,
    pub fed_back_labels: Vec<String>,
    pub feedback_overdue: bool,
    pub last_date: Date,
    pub last_date_text: String,
}

#[derive(Serialize)]
pub struct EventView {
    pub date: Date,
    pub date_text: String,
    pub event: EventKind,
    pub event_label: String,
    pub note: Option<String>,
    pub meeting: Option<Link>,
    pub to: Option<String>,
    pub audience: Option<Audience>,
    pub audience_label: Option<String>,
    pub assignee: Option<PersonView>,
}

#[derive(Serialize)]
pub struct OutcomeLink {
    pub id: String,
    pub title: String,
    pub url: String,
    pub outcome: Outcome,
    pub outcome_label: String,
}

#[derive(Serialize)]
pub struct ProjectLink {
    pub id: String,
    pub title: String,
    pub url: String,
    pub plan_title: String,
    pub status: ProjectStatus,
    pub status_label: String,
    pub progress: u32,
}

#[derive(Serialize)]
pub struct MeetingMention {
    pub id: String,
    pub title: String,
    pub url: String,
    pub date: Date,
    pub date_text: String,
    pub finding: Option<String>,
    pub action: Option<String>,
}

#[derive(Serialize)]
pub struct IssueDetail {
    #[serde(flatten)]
    pub summary: IssueSummary,
    pub timeline: Vec<EventView>,
    pub body_html: String,
    pub resolutions: Vec<OutcomeLink>,
    pub projects: Vec<ProjectLink>,
    pub meetings: Vec<MeetingMention>,
    /// Whom it was fed back to and when (`view/feedback.rs`).
    pub feedback: Vec<FeedbackView>,
}

#[derive(Serialize)]
pub struct ItemView {
    pub issue: IssueLinkStatus,
    pub finding: Option<String>,
    pub action: Option<String>,
    pub assignee: Option<PersonView>,
    pub due: Option<Date>,
    pub due_text: Option<String>,
    pub escalate_to: Option<String>,
}

#[derive(Serialize)]
pub struct IssueLinkStatus {
    pub id: String,
    pub title: String,
    pub url: String,
    pub status: Option<Status>,
    pub status_label: String,
    pub group_name: String,
}

#[derive(Serialize)]
pub struct StepMention {
    pub id: String,
    pub title: String,
    pub url: String,
    pub step_label: String,
}

#[derive(Serialize)]
pub struct MeetingView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub draft: bool,
    pub date: Date,
    pub date_text: String,
    pub kind: MeetingKind,
    pub kind_label: String,
    pub attendees: Vec<PersonView>,
    pub items: Vec<ItemView>,
    pub body_html: String,
    pub resolutions: Vec<StepMention>,
}

#[derive(Serialize)]
pub struct StepView {
    pub key: StepKey,
    pub label: String,
    pub done: bool,
    pub date: Option<Date>,
    pub date_text: Option<String>,
    pub by: Option<String>,
    pub meeting: Option<Link>,
    pub has_votes: bool,
    pub members: Option<u32>,
    pub present: Option<u32>,
    pub votes_for: Option<u32>,
    pub against: Option<u32>,
    pub abstain: Option<u32>,
    pub vote_text: Option<String>,
    /// The body that votes (村民代表会议, 村民会议, 党员大会): on the decision, and on any
    /// step with votes.
    pub body_label: Option<String>,
    /// With votes: whether they meet the body's rule, the verdict in words, the rule.
    pub passed: Option<bool>,
    pub verdict: Option<String>,
    pub rule_text: Option<String>,
}

#[derive(Serialize)]
pub struct PublicationView {
    pub key: &'static str,
    pub label: String,
    pub done: bool,
    pub date: Option<Date>,
    pub date_text: Option<String>,
    #[serde(rename = "where")]
    pub place: Option<String>,
    pub note: Option<String>,
}

#[derive(Serialize)]
pub struct ResolutionView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub draft: bool,
    pub date: Option<Date>,
    pub date_text: Option<String>,
    pub outcome: Outcome,
    pub outcome_label: String,
    pub finding: Option<String>,
    pub affected: Option<u64>,
    pub budget: Option<f64>,
    pub budget_text: Option<String>,
    pub implementation: Option<Implementation>,
    pub implementation_label: Option<String>,
    pub issues: Vec<IssueLinkStatus>,
    pub steps: Vec<StepView>,
    pub published: Vec<PublicationView>,
    pub body_html: String,
    /// Who decides (`representatives` or `villagers`) and that body's rule in words.
    pub decision_body: Body,
    pub decision_rule_text: String,
}

#[derive(Serialize)]
pub struct StatusCount {
    pub status: Status,
    pub label: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct Count {
    pub id: String,
    pub name: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct OutcomeCount {
    pub outcome: Outcome,
    pub label: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct Bucket {
    pub id: String,
    pub name: String,
    pub count: usize,
    pub issues: Vec<IssueSummary>,
}

#[derive(Serialize)]
pub struct PageView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub body_html: String,
}

/// Backlinks, computed once: everything that points at an issue, a meeting, a project.
pub struct Views<'a> {
    pub m: &'a Model,
    pub t: &'a Labels,
    lang: Lang,
    /// Every issue's summary, made the first time one is asked for (on every core).
    issue_summaries: std::sync::OnceLock<HashMap<&'a str, IssueSummary>>,
    /// A hash of every summary, made the first time one is asked for (builds only ask).
    summary_hashes: std::sync::OnceLock<HashMap<&'a str, u64>>,
    resolutions_of_issue: HashMap<&'a str, Vec<&'a Resolution>>,
    projects_of_issue: HashMap<&'a str, Vec<(&'a Plan, &'a Project)>>,
    meetings_of_issue: HashMap<&'a str, Vec<(&'a Meeting, Option<&'a Item>)>>,
    steps_at_meeting: HashMap<&'a str, Vec<(&'a Resolution, StepKey)>>,
    implemented_by: HashMap<(String, String), Vec<(&'a Plan, &'a Project)>>,
    /// Meetings by id (the first of an id), for the links of timeline events and steps.
    meeting_by_id: HashMap<&'a str, &'a Meeting>,
}

pub fn issue_url(id: &str) -> String {
    format!("issues/{id}/")
}

impl<'a> Views<'a> {
    pub fn new(m: &'a Model, t: &'a Labels) -> Views<'a> {
        let lang = m.site.lang;
        let mut v = Views {
            m,
            t,
            lang,
            issue_summaries: std::sync::OnceLock::new(),
            summary_hashes: std::sync::OnceLock::new(),
            resolutions_of_issue: HashMap::new(),
            projects_of_issue: HashMap::new(),
            meetings_of_issue: HashMap::new(),
            steps_at_meeting: HashMap::new(),
            implemented_by: HashMap::new(),
            meeting_by_id: HashMap::new(),
        };
        for mt in &m.meetings {
            v.meeting_by_id.entry(mt.id.as_str()).or_insert(mt);
        }
        for r in &m.resolutions {
            for i in &r.issues {
                v.resolutions_of_issue
                    .entry(i.as_str())
                    .or_default()
                    .push(r);
            }
            for key in StepKey::ALL {
                if let Some(Step {
                    meeting: Some(mid), ..
                }) = &r.steps[*key as usize]
                {
                    v.steps_at_meeting
                        .entry(mid.as_str())
                        .or_default()
                        .push((r, *key));
                }
            }
        }
        for p in &m.plans {
            for q in &p.projects {
                for i in &q.issues {
                    v.projects_of_issue
                        .entry(i.as_str())
                        .or_default()
                        .push((p, q));
                }
                if let Some(imp) = &q.implements {
                    v.implemented_by
                        .entry(imp.clone())
                        .or_default()
                        .push((p, q));
                }
            }
        }
        for mt in &m.meetings {
            for it in &mt.items {
                v.meetings_of_issue
                    .entry(it.issue.as_str())
                    .or_default()
                    .push((mt, Some(it)));
            }
        }
        let meeting_by_id: HashMap<&str, &Meeting> =
            m.meetings.iter().map(|x| (x.id.as_str(), x)).collect();
        for i in &m.issues {
            for e in &i.timeline {
                if let Some(mid) = &e.meeting {
                    if let Some(mt) = meeting_by_id.get(mid.as_str()).copied() {
                        let list = v.meetings_of_issue.entry(i.id.as_str()).or_default();
                        if !list.iter().any(|(x, _)| x.id == mt.id) {
                            list.push((mt, None));
                        }
                    }
                }
            }
        }
        for list in v.meetings_of_issue.values_mut() {
            list.sort_by(|a, b| (a.0.date, &a.0.id).cmp(&(b.0.date, &b.0.id)));
        }
        v
    }

    /// Makes every issue's summary now, on every core. Call it outside parallel work: made
    /// on first use instead, inside a page's job, they are made on one core (a pool thread
    /// waiting on its own cell would never wake).
    pub fn prepare_summaries(&self) {
        self.issue_summaries.get_or_init(|| {
            use rayon::prelude::*;
            self.m
                .issues
                .par_iter()
                .map(|i| (i.id.as_str(), self.make_summary(i)))
                .collect()
        });
    }

    fn all_summaries(&self) -> &HashMap<&'a str, IssueSummary> {
        self.issue_summaries.get_or_init(|| {
            self.m
                .issues
                .iter()
                .map(|i| (i.id.as_str(), self.make_summary(i)))
                .collect()
        })
    }

    /// The hash of an issue's summary as a template receives it (see [`crate::fnv::value`]; 0
    /// for an issue that is not there): lists that show the same summaries are made from the
    /// same values.
    pub fn summary_hash(&self, id: &str) -> u64 {
        let hashes = self.summary_hashes.get_or_init(|| {
            use rayon::prelude::*;
            self.all_summaries()
                .par_iter()
                .map(|(id, s)| (*id, crate::fnv::value(0x5, s)))
                .collect()
        });
        hashes.get(id).copied().unwrap_or(0)
    }

    /// The summaries of these issues, ready for a template. Made when asked: kept as values
    /// for every issue, they would be most of a large site's memory.
    pub fn summary_values(&self, issues: &[&Issue]) -> serde_json::Value {
        serde_json::Value::Array(
            issues
                .iter()
                .filter_map(|i| self.all_summaries().get(i.id.as_str()))
                .map(|s| serde_json::to_value(s).unwrap_or_default())
                .collect(),
        )
    }

    /// Resolutions that list the issue, any outcome.
    pub fn resolutions_of(&self, issue: &str) -> &[&'a Resolution] {
        self.resolutions_of_issue
            .get(issue)
            .map_or(&[], |v| v.as_slice())
    }

    /// Projects that list the issue, as (plan, project).
    pub fn projects_of(&self, issue: &str) -> &[(&'a Plan, &'a Project)] {
        self.projects_of_issue
            .get(issue)
            .map_or(&[], |v| v.as_slice())
    }

    /// Meetings whose items discuss the issue (and those its timeline names).
    pub fn meetings_of(&self, issue: &str) -> impl Iterator<Item = &'a Meeting> + '_ {
        self.meetings_of_issue
            .get(issue)
            .into_iter()
            .flatten()
            .filter(|(_, item)| item.is_some())
            .map(|(m, _)| *m)
    }

    /// The path part of `base_url` (`/qinghe/` for `https://example.org/qinghe/`).
    pub fn base_path(&self) -> String {
        let url = &self.m.site.base_url;
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }

    fn text(&self, d: Date) -> String {
        d.text(self.lang)
    }

    /// The label `key` of the theme, the key itself when the theme lacks it.
    fn label(&self, key: &str) -> String {
        self.t
            .0
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    fn opt_text(&self, d: Option<Date>) -> Option<String> {
        d.map(|d| d.text(self.lang))
    }

    pub fn person(&self, id: &Option<String>) -> Option<PersonView> {
        let p = self.m.site.person(id.as_deref()?)?;
        Some(PersonView {
            id: p.id.clone(),
            name: p.name.clone(),
            role: p.role.clone(),
        })
    }

    fn people(&self, ids: &[String]) -> Vec<PersonView> {
        ids.iter()
            .filter_map(|i| self.person(&Some(i.clone())))
            .collect()
    }

    fn group(&self, id: &str) -> IdName {
        IdName {
            id: id.to_string(),
            name: self
                .m
                .site
                .group(id)
                .map_or_else(|| id.to_string(), |g| g.name.clone()),
        }
    }

    fn category(&self, id: &str) -> IdName {
        IdName {
            id: id.to_string(),
            name: self
                .m
                .site
                .category(id)
                .map_or_else(|| id.to_string(), |g| g.name.clone()),
        }
    }

    fn meeting_link(&self, id: &Option<String>) -> Option<Link> {
        let mt = self.meeting_by_id.get(id.as_deref()?)?;
        Some(Link {
            id: mt.id.clone(),
            title: mt.title.clone(),
            url: format!("meetings/{}/", mt.id),
        })
    }

    fn make_summary(&self, i: &Issue) -> IssueSummary {
        IssueSummary {
            id: i.id.clone(),
            title: i.title.clone(),
            url: issue_url(&i.id),
            draft: i.origin.draft,
            raised: i.raised,
            raised_text: self.text(i.raised),
            source: i.source,
            source_label: self.t.code("source", i.source.code()),
            group: self.group(&i.group),
            zone: i
                .zone
                .as_deref()
                .and_then(|z| self.m.site.zone(z))
                .map(|z| IdName {
                    id: z.id.clone(),
                    name: z.name.clone(),
                }),
            category: self.category(&i.category),
            reporter: i.reporter.clone(),
            assignee: self.person(&i.assignee),
            tags: i.tags.clone(),
            status: i.status,
            status_label: self.t.code("status", i.status.code()),
            fed_back: i.fed_back.clone(),
            fed_back_labels: i
                .fed_back
                .iter()
                .map(|a| self.t.code("audience", a.code()))
                .collect(),
            feedback_overdue: i.feedback_overdue,
            last_date: i.last_date,
            last_date_text: self.text(i.last_date),
        }
    }

    pub fn summary(&self, id: &str) -> Option<&IssueSummary> {
        self.all_summaries().get(id)
    }

    pub fn summaries(&self, issues: &[&Issue]) -> Vec<IssueSummary> {
        issues
            .iter()
            .filter_map(|i| self.summary(&i.id).cloned())
            .collect()
    }

    fn issue_link_status(&self, id: &str) -> Option<IssueLinkStatus> {
        let s = self.summary(id)?;
        Some(IssueLinkStatus {
            id: s.id.clone(),
            title: s.title.clone(),
            url: s.url.clone(),
            status: Some(s.status),
            status_label: s.status_label.clone(),
            group_name: s.group.name.clone(),
        })
    }

    /// The issue's page view, its body's HTML left empty: it is made only once the page is
    /// known to be rendered (see `render::run_job`).
    pub fn issue(&self, i: &Issue) -> IssueDetail {
        let timeline = i
            .timeline
            .iter()
            .map(|e| EventView {
                date: e.date,
                date_text: self.text(e.date),
                event: e.kind,
                event_label: self.t.code("event", e.kind.code()),
                note: e.note.clone(),
                meeting: self.meeting_link(&e.meeting),
                to: e.to.clone(),
                audience: e.audience,
                audience_label: e.audience.map(|a| self.t.code("audience", a.code())),
                assignee: self.person(&e.assignee),
            })
            .collect();
        let resolutions = self
            .resolutions_of_issue
            .get(i.id.as_str())
            .into_iter()
            .flatten()
            .map(|r| OutcomeLink {
                id: r.id.clone(),
                title: r.title.clone(),
                url: format!("resolutions/{}/", r.id),
                outcome: r.outcome,
                outcome_label: self.t.code("outcome", r.outcome.code()),
            })
            .collect();
        let projects = self
            .projects_of_issue
            .get(i.id.as_str())
            .into_iter()
            .flatten()
            .map(|(p, q)| ProjectLink {
                id: q.id.clone(),
                title: q.title.clone(),
                url: format!("plans/{}/#project-{}", p.id, q.id),
                plan_title: p.title.clone(),
                status: q.status,
                status_label: self.t.code("project_status", q.status.code()),
                progress: q.progress.round() as u32,
            })
            .collect();
        let meetings = self
            .meetings_of_issue
            .get(i.id.as_str())
            .into_iter()
            .flatten()
            .map(|(mt, item)| MeetingMention {
                id: mt.id.clone(),
                title: mt.title.clone(),
                url: format!("meetings/{}/", mt.id),
                date: mt.date,
                date_text: self.text(mt.date),
                finding: item.and_then(|x| x.finding.clone()),
                action: item.and_then(|x| x.action.clone()),
            })
            .collect();
        IssueDetail {
            summary: self.make_summary(i),
            timeline,
            body_html: String::new(),
            resolutions,
            projects,
            meetings,
            feedback: self.feedback(i),
        }
    }

    pub fn meeting(&self, mt: &Meeting, with_body: bool) -> MeetingView {
        let items = mt
            .items
            .iter()
            .map(|it| ItemView {
                issue: self
                    .issue_link_status(&it.issue)
                    .unwrap_or_else(|| IssueLinkStatus {
                        id: it.issue.clone(),
                        title: it.issue.clone(),
                        url: String::new(),
                        status: None,
                        status_label: String::new(),
                        group_name: String::new(),
                    }),
                finding: it.finding.clone(),
                action: it.action.clone(),
                assignee: self.person(&it.assignee),
                due: it.due,
                due_text: self.opt_text(it.due),
                escalate_to: it.escalate_to.clone(),
            })
            .collect();
        let resolutions = self
            .steps_at_meeting
            .get(mt.id.as_str())
            .into_iter()
            .flatten()
            .map(|(r, key)| StepMention {
                id: r.id.clone(),
                title: r.title.clone(),
                url: format!("resolutions/{}/", r.id),
                step_label: self.t.code("step", key.code()),
            })
            .collect();
        MeetingView {
            id: mt.id.clone(),
            title: mt.title.clone(),
            url: format!("meetings/{}/", mt.id),
            draft: mt.origin.draft,
            date: mt.date,
            date_text: self.text(mt.date),
            kind: mt.kind,
            kind_label: self.t.code("meeting_kind", mt.kind.code()),
            attendees: self.people(&mt.attendees),
            items,
            body_html: if with_body {
                markdown::to_html(&mt.origin.body)
            } else {
                String::new()
            },
            resolutions,
        }
    }

    pub fn resolution(&self, r: &Resolution, with_body: bool) -> ResolutionView {
        let steps = StepKey::ALL
            .iter()
            .map(|key| {
                let s = r.steps[*key as usize].as_ref();
                let v = s.and_then(|s| s.votes);
                let body = Assembly::of_step(*key, s.and_then(|s| s.body));
                let rule = self.m.site.quorum.rule(body);
                StepView {
                    key: *key,
                    label: self.t.code("step", key.code()),
                    done: s.is_some(),
                    date: s.and_then(|s| s.date),
                    date_text: self.opt_text(s.and_then(|s| s.date)),
                    by: s.and_then(|s| s.by.clone()),
                    meeting: s.and_then(|s| self.meeting_link(&s.meeting)),
                    has_votes: v.is_some(),
                    members: v.map(|v| v.members),
                    present: v.map(|v| v.present),
                    votes_for: v.map(|v| v.votes_for),
                    against: v.map(|v| v.against),
                    abstain: v.map(|v| v.abstain),
                    vote_text: v.map(|v| quorum::vote_text(&rule, &v, *key, self.lang)),
                    body_label: (v.is_some() || *key == StepKey::Decision)
                        .then(|| quorum::assembly_name(body, self.lang)),
                    passed: v.map(|v| quorum::passes(&rule, &v)),
                    verdict: v.map(|v| quorum::verdict(*key, quorum::passes(&rule, &v), self.lang)),
                    rule_text: v.map(|_| quorum::rule_text(&self.m.site.quorum, body, self.lang)),
                }
            })
            .collect();
        let decision_body = r.steps[StepKey::Decision as usize]
            .as_ref()
            .and_then(|s| s.body)
            .unwrap_or(Body::Representatives);
        let published = [
            ("decision", &r.published_decision),
            ("result", &r.published_result),
        ]
        .into_iter()
        .map(|(key, p)| PublicationView {
            key,
            label: self.t.code("published", key),
            done: p.is_some(),
            date: p.as_ref().and_then(|p| p.date),
            date_text: self.opt_text(p.as_ref().and_then(|p| p.date)),
            place: p.as_ref().and_then(|p| p.place.clone()),
            note: p.as_ref().and_then(|p| p.note.clone()),
        })
        .collect();
        ResolutionView {
            id: r.id.clone(),
            title: r.title.clone(),
            url: format!("resolutions/{}/", r.id),
            draft: r.origin.draft,
            date: r.date,
            date_text: self.opt_text(r.date),
            outcome: r.outcome,
            outcome_label: self.t.code("outcome", r.outcome.code()),
            finding: r.finding.clone(),
            affected: r.affected,
            budget: r.budget,
            budget_text: r.budget.map(|b| money_text(b, self.lang)),
            implementation: r.implementation,
            implementation_label: r
                .implementation
                .map(|i| self.t.code("implementation", i.code())),
            issues: r
                .issues
                .iter()
                .filter_map(|i| self.issue_link_status(i))
                .collect(),
            steps,
            published,
            body_html: if with_body {
                markdown::to_html(&r.origin.body)
            } else {
                String::new()
            },
            decision_body,
            decision_rule_text: quorum::rule_text(
                &self.m.site.quorum,
                Assembly::of_step(StepKey::Decision, Some(decision_body)),
                self.lang,
            ),
        }
    }

    /// Issues bucketed by a key, in the display order of `order` (id, name); empty buckets left out.
    pub fn buckets(
        &self,
        order: &[(String, String)],
        key: impl Fn(&Issue) -> String,
        sorted: &[&Issue],
    ) -> Vec<Bucket> {
        order
            .iter()
            .filter_map(|(id, name)| {
                let list: Vec<&Issue> = sorted.iter().copied().filter(|i| key(i) == *id).collect();
                (!list.is_empty()).then(|| Bucket {
                    id: id.clone(),
                    name: name.clone(),
                    count: list.len(),
                    issues: self.summaries(&list),
                })
            })
            .collect()
    }

    pub fn counts(&self, order: &[(String, String)], key: impl Fn(&Issue) -> String) -> Vec<Count> {
        order
            .iter()
            .map(|(id, name)| Count {
                id: id.clone(),
                name: name.clone(),
                count: self.m.issues.iter().filter(|i| key(i) == *id).count(),
            })
            .collect()
    }

    pub fn outcomes(&self) -> Vec<OutcomeCount> {
        Outcome::ALL
            .iter()
            .map(|o| OutcomeCount {
                outcome: *o,
                label: self.t.code("outcome", o.code()),
                count: self
                    .m
                    .resolutions
                    .iter()
                    .filter(|r| r.outcome == *o)
                    .count(),
            })
            .collect()
    }

    pub fn page(&self, p: &Page) -> PageView {
        PageView {
            id: p.id.clone(),
            title: p.title.clone(),
            url: format!("{}/", p.id),
            body_html: markdown::to_html(&p.origin.body),
        }
    }
}

/// Whole percent, rounded down so that 99.6% is never shown as complete.
pub fn percent(part: u32, whole: u32) -> u32 {
    if whole == 0 {
        0
    } else {
        ((u64::from(part) * 100) / u64::from(whole)) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_words() {
        assert_eq!(money_text(1_200_000.0, Lang::Zh), "120万元");
        assert_eq!(money_text(36_900.0, Lang::Zh), "3.69万元");
        assert_eq!(money_text(800.5, Lang::Zh), "800.5元");
        assert_eq!(money_text(1_200_000.0, Lang::En), "¥1,200,000");
        assert_eq!(money_text(1234.5, Lang::En), "¥1,234.50");
    }

    #[test]
    fn percent_rounds_down() {
        assert_eq!(percent(41, 42), 97);
        assert_eq!(percent(42, 42), 100);
        assert_eq!(percent(1, 0), 0);
    }
}
