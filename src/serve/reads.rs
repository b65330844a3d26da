//! The record files read at the last rebuild, kept so that a save reads one file again, not
//! all of them: reading a file (YAML, checks, Markdown) is most of a check, and a file's
//! reading depends on its text and the site's settings only.

use crate::diag::{Diagnostics, Lang};
use crate::load::{Loaded, Source, Stamp};
use crate::model::Site;
use crate::pipeline::{self, Outcome};
use crate::resolve::{read_file, FileRead, Options};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// A file as read at the last rebuild: its text, what reading it gave, and its stamp.
type Kept = Arc<(Arc<str>, FileRead, Option<Stamp>)>;

#[derive(Default)]
pub struct Reads {
    /// The site settings the files were read with, as text (`Site` is plain data).
    site: Option<String>,
    /// By file: its text when read, and what reading it gave.
    files: HashMap<String, Kept>,
    /// The files of `content/` at the last check, and the problems finding them gave.
    last: Option<(Loaded, Diagnostics)>,
    /// Whether a check was made: the first one takes what the last build kept
    /// ([`crate::cache`]) for the files it holds nothing of.
    started: bool,
}

impl Reads {
    /// `pipeline::check`, reading again only the files whose text changed, or every file
    /// when the site's settings changed. `saved`: the record files the file system says were
    /// saved, when it says nothing else changed (no file added, removed or renamed): then
    /// `content/` is not walked and no other file is looked at.
    pub fn check(&mut self, root: &Path, opts: &Options, saved: Option<&[String]>) -> Outcome {
        let prev = std::mem::take(&mut self.files);
        // Only read here: the preview never writes what a build keeps.
        let kept = (!std::mem::replace(&mut self.started, true))
            .then(|| crate::cache::Reads::open_read_only(root));
        let old_site = self.site.take();
        // Decided at the first file, once the site is known; the same for every file.
        let site_now: OnceLock<(String, bool)> = OnceLock::new();
        let next = Mutex::new(HashMap::with_capacity(prev.len()));
        let keep = |rel: &str, entry: Kept| {
            next.lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(rel.to_string(), entry);
        };
        let read = |src: &Source, site: &Site, lang: Lang| -> FileRead {
            let (_, same) = site_now.get_or_init(|| {
                let key = format!("{lang:?} {site:?}");
                let same = old_site.as_deref() == Some(key.as_str());
                (key, same)
            });
            if *same {
                // The same stamp: the text was taken from the hit (no need to compare it).
                let same =
                    |hit: &&Kept| (src.stamp.is_some() && hit.2 == src.stamp) || hit.0 == src.text;
                if let Some(hit) = prev.get(&src.rel).filter(same) {
                    let entry = if hit.2 == src.stamp {
                        hit.clone()
                    } else {
                        // Touched, not changed: the reading stands, under the new stamp.
                        Arc::new((hit.0.clone(), hit.1.clone(), src.stamp))
                    };
                    keep(&src.rel, entry);
                    return hit.1.clone();
                }
            }
            let fresh = match &kept {
                Some(kept) => kept.read(src, site, lang),
                None => read_file(src, site, lang),
            };
            keep(
                &src.rel,
                Arc::new((src.text.clone(), fresh.clone(), src.stamp)),
            );
            fresh
        };
        // A file whose stamp did not change is not read again: its text is the one kept.
        let reuse = |rel: &str, stamp: Stamp| {
            prev.get(rel)
                .filter(|hit| hit.2 == Some(stamp))
                .map(|hit| hit.0.clone())
        };
        let last = self.last.take();
        let mut now: Option<(Loaded, Diagnostics)> = None;
        let mut load = |diags: &mut Diagnostics| {
            let quick = saved
                .zip(last.as_ref())
                .and_then(|(saved, (loaded, found))| {
                    let next = crate::load::reload_saved(root, loaded, saved, diags.lang)?;
                    Some((next, found.clone()))
                });
            let (loaded, found) = quick.unwrap_or_else(|| {
                let mut found = Diagnostics::new(diags.lang);
                let loaded = crate::load::load_reusing(root, &mut found, Some(&reuse));
                (loaded, found)
            });
            diags.extend(found.clone());
            now = Some((loaded.clone(), found));
            loaded
        };
        let outcome = pipeline::check_loading(root, opts, &read, &mut load);
        self.last = now;
        match site_now.into_inner() {
            Some((key, _)) => {
                self.site = Some(key);
                self.files = next.into_inner().unwrap_or_else(|e| e.into_inner());
            }
            // The site settings could not be read: keep what was read, for when they are fixed.
            None => {
                self.site = old_site;
                self.files = prev;
            }
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    const SITE: &str = "title: 测试村\nvillage: 测试村\nlanguage: zh-CN\nbase_url: https://example.org/\nas_of: 2020-11-13\ngroups:\n  - {id: \"1\", name: 1组, households: 40}\n";

    fn issue(id: &str, group: &str) -> String {
        format!("---\nid: {id}\ntitle: 路灯\nraised: 2020-03-05\nsource: inspection\ngroup: \"{group}\"\ncategory: land\ntimeline:\n  - {{date: 2020-03-05, event: raised}}\n---\n正文。\n")
    }

    /// What a check found, comparable: the diagnostics and the issues' ids and groups.
    fn seen(o: &Outcome) -> (Vec<String>, Vec<(String, String)>) {
        let diags = o
            .diagnostics
            .iter()
            .map(|d| d.display(o.lang).to_string())
            .collect();
        let issues = o
            .model
            .iter()
            .flat_map(|m| m.issues.iter().map(|i| (i.id.clone(), i.group.clone())))
            .collect();
        (diags, issues)
    }

    #[test]
    fn a_remembered_check_finds_what_a_full_check_finds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.yaml", SITE);
        write(root, "issues/a.md", &issue("a", "1"));
        write(root, "issues/b.md", &issue("b", "2"));
        let mut reads = Reads::default();
        let opts = Options::default();
        let steps: [&dyn Fn(); 4] = [
            // The site changes: group 2 now exists, and b, unchanged, must no longer be wrong.
            &|| {
                write(
                    root,
                    "site.yaml",
                    &format!("{SITE}  - {{id: \"2\", name: 2组, households: 30}}\n"),
                )
            },
            // A file changes.
            &|| write(root, "issues/b.md", &issue("b", "3")),
            // A file goes.
            &|| std::fs::remove_file(root.join("content/issues/a.md")).unwrap(),
            // The site settings break (then come back, below).
            &|| write(root, "site.yaml", "title: [\n"),
        ];
        assert_eq!(
            seen(&reads.check(root, &opts, None)),
            seen(&pipeline::check(root, &opts))
        );
        for step in steps {
            step();
            assert_eq!(
                seen(&reads.check(root, &opts, None)),
                seen(&pipeline::check(root, &opts))
            );
        }
        write(root, "site.yaml", SITE);
        assert_eq!(
            seen(&reads.check(root, &opts, None)),
            seen(&pipeline::check(root, &opts))
        );
    }

    #[test]
    fn the_first_check_takes_what_the_last_build_kept() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.yaml", SITE);
        write(root, "issues/a.md", &issue("a", "1"));
        let report = pipeline::build(&pipeline::BuildOptions {
            root: root.to_path_buf(),
            output: Some(root.join("public")),
            resolve: Options::default(),
        });
        assert_eq!(report.outcome.errors(), 0);
        // The kept reading of a.md altered (its file's last line made again): the preview
        // shows the altered title, so it took the reading rather than read the file.
        let kept = root.join(".gongkai-cache/reads");
        let text = std::fs::read_to_string(&kept).unwrap();
        let lines = text[..text.rfind("end\t").unwrap()].replace("路灯", "水渠");
        let sum = crate::fnv::wide(lines.as_bytes());
        std::fs::write(&kept, format!("{lines}end\t{sum:016x}\n")).unwrap();
        let mut reads = Reads::default();
        let title = |o: &Outcome| o.model.as_ref().map(|m| m.issues[0].title.clone());
        let opts = Options::default();
        assert_eq!(
            title(&reads.check(root, &opts, None)).as_deref(),
            Some("水渠")
        );
        // A file changed since is read.
        write(
            root,
            "issues/a.md",
            &issue("a", "1").replace("路灯", "桥梁"),
        );
        assert_eq!(
            title(&reads.check(root, &opts, None)).as_deref(),
            Some("桥梁")
        );
        assert!(
            std::fs::read_to_string(&kept).unwrap().contains("水渠"),
            "the preview wrote"
        );
    }

    #[test]
    fn a_file_saved_again_at_once_with_the_same_size_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.yaml", SITE);
        write(root, "issues/a.md", &issue("a", "1"));
        let mut reads = Reads::default();
        let opts = Options::default();
        let title = |o: &Outcome| o.model.as_ref().map(|m| m.issues[0].title.clone());
        assert_eq!(
            title(&reads.check(root, &opts, None)).as_deref(),
            Some("路灯")
        );
        // Same length, same second: the stamp still tells (nanoseconds, change time, inode).
        for t in ["水渠", "桥梁", "路灯"] {
            write(root, "issues/a.md", &issue("a", "1").replace("路灯", t));
            assert_eq!(title(&reads.check(root, &opts, None)).as_deref(), Some(t));
        }
    }

    #[test]
    fn a_save_reported_alone_reads_that_file_and_anything_else_walks_again() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.yaml", SITE);
        write(root, "issues/a.md", &issue("a", "1"));
        write(root, "issues/b.md", &issue("b", "1"));
        let mut reads = Reads::default();
        let opts = Options::default();
        let full = |reads: &mut Reads| seen(&reads.check(root, &opts, None));
        let groups = |o: &Outcome| seen(o).1;
        full(&mut reads);
        // b saved: read again without a walk, as a full check reads it.
        write(root, "issues/b.md", &issue("b", "2"));
        let saved = ["content/issues/b.md".to_string()];
        let quick = seen(&reads.check(root, &opts, Some(&saved)));
        assert_eq!(quick, seen(&pipeline::check(root, &opts)));
        assert!(
            quick.0.iter().any(|d| d.contains("content/issues/b.md")),
            "{quick:?}"
        );
        // A file the events did not name is not looked for: no walk.
        write(root, "issues/c.md", &issue("c", "1"));
        write(
            root,
            "issues/a.md",
            &issue("a", "1").replace("路灯", "水渠"),
        );
        let o = reads.check(root, &opts, Some(&saved));
        assert_eq!(groups(&o).len(), 2, "c was found without a walk");
        // A saved file that was not there at the last walk (c) makes a full one.
        let saved = ["content/issues/c.md".to_string()];
        let o = reads.check(root, &opts, Some(&saved));
        assert_eq!(seen(&o), seen(&pipeline::check(root, &opts)));
        assert_eq!(groups(&o).len(), 3);
        // Site settings saved: a full check.
        write(
            root,
            "site.yaml",
            &format!("{SITE}  - {{id: \"2\", name: 2组, households: 30}}\n"),
        );
        let saved = ["content/site.yaml".to_string()];
        let o = reads.check(root, &opts, Some(&saved));
        assert_eq!(seen(&o), seen(&pipeline::check(root, &opts)));
        assert!(o.diagnostics.is_empty(), "{:?}", seen(&o));
        // A saved file that is gone: a full check.
        std::fs::remove_file(root.join("content/issues/a.md")).unwrap();
        let saved = ["content/issues/a.md".to_string()];
        let o = reads.check(root, &opts, Some(&saved));
        assert_eq!(seen(&o), seen(&pipeline::check(root, &opts)));
    }

    #[test]
    fn a_temporary_file_renamed_over_a_record_reads_that_record_alone() {
        let dir = tempfile::tempdir().unwrap();
        let away = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.yaml", SITE);
        write(root, "issues/a.md", &issue("a", "1"));
        write(root, "issues/b.md", &issue("b", "1"));
        write(root, "issues/old/d.md", &issue("d", "1"));
        write(root, "static/map.txt", "村图");
        let mut reads = Reads::default();
        let opts = Options::default();
        let groups = |o: &Outcome| seen(o).1;
        reads.check(root, &opts, None);
        // What `sed -i` does: a new file beside b, renamed over it. The events name both.
        write(root, "issues/sedAb12x", &issue("b", "2"));
        let issues = root.join("content/issues");
        std::fs::rename(issues.join("sedAb12x"), issues.join("b.md")).unwrap();
        // A file the events did not name: found only by a walk.
        write(root, "issues/c.md", &issue("c", "1"));
        let saved = [
            "content/issues/b.md".to_string(),
            "content/issues/sedAb12x".to_string(),
        ];
        let o = reads.check(root, &opts, Some(&saved));
        let ids: Vec<_> = groups(&o)
            .into_iter()
            .map(|(id, g)| format!("{id}{g}"))
            .collect();
        assert_eq!(ids, ["a1", "b2", "d1"], "b read again, and no walk");
        // A folder of records moved away is named alone: its records go with a full check.
        std::fs::rename(issues.join("old"), away.path().join("old")).unwrap();
        let saved = ["content/issues/old".to_string()];
        let o = reads.check(root, &opts, Some(&saved));
        assert_eq!(seen(&o), seen(&pipeline::check(root, &opts)));
        assert_eq!(groups(&o).len(), 3, "a, b and c; d went with its folder");
        // So does a static file removed.
        std::fs::remove_file(root.join("content/static/map.txt")).unwrap();
        let saved = ["content/static/map.txt".to_string()];
        let o = reads.check(root, &opts, Some(&saved));
        assert_eq!(o.model.map(|m| m.statics.len()), Some(0));
    }
}
