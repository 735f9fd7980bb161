//! Load: the text of one spec (YAML or JSON) in, the typed `openapiv3` model out.
//!
//! Syntax and shape errors come back as a located [`Problem`]; nothing here panics on input.

use openapiv3::OpenAPI;

use crate::diagnostics::Problem;

/// A spec read and normalized: the typed document, the warnings found on the way, and where
/// what moved (Swagger 2.0 tables, entries copied from other files) was as written.
pub struct Loaded {
    pub spec: OpenAPI,
    pub warnings: Vec<Problem>,
    pub moved: Vec<Moved>,
}

/// A part of the document that is elsewhere in what was written: what starts with `local`
/// (a JSON pointer of the loaded document, `#/components/schemas/Pet`) was at `original`
/// (`#/definitions/Pet`), in the spec itself or in another `file` (its path and text).
/// Problems found there are reported there.
#[derive(Debug, Clone)]
pub struct Moved {
    pub local: String,
    pub original: String,
    pub file: Option<(std::path::PathBuf, std::sync::Arc<str>)>,
}

/// Parses `text` (JSON when the path ends in `.json`, YAML otherwise), brings it to OpenAPI 3.0
/// terms (Swagger 2.0 converted, 3.1 rewritten, other files' entries copied in), normalizes it,
/// and types it.
pub fn load(source: usize, spec: &crate::Spec) -> Result<Loaded, Problem> {
    let (path, text, dir) = (spec.path.as_str(), &*spec.text, spec.dir.as_deref());
    if text.trim().is_empty() {
        return Err(Problem::new(
            source,
            "#",
            "the spec is empty",
            "give the path of an OpenAPI 3.0 or 3.1 (or Swagger 2.0) document",
        ));
    }
    let mut value: serde_json::Value = parse(path, text).map_err(|e| located(source, e))?;
    for patch in &spec.patches {
        crate::patch::apply(&mut value, patch).map_err(|why| {
            Problem::new(
                source,
                "#",
                format!("a patch of this spec does not apply: {why}"),
                "fix the patch: its JSON pointers and JSONPath targets name the spec as published",
            )
        })?;
    }
    let swagger2 = crate::swagger2::is_swagger2(&value);
    let mut moved = Vec::new();
    if swagger2 {
        value = crate::swagger2::convert(value);
        moved.extend(
            crate::swagger2::MOVED
                .iter()
                .map(|(local, original)| Moved {
                    local: (*local).to_string(),
                    original: (*original).to_string(),
                    file: None,
                }),
        );
    }
    if crate::bundle::refers_to_files(&value) {
        let Some(dir) = dir else {
            return Err(Problem::new(
                source,
                "#",
                "the spec refers to other files, but its directory is not known",
                "generate from the spec's file (not from text) so that its `$ref`s can be read",
            ));
        };
        let copied = crate::bundle::bundle(&mut value, dir)
            .map_err(|e| Problem::new(source, e.pointer, e.message, e.help))?;
        moved.extend(copied);
    }
    let mut warnings = Vec::new();
    let version = version(&value, source, &mut warnings)?;
    if version != "3.0" {
        value = crate::v31::downgrade(value);
    }
    crate::normalize::normalize(&mut value, source, &mut warnings);
    crate::select::select(&mut value, &spec.selection, source, &mut warnings);
    let spec = serde_json::from_value(value).map_err(|e| {
        // The typed reader on the text as written knows where the shape is wrong.
        let direct = (!swagger2 && version == "3.0")
            .then(|| parse::<OpenAPI>(path, text).err())
            .flatten();
        match direct {
            Some(error) => Problem {
                message: format!(
                    "the spec is not a valid OpenAPI document: {}",
                    error.message
                ),
                help: "fix the shape of the document at this position".to_string(),
                ..located(source, error)
            },
            None => Problem::new(
                source,
                "#",
                format!("the spec is not a valid OpenAPI document: {e}"),
                "fix the shape of the document",
            ),
        }
    })?;
    Ok(Loaded {
        spec,
        warnings,
        moved,
    })
}

/// A document that could not be read: the parser's message and where (1-based; 0 when unknown).
pub struct SyntaxError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// The OpenAPI version the document is read as: `3.0` or `3.1` (a `3.2` document is read as
/// 3.1, with a warning: what 3.2 adds is left out).
fn version(
    value: &serde_json::Value,
    source: usize,
    warnings: &mut Vec<Problem>,
) -> Result<&'static str, Problem> {
    let version = value
        .get("openapi")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    if version.starts_with("3.0") {
        return Ok("3.0");
    }
    if version.starts_with("3.1") {
        return Ok("3.1");
    }
    if version.starts_with("3.2") {
        warnings.push(Problem::warning(
            source,
            "#/openapi",
            format!("OpenAPI {version} is read as 3.1: what 3.2 adds (the `query` method, `additionalOperations`, streamed `itemSchema`s) is left out"),
            "nothing to change; the generated client covers the 3.1 subset",
        ));
        return Ok("3.1");
    }
    let (pointer, message) = match value.get("openapi") {
        Some(v) => ("#/openapi", format!("OpenAPI version {v} is not supported")),
        None => (
            "#",
            "the document is neither OpenAPI 3 (`openapi`) nor Swagger 2.0 (`swagger`)".to_string(),
        ),
    };
    Err(Problem::new(
        source,
        pointer,
        message,
        "this generator reads OpenAPI 3.0.x, 3.1.x and 3.2.x, and Swagger 2.0, documents",
    ))
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
            format!("the spec is not valid YAML or JSON: {message}"),
            "fix the syntax at this position",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_3_2_document_is_read_as_3_1_with_a_warning() {
        let text = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: [string, 'null']}}}}}\n";
        let loaded = load(0, &crate::Spec::new("spec.yaml", text, "spec"))
            .unwrap_or_else(|p| panic!("{}", p.message));
        assert!(loaded.warnings[0].message.contains("read as 3.1"));
        assert_eq!(loaded.warnings[0].pointer, "#/openapi");
        assert_eq!(loaded.spec.paths.paths.len(), 1);
        let error = load(
            0,
            &crate::Spec::new("spec.yaml", "openapi: 4.0.0\n", "spec"),
        )
        .err()
        .unwrap();
        assert!(error.message.contains("not supported"));
    }
}
