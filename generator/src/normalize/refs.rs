//! `$ref`s where OpenAPI 3.0 has none (a path item, a `properties` or `content` map), and
//! `$ref`s into the inside of another schema, which get a component of their own.

use super::*;

/// `$ref`s that OpenAPI 3.0 tools accept but the typed model has no place for, or that point
/// into the inside of something:
/// - in a schema, a `$ref` to anything but a component schema (`#/components/schemas/Tag/
///   allOf/0`, `#/components/parameters/Id/schema`): the target becomes a component schema of
///   its own and the reference points there;
/// - a `$ref` standing for a path item, an operation, a `properties` or `content` map, a tag
///   description, or any other non-schema value that is not a component entry: replaced by a
///   copy of its target.
pub(super) fn resolve_misplaced_refs(document: &mut Value) {
    // A bounded number of rounds: a copied target may hold references of its own.
    for _ in 0..8 {
        let mut found: Vec<(Vec<String>, Role, String)> = Vec::new();
        walk_refs(
            document,
            Role::Other,
            &mut Vec::new(),
            &mut |value, role, path| {
                let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                    return;
                };
                // `#` alone (the whole document) is no entry to copy or hoist.
                let Some(fragment) = reference.strip_prefix('#').filter(|f| f.starts_with('/'))
                else {
                    return;
                };
                let tokens: Vec<String> = fragment.split('/').skip(1).map(unescape).collect();
                let component = tokens.len() == 3
                    && tokens[0] == "components"
                    && COMPONENT_KINDS.contains(&tokens[1].as_str());
                let keep = match role {
                    Role::Schema => component && tokens[1] == "schemas",
                    Role::Component(kind) => component && tokens[1] == kind,
                    // A map or a path item cannot be a reference in the typed model.
                    Role::PathItem | Role::SchemaMap | Role::NameMap(_) => false,
                    Role::SchemaList | Role::Other => component,
                };
                if !keep && document.pointer(fragment).is_some() {
                    found.push((path.to_vec(), role, reference.to_string()));
                }
            },
        );
        if found.is_empty() {
            return;
        }
        let mut hoisted: Vec<(String, String, Value)> = Vec::new();
        let mut replacements: Vec<(String, Value)> = Vec::new();
        for (path, role, reference) in found {
            let fragment = &reference[1..];
            let Some(target) = document.pointer(fragment).cloned() else {
                continue;
            };
            let at = pointer(&path)[1..].to_string();
            if role == Role::Schema {
                let local = match hoisted.iter().find(|(from, _, _)| *from == reference) {
                    Some((_, local, _)) => local.clone(),
                    None => {
                        let tokens: Vec<String> =
                            fragment.split('/').skip(1).map(unescape).collect();
                        let name = hoist_name(&tokens, document, &hoisted);
                        hoisted.push((reference.clone(), name.clone(), target));
                        name
                    }
                };
                let mut object = Map::new();
                object.insert(
                    "$ref".to_string(),
                    Value::String(format!("#/components/schemas/{}", escape(&local))),
                );
                replacements.push((at, Value::Object(object)));
            } else {
                replacements.push((at, target));
            }
        }
        for (at, value) in replacements {
            if let Some(slot) = document.pointer_mut(&at) {
                *slot = value;
            }
        }
        if let Some(schemas) = document
            .as_object_mut()
            .and_then(|root| component_table(root, "schemas"))
        {
            for (_, name, value) in hoisted {
                schemas.insert(name, value);
            }
        }
    }
}

/// The kinds of entry of `components` that the typed model reads through a `$ref`.
pub(super) const COMPONENT_KINDS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// A name for a schema hoisted from `tokens` (`components/schemas/Tag/allOf/0` →
/// `Tag_allOf_0`), not yet taken.
pub(super) fn hoist_name(
    tokens: &[String],
    document: &Value,
    hoisted: &[(String, String, Value)],
) -> String {
    let meaningful: Vec<&str> = tokens
        .iter()
        .map(String::as_str)
        .filter(|t| {
            !matches!(
                *t,
                "components" | "schemas" | "paths" | "content" | "schema"
            )
        })
        .collect();
    let base = meaningful.join("_");
    let base = if base.is_empty() {
        "Schema".to_string()
    } else {
        base
    };
    let taken = |name: &str| {
        document
            .pointer(&format!("/components/schemas/{}", escape(name)))
            .is_some()
            || hoisted.iter().any(|(_, n, _)| n == name)
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

/// Like [`walk`], read only: calls `visit` on every value that may be a `$ref` object,
/// including entries of name maps, with its role and path.
pub(super) fn walk_refs(
    value: &Value,
    role: Role,
    path: &mut Vec<String>,
    visit: &mut impl FnMut(&Value, Role, &[String]),
) {
    if value.get("$ref").is_some() {
        visit(value, role, path);
        return;
    }
    match value {
        Value::Object(object) => {
            for (key, inner) in object {
                let Some(inner_role) = role_of(role, key) else {
                    continue;
                };
                path.push(key.clone());
                walk_refs(inner, inner_role, path, visit);
                path.pop();
            }
        }
        Value::Array(items) => {
            let item_role = item_role(role);
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                walk_refs(item, item_role, path, visit);
                path.pop();
            }
        }
        _ => {}
    }
}
