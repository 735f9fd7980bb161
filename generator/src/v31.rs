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

/// Moves every `$defs` into `components/schemas`: the document's own (named as they are),
/// those of a component schema (`<Parent>_<Name>`) and those of a schema anywhere else, such as
/// a response's (`<Name>`, numbered if taken). References follow, by pointer, and a
/// `#/$defs/<Name>` inside a schema that defines `<Name>` when the document does not (as
/// generated JSON Schemas write it) refers to that schema's own.
fn hoist_defs(root: &mut Map<String, Value>) {
    let mut hoisted: Vec<(String, Value)> = Vec::new();
    let mut renames: Vec<(String, String)> = Vec::new();
    let mut taken: std::collections::HashSet<String> = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    let mut root_defs = Vec::new();
    if let Some(Value::Object(defs)) = root.remove("$defs") {
        for (name, schema) in defs {
            renames.push((
                format!("#/$defs/{name}"),
                format!("#/components/schemas/{name}"),
            ));
            taken.insert(name.clone());
            root_defs.push(name.clone());
            hoisted.push((name, schema));
        }
    }
    let mut document = Value::Object(std::mem::take(root));
    crate::normalize::walk(
        &mut document,
        crate::normalize::Role::Other,
        &mut Vec::new(),
        &mut |object, role, path| {
            if role != crate::normalize::Role::Schema {
                return;
            }
            let Some(Value::Object(defs)) = object.remove("$defs") else {
                return;
            };
            let parent = match path {
                [components, schemas, parent]
                    if components == "components" && schemas == "schemas" =>
                {
                    Some(parent.as_str())
                }
                _ => None,
            };
            let at = crate::normalize::pointer(path);
            let mut local = Vec::new();
            let first = hoisted.len();
            for (name, schema) in defs {
                let base = parent.map_or_else(|| name.clone(), |p| format!("{p}_{name}"));
                let mut unique = base.clone();
                let mut n = 1;
                while !taken.insert(unique.clone()) {
                    n += 1;
                    unique = format!("{base}_{n}");
                }
                let to = format!("#/components/schemas/{unique}");
                renames.push((format!("{at}/$defs/{name}"), to.clone()));
                if !root_defs.contains(&name) {
                    local.push((format!("#/$defs/{name}"), to));
                }
                hoisted.push((unique, schema));
            }
            // This schema's own definitions, referred to from inside it or inside them.
            for value in object.values_mut() {
                rename_refs(value, &local);
            }
            for (_, schema) in &mut hoisted[first..] {
                rename_refs(schema, &local);
            }
        },
    );
    if let Value::Object(object) = document {
        *root = object;
    }
    if hoisted.is_empty() {
        return;
    }
    if let Some(schemas) = crate::normalize::component_table(root, "schemas") {
        for (name, schema) in hoisted {
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
    fn defs_of_any_schema_become_components_and_their_local_refs_follow() {
        let document = json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"get": {"responses": {"200": {
                "description": "ok",
                "content": {"text/event-stream": {"schema": {
                    "type": "object",
                    "properties": {"data": {"$ref": "#/$defs/Delta"}},
                    "$defs": {
                        "Delta": {"type": "object", "properties": {"kind": {"$ref": "#/$defs/Kind"}}},
                        "Kind": {"type": "string"}
                    }
                }}}
            }}}}},
            "components": {"schemas": {"Kind": {"type": "integer"}}}
        });
        let out = downgrade(document);
        let schema = &out["paths"]["/a"]["get"]["responses"]["200"]["content"]["text/event-stream"]
            ["schema"];
        assert_eq!(
            schema["properties"]["data"],
            json!({"$ref": "#/components/schemas/Delta"})
        );
        assert!(schema.get("$defs").is_none());
        let schemas = &out["components"]["schemas"];
        // `Kind` was taken: the schema's own is numbered, and `Delta` refers to it.
        assert_eq!(schemas["Kind"], json!({"type": "integer"}));
        assert_eq!(schemas["Kind_2"], json!({"type": "string"}));
        assert_eq!(
            schemas["Delta"]["properties"]["kind"],
            json!({"$ref": "#/components/schemas/Kind_2"})
        );
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
