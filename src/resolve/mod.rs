//! From raw records to the model: fill defaults, check every rule of the format, derive.
//!
//! Each file is read on its own first (`FileCtx`), noting references to other records; the
//! references are checked once every record is known (`links`).

mod issue;
mod links;
mod plan;
mod resolution;
mod simple;
mod site;

use crate::date::Date;
use crate::diag::{choice_hint, Diagnostics, Lang, Pos};
use crate::load::{Kind, Loaded, Source};
use crate::model::{Issue, Meeting, Model, Origin, Page, Plan, Resolution, Site, Visit};
use crate::raw::{Text, T};
use crate::tr;
use crate::yaml::{self, PosMap};
use rayon::prelude::*;

pub use links::{ISSUE_LIST_NAMES, RESERVED};
pub use site::default_categories;

/// What the build was asked for that changes the model.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Overrides `as_of` of site.yaml.
    pub as_of: Option<Date>,
    /// Overrides `base_url` of site.yaml.
    pub base_url: Option<String>,
    /// Keep drafts in the model (preview only).
    pub drafts: bool,
}

/// A reference to another record, checked once all records are read.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Ref {
    pub file: String,
    pub pos: Pos,
    pub target: Target,
    pub id: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Target {
    Issue,
    Meeting,
    Plan,
    /// `PLAN-ID/PROJECT-ID`.
    Project,
}

/// Reading one file: its positions, and where to put problems.
pub struct FileCtx<'a> {
    pub file: &'a str,
    pub pos: PosMap,
    pub diags: &'a mut Diagnostics,
    pub refs: &'a mut Vec<Ref>,
    pub lang: Lang,
}

impl FileCtx<'_> {
    pub fn error(&mut self, path: &str, message: String, hint: Option<String>) {
        let pos = self.pos.at(path);
        self.diags.error(self.file, pos, message, hint);
    }

    pub fn warning(&mut self, path: &str, message: String, hint: Option<String>) {
        let pos = self.pos.at(path);
        self.diags.warning(self.file, pos, message, hint);
    }

    /// Notes a reference to check once all records are read.
    pub fn refer(&mut self, path: &str, target: Target, id: &str) {
        let pos = self.pos.at(path);
        self.refs.push(Ref {
            file: self.file.to_string(),
            pos,
            target,
            id: id.to_string(),
        });
    }

    /// The text of an optional field, trimmed; None when absent or blank.
    pub fn text(&self, value: &T) -> Option<String> {
        value
            .as_ref()
            .map(|t| t.0.trim().to_string())
            .filter(|t| !t.is_empty())
    }

    /// A required text field: its absence is an error at the enclosing mapping.
    pub fn required(&mut self, value: &T, path: &str) -> Option<String> {
        let found = self.text(value);
        if found.is_none() {
            self.missing(path);
        }
        found
    }

    pub fn missing(&mut self, path: &str) {
        let lang = self.lang;
        let field = path.rsplit('.').next().unwrap_or(path);
        let message = tr!(
            lang,
            "缺少必填字段“{field}”",
            "the required field `{field}` is missing"
        );
        let parent = path.rsplit_once('.').map_or("", |(p, _)| p);
        let written = self.pos.keys_of(parent).iter().any(|k| k == field);
        let hint = if written {
            tr!(
                lang,
                "在 {field}: 后面写上内容",
                "write its value after `{field}:`"
            )
        } else {
            tr!(lang, "加上一行 {field}: …", "add a line `{field}: …`")
        };
        // Point at the field if it is there but empty, else at the mapping that lacks it.
        let pos = self.pos.key(path);
        self.diags.error(self.file, pos, message, Some(hint));
    }

    /// An optional date; a malformed one is an error.
    pub fn date(&mut self, value: &T, path: &str) -> Option<Date> {
        let text = self.text(value)?;
        let date = Date::parse(&text);
        if date.is_none() {
            let lang = self.lang;
            self.error(
                path,
                tr!(lang, "日期“{text}”写得不对", "`{text}` is not a valid date"),
                Some(tr!(
                    lang,
                    "日期写成 年-月-日，月和日用两位数，如 2020-03-05",
                    "write dates as YYYY-MM-DD, e.g. 2020-03-05"
                )),
            );
        }
        date
    }

    pub fn required_date(&mut self, value: &T, path: &str) -> Option<Date> {
        if self.text(value).is_none() {
            self.missing(path);
            return None;
        }
        self.date(value, path)
    }

    /// A value from a fixed list of codes; a wrong one names the closest valid code.
    pub fn code<C: Copy>(
        &mut self,
        value: &T,
        path: &str,
        codes: &[&str],
        from_code: fn(&str) -> Option<C>,
    ) -> Option<C> {
        let text = self.text(value)?;
        let found = from_code(&text);
        if found.is_none() {
            let field = path.rsplit('.').next().unwrap_or(path);
            let (message, hint) = bad_code(self.lang, field, &text, codes);
            self.error(path, message, Some(hint));
        }
        found
    }

    /// A reference to an entry of site.yaml (group, zone, category, person).
    pub fn site_ref(&mut self, value: &T, path: &str, what: &str, ids: &[&str]) -> Option<String> {
        let id = self.text(value)?;
        if !ids.contains(&id.as_str()) {
            self.unknown_site_ref(path, what, &id, ids);
        }
        Some(id)
    }

    pub fn unknown_site_ref(&mut self, path: &str, what: &str, id: &str, ids: &[&str]) {
        // With an id written twice in that list of site.yaml (an error there), a missing id is
        // most likely the one miswritten: one mistake, one error.
        if ids.iter().enumerate().any(|(i, a)| ids[..i].contains(a)) {
            return;
        }
        let (message, hint) = unknown_in_site(self.lang, what, id, ids);
        self.error(path, message, Some(hint));
    }

    /// An amount of yuan: not negative, at most two decimals.
    pub fn money(&mut self, value: Option<f64>, path: &str) -> Option<f64> {
        let v = value?;
        let lang = self.lang;
        if !v.is_finite() || v < 0.0 {
            self.error(
                path,
                tr!(lang, "金额不能是负数", "an amount cannot be negative"),
                None,
            );
            return None;
        }
        let cents = v * 100.0;
        if (cents - cents.round()).abs() > 1e-6 {
            self.error(
                path,
                tr!(
                    lang,
                    "金额“{v}”的小数超过两位",
                    "the amount {v} has more than two decimals"
                ),
                Some(tr!(
                    lang,
                    "金额以元为单位，最多两位小数，如 1200.50",
                    "amounts are in yuan, with at most two decimals, e.g. 1200.50"
                )),
            );
        }
        Some(v)
    }

    /// The record's id: `id:` or the file stem, checked against the id rule.
    pub fn record_id(&mut self, value: &T, stem: &str) -> String {
        match self.text(value) {
            Some(id) => {
                self.check_id(&id, "id");
                id
            }
            None => {
                // The file name is the id: the mistake is in the name, not in any line.
                if !valid_id(stem) {
                    let lang = self.lang;
                    self.diags.error(
                        self.file,
                        Pos::default(),
                        tr!(
                            lang,
                            "文件名“{stem}”不能当编号用（没写 id 时，文件名就是编号）",
                            "the file name `{stem}` cannot be the id (without `id:`, the file name is the id)"
                        ),
                        Some(tr!(
                            lang,
                            "给文件改名，只用 1–64 个英文字母、数字、- 和 _，如 2020-013.md；或者加一行 id: …",
                            "rename the file with 1–64 of A-Z a-z 0-9 - _ only, e.g. 2020-013.md, or add a line `id: …`"
                        )),
                    );
                }
                stem.to_string()
            }
        }
    }

    pub fn check_id(&mut self, id: &str, path: &str) {
        if !valid_id(id) {
            let lang = self.lang;
            self.error(
                path,
                tr!(lang, "编号“{id}”不合规定", "the id `{id}` is not valid"),
                Some(tr!(
                    lang,
                    "编号只能用 1–64 个英文字母、数字、- 和 _（不能用汉字和空格），如 2020-013；没写 id 时用文件名",
                    "an id is 1–64 of A-Z a-z 0-9 - _ (no spaces), e.g. 2020-013; without `id:` the file name is used"
                )),
            );
        }
    }

    /// A list of ids or names, trimmed, blanks dropped.
    pub fn list(&self, value: &Option<Vec<Text>>) -> Vec<String> {
        value
            .iter()
            .flatten()
            .map(|t| t.0.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    }
}

/// The checker's words for a value that is not one of `codes`: message and hint.
pub fn bad_code(lang: Lang, field: &str, text: &str, codes: &[&str]) -> (String, String) {
    let message = tr!(
        lang,
        "“{field}”不能是“{text}”",
        "`{text}` is not a valid {field}"
    );
    (message, choice_hint(lang, text, codes))
}

/// The checker's words for an id that site.yaml does not list under `what`: message and hint.
pub fn unknown_in_site(lang: Lang, what: &str, id: &str, ids: &[&str]) -> (String, String) {
    let hint = if ids.is_empty() {
        tr!(
            lang,
            "先在 content/site.yaml 的 {what} 里加上它",
            "add it under `{what}` in content/site.yaml first"
        )
    } else {
        format!(
            "{}{}",
            choice_hint(lang, id, ids),
            tr!(
                lang,
                "（见 content/site.yaml 的 {what}）",
                " (see `{what}` in content/site.yaml)"
            )
        )
    };
    let message = tr!(
        lang,
        "site.yaml 的 {what} 里没有“{id}”",
        "there is no `{id}` under `{what}` in site.yaml"
    );
    (message, hint)
}

/// 1–64 of `A-Z a-z 0-9 - _`.
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A record's front matter and body, parsed into its raw type, with positions.
pub struct Parsed<R> {
    pub raw: R,
    pub pos: PosMap,
    pub origin: Origin,
}

/// A key written twice in one mapping that the record's own fields did not catch (a map of
/// the clerk's own keys, such as a visit's households by group, or anything under
/// `private:`): the later value would silently replace the earlier one.
pub(crate) fn report_repeated(file: &str, pos: &PosMap, diags: &mut Diagnostics) {
    let lang = diags.lang;
    for (map, key, at) in &pos.repeated {
        let within = if map.is_empty() {
            String::new()
        } else {
            tr!(lang, "（在 {map} 中）", " (in {map})")
        };
        diags.error(
            file,
            *at,
            tr!(
                lang,
                "“{key}”写了两次{within}，只有一个会算数",
                "`{key}` is written twice{within}: only one of the two would count"
            ),
            Some(tr!(
                lang,
                "把两处合成一处，只保留一个“{key}”",
                "merge the two into one and keep a single `{key}`"
            )),
        );
    }
}

/// Splits and parses one source file. Problems go to `diags`; None when it cannot be read.
pub fn parse_source<R: serde::de::DeserializeOwned>(
    src: &Source,
    public_numbers: &[String],
    diags: &mut Diagnostics,
) -> Option<Parsed<R>> {
    let lang = diags.lang;
    let (front, front_line, body, body_line) = if src.kind == Kind::Visit {
        (&*src.text, 1, "", 0)
    } else {
        match yaml::split_front_matter(&src.text, lang) {
            Ok(s) => (s.front, s.front_line, s.body, s.body_line),
            Err(e) => {
                diags.error(&src.rel, e.pos, e.message, e.hint);
                return None;
            }
        }
    };
    let raw = match yaml::parse::<R>(front, front_line, lang) {
        Ok(r) => r,
        Err(e) => {
            diags.error(&src.rel, e.pos, e.message, e.hint);
            return None;
        }
    };
    let pos = yaml::positions(front, front_line);
    report_repeated(&src.rel, &pos, diags);
    crate::privacy::scan(&src.rel, &pos, body, body_line, public_numbers, diags);
    let id_pos = if pos.keys_of("").iter().any(|k| k == "id") {
        pos.at("id")
    } else {
        Pos { line: 1, col: 1 }
    };
    Some(Parsed {
        raw,
        pos,
        origin: Origin {
            file: src.rel.clone(),
            body: body.to_string(),
            body_line,
            draft: false,
            id_pos,
        },
    })
}

/// A record file read on its own, before the links between records are checked.
/// Short-lived, one per file: boxing the larger records would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum Read {
    Issue(Issue),
    Meeting(Meeting),
    Resolution(Resolution),
    Plan(Plan),
    Visit(Visit),
    Page(Page),
    /// Unreadable; the kind and id it claims, so that links to it are not reported twice.
    Failed(Option<(Target, String)>),
}

/// One file read on its own: the record, its problems, its references to other records.
pub type FileRead = (Read, Diagnostics, Vec<Ref>);

/// Reads one record file. It depends on the file and the site only, so the preview server
/// keeps the result of a file that did not change instead of reading it again.
pub fn read_file(src: &Source, site: &Site, lang: Lang) -> FileRead {
    let mut d = Diagnostics::new(lang);
    let mut r = Vec::new();
    let read = match src.kind {
        Kind::Issue => issue::read(src, site, &mut d, &mut r).map(Read::Issue),
        Kind::Meeting => simple::read_meeting(src, site, &mut d, &mut r).map(Read::Meeting),
        Kind::Resolution => resolution::read(src, site, &mut d, &mut r).map(Read::Resolution),
        Kind::Plan => plan::read(src, site, &mut d, &mut r).map(Read::Plan),
        Kind::Visit => simple::read_visit(src, site, &mut d).map(Read::Visit),
        Kind::Page => simple::read_page(src, site, &mut d).map(Read::Page),
    };
    let read = read.unwrap_or_else(|| {
        let target = match src.kind {
            Kind::Issue => Some(Target::Issue),
            Kind::Meeting => Some(Target::Meeting),
            Kind::Plan => Some(Target::Plan),
            _ => None,
        };
        Read::Failed(target.map(|t| (t, claimed_id(src))))
    });
    (read, d, r)
}

/// Reads, checks and derives the whole site. The model is returned even with errors, so
/// that `check` can report everything; `build` stops when `diags` holds an error.
pub fn resolve(loaded: &Loaded, opts: &Options, diags: &mut Diagnostics) -> Option<Model> {
    resolve_with(loaded, opts, diags, &read_file)
}

/// [`resolve`], reading each record file with `read` (which must give what [`read_file`]
/// gives).
pub fn resolve_with(
    loaded: &Loaded,
    opts: &Options,
    diags: &mut Diagnostics,
    read: &(dyn Fn(&Source, &Site, Lang) -> FileRead + Sync),
) -> Option<Model> {
    let site = site::resolve_site(loaded.site.as_ref(), opts, diags);
    // File names become public addresses; they are checked even when site.yaml is wrong.
    let public = site
        .as_ref()
        .map_or(&[][..], |s| s.public_numbers.as_slice());
    check_names(loaded, public, diags);
    let site = site?;
    diags.lang = site.lang;
    let mut refs = Vec::new();
    let mut model = Model {
        site,
        issues: Vec::new(),
        meetings: Vec::new(),
        resolutions: Vec::new(),
        plans: Vec::new(),
        visits: Vec::new(),
        pages: Vec::new(),
        statics: loaded.statics.clone(),
    };
    // Files are read on their own, on every core; their problems and references are merged
    // in file order afterwards, so the result does not depend on the scheduling.
    let lang = diags.lang;
    let site = &model.site;
    let t = std::time::Instant::now();
    let results: Vec<FileRead> = loaded
        .records
        .par_iter()
        .map(|src| read(src, site, lang))
        .collect();
    crate::pipeline::stage("check: files read", t);
    let t = std::time::Instant::now();
    let mut failed = Vec::new();
    for (read, d, r) in results {
        diags.extend(d);
        refs.extend(r);
        match read {
            Read::Issue(x) => model.issues.push(x),
            Read::Meeting(x) => model.meetings.push(x),
            Read::Resolution(x) => model.resolutions.push(x),
            Read::Plan(x) => model.plans.push(x),
            Read::Visit(x) => model.visits.push(x),
            Read::Page(x) => model.pages.push(x),
            Read::Failed(Some(f)) => failed.push(f),
            Read::Failed(None) => {}
        }
    }
    links::check(&mut model, &refs, &failed, diags);
    if !opts.drafts {
        links::drop_drafts(&mut model);
    }
    plan::roll_up(&mut model.plans);
    crate::pipeline::stage("check: links", t);
    Some(model)
}

/// Refuses personal numbers in the names of record and static files (unless `public` lists
/// them).
fn check_names(loaded: &Loaded, public: &[String], diags: &mut Diagnostics) {
    for src in &loaded.records {
        crate::privacy::check_name(&src.rel, &src.stem, public, diags);
    }
    for s in &loaded.statics {
        crate::privacy::check_name(&format!("content/static/{}", s.out), &s.out, public, diags);
    }
}

/// The id a file that could not be read as a record means to have: its `id:` if the front
/// matter can be read at all, else its file stem.
pub fn claimed_id(src: &Source) -> String {
    let front = if src.kind == Kind::Visit {
        Some(&*src.text)
    } else {
        yaml::split_front_matter(&src.text, Lang::Zh)
            .ok()
            .map(|s| s.front)
    };
    let id = match front
        .and_then(yaml::to_json)
        .as_ref()
        .and_then(|v| v.get("id"))
    {
        Some(serde_json::Value::String(s)) => Some(s.trim().to_string()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    id.unwrap_or_else(|| src.stem.clone())
}

/// The `draft:` flag, with the origin updated.
pub fn mark_draft(origin: &mut Origin, draft: Option<bool>) {
    origin.draft = draft.unwrap_or(false);
}

#[cfg(test)]
mod tests {
    use super::valid_id;

    #[test]
    fn id_rule() {
        for ok in ["2020-013", "a", "road_repair", &"x".repeat(64)] {
            assert!(valid_id(ok), "{ok}");
        }
        for bad in [
            "",
            "2020 013",
            "村道",
            "a/b",
            "a.b",
            &"x".repeat(65),
            "../x",
        ] {
            assert!(!valid_id(bad), "{bad}");
        }
    }
}
