//! Operations without an `operationId` get one from their method and path.

use super::*;

/// Operations without an `operationId` get one from their method and path:
/// `GET /users/{id}` is `get_users_by_id`. A name already taken gets a number.
pub(super) fn name_operations(document: &mut Value) {
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
