//! A structure-aware generator of random, valid OpenAPI specs: the spec fuzzer.
//!
//! Each seed gives one spec (OpenAPI 3.0 or 3.1, as JSON text, which is also YAML) with
//! component schemas of every shape the generator reads (scalars with formats, enums, arrays,
//! maps, objects with required, optional, nullable, read-only and defaulted properties,
//! `allOf`, `oneOf` with and without a discriminator, `anyOf`, recursion through `$ref`),
//! operations with path, query, header and cookie parameters in their styles, JSON, form,
//! multipart, binary and text bodies, several responses with headers, security schemes and
//! server variables. Names are drawn from a hostile list: Rust keywords, std and prelude names,
//! the generated crate's own modules and types, names of generated siblings (`…Error`,
//! `…Stream`), and names that differ only in case or punctuation. Docs carry text that would
//! break rustdoc if copied naively.
//!
//! The same seed gives the same spec on every machine: the random source is a SplitMix64 of
//! the seed, no global state.

use serde_json::{Map, Value, json};

/// Names a spec author might use that a code generator has to survive.
const HOSTILE: &[&str] = &[
    // Keywords, strict, reserved and weak.
    "type",
    "match",
    "self",
    "Self",
    "crate",
    "super",
    "mod",
    "fn",
    "impl",
    "trait",
    "struct",
    "enum",
    "async",
    "await",
    "dyn",
    "move",
    "ref",
    "return",
    "static",
    "use",
    "where",
    "loop",
    "yield",
    "try",
    "gen",
    "box",
    "abstract",
    "override",
    "final",
    "union",
    "macro",
    "priv",
    "true",
    "false",
    "in",
    "as",
    "let",
    "const",
    "extern",
    "unsafe",
    "r#type",
    "_",
    "__",
    // Prelude and std.
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "From",
    "Into",
    "Iterator",
    "ToString",
    "Debug",
    "Display",
    "Hash",
    "Eq",
    "PartialEq",
    "Fn",
    "std",
    "core",
    "alloc",
    // Dependencies of the generated crate.
    "serde",
    "serde_json",
    "reqwest",
    "bytes",
    "futures",
    "Value",
    "Map",
    "Serialize",
    "Deserialize",
    "Bytes",
    "Url",
    "Body",
    "Method",
    "StatusCode",
    "HeaderMap",
    // The generated crate's own modules and types.
    "Client",
    "Config",
    "Error",
    "Request",
    "Response",
    "Server",
    "Page",
    "Stream",
    "Params",
    "runtime",
    "config",
    "macros",
    "api_spec",
    "apis",
    "models",
    "lib",
    "prelude",
    "client",
    "error",
    "request",
    "other models",
    "Other-Models",
    "servers",
    "SERVERS",
    // Generated siblings.
    "ItemError",
    "ItemSuccess",
    "ItemHeaders",
    "ItemParams",
    "ItemMediaType",
    "ItemsApi",
    "listItemsStream",
    "listItemsWithHeaders",
    "list_items_stream",
    "getItemError",
    // Case and punctuation variants of one name.
    "item",
    "Item",
    "ITEM",
    "item_",
    "_item",
    "item-id",
    "item_id",
    "itemId",
    "ItemId",
    "ITEM_ID",
    "item id",
    "item.id",
    "item/id",
    "item:id",
    "item~id",
    "1item",
    "2",
    "-1",
    "+1",
    "$ref",
    "@type",
    "#",
    "é",
    "ünïcödé",
    "日本",
    "a\u{301}",
    "x-id",
    "",
    "  ",
    "get",
    "GET",
];

/// Text that must survive as rustdoc: markup, code fences, comment terminators, HTML, links.
const HOSTILE_DOCS: &[&str] = &[
    "Plain words.",
    "Ends with a backslash \\",
    "Has */ a comment end and /* a start.",
    "```\nunclosed fence",
    "```rust\nlet x: u8 = 300;\n```",
    "    indented like code\n    fn main() {}",
    "<b>html</b> <script>alert(1)</script> <unclosed",
    "[a broken link] and [Self] and [`Option`]",
    "# A heading\n\n- a list\n* star",
    "Tab\there, and a\r\ncarriage return.",
    "#![deny(warnings)] and #[doc = \"x\"]",
    "https://example.invalid/path?a=b",
    "{{ askama }} {% if x %} {# comment #}",
    "\"quotes\" and 'single' and `back`",
    "",
];

/// SplitMix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The spec of `seed`, as JSON text.
pub fn spec_text(seed: u64) -> String {
    let spec = SpecGen::new(seed).spec();
    serde_json::to_string_pretty(&spec).expect("a JSON value always serializes")
}

struct SpecGen {
    rng: Rng,
    v31: bool,
    /// Component schema names, decided before any schema is built so that `$ref`s may point
    /// anywhere (recursion included).
    components: Vec<String>,
    /// Components that are objects with a required string property `kind` (discriminated
    /// union branches).
    variants: Vec<String>,
    schemes: Vec<String>,
    /// How many components a `$ref` may point to here: all of them under a property, an array
    /// or a map (recursion a type can hold), only those built before the current one at its
    /// top (so that no schema is a part of itself, which no spec can mean).
    refs_allowed: usize,
}

/// A fresh name: hostile most of the time, otherwise plain; `taken` keeps JSON keys unique.
fn fresh(rng: &mut Rng, taken: &mut Vec<String>, plain: &str) -> String {
    let mut name = if rng.chance(70) {
        rng.pick(HOSTILE).to_string()
    } else {
        format!("{plain}{}", rng.below(100))
    };
    while taken.contains(&name) {
        let suffix = ["_", "2", "-", "X", "x"][rng.below(5)];
        name.push_str(suffix);
    }
    taken.push(name.clone());
    name
}

impl SpecGen {
    fn new(seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        let v31 = rng.chance(40);
        let mut taken = Vec::new();
        let count = 3 + rng.below(8);
        let components: Vec<String> = (0..count)
            .map(|_| fresh(&mut rng, &mut taken, "Model"))
            .collect();
        let variants: Vec<String> = (0..2 + rng.below(2))
            .map(|_| fresh(&mut rng, &mut taken, "Variant"))
            .collect();
        let mut scheme_names = Vec::new();
        let schemes = (0..rng.below(4))
            .map(|_| fresh(&mut rng, &mut scheme_names, "auth"))
            .collect();
        SpecGen {
            rng,
            v31,
            components,
            variants,
            schemes,
            refs_allowed: 0,
        }
    }

    fn spec(&mut self) -> Value {
        let mut schemas = Map::new();
        for (index, name) in self.components.clone().into_iter().enumerate() {
            self.refs_allowed = index;
            let schema = self.component(&name);
            schemas.insert(name, schema);
        }
        self.refs_allowed = self.components.len();
        for name in self.variants.clone() {
            let mut properties = Map::new();
            properties.insert("kind".into(), json!({"type": "string"}));
            let mut taken = vec!["kind".to_string()];
            for _ in 0..self.rng.below(3) {
                let property = fresh(&mut self.rng, &mut taken, "field");
                let schema = self.nested(|g| g.schema(2));
                properties.insert(property, schema);
            }
            schemas.insert(
                name,
                json!({"type": "object", "required": ["kind"], "properties": properties}),
            );
        }
        let mut components = Map::new();
        components.insert("schemas".into(), Value::Object(schemas));
        if !self.schemes.is_empty() {
            components.insert("securitySchemes".into(), self.security_schemes());
        }
        let mut spec = Map::new();
        spec.insert(
            "openapi".into(),
            json!(if self.v31 { "3.1.0" } else { "3.0.3" }),
        );
        let title = self.rng.pick(HOSTILE).to_string();
        let description = self.docs();
        spec.insert(
            "info".into(),
            json!({"title": title, "version": "1.0.0", "description": description}),
        );
        spec.insert("servers".into(), self.servers());
        spec.insert("paths".into(), self.paths());
        spec.insert("components".into(), Value::Object(components));
        if !self.schemes.is_empty() && self.rng.chance(60) {
            let scheme = self.rng.pick(&self.schemes).clone();
            spec.insert("security".into(), json!([{ scheme: [] }]));
        }
        Value::Object(spec)
    }

    fn docs(&mut self) -> String {
        self.rng.pick(HOSTILE_DOCS).to_string()
    }

    fn servers(&mut self) -> Value {
        let mut servers = vec![json!({"url": "https://api.example.invalid/v1"})];
        if self.rng.chance(50) {
            servers.push(json!({
                "url": "https://{region}.example.invalid/{version}",
                "description": self.docs(),
                "variables": {
                    "region": {"default": "eu", "enum": ["eu", "us", "us-east.1"]},
                    "version": {"default": "v2"},
                },
            }));
        }
        if self.rng.chance(20) {
            servers.push(json!({"url": "/relative"}));
        }
        Value::Array(servers)
    }

    fn security_schemes(&mut self) -> Value {
        let mut schemes = Map::new();
        for name in self.schemes.clone() {
            let scheme = match self.rng.below(6) {
                0 => json!({"type": "apiKey", "in": "header", "name": "X-Api-Key"}),
                1 => json!({"type": "apiKey", "in": "query", "name": "api_key"}),
                2 => json!({"type": "apiKey", "in": "cookie", "name": "session"}),
                3 => json!({"type": "http", "scheme": "bearer"}),
                4 => json!({"type": "http", "scheme": "basic"}),
                _ => json!({"type": "oauth2", "flows": {"clientCredentials": {
                    "tokenUrl": "https://auth.example.invalid/token", "scopes": {"read": "Read."}}}}),
            };
            schemes.insert(name, scheme);
        }
        Value::Object(schemes)
    }

    /// A component: mostly objects and unions, sometimes any other shape.
    fn component(&mut self, name: &str) -> Value {
        let mut schema = match self.rng.below(10) {
            0..=3 => self.object(0),
            4 => self.tagged_union(),
            5 => self.union("oneOf", 1),
            6 => self.union("anyOf", 1),
            7 => self.all_of(1),
            8 => self.enumeration(),
            _ => self.schema(1),
        };
        if self.rng.chance(50)
            && let Value::Object(map) = &mut schema
        {
            map.insert(
                "description".into(),
                json!(format!("{} ({name})", self.docs())),
            );
        }
        schema
    }

    /// Builds a schema that sits under a property, an array or a map, where it may refer to any
    /// component.
    fn nested(&mut self, build: impl FnOnce(&mut Self) -> Value) -> Value {
        let saved = std::mem::replace(&mut self.refs_allowed, self.components.len());
        let schema = build(self);
        self.refs_allowed = saved;
        schema
    }

    fn reference(&mut self) -> Value {
        if self.refs_allowed == 0 {
            return self.string();
        }
        let name = self.components[self.rng.below(self.refs_allowed)].clone();
        json!({"$ref": format!("#/components/schemas/{}", pointer_escape(&name))})
    }

    fn schema(&mut self, depth: usize) -> Value {
        let kinds = if depth >= 3 { 6 } else { 13 };
        let mut schema = match self.rng.below(kinds) {
            0 => self.string(),
            1 => {
                let format = self.rng.pick(&["int32", "int64", "", "uint8"]).to_string();
                let mut s = json!({"type": "integer", "minimum": 0});
                if !format.is_empty() {
                    s["format"] = json!(format);
                }
                if self.rng.chance(20) {
                    s["default"] = json!(7);
                }
                s
            }
            2 => {
                json!({"type": "number", "format": self.rng.pick(&["float", "double", "decimal"])})
            }
            3 => json!({"type": "boolean", "default": self.rng.chance(50)}),
            4 | 5 => self.reference(),
            6 => {
                let items = self.nested(|g| g.schema(depth + 1));
                json!({"type": "array", "items": items})
            }
            7 => self.object(depth + 1),
            8 => {
                let values = if self.rng.chance(20) {
                    json!(true)
                } else {
                    self.nested(|g| g.schema(depth + 1))
                };
                json!({"type": "object", "additionalProperties": values})
            }
            9 => self.enumeration(),
            10 => {
                let keyword = if self.rng.chance(50) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.union(keyword, depth + 1)
            }
            11 => self.all_of(depth + 1),
            _ => json!({}),
        };
        if self.rng.chance(15) {
            schema = self.nullable(schema);
        }
        schema
    }

    fn string(&mut self) -> Value {
        let format = *self.rng.pick(&[
            "",
            "date-time",
            "date",
            "uuid",
            "byte",
            "binary",
            "email",
            "uri",
            "password",
        ]);
        let mut s = json!({"type": "string"});
        if !format.is_empty() {
            s["format"] = json!(format);
        }
        if format.is_empty() && self.rng.chance(20) {
            s["default"] = json!(self.rng.pick(HOSTILE));
        }
        s
    }

    fn enumeration(&mut self) -> Value {
        if self.rng.chance(25) {
            let values: Vec<i64> = (0..1 + self.rng.below(4))
                .map(|i| i as i64 * 3 - 1)
                .collect();
            return json!({"type": "integer", "enum": values});
        }
        let mut values = Vec::new();
        for _ in 0..1 + self.rng.below(6) {
            let value = self.rng.pick(HOSTILE).to_string();
            if !values.contains(&value) {
                values.push(value);
            }
        }
        json!({"type": "string", "enum": values})
    }

    /// `nullable` in the spec's dialect: `nullable: true` in 3.0, a `null` type in 3.1.
    fn nullable(&mut self, mut schema: Value) -> Value {
        let Value::Object(map) = &mut schema else {
            return schema;
        };
        if map.contains_key("$ref") {
            return if self.v31 {
                json!({"oneOf": [schema, {"type": "null"}]})
            } else {
                json!({"allOf": [schema], "nullable": true})
            };
        }
        match (self.v31, map.get("type").cloned()) {
            (true, Some(Value::String(ty))) => {
                map.insert("type".into(), json!([ty, "null"]));
            }
            (false, Some(_)) => {
                map.insert("nullable".into(), json!(true));
            }
            _ => {}
        }
        schema
    }

    fn object(&mut self, depth: usize) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut taken = Vec::new();
        for _ in 0..self.rng.below(6) {
            let name = fresh(&mut self.rng, &mut taken, "field");
            let mut schema = self.nested(|g| g.schema(depth + 1));
            if self.rng.chance(30)
                && let Value::Object(map) = &mut schema
                && !map.contains_key("$ref")
            {
                map.insert("description".into(), json!(self.docs()));
                if self.rng.chance(30) {
                    map.insert("readOnly".into(), json!(true));
                }
            }
            if self.rng.chance(40) {
                required.push(json!(name));
            }
            properties.insert(name, schema);
        }
        let mut object = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            object["required"] = Value::Array(required);
        }
        match self.rng.below(4) {
            0 => object["additionalProperties"] = json!(false),
            1 => object["additionalProperties"] = json!({"type": "string"}),
            _ => {}
        }
        object
    }

    fn union(&mut self, keyword: &str, depth: usize) -> Value {
        let branches: Vec<Value> = (0..1 + self.rng.below(4))
            .map(|_| self.schema(depth + 1))
            .collect();
        json!({ keyword: branches })
    }

    fn tagged_union(&mut self) -> Value {
        let count = 1 + self.rng.below(self.variants.len());
        let chosen: Vec<String> = self.variants[..count].to_vec();
        let branches: Vec<Value> = chosen
            .iter()
            .map(|v| json!({"$ref": format!("#/components/schemas/{}", pointer_escape(v))}))
            .collect();
        let mut discriminator = json!({"propertyName": "kind"});
        if self.rng.chance(50) {
            let mapping: Map<String, Value> = chosen
                .iter()
                .map(|v| {
                    let tag = self.rng.pick(HOSTILE).to_string();
                    (
                        format!("{tag}-{v}"),
                        json!(format!("#/components/schemas/{}", pointer_escape(v))),
                    )
                })
                .collect();
            discriminator["mapping"] = Value::Object(mapping);
        }
        json!({"oneOf": branches, "discriminator": discriminator})
    }

    fn all_of(&mut self, depth: usize) -> Value {
        let mut parts = vec![self.reference()];
        if self.rng.chance(70) {
            parts.push(self.object(depth + 1));
        }
        json!({"allOf": parts})
    }

    fn paths(&mut self) -> Value {
        let mut paths = Map::new();
        let mut operation_ids = Vec::new();
        let mut taken = Vec::new();
        for _ in 0..1 + self.rng.below(6) {
            let (template, path_params) = self.path_template(&mut taken);
            let mut item = Map::new();
            for method in ["get", "post", "put", "patch", "delete", "head", "options"] {
                if self.rng.chance(if method == "get" { 70 } else { 25 }) {
                    let operation = self.operation(method, &path_params, &mut operation_ids);
                    item.insert(method.into(), operation);
                }
            }
            if item.is_empty() {
                let operation = self.operation("get", &path_params, &mut operation_ids);
                item.insert("get".into(), operation);
            }
            paths.insert(template, Value::Object(item));
        }
        Value::Object(paths)
    }

    /// A path template and its parameters' names. Names stay within what a template can hold
    /// (no `/`, `{`, `}`, `?`, `#`, no blanks).
    fn path_template(&mut self, taken: &mut Vec<String>) -> (String, Vec<String>) {
        let mut path = String::new();
        let mut params: Vec<String> = Vec::new();
        for _ in 0..1 + self.rng.below(3) {
            let segment = *self
                .rng
                .pick(&["items", "v2", "a.b", "x-y", "Items", "_", "~"]);
            path.push('/');
            path.push_str(segment);
            if self.rng.chance(50) {
                let mut name = self.rng.pick(HOSTILE).to_string();
                name.retain(|c| !"/{}?#% ".contains(c));
                if name.is_empty() {
                    name = "id".into();
                }
                while params.contains(&name) {
                    name.push('2');
                }
                path.push_str("/{");
                path.push_str(&name);
                path.push('}');
                params.push(name);
            }
        }
        while taken.contains(&path) {
            path.push_str("/more");
        }
        taken.push(path.clone());
        (path, params)
    }

    fn operation(&mut self, method: &str, path_params: &[String], ids: &mut Vec<String>) -> Value {
        let mut operation = Map::new();
        if self.rng.chance(85) {
            operation.insert("operationId".into(), json!(fresh(&mut self.rng, ids, "op")));
        }
        if self.rng.chance(70) {
            let tag = self.rng.pick(HOSTILE).to_string();
            operation.insert("tags".into(), json!([tag]));
        }
        operation.insert("summary".into(), json!(self.docs()));
        if self.rng.chance(15) {
            operation.insert("deprecated".into(), json!(true));
        }
        let mut parameters: Vec<Value> = path_params
            .iter()
            .map(|name| {
                let schema = if self.rng.chance(70) {
                    json!({"type": "string"})
                } else {
                    json!({"type": "integer", "format": "int64"})
                };
                json!({"name": name, "in": "path", "required": true, "schema": schema})
            })
            .collect();
        let mut taken: Vec<String> = path_params.to_vec();
        for _ in 0..self.rng.below(5) {
            parameters.push(self.parameter(&mut taken));
        }
        if !parameters.is_empty() {
            operation.insert("parameters".into(), Value::Array(parameters));
        }
        if !matches!(method, "get" | "head" | "delete" | "options") && self.rng.chance(70) {
            operation.insert("requestBody".into(), self.request_body());
        }
        operation.insert("responses".into(), self.responses(method));
        if !self.schemes.is_empty() && self.rng.chance(40) {
            let scheme = self.rng.pick(&self.schemes).clone();
            let requirement = if self.rng.chance(20) {
                json!([{}, { scheme: [] }])
            } else {
                json!([{ scheme: [] }])
            };
            operation.insert("security".into(), requirement);
        }
        Value::Object(operation)
    }

    fn parameter(&mut self, taken: &mut Vec<String>) -> Value {
        let location = *self.rng.pick(&["query", "query", "header", "cookie"]);
        let mut name = fresh(&mut self.rng, taken, "param");
        if location != "query" {
            // Header and cookie names are tokens.
            name.retain(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if name.is_empty() || taken[..taken.len() - 1].contains(&name) {
                name = format!("x-param-{}", taken.len());
            }
        }
        let mut parameter = json!({"name": name, "in": location, "description": self.docs()});
        let schema = match self.rng.below(if location == "query" { 6 } else { 3 }) {
            0 => self.string(),
            1 => json!({"type": "integer"}),
            2 => self.enumeration(),
            3 => json!({"type": "array", "items": self.enumeration()}),
            4 => {
                parameter["style"] = json!("deepObject");
                parameter["explode"] = json!(true);
                self.object(2)
            }
            _ => {
                parameter["explode"] = json!(false);
                json!({"type": "array", "items": {"type": "integer"}})
            }
        };
        parameter["schema"] = schema;
        if self.rng.chance(30) {
            parameter["required"] = json!(true);
        }
        parameter
    }

    fn request_body(&mut self) -> Value {
        let mut content = Map::new();
        for _ in 0..1 + self.rng.below(2) {
            let (media, schema) = match self.rng.below(6) {
                0 | 1 => ("application/json", self.schema(1)),
                2 => ("application/x-www-form-urlencoded", self.object(2)),
                3 => (
                    "multipart/form-data",
                    json!({"type": "object", "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "meta": self.schema(2),
                    }}),
                ),
                4 => (
                    "application/octet-stream",
                    json!({"type": "string", "format": "binary"}),
                ),
                _ => ("text/plain", json!({"type": "string"})),
            };
            content.insert(media.into(), json!({ "schema": schema }));
        }
        json!({"required": self.rng.chance(60), "content": content})
    }

    fn responses(&mut self, method: &str) -> Value {
        let mut responses = Map::new();
        let statuses = [
            "200", "201", "202", "204", "400", "404", "4XX", "500", "default",
        ];
        for _ in 0..1 + self.rng.below(4) {
            let status = *self.rng.pick(&statuses);
            let mut response = json!({"description": self.docs()});
            if status != "204" && method != "head" {
                let mut content = Map::new();
                let (media, schema) = match self.rng.below(6) {
                    0..=2 => ("application/json", self.schema(1)),
                    3 => ("application/problem+json", self.object(2)),
                    4 => ("text/plain", json!({"type": "string"})),
                    _ => (
                        "application/octet-stream",
                        json!({"type": "string", "format": "binary"}),
                    ),
                };
                content.insert(media.into(), json!({ "schema": schema }));
                if self.rng.chance(30) {
                    content.insert("*/*".into(), json!({"schema": self.schema(2)}));
                }
                response["content"] = Value::Object(content);
            }
            if self.rng.chance(30) {
                let mut headers = Map::new();
                let mut taken = Vec::new();
                for _ in 0..1 + self.rng.below(3) {
                    let mut name = fresh(&mut self.rng, &mut taken, "X-Header");
                    name.retain(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                    if name.is_empty() {
                        name = format!("X-Header-{}", taken.len());
                    }
                    let schema = if self.rng.chance(70) {
                        json!({"type": "string"})
                    } else {
                        json!({"type": "integer"})
                    };
                    headers.insert(name, json!({"schema": schema, "description": self.docs()}));
                }
                response["headers"] = Value::Object(headers);
            }
            responses.insert(status.into(), response);
        }
        Value::Object(responses)
    }
}

/// A component name as a JSON pointer token (`~` and `/` escaped).
fn pointer_escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// What a batch found: the seeds whose spec failed, each with why.
#[derive(Debug, Default)]
pub struct Findings {
    pub checked: usize,
    pub failures: Vec<(u64, String)>,
}

/// The spec of `seed` as the generator's input, a module named after the seed.
pub fn input(seed: u64) -> generator::Spec {
    generator::Spec {
        path: format!("spec-fuzzer/seed-{seed}.json"),
        header: format!("spec-fuzzer/seed-{seed}.json"),
        text: std::sync::Arc::from(spec_text(seed)),
        module: format!("fuzz_{seed}"),
        dir: None,
        ..Default::default()
    }
}

/// Generates the spec of every seed in `seeds` and `cargo check`s the output with warnings
/// denied, `batch` specs to a crate (as modules of it), with every feature and with none.
/// Generation must succeed (a valid spec is never refused) and must not panic. A failing seed's
/// spec is written to `failed_dir/seed-N.json`, ready to become a fixture (also when the
/// generator overflows its stack, which ends the process).
pub fn run(
    seeds: std::ops::Range<u64>,
    batch: usize,
    target_dir: &std::path::Path,
    failed_dir: &std::path::Path,
) -> Findings {
    let mut findings = Findings::default();
    let seeds: Vec<u64> = seeds.collect();
    for chunk in seeds.chunks(batch.max(1)) {
        let generated = generate_each(chunk, failed_dir, &mut findings);
        findings.checked += chunk.len();
        check_batch(chunk, &generated, target_dir, failed_dir, &mut findings);
    }
    findings
}

fn settings() -> generator::CrateSettings {
    generator::CrateSettings::new("fuzzed-client", "0.1.0")
}

/// Records a failing seed, its spec written to `failed_dir`.
fn fail(seed: u64, why: String, failed_dir: &std::path::Path, findings: &mut Findings) {
    let _ = std::fs::create_dir_all(failed_dir);
    let _ = std::fs::write(
        failed_dir.join(format!("seed-{seed}.json")),
        spec_text(seed),
    );
    findings.failures.push((seed, why));
}

/// Generates each seed's spec alone: the specs that generate, the others recorded.
fn generate_each(
    chunk: &[u64],
    failed_dir: &std::path::Path,
    findings: &mut Findings,
) -> Vec<generator::Spec> {
    let settings = settings();
    let mut generated = Vec::new();
    for &seed in chunk {
        let spec = input(seed);
        // Written first and removed once generated: a stack overflow aborts the process,
        // and leaves the spec that caused it behind.
        let pending = failed_dir.join(format!("seed-{seed}.json"));
        let _ = std::fs::create_dir_all(failed_dir);
        let _ = std::fs::write(&pending, &*spec.text);
        let result = std::panic::catch_unwind(|| {
            generator::generate(std::slice::from_ref(&spec), &settings)
        });
        if matches!(result, Ok(Ok(_))) {
            let _ = std::fs::remove_file(&pending);
        }
        match result {
            Ok(Ok(_)) => generated.push(spec),
            Ok(Err(e)) => {
                let why = format!("refused: {:?}", miette::Report::new(e));
                fail(seed, why, failed_dir, findings);
            }
            Err(_) => fail(seed, "the generator panicked".into(), failed_dir, findings),
        }
    }
    generated
}

/// `cargo check`s the specs of a chunk together; when that fails, each alone, to name the
/// seeds.
fn check_batch(
    chunk: &[u64],
    generated: &[generator::Spec],
    target_dir: &std::path::Path,
    failed_dir: &std::path::Path,
    findings: &mut Findings,
) {
    let settings = settings();
    let check = |specs: &[generator::Spec]| match generator::generate(specs, &settings) {
        Ok(output) => super::crate_check::check_generated(
            &output.files,
            "fuzzed-client",
            target_dir,
            &[None, Some("")],
        ),
        Err(e) => Err(format!("refused: {:?}", miette::Report::new(e))),
    };
    let Err(errors) = check(generated) else {
        return;
    };
    let before = findings.failures.len();
    for spec in generated {
        if let Err(errors) = check(std::slice::from_ref(spec)) {
            fail(seed_of(spec), errors, failed_dir, findings);
        }
    }
    if findings.failures.len() == before {
        let why = format!(
            "each alone compiles, but seeds {}..={} together do not:\n{errors}",
            chunk[0],
            chunk[chunk.len() - 1]
        );
        fail(chunk[0], why, failed_dir, findings);
    }
}

fn seed_of(spec: &generator::Spec) -> u64 {
    spec.module
        .trim_start_matches("fuzz_")
        .parse()
        .unwrap_or_default()
}
