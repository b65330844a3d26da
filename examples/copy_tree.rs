//! Copies a built site into a new folder on every core, as fast as the file system allows:
//! its folders first (each level at once), then its files. Only creating the folders and
//! files and writing their bytes, nothing else: the floor of a cold build of that site
//! (benches/build_vs_hugo.sh times it for gongkai's output and Hugo's).
//!
//!     cargo run --release --example copy_tree -- FROM TO
use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [from, to] = args.as_slice() else {
        eprintln!("usage: copy_tree FROM TO (TO must not exist)");
        std::process::exit(2);
    };
    if to.exists() {
        eprintln!("{} exists", to.display());
        std::process::exit(2);
    }
    // Folders with their depth; files with their bytes.
    let mut folders: Vec<(usize, PathBuf)> = Vec::new();
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    // Everything is read first (from the page cache: the tree was just written), then
    // written; the reading is a small part of the time.
    for e in walkdir::WalkDir::new(from).min_depth(1) {
        let e = e.unwrap_or_else(|e| fail(&e.to_string()));
        let rel = e.path().strip_prefix(from).expect("inside").to_path_buf();
        if e.file_type().is_dir() {
            folders.push((e.depth(), rel));
        } else if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).unwrap_or_else(|e| fail(&e.to_string()));
            files.push((rel, bytes));
        }
    }
    std::fs::create_dir(to).unwrap_or_else(|e| fail(&e.to_string()));
    folders.sort();
    for level in folders.chunk_by(|a, b| a.0 == b.0) {
        level.par_iter().for_each(|(_, rel)| make(&to.join(rel)));
    }
    files.par_iter().for_each(|(rel, bytes)| {
        std::fs::write(to.join(rel), bytes).unwrap_or_else(|e| fail(&e.to_string()))
    });
}

fn make(p: &Path) {
    std::fs::create_dir(p).unwrap_or_else(|e| fail(&e.to_string()));
}

fn fail(why: &str) -> ! {
    eprintln!("copy_tree: {why}");
    std::process::exit(1);
}
