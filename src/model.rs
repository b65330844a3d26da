//! The resolved model: typed, linked and derived records. Plain data, no I/O.
//! Nothing here can hold `private:` data: the raw types never store it.

use crate::date::Date;
use crate::diag::Lang;

/// An enum whose values are written as fixed codes in the files (`home-visit`).
macro_rules! codes {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const CODES: &'static [&'static str] = &[$($code),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::from_code(&code).ok_or_else(|| serde::de::Error::custom("unknown code"))
            }
        }
    };
}

codes!(Source {
    HomeVisit = "home-visit",
    Inspection = "inspection",
    ReturnVisit = "return-visit",
    Meeting = "meeting",
    WalkIn = "walk-in",
    Phone = "phone",
    Letter = "letter",
    Online = "online",
});

codes!(EventKind {
    Raised = "raised",
    Analysed = "analysed",
    Assigned = "assigned",
    InProgress = "in-progress",
    Escalated = "escalated",
    Resolved = "resolved",
    Declined = "declined",
    Feedback = "feedback",
    Reopened = "reopened",
    Closed = "closed",
});

codes!(
    /// Derived from the timeline, never typed.
    Status {
        Received = "received",
        Analysing = "analysing",
        InProgress = "in-progress",
        Escalated = "escalated",
        Resolved = "resolved",
        Declined = "declined",
        Closed = "closed",
    }
);

codes!(Audience {
    Raiser = "raiser",
    Village = "village",
});

codes!(MeetingKind {
    Analysis = "analysis",
    Committee = "committee",
    PartyMembers = "party-members",
    Representatives = "representatives",
    Villagers = "villagers",
});

codes!(Outcome {
    Pending = "pending",
    Adopted = "adopted",
    Rejected = "rejected",
    Withdrawn = "withdrawn",
});

codes!(StepKey {
    Proposal = "proposal",
    Deliberation = "deliberation",
    Review = "review",
    Decision = "decision",
});

codes!(
    /// Who takes the decision (the decision step's `body:`); its quorum rule applies.
    Body {
        Representatives = "representatives",
        Villagers = "villagers",
    }
);

codes!(
    /// The paper the notice-board edition is laid out for.
    Paper {
        A4 = "A4",
        A3 = "A3",
    }
);

codes!(Implementation {
    NotStarted = "not-started",
    InProgress = "in-progress",
    Done = "done",
});

codes!(PlanKind {
    FiveYear = "five-year",
    Annual = "annual",
    Quarterly = "quarterly",
});

codes!(ProjectStatus {
    Planned = "planned",
    Active = "active",
    Delayed = "delayed",
    Done = "done",
    Cancelled = "cancelled",
});

impl Status {
    /// Open issues are those still being worked on.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Declined | Status::Closed)
    }
}

#[derive(Clone, Debug)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub households: u32,
}

#[derive(Clone, Debug)]
pub struct Zone {
    pub id: String,
    pub name: String,
    pub groups: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: String,
}

#[derive(Clone, Debug)]
pub struct Category {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct Site {
    pub title: String,
    pub village: String,
    pub town: Option<String>,
    pub district: Option<String>,
    pub description: Option<String>,
    pub lang: Lang,
    /// Always ends in `/`.
    pub base_url: String,
    pub as_of: Date,
    pub feedback_days: u32,
    pub public_numbers: Vec<String>,
    pub groups: Vec<Group>,
    pub zones: Vec<Zone>,
    pub people: Vec<Person>,
    pub categories: Vec<Category>,
    pub theme: String,
    /// The quorum rules (site.yaml `quorum:`, the law's where it is silent).
    pub quorum: crate::rules::quorum::Rules,
    /// The paper of the notice-board edition (site.yaml `print_paper:`, default A4).
    pub print_paper: Paper,
}

impl Site {
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }
    pub fn zone(&self, id: &str) -> Option<&Zone> {
        self.zones.iter().find(|z| z.id == id)
    }
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}

/// Where a record came from, for messages and for the preview.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    /// Relative to the site root, `/` separators.
    pub file: String,
    pub body: String,
    pub body_line: usize,
    pub draft: bool,
    /// Where the id is written (line 1 when it comes from the file name).
    pub id_pos: crate::diag::Pos,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Event {
    pub date: Date,
    pub kind: EventKind,
    pub note: Option<String>,
    pub meeting: Option<String>,
    pub to: Option<String>,
    pub audience: Option<Audience>,
    pub assignee: Option<String>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Issue {
    pub id: String,
    pub origin: Origin,
    pub title: String,
    pub raised: Date,
    pub source: Source,
    pub group: String,
    pub zone: Option<String>,
    pub category: String,
    pub reporter: Option<String>,
    pub assignee: Option<String>,
    pub tags: Vec<String>,
    pub timeline: Vec<Event>,
    // Derived.
    pub status: Status,
    pub fed_back: Vec<Audience>,
    pub feedback_overdue: bool,
    pub last_date: Date,
}

impl Issue {
    /// When it was fed back to each audience: the first `feedback` to that audience since the
    /// issue was last reopened (the same events as `fed_back`), in audience order.
    pub fn feedback_dates(&self) -> Vec<(Audience, Date)> {
        let since = self
            .timeline
            .iter()
            .rposition(|e| e.kind == EventKind::Reopened)
            .map_or(0, |i| i + 1);
        let mut out: Vec<(Audience, Date)> = Vec::new();
        for e in &self.timeline[since..] {
            if let (EventKind::Feedback, Some(a)) = (e.kind, e.audience) {
                if !out.iter().any(|(x, _)| *x == a) {
                    out.push((a, e.date));
                }
            }
        }
        out.sort();
        out
    }

    /// The event that answered the issue, if its status is `resolved`, `declined` or `closed`
    /// after one: the last `resolved` or `declined` since it was last reopened.
    pub fn answer(&self) -> Option<&Event> {
        if self.status.is_open() {
            return None;
        }
        let since = self
            .timeline
            .iter()
            .rposition(|e| e.kind == EventKind::Reopened)
            .map_or(0, |i| i + 1);
        self.timeline[since..]
            .iter()
            .rev()
            .find(|e| matches!(e.kind, EventKind::Resolved | EventKind::Declined))
    }
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Item {
    pub issue: String,
    pub finding: Option<String>,
    pub action: Option<String>,
    pub assignee: Option<String>,
    pub due: Option<Date>,
    pub escalate_to: Option<String>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Meeting {
    pub id: String,
    pub origin: Origin,
    pub title: String,
    pub date: Date,
    pub kind: MeetingKind,
    pub attendees: Vec<String>,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Step {
    pub date: Option<Date>,
    pub by: Option<String>,
    pub meeting: Option<String>,
    pub votes: Option<Votes>,
    /// The decision step's `body:` (None: the representatives' meeting).
    pub body: Option<Body>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Votes {
    pub members: u32,
    pub present: u32,
    pub votes_for: u32,
    pub against: u32,
    pub abstain: u32,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Publication {
    pub date: Option<Date>,
    pub place: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Resolution {
    pub id: String,
    pub origin: Origin,
    pub title: String,
    pub issues: Vec<String>,
    pub finding: Option<String>,
    pub affected: Option<u64>,
    pub budget: Option<f64>,
    /// Indexed by `StepKey as usize`, in the order of the four steps.
    pub steps: [Option<Step>; 4],
    pub published_decision: Option<Publication>,
    pub published_result: Option<Publication>,
    pub implementation: Option<Implementation>,
    pub outcome: Outcome,
    /// The latest dated step or publication.
    pub date: Option<Date>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Milestone {
    pub title: String,
    pub due: Option<Date>,
    pub done: Option<Date>,
    pub progress: f64,
    /// Its share of the project's progress (positive; 1 unless stated).
    pub weight: f64,
    // Derived.
    pub completion: f64,
    pub overdue: bool,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Project {
    pub id: String,
    pub title: String,
    pub category: Option<String>,
    pub owner: Option<String>,
    pub budget: Option<f64>,
    pub spent: Option<f64>,
    pub issues: Vec<String>,
    /// (plan id, project id) of the parent plan's project.
    pub implements: Option<(String, String)>,
    pub milestones: Vec<Milestone>,
    pub cancelled: bool,
    // Derived.
    /// The weighted mean completion of its milestones.
    pub progress: f64,
    /// With the projects that carry it out (see `rules::progress::rolled_up`).
    pub rolled_up: f64,
    pub status: ProjectStatus,
    pub overdue: usize,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Plan {
    pub id: String,
    pub origin: Origin,
    pub title: String,
    pub kind: PlanKind,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub parent: Option<String>,
    pub parent_pos: crate::diag::Pos,
    pub projects: Vec<Project>,
    // Derived.
    /// The mean progress of its non-cancelled projects.
    pub progress: f64,
    /// The mean rolled-up progress of its non-cancelled projects.
    pub rolled_up: f64,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Team {
    pub name: String,
    pub members: Vec<String>,
    pub groups: Vec<String>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Visit {
    pub id: String,
    pub origin: Origin,
    pub title: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub teams: Vec<Team>,
    /// Households visited, by group id.
    pub visited: Vec<(String, u32)>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub id: String,
    pub origin: Origin,
    pub title: String,
    pub menu: bool,
    pub weight: i64,
}

/// A file copied to the output as it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct StaticFile {
    /// Output path relative to the output root, `/` separators.
    pub out: String,
    pub source: std::path::PathBuf,
}

/// The whole site, checked and derived. Records are sorted by id.
#[derive(Clone, Debug)]
pub struct Model {
    pub site: Site,
    pub issues: Vec<Issue>,
    pub meetings: Vec<Meeting>,
    pub resolutions: Vec<Resolution>,
    pub plans: Vec<Plan>,
    pub visits: Vec<Visit>,
    pub pages: Vec<Page>,
    pub statics: Vec<StaticFile>,
}
