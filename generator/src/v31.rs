//! OpenAPI 3.1 in, the same document in OpenAPI 3.0 terms out, so that one reader and one
//! intermediate model serve both.
//!
//! Works on the JSON value before it is typed. JSON pointers of everything that exists in both
//! versions stay the same, so later problems are still located in the original text.

use serde_json::{Map, Value};

/// Rewrites a 3.1 document as 3.0: `type` arrays with `null` become `nullable`, several
/// types an `anyOf`; `const` a one-value `enum`; `examples` lists an `example`; numeric
/// `exclusiveMinimum`/`exclusiveMaximum` the 3.0 pair; `contentMediaType` on a string `format:
/// binary`; `$defs` of component schemas become component schemas of their own (named
/// `<Parent>_<Name>`, references rewritten). Webhooks, which a client does not call, are
/// left out.
pub fn downgrade(mut document: Value) -> Value {
    let Some(root) = document.as_object_mut() else {
        return document;
    };
    root.insert("openapi".to_string(), Value::String("3.0.3".to_string()));
    root.remove("webhooks");
    root.remove("jsonSchemaDialect");
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    hoist_defs(root);
    walk(&mut document);
    document
}

/// Moves `$defs` of component schemas (and a top-level `$defs`) into `components/schemas`.
fn hoist_defs(root: &mut Map<String, Value>) {
    let mut hoisted: Vec<(String, String, Value)> = Vec::new();
    if let Some(Value::Object(defs)) = root.remove("$defs") {
        hoisted.extend(
            defs.into_iter()
                .map(|(name, schema)| (format!("#/$defs/{name}"), name, schema)),
        );
    }
    let schemas = root
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
        .and_then(Value::as_object_mut);
    if let Some(schemas) = schemas {
        for (parent, schema) in schemas.iter_mut() {
            if let Some(Value::Object(defs)) =
                schema.as_object_mut().and_then(|s| s.remove("$defs"))
            {
                hoisted.extend(defs.into_iter().map(|(name, schema)| {
                    (
                        format!("#/components/schemas/{parent}/$defs/{name}"),
                        format!("{parent}_{name}"),
                        schema,
                    )
                }));
            }
        }
    }
    if hoisted.is_empty() {
        return;
    }
    let renames: Vec<(String, String)> = hoisted
        .iter()
        .map(|(from, name, _)| (from.clone(), format!("#/components/schemas/{name}")))
        .collect();
    if let Some(schemas) = crate::normalize::component_table(root, "schemas") {
        for (_, name, schema) in hoisted {
            schemas.entry(name).or_insert(schema);
        }
    }
    for value in root.values_mut() {
        rename_refs(value, &renames);
    }
}

fn rename_refs(value: &mut Value, renames: &[(String, String)]) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(target)) = object.get_mut("$ref")
                && let Some((_, to)) = renames.iter().find(|(from, _)| from == target)
            {
                *target = to.clone();
            }
            object.values_mut().for_each(|v| rename_refs(v, renames));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, renames)),
        _ => {}
    }
}

/// Rewrites every schema, depth first. Which objects are schemas is decided by where they sit
/// (`normalize::walk`), never by their keys: a header or property named `const` or `type` and
/// example data that looks like a schema are left as written.
fn walk(document: &mut Value) {
    use crate::normalize::Role;
    crate::normalize::walk(
        document,
        Role::Other,
        &mut Vec::new(),
        &mut |object, role, _| {
            if role == Role::Schema {
                schema(object);
            }
        },
    );
}

fn schema(object: &mut Map<String, Value>) {
    type_array(object);
    if let Some(value) = object.remove("const") {
        // Without a `type`, the constant's own type is the schema's.
        let typ = match &value {
            Value::String(_) => Some("string"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            Value::Bool(_) => Some("boolean"),
            _ => None,
        };
        if let Some(typ) = typ {
            object
                .entry("type")
                .or_insert_with(|| Value::String(typ.to_string()));
        }
        object.insert("enum".to_string(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = object.get("examples").cloned() {
        object.remove("examples");
        if let Some(first) = examples.into_iter().next() {
            object.entry("example").or_insert(first);
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(limit @ Value::Number(_)) = object.get(exclusive).cloned() {
            object.insert(bound.to_string(), limit);
            object.insert(exclusive.to_string(), Value::Bool(true));
        }
    }
    if object.get("type").and_then(Value::as_str) == Some("string")
        && object.contains_key("contentMediaType")
        && !object.contains_key("contentEncoding")
    {
        object
            .entry("format")
            .or_insert_with(|| Value::String("binary".to_string()));
    }
}

/// `type: [T, "null"]` as `type: T, nullable: true`; several types as an `anyOf` of each.
/// (Swagger 2.0 specs use these arrays too, though 2.0 has no place for them.)
pub fn type_array(object: &mut Map<String, Value>) {
    if let Some(Value::Array(types)) = object.get("type").cloned() {
        let nullable = types.iter().any(|t| t == "null");
        let others: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        object.remove("type");
        match others.as_slice() {
            [] => {}
            [one] => {
                object.insert("type".to_string(), one.clone());
            }
            several => {
                let branches = several
                    .iter()
                    .map(|t| Value::Object(Map::from_iter([("type".to_string(), t.clone())])))
                    .collect();
                object.insert("anyOf".to_string(), Value::Array(branches));
            }
        }
        if nullable {
            object.insert("nullable".to_string(), Value::Bool(true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rewrites_schemas_in_3_0_terms() {
        let document = json!({
            "openapi": "3.1.0",
            "webhooks": {},
            "components": {"schemas": {
                "A": {
                    "type": ["string", "null"],
                    "examples": ["x", "y"],
                    "$defs": {"Inner": {"const": "fixed"}}
                },
                "B": {"type": ["integer", "string"], "exclusiveMinimum": 3},
                "C": {"$ref": "#/components/schemas/A/$defs/Inner"},
                "D": {"type": "string", "contentMediaType": "image/png"}
            }}
        });
        let expected = json!({
            "openapi": "3.0.3",
            "paths": {},
            "components": {"schemas": {
                "A": {"type": "string", "nullable": true, "example": "x"},
                "B": {
                    "anyOf": [{"type": "integer"}, {"type": "string"}],
                    "minimum": 3,
                    "exclusiveMinimum": true
                },
                "C": {"$ref": "#/components/schemas/A_Inner"},
                "D": {"type": "string", "contentMediaType": "image/png", "format": "binary"},
                "A_Inner": {"enum": ["fixed"], "type": "string"}
            }}
        });
        assert_eq!(downgrade(document), expected);
    }

    #[test]
    fn only_schemas_are_rewritten_whatever_their_neighbours_are_named() {
        let document = json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"get": {"responses": {"200": {
                "description": "ok",
                "headers": {"const": {"schema": {"type": ["string", "null"]}}},
            }}}}},
            "components": {"schemas": {"A": {
                "type": "object",
                "properties": {"const": {"type": "string"}, "examples": {"type": "integer"}},
                "default": {"type": ["x", "null"], "const": 1},
            }}}
        });
        let out = downgrade(document);
        assert_eq!(
            out["paths"]["/a"]["get"]["responses"]["200"]["headers"]["const"],
            json!({"schema": {"type": "string", "nullable": true}})
        );
        let a = &out["components"]["schemas"]["A"];
        assert_eq!(a["properties"]["const"], json!({"type": "string"}));
        assert_eq!(a["properties"]["examples"], json!({"type": "integer"}));
        assert_eq!(a["default"], json!({"type": ["x", "null"], "const": 1}));
    }
}
