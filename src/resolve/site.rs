//! site.yaml: the village, its groups, zones, people and categories, and the settings.

use super::{valid_id, FileCtx, Options};
use crate::date::Date;
use crate::diag::{Diagnostics, Lang, Pos};
use crate::load::Source;
use crate::model::{Category, Group, Person, Site, Zone};
use crate::raw::RawSite;
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
                Some(tr!(lang, "每个编号只能用一次", "each id may be used once")),
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
    })
}
