//! The site in memory: a checked model with its theme, each file rendered when first asked
//! for, with the bytes `build` writes. Rendering one page costs milliseconds where rendering
//! every page of a large site costs seconds, so a rebuild renders only the open pages.

use crate::diag::{Diagnostic, Diagnostics, Lang, Pos};
use crate::model::Model;
use crate::pipeline;
use crate::render;
use crate::theme::Theme;
use crate::tr;
use crate::view::Labels;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// A site's theme, loaded ([`pipeline::Look`] whose templates all parse): kept from one
/// rebuild to the next while no theme file changes and the site keeps its theme and language.
pub struct Look {
    name: String,
    lang: Lang,
    theme: Theme,
    tera: tera::Tera,
    labels: Labels,
    /// Warnings met loading it, reported with every rebuild that uses it.
    warnings: Diagnostics,
}

impl Look {
    /// Loads the theme a model asks for; the diagnostics when a template is broken.
    pub fn load(root: &Path, model: &Model) -> Result<Look, Vec<Diagnostic>> {
        let look = pipeline::Look::load(root, &model.site.theme, model.site.lang);
        match look.tera {
            Some(tera) if !look.diags.has_errors() => Ok(Look {
                name: look.name,
                lang: look.lang,
                theme: look.theme,
                tera,
                labels: look.labels,
                warnings: look.diags,
            }),
            _ => Err(look.diags.sorted()),
        }
    }

    /// Whether this is the theme `model` asks for.
    pub fn fits(&self, model: &Model) -> bool {
        self.name == model.site.theme && self.lang == model.site.lang
    }
}

pub struct Site {
    model: Model,
    look: Arc<Look>,
    drafts: bool,
    /// The theme's static files, as `build` copies them over generated ones.
    statics: BTreeMap<String, Arc<[u8]>>,
    /// content/static/: output path → the file, read when asked for.
    files: BTreeMap<String, PathBuf>,
    /// Generated files rendered so far; `None`: no such file.
    rendered: Mutex<HashMap<String, Option<Arc<[u8]>>>>,
}

impl Site {
    /// The site of a checked model, with its static files and the files in `render_now`
    /// rendered (the pages open in browsers). Problems go to `diags`; `None` when one is an
    /// error: a template failing, a static file taking a generated file's name.
    pub fn new(
        model: Model,
        look: Arc<Look>,
        drafts: bool,
        render_now: &[String],
        diags: &mut Diagnostics,
    ) -> Option<Site> {
        diags.extend(look.warnings.clone());
        let theme = &look.theme;
        let is_static = |p: &str| {
            model.statics.iter().any(|s| s.out == p) || theme.statics().any(|(q, _)| q == p)
        };
        // One pass: the open pages, the theme's static files, and any generated file a
        // file of content/static/ would hide (which `add_statics` then reports).
        let now: HashSet<&str> = render_now.iter().map(String::as_str).collect();
        let wanted = |p: &str| now.contains(p) || is_static(p);
        let mut out = render::render_only(
            &model,
            theme,
            &look.tera,
            &look.labels,
            drafts,
            &wanted,
            diags,
        );
        let is_theme_static = |p: &str| theme.statics().any(|(q, _)| q == p);
        let hides = |p: &str| out.files.contains_key(p) && !is_theme_static(p);
        if model.statics.iter().any(|s| hides(&s.out)) {
            // `build` refuses this; let its own words say why.
            pipeline::add_statics(&model, theme, &mut out, diags);
        }
        if diags.has_errors() {
            return None;
        }
        let mut statics = BTreeMap::new();
        let mut rendered: HashMap<String, Option<Arc<[u8]>>> =
            now.iter().map(|p| (p.to_string(), None)).collect();
        for (p, bytes) in out.files {
            if is_theme_static(&p) {
                statics.insert(p, Arc::from(bytes));
            } else {
                rendered.insert(p, Some(Arc::from(bytes)));
            }
        }
        // The content's own files (photos, documents) are read when asked for: a rebuild
        // does not read them all again. They replace a theme file of the same name.
        let files = model
            .statics
            .iter()
            .map(|s| (s.out.clone(), s.source.clone()))
            .collect();
        Some(Site {
            model,
            look,
            drafts,
            statics,
            files,
            rendered: Mutex::new(rendered),
        })
    }

    pub fn lang(&self) -> Lang {
        self.model.site.lang
    }

    pub fn title(&self) -> &str {
        &self.model.site.title
    }

    fn cache(&self) -> MutexGuard<'_, HashMap<String, Option<Arc<[u8]>>>> {
        // Entries go in whole: a panic elsewhere cannot leave one half-written.
        self.rendered.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The bytes of a file of the site, rendered if needed; `Ok(None)` when there is no such
    /// file; the errors when its template fails.
    pub fn get(&self, path: &str) -> Result<Option<Arc<[u8]>>, Vec<Diagnostic>> {
        if let Some(source) = self.files.get(path) {
            return match std::fs::read(source) {
                Ok(bytes) => Ok(Some(Arc::from(bytes))),
                Err(e) => {
                    let lang = self.lang();
                    let mut diags = Diagnostics::new(lang);
                    diags.error(
                        &format!("content/static/{path}"),
                        Pos::default(),
                        tr!(lang, "无法读取文件：{e}", "cannot read the file: {e}"),
                        None,
                    );
                    Err(diags.sorted())
                }
            };
        }
        if let Some(bytes) = self.statics.get(path) {
            return Ok(Some(bytes.clone()));
        }
        if let Some(hit) = self.cache().get(path) {
            return Ok(hit.clone());
        }
        // The search index's files are made together: asked for one, all are kept.
        let index = |p: &str| p.starts_with("search/") && p.ends_with(".json");
        let together = index(path);
        let mut diags = Diagnostics::new(self.lang());
        let out = render::render_only(
            &self.model,
            &self.look.theme,
            &self.look.tera,
            &self.look.labels,
            self.drafts,
            &|p| p == path || (together && index(p)),
            &mut diags,
        );
        if diags.has_errors() {
            return Err(diags.sorted());
        }
        let mut cache = self.cache();
        let mut bytes = None;
        for (p, b) in out.files {
            let b: Arc<[u8]> = Arc::from(b);
            if p == path {
                bytes = Some(b.clone());
            }
            cache.insert(p, Some(b));
        }
        cache.insert(path.to_string(), bytes.clone());
        Ok(bytes)
    }

    pub fn exists(&self, path: &str) -> bool {
        !matches!(self.get(path), Ok(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::Options;

    #[test]
    fn every_file_on_demand_has_the_bytes_of_a_build() {
        // The demo site of the repository: every kind of record and page.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let outcome = pipeline::check(root, &Options::default());
        assert_eq!(outcome.errors(), 0, "{:?}", outcome.diagnostics);
        let model = outcome.model.expect("a model");
        let mut diags = Diagnostics::new(Lang::Zh);
        let built = pipeline::render_model(root, &model, false, &mut diags).expect("renders");
        assert!(!diags.has_errors(), "{:?}", diags.sorted());
        let look = Arc::new(Look::load(root, &model).expect("the theme loads"));
        let open = [
            "issues/index.html".to_string(),
            "no/such/index.html".to_string(),
        ];
        let site = Site::new(model, look, false, &open, &mut diags);
        let site = site.unwrap_or_else(|| panic!("{:?}", diags.sorted()));
        assert_eq!(site.get("no/such/index.html"), Ok(None));
        for (path, bytes) in &built.files {
            let got = site.get(path).expect("renders");
            let got = got.unwrap_or_else(|| panic!("{path} missing"));
            assert!(
                got.as_ref() == bytes.as_slice(),
                "{path} differs from the build"
            );
        }
        assert_eq!(site.get("issues/no-such-issue/index.html"), Ok(None));
        assert_eq!(site.get("nothing.css"), Ok(None));
    }
}
