//! Embeds the default theme (themes/default) in the binary as a table of (path, bytes),
//! so that a site with no themes/ folder builds.

use std::path::Path;

fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("themes/default is readable")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            walk(&p, base, out);
        } else {
            let rel = p
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(rel);
        }
    }
}

fn main() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    walk(&base, &base, &mut files);
    let mut code = String::from("/// The default theme: (path under themes/default, contents).\npub static DEFAULT_THEME: &[(&str, &[u8])] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed=themes/default/{f}");
        code.push_str(&format!("    ({f:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/themes/default/{f}\"))),\n"));
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("default_theme.rs");
    std::fs::write(out, code).unwrap();
}
