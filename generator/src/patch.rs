//! Patches a user keeps beside a published spec, applied to the document before it is read:
//! JSON Patch (RFC 6902: a list of `add`, `remove`, `replace`, `move`, `copy`, `test`) and
//! OpenAPI Overlay (1.x: `actions` whose `target` is a JSONPath, each with an `update` merged
//! into every node it selects, or `remove: true`).
//!
//! Overlay targets take the JSONPath that overlays use: `$`, `.name`, `['name']`, `[0]`, `*`
//! and `[*]`; anything else (filters, recursive descent) is refused with a message that says so.

use serde_json::Value;

/// A patch document: its path (for messages) and its parsed value.
#[derive(Debug, Clone)]
pub struct Patch {
    pub path: String,
    pub value: Value,
}

/// Applies `patch` to `document`; the error says which operation or action failed and why.
pub fn apply(document: &mut Value, patch: &Patch) -> Result<(), String> {
    match &patch.value {
        Value::Array(operations) => {
            for (index, operation) in operations.iter().enumerate() {
                json_patch(document, operation).map_err(|why| {
                    format!(
                        "{}: operation {} of the JSON Patch: {why}",
                        patch.path,
                        index + 1
                    )
                })?;
            }
            Ok(())
        }
        Value::Object(overlay) if overlay.contains_key("overlay") => {
            let actions = overlay
                .get("actions")
                .and_then(Value::as_array)
                .ok_or_else(|| format!("{}: an overlay needs a list of `actions`", patch.path))?;
            for (index, action) in actions.iter().enumerate() {
                overlay_action(document, action).map_err(|why| {
                    format!("{}: action {} of the overlay: {why}", patch.path, index + 1)
                })?;
            }
            Ok(())
        }
        _ => Err(format!(
            "{}: neither a JSON Patch (a list of operations) nor an overlay (`overlay: 1.0.0` with `actions`)",
            patch.path
        )),
    }
}

/// One RFC 6902 operation.
fn json_patch(document: &mut Value, operation: &Value) -> Result<(), String> {
    let field = |name: &str| {
        operation
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("`{name}` is missing or not a string"))
    };
    let value = || {
        operation
            .get("value")
            .cloned()
            .ok_or_else(|| "`value` is missing".to_string())
    };
    let op = field("op")?;
    let path = tokens(field("path")?)?;
    match op {
        "add" => add(document, &path, value()?),
        "remove" => remove(document, &path).map(drop),
        "replace" => {
            let target = pointer_mut(document, &path)?;
            *target = value()?;
            Ok(())
        }
        "move" => {
            let from = tokens(field("from")?)?;
            let moved = remove(document, &from)?;
            add(document, &path, moved)
        }
        "copy" => {
            let from = tokens(field("from")?)?;
            let copied = pointer_mut(document, &from)?.clone();
            add(document, &path, copied)
        }
        "test" => {
            if *pointer_mut(document, &path)? == value()? {
                Ok(())
            } else {
                Err(format!(
                    "`test` failed: {} holds another value",
                    field("path")?
                ))
            }
        }
        other => Err(format!(
            "`{other}` is not a JSON Patch operation (add, remove, replace, move, copy, test)"
        )),
    }
}

/// The tokens of a JSON pointer (`/paths/~1pets/get`), unescaped.
fn tokens(pointer: &str) -> Result<Vec<String>, String> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let rest = pointer
        .strip_prefix('/')
        .ok_or_else(|| format!("`{pointer}` is not a JSON pointer (it starts with `/`)"))?;
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

/// A JSON pointer from its tokens, escaped.
fn pointer_text(path: &[String]) -> String {
    path.iter()
        .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
        .collect()
}

fn pointer_mut<'a>(document: &'a mut Value, path: &[String]) -> Result<&'a mut Value, String> {
    let mut current = document;
    for token in path {
        current = match current {
            Value::Object(object) => object.get_mut(token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
            _ => None,
        }
        .ok_or_else(|| format!("`{}` does not exist", pointer_text(path)))?;
    }
    Ok(current)
}

fn add(document: &mut Value, path: &[String], value: Value) -> Result<(), String> {
    let Some((last, parent)) = path.split_last() else {
        *document = value;
        return Ok(());
    };
    match pointer_mut(document, parent)? {
        Value::Object(object) => {
            object.insert(last.clone(), value);
            Ok(())
        }
        Value::Array(items) if last == "-" => {
            items.push(value);
            Ok(())
        }
        Value::Array(items) => match last.parse::<usize>() {
            Ok(index) if index <= items.len() => {
                items.insert(index, value);
                Ok(())
            }
            _ => Err(format!("`{last}` is not an index of the list at its place")),
        },
        _ => Err(format!(
            "the parent of `{}` is not an object or a list",
            pointer_text(path)
        )),
    }
}

fn remove(document: &mut Value, path: &[String]) -> Result<Value, String> {
    let (last, parent) = path
        .split_last()
        .ok_or_else(|| "the whole document cannot be removed".to_string())?;
    let missing = || format!("`{}` does not exist", pointer_text(path));
    match pointer_mut(document, parent)? {
        Value::Object(object) => object.shift_remove(last).ok_or_else(missing),
        Value::Array(items) => match last.parse::<usize>() {
            Ok(index) if index < items.len() => Ok(items.remove(index)),
            _ => Err(missing()),
        },
        _ => Err(missing()),
    }
}

/// One step of a JSONPath.
#[derive(Debug, PartialEq)]
enum Step {
    Name(String),
    Index(usize),
    Any,
}

/// The steps of a JSONPath of the subset overlays use.
fn json_path(path: &str) -> Result<Vec<Step>, String> {
    let unsupported = |what: &str| {
        Err(format!(
            "`{path}`: {what} is not supported in targets; use names, `['name']`, `[0]` and `*`"
        ))
    };
    let mut rest = path
        .trim()
        .strip_prefix('$')
        .ok_or_else(|| format!("`{path}` is not a JSONPath (it starts with `$`)"))?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if rest.starts_with("..") {
            return unsupported("recursive descent (`..`)");
        }
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let name = &after[..end];
            steps.push(if name == "*" {
                Step::Any
            } else {
                Step::Name(name.to_string())
            });
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            if after.starts_with('?') {
                return unsupported("a filter (`[?…]`)");
            }
            let (step, used) = bracket(after).ok_or_else(|| {
                format!("`{path}`: a `[` is not closed as a name, an index or `*`")
            })?;
            steps.push(step);
            rest = &after[used..];
        } else {
            return Err(format!("`{path}`: unexpected `{rest}`"));
        }
    }
    Ok(steps)
}

/// The step in brackets at the start of `text` (after `[`), and the length it used with `]`.
fn bracket(text: &str) -> Option<(Step, usize)> {
    if let Some(quote) = text.chars().next().filter(|c| *c == '\'' || *c == '"') {
        let body = &text[1..];
        let end = body.find(quote)?;
        let after = &body[end + 1..];
        after
            .starts_with(']')
            .then(|| (Step::Name(body[..end].to_string()), end + 3))
    } else {
        let end = text.find(']')?;
        let inner = text[..end].trim();
        let step = if inner == "*" {
            Step::Any
        } else {
            Step::Index(inner.parse().ok()?)
        };
        Some((step, end + 1))
    }
}

/// The JSON pointers (as tokens) of every node `steps` select in `document`.
fn select<'a>(document: &'a Value, steps: &[Step]) -> Vec<Vec<String>> {
    let mut found: Vec<(Vec<String>, &'a Value)> = vec![(Vec::new(), document)];
    for step in steps {
        let mut next = Vec::new();
        for (path, node) in found {
            let push = |token: String, child: &'a Value| {
                let mut path = path.clone();
                path.push(token);
                (path, child)
            };
            match (step, node) {
                (Step::Name(name), Value::Object(object)) => {
                    if let Some(child) = object.get(name) {
                        next.push(push(name.clone(), child));
                    }
                }
                (Step::Index(index), Value::Array(items)) => {
                    if let Some(child) = items.get(*index) {
                        next.push(push(index.to_string(), child));
                    }
                }
                (Step::Any, Value::Object(object)) => {
                    for (key, child) in object {
                        next.push(push(key.clone(), child));
                    }
                }
                (Step::Any, Value::Array(items)) => {
                    for (index, child) in items.iter().enumerate() {
                        next.push(push(index.to_string(), child));
                    }
                }
                _ => {}
            }
        }
        found = next;
    }
    found.into_iter().map(|(path, _)| path).collect()
}

/// One overlay action: `update` merged into each selected node, or each removed.
fn overlay_action(document: &mut Value, action: &Value) -> Result<(), String> {
    let target = action
        .get("target")
        .and_then(Value::as_str)
        .ok_or_else(|| "`target` is missing or not a string".to_string())?;
    let selected = select(document, &json_path(target)?);
    if action.get("remove").and_then(Value::as_bool) == Some(true) {
        // Removed last first, so that list indexes stay right.
        for path in selected.iter().rev() {
            remove(document, path)?;
        }
        return Ok(());
    }
    let update = action
        .get("update")
        .ok_or_else(|| "an action needs `update` or `remove: true`".to_string())?;
    for path in &selected {
        merge(pointer_mut(document, path)?, update);
    }
    Ok(())
}

/// Overlay merging: objects merged key by key, lists appended to, anything else replaced.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(update)) => target.extend(update.iter().cloned()),
        (target, update) => *target = update.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn patched(document: Value, patch: Value) -> Result<Value, String> {
        let mut document = document;
        apply(
            &mut document,
            &Patch {
                path: "fix.yaml".into(),
                value: patch,
            },
        )?;
        Ok(document)
    }

    #[test]
    fn json_patch_operations_apply_in_order() {
        let document = json!({"paths": {"/pets": {"get": {"summary": "old", "tags": ["a"]}}}});
        let out = patched(
            document.clone(),
            json!([
                {"op": "test", "path": "/paths/~1pets/get/summary", "value": "old"},
                {"op": "replace", "path": "/paths/~1pets/get/summary", "value": "new"},
                {"op": "add", "path": "/paths/~1pets/get/tags/-", "value": "b"},
                {"op": "copy", "from": "/paths/~1pets/get", "path": "/paths/~1pets/put"},
                {"op": "move", "from": "/paths/~1pets/put/tags", "path": "/moved"},
                {"op": "remove", "path": "/paths/~1pets/get/tags/0"},
            ]),
        )
        .unwrap();
        assert_eq!(
            out,
            json!({
                "paths": {"/pets": {"get": {"summary": "new", "tags": ["b"]}, "put": {"summary": "new"}}},
                "moved": ["a", "b"]
            })
        );
        let failed =
            patched(document, json!([{"op": "remove", "path": "/paths/~1cats"}])).unwrap_err();
        assert_eq!(
            failed,
            "fix.yaml: operation 1 of the JSON Patch: `/paths/~1cats` does not exist"
        );
    }

    #[test]
    fn overlay_actions_merge_or_remove_what_their_target_selects() {
        let document = json!({
            "info": {"title": "T"},
            "paths": {
                "/a": {"get": {"tags": ["x"]}, "post": {"tags": ["x"]}},
                "/b": {"get": {"tags": ["y"], "x-internal": true}}
            }
        });
        let out = patched(
            document,
            json!({"overlay": "1.0.0", "actions": [
                {"target": "$.info", "update": {"description": "Patched."}},
                {"target": "$.paths.*.get", "update": {"tags": ["z"]}},
                {"target": "$.paths['/a'].post", "remove": true},
                {"target": "$.paths['/b'].get['x-internal']", "remove": true},
            ]}),
        )
        .unwrap();
        assert_eq!(
            out,
            json!({
                "info": {"title": "T", "description": "Patched."},
                "paths": {"/a": {"get": {"tags": ["x", "z"]}}, "/b": {"get": {"tags": ["y", "z"]}}}
            })
        );
        let refused = patched(
            json!({}),
            json!({"overlay": "1.0.0", "actions": [{"target": "$..get", "remove": true}]}),
        )
        .unwrap_err();
        assert!(refused.contains("recursive descent"), "{refused}");
    }
}
