//! The prose of an operation's rustdoc: summary, description, method and path, permissions,
//! authentication, preview and deprecation notes, examples, errors.

use super::text::paragraphs;
use crate::ir::*;

/// The spec's own words where it explains the deprecation, else a plain note.
pub(super) fn deprecation_note(op: &Operation) -> String {
    let sentence = op.description.as_deref().and_then(|d| {
        d.split_inclusive(['.', '\n'])
            .map(|s| s.replace("**", "").trim().to_string())
            .find(|s| s.to_ascii_lowercase().contains("deprecated"))
    });
    sentence.unwrap_or_else(|| "This operation is deprecated by the API description.".to_string())
}

/// The rustdoc of an operation's method; `errors` are the variants of its error enum.
pub(super) fn operation_docs(
    api: &Api,
    op: &Operation,
    id: &str,
    error_type: &str,
    errors: &[&str],
) -> String {
    let mut parts: Vec<Option<String>> = vec![
        op.summary
            .clone()
            .map(|s| format!("{}.", s.trim_end_matches('.'))),
        op.description.clone(),
    ];
    parts.push(Some(format!("`{} {}`", op.method, op.path)));
    if let Some(text) = op.body.as_ref().and_then(|b| b.description.as_deref()) {
        parts.push(Some(format!("Request body: {}", text.trim())));
    }
    parts.push(op.permission.as_ref().map(permissions));
    parts.push(authentication(api, op));
    if let Some(text) = &op.unstable {
        parts.push(Some(format!(
            "**Preview (unstable):** {}\n\nDisabled by default: calling it returns [`crate::RequestError::UnstableOperationDisabled`] unless enabled with `Config::enable_unstable_operation(\"{id}\")`.",
            text.trim()
        )));
    }
    if op.deprecated {
        parts.push(Some(format!("**Deprecated:** {}", deprecation_note(op))));
    }
    parts.extend(examples(op).into_iter().map(Some));
    parts.push(Some(errors_section(op, error_type, errors)));
    paragraphs(&parts)
}

fn permissions(permission: &Permission) -> String {
    let list: Vec<String> = permission
        .permissions
        .iter()
        .map(|p| format!("`{p}`"))
        .collect();
    match list.as_slice() {
        [one] => format!("Required permission: {one}."),
        _ => format!(
            "Required permissions ({}): {}.",
            if permission.operator == "AND" {
                "all of"
            } else {
                "any of"
            },
            list.join(", ")
        ),
    }
}

/// "Authentication: `a` + `b`, or none.": each alternative, its schemes and scopes.
fn authentication(api: &Api, op: &Operation) -> Option<String> {
    let auth: Vec<String> = op
        .security
        .iter()
        .map(|alt| {
            if alt.is_empty() {
                // An empty requirement: the operation may also be called without credentials.
                return "none".to_string();
            }
            alt.iter()
                .map(|u| {
                    let name = &api.security_schemes[u.scheme].name.original;
                    if u.scopes.is_empty() {
                        format!("`{name}`")
                    } else {
                        format!(
                            "`{name}` (OAuth scopes: {})",
                            super::text::code_list(&u.scopes, ", ")
                        )
                    }
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    (!auth.is_empty()).then(|| format!("Authentication: {}.", auth.join(", or ")))
}

/// The spec's examples of the request body and of the success responses.
fn examples(op: &Operation) -> Vec<String> {
    let body = op
        .body
        .iter()
        .flat_map(|body| &body.examples)
        .map(|example| {
            format!(
                "Example request body (`{}`):\n\n```json\n{}\n```",
                example.name, example.json
            )
        });
    let responses = op
        .responses
        .iter()
        .filter(|r| r.is_success())
        .flat_map(|r| r.examples.iter().map(move |e| (r, e)))
        .map(|(response, example)| {
            format!(
                "Example `{}` response (`{}`):\n\n```json\n{}\n```",
                response.variant.original, example.name, example.json
            )
        });
    body.chain(responses).collect()
}

fn errors_section(op: &Operation, error_type: &str, errors: &[&str]) -> String {
    let mut section = String::from("# Errors\n\n");
    for variant in errors {
        section.push_str(&format!("- [`{error_type}::{variant}`]\n"));
    }
    if !op.responses.iter().any(|r| r.status == StatusSpec::Default) {
        section.push_str("- [`Error::UnexpectedStatus`] for a status the spec does not document, ");
    } else {
        section.push_str("- ");
    }
    section.push_str("[`Error::Decode`] for a body that does not match, [`Error::Request`] when no response arrived.");
    section
}
