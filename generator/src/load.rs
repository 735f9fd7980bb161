//! Load: the text of one spec (YAML or JSON) in, the typed `openapiv3` model out.
//!
//! Syntax and shape errors come back as a located [`Problem`]; nothing here panics on input.

use openapiv3::OpenAPI;

use crate::diagnostics::Problem;

/// Parses `text`; JSON when the path ends in `.json`, YAML otherwise.
pub fn load(
    source: usize,
    path: &str,
    text: &str,
    dir: Option<&std::path::Path>,
) -> Result<OpenAPI, Problem> {
    if text.trim().is_empty() {
        return Err(Problem::new(
            source,
            "#",
            "the spec is empty",
            "give the path of an OpenAPI 3.0 document",
        ));
    }
    let v31 = crate::v31::is_v31(text);
    let external = crate::bundle::has_external_refs(text);
    let parsed = if v31 || external {
        load_value(source, path, text, dir, v31)
    } else {
        parse::<OpenAPI>(path, text).map_err(|e| located(source, e))
    }?;
    if !parsed.openapi.starts_with("3.0") {
        return Err(Problem::new(
            source,
            "#/openapi",
            format!("OpenAPI version {:?} is not supported", parsed.openapi),
            "this generator reads OpenAPI 3.0.x and 3.1.x documents",
        ));
    }
    Ok(parsed)
}

/// A document with references to other files, or a 3.1 document: read as a JSON value, the
/// other files' entries copied in, rewritten in 3.0 terms, then typed.
fn load_value(
    source: usize,
    path: &str,
    text: &str,
    dir: Option<&std::path::Path>,
    v31: bool,
) -> Result<OpenAPI, Problem> {
    let mut value: serde_json::Value = parse(path, text).map_err(|e| located(source, e))?;
    if crate::bundle::refers_to_files(&value) {
        let Some(dir) = dir else {
            return Err(Problem::new(
                source,
                "#",
                "the spec refers to other files, but its directory is not known",
                "generate from the spec's file (not from text) so that its `$ref`s can be read",
            ));
        };
        crate::bundle::bundle(&mut value, dir)
            .map_err(|e| Problem::new(source, e.pointer, e.message, e.help))?;
    }
    let value = if v31 {
        crate::v31::downgrade(value)
    } else {
        value
    };
    serde_json::from_value(value).map_err(|e| {
        Problem::new(
            source,
            "#",
            format!("the spec is not a valid OpenAPI document: {e}"),
            "fix the shape of the document",
        )
    })
}

/// A document that could not be read: the parser's message and where (1-based; 0 when unknown).
pub struct SyntaxError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// `text` read as `T`: JSON when `path` ends in `.json`, YAML otherwise. OpenAPI 3 documents are
/// YAML 1.2: `y`, `n`, `yes`, `no` are strings (Datadog has properties named `y`). Duplicate
/// keys are an error (the default, kept explicit).
pub fn parse<T: serde::de::DeserializeOwned>(path: &str, text: &str) -> Result<T, SyntaxError> {
    if path.ends_with(".json") {
        serde_json::from_str(text).map_err(|e| SyntaxError {
            message: e.to_string(),
            line: e.line(),
            column: e.column(),
        })
    } else {
        let options = serde_saphyr::options! {
            strict_booleans: true,
            duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        };
        serde_saphyr::from_str_with_options(text, options).map_err(|e| {
            let (line, column) = e
                .location()
                .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
            SyntaxError {
                message: first_line(&e.to_string()),
                line,
                column,
            }
        })
    }
}

fn located(source: usize, error: SyntaxError) -> Problem {
    let SyntaxError {
        message,
        line,
        column,
    } = error;
    Problem {
        position: (line > 0).then_some((line, column.max(1))),
        ..Problem::new(
            source,
            "#",
            format!("the spec is not a valid OpenAPI 3.0 document: {message}"),
            "fix the syntax or the shape at this position (OpenAPI 2.0 `swagger` documents are not supported)",
        )
    }
}

/// The parser's message without its own `error: line N column M:` prefix (we print the position).
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default();
    let line = line.strip_prefix("error: ").unwrap_or(line);
    match line
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((position, text)) if position.contains("column") => text.to_string(),
        _ => line.to_string(),
    }
}
