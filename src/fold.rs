//! Labels written into the templates before Tera reads them.
//!
//! A page of the default theme looks up a label (`{{ t.status }}`) about a hundred times, and
//! Tera spends as long on each lookup as on a line of the record (it walks the stack frames,
//! copies the path twice and searches the label map). The labels do not change during a
//! build, so each `{{ t.key }}` is replaced by the text it would print: the label, escaped
//! as Tera escapes it. The pages come out byte for byte the same.
//!
//! Only the plain form is replaced: `{{ t.key }}` with no filter and no whitespace control,
//! for a key that exists and whose text holds no brace. Nothing is replaced in a theme where
//! `t` might mean something other than the labels: a `set`, `for` or macro argument that binds
//! `t` to anything but `t` itself.

use crate::view::Labels;

/// The template text with its `{{ t.key }}` lookups replaced by the labels' text; `escape`
/// is the template's autoescape (Tera's `escape_fn`, or `None` when autoescape is off).
pub fn labels(text: &str, labels: &Labels, escape: Option<fn(&str) -> String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let Some(close) = closer(from) else {
            out.push('{');
            rest = &from[1..];
            continue;
        };
        let Some(end) = from[2..].find(close).map(|e| e + 2 + close.len()) else {
            // An unclosed tag: left for Tera to report.
            out.push_str(from);
            return out;
        };
        let tag = &from[..end];
        if close == "%}" && is_raw(tag) {
            // A raw block prints its contents as they are: copied up to its end unchanged.
            let stop = raw_end(from).unwrap_or(from.len());
            out.push_str(&from[..stop]);
            rest = &from[stop..];
            continue;
        }
        match (close, folded(tag, labels)) {
            ("}}", Some(label)) => match escape {
                Some(f) => out.push_str(&f(label)),
                None => out.push_str(label),
            },
            _ => out.push_str(tag),
        }
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

/// Whether any of the templates binds `t` to something other than the labels, in which case
/// no template is folded (a macro's `t` is whatever its callers pass).
pub fn rebinds_t<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    texts.into_iter().any(|text| {
        let mut rest = text;
        while let Some(at) = rest.find('{') {
            let from = &rest[at..];
            let Some(close) = closer(from) else {
                rest = &from[1..];
                continue;
            };
            let Some(end) = from[2..].find(close).map(|e| e + 2 + close.len()) else {
                return false;
            };
            if close != "#}" && tag_rebinds_t(&from[2..end - 2]) {
                return true;
            }
            rest = &from[end..];
        }
        false
    })
}

/// The end marker of the tag opening at the start of `s`, if one opens there.
fn closer(s: &str) -> Option<&'static str> {
    match s.as_bytes().get(1) {
        Some(b'{') => Some("}}"),
        Some(b'%') => Some("%}"),
        Some(b'#') => Some("#}"),
        _ => None,
    }
}

/// The label an expression tag `{{ t.key }}` prints, if it is exactly that.
fn folded<'l>(tag: &str, labels: &'l Labels) -> Option<&'l str> {
    let inner = &tag[2..tag.len() - 2];
    if inner.starts_with('-') || inner.ends_with('-') {
        return None;
    }
    let key = inner.trim().strip_prefix("t.")?;
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let label = labels.0.get(key)?;
    (!label.contains(['{', '}'])).then_some(label.as_str())
}

fn words(tag: &str) -> Vec<&str> {
    tag.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_raw(tag: &str) -> bool {
    words(&tag[2..tag.len() - 2]).first() == Some(&"raw")
}

/// Where the raw block opening at the start of `s` ends: after its `{% endraw %}` tag.
fn raw_end(s: &str) -> Option<usize> {
    let mut from = 2;
    while let Some(at) = s[from..].find("{%") {
        let start = from + at;
        let end = s[start + 2..].find("%}")? + start + 4;
        if words(&s[start + 2..end - 2]).first() == Some(&"endraw") {
            return Some(end);
        }
        from = end;
    }
    None
}

/// Whether a tag's inside binds `t`: `set t`, `set_global t`, `for t in`, `for k, t in`, or
/// an argument `t=` whose value is not `t` alone.
fn tag_rebinds_t(inner: &str) -> bool {
    let ws = words(inner);
    match ws.first() {
        Some(&"set") | Some(&"set_global") if ws.get(1) == Some(&"t") => return true,
        Some(&"for") => {
            let names = ws.iter().skip(1).take_while(|w| **w != "in");
            if names.into_iter().any(|w| *w == "t") {
                return true;
            }
        }
        _ => {}
    }
    let b = inner.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'.';
    for (i, _) in inner.match_indices('t') {
        if i > 0 && ident(b[i - 1]) {
            continue;
        }
        let after = inner[i + 1..].trim_start();
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        if value.starts_with('=') {
            continue; // a comparison, `t == x`
        }
        let value = value.trim_start();
        let passes_t = value.strip_prefix('t').is_some_and(|r| {
            r.trim_start()
                .chars()
                .next()
                .is_none_or(|c| c == ',' || c == ')')
        });
        if !passes_t {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn labels_of(pairs: &[(&str, &str)]) -> Labels {
        Labels(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    fn esc(s: &str) -> String {
        crate::render::escape_html(s)
    }

    #[test]
    fn a_plain_lookup_becomes_its_escaped_label() {
        let l = labels_of(&[("status", "状态"), ("amp", "A & <B>")]);
        assert_eq!(
            labels("<dt>{{ t.status }}</dt>{{t.amp}}", &l, Some(esc)),
            "<dt>状态</dt>A &amp; &lt;B&gt;"
        );
        assert_eq!(labels("{{ t.amp }}", &l, None), "A & <B>");
    }

    #[test]
    fn other_forms_are_left_for_tera() {
        let l = labels_of(&[("status", "状态"), ("brace", "{{ x }}")]);
        for kept in [
            "{{ t.status | upper }}",
            "{{- t.status }}",
            "{{ t.status -}}",
            "{{ t.missing }}",
            "{{ t.brace }}",
            "{{ t }}",
            "{{ x.t.status }}",
            "{% if t.status %}x{% endif %}",
            "{# {{ t.status }} #}",
            "{% raw %}{{ t.status }}{% endraw %}",
            "{{ t.status",
        ] {
            assert_eq!(labels(kept, &l, Some(esc)), kept);
        }
        assert_eq!(
            labels(
                "{% raw %}{{ t.status }}{% endraw %} {{ t.status }}",
                &l,
                None
            ),
            "{% raw %}{{ t.status }}{% endraw %} 状态"
        );
        assert_eq!(labels("a { b } {{ t.status }}", &l, None), "a { b } 状态");
    }

    #[test]
    fn binding_t_to_anything_else_is_seen() {
        for bound in [
            "{% set t = site %}",
            "{% set_global t = 1 %}",
            "{% for t in items %}{% endfor %}",
            "{% for k, t in map %}{% endfor %}",
            "{{ m::list(items=x, t=site) }}",
            "{{ m::list(t=t.sub) }}",
            "{% macro list(items, t=\"\") %}{% endmacro %}",
        ] {
            assert!(rebinds_t([bound]), "{bound}");
        }
        for free in [
            "{{ m::list(items=x, t=t) }}",
            "{{ m::list(t = t ) }}",
            "{% macro list(items, t) %}{% endmacro %}",
            "{% if t.x == y %}{% endif %}",
            "{% set at = 1 %}{% set x.t = 2 %}",
            "<meta content=\"width=device-width\"> {% for it in x %}{% endfor %}",
            "{# set t = x #}",
        ] {
            assert!(!rebinds_t([free]), "{free}");
        }
    }
}
