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

/// Whether `schema` says nothing but annotations (`description`, `nullable`, `title`…).
fn annotation_only(schema: &Map<String, Value>) -> bool {
    schema.keys().all(|key| is_annotation(key))
}

/// Takes `entries` into `object` where it has no such key; `nullable` is true if either says so.
fn merge_missing(
    object: &mut Map<String, Value>,
    entries: impl IntoIterator<Item = (String, Value)>,
) {
    for (key, value) in entries {
        match object.get_mut(&key) {
            None => {
                object.insert(key, value);
            }
            Some(Value::Bool(mine)) if key == "nullable" => *mine |= value == Value::Bool(true),
            Some(_) => {}
        }
    }
}

/// `path` and one more token: where a keyword of the schema at `path` is.
fn child(path: &[String], key: &str) -> Vec<String> {
    let mut at = path.to_vec();
    at.push(key.to_string());
    at
}

/// A branch that allows only `null`: `{nullable: true}` (what 3.1's `{type: 'null'}` became) or
/// `{enum: [null]}`.
fn is_null_branch(branch: &Value) -> bool {
    let Some(branch) = branch.as_object() else {
        return false;
    };
    let null_enum = branch
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.iter().all(Value::is_null));
    let nullable = branch.get("nullable") == Some(&Value::Bool(true));
    (nullable || null_enum) && branch.keys().all(|key| key == "enum" || is_annotation(key))
}

/// `anyOf: [T, {type: 'null'}]`: the null branches go and the schema becomes nullable; one
/// branch left is the schema itself.
fn null_branches(object: &mut Map<String, Value>, keyword: &str) {
    let Some(Value::Array(branches)) = object.get_mut(keyword) else {
        return;
    };
    let before = branches.len();
    branches.retain(|branch| !is_null_branch(branch));
    if branches.len() == before {
        return;
    }
    object.insert("nullable".to_string(), Value::Bool(true));
    collapse_single(object, keyword);
}

/// A `oneOf`/`anyOf`/`allOf` left with one branch (and no discriminator) is that branch: a
/// `$ref` stays as the one part of an `allOf` (which lowering reads as the referenced type),
/// an inline schema is merged into this one (this schema's annotations win).
fn collapse_single(object: &mut Map<String, Value>, keyword: &str) {
    let Some(Value::Array(branches)) = object.get(keyword) else {
        return;
    };
    match branches.len() {
        0 => {
            object.shift_remove(keyword);
        }
        1 if !object.contains_key("discriminator") => {
            let Some(Value::Array(mut branches)) = object.shift_remove(keyword) else {
                return;
            };
            let Some(Value::Object(branch)) = branches.pop() else {
                return;
            };
            if branch.contains_key("$ref") {
                // Joins the schema's own `allOf` parts, if it has some.
                match object.get_mut("allOf") {
                    Some(Value::Array(parts)) => parts.push(Value::Object(branch)),
                    _ => {
                        object.insert(
                            "allOf".to_string(),
                            Value::Array(vec![Value::Object(branch)]),
                        );
                    }
                }
            } else {
                merge_missing(object, branch);
            }
        }
        _ => {}
    }
}

/// A `oneOf`/`anyOf` beside `properties`: when the only property is the tag a discriminator
/// reads (which every branch has), the schema is the union; with properties of its own, the
/// union of the branches each with those properties (an `allOf` of both, which lowering
/// distributes). An `anyOf` with a discriminator is a `oneOf` (the tag picks one).
fn union_with_properties(object: &mut Map<String, Value>) {
    let keyword = if object.contains_key("oneOf") {
        "oneOf"
    } else if object.contains_key("anyOf") {
        "anyOf"
    } else {
        return;
    };
    let keyword = if keyword == "anyOf" && object.contains_key("discriminator") {
        if let Some(branches) = object.shift_remove("anyOf") {
            object.insert("oneOf".to_string(), branches);
        }
        "oneOf"
    } else {
        keyword
    };
    let tag = object
        .get("discriminator")
        .and_then(|d| d.get("propertyName"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let own = object
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| p.keys().any(|name| Some(name.as_str()) != tag.as_deref()));
    if own {
        // Properties of their own beside the union: every branch has them too, as
        // `allOf: [{properties}, {oneOf}]` says (lowering makes one struct per branch).
        let mut base = Map::new();
        base.insert("type".to_string(), Value::String("object".to_string()));
        for key in ["properties", "required", "additionalProperties"] {
            if let Some(value) = object.shift_remove(key) {
                base.insert(key.to_string(), value);
            }
        }
        let mut union = Map::new();
        for key in [keyword, "discriminator"] {
            if let Some(value) = object.shift_remove(key) {
                union.insert(key.to_string(), value);
            }
        }
        object.shift_remove("type");
        let mut parts = match object.shift_remove("allOf") {
            Some(Value::Array(parts)) => parts,
            _ => Vec::new(),
        };
        parts.push(Value::Object(base));
        parts.push(Value::Object(union));
        object.insert("allOf".to_string(), Value::Array(parts));
        return;
    }
    object.shift_remove("properties");
    for key in ["type", "required", "additionalProperties"] {
        object.shift_remove(key);
    }
}

/// `anyOf: [{type: integer}, {type: string}]` (an id or a name): branches of different JSON
/// types can never both match, so the value is exactly one of them, a `oneOf`. Only inline
/// branches that state their type count (integer and number overlap; so would a `$ref`).
fn disjoint_any_of(object: &mut Map<String, Value>) {
    let Some(Value::Array(branches)) = object.get("anyOf") else {
        return;
    };
    let mut seen: Vec<&str> = Vec::new();
    for branch in branches {
        let kind = match branch.get("type").and_then(Value::as_str) {
            Some("integer" | "number") => "number",
            Some(kind @ ("string" | "boolean" | "array" | "object")) => kind,
            _ => return,
        };
        if seen.contains(&kind) {
            return;
        }
        seen.push(kind);
    }
    if seen.len() < 2 || object.contains_key("oneOf") {
        return;
    }
    if let Some(branches) = object.shift_remove("anyOf") {
        object.insert("oneOf".to_string(), branches);
    }
}

/// Keywords that only validate an instance, never shape its type.
const VALIDATION_KEYWORDS: &[&str] = &[
    "required",
    "minProperties",
    "maxProperties",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "pattern",
    "not",
];

/// `oneOf: [{required: [a]}, {required: [b]}]` next to `properties`, or `oneOf: [{}]`: every
/// branch only validates, so the keyword is dropped and the schema is what the rest says.
fn validation_only_branches(object: &mut Map<String, Value>, keyword: &str) {
    let Some(Value::Array(branches)) = object.get(keyword) else {
        return;
    };
    let validation_only = branches.iter().all(|branch| {
        branch.as_object().is_some_and(|branch| {
            branch
                .keys()
                .all(|key| VALIDATION_KEYWORDS.contains(&key.as_str()) || is_annotation(key))
        })
    });
    if validation_only && !branches.is_empty() {
        object.shift_remove(keyword);
    }
}

/// `oneOf` of single-value enums (3.1 `const` branches, each with its description): one enum
/// of all the values.
fn enum_branches(object: &mut Map<String, Value>, keyword: &str) {
    let Some(Value::Array(branches)) = object.get(keyword) else {
        return;
    };
    let mut values = Vec::new();
    let mut typ: Option<String> = None;
    let mut nullable = false;
    for branch in branches {
        let Some(branch) = branch.as_object() else {
            return;
        };
        let Some(Value::Array(enum_values)) = branch.get("enum") else {
            return;
        };
        if !branch
            .keys()
            .all(|key| matches!(key.as_str(), "enum" | "type") || is_annotation(key))
        {
            return;
        }
        match (branch.get("type").and_then(Value::as_str), &typ) {
            (Some(t), Some(seen)) if t != seen => return,
            (Some(t), None) => typ = Some(t.to_string()),
            _ => {}
        }
        // Branches may share values: one variant each.
        for value in enum_values {
            if !values.contains(value) {
                values.push(value.clone());
            }
        }
        nullable |= branch.get("nullable") == Some(&Value::Bool(true));
    }
    if values.is_empty() {
        return;
    }
    if nullable {
        object.insert("nullable".to_string(), Value::Bool(true));
    }
    object.shift_remove(keyword);
    object.insert("enum".to_string(), Value::Array(values));
    if let Some(typ) = typ {
        object.entry("type").or_insert(Value::String(typ));
    }
    infer_enum_type(object);
}

/// `prefixItems` (a tuple): a list of the one item type they share, or of any JSON value.
fn prefix_items(
    object: &mut Map<String, Value>,
    path: &[String],
    warn: &mut impl FnMut(&[String], String, &str),
) {
    if let Some(Value::Array(_)) = object.get("items") {
        // `items: [A, B]`, a tuple in JSON Schema draft 4 when the schema is an array.
        let tuple = object.shift_remove("items");
        if object.get("type").and_then(Value::as_str) == Some("array") {
            if let Some(tuple) = tuple {
                object.entry("prefixItems").or_insert(tuple);
            }
        } else {
            // On a schema that does not say it is an array, a list of schemas can only mean
            // a choice between them.
            warn(
                &child(path, "items"),
                "`items` is a list of schemas on a schema that is not `type: array`: read as a `oneOf` of them".to_string(),
                "write `oneOf` for a choice of schemas; `items` (one schema, with `type: array`) for a list",
            );
            if let Some(tuple) = tuple
                && !object.contains_key("oneOf")
            {
                object.insert("oneOf".to_string(), tuple);
            }
            return;
        }
    }
    let Some(Value::Array(items)) = object.shift_remove("prefixItems") else {
        return;
    };
    object
        .entry("type")
        .or_insert_with(|| Value::String("array".to_string()));
    if object.contains_key("items") && object.get("items") != Some(&Value::Bool(false)) {
        return;
    }
    let first = items.first().cloned().unwrap_or(Value::Object(Map::new()));
    let same = items.iter().all(|item| *item == first);
    if !same {
        warn(
            &child(path, "prefixItems"),
            "a tuple of different item types: read as a list of any JSON values".to_string(),
            "give the items one schema (`items`) if they share a type",
        );
    }
    object.insert(
        "items".to_string(),
        if same {
            first
        } else {
            Value::Object(Map::new())
        },
    );
}

/// `null` among `enum` values (nullable), an `enum` without `type` (typed from its values), and
/// `x-enum-varnames` that do not give one name per value (dropped).
fn enum_values(
    object: &mut Map<String, Value>,
    path: &[String],
    warn: &mut impl FnMut(&[String], String, &str),
) {
    let Some(Value::Array(values)) = object.get_mut("enum") else {
        return;
    };
    let nulls: Vec<usize> = values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_null())
        .map(|(i, _)| i)
        .collect();
    if !nulls.is_empty() {
        values.retain(|v| !v.is_null());
        let only_null = values.is_empty();
        let total = values.len() + nulls.len();
        if let Some(Value::Array(names)) = object.get_mut("x-enum-varnames")
            && names.len() == total
        {
            for index in nulls.iter().rev() {
                names.remove(*index);
            }
        }
        object.insert("nullable".to_string(), Value::Bool(true));
        if only_null {
            object.shift_remove("enum");
            object.shift_remove("type");
            warn(
                &child(path, "enum"),
                "the only `enum` value is `null`: read as any JSON value, which is always null"
                    .to_string(),
                "describe the value's type, or leave the property out",
            );
            return;
        }
    }
    dedupe_enum(object, path, warn);
    infer_enum_type(object);
    let count = values_len(object);
    if let Some(Value::Array(names)) = object.get("x-enum-varnames")
        && names.len() != count
    {
        warn(
            &child(path, "x-enum-varnames"),
            format!(
                "`x-enum-varnames` has {} names for {count} values: ignored, the variants are named after their values",
                names.len()
            ),
            "give exactly one name per entry of `enum`, in the same order",
        );
        object.shift_remove("x-enum-varnames");
    }
}

/// A value listed twice in `enum` is one variant (with the first of its `x-enum-varnames`).
fn dedupe_enum(
    object: &mut Map<String, Value>,
    path: &[String],
    warn: &mut impl FnMut(&[String], String, &str),
) {
    let Some(Value::Array(values)) = object.get("enum") else {
        return;
    };
    let repeated: Vec<usize> = (0..values.len())
        .filter(|&i| values[..i].contains(&values[i]))
        .collect();
    if repeated.is_empty() {
        return;
    }
    let count = values.len();
    warn(
        &child(&child(path, "enum"), &repeated[0].to_string()),
        format!("`enum` lists {} twice: one variant", values[repeated[0]]),
        "list each value once",
    );
    for key in ["enum", "x-enum-varnames", "x-enum-descriptions"] {
        if let Some(Value::Array(list)) = object.get_mut(key)
            && list.len() == count
        {
            for index in repeated.iter().rev() {
                list.remove(*index);
            }
        }
    }
}

fn values_len(object: &Map<String, Value>) -> usize {
    object
        .get("enum")
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

/// An `enum` without `type`: the type all its values share.
fn infer_enum_type(object: &mut Map<String, Value>) {
    if object.contains_key("type") {
        return;
    }
    let Some(Value::Array(values)) = object.get("enum") else {
        return;
    };
    let kind = |value: &Value| match value {
        Value::String(_) => Some("string"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        Value::Bool(_) => Some("boolean"),
        _ => None,
    };
    let mut kinds = values.iter().map(kind);
    let Some(Some(first)) = kinds.next() else {
        return;
    };
    let mut typ = first;
    for kind in kinds {
        match (typ, kind) {
            (a, Some(b)) if a == b => {}
            ("integer", Some("number")) | ("number", Some("integer")) => typ = "number",
            _ => return,
        }
    }
    object.insert("type".to_string(), Value::String(typ.to_string()));
}

/// `allOf` parts that only annotate (`description`, `nullable`) give their annotations to the
/// schema and go; no part left, or a single inline one (where the schema has no type or
/// properties of its own), and the schema is what that part says.
fn annotation_parts(object: &mut Map<String, Value>) {
    let Some(Value::Array(parts)) = object.get_mut("allOf") else {
        return;
    };
    let mut annotations = Vec::new();
    parts.retain(|part| match part.as_object() {
        Some(p) if annotation_only(p) => {
            annotations.extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
            false
        }
        _ => true,
    });
    let inline_one = matches!(parts.as_slice(), [Value::Object(p)] if !p.contains_key("$ref"));
    let none_left = parts.is_empty();
    merge_missing(object, annotations);
    if none_left
        || (inline_one && !object.contains_key("properties") && !object.contains_key("type"))
    {
        collapse_single(object, "allOf");
    }
}

/// Operations without an `operationId` get one from their method and path:
/// `GET /users/{id}` is `get_users_by_id`. A name already taken gets a number.
fn name_operations(document: &mut Value) {
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    let mut taken: HashSet<String> = HashSet::new();
    for item in paths.values() {
        for (_, operation) in item.as_object().into_iter().flatten() {
            if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
                taken.insert(id.to_string());
            }
        }
    }
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let Some(operation) = operation.as_object_mut() else {
                continue;
            };
            if operation.contains_key("operationId") {
                continue;
            }
            let base = operation_name(method, path);
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(name.clone());
            operation.insert("operationId".to_string(), Value::String(name));
        }
    }
}

/// The HTTP methods of a path item.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `get` and `/users/{id}/posts` make `get_users_by_id_posts`; a `#…` suffix of the path key
/// counts as a segment.
pub fn operation_name(method: &str, path: &str) -> String {
    let mut name = method.to_ascii_lowercase();
    for segment in path.split(['/', '#']).filter(|s| !s.is_empty()) {
        name.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                name.push_str("by_");
                name.push_str(param);
            }
            None => name.push_str(segment),
        }
    }
    if name == method.to_ascii_lowercase() {
        name.push_str("_root");
    }
    name
}

/// `$ref`s that OpenAPI 3.0 tools accept but the typed model has no place for, or that point
/// into the inside of something:
/// - in a schema, a `$ref` to anything but a component schema (`#/components/schemas/Tag/
///   allOf/0`, `#/components/parameters/Id/schema`): the target becomes a component schema of
///   its own and the reference points there;
/// - a `$ref` standing for a path item, an operation, a `properties` or `content` map, a tag
///   description, or any other non-schema value that is not a component entry: replaced by a
///   copy of its target.
fn resolve_misplaced_refs(document: &mut Value) {
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
const COMPONENT_KINDS: &[&str] = &[
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
fn hoist_name(tokens: &[String], document: &Value, hoisted: &[(String, String, Value)]) -> String {
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
fn walk_refs(
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
