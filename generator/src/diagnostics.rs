//! Diagnostics: problems found while loading and lowering, in; located, renderable errors, out.
//!
//! Every stage records a [`Problem`] with the JSON pointer of the offending node and a hint, and
//! keeps going; `generate` turns them into [`SpecError`]s (file, line, column, pointer) at the end.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};

use crate::locate::LocationIndex;

/// A problem in one spec, before it is located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Index of the spec in the inputs.
    pub source: usize,
    /// JSON pointer, with the leading `#`.
    pub pointer: String,
    pub message: String,
    pub help: String,
    /// Line and column known up front (syntax errors); otherwise found from the pointer.
    pub position: Option<(usize, usize)>,
}

impl Problem {
    pub fn new(
        source: usize,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Self {
            source,
            pointer: pointer.into(),
            message: message.into(),
            help: help.into(),
            position: None,
        }
    }
}

/// One located error in a spec.
#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[error("{message}")]
pub struct SpecError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub pointer: String,
    pub message: String,
    #[help]
    pub help: String,
    #[source_code]
    pub source_code: NamedSource<Arc<str>>,
    #[label("here: {pointer}")]
    pub span: SourceSpan,
}

/// Everything that went wrong in one run; returned instead of any output.
#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[error("the spec has {} problem(s); nothing was generated", errors.len())]
pub struct Diagnostics {
    #[related]
    pub errors: Vec<SpecError>,
}

impl Diagnostics {
    /// Locates `problems` in their sources (`(path, text)` by index), sorted by file and line.
    pub fn locate(problems: Vec<Problem>, sources: &[(String, Arc<str>)]) -> Self {
        let mut indexes: Vec<Option<LocationIndex>> = sources.iter().map(|_| None).collect();
        let mut errors: Vec<SpecError> = problems
            .into_iter()
            .map(|problem| {
                let (path, text) = &sources[problem.source];
                let (line, column, offset) = match problem.position {
                    Some((line, column)) => (line, column, offset_of(text, line, column)),
                    None => {
                        let index = indexes[problem.source]
                            .get_or_insert_with(|| LocationIndex::build(text));
                        index
                            .find(&problem.pointer)
                            .map_or((1, 1, 0), |p| (p.line, p.column, p.offset))
                    }
                };
                SpecError {
                    file: path.clone(),
                    line,
                    column,
                    pointer: problem.pointer,
                    message: problem.message,
                    help: problem.help,
                    source_code: NamedSource::new(path.clone(), text.clone()),
                    span: SourceSpan::from((offset, 0)),
                }
            })
            .collect();
        errors.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        errors.dedup_by(|a, b| {
            (&a.file, a.line, a.column, &a.message) == (&b.file, b.line, b.column, &b.message)
        });
        Self { errors }
    }

    /// Plain, stable text: one block per error. Used in snapshots and where no terminal is.
    pub fn render_plain(&self) -> String {
        let mut out = String::new();
        for error in &self.errors {
            out.push_str(&PlainError(error).to_string());
        }
        out
    }
}

struct PlainError<'a>(&'a SpecError);

impl fmt::Display for PlainError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        writeln!(f, "error: {}", e.message)?;
        writeln!(f, "  --> {}:{}:{}", e.file, e.line, e.column)?;
        writeln!(f, "   at {}", e.pointer)?;
        writeln!(f, " help: {}", e.help)
    }
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}
