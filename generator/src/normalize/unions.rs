//! `oneOf`, `anyOf` and `allOf` in the shapes real specs write them: a `null` branch, one
//! branch, properties beside the union, disjoint `anyOf`s, branches that only validate or are
//! single values, parts that only annotate.

use super::*;

/// A branch that allows only `null`: `{nullable: true}` (what 3.1's `{type: 'null'}` became) or
/// `{enum: [null]}`.
pub(super) fn is_null_branch(branch: &Value) -> bool {
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
pub(super) fn null_branches(object: &mut Map<String, Value>, keyword: &str) {
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
pub(super) fn collapse_single(object: &mut Map<String, Value>, keyword: &str) {
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
pub(super) fn union_with_properties(object: &mut Map<String, Value>) {
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
pub(super) fn disjoint_any_of(object: &mut Map<String, Value>) {
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
pub(super) const VALIDATION_KEYWORDS: &[&str] = &[
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
pub(super) fn validation_only_branches(object: &mut Map<String, Value>, keyword: &str) {
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
pub(super) fn enum_branches(object: &mut Map<String, Value>, keyword: &str) {
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

/// `allOf` parts that only annotate (`description`, `nullable`) give their annotations to the
/// schema and go; no part left, or a single inline one (where the schema has no type or
/// properties of its own), and the schema is what that part says.
pub(super) fn annotation_parts(object: &mut Map<String, Value>) {
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

/// Whether `schema` says nothing but annotations (`description`, `nullable`, `title`…).
pub(super) fn annotation_only(schema: &Map<String, Value>) -> bool {
    schema.keys().all(|key| is_annotation(key))
}

/// Takes `entries` into `object` where it has no such key; `nullable` is true if either says so.
pub(super) fn merge_missing(
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
