//! Writing the output: into a sibling temporary folder, swapped in only when complete.
//! A failed or killed build leaves the previous output as it was.

use crate::render::Rendered;
use std::io;
use std::path::{Path, PathBuf};

/// A file in every output folder gongkai writes; its absence protects other folders.
pub const MARKER: &str = ".gongkai";

#[derive(Debug)]
pub enum WriteError {
    /// The output folder is unsafe to replace; the words say why.
    Refused(String),
    Io(String, io::Error),
}

fn names(out: &Path) -> (PathBuf, String) {
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    (parent, name)
}

/// Refuses an output folder that is the site root, holds `content/`, contains the site,
/// or is a non-empty folder that gongkai did not write.
pub fn check_target(root: &Path, out: &Path, lang: crate::diag::Lang) -> Result<(), WriteError> {
    use crate::tr;
    let abs = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (root_c, out_c) = (abs(root), abs(out));
    let shown = out.display().to_string();
    if out_c == root_c || root_c.starts_with(&out_c) || out.join("content").exists() {
        return Err(WriteError::Refused(tr!(
            lang,
            "不能把网站输出到 {shown}：它是站点文件夹或包含 content/，会覆盖原始记录。请用 --output 指定另一个文件夹（默认是 public）",
            "refusing to write the site to {shown}: it is the site folder or holds content/, which would be overwritten. Name another folder with --output (the default is public)"
        )));
    }
    if out.is_dir()
        && !out.join(MARKER).exists()
        && std::fs::read_dir(out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        return Err(WriteError::Refused(tr!(
            lang,
            "{shown} 里已有别的文件，不是 gongkai 生成的，为免误删，不会覆盖。请清空它，或用 --output 指定另一个文件夹",
            "{shown} holds files gongkai did not write; to avoid deleting them it is left alone. Empty it, or name another folder with --output"
        )));
    }
    Ok(())
}

/// Removes leftovers of an earlier build that was killed: temporary folders, and puts back
/// a previous output that was moved aside but not replaced.
pub fn recover(out: &Path) {
    let (parent, name) = names(out);
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if n.starts_with(&format!(".{name}.tmp-")) && path.join(MARKER).exists() {
            let _ = std::fs::remove_dir_all(&path);
        } else if n.starts_with(&format!(".{name}.old-")) && path.join(MARKER).exists() {
            if out.exists() {
                let _ = std::fs::remove_dir_all(&path);
            } else {
                let _ = std::fs::rename(&path, out);
            }
        }
    }
}

/// Writes `site` as the new content of `out`.
pub fn write(out: &Path, site: &Rendered) -> Result<(), WriteError> {
    let started = std::time::Instant::now();
    let (parent, name) = names(out);
    std::fs::create_dir_all(&parent)
        .map_err(|e| WriteError::Io(parent.display().to_string(), e))?;
    recover(out);
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let io_err = |p: &Path| {
        let shown = p.display().to_string();
        move |e| WriteError::Io(shown, e)
    };
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(io_err(&tmp))?;
    }
    std::fs::create_dir_all(&tmp).map_err(io_err(&tmp))?;
    // The marker first, so that a killed build's folder is recognised and cleaned.
    std::fs::write(
        tmp.join(MARKER),
        b"Written by gongkai; replaced whole at every build.\n",
    )
    .map_err(io_err(&tmp))?;
    let mut made = std::collections::BTreeSet::new();
    for (rel, bytes) in &site.files {
        // Paths come from validated ids and theme files; refuse anything that could climb out.
        if rel.split('/').any(|seg| seg == ".." || seg.is_empty())
            || rel.starts_with('/')
            || rel.contains('\\')
        {
            continue;
        }
        let path = tmp.join(rel);
        if let Some(dir) = path.parent() {
            if made.insert(dir.to_path_buf()) {
                std::fs::create_dir_all(dir).map_err(io_err(dir))?;
            }
        }
        std::fs::write(&path, bytes).map_err(io_err(&path))?;
    }
    crate::pipeline::stage("write: files", started);
    if out.exists() {
        let old = parent.join(format!(".{name}.old-{pid}"));
        std::fs::rename(out, &old).map_err(io_err(out))?;
        if let Err(e) = std::fs::rename(&tmp, out) {
            let _ = std::fs::rename(&old, out);
            return Err(WriteError::Io(out.display().to_string(), e));
        }
        crate::pipeline::stage("write: swapped", started);
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&tmp, out).map_err(io_err(out))?;
    }
    Ok(())
}
