//! Load: the text of one spec (YAML or JSON) in, the typed `openapiv3` model out.
//!
//! Syntax and shape errors come back as a located [`Problem`]; nothing here panics on input.

use openapiv3::OpenAPI;

use crate::diagnostics::Problem;

/// Parses `text`; JSON when the path ends in `.json`, YAML otherwise.
pub fn load(source: usize, path: &str, text: &str) -> Result<OpenAPI, Problem> {
    if text.trim().is_empty() {
        return Err(Problem::new(
            source,
            "#",
            "the spec is empty",
            "give the path of an OpenAPI 3.0 document",
        ));
    }
    let parsed = if path.ends_with(".json") {
        serde_json::from_str::<OpenAPI>(text)
            .map_err(|e| located(source, e.to_string(), e.line(), e.column()))
    } else {
        // OpenAPI 3 documents are YAML 1.2: `y`, `n`, `yes`, `no` are strings (Datadog has
        // properties named `y`). Duplicate keys are an error (the default, kept explicit).
        let options = serde_saphyr::options! {
            strict_booleans: true,
            duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        };
        serde_saphyr::from_str_with_options::<OpenAPI>(text, options).map_err(|e| {
            let (line, column) = e
                .location()
                .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
            located(source, first_line(&e.to_string()), line, column)
        })
    }?;
    if !parsed.openapi.starts_with("3.0") {
        return Err(Problem::new(
            source,
            "#/openapi",
            format!("OpenAPI version {:?} is not supported", parsed.openapi),
            "this generator reads OpenAPI 3.0.x documents; convert the spec to 3.0",
        ));
    }
    Ok(parsed)
}

fn located(source: usize, message: String, line: usize, column: usize) -> Problem {
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
