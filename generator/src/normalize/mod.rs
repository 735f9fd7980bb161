//! Normalize: a parsed spec (a JSON value, already in OpenAPI 3.0 terms) in, the same spec in
//! the one canonical shape lowering expects out.
//!
//! Real specs say one thing in many shapes. Each rewrite here turns a shape whose meaning is
//! clear into the canonical one, and records a located warning where the spec is sloppy (valid
//! but unusual shapes are rewritten silently):
//!
//! - a `oneOf`/`anyOf` branch that only says `null` makes the other branches nullable;
//! - `null` among `enum` values makes the schema nullable; an `enum` without `type` gets the
//!   type of its values; `x-enum-varnames` that do not match the values are dropped;
//! - a `oneOf`/`anyOf` of single-value enums (`const` branches) is one enum;
//! - `allOf` parts that only annotate are folded into the schema; `oneOf`/`anyOf` lists that
//!   only validate (`required` lists, empty schemas) are dropped;
//! - `$ref`s where OpenAPI 3.0 has none (a path item, a `properties` or `content` map) are
//!   replaced by what they point at, and `$ref`s into the inside of another schema get a
//!   component of their own;
//! - operations without `operationId` get one from their method and path;
//! - JSON Schema keywords a client cannot type (`prefixItems`, `$dynamicRef`) become what can be.
//!
//! JSON pointers in warnings are those of the document as written.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::diagnostics::Problem;
use crate::locate::{escape, unescape};

mod enums;
mod operations;
mod refs;
mod unions;

use enums::*;
pub use operations::METHODS;
use operations::*;
use refs::*;
use unions::*;

/// What a value is, from where it sits in the document.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    /// A schema.
    Schema,
    /// A map from names to schemas (`properties`, `components/schemas`).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`, `prefixItems`).
    SchemaList,
    /// A path item (an entry of `paths`).
    PathItem,
    /// A parameter, a response, a request body or a header: what a component of that kind
    /// holds.
    Component(&'static str),
    /// A map from names to things that are not schemas (`paths`, `content`, `responses`).
    NameMap(&'static str),
    /// Anything else that is not data.
    Other,
}

/// Keys whose value is data, never rewritten: examples, defaults, enum values, extensions.
pub fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// The role of the value under `key` of an object that is not a name map.
fn child_role(key: &str) -> Role {
    match key {
        "requestBody" => Role::Component("requestBodies"),
        "schema"
        | "items"
        | "additionalProperties"
        | "not"
        | "additionalItems"
        | "contains"
        | "propertyNames"
        | "if"
        | "then"
        | "else"
        | "unevaluatedProperties"
        | "unevaluatedItems" => Role::Schema,
        "allOf" | "oneOf" | "anyOf" | "prefixItems" => Role::SchemaList,
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas"
        | "schemas" => Role::SchemaMap,
        "paths" => Role::NameMap("paths"),
        "responses" | "parameters" | "requestBodies" | "headers" | "securitySchemes" | "links"
        | "callbacks" | "pathItems" | "content" | "encoding" | "variables" => {
            Role::NameMap(match key {
                "responses" => "responses",
                "content" => "content",
                "headers" => "headers",
                "parameters" => "parameters",
                "requestBodies" => "requestBodies",
                _ => "other",
            })
        }
        _ => Role::Other,
    }
}

/// The role of an entry of a name map of role `map`.
fn entry_role(map: Role) -> Role {
    match map {
        Role::SchemaMap => Role::Schema,
        Role::NameMap("paths") => Role::PathItem,
        Role::NameMap(kind @ ("responses" | "headers" | "parameters" | "requestBodies")) => {
            Role::Component(kind)
        }
        _ => Role::Other,
    }
}

/// The role of the entry `key` of a value of role `role`, or `None` for data.
pub fn role_of(role: Role, key: &str) -> Option<Role> {
    if matches!(role, Role::SchemaMap | Role::NameMap(_)) {
        Some(entry_role(role))
    } else if is_data(key) {
        None
    } else {
        Some(child_role(key))
    }
}

/// The role of the items of an array of role `role`: `allOf` and (draft 4 tuple) `items` lists
/// hold schemas, an operation's `parameters` list holds parameters.
pub fn item_role(role: Role) -> Role {
    match role {
        Role::SchemaList | Role::Schema => Role::Schema,
        Role::NameMap("parameters") => Role::Component("parameters"),
        _ => Role::Other,
    }
}

/// Calls `visit` on every object of the document that is not data, children first, with its
/// role and its path (JSON pointer tokens, unescaped).
pub fn walk(
    value: &mut Value,
    role: Role,
    path: &mut Vec<String>,
    visit: &mut impl FnMut(&mut Map<String, Value>, Role, &[String]),
) {
    match value {
        Value::Object(object) => {
            let name_map = matches!(role, Role::SchemaMap | Role::NameMap(_));
            for (key, inner) in object.iter_mut() {
                let Some(inner_role) = role_of(role, key) else {
                    continue;
                };
                path.push(key.clone());
                walk(inner, inner_role, path, visit);
                path.pop();
            }
            if !name_map {
                visit(object, role, path);
            }
        }
        Value::Array(items) => {
            let item_role = item_role(role);
            for (index, item) in items.iter_mut().enumerate() {
                path.push(index.to_string());
                walk(item, item_role, path, visit);
                path.pop();
            }
        }
        _ => {}
    }
}

/// A JSON pointer (with `#`) from unescaped tokens.
pub fn pointer(path: &[String]) -> String {
    let mut out = String::from("#");
    for token in path {
        out.push('/');
        out.push_str(&escape(token));
    }
    out
}

/// Rewrites `document` (OpenAPI 3.0 terms) into the canonical shape, pushing warnings for
/// spec `source` to `warnings`.
pub fn normalize(document: &mut Value, source: usize, warnings: &mut Vec<Problem>) {
    let mut warn = |path: &[String], message: String, help: &str| {
        warnings.push(Problem::warning(source, pointer(path), message, help));
    };
    resolve_misplaced_refs(document);
    name_operations(document);
    walk(
        document,
        Role::Other,
        &mut Vec::new(),
        &mut |object, role, path| {
            if role == Role::Schema {
                schema(object, path, &mut warn);
            }
        },
    );
}

/// The canonical shape of one schema (its children are already canonical).
fn schema(
    object: &mut Map<String, Value>,
    path: &[String],
    warn: &mut impl FnMut(&[String], String, &str),
) {
    crate::v31::type_array(object);
    if object.get("type").and_then(Value::as_str) == Some("null") {
        object.shift_remove("type");
        object.insert("nullable".to_string(), Value::Bool(true));
    }
    for keyword in ["$recursiveRef", "$dynamicRef"] {
        if object.contains_key(keyword) {
            warn(
                &child(path, keyword),
                format!(
                    "`{keyword}` (a reference resolved at validation time) cannot be typed: read as any JSON value"
                ),
                "use a `$ref` to the schema meant",
            );
            object.retain(|key, _| is_annotation(key));
            return;
        }
    }
    object.shift_remove("propertyNames");
    prefix_items(object, path, warn);
    enum_values(object, path, warn);
    for keyword in ["oneOf", "anyOf"] {
        null_branches(object, keyword);
        validation_only_branches(object, keyword);
        enum_branches(object, keyword);
    }
    disjoint_any_of(object);
    annotation_parts(object);
    union_with_properties(object);
    container_type(object);
}

/// A schema without `type` or composition: `items` make it an array; `properties` or typed
/// `additionalProperties` an object.
fn container_type(object: &mut Map<String, Value>) {
    if object.contains_key("type")
        || ["oneOf", "anyOf", "allOf", "$ref"]
            .iter()
            .any(|k| object.contains_key(*k))
    {
        return;
    }
    let typ = if matches!(object.get("items"), Some(Value::Object(_))) {
        "array"
    } else if object.contains_key("properties")
        || matches!(object.get("additionalProperties"), Some(Value::Object(_)))
    {
        "object"
    } else {
        return;
    };
    object.insert("type".to_string(), Value::String(typ.to_string()));
}

/// The table `components/<kind>` of a document's root object, made if missing (`None` when the
/// document has a `components` or table that is not an object).
pub fn component_table<'a>(
    root: &'a mut Map<String, Value>,
    kind: &str,
) -> Option<&'a mut Map<String, Value>> {
    root.entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?
        .entry(kind)
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

/// Keywords every schema may carry, whatever its type: annotations.
pub const COMMON_KEYWORDS: &[&str] = &[
    "description",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "title",
    "default",
    "example",
    "externalDocs",
    "xml",
];

/// An annotation keyword, or an extension.
fn is_annotation(key: &str) -> bool {
    COMMON_KEYWORDS.contains(&key) || key.starts_with("x-")
}

/// `path` and one more token: where a keyword of the schema at `path` is.
fn child(path: &[String], key: &str) -> Vec<String> {
    let mut at = path.to_vec();
    at.push(key.to_string());
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `schema` normalized as the one component schema `S` of a document, and the warnings.
    fn normalized(schema: Value) -> (Value, Vec<String>) {
        let mut document =
            json!({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {"S": schema}}});
        let mut warnings = Vec::new();
        normalize(&mut document, 0, &mut warnings);
        let schema = document["components"]["schemas"]["S"].clone();
        (
            schema,
            warnings
                .into_iter()
                .map(|w| format!("{} {}", w.pointer, w.message))
                .collect(),
        )
    }

    #[test]
    fn a_null_branch_makes_the_rest_nullable() {
        let (schema, warnings) = normalized(
            json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"nullable": true}], "description": "d"}),
        );
        assert_eq!(
            schema,
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert!(warnings.is_empty());
        let (schema, _) = normalized(
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"enum": [null]}]}),
        );
        assert_eq!(
            schema,
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
        // The one branch left joins the schema's own `allOf` parts rather than replace them.
        let (schema, _) = normalized(json!({
            "allOf": [{"$ref": "#/components/schemas/Base"}],
            "anyOf": [{"$ref": "#/components/schemas/T"}, {"nullable": true}]
        }));
        assert_eq!(
            schema["allOf"],
            json!([{"$ref": "#/components/schemas/Base"}, {"$ref": "#/components/schemas/T"}])
        );
    }

    #[test]
    fn enums_get_their_type_and_lose_null() {
        let (schema, warnings) =
            normalized(json!({"enum": ["a", null, "b"], "x-enum-varnames": ["A", "NULL", "B"]}));
        assert_eq!(
            schema,
            json!({"enum": ["a", "b"], "x-enum-varnames": ["A", "B"], "nullable": true, "type": "string"})
        );
        assert!(warnings.is_empty());
        let (schema, warnings) =
            normalized(json!({"type": "integer", "enum": [1, 2], "x-enum-varnames": ["One"]}));
        assert_eq!(schema, json!({"type": "integer", "enum": [1, 2]}));
        assert_eq!(
            warnings,
            [
                "#/components/schemas/S/x-enum-varnames `x-enum-varnames` has 1 names for 2 values: ignored, the variants are named after their values"
            ]
        );
    }

    #[test]
    fn const_branches_are_one_enum_and_validation_branches_go() {
        let (schema, _) = normalized(
            json!({"type": "string", "oneOf": [{"enum": ["a"], "description": "A"}, {"enum": ["b"]}]}),
        );
        assert_eq!(schema, json!({"type": "string", "enum": ["a", "b"]}));
        // Values shared by branches are one variant; a nullable branch makes the enum nullable.
        let (schema, warnings) = normalized(
            json!({"oneOf": [{"type": "integer", "enum": [-1, 2], "nullable": true}, {"type": "integer", "enum": [-1]}]}),
        );
        assert_eq!(
            schema,
            json!({"nullable": true, "enum": [-1, 2], "type": "integer"})
        );
        assert!(warnings.is_empty());
        let (schema, _) = normalized(
            json!({"type": "object", "properties": {"a": {"type": "string"}}, "oneOf": [{"required": ["a"]}, {}]}),
        );
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {"a": {"type": "string"}}})
        );
    }

    #[test]
    fn an_any_of_of_disjoint_types_is_a_one_of() {
        let (schema, _) = normalized(json!({"anyOf": [{"type": "integer"}, {"type": "string"}]}));
        assert_eq!(
            schema,
            json!({"oneOf": [{"type": "integer"}, {"type": "string"}]})
        );
        // Integer and number overlap, and a `$ref` could be anything: left as they are.
        for branches in [
            json!([{"type": "integer"}, {"type": "number"}]),
            json!([{"$ref": "#/components/schemas/T"}, {"type": "string"}]),
        ] {
            let (schema, _) = normalized(json!({"anyOf": branches.clone()}));
            assert_eq!(schema, json!({"anyOf": branches}));
        }
    }

    #[test]
    fn annotation_parts_fold_into_the_schema() {
        let (schema, _) = normalized(
            json!({"allOf": [{"type": "string", "pattern": "x"}, {"description": "d", "nullable": true}]}),
        );
        assert_eq!(
            schema,
            json!({"description": "d", "nullable": true, "type": "string", "pattern": "x"})
        );
    }

    #[test]
    fn properties_beside_a_union_are_distributed() {
        let (schema, _) = normalized(
            json!({"type": "object", "properties": {"a": {"type": "string"}}, "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}),
        );
        assert_eq!(
            schema,
            json!({"allOf": [
                {"type": "object", "properties": {"a": {"type": "string"}}},
                {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}
            ]})
        );
    }

    #[test]
    fn operations_are_named_from_method_and_path() {
        assert_eq!(operation_name("get", "/users/{id}"), "get_users_by_id");
        assert_eq!(
            operation_name("post", "/v1/conversations#stream"),
            "post_v1_conversations_stream"
        );
        assert_eq!(operation_name("get", "/"), "get_root");
        let mut document = json!({"paths": {
            "/a": {"get": {"operationId": "get_b"}},
            "/b": {"get": {}, "parameters": []}
        }});
        name_operations(&mut document);
        assert_eq!(document["paths"]["/b"]["get"]["operationId"], "get_b_2");
    }

    #[test]
    fn misplaced_refs_are_hoisted_or_copied() {
        let mut document = json!({
            "paths": {"/x": {"$ref": "#/x-items/x"}},
            "x-items": {"x": {"get": {"responses": {"200": {"description": "ok", "content": {"$ref": "#/x-content"}}}}}},
            "x-content": {"application/json": {"schema": {"$ref": "#/components/schemas/T/allOf/0"}}},
            "components": {"schemas": {"T": {"allOf": [{"type": "object"}]}}}
        });
        resolve_misplaced_refs(&mut document);
        assert_eq!(
            document["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/T_allOf_0"})
        );
        assert_eq!(
            document["components"]["schemas"]["T_allOf_0"],
            json!({"type": "object"})
        );
        // `#` alone (the whole document) is never copied into itself.
        let mut document = json!({"paths": {"/a": {"$ref": "#"}}});
        let before = document.clone();
        resolve_misplaced_refs(&mut document);
        assert_eq!(document, before);
        // Data is never followed.
        let mut document = json!({"paths": {}, "components": {"examples": {"e": {"value": {"$ref": "#/nowhere"}}}}});
        let before = document.clone();
        resolve_misplaced_refs(&mut document);
        assert_eq!(document, before);
    }
}
