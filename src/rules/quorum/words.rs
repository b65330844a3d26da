//! Quorum rules in words: the vote as a villager reads it on the page and the board, and
//! the rule with where it comes from.

use super::{base, passes, Assembly, Cmp, Counts, Of, Rule, Rules, Threshold};
use crate::diag::Lang;
use crate::model::{StepKey, Votes};
use crate::tr;
use std::cmp::Ordering;

/// 1–99 in Chinese numerals (larger numbers in digits).
fn cn(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 if n % 10 == 0 => format!("{}十", D[(n / 10) as usize]),
        20..=99 => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

/// The fraction in words: `半数`, `三分之二` / `half`, `two-thirds`.
fn fraction(t: &Threshold, lang: Lang) -> String {
    match lang {
        Lang::Zh => match (t.num, t.den) {
            (1, 2) => "半数".into(),
            (n, d) if n == d => "全体".into(),
            (n, d) => format!("{}分之{}", cn(d), cn(n)),
        },
        Lang::En => match (t.num, t.den) {
            (1, 2) => "half".into(),
            (1, 3) => "one-third".into(),
            (2, 3) => "two-thirds".into(),
            (1, 4) => "one-quarter".into(),
            (3, 4) => "three-quarters".into(),
            (3, 5) => "three-fifths".into(),
            (4, 5) => "four-fifths".into(),
            (n, d) if n == d => "all".into(),
            (n, d) => format!("{n}/{d}"),
        },
    }
}

/// The threshold in words: `三分之二以上`, `过半数` / `at least two-thirds`, `more than half`.
fn threshold_words(t: &Threshold, lang: Lang) -> String {
    let f = fraction(t, lang);
    match (lang, t.cmp) {
        (Lang::Zh, Cmp::AtLeast) => format!("{f}以上"),
        (Lang::Zh, Cmp::MoreThan) if (t.num, t.den) == (1, 2) => "过半数".into(),
        (Lang::Zh, Cmp::MoreThan) => format!("超过{f}"),
        (Lang::En, Cmp::AtLeast) => format!("at least {f}"),
        (Lang::En, Cmp::MoreThan) => format!("more than {f}"),
    }
}

/// How a count stands against a fraction, in words: `超过三分之二`, `恰好半数`, `不足半数`.
fn standing(t: &Threshold, part: u32, whole: u32, of_members: bool, lang: Lang) -> String {
    let f = fraction(t, lang);
    let (zh_of, en_of) = if of_members {
        ("应到人数的", " of the members")
    } else {
        ("", "")
    };
    match (t.compare(part, whole), lang) {
        (Ordering::Greater, Lang::Zh) => format!("超过{zh_of}{f}"),
        (Ordering::Equal, Lang::Zh) => format!("恰好{zh_of}{f}"),
        (Ordering::Less, Lang::Zh) => format!("不足{zh_of}{f}"),
        (Ordering::Greater, Lang::En) => format!("more than {f}{en_of}"),
        (Ordering::Equal, Lang::En) => format!("exactly {f}{en_of}"),
        (Ordering::Less, Lang::En) => format!("fewer than {f}{en_of}"),
    }
}

/// `决议通过` for the decision, `审议通过` for the review, `通过` otherwise.
pub fn verdict(key: StepKey, passed: bool, lang: Lang) -> String {
    let s = match (key, passed, lang) {
        (StepKey::Decision, true, Lang::Zh) => "决议通过",
        (StepKey::Decision, false, Lang::Zh) => "决议未通过",
        (StepKey::Review, true, Lang::Zh) => "审议通过",
        (StepKey::Review, false, Lang::Zh) => "审议未通过",
        (_, true, Lang::Zh) => "通过",
        (_, false, Lang::Zh) => "未通过",
        (StepKey::Decision, true, Lang::En) => "adopted",
        (StepKey::Decision, false, Lang::En) => "not adopted",
        (StepKey::Review, true, Lang::En) => "passed the review",
        (StepKey::Review, false, Lang::En) => "did not pass the review",
        (_, true, Lang::En) => "passed",
        (_, false, Lang::En) => "not passed",
    };
    s.to_string()
}

/// The check in words, e.g. `出席38/41，超过三分之二；赞成38，超过半数，决议通过`: the
/// attendance and the votes against the rule's fractions (above, exactly, below), then the
/// verdict of the step.
pub fn vote_text(rule: &Rule, v: &Votes, key: StepKey, lang: Lang) -> String {
    let (present, members, yes) = (v.present, v.members, v.votes_for);
    let attendance = standing(&rule.present, present, members, false, lang);
    let attendance = match (rule.counts, lang) {
        (Counts::Members, Lang::Zh) => format!("出席{present}/{members}，{attendance}"),
        (Counts::Adults, Lang::Zh) => format!("到会{present}/{members}人，{attendance}"),
        (Counts::Households, Lang::Zh) => format!("到会{present}/{members}户，{attendance}"),
        (Counts::Members, Lang::En) => format!("{present} of {members} present, {attendance}"),
        (Counts::Adults, Lang::En) => {
            format!("{present} of {members} adult villagers present, {attendance}")
        }
        (Counts::Households, Lang::En) => {
            format!("{present} of {members} households represented, {attendance}")
        }
    };
    let of_members = rule.votes_for.of == Of::Members;
    let favour = standing(
        &rule.votes_for,
        yes,
        base(&rule.votes_for, v),
        of_members,
        lang,
    );
    let verdict = verdict(key, passes(rule, v), lang);
    match lang {
        Lang::Zh => format!("{attendance}；赞成{yes}，{favour}，{verdict}"),
        Lang::En => format!("{attendance}; {yes} in favour, {favour}: {verdict}"),
    }
}

/// The rule in words with where it comes from, e.g. `依照村民委员会组织法第二十六条：村民代表
/// 会议须有三分之二以上的组成人员到会，决定须经到会人员的过半数同意。`
pub fn rule_text(rules: &Rules, a: Assembly, lang: Lang) -> String {
    let r = rules.rule(a);
    let p = threshold_words(&r.present, lang);
    let f = threshold_words(&r.votes_for, lang);
    let zh_for = match (a, r.votes_for.of) {
        (_, Of::Present) => format!("到会人员的{f}"),
        (Assembly::PartyMembers, Of::Members) => format!("应到会有表决权党员的{f}"),
        (_, Of::Members) => format!("全体成员的{f}"),
    };
    let en_for = match r.votes_for.of {
        Of::Present => format!("{f} of those present"),
        Of::Members => format!("{f} of all members"),
    };
    let rule = match (a, r.counts, lang) {
        (Assembly::Villagers, Counts::Households, Lang::Zh) => {
            format!("村民会议须有本村{p}的户派代表到会，决定须经{zh_for}通过。")
        }
        (Assembly::Villagers, _, Lang::Zh) => {
            format!("村民会议须有本村十八周岁以上村民的{p}到会，决定须经{zh_for}通过。")
        }
        (Assembly::Representatives, _, Lang::Zh) => {
            format!("村民代表会议须有{p}的组成人员到会，决定须经{zh_for}同意。")
        }
        (Assembly::PartyMembers, _, Lang::Zh) => {
            format!("党员大会须有{p}的有表决权的党员到会，表决须经{zh_for}赞成。")
        }
        (Assembly::Committee, _, Lang::Zh) => {
            format!("会议须有{p}的成员到会，须经{zh_for}赞成。")
        }
        (Assembly::Villagers, Counts::Households, Lang::En) => format!(
            "a villagers' meeting needs {p} of the households represented, and a decision {en_for} in favour."
        ),
        (Assembly::Villagers, _, Lang::En) => format!(
            "a villagers' meeting needs {p} of the adult villagers present, and a decision {en_for} in favour."
        ),
        (Assembly::Representatives, _, Lang::En) => format!(
            "a villagers' representatives' meeting needs {p} of its members present, and a decision {en_for} in favour."
        ),
        (Assembly::PartyMembers, _, Lang::En) => format!(
            "a party members' meeting needs {p} of the members with a vote present, and a vote {en_for} in favour."
        ),
        (Assembly::Committee, _, Lang::En) => {
            format!("a committee needs {p} of its members present, and {en_for} in favour.")
        }
    };
    let source = if !rules.is_default(a) {
        tr!(lang, "依照本村规定：", "Under the village's own rule, ")
    } else {
        match a {
            Assembly::Representatives => tr!(
                lang,
                "依照村民委员会组织法第二十六条：",
                "Under article 26 of the Organic Law of the Villagers' Committees, "
            ),
            Assembly::Villagers => tr!(
                lang,
                "依照村民委员会组织法第二十二条：",
                "Under article 22 of the Organic Law of the Villagers' Committees, "
            ),
            Assembly::PartyMembers => tr!(
                lang,
                "依照《中国共产党支部工作条例（试行）》第十一条：",
                "Under article 11 of the Party branch work regulations, "
            ),
            Assembly::Committee => tr!(lang, "依照少数服从多数的原则：", "By majority rule, "),
        }
    };
    format!("{source}{rule}")
}

/// The body's name: `村民代表会议` / `villagers' representatives' meeting`.
pub fn assembly_name(a: Assembly, lang: Lang) -> String {
    match a {
        Assembly::Representatives => {
            tr!(lang, "村民代表会议", "villagers' representatives' meeting")
        }
        Assembly::Villagers => tr!(lang, "村民会议", "villagers' meeting"),
        Assembly::PartyMembers => tr!(lang, "党员大会", "party members' meeting"),
        Assembly::Committee => tr!(lang, "委员会", "committee"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::quorum::default_rule;

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
    fn words_say_why() {
        let d = StepKey::Decision;
        let table = [
            (
                v(41, 38, 38),
                "出席38/41，超过三分之二；赞成38，超过半数，决议通过",
                "38 of 41 present, more than two-thirds; 38 in favour, more than half: adopted",
            ),
            (
                v(30, 20, 11),
                "出席20/30，恰好三分之二；赞成11，超过半数，决议通过",
                "20 of 30 present, exactly two-thirds; 11 in favour, more than half: adopted",
            ),
            (
                v(30, 20, 10),
                "出席20/30，恰好三分之二；赞成10，恰好半数，决议未通过",
                "20 of 30 present, exactly two-thirds; 10 in favour, exactly half: not adopted",
            ),
            (
                v(30, 19, 19),
                "出席19/30，不足三分之二；赞成19，超过半数，决议未通过",
                "19 of 30 present, fewer than two-thirds; 19 in favour, more than half: not adopted",
            ),
        ];
        for (votes, zh, en) in table {
            assert_eq!(vote_text(&reps(), &votes, d, Lang::Zh), zh);
            assert_eq!(vote_text(&reps(), &votes, d, Lang::En), en);
        }
    }

    #[test]
    fn the_review_says_reviewed_not_resolved() {
        let party = Rules::default().party_members;
        assert_eq!(
            vote_text(&party, &v(52, 45, 45), StepKey::Review, Lang::Zh),
            "出席45/52，超过半数；赞成45，超过应到人数的半数，审议通过"
        );
        assert_eq!(
            vote_text(&party, &v(52, 40, 26), StepKey::Review, Lang::Zh),
            "出席40/52，超过半数；赞成26，恰好应到人数的半数，审议未通过"
        );
        assert_eq!(
            vote_text(&party, &v(52, 45, 45), StepKey::Review, Lang::En),
            "45 of 52 present, more than half; 45 in favour, more than half of the members: passed the review"
        );
        assert_eq!(
            vote_text(&party, &v(10, 6, 6), StepKey::Deliberation, Lang::Zh),
            "出席6/10，超过半数；赞成6，超过应到人数的半数，通过"
        );
    }

    #[test]
    fn villagers_words_name_what_is_counted() {
        let rules = Rules::default();
        let hh = default_rule(Assembly::Villagers, Counts::Households);
        assert_eq!(
            vote_text(
                &rules.villagers,
                &v(1200, 612, 400),
                StepKey::Decision,
                Lang::Zh
            ),
            "到会612/1200人，超过半数；赞成400，超过半数，决议通过"
        );
        assert_eq!(
            vote_text(&hh, &v(180, 120, 61), StepKey::Decision, Lang::En),
            "120 of 180 households represented, exactly two-thirds; 61 in favour, more than half: adopted"
        );
    }

    #[test]
    fn the_rules_in_words() {
        let r = Rules::default();
        assert_eq!(
            rule_text(&r, Assembly::Representatives, Lang::Zh),
            "依照村民委员会组织法第二十六条：村民代表会议须有三分之二以上的组成人员到会，决定须经到会人员的过半数同意。"
        );
        assert_eq!(
            rule_text(&r, Assembly::Villagers, Lang::Zh),
            "依照村民委员会组织法第二十二条：村民会议须有本村十八周岁以上村民的过半数到会，决定须经到会人员的过半数通过。"
        );
        let hh = Rules {
            villagers: default_rule(Assembly::Villagers, Counts::Households),
            ..r
        };
        assert!(hh.is_default(Assembly::Villagers));
        assert_eq!(
            rule_text(&hh, Assembly::Villagers, Lang::Zh),
            "依照村民委员会组织法第二十二条：村民会议须有本村三分之二以上的户派代表到会，决定须经到会人员的过半数通过。"
        );
        assert_eq!(
            rule_text(&r, Assembly::PartyMembers, Lang::Zh),
            "依照《中国共产党支部工作条例（试行）》第十一条：党员大会须有过半数的有表决权的党员到会，表决须经应到会有表决权党员的过半数赞成。"
        );
        assert_eq!(
            rule_text(&r, Assembly::Representatives, Lang::En),
            "Under article 26 of the Organic Law of the Villagers' Committees, a villagers' representatives' meeting needs at least two-thirds of its members present, and a decision more than half of those present in favour."
        );
    }

    #[test]
    fn chinese_numerals() {
        for (n, want) in [
            (1, "一"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (35, "三十五"),
            (100, "100"),
        ] {
            assert_eq!(cn(n), want);
        }
        let t = Threshold::parse(">= 7/10", true).unwrap();
        assert_eq!(threshold_words(&t, Lang::Zh), "十分之七以上");
        assert_eq!(threshold_words(&t, Lang::En), "at least 7/10");
    }
}
