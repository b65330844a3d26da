//! site.yaml: the village, its groups, zones, people and categories, and the settings.

use super::{valid_id, FileCtx, Options};
use crate::date::Date;
use crate::diag::{Diagnostics, Lang, Pos};
use crate::load::Source;
use crate::model::{Category, Group, Paper, Person, Site, Zone};
use crate::raw::{RawQuorum, RawSite, T};
use crate::rules::quorum::{self, Assembly, Counts, Rule, Rules, Threshold, ThresholdError};
use crate::tr;
use crate::yaml;

/// The categories used when site.yaml lists none.
pub fn default_categories(lang: Lang) -> Vec<Category> {
    let table = [
        ("infrastructure", "基础设施", "Infrastructure"),
        ("land", "土地与建房", "Land and housing"),
        ("welfare", "民生保障", "Welfare"),
        ("environment", "环境卫生", "Environment"),
        ("economy", "集体经济", "Village economy"),
        ("safety", "平安建设", "Safety"),
        ("governance", "村务管理", "Village affairs"),
        ("other", "其他", "Other"),
    ];
    table
        .iter()
        .map(|(id, zh, en)| Category {
            id: id.to_string(),
            name: match lang {
                Lang::Zh => zh.to_string(),
                Lang::En => en.to_string(),
            },
        })
        .collect()
}

fn duplicate_ids(ctx: &mut FileCtx, what: &str, ids: &[(String, String)]) {
    let lang = ctx.lang;
    for (i, (id, path)) in ids.iter().enumerate() {
        if ids[..i].iter().any(|(other, _)| other == id) {
            ctx.error(
                path,
                tr!(
                    lang,
                    "{what} 里“{id}”出现了两次",
                    "`{id}` appears twice under `{what}`"
                ),
                Some(tr!(
                    lang,
                    "每个编号只能用一次：把其中一个改成它本该用的编号。改好之前，记录里对 {what} 的引用不核对",
                    "each id may be used once: change one of them to the id it was meant to have. References to `{what}` in the records are checked once this is fixed"
                )),
            );
        }
    }
}

pub fn resolve_site(src: Option<&Source>, opts: &Options, diags: &mut Diagnostics) -> Option<Site> {
    let Some(src) = src else {
        let lang = diags.lang;
        diags.error(
            "content/site.yaml",
            Pos::default(),
            tr!(lang, "找不到 content/site.yaml", "content/site.yaml is missing"),
            Some(tr!(
                lang,
                "站点文件夹里要有 content/site.yaml，写明 title、village 和 base_url；用 gongkai init 可以生成一个",
                "a site needs content/site.yaml with title, village and base_url; `gongkai init` writes one"
            )),
        );
        return None;
    };
    // The language decides the words of every later message, so read it first.
    if let Some(serde_json::Value::Object(m)) = yaml::to_json(&src.text) {
        if let Some(lang) = m
            .get("language")
            .and_then(|v| v.as_str())
            .and_then(Lang::from_code)
        {
            diags.lang = lang;
        }
    }
    let lang = diags.lang;
    let raw: RawSite = match yaml::parse(&src.text, 1, lang) {
        Ok(r) => r,
        Err(e) => {
            diags.error(&src.rel, e.pos, e.message, e.hint);
            return None;
        }
    };
    let pos = yaml::positions(&src.text, 1);
    super::report_repeated(&src.rel, &pos, diags);
    let mut refs = Vec::new();
    let mut ctx = FileCtx {
        file: &src.rel,
        pos,
        diags,
        refs: &mut refs,
        lang,
    };

    let title = ctx.required(&raw.title, "title");
    let village = ctx.required(&raw.village, "village");
    if let Some(code) = ctx.text(&raw.language) {
        if Lang::from_code(&code).is_none() {
            ctx.error(
                "language",
                tr!(
                    lang,
                    "不支持的语言“{code}”",
                    "the language `{code}` is not supported"
                ),
                Some(crate::diag::choice_hint(lang, &code, &["zh-CN", "en"])),
            );
        }
    }
    let base_url = match opts.base_url.clone().or_else(|| ctx.text(&raw.base_url)) {
        Some(url) => {
            if !(url.starts_with("http://") || url.starts_with("https://"))
                || url.contains(char::is_whitespace)
            {
                ctx.error(
                    "base_url",
                    tr!(lang, "网址“{url}”写得不对", "`{url}` is not a web address"),
                    Some(tr!(lang, "写完整的网址，以 https:// 开头，如 https://example.org/village/", "write the full address starting with https://, e.g. https://example.org/village/")),
                );
            }
            if url.ends_with('/') {
                url
            } else {
                format!("{url}/")
            }
        }
        None => {
            ctx.missing("base_url");
            String::new()
        }
    };
    let as_of = match opts.as_of {
        Some(d) => d,
        None => ctx.date(&raw.as_of, "as_of").unwrap_or_else(Date::today),
    };

    let mut groups = Vec::new();
    let mut ids = Vec::new();
    for (i, g) in raw.groups.iter().flatten().enumerate() {
        let path = format!("groups.{i}");
        let Some(id) = ctx.required(&g.id, &format!("{path}.id")) else {
            continue;
        };
        ctx.check_id(&id, &format!("{path}.id"));
        let name = ctx
            .required(&g.name, &format!("{path}.name"))
            .unwrap_or_else(|| id.clone());
        ids.push((id.clone(), format!("{path}.id")));
        groups.push(Group {
            id,
            name,
            households: g.households.unwrap_or(0),
        });
    }
    duplicate_ids(&mut ctx, "groups", &ids);
    if raw.groups.as_ref().is_none_or(|g| g.is_empty()) {
        ctx.error(
            "",
            tr!(lang, "site.yaml 里没有村民小组（groups）", "site.yaml lists no villager groups (`groups`)"),
            Some(tr!(lang, "加上 groups:，每个小组一行，如 - {{id: \"1\", name: 1组, households: 42}}", "add `groups:` with one line per group, e.g. - {{id: \"1\", name: Group 1, households: 42}}")),
        );
    }
    let group_ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();

    let mut zones = Vec::new();
    let mut ids = Vec::new();
    for (i, z) in raw.zones.iter().flatten().enumerate() {
        let path = format!("zones.{i}");
        let Some(id) = ctx.required(&z.id, &format!("{path}.id")) else {
            continue;
        };
        ctx.check_id(&id, &format!("{path}.id"));
        let name = ctx
            .required(&z.name, &format!("{path}.name"))
            .unwrap_or_else(|| id.clone());
        let mut zone_groups = Vec::new();
        for (j, g) in z.groups.iter().flatten().enumerate() {
            let gpath = format!("{path}.groups.{j}");
            if let Some(g) = ctx.site_ref(&Some(g.clone()), &gpath, "groups", &group_ids) {
                zone_groups.push(g);
            }
        }
        ids.push((id.clone(), format!("{path}.id")));
        zones.push(Zone {
            id,
            name,
            groups: zone_groups,
        });
    }
    duplicate_ids(&mut ctx, "zones", &ids);

    let mut people = Vec::new();
    let mut ids = Vec::new();
    for (i, p) in raw.people.iter().flatten().enumerate() {
        let path = format!("people.{i}");
        let Some(id) = ctx.required(&p.id, &format!("{path}.id")) else {
            continue;
        };
        if !valid_id(&id) {
            ctx.check_id(&id, &format!("{path}.id"));
        }
        let name = ctx
            .required(&p.name, &format!("{path}.name"))
            .unwrap_or_else(|| id.clone());
        let role = ctx.text(&p.role).unwrap_or_default();
        ids.push((id.clone(), format!("{path}.id")));
        people.push(Person { id, name, role });
    }
    duplicate_ids(&mut ctx, "people", &ids);

    let categories = match &raw.categories {
        None => default_categories(lang),
        Some(list) => {
            let mut out = Vec::new();
            let mut ids = Vec::new();
            for (i, c) in list.iter().enumerate() {
                let path = format!("categories.{i}");
                let Some(id) = ctx.required(&c.id, &format!("{path}.id")) else {
                    continue;
                };
                ctx.check_id(&id, &format!("{path}.id"));
                let name = ctx
                    .required(&c.name, &format!("{path}.name"))
                    .unwrap_or_else(|| id.clone());
                ids.push((id.clone(), format!("{path}.id")));
                out.push(Category { id, name });
            }
            duplicate_ids(&mut ctx, "categories", &ids);
            out
        }
    };

    let theme = ctx
        .text(&raw.theme)
        .unwrap_or_else(|| "default".to_string());
    if !valid_id(&theme) {
        ctx.error(
            "theme",
            tr!(
                lang,
                "主题名“{theme}”不合规定",
                "the theme name `{theme}` is not valid"
            ),
            Some(tr!(
                lang,
                "写 themes/ 下的一个文件夹名，如 default",
                "name a folder under themes/, e.g. default"
            )),
        );
    }
    let quorum = read_quorum(&mut ctx, raw.quorum.as_ref());
    let print_paper = match ctx.text(&raw.print_paper) {
        None => Paper::A4,
        Some(text) => Paper::from_code(&text.to_uppercase()).unwrap_or_else(|| {
            ctx.error(
                "print_paper",
                tr!(
                    lang,
                    "纸张“{text}”不支持",
                    "the paper `{text}` is not supported"
                ),
                Some(crate::diag::choice_hint(lang, &text, Paper::CODES)),
            );
            Paper::A4
        }),
    };
    let public_numbers = ctx.list(&raw.public_numbers);
    let description = ctx.text(&raw.description);
    let town = ctx.text(&raw.town);
    let district = ctx.text(&raw.district);
    // site.yaml is public text too (people's names, titles): guard it like any record.
    crate::privacy::scan(&src.rel, &ctx.pos, "", 0, &public_numbers, ctx.diags);

    Some(Site {
        title: title.unwrap_or_default(),
        village: village.unwrap_or_default(),
        town,
        district,
        description,
        lang,
        base_url,
        as_of,
        feedback_days: raw.feedback_days.unwrap_or(14),
        public_numbers,
        groups,
        zones,
        people,
        categories,
        theme,
        quorum,
        print_paper,
    })
}

/// One share of a rule: its text read, or the default when absent or unreadable (an error).
fn read_threshold(
    ctx: &mut FileCtx,
    value: &T,
    path: &str,
    attendance: bool,
    default: Threshold,
) -> Threshold {
    let lang = ctx.lang;
    let Some(text) = ctx.text(value) else {
        return default;
    };
    let problem = match Threshold::parse(&text, attendance) {
        Ok(t) => return t,
        Err(e) => e,
    };
    let (message, hint) = match problem {
        ThresholdError::NoComparison => (
            tr!(lang, "“{text}”没有写明是“以上”还是“超过”", "`{text}` does not say \"at least\" or \"more than\""),
            tr!(lang, "在分数前写 >= 表示“以上”（含本数），写 > 表示“超过”，如 \">= 2/3\"（三分之二以上）或 \"> 1/2\"（过半数）", "write >= (at least) or > (more than) before the fraction, e.g. \">= 2/3\" or \"> 1/2\""),
        ),
        ThresholdError::BadFraction => (
            tr!(lang, "“{text}”里的分数写得不对", "the fraction in `{text}` is not valid"),
            tr!(lang, "写成 分子/分母，如 \">= 2/3\"：分子不大于分母，分母不超过 100", "write numerator/denominator, e.g. \">= 2/3\": the numerator no larger than the denominator, which is at most 100"),
        ),
        ThresholdError::Unreachable => (
            tr!(lang, "“{text}”永远达不到：人数不可能超过全体", "`{text}` can never be met: nobody can exceed all"),
            tr!(lang, "要求全体就写 \">= 1/1\"", "to require everyone, write \">= 1/1\""),
        ),
        ThresholdError::BadOf => (
            tr!(lang, "“{text}”的末尾看不懂", "the end of `{text}` is not understood"),
            tr!(lang, "分数后面只能写 of members（按应到人数算）或 of present（按到会人数算，默认）", "after the fraction write only `of members` or `of present` (the default)"),
        ),
        ThresholdError::OfPresentForAttendance => (
            tr!(lang, "到会人数只能按应到人数计算，不能写 of present", "attendance is always a share of the members: `of present` cannot be used here"),
            tr!(lang, "删掉 of present，如 \">= 2/3\"", "remove `of present`, e.g. \">= 2/3\""),
        ),
    };
    ctx.error(path, message, Some(hint));
    default
}

/// A body's rule: the defaults of what it counts, replaced field by field. A rule below the
/// default is a warning: local rules may ask more than the law, not less.
fn read_rule(
    ctx: &mut FileCtx,
    a: Assembly,
    counts: Counts,
    present: &T,
    votes_for: &T,
    path: &str,
) -> Rule {
    let lang = ctx.lang;
    let default = quorum::default_rule(a, counts);
    let rule = Rule {
        counts,
        present: read_threshold(
            ctx,
            present,
            &format!("{path}.present"),
            true,
            default.present,
        ),
        votes_for: read_threshold(
            ctx,
            votes_for,
            &format!("{path}.for"),
            false,
            default.votes_for,
        ),
    };
    let name = quorum::assembly_name(a, lang);
    let law = match a {
        Assembly::PartyMembers => tr!(lang, "党支部工作条例", "the Party branch work regulations"),
        _ => tr!(
            lang,
            "村民委员会组织法",
            "the Organic Law of the Villagers' Committees"
        ),
    };
    for (field, mine, theirs, what_zh, what_en) in [
        (
            "present",
            rule.present,
            default.present,
            "到会",
            "attendance",
        ),
        (
            "for",
            rule.votes_for,
            default.votes_for,
            "赞成",
            "vote in favour",
        ),
    ] {
        if mine.laxer_than(&theirs) {
            let written = ctx
                .text(if field == "present" {
                    present
                } else {
                    votes_for
                })
                .unwrap_or_default();
            ctx.warning(
                &format!("{path}.{field}"),
                tr!(lang, "{name}的{what_zh}要求“{written}”低于{law}的规定", "the {what_en} `{written}` of the {name} is below what {law} requires"),
                Some(tr!(lang, "核对本村的规定：地方规定可以比法律更严，不能更宽；删掉这一行就按法律的规定", "check the local rule: it may ask more than the law, not less; remove the line to apply the law")),
            );
        }
    }
    rule
}

/// `quorum:` of site.yaml: the representatives', villagers' and party members' rules.
fn read_quorum(ctx: &mut FileCtx, raw: Option<&RawQuorum>) -> Rules {
    let lang = ctx.lang;
    let mut rules = Rules::default();
    let Some(q) = raw else {
        return rules;
    };
    if let Some(r) = &q.representatives {
        rules.representatives = read_rule(
            ctx,
            Assembly::Representatives,
            Counts::Members,
            &r.present,
            &r.votes_for,
            "quorum.representatives",
        );
    }
    if let Some(r) = &q.villagers {
        let counts = match ctx.text(&r.basis).as_deref() {
            None | Some("adults") => Counts::Adults,
            Some("households") => Counts::Households,
            Some(other) => {
                ctx.error(
                    "quorum.villagers.basis",
                    tr!(
                        lang,
                        "basis 不能是“{other}”",
                        "`{other}` is not a valid basis"
                    ),
                    Some(format!(
                        "{}{}",
                        crate::diag::choice_hint(lang, other, &["adults", "households"]),
                        tr!(lang, "（adults：按十八周岁以上村民计；households：按户计）", " (adults: villagers aged 18 or more; households: one representative per household)")
                    )),
                );
                Counts::Adults
            }
        };
        rules.villagers = read_rule(
            ctx,
            Assembly::Villagers,
            counts,
            &r.present,
            &r.votes_for,
            "quorum.villagers",
        );
    }
    if let Some(r) = &q.party_members {
        rules.party_members = read_rule(
            ctx,
            Assembly::PartyMembers,
            Counts::Members,
            &r.present,
            &r.votes_for,
            "quorum.party_members",
        );
    }
    rules
}
