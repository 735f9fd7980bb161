//! Swagger 2.0 in, the same API in OpenAPI 3.0 terms out, so that one pipeline serves both.
//!
//! Works on the JSON value before it is typed:
//! - `host`, `basePath` and `schemes` become `servers`;
//! - `definitions`, `parameters`, `responses` and `securityDefinitions` move under
//!   `components` (and every `$ref` with them);
//! - `body` and `formData` parameters become the operation's `requestBody`, in the media types
//!   of `consumes` (form fields as an object: `multipart/form-data` when it has a file or the
//!   operation consumes multipart, `application/x-www-form-urlencoded` otherwise);
//! - other parameters get a `schema`, with `collectionFormat` as `style`/`explode`;
//! - a response `schema` becomes `content` in the media types of `produces` (JSON when none),
//!   response headers get a `schema`;
//! - `x-nullable` is `nullable`, `type: file` binary;
//! - security definitions become security schemes (`basic` as HTTP basic, OAuth 2 flows).
//!
//! Everything else (`x-` extensions, descriptions, tags) is kept as it is.

use serde_json::{Map, Value, json};

use crate::normalize::METHODS;

/// Whether the document is Swagger 2.0.
pub fn is_swagger2(document: &Value) -> bool {
    document
        .get("swagger")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with('2'))
}

/// Where a pointer of the converted document was in the Swagger document: prefix pairs
/// (converted, original) for the entries that moved whole.
pub const MOVED: &[(&str, &str)] = &[
    ("#/components/schemas", "#/definitions"),
    ("#/components/parameters", "#/parameters"),
    ("#/components/responses", "#/responses"),
    ("#/components/securitySchemes", "#/securityDefinitions"),
];

/// Converts a Swagger 2.0 document to OpenAPI 3.0.3.
pub fn convert(document: Value) -> Value {
    let mut document = document;
    rename_refs(&mut document);
    let Value::Object(mut root) = document else {
        return document;
    };
    let mut out = Map::new();
    out.insert("openapi".to_string(), json!("3.0.3"));
    if let Some(info) = root.shift_remove("info") {
        out.insert("info".to_string(), info);
    }
    let consumes = strings(root.get("consumes"));
    let produces = strings(root.get("produces"));
    if let Some(server) = server(&root) {
        out.insert("servers".to_string(), json!([server]));
    }
    let parameters = root
        .get("parameters")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut components = Map::new();
    if let Some(definitions) = root.shift_remove("definitions") {
        components.insert("schemas".to_string(), definitions);
    }
    let plain_parameters: Map<String, Value> = parameters
        .iter()
        .filter(|(_, p)| !is_body_or_form(p))
        .map(|(name, p)| (name.clone(), parameter(p.clone())))
        .collect();
    if !plain_parameters.is_empty() {
        components.insert("parameters".to_string(), Value::Object(plain_parameters));
    }
    if let Some(Value::Object(responses)) = root.shift_remove("responses") {
        let converted = responses
            .into_iter()
            .map(|(name, r)| (name, response(r, &produces)))
            .collect();
        components.insert("responses".to_string(), Value::Object(converted));
    }
    if let Some(Value::Object(schemes)) = root.shift_remove("securityDefinitions") {
        let converted = schemes
            .into_iter()
            .map(|(name, s)| (name, security_scheme(s)))
            .collect();
        components.insert("securitySchemes".to_string(), Value::Object(converted));
    }
    let mut paths = Map::new();
    if let Some(Value::Object(items)) = root.shift_remove("paths") {
        for (path, item) in items {
            paths.insert(path, path_item(item, &parameters, &consumes, &produces));
        }
    }
    out.insert("paths".to_string(), Value::Object(paths));
    if !components.is_empty() {
        out.insert("components".to_string(), Value::Object(components));
    }
    for key in ["security", "tags", "externalDocs"] {
        if let Some(value) = root.shift_remove(key) {
            out.insert(key.to_string(), value);
        }
    }
    for (key, value) in root {
        if key.starts_with("x-") {
            out.insert(key, value);
        }
    }
    let mut converted = Value::Object(out);
    rename_refs(&mut converted);
    schemas(&mut converted);
    converted
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// `schemes` (https first), `host` and `basePath` as one server URL.
fn server(root: &Map<String, Value>) -> Option<Value> {
    let host = root.get("host").and_then(Value::as_str);
    let base = root.get("basePath").and_then(Value::as_str).unwrap_or("");
    let schemes = strings(root.get("schemes"));
    let scheme = if schemes.iter().any(|s| s == "https") || schemes.is_empty() {
        "https"
    } else {
        schemes[0].as_str()
    };
    let url = match host {
        Some(host) => format!("{scheme}://{host}{}", base.trim_end_matches('/')),
        None if base.is_empty() || base == "/" => return None,
        None => base.trim_end_matches('/').to_string(),
    };
    Some(json!({ "url": url }))
}

/// `#/definitions/X` → `#/components/schemas/X`, and the other moved entries likewise.
fn rename_refs(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                for (converted, original) in MOVED {
                    if let Some(rest) = reference
                        .strip_prefix(original)
                        .filter(|rest| rest.starts_with('/'))
                    {
                        *reference = format!("{converted}{rest}");
                        break;
                    }
                }
            }
            for (key, inner) in object.iter_mut() {
                if key != "example" && key != "examples" && !key.starts_with("x-") {
                    rename_refs(inner);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rename_refs),
        _ => {}
    }
}

fn is_body_or_form(parameter: &Value) -> bool {
    matches!(
        parameter.get("in").and_then(Value::as_str),
        Some("body" | "formData")
    )
}

/// The keywords of a Swagger 2.0 non-body parameter that describe its value.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

/// A query, path, header or form parameter: its value keywords as a `schema`.
fn value_schema(parameter: &mut Map<String, Value>) -> Value {
    let mut schema = Map::new();
    for keyword in VALUE_KEYWORDS {
        if let Some(value) = parameter.shift_remove(*keyword) {
            schema.insert((*keyword).to_string(), value);
        }
    }
    if let Some(Value::Object(items)) = schema.get_mut("items") {
        items.shift_remove("collectionFormat");
    }
    Value::Object(schema)
}

/// A non-body parameter in 3.0 terms.
fn parameter(parameter: Value) -> Value {
    let Value::Object(mut parameter) = parameter else {
        return parameter;
    };
    if parameter.contains_key("$ref") {
        return Value::Object(parameter);
    }
    let location = parameter
        .get("in")
        .and_then(Value::as_str)
        .unwrap_or("query")
        .to_string();
    let format = parameter.shift_remove("collectionFormat");
    let schema = value_schema(&mut parameter);
    let array = schema.get("type").and_then(Value::as_str) == Some("array");
    parameter.shift_remove("allowEmptyValue");
    parameter.insert("schema".to_string(), schema);
    if array {
        let (style, explode) = match (format.as_ref().and_then(Value::as_str), location.as_str()) {
            (Some("multi"), _) => ("form", true),
            (Some("ssv"), "query") => ("spaceDelimited", false),
            (Some("pipes"), "query") => ("pipeDelimited", false),
            (_, "query") => ("form", false),
            _ => ("simple", false),
        };
        parameter.insert("style".to_string(), json!(style));
        parameter.insert("explode".to_string(), json!(explode));
    }
    Value::Object(parameter)
}

fn path_item(
    item: Value,
    parameters: &Map<String, Value>,
    consumes: &[String],
    produces: &[String],
) -> Value {
    let Value::Object(mut item) = item else {
        return item;
    };
    let shared: Vec<Value> = match item.shift_remove("parameters") {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    let resolved = |p: &Value| -> Value {
        match p.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference
                .strip_prefix("#/components/parameters/")
                .and_then(|name| parameters.get(&crate::locate::unescape(name)))
                .filter(|target| is_body_or_form(target))
                .cloned()
                .unwrap_or_else(|| p.clone()),
            None => p.clone(),
        }
    };
    let (shared_plain, shared_body): (Vec<Value>, Vec<Value>) = shared
        .iter()
        .map(resolved)
        .partition(|p| !is_body_or_form(p));
    let mut out = Map::new();
    if !shared_plain.is_empty() {
        out.insert(
            "parameters".to_string(),
            Value::Array(shared_plain.into_iter().map(parameter).collect()),
        );
    }
    for (key, value) in item {
        if !METHODS.contains(&key.as_str()) {
            out.insert(key, value);
            continue;
        }
        let Value::Object(mut operation) = value else {
            out.insert(key, value);
            continue;
        };
        let consumes = operation
            .shift_remove("consumes")
            .map_or_else(|| consumes.to_vec(), |c| strings(Some(&c)));
        let produces = operation
            .shift_remove("produces")
            .map_or_else(|| produces.to_vec(), |p| strings(Some(&p)));
        let own: Vec<Value> = match operation.shift_remove("parameters") {
            Some(Value::Array(list)) => list.iter().map(resolved).collect(),
            _ => Vec::new(),
        };
        let (plain, body): (Vec<Value>, Vec<Value>) = own
            .into_iter()
            .chain(shared_body.iter().cloned())
            .partition(|p| !is_body_or_form(p));
        if !plain.is_empty() {
            operation.insert(
                "parameters".to_string(),
                Value::Array(plain.into_iter().map(parameter).collect()),
            );
        }
        if let Some(request_body) = request_body(body, &consumes) {
            operation.insert("requestBody".to_string(), request_body);
        }
        if let Some(Value::Object(responses)) = operation.shift_remove("responses") {
            let converted = responses
                .into_iter()
                .map(|(status, r)| (status, response(r, &produces)))
                .collect();
            operation.insert("responses".to_string(), Value::Object(converted));
        }
        operation.shift_remove("schemes");
        out.insert(key, Value::Object(operation));
    }
    Value::Object(out)
}

/// The `body` parameter, or the `formData` ones as an object, as a request body.
fn request_body(parameters: Vec<Value>, consumes: &[String]) -> Option<Value> {
    if parameters.is_empty() {
        return None;
    }
    if let Some(body) = parameters
        .iter()
        .find(|p| p.get("in").and_then(Value::as_str) == Some("body"))
    {
        let schema = body.get("schema").cloned().unwrap_or_else(|| json!({}));
        let media_types: Vec<String> = if consumes.is_empty() {
            vec!["application/json".to_string()]
        } else {
            consumes.to_vec()
        };
        let content: Map<String, Value> = media_types
            .into_iter()
            .map(|m| (m, json!({ "schema": schema })))
            .collect();
        let mut out = Map::new();
        if let Some(description) = body.get("description") {
            out.insert("description".to_string(), description.clone());
        }
        out.insert("content".to_string(), Value::Object(content));
        if body.get("required") == Some(&Value::Bool(true)) {
            out.insert("required".to_string(), Value::Bool(true));
        }
        return Some(Value::Object(out));
    }
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut file = false;
    for parameter in parameters {
        let Value::Object(mut parameter) = parameter else {
            continue;
        };
        let Some(name) = parameter
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            continue;
        };
        file |= parameter.get("type").and_then(Value::as_str) == Some("file");
        if parameter.get("required") == Some(&Value::Bool(true)) {
            required.push(Value::String(name.clone()));
        }
        let description = parameter.shift_remove("description");
        let mut schema = value_schema(&mut parameter);
        if let (Some(description), Some(schema)) = (description, schema.as_object_mut()) {
            schema.insert("description".to_string(), description);
        }
        properties.insert(name, schema);
    }
    let multipart = file
        || consumes
            .iter()
            .any(|c| c.starts_with("multipart/form-data"));
    let media_type = if multipart {
        "multipart/form-data"
    } else {
        "application/x-www-form-urlencoded"
    };
    let mut schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = Value::Array(required.clone());
    }
    let mut out = json!({ "content": { media_type: { "schema": schema } } });
    if !required.is_empty() {
        out["required"] = Value::Bool(true);
    }
    Some(out)
}

/// A response: `schema` as `content` in each produced media type, headers with a `schema`.
fn response(response: Value, produces: &[String]) -> Value {
    let Value::Object(mut response) = response else {
        return response;
    };
    if response.contains_key("$ref") {
        return Value::Object(response);
    }
    let examples = response.shift_remove("examples");
    if let Some(schema) = response.shift_remove("schema") {
        let media_types: Vec<String> = if produces.is_empty() {
            vec!["application/json".to_string()]
        } else {
            produces.to_vec()
        };
        let content: Map<String, Value> = media_types
            .into_iter()
            .map(|m| {
                let mut media = json!({ "schema": schema });
                if let Some(example) = examples.as_ref().and_then(|e| e.get(&m)) {
                    media["example"] = example.clone();
                }
                (m, media)
            })
            .collect();
        response.insert("content".to_string(), Value::Object(content));
    }
    if let Some(Value::Object(headers)) = response.get_mut("headers") {
        for header in headers.values_mut() {
            if let Value::Object(header) = header {
                let description = header.shift_remove("description");
                let schema = value_schema(header);
                header.clear();
                if let Some(description) = description {
                    header.insert("description".to_string(), description);
                }
                header.insert("schema".to_string(), schema);
            }
        }
    }
    response.entry("description").or_insert_with(|| json!(""));
    Value::Object(response)
}

fn security_scheme(scheme: Value) -> Value {
    let Value::Object(mut scheme) = scheme else {
        return scheme;
    };
    match scheme.get("type").and_then(Value::as_str) {
        Some("basic") => {
            scheme.insert("type".to_string(), json!("http"));
            scheme.insert("scheme".to_string(), json!("basic"));
        }
        Some("oauth2") => {
            let flow = scheme
                .shift_remove("flow")
                .and_then(|f| f.as_str().map(str::to_string))
                .unwrap_or_default();
            let mut details = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(value) = scheme.shift_remove(key) {
                    details.insert(key.to_string(), value);
                }
            }
            details.insert(
                "scopes".to_string(),
                scheme.shift_remove("scopes").unwrap_or_else(|| json!({})),
            );
            let name = match flow.as_str() {
                "implicit" => "implicit",
                "password" => "password",
                "application" => "clientCredentials",
                _ => "authorizationCode",
            };
            scheme.insert("flows".to_string(), json!({ name: details }));
        }
        _ => {}
    }
    Value::Object(scheme)
}

/// `x-nullable` as `nullable`, `type: file` as a binary string, in every schema.
fn schemas(value: &mut Value) {
    crate::normalize::walk(
        value,
        crate::normalize::Role::Other,
        &mut Vec::new(),
        &mut |object, role, _| {
            if role != crate::normalize::Role::Schema {
                return;
            }
            if let Some(nullable) = object.shift_remove("x-nullable") {
                object.insert("nullable".to_string(), nullable);
            }
            if object.get("type").and_then(Value::as_str) == Some("file") {
                object.insert("type".to_string(), json!("string"));
                object.insert("format".to_string(), json!("binary"));
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_a_swagger_document() {
        let document = json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "host": "api.example.com",
            "basePath": "/v1/",
            "schemes": ["http", "https"],
            "produces": ["application/json"],
            "securityDefinitions": {"b": {"type": "basic"}},
            "parameters": {"Body": {"name": "p", "in": "body", "schema": {"$ref": "#/definitions/P"}}},
            "paths": {"/p/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "type": "integer"}],
                "put": {
                    "parameters": [
                        {"$ref": "#/parameters/Body"},
                        {"name": "ids", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"}
                    ],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/P"}, "headers": {"X-N": {"type": "integer"}}}}
                },
                "post": {
                    "consumes": ["application/x-www-form-urlencoded"],
                    "parameters": [{"name": "f", "in": "formData", "type": "file", "required": true}],
                    "responses": {"204": {"description": "done"}}
                }
            }},
            "definitions": {"P": {"type": "object", "properties": {"o": {"type": "string", "x-nullable": true}}}}
        });
        let converted = convert(document);
        assert_eq!(converted["openapi"], "3.0.3");
        assert_eq!(
            converted["servers"],
            json!([{"url": "https://api.example.com/v1"}])
        );
        assert_eq!(
            converted["components"]["securitySchemes"]["b"],
            json!({"type": "http", "scheme": "basic"})
        );
        assert_eq!(
            converted["components"]["schemas"]["P"]["properties"]["o"],
            json!({"type": "string", "nullable": true})
        );
        assert!(
            converted["components"].get("parameters").is_none(),
            "a body parameter is no component parameter"
        );
        let item = &converted["paths"]["/p/{id}"];
        assert_eq!(
            item["parameters"][0],
            json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}})
        );
        let put = &item["put"];
        assert_eq!(
            put["requestBody"],
            json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/P"}}}})
        );
        assert_eq!(
            put["parameters"][0],
            json!({"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "style": "pipeDelimited", "explode": false})
        );
        assert_eq!(
            put["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/P"})
        );
        assert_eq!(
            put["responses"]["200"]["headers"]["X-N"],
            json!({"schema": {"type": "integer"}})
        );
        let form = &item["post"]["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(
            *form,
            json!({"type": "object", "properties": {"f": {"type": "string", "format": "binary"}}, "required": ["f"]})
        );
    }
}
