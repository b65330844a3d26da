//! The theme: the default one compiled in, overridden file by file by `themes/NAME/`.

use crate::diag::{Diagnostics, Pos};
use crate::tr;
use crate::view::Labels;
use std::collections::BTreeMap;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Theme files by path (`templates/issue.html`, `static/style.css`, `labels/zh-CN.yaml`),
/// with where each came from, for messages.
pub struct Theme {
    pub files: BTreeMap<String, (Vec<u8>, String)>,
    /// Style sheets and scripts by name (`style.css`) → the same file under a name that
    /// changes with its contents (`style.0f3a9c21b7.css`), which browsers may keep for good.
    pub assets: BTreeMap<String, String>,
}

/// `style.css` → `style.<hash>.css`: the first 10 hex digits of the FNV-1a 64-bit hash.
pub fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let hash = format!("{:016x}", crate::fnv::hash(bytes));
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{}.{ext}", &hash[..10]),
        None => format!("{name}.{}", &hash[..10]),
    }
}

impl Theme {
    /// The default theme, with the site's `themes/NAME/` on top. Theme files are read only
    /// from inside `themes/`; links leading elsewhere are refused.
    pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Theme {
        let mut files: BTreeMap<String, (Vec<u8>, String)> = DEFAULT_THEME
            .iter()
            .map(|(p, b)| {
                (
                    p.to_string(),
                    (b.to_vec(), format!("(built-in) themes/default/{p}")),
                )
            })
            .collect();
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
            for entry in walkdir::WalkDir::new(&dir)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if !entry.file_type().is_file()
                    || crate::load::is_ignored(&entry.file_name().to_string_lossy())
                {
                    continue;
                }
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let shown = format!("themes/{name}/{rel}");
                // Theme files are published as they are: a link must stay among them, or it
                // could publish a record's source, private: data and all.
                let inside = entry
                    .path()
                    .canonicalize()
                    .map(|p| p.starts_with(canonical_root.join("themes")))
                    .unwrap_or(false);
                if !inside {
                    let lang = diags.lang;
                    diags.error(
                        &shown,
                        Pos::default(),
                        tr!(
                            lang,
                            "这个链接指向 themes/ 以外的地方，已拒绝：主题文件会原样发布",
                            "this link leads outside themes/ and is refused: theme files are published as they are"
                        ),
                        Some(tr!(
                            lang,
                            "把文件复制到主题文件夹里，不要用链接",
                            "copy the file into the theme folder instead of linking to it"
                        )),
                    );
                    continue;
                }
                match std::fs::read(entry.path()) {
                    Ok(bytes) => {
                        files.insert(rel, (bytes, shown));
                    }
                    Err(e) => {
                        let lang = diags.lang;
                        diags.error(
                            &shown,
                            Pos::default(),
                            tr!(lang, "无法读取文件：{e}", "cannot read the file: {e}"),
                            None,
                        );
                    }
                }
            }
        } else if name != "default" {
            let lang = diags.lang;
            diags.error(
                "content/site.yaml",
                Pos::default(),
                tr!(
                    lang,
                    "找不到主题文件夹 themes/{name}/",
                    "the theme folder themes/{name}/ does not exist"
                ),
                Some(tr!(
                    lang,
                    "创建这个文件夹，或删掉 site.yaml 里的 theme 这一行，使用默认主题",
                    "create it, or remove `theme:` from site.yaml to use the default theme"
                )),
            );
        }
        // Style sheets and scripts are also published under fingerprinted names.
        let mut assets = BTreeMap::new();
        let mut copies = Vec::new();
        for (p, (bytes, shown)) in &files {
            let Some(name) = p.strip_prefix("static/") else {
                continue;
            };
            if name.ends_with(".css") || name.ends_with(".js") {
                let hashed = fingerprinted(name, bytes);
                copies.push((format!("static/{hashed}"), (bytes.clone(), shown.clone())));
                assets.insert(name.to_string(), hashed);
            }
        }
        files.extend(copies);
        Theme { files, assets }
    }

    /// Templates as (name under templates/, text).
    pub fn templates(&self) -> Vec<(String, String, String)> {
        self.files
            .iter()
            .filter_map(|(p, (b, shown))| {
                let name = p.strip_prefix("templates/")?;
                Some((
                    name.to_string(),
                    String::from_utf8_lossy(b).into_owned(),
                    shown.clone(),
                ))
            })
            .collect()
    }

    /// Files copied to the output root: `static/x` → `x`.
    pub fn statics(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(p, (b, _))| Some((p.strip_prefix("static/")?, b.as_slice())))
    }

    /// The labels of a language: the default theme's, then the site theme's on top.
    pub fn labels(&self, lang_code: &str, diags: &mut Diagnostics) -> Labels {
        let path = format!("labels/{lang_code}.yaml");
        let mut map = BTreeMap::new();
        let defaults = DEFAULT_THEME
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned());
        let own = self
            .files
            .get(&path)
            .map(|(b, shown)| (String::from_utf8_lossy(b).into_owned(), shown.clone()));
        for (text, shown) in defaults.map(|t| (t, String::new())).into_iter().chain(own) {
            match crate::yaml::parse::<BTreeMap<String, String>>(&text, 1, diags.lang) {
                Ok(m) => map.extend(m),
                Err(e) if !shown.is_empty() => diags.error(&shown, e.pos, e.message, e.hint),
                Err(_) => {}
            }
        }
        Labels(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_changes_with_the_contents() {
        let a = fingerprinted("style.css", b"body{}");
        assert!(
            a.starts_with("style.") && a.ends_with(".css") && a.len() == 20,
            "{a}"
        );
        assert_ne!(a, fingerprinted("style.css", b"body{ }"));
        assert_eq!(a, fingerprinted("style.css", b"body{}"));
    }

    #[test]
    fn the_default_labels_have_the_same_words_in_both_languages() {
        let keys = |lang: &str| -> Vec<String> {
            let path = format!("labels/{lang}.yaml");
            let (_, bytes) = DEFAULT_THEME
                .iter()
                .find(|(p, _)| *p == path)
                .expect("labels");
            let map: BTreeMap<String, String> =
                crate::yaml::parse(&String::from_utf8_lossy(bytes), 1, crate::diag::Lang::En)
                    .unwrap_or_else(|e| panic!("{path}: {}", e.message));
            map.into_keys().collect()
        };
        let (zh, en) = (keys("zh-CN"), keys("en"));
        let only = |a: &[String], b: &[String]| -> Vec<String> {
            a.iter().filter(|k| !b.contains(k)).cloned().collect()
        };
        assert_eq!(only(&zh, &en), Vec::<String>::new(), "in zh-CN only");
        assert_eq!(only(&en, &zh), Vec::<String>::new(), "in en only");
    }

    /// An English site must not show a Chinese word that a template wrote itself.
    #[test]
    fn the_default_templates_take_every_word_from_the_labels() {
        for (path, bytes) in DEFAULT_THEME
            .iter()
            .filter(|(p, _)| p.starts_with("templates/") || p.ends_with(".js"))
        {
            let text = String::from_utf8_lossy(bytes);
            // Comments may say anything.
            let mut code = String::new();
            let mut rest: &str = &text;
            while let Some(i) = rest.find("{#") {
                code.push_str(&rest[..i]);
                rest = rest[i..].find("#}").map_or("", |j| &rest[i + j + 2..]);
            }
            code.push_str(rest);
            let cjk: String = code.chars().filter(|c| crate::search::is_cjk(*c)).collect();
            assert_eq!(cjk, "", "{path} writes Chinese itself");
        }
    }

    #[test]
    fn style_sheets_and_scripts_get_fingerprinted_names() {
        let theme = Theme::load(
            Path::new("/nonexistent"),
            "default",
            &mut Diagnostics::new(crate::diag::Lang::Zh),
        );
        let css = &theme.assets["style.css"];
        assert!(theme.statics().any(|(p, _)| p == css), "{css}");
        assert!(
            theme.statics().any(|(p, _)| p == "style.css"),
            "the plain name stays"
        );
        assert!(theme.assets.contains_key("search.js"));
        assert!(!theme.assets.contains_key("favicon.svg"));
    }
}
