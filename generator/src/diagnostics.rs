//! Diagnostics: problems found while loading and lowering, in; located, renderable errors, out.
//!
//! Every stage records a [`Problem`] with the JSON pointer of the offending node and a hint, and
//! keeps going; `generate` turns them into [`SpecError`]s (file, line, column, pointer) at the end.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

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
    /// A warning: the spec was read as its authors clearly meant, and generation goes on.
    pub warning: bool,
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
            warning: false,
        }
    }

    /// A warning: what was assumed where the spec is sloppy but its meaning clear.
    pub fn warning(
        source: usize,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Self {
            warning: true,
            ..Self::new(source, pointer, message, help)
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
    pub source_code: Excerpt,
    #[label("here: {pointer}")]
    pub span: SourceSpan,
    /// A warning rather than an error.
    pub warning: bool,
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
                let (source_code, span) = Excerpt::around(path, text, line, offset);
                SpecError {
                    warning: problem.warning,
                    file: path.clone(),
                    line,
                    column,
                    pointer: problem.pointer,
                    message: problem.message,
                    help: problem.help,
                    source_code,
                    span,
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

impl SpecError {
    /// Plain, stable text of this error or warning: four lines.
    pub fn render_plain(&self) -> String {
        PlainError(self).to_string()
    }
}

struct PlainError<'a>(&'a SpecError);

impl fmt::Display for PlainError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        let severity = if e.warning { "warning" } else { "error" };
        writeln!(f, "{severity}: {}", e.message)?;
        writeln!(f, "  --> {}:{}:{}", e.file, e.line, e.column)?;
        writeln!(f, "   at {}", e.pointer)?;
        writeln!(f, " help: {}", e.help)
    }
}

/// The few lines around an error, each cut to a window around the error's column, with their
/// real line numbers: what miette shows. A minified JSON spec is one line of hundreds of
/// kilobytes, which a terminal cannot show (and miette cannot indent to).
#[derive(Debug, Clone)]
pub struct Excerpt {
    name: String,
    text: String,
    /// 0-based line of the spec where `text` starts.
    first_line: usize,
    /// 0-based line of `text` that holds the error, and how many characters were cut from
    /// its start.
    error_line: usize,
    cut: usize,
}

/// Lines of context on each side of the error, and the widest line shown.
const CONTEXT_LINES: usize = 3;
const WIDTH: usize = 120;

impl Excerpt {
    /// The excerpt of `text` around byte `offset` on 1-based `line`, and the error's span in it.
    fn around(name: &str, text: &str, line: usize, offset: usize) -> (Self, SourceSpan) {
        let offset = offset.min(text.len());
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count();
        // Every line keeps the same window of columns, so indentation still lines up.
        let cut = column.saturating_sub(WIDTH / 3);
        let index = line.saturating_sub(1);
        let first_line = index.saturating_sub(CONTEXT_LINES);
        let mut excerpt = String::new();
        let mut span_offset = 0;
        for (number, full) in text
            .split('\n')
            .enumerate()
            .skip(first_line)
            .take(index - first_line + CONTEXT_LINES + 1)
        {
            let shown: String = full.chars().skip(cut).take(WIDTH).collect();
            if number == index {
                span_offset = excerpt.len()
                    + shown
                        .char_indices()
                        .nth(column - cut)
                        .map_or(shown.len(), |(i, _)| i);
            }
            excerpt.push_str(&shown);
            excerpt.push('\n');
        }
        let source = Self {
            name: name.to_string(),
            text: excerpt,
            first_line,
            error_line: index - first_line,
            cut,
        };
        (source, SourceSpan::from((span_offset, 0)))
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let cut = if inner.line() == self.error_line {
            self.cut
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column() + cut,
            inner.line_count(),
        )))
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
