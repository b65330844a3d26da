//! Raw records: the files as written, every field optional so that the checker can name each
//! missing one with its place. Unknown fields are refused. `private:` is read as "ignored":
//! its content is never stored anywhere, so it cannot reach any output.

use serde::de::{self, IgnoredAny, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// A scalar written as text or as a number (`group: 13`, `parent: 2021`, `title: 2020`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(pub String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

pub type T = Option<Text>;

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub title: T,
    pub village: T,
    pub town: T,
    pub district: T,
    pub language: T,
    pub base_url: T,
    pub as_of: T,
    pub feedback_days: Option<u32>,
    pub public_numbers: Option<Vec<Text>>,
    pub groups: Option<Vec<RawGroup>>,
    pub zones: Option<Vec<RawZone>>,
    pub people: Option<Vec<RawPerson>>,
    pub categories: Option<Vec<RawCategory>>,
    /// Extension: the theme folder under `themes/` (default `default`).
    pub theme: T,
    /// Extension: a line under the site title.
    pub description: T,
    /// Extension: local quorum rules (the law's where absent).
    pub quorum: Option<RawQuorum>,
    /// Extension: the paper of the notice-board edition, `A4` (default) or `A3`.
    pub print_paper: T,
}

/// `quorum:` in site.yaml: each body's rule, each field defaulting to the law's.
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawQuorum {
    pub representatives: Option<RawRule>,
    pub villagers: Option<RawVillagersRule>,
    pub party_members: Option<RawRule>,
}

/// A body's rule: `present: ">= 2/3"`, `for: "> 1/2"` (of those present, or `of members`).
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub present: T,
    #[serde(rename = "for")]
    pub votes_for: T,
}

/// The villagers' meeting also says what `members` counts: `adults` or `households`.
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawVillagersRule {
    pub basis: T,
    pub present: T,
    #[serde(rename = "for")]
    pub votes_for: T,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub id: T,
    pub name: T,
    pub households: Option<u32>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawZone {
    pub id: T,
    pub name: T,
    pub groups: Option<Vec<Text>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub id: T,
    pub name: T,
    pub role: T,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub id: T,
    pub name: T,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawIssue {
    pub id: T,
    pub title: T,
    pub raised: T,
    pub source: T,
    pub group: T,
    pub zone: T,
    pub category: T,
    pub reporter: T,
    pub assignee: T,
    pub tags: Option<Vec<Text>>,
    pub timeline: Option<Vec<RawEvent>>,
    pub draft: Option<bool>,
    pub private: Option<IgnoredAny>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub date: T,
    pub event: T,
    pub note: T,
    pub meeting: T,
    pub to: T,
    pub audience: T,
    pub assignee: T,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawMeeting {
    pub id: T,
    pub title: T,
    pub date: T,
    pub kind: T,
    pub attendees: Option<Vec<Text>>,
    pub items: Option<Vec<RawItem>>,
    pub draft: Option<bool>,
    pub private: Option<IgnoredAny>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub issue: T,
    pub finding: T,
    pub action: T,
    pub assignee: T,
    pub due: T,
    pub escalate_to: T,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawResolution {
    pub id: T,
    pub title: T,
    pub issues: Option<Vec<Text>>,
    pub finding: T,
    pub affected: Option<u64>,
    pub budget: Option<f64>,
    pub steps: Option<RawSteps>,
    pub published: Option<RawPublished>,
    pub implementation: T,
    pub outcome: T,
    pub draft: Option<bool>,
    pub private: Option<IgnoredAny>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawSteps {
    pub proposal: Option<RawStep>,
    pub deliberation: Option<RawStep>,
    pub review: Option<RawStep>,
    pub decision: Option<RawStep>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub date: T,
    pub by: T,
    pub meeting: T,
    pub members: Option<u32>,
    pub present: Option<u32>,
    #[serde(rename = "for")]
    pub votes_for: Option<u32>,
    pub against: Option<u32>,
    pub abstain: Option<u32>,
    /// Extension, decision step only: `representatives` (default) or `villagers`.
    pub body: T,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawPublished {
    pub decision: Option<RawPublication>,
    pub result: Option<RawPublication>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawPublication {
    pub date: T,
    #[serde(rename = "where")]
    pub place: T,
    pub note: T,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    pub id: T,
    pub title: T,
    pub kind: T,
    pub start: T,
    pub end: T,
    pub parent: T,
    pub projects: Option<Vec<RawProject>>,
    pub draft: Option<bool>,
    pub private: Option<IgnoredAny>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    pub id: T,
    pub title: T,
    pub category: T,
    pub owner: T,
    pub budget: Option<f64>,
    pub spent: Option<f64>,
    pub issues: Option<Vec<Text>>,
    pub implements: T,
    pub milestones: Option<Vec<RawMilestone>>,
    pub cancelled: Option<bool>,
    pub private: Option<IgnoredAny>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawMilestone {
    pub title: T,
    pub due: T,
    pub done: T,
    pub progress: Option<f64>,
    /// Extension: the milestone's share of its project's progress (positive, default 1).
    pub weight: Option<f64>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawVisit {
    pub id: T,
    pub title: T,
    pub start: T,
    pub end: T,
    pub teams: Option<Vec<RawTeam>>,
    pub visited: Option<BTreeMap<Text, u32>>,
    pub draft: Option<bool>,
    pub private: Option<IgnoredAny>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    pub name: T,
    pub members: Option<Vec<Text>>,
    pub groups: Option<Vec<Text>>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    pub id: T,
    pub title: T,
    pub menu: Option<bool>,
    pub weight: Option<i64>,
    pub draft: Option<bool>,
    pub private: Option<IgnoredAny>,
}
