//! Schema-valid JSON payloads for the decode benchmark, synthesized from a spec's schemas.
//!
//! Deterministic: the same spec, schema and size give the same bytes on every machine (a fixed
//! xorshift generator, no hashing order). The rules aim at what real responses look like:
//! every required property and most optional ones, `null` now and then where the spec allows
//! it (the gaps of a metrics series), open objects (`additionalProperties: {}` or `true`)
//! filled with nested unknown attributes, enum values taken from the spec, and arrays of
//! tuples (a series' points) long, other arrays short.

use serde_json::{Map, Value, json};

/// What to synthesize: a component schema, and the array property of it that grows until the
/// payload reaches its size; with no `list`, a JSON array of the schema.
pub struct Payload<'a> {
    pub schema: &'a str,
    pub list: &'a str,
    pub bytes: usize,
}

/// Synthesizes `payload` from the `components/schemas` of `spec`.
pub fn synthesize(spec: &Value, payload: &Payload) -> Result<Vec<u8>, String> {
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .ok_or("the spec has no components/schemas")?;
    let root = schemas
        .get(payload.schema)
        .ok_or_else(|| format!("no schema named {}", payload.schema))?;
    let mut synth = Synth {
        schemas,
        state: 0x9E37_79B9_7F4A_7C15,
    };
    // The document up to its list: `[`, or the root object without the list and its closing
    // brace, then `"list":[`.
    let (mut out, item) = if payload.list.is_empty() {
        (b"[".to_vec(), root)
    } else {
        let list = synth
            .properties(synth.resolve(root))
            .into_iter()
            .find(|(name, _)| *name == payload.list)
            .map(|(_, schema)| schema)
            .ok_or_else(|| format!("{} has no property {}", payload.schema, payload.list))?;
        let item = synth
            .resolve(list)
            .get("items")
            .ok_or_else(|| format!("{}.{} is not an array", payload.schema, payload.list))?;
        let mut object = match synth.value(root, 0) {
            Value::Object(object) => object,
            _ => Map::new(),
        };
        object.remove(payload.list);
        let mut head = serde_json::to_vec(&object).map_err(|e| e.to_string())?;
        head.pop();
        if !object.is_empty() {
            head.push(b',');
        }
        head.extend_from_slice(&serde_json::to_vec(payload.list).map_err(|e| e.to_string())?);
        head.extend_from_slice(b":[");
        (head, item)
    };
    // Items are written as they are made, until the size is reached.
    let mut first = true;
    while out.len() < payload.bytes {
        if !first {
            out.push(b',');
        }
        first = false;
        let value = synth.value(item, 0);
        serde_json::to_writer(&mut out, &value).map_err(|e| e.to_string())?;
    }
    out.extend_from_slice(if payload.list.is_empty() { b"]" } else { b"]}" });
    Ok(out)
}

struct Synth<'a> {
    schemas: &'a Map<String, Value>,
    state: u64,
}

/// Below this depth optional properties and array items are left out, so recursive schemas end.
const MAX_DEPTH: usize = 7;

/// What a `$ref` to a schema the spec does not have stands for: any value.
static ANY: Value = Value::Null;

impl<'a> Synth<'a> {
    fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// The schema a `$ref` names (followed through chains), or the schema itself.
    fn resolve(&self, schema: &'a Value) -> &'a Value {
        let mut schema = schema;
        for _ in 0..16 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let name = reference.rsplit('/').next().unwrap_or_default();
            match self.schemas.get(name) {
                Some(target) => schema = target,
                None => return &ANY,
            }
        }
        schema
    }

    /// The properties of an object schema, `allOf` parts merged, in the spec's order.
    fn properties(&self, schema: &'a Value) -> Vec<(&'a str, &'a Value)> {
        let mut out = Vec::new();
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                out.extend(self.properties(self.resolve(part)));
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            out.extend(properties.iter().map(|(k, v)| (k.as_str(), v)));
        }
        out
    }

    fn required(&self, schema: &'a Value) -> Vec<&'a str> {
        let mut out: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                out.extend(self.required(self.resolve(part)));
            }
        }
        out
    }

    fn value(&mut self, schema: &'a Value, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if schema.get("nullable").and_then(Value::as_bool) == Some(true) && self.chance(8) {
            return Value::Null;
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array)
            && !values.is_empty()
        {
            return values[self.below(values.len() as u64) as usize].clone();
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = schema.get(key).and_then(Value::as_array)
                && !branches.is_empty()
            {
                let branch = &branches[self.below(branches.len() as u64) as usize];
                return self.value(branch, depth + 1);
            }
        }
        let kind = schema.get("type").and_then(Value::as_str).unwrap_or(
            if schema.get("properties").is_some() || schema.get("allOf").is_some() {
                "object"
            } else {
                ""
            },
        );
        match kind {
            "object" => self.object(schema, depth),
            "array" => self.array(schema, depth),
            "string" => Value::String(self.string(schema)),
            "integer" => json!(self.below(2_000_000_000) as i64),
            "number" => json!(self.below(100_000_000) as f64 / 1000.0),
            "boolean" => Value::Bool(self.chance(50)),
            _ => self.attribute(depth),
        }
    }

    fn object(&mut self, schema: &'a Value, depth: usize) -> Value {
        let required = self.required(schema);
        let mut object = Map::new();
        for (name, property) in self.properties(schema) {
            let wanted = required.contains(&name) || (depth < MAX_DEPTH && self.chance(70));
            if wanted {
                let value = self.value(property, depth + 1);
                object.insert(name.to_string(), value);
            }
        }
        match schema.get("additionalProperties") {
            Some(Value::Bool(true)) => self.open_attributes(&mut object, depth),
            Some(Value::Object(extra)) if extra.is_empty() => {
                self.open_attributes(&mut object, depth)
            }
            Some(extra @ Value::Object(_)) if depth < MAX_DEPTH => {
                for _ in 0..1 + self.below(3) {
                    let key = self.word(6);
                    let value = self.value(extra, depth + 1);
                    object.insert(key, value);
                }
            }
            _ => {}
        }
        Value::Object(object)
    }

    /// Unknown attributes of an open object, nested a few levels as log attributes are.
    fn open_attributes(&mut self, object: &mut Map<String, Value>, depth: usize) {
        for _ in 0..2 + self.below(6) {
            let key = self.word(8);
            let value = self.attribute(depth + 1);
            object.insert(key, value);
        }
    }

    /// Any JSON value: scalars mostly, objects and arrays of them while not too deep.
    fn attribute(&mut self, depth: usize) -> Value {
        match self.below(if depth < 4 { 8 } else { 5 }) {
            0 => Value::Null,
            1 => Value::Bool(self.chance(50)),
            2 => json!(self.below(100_000) as i64),
            3 => json!(self.below(1_000_000) as f64 / 100.0),
            4 => Value::String(self.word(12)),
            5 | 6 => {
                let mut object = Map::new();
                self.open_attributes(&mut object, depth + 1);
                Value::Object(object)
            }
            _ => Value::Array(
                (0..1 + self.below(3))
                    .map(|_| self.attribute(depth + 1))
                    .collect(),
            ),
        }
    }

    fn array(&mut self, schema: &'a Value, depth: usize) -> Value {
        let item = schema.get("items").unwrap_or(&ANY);
        let tuple = self.resolve(item).get("type").and_then(Value::as_str) == Some("array");
        let length = if depth >= MAX_DEPTH {
            0
        } else if tuple {
            100 + self.below(200)
        } else {
            1 + self.below(4)
        };
        Value::Array((0..length).map(|_| self.value(item, depth + 1)).collect())
    }

    fn string(&mut self, schema: &Value) -> String {
        match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => format!(
                "2026-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                1 + self.below(12),
                1 + self.below(28),
                self.below(24),
                self.below(60),
                self.below(60)
            ),
            Some("uuid") => format!(
                "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
                self.below(1 << 32),
                self.below(1 << 16),
                self.below(1 << 12),
                self.below(1 << 12),
                self.below(1 << 48)
            ),
            _ => {
                let length = 6 + self.below(20) as usize;
                self.word(length)
            }
        }
    }

    /// Lowercase letters, now and then a space, an escape or a non-ASCII letter as real text has.
    fn word(&mut self, length: usize) -> String {
        (0..length)
            .map(|_| match self.below(64) {
                0 => ' ',
                1 => 'é',
                2 if length > 10 => '"',
                n => char::from(b'a' + (n % 26) as u8),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Value {
        json!({"components": {"schemas": {
            "Point": {"type": "array", "items": {"type": "number", "nullable": true}},
            "Series": {"type": "object", "required": ["pointlist", "kind"], "properties": {
                "pointlist": {"type": "array", "items": {"$ref": "#/components/schemas/Point"}},
                "kind": {"type": "string", "enum": ["gauge", "count"]},
                "attributes": {"type": "object", "additionalProperties": {}}
            }},
            "Response": {"type": "object", "properties": {
                "series": {"type": "array", "items": {"$ref": "#/components/schemas/Series"}},
                "status": {"type": "string"}
            }}
        }}})
    }

    #[test]
    fn payloads_are_deterministic_sized_and_follow_the_schema() {
        let payload = Payload {
            schema: "Response",
            list: "series",
            bytes: 200_000,
        };
        let first = synthesize(&spec(), &payload).unwrap();
        assert_eq!(first, synthesize(&spec(), &payload).unwrap());
        assert!(
            first.len() >= 200_000 && first.len() < 260_000,
            "{}",
            first.len()
        );
        let value: Value = serde_json::from_slice(&first).unwrap();
        let series = value["series"].as_array().unwrap();
        let points: Vec<&Value> = series
            .iter()
            .flat_map(|s| s["pointlist"].as_array().unwrap())
            .flat_map(|p| p.as_array().unwrap())
            .collect();
        // Series have long point lists with gaps, and only the spec's enum values.
        assert!(points.iter().any(|p| p.is_null()));
        assert!(points.iter().any(|p| p.is_f64()));
        assert!(
            series
                .iter()
                .all(|s| ["gauge", "count"].contains(&s["kind"].as_str().unwrap()))
        );

        // Without a list, the payload is an array of the schema.
        let list = synthesize(
            &spec(),
            &Payload {
                schema: "Series",
                list: "",
                bytes: 50_000,
            },
        )
        .unwrap();
        let items: Vec<Value> = serde_json::from_slice(&list).unwrap();
        assert!(items.len() > 1 && items.iter().all(|s| s["pointlist"].is_array()));
    }
}
