//! `enum` lists as specs write them: `null` among the values, values listed twice, no `type`,
//! `x-enum-varnames` that do not match; tuples (`prefixItems`).

use super::*;

/// `null` among `enum` values (nullable), an `enum` without `type` (typed from its values), and
/// `x-enum-varnames` that do not give one name per value (dropped).
pub(super) fn enum_values(
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
pub(super) fn dedupe_enum(
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

pub(super) fn values_len(object: &Map<String, Value>) -> usize {
    object
        .get("enum")
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

/// An `enum` without `type`: the type all its values share.
pub(super) fn infer_enum_type(object: &mut Map<String, Value>) {
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

/// `prefixItems` (a tuple): a list of the one item type they share, or of any JSON value.
pub(super) fn prefix_items(
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
