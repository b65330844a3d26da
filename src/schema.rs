//! JSON Schemas of the record files, for editors: derived from the raw types that parse the
//! files (src/raw.rs), so that the two cannot disagree on a field; the valid codes come from the
//! model's `CODES` tables. `gongkai schema` writes them; an editor's YAML extension then checks
//! and completes site.yaml and the visit rounds (see the README for the one-line setup).

use crate::diag::Lang;
use crate::model;
use crate::raw::{RawIssue, RawMeeting, RawPage, RawPlan, RawResolution, RawSite, RawVisit, Text};
use schemars::generate::SchemaSettings;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A scalar written as text or as a number (`group: 13`).
impl JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "text".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": ["string", "number", "boolean"]})
    }
}

/// An id: 1–64 of `A-Z a-z 0-9 - _`, or a number (`id: 2021`).
pub struct Id;

impl JsonSchema for Id {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "id".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["string", "integer"],
            "pattern": "^[A-Za-z0-9_-]{1,64}$",
        })
    }
}

/// A date, `YYYY-MM-DD`.
pub struct DateText;

impl JsonSchema for DateText {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        })
    }
}

/// A share of a quorum rule: `">= 2/3"`, `"> 1/2 of members"`.
pub struct Share;

impl JsonSchema for Share {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "share".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "examples": [">= 2/3", "> 1/2", "> 1/2 of members"],
        })
    }
}

/// The labels of the default theme in a language: the names the site shows for each code.
pub fn default_labels(lang: Lang) -> BTreeMap<String, String> {
    let path = format!("labels/{}.yaml", lang.code());
    crate::theme::DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == path)
        .and_then(|(_, b)| {
            crate::yaml::parse::<BTreeMap<String, String>>(&String::from_utf8_lossy(b), 1, lang)
                .ok()
        })
        .unwrap_or_default()
}

/// `code 名称 · code 名称` from the theme's labels (`source_home_visit`), for descriptions.
pub fn code_list(lang: Lang, prefix: &str, codes: &[&str]) -> String {
    let labels = default_labels(lang);
    codes
        .iter()
        .map(|c| {
            let key = format!("{prefix}_{}", c.replace('-', "_"));
            match labels.get(&key) {
                Some(l) if !prefix.is_empty() => format!("{c} {l}"),
                _ => c.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Every table of codes, with the prefix of its labels in the theme.
const CODE_TABLES: &[(&[&str], &str)] = &[
    (model::Source::CODES, "source"),
    (model::EventKind::CODES, "event"),
    (model::Audience::CODES, "audience"),
    (model::MeetingKind::CODES, "meeting_kind"),
    (model::Outcome::CODES, "outcome"),
    (model::Implementation::CODES, "implementation"),
    (model::Body::CODES, "body"),
    (model::PlanKind::CODES, "plan_kind"),
];

fn code_schema(codes: &[&str]) -> Schema {
    json_schema!({
        "type": "string",
        "enum": codes,
    })
}

/// A field's description (`中文\n\nEnglish`) followed by its codes and what each means.
fn describe_codes(description: &str, codes: &[&str], prefix: &str) -> String {
    let (zh, en) = description
        .split_once("\n\n")
        .unwrap_or((description, description));
    let with_labels = |lang| {
        code_list(lang, prefix, codes)
            .split(" · ")
            .map(|item| format!("- {item}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "{zh}\n{}\n\n{en}\n{}",
        with_labels(Lang::Zh),
        with_labels(Lang::En)
    )
}

/// A schema type for each field that takes one of a fixed list of codes; the field's
/// description gets the codes' meanings from [`CODE_TABLES`] (see `tidy`).
macro_rules! codes {
    ($($name:ident: $codes:expr;)+) => {$(
        pub struct $name;
        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                code_schema($codes)
            }
        }
    )+};
}

codes! {
    IssueSource: model::Source::CODES;
    Event: model::EventKind::CODES;
    Audience: model::Audience::CODES;
    MeetingKind: model::MeetingKind::CODES;
    Outcome: model::Outcome::CODES;
    Implementation: model::Implementation::CODES;
    Body: model::Body::CODES;
    PlanKind: model::PlanKind::CODES;
    Language: &["zh-CN", "en", "zh"];
    Paper: &["A4", "A3", "a4", "a3"];
    Basis: &["adults", "households"];
}

/// One schema file: its name, the files it is for (a glob under the site root), and its text.
pub struct SchemaFile {
    pub name: &'static str,
    pub files: &'static str,
    pub schema: Value,
}

/// The schema of each kind of file, in the order of the format's documentation.
pub fn schemas() -> Vec<SchemaFile> {
    vec![
        one::<RawSite>("site", "content/site.yaml", "site.yaml"),
        one::<RawIssue>("issue", "content/issues/**/*.md", "issues/*.md"),
        one::<RawMeeting>("meeting", "content/meetings/**/*.md", "meetings/*.md"),
        one::<RawResolution>(
            "resolution",
            "content/resolutions/**/*.md",
            "resolutions/*.md",
        ),
        one::<RawPlan>("plan", "content/plans/**/*.md", "plans/*.md"),
        one::<RawVisit>("visit", "content/visits/**/*.yaml", "visits/*.yaml"),
        one::<RawPage>("page", "content/pages/**/*.md", "pages/*.md"),
    ]
}

fn one<T: JsonSchema>(name: &'static str, files: &'static str, shown: &str) -> SchemaFile {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    tidy(&mut schema);
    if let Value::Object(root) = &mut schema {
        root.insert("title".into(), Value::String(format!("gongkai: {shown}")));
    }
    SchemaFile {
        name,
        files,
        schema,
    }
}

/// Names of definitions without the Rust `Raw` prefix (an editor may show them), and no
/// Rust number formats (`uint32`), which editors do not know.
fn tidy(v: &mut Value) {
    fn rename(name: &str) -> String {
        let n = name.strip_prefix("Raw").unwrap_or(name);
        let mut out = String::new();
        for (i, c) in n.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        }
        out
    }
    match v {
        Value::Object(map) => {
            if let Some(Value::Object(defs)) = map.remove("definitions") {
                let renamed: Map<String, Value> =
                    defs.into_iter().map(|(k, v)| (rename(&k), v)).collect();
                map.insert("definitions".into(), Value::Object(renamed));
            }
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(name) = r.strip_prefix("#/definitions/") {
                    *r = format!("#/definitions/{}", rename(name));
                }
            }
            if map
                .get("title")
                .and_then(Value::as_str)
                .is_some_and(|t| t.starts_with("Raw"))
            {
                map.remove("title");
            }
            let codes: Vec<&str> = match map.get("enum") {
                Some(Value::Array(values)) => values.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if let Some((table, prefix)) = CODE_TABLES.iter().find(|(t, _)| *t == codes.as_slice())
            {
                if let Some(Value::String(d)) = map.get_mut("description") {
                    *d = describe_codes(d, table, prefix);
                }
            }
            if matches!(map.get("format"), Some(Value::String(f)) if f.starts_with("uint") || f.starts_with("int") || f == "double" || f == "float")
            {
                map.remove("format");
            }
            map.values_mut().for_each(tidy);
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// The text of a schema file as written: pretty JSON and a final newline.
pub fn text(schema: &Value) -> String {
    let mut s = serde_json::to_string_pretty(schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The `yaml.schemas` setting of VS Code's YAML extension, mapping each schema to its files;
/// `dir` is the folder of the schemas, relative to the site root (`schema`).
pub fn vscode_settings(dir: &str) -> Value {
    let mut map = Map::new();
    for s in schemas() {
        map.insert(
            format!("./{dir}/{}.json", s.name),
            Value::String(s.files.to_string()),
        );
    }
    serde_json::json!({ "yaml.schemas": map })
}
