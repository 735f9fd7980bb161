//! Which operations of a spec become methods: by tag, by `operationId`, and whether those in
//! preview (`x-unstable`) are kept. Applied to the normalized document, so an operation named
//! from its method and path (`get_users_by_id`) is chosen by that name.

use serde_json::Value;

use crate::diagnostics::Problem;

/// Which operations to generate. Empty lists choose nothing out: by default every operation
/// is generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Only operations with one of these tags (or named in `include_operations`), if any.
    pub include_tags: Vec<String>,
    /// Never operations with one of these tags.
    pub exclude_tags: Vec<String>,
    /// Only these operations (by `operationId`; or those tagged as `include_tags` says), if
    /// any.
    pub include_operations: Vec<String>,
    /// Never these operations.
    pub exclude_operations: Vec<String>,
    /// Leave out the operations in preview (`x-unstable`).
    pub skip_unstable: bool,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Selection {
    fn chooses_all(&self) -> bool {
        *self == Selection::default()
    }

    /// Whether an operation with these tags and `operationId` is generated.
    fn keeps(&self, id: Option<&str>, tags: &[&str], unstable: bool) -> bool {
        let tagged = |list: &[String]| tags.iter().any(|t| list.iter().any(|l| l == t));
        let named = |list: &[String]| id.is_some_and(|id| list.iter().any(|l| l == id));
        let included = (self.include_tags.is_empty() && self.include_operations.is_empty())
            || tagged(&self.include_tags)
            || named(&self.include_operations);
        let excluded = tagged(&self.exclude_tags)
            || named(&self.exclude_operations)
            || (self.skip_unstable && unstable);
        included && !excluded
    }
}

/// Removes the operations `selection` leaves out (and path items left with none). A tag or an
/// operation it names that the spec does not have is a warning: most likely a typo.
pub fn select(
    document: &mut Value,
    selection: &Selection,
    source: usize,
    warnings: &mut Vec<Problem>,
) {
    if selection.chooses_all() {
        return;
    }
    let mut tags_seen: Vec<String> = Vec::new();
    let mut ids_seen: Vec<String> = Vec::new();
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for item in paths.values_mut() {
            let Value::Object(item) = item else { continue };
            for method in METHODS {
                let Some(operation) = item.get(*method) else {
                    continue;
                };
                let id = operation.get("operationId").and_then(Value::as_str);
                let tags: Vec<&str> = operation
                    .get("tags")
                    .and_then(Value::as_array)
                    .map(|tags| tags.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let unstable = operation
                    .get("x-unstable")
                    .is_some_and(|v| !matches!(v, Value::Null | Value::Bool(false)));
                tags_seen.extend(tags.iter().map(|t| t.to_string()));
                ids_seen.extend(id.map(str::to_string));
                if !selection.keeps(id, &tags, unstable) {
                    item.shift_remove(*method);
                }
            }
        }
        paths.retain(|_, item| {
            item.as_object()
                .is_none_or(|item| METHODS.iter().any(|m| item.contains_key(*m)))
        });
    }
    let lists = [
        ("tag", &selection.include_tags, &tags_seen),
        ("tag", &selection.exclude_tags, &tags_seen),
        ("operation", &selection.include_operations, &ids_seen),
        ("operation", &selection.exclude_operations, &ids_seen),
    ];
    for (what, names, seen) in lists {
        for name in names.iter().filter(|n| !seen.contains(n)) {
            warnings.push(Problem::warning(
                source,
                "#/paths",
                format!("the selection names {what} `{name}`, which no operation of this spec has"),
                format!("check the spelling: {what}s are matched exactly, as the spec writes them"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kept(selection: Selection) -> (Vec<String>, Vec<String>) {
        let mut document = json!({"paths": {
            "/pets": {
                "get": {"operationId": "listPets", "tags": ["pets"]},
                "post": {"operationId": "addPet", "tags": ["pets", "admin"], "x-unstable": "preview"}
            },
            "/users/{id}": {
                "parameters": [],
                "get": {"operationId": "get_users_by_id", "tags": ["users"]}
            }
        }});
        let mut warnings = Vec::new();
        select(&mut document, &selection, 0, &mut warnings);
        let mut ids = Vec::new();
        for item in document["paths"].as_object().unwrap().values() {
            for method in METHODS {
                if let Some(op) = item.get(*method) {
                    ids.push(op["operationId"].as_str().unwrap().to_string());
                }
            }
        }
        (ids, warnings.into_iter().map(|w| w.message).collect())
    }

    #[test]
    fn operations_are_chosen_by_tag_name_and_preview() {
        let all = kept(Selection::default());
        assert_eq!(all.0, ["listPets", "addPet", "get_users_by_id"]);
        let pets = Selection {
            include_tags: vec!["pets".into()],
            exclude_operations: vec!["addPet".into()],
            ..Selection::default()
        };
        assert_eq!(kept(pets).0, ["listPets"]);
        let named = Selection {
            include_tags: vec!["users".into()],
            include_operations: vec!["addPet".into()],
            skip_unstable: true,
            ..Selection::default()
        };
        assert_eq!(kept(named).0, ["get_users_by_id"]);
        let excluded = Selection {
            exclude_tags: vec!["admin".into()],
            ..Selection::default()
        };
        assert_eq!(kept(excluded).0, ["listPets", "get_users_by_id"]);
    }

    #[test]
    fn names_that_match_nothing_are_warned_about() {
        let typo = Selection {
            include_tags: vec!["pet".into()],
            ..Selection::default()
        };
        let (ids, warnings) = kept(typo);
        assert!(ids.is_empty());
        assert_eq!(
            warnings,
            ["the selection names tag `pet`, which no operation of this spec has"]
        );
    }
}
