//! Votes, quorum and the derived outcome of a resolution (村民委员会组织法, art. 26: at least
//! two-thirds of the members present, more than half of those present in favour).
//! Exact integer arithmetic: no rounding can decide a vote.

use crate::diag::Lang;
use crate::model::Votes;
use crate::tr;

/// What is wrong with a set of votes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteProblem {
    /// More present than members.
    PresentOverMembers,
    /// for + against + abstain exceeds present.
    VotesOverPresent,
}

pub fn check(v: &Votes) -> Vec<VoteProblem> {
    let mut out = Vec::new();
    if v.present > v.members {
        out.push(VoteProblem::PresentOverMembers);
    }
    if u64::from(v.votes_for) + u64::from(v.against) + u64::from(v.abstain) > u64::from(v.present) {
        out.push(VoteProblem::VotesOverPresent);
    }
    out
}

/// At least two-thirds of the members present: `3 × present ≥ 2 × members`.
pub fn has_quorum(v: &Votes) -> bool {
    3 * u64::from(v.present) >= 2 * u64::from(v.members)
}

/// More than half of those present in favour: `2 × for > present`.
pub fn has_majority(v: &Votes) -> bool {
    2 * u64::from(v.votes_for) > u64::from(v.present)
}

/// Adopted when both hold.
pub fn adopted(v: &Votes) -> bool {
    has_quorum(v) && has_majority(v)
}

/// The check in words, e.g. `出席38/41，达到三分之二；赞成38，超过半数，决议通过`.
pub fn vote_text(v: &Votes, lang: Lang) -> String {
    let (present, members, yes) = (v.present, v.members, v.votes_for);
    let quorum = if has_quorum(v) {
        tr!(
            lang,
            "出席{present}/{members}，达到三分之二",
            "{present} of {members} present, at least two-thirds"
        )
    } else {
        tr!(
            lang,
            "出席{present}/{members}，不足三分之二",
            "{present} of {members} present, fewer than two-thirds"
        )
    };
    let majority = if has_majority(v) {
        tr!(
            lang,
            "赞成{yes}，超过出席人数的一半",
            "{yes} in favour, more than half of those present"
        )
    } else {
        tr!(
            lang,
            "赞成{yes}，未超过出席人数的一半",
            "{yes} in favour, not more than half of those present"
        )
    };
    let verdict = if adopted(v) {
        tr!(lang, "决议通过", "adopted")
    } else {
        tr!(lang, "决议未通过", "not adopted")
    };
    match lang {
        Lang::Zh => format!("{quorum}；{majority}，{verdict}"),
        Lang::En => format!("{quorum}; {majority}: {verdict}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(members: u32, present: u32, votes_for: u32) -> Votes {
        Votes {
            members,
            present,
            votes_for,
            against: 0,
            abstain: 0,
        }
    }

    #[test]
    fn quorum_and_majority_boundaries() {
        // (members, present, for, adopted)
        let table = [
            (41, 38, 38, true),
            (30, 20, 11, true),  // exactly two-thirds present
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
                adopted(&v(m, p, f)),
                want,
                "members {m} present {p} for {f}"
            );
        }
    }

    #[test]
    fn counts_must_fit() {
        assert_eq!(check(&v(41, 38, 38)), vec![]);
        assert_eq!(check(&v(41, 42, 1)), vec![VoteProblem::PresentOverMembers]);
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
    fn words_say_why() {
        assert_eq!(
            vote_text(&v(41, 38, 38), Lang::Zh),
            "出席38/41，达到三分之二；赞成38，超过出席人数的一半，决议通过"
        );
        assert!(vote_text(&v(30, 20, 10), Lang::Zh)
            .ends_with("赞成10，未超过出席人数的一半，决议未通过"));
        assert!(vote_text(&v(30, 19, 19), Lang::En)
            .starts_with("19 of 30 present, fewer than two-thirds"));
    }
}
