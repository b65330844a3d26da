//! Votes, quorum and the derived outcome of a resolution.
//!
//! The law's rules are the defaults (村民委员会组织法): a villagers' representatives' meeting
//! sits with at least two-thirds of its members present and decides by more than half of those
//! present (art. 26); a villagers' meeting sits with more than half of the adult villagers, or
//! at least two-thirds of the households, and decides by more than half of those present
//! (art. 22). The party members' meeting that reviews a resolution sits with more than half of
//! its members and passes by more than half of all its members (党支部工作条例, art. 11). A
//! village whose own rules differ writes them under `quorum:` in site.yaml.
//!
//! Exact integer arithmetic: `p/q of n` is compared as `q × part` against `p × n`, so no
//! rounding can decide a vote.

use crate::model::{Body, StepKey, Votes};
use std::cmp::Ordering;

mod words;
pub use words::*;

/// What is wrong with a set of votes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteProblem {
    /// No members: nobody could vote.
    NoMembers,
    /// More present than members.
    PresentOverMembers,
    /// for + against + abstain exceeds present.
    VotesOverPresent,
}

pub fn check(v: &Votes) -> Vec<VoteProblem> {
    let mut out = Vec::new();
    if v.members == 0 {
        out.push(VoteProblem::NoMembers);
    }
    if v.present > v.members {
        out.push(VoteProblem::PresentOverMembers);
    }
    if u64::from(v.votes_for) + u64::from(v.against) + u64::from(v.abstain) > u64::from(v.present) {
        out.push(VoteProblem::VotesOverPresent);
    }
    out
}

/// "At least" (以上, the number itself included) or "more than" (超过, 过半数).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    AtLeast,
    MoreThan,
}

/// What a share of votes is counted against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Of {
    /// All members (应到).
    Members,
    /// Those present (到会).
    Present,
}

/// A share that must be reached: `>= 2/3`, `> 1/2`, `> 1/2 of members`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threshold {
    pub cmp: Cmp,
    pub num: u32,
    pub den: u32,
    pub of: Of,
}

/// Why a threshold written in site.yaml cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThresholdError {
    /// No `>=` or `>` in front: "at least" and "more than" differ exactly at the boundary.
    NoComparison,
    /// Not `p/q` with whole numbers, 1 ≤ p ≤ q ≤ 100.
    BadFraction,
    /// `> 1/1`: more than everyone can never happen.
    Unreachable,
    /// Something after the fraction other than `of members` / `of present`.
    BadOf,
    /// `of present` where the share is of the members (attendance).
    OfPresentForAttendance,
}

impl Threshold {
    pub const fn new(cmp: Cmp, num: u32, den: u32, of: Of) -> Threshold {
        Threshold { cmp, num, den, of }
    }

    /// How `part / whole` compares with the fraction, exactly: `den × part` against
    /// `num × whole`.
    pub fn compare(&self, part: u32, whole: u32) -> Ordering {
        (u64::from(self.den) * u64::from(part)).cmp(&(u64::from(self.num) * u64::from(whole)))
    }

    /// Whether `part` of `whole` reaches the threshold.
    pub fn met(&self, part: u32, whole: u32) -> bool {
        matches!(
            (self.cmp, self.compare(part, whole)),
            (_, Ordering::Greater) | (Cmp::AtLeast, Ordering::Equal)
        )
    }

    /// Reads `>= 2/3`, `> 1/2`, `≥2/3`, `> 1/2 of members`. `attendance` is true for the
    /// share present, which is always of the members.
    pub fn parse(text: &str, attendance: bool) -> Result<Threshold, ThresholdError> {
        let t = text.trim();
        let (cmp, rest) = if let Some(r) = t.strip_prefix(">=").or_else(|| t.strip_prefix('≥')) {
            (Cmp::AtLeast, r)
        } else if let Some(r) = t.strip_prefix('>') {
            (Cmp::MoreThan, r)
        } else {
            return Err(ThresholdError::NoComparison);
        };
        let rest = rest.trim_start();
        let frac_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '/'))
            .unwrap_or(rest.len());
        let (frac, tail) = rest.split_at(frac_end);
        let (n, d) = frac.split_once('/').ok_or(ThresholdError::BadFraction)?;
        let num: u32 = n.parse().map_err(|_| ThresholdError::BadFraction)?;
        let den: u32 = d.parse().map_err(|_| ThresholdError::BadFraction)?;
        if num == 0 || den == 0 || num > den || den > 100 {
            return Err(ThresholdError::BadFraction);
        }
        if cmp == Cmp::MoreThan && num == den {
            return Err(ThresholdError::Unreachable);
        }
        let words: Vec<&str> = tail.split_whitespace().collect();
        let of = match words.as_slice() {
            [] => {
                if attendance {
                    Of::Members
                } else {
                    Of::Present
                }
            }
            ["of", "members"] => Of::Members,
            ["of", "present"] if attendance => return Err(ThresholdError::OfPresentForAttendance),
            ["of", "present"] => Of::Present,
            _ => return Err(ThresholdError::BadOf),
        };
        Ok(Threshold { cmp, num, den, of })
    }

    /// True when this threshold lets through a vote that `other` would not (for the same
    /// counts). Shares of different bases are compared only where the answer is certain.
    pub fn laxer_than(&self, other: &Threshold) -> bool {
        // self.num/self.den against other.num/other.den.
        let frac = (u64::from(self.num) * u64::from(other.den))
            .cmp(&(u64::from(other.num) * u64::from(self.den)));
        let cmp_laxer = self.cmp == Cmp::AtLeast && other.cmp == Cmp::MoreThan;
        match (self.of, other.of) {
            (a, b) if a == b => frac == Ordering::Less || (frac == Ordering::Equal && cmp_laxer),
            // A share of those present is a share of fewer people.
            (Of::Present, Of::Members) => {
                frac == Ordering::Less
                    || (frac == Ordering::Equal && (self.cmp == other.cmp || cmp_laxer))
            }
            _ => false,
        }
    }
}

/// What `members` and `present` count on a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counts {
    /// The members of the body (representatives, committee members, party members).
    Members,
    /// Villagers aged 18 or more (villagers' meeting).
    Adults,
    /// Households, each sending one representative (villagers' meeting).
    Households,
}

/// The rule of one body: what it counts, who must be present, who must be in favour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub counts: Counts,
    pub present: Threshold,
    pub votes_for: Threshold,
}

/// The body whose vote a step records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assembly {
    /// 村民代表会议: the decision, unless it says `body: villagers`.
    Representatives,
    /// 村民会议: a decision with `body: villagers`.
    Villagers,
    /// 党员大会: the review.
    PartyMembers,
    /// The party branch or the two committees: a vote on the proposal or the deliberation,
    /// if one is recorded (more than half present, more than half of all in favour).
    Committee,
}

impl Assembly {
    /// The body that votes on a step: the decision's `body:` (representatives by default),
    /// the party members for the review, the committees otherwise.
    pub fn of_step(key: StepKey, body: Option<Body>) -> Assembly {
        match key {
            StepKey::Decision => match body {
                Some(Body::Villagers) => Assembly::Villagers,
                _ => Assembly::Representatives,
            },
            StepKey::Review => Assembly::PartyMembers,
            StepKey::Proposal | StepKey::Deliberation => Assembly::Committee,
        }
    }
}

const AT_LEAST_TWO_THIRDS: Threshold = Threshold::new(Cmp::AtLeast, 2, 3, Of::Members);
const MORE_THAN_HALF: Threshold = Threshold::new(Cmp::MoreThan, 1, 2, Of::Members);
const MORE_THAN_HALF_PRESENT: Threshold = Threshold::new(Cmp::MoreThan, 1, 2, Of::Present);

/// The default rule of a body counting `counts` (the law's, or the party's regulations).
pub fn default_rule(a: Assembly, counts: Counts) -> Rule {
    match (a, counts) {
        (Assembly::Villagers, Counts::Households) => Rule {
            counts,
            present: AT_LEAST_TWO_THIRDS,
            votes_for: MORE_THAN_HALF_PRESENT,
        },
        (Assembly::Villagers, _) => Rule {
            counts: Counts::Adults,
            present: MORE_THAN_HALF,
            votes_for: MORE_THAN_HALF_PRESENT,
        },
        (Assembly::Representatives, _) => Rule {
            counts: Counts::Members,
            present: AT_LEAST_TWO_THIRDS,
            votes_for: MORE_THAN_HALF_PRESENT,
        },
        (Assembly::PartyMembers | Assembly::Committee, _) => Rule {
            counts: Counts::Members,
            present: MORE_THAN_HALF,
            votes_for: MORE_THAN_HALF,
        },
    }
}

/// The rules a site applies (site.yaml `quorum:`, the defaults where it is silent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    pub representatives: Rule,
    pub villagers: Rule,
    pub party_members: Rule,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            representatives: default_rule(Assembly::Representatives, Counts::Members),
            villagers: default_rule(Assembly::Villagers, Counts::Adults),
            party_members: default_rule(Assembly::PartyMembers, Counts::Members),
        }
    }
}

impl Rules {
    pub fn rule(&self, a: Assembly) -> Rule {
        match a {
            Assembly::Representatives => self.representatives,
            Assembly::Villagers => self.villagers,
            Assembly::PartyMembers => self.party_members,
            Assembly::Committee => default_rule(Assembly::Committee, Counts::Members),
        }
    }

    /// True when the body's rule is the default one (the law's) for what it counts.
    pub fn is_default(&self, a: Assembly) -> bool {
        let r = self.rule(a);
        r == default_rule(a, r.counts)
    }
}

/// Whether the vote meets the rule: enough present, enough in favour.
pub fn passes(rule: &Rule, v: &Votes) -> bool {
    has_quorum(rule, v) && has_majority(rule, v)
}

pub fn has_quorum(rule: &Rule, v: &Votes) -> bool {
    rule.present.met(v.present, v.members)
}

pub fn has_majority(rule: &Rule, v: &Votes) -> bool {
    rule.votes_for.met(v.votes_for, base(&rule.votes_for, v))
}

fn base(t: &Threshold, v: &Votes) -> u32 {
    match t.of {
        Of::Members => v.members,
        Of::Present => v.present,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Lang;

    fn v(members: u32, present: u32, votes_for: u32) -> Votes {
        Votes {
            members,
            present,
            votes_for,
            against: 0,
            abstain: 0,
        }
    }

    fn reps() -> Rule {
        Rules::default().representatives
    }

    #[test]
    fn the_law_for_representatives_at_its_boundaries() {
        // (members, present, for, adopted)
        let table = [
            (41, 38, 38, true),
            (30, 20, 11, true),  // exactly two-thirds present is enough
            (30, 19, 19, false), // one short of two-thirds
            (31, 21, 11, true),  // 2/3 of 31 is 20.67: 21 is enough
            (31, 20, 20, false),
            (30, 20, 10, false), // exactly half in favour is not more than half
            (30, 21, 11, true),
            (3, 2, 2, true),
            (0, 0, 0, false), // nobody in favour
            (1, 1, 1, true),
        ];
        for (m, p, f, want) in table {
            assert_eq!(
                passes(&reps(), &v(m, p, f)),
                want,
                "members {m} present {p} for {f}"
            );
        }
    }

    #[test]
    fn thresholds_read_from_site_yaml() {
        use Cmp::*;
        let ok = [
            (">= 2/3", true, Threshold::new(AtLeast, 2, 3, Of::Members)),
            ("≥2/3", true, Threshold::new(AtLeast, 2, 3, Of::Members)),
            (
                " > 1/2 ",
                false,
                Threshold::new(MoreThan, 1, 2, Of::Present),
            ),
            (
                "> 1/2 of members",
                false,
                Threshold::new(MoreThan, 1, 2, Of::Members),
            ),
            (
                ">= 4/5 of present",
                false,
                Threshold::new(AtLeast, 4, 5, Of::Present),
            ),
            (">= 1/1", true, Threshold::new(AtLeast, 1, 1, Of::Members)),
        ];
        for (text, attendance, want) in ok {
            assert_eq!(Threshold::parse(text, attendance), Ok(want), "{text}");
        }
        let bad = [
            ("2/3", ThresholdError::NoComparison),
            ("三分之二", ThresholdError::NoComparison),
            (">= two-thirds", ThresholdError::BadFraction),
            (">= 3/2", ThresholdError::BadFraction),
            ("> 0/3", ThresholdError::BadFraction),
            (">= 2/0", ThresholdError::BadFraction),
            (">= 0.66", ThresholdError::BadFraction),
            ("> 1/1", ThresholdError::Unreachable),
            ("> 1/2 of everyone", ThresholdError::BadOf),
        ];
        for (text, want) in bad {
            assert_eq!(Threshold::parse(text, false), Err(want), "{text}");
        }
        assert_eq!(
            Threshold::parse(">= 2/3 of present", true),
            Err(ThresholdError::OfPresentForAttendance)
        );
    }

    #[test]
    fn at_least_and_more_than_differ_exactly_at_the_boundary() {
        let at_least = Threshold::parse(">= 2/3", true).unwrap();
        let more_than = Threshold::parse("> 2/3", true).unwrap();
        // (part, whole, at least 2/3, more than 2/3)
        let table = [
            (20, 30, true, false), // exactly two-thirds
            (21, 30, true, true),
            (19, 30, false, false),
            (2, 3, true, false),
            (0, 0, true, false), // 0 of 0 is "exactly" any share
        ];
        for (part, whole, a, m) in table {
            assert_eq!(at_least.met(part, whole), a, ">= 2/3: {part}/{whole}");
            assert_eq!(more_than.met(part, whole), m, "> 2/3: {part}/{whole}");
        }
        let half = Threshold::parse(">= 1/2", false).unwrap();
        let over_half = Threshold::parse("> 1/2", false).unwrap();
        // exactly half: at least half, not more than half
        assert!(half.met(15, 30) && !over_half.met(15, 30));
        assert!(half.met(16, 30) && over_half.met(16, 30));
        assert!(!half.met(14, 30) && !over_half.met(14, 30));
        // odd counts: half of 31 is 15.5
        assert!(!half.met(15, 31) && half.met(16, 31) && over_half.met(16, 31));
    }

    #[test]
    fn the_villagers_meeting_counts_adults_or_households() {
        let adults = default_rule(Assembly::Villagers, Counts::Adults);
        let households = default_rule(Assembly::Villagers, Counts::Households);
        // (members, present, for, adults' rule, households' rule)
        let table = [
            (1200, 601, 301, true, false), // more than half of adults; not 2/3 of households
            (1200, 600, 301, false, false), // exactly half the adults is not more than half
            (180, 120, 61, true, true),    // exactly two-thirds of the households
            (180, 119, 60, true, false),   // one household short of two-thirds
            (180, 120, 60, false, false),  // exactly half of those present in favour
        ];
        for (m, p, f, a, h) in table {
            assert_eq!(passes(&adults, &v(m, p, f)), a, "adults {m} {p} {f}");
            assert_eq!(
                passes(&households, &v(m, p, f)),
                h,
                "households {m} {p} {f}"
            );
        }
    }

    #[test]
    fn the_party_members_rule_counts_votes_against_all_members() {
        let party = Rules::default().party_members;
        // (members, present, for, passes)
        let table = [
            (52, 45, 45, true),
            (52, 27, 27, true), // 27 of 52 present: more than half; 27 for: more than 26
            (52, 26, 26, false), // exactly half present
            (52, 40, 26, false), // exactly half of all members in favour
            (52, 40, 27, true),
            (53, 27, 27, true), // half of 53 is 26.5
        ];
        for (m, p, f, want) in table {
            assert_eq!(passes(&party, &v(m, p, f)), want, "{m} {p} {f}");
        }
    }

    #[test]
    fn a_local_rule_replaces_the_law() {
        // 4/5 present and 2/3 of those present in favour.
        let local = Rule {
            counts: Counts::Members,
            present: Threshold::parse(">= 4/5", true).unwrap(),
            votes_for: Threshold::parse(">= 2/3", false).unwrap(),
        };
        // (members, present, for, passes)
        let table = [
            (40, 32, 22, true),  // exactly 4/5 present, 22/32 > 2/3
            (40, 31, 31, false), // below 4/5
            (45, 36, 24, true),  // exactly 4/5 present and exactly 2/3 in favour
            (45, 36, 23, false),
        ];
        for (m, p, f, want) in table {
            assert_eq!(passes(&local, &v(m, p, f)), want, "{m} {p} {f}");
        }
        let rules = Rules {
            representatives: local,
            ..Rules::default()
        };
        assert!(!rules.is_default(Assembly::Representatives));
        assert!(rules.is_default(Assembly::Villagers));
        assert!(rule_text(&rules, Assembly::Representatives, Lang::Zh)
            .starts_with("依照本村规定：村民代表会议须有五分之四以上的组成人员到会"));
    }

    #[test]
    fn laxer_than_the_law() {
        let t = |s: &str, att: bool| Threshold::parse(s, att).unwrap();
        let law = t(">= 2/3", true);
        assert!(t(">= 1/2", true).laxer_than(&law));
        assert!(!t("> 2/3", true).laxer_than(&law));
        assert!(!t(">= 2/3", true).laxer_than(&law));
        assert!(!t(">= 4/5", true).laxer_than(&law));
        let law_for = t("> 1/2", false);
        assert!(t(">= 1/2", false).laxer_than(&law_for));
        assert!(!t("> 1/2 of members", false).laxer_than(&law_for));
        let party_for = t("> 1/2 of members", false);
        assert!(t("> 1/2", false).laxer_than(&party_for));
        assert!(!t("> 2/3", false).laxer_than(&party_for)); // not certain either way
    }

    #[test]
    fn counts_must_fit() {
        assert_eq!(check(&v(41, 38, 38)), vec![]);
        assert_eq!(check(&v(41, 42, 1)), vec![VoteProblem::PresentOverMembers]);
        assert_eq!(check(&v(0, 0, 0)), vec![VoteProblem::NoMembers]);
        let over = Votes {
            members: 41,
            present: 38,
            votes_for: 30,
            against: 5,
            abstain: 4,
        };
        assert_eq!(check(&over), vec![VoteProblem::VotesOverPresent]);
    }

    #[test]
    fn which_body_votes_on_which_step() {
        assert_eq!(
            Assembly::of_step(StepKey::Decision, None),
            Assembly::Representatives
        );
        assert_eq!(
            Assembly::of_step(StepKey::Decision, Some(Body::Villagers)),
            Assembly::Villagers
        );
        assert_eq!(
            Assembly::of_step(StepKey::Review, None),
            Assembly::PartyMembers
        );
        assert_eq!(
            Assembly::of_step(StepKey::Proposal, None),
            Assembly::Committee
        );
    }
}
