//! The site in memory: a checked model with its theme, each file rendered when first asked
//! for, with the bytes `build` writes. Rendering one page costs milliseconds where rendering
//! every page of a large site costs seconds, so a rebuild renders only the open pages.

use crate::diag::{Diagnostic, Diagnostics, Lang};
use crate::model::Model;
use crate::pipeline;
use crate::render;
use crate::theme::Theme;
use crate::view::Labels;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

pub struct Site {
    model: Model,
    theme: Theme,
    tera: tera::Tera,
    labels: Labels,
    drafts: bool,
    /// The theme's and content/static/ files, as `build` copies them over generated ones.
    statics: BTreeMap<String, Arc<[u8]>>,
    /// Generated files rendered so far; `None`: no such file.
    rendered: Mutex<HashMap<String, Option<Arc<[u8]>>>>,
}

impl Site {
    /// Loads the theme and the static files of a checked model. Problems go to `diags`;
    /// `None` when one is an error (a broken template, a static file hiding a page).
    pub fn new(root: &Path, model: Model, drafts: bool, diags: &mut Diagnostics) -> Option<Site> {
        let theme = Theme::load(root, &model.site.theme, diags);
        let labels = theme.labels(model.site.lang.code(), diags);
        let tera = render::templates(&theme, diags)?;
        let is_static = |p: &str| {
            model.statics.iter().any(|s| s.out == p) || theme.statics().any(|(q, _)| q == p)
        };
        let mut out = render::render_only(&model, &theme, &tera, &labels, drafts, &is_static, diags);
        pipeline::add_statics(&model, &theme, &mut out, diags);
        if diags.has_errors() {
            return None;
        }
        let statics = out.files.into_iter().map(|(p, b)| (p, Arc::from(b))).collect();
        Some(Site {
            model,
            theme,
            tera,
            labels,
            drafts,
            statics,
            rendered: Mutex::new(HashMap::new()),
        })
    }

    pub fn lang(&self) -> Lang {
        self.model.site.lang
    }

    pub fn title(&self) -> &str {
        &self.model.site.title
    }

    fn cache(&self) -> MutexGuard<'_, HashMap<String, Option<Arc<[u8]>>>> {
        // A panic elsewhere cannot leave the map half-written: entries go in whole.
        self.rendered.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The bytes of a file of the site, rendered if needed; `Ok(None)` when there is no such
    /// file; the errors when its template fails.
    pub fn get(&self, path: &str) -> Result<Option<Arc<[u8]>>, Vec<Diagnostic>> {
        if let Some(bytes) = self.statics.get(path) {
            return Ok(Some(bytes.clone()));
        }
        if let Some(hit) = self.cache().get(path) {
            return Ok(hit.clone());
        }
        self.prepare(&[path.to_string()])?;
        Ok(self.cache().get(path).cloned().flatten())
    }

    pub fn exists(&self, path: &str) -> bool {
        !matches!(self.get(path), Ok(None))
    }

    /// Renders these files in one pass (the pages open in browsers, before they reload).
    pub fn prepare(&self, paths: &[String]) -> Result<(), Vec<Diagnostic>> {
        let wanted: HashSet<&str> = {
            let cache = self.cache();
            paths
                .iter()
                .map(String::as_str)
                .filter(|p| !self.statics.contains_key(*p) && !cache.contains_key(*p))
                .collect()
        };
        if wanted.is_empty() {
            return Ok(());
        }
        let mut diags = Diagnostics::new(self.lang());
        let out = render::render_only(
            &self.model,
            &self.theme,
            &self.tera,
            &self.labels,
            self.drafts,
            &|p| wanted.contains(p),
            &mut diags,
        );
        if diags.has_errors() {
            return Err(diags.sorted());
        }
        let mut cache = self.cache();
        for p in &wanted {
            cache.insert(p.to_string(), None);
        }
        for (p, bytes) in out.files {
            cache.insert(p, Some(Arc::from(bytes)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::Options;

    /// The demo site of the repository: every kind of record and page.
    fn demo() -> (std::path::PathBuf, Model) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
        let outcome = pipeline::check(&root, &Options::default());
        assert_eq!(outcome.errors(), 0, "{:?}", outcome.diagnostics);
        (root.clone(), outcome.model.expect("a model"))
    }

    #[test]
    fn every_file_on_demand_has_the_bytes_of_a_build() {
        let (root, model) = demo();
        let mut diags = Diagnostics::new(Lang::Zh);
        let built = pipeline::render_model(&root, &model, false, &mut diags).expect("renders");
        let site = Site::new(&root, model, false, &mut diags).expect("a site");
        assert!(!diags.has_errors());
        for (path, bytes) in &built.files {
            let got = site.get(path).expect("renders").unwrap_or_else(|| panic!("{path} missing"));
            assert!(got.as_ref() == bytes.as_slice(), "{path} differs from the build");
        }
        assert_eq!(site.get("issues/no-such-issue/index.html"), Ok(None));
        assert_eq!(site.get("nothing.css"), Ok(None));
    }
}
