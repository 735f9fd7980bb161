//! Prose and literals: doc comments from the spec's text, Rust string literals, paragraphs.

use proc_macro2::Literal;

/// A Rust string literal, escaped by proc-macro2.
pub fn lit(text: &str) -> String {
    Literal::string(text).to_string()
}

/// `Some("…")` or `None`, as Rust.
pub(super) fn option_lit(value: Option<&str>) -> String {
    value.map_or_else(|| "None".to_string(), |v| format!("Some({})", lit(v)))
}

/// Doc comments, one per line of `text`: `/// line`, or `#[doc = "..."]` for a line a comment
/// cannot hold (a carriage return or another control character). Files the generator lays out
/// itself are written as they are; the others are printed again from their syntax tree, which
/// keeps the same forms.
pub fn docs(text: &str) -> Vec<String> {
    doc_lines(text, "///", "#[doc = ")
}

/// Inner doc comments (`//!`) of a file.
pub(super) fn inner_docs(text: &str) -> Vec<String> {
    doc_lines(text, "//!", "#![doc = ")
}

fn doc_lines(text: &str, comment: &str, attribute: &str) -> Vec<String> {
    // `description: ''` still documents the item (`missing_docs` is denied in the crate).
    let text = if text.trim().is_empty() {
        "No description in the spec."
    } else {
        text
    };
    text.trim()
        .lines()
        .map(|line| {
            let line = line.trim_end();
            if line.chars().any(|c| c.is_control() && c != '\t') {
                format!("{attribute}{}]", lit(&format!(" {line}")))
            } else if line.is_empty() {
                comment.to_string()
            } else {
                format!("{comment} {line}")
            }
        })
        .collect()
}

/// The parts that have text, trimmed, as paragraphs.
pub(super) fn paragraphs(parts: &[Option<String>]) -> String {
    parts
        .iter()
        .flatten()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A list in prose: "`a`, `b`" (each in code spans).
pub(super) fn code_list<'a>(
    items: impl IntoIterator<Item = &'a String>,
    separator: &str,
) -> String {
    items
        .into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(separator)
}

/// Text on one line: runs of whitespace (newlines included) as one space.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An identifier without its raw prefix (`r#type` → `type`), for paths and prose.
pub(super) fn bare(ident: &str) -> &str {
    ident.trim_start_matches("r#")
}
