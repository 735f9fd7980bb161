//! External `$ref`s: a spec that refers to other files next to it (`common.yaml#/components/
//! schemas/Id`) in, one self-contained document out.
//!
//! Each referenced entry is copied into the document's own `components` (under its name, or
//! `<file>_<name>` when that name is taken) and the reference rewritten to point there.
//! References inside a copied entry are resolved against its own file, so chains across files
//! work, and an entry is copied once, so cycles end.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::load::Moved;
use crate::locate::{escape, unescape};
use crate::normalize::{Role, item_role, role_of};

/// Whether the document has a `$ref` to another file (one inside an example or another data
/// value is data, not a reference).
pub fn refers_to_files(value: &Value) -> bool {
    refers_in(value, Role::Other)
}

fn refers_in(value: &Value, role: Role) -> bool {
    match value {
        Value::Object(object) => {
            matches!(object.get("$ref"), Some(Value::String(r)) if !r.starts_with('#'))
                || object
                    .iter()
                    .any(|(key, inner)| role_of(role, key).is_some_and(|r| refers_in(inner, r)))
        }
        Value::Array(items) => items.iter().any(|item| refers_in(item, item_role(role))),
        _ => false,
    }
}

/// A reference that cannot be followed: where it is (a pointer of the main document) and why.
#[derive(Debug)]
pub struct BundleError {
    pub pointer: String,
    pub message: String,
    pub help: String,
}

/// Copies every entry `document` reaches through other files into it. `dir` is the main
/// document's directory. Returns where each copied component came from.
pub fn bundle(document: &mut Value, dir: &Path) -> Result<Vec<Moved>, BundleError> {
    let existing = document
        .get("components")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(kind, table)| {
            table
                .as_object()
                .into_iter()
                .flatten()
                .map(move |(name, _)| (kind.clone(), name.clone()))
        })
        .collect();
    let mut bundler = Bundler {
        files: HashMap::new(),
        texts: HashMap::new(),
        origins: Vec::new(),
        copied: HashMap::new(),
        additions: Vec::new(),
        existing,
    };
    let main = dir.join("<main>");
    let mut root = std::mem::take(document);
    bundler.rewrite(&mut root, &main, "#", true, Role::Other, 0)?;
    let additions = std::mem::take(&mut bundler.additions);
    if let Some(object) = root.as_object_mut() {
        for (kind, name, value) in additions {
            if let Some(table) = crate::normalize::component_table(object, &kind) {
                table.insert(name, value);
            }
        }
    }
    *document = root;
    Ok(bundler.origins)
}

struct Bundler {
    /// Files read so far, by path.
    files: HashMap<PathBuf, Value>,
    /// Their texts, to report problems in them.
    texts: HashMap<PathBuf, std::sync::Arc<str>>,
    /// Where each copied component came from.
    origins: Vec<Moved>,
    /// `(file, pointer)` → the `#/components/...` reference it was copied to.
    copied: HashMap<(PathBuf, String), String>,
    /// Entries to add: kind (`schemas`, `parameters`, …), name, value.
    additions: Vec<(String, String, Value)>,
    /// The main document's own components: kind and name.
    existing: Vec<(String, String)>,
}

impl Bundler {
    /// Rewrites the references inside `value`, which lives in `file` (`main`: the document)
    /// and plays `role` there. A reference to what no component can hold (a path item, a
    /// `content` map) is replaced by a copy of its target; `depth` bounds such copies.
    fn rewrite(
        &mut self,
        value: &mut Value,
        file: &Path,
        pointer: &str,
        main: bool,
        role: Role,
        depth: usize,
    ) -> Result<(), BundleError> {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    let reference = reference.clone();
                    match self.target(&reference, file, pointer, main, role, depth)? {
                        Target::Keep => {}
                        Target::Component(target) => {
                            object.insert("$ref".to_string(), Value::String(target));
                        }
                        Target::Inline(copy) => {
                            *value = copy;
                            return Ok(());
                        }
                    }
                    return Ok(());
                }
                for (key, inner) in object.iter_mut() {
                    let Some(inner_role) = role_of(role, key) else {
                        continue;
                    };
                    let inner_pointer = format!("{pointer}/{}", escape(key));
                    self.rewrite(inner, file, &inner_pointer, main, inner_role, depth)?;
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    let inner_pointer = format!("{pointer}/{index}");
                    self.rewrite(item, file, &inner_pointer, main, item_role(role), depth)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Reads and parses `file` once (`reference` and `path` name it in errors).
    fn read(
        &mut self,
        file: &Path,
        reference: &str,
        path: &str,
    ) -> Result<(), (String, &'static str)> {
        if self.files.contains_key(file) {
            return Ok(());
        }
        let text = std::fs::read_to_string(file).map_err(|e| {
            (
                format!("`$ref: {reference}`: cannot read `{path}`: {e}"),
                "refer to a file next to the spec, by a relative path",
            )
        })?;
        let parsed = crate::load::parse(&file.to_string_lossy(), &text).map_err(|e| {
            (
                format!(
                    "`$ref: {reference}`: `{path}` is not valid YAML or JSON (line {}, column {}): {}",
                    e.line, e.column, e.message
                ),
                "fix the referenced file",
            )
        })?;
        self.files.insert(file.to_path_buf(), parsed);
        self.texts
            .insert(file.to_path_buf(), std::sync::Arc::from(text));
        Ok(())
    }

    /// The name a copied entry takes among the components of `kind`: its own (the last token
    /// of its pointer, or the file's stem), prefixed by the file's stem when taken.
    fn component_name(&self, kind: &str, segments: &[&str], file: &Path) -> String {
        let stem = file
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let name = match segments {
            ["components", _, .., name] | [.., name] => unescape(name),
            [] if stem.is_empty() => "Schema".to_string(),
            [] => stem.clone(),
        };
        let taken = self
            .additions
            .iter()
            .map(|(k, name, _)| (k, name))
            .chain(self.existing.iter().map(|(k, name)| (k, name)))
            .any(|(k, taken)| k == kind && *taken == name);
        if taken {
            format!("{stem}_{name}")
        } else {
            name
        }
    }

    /// Where `reference` (found in `file`) points once bundled; `None` for a reference that
    /// stays as it is (a local one in the main document).
    fn target(
        &mut self,
        reference: &str,
        file: &Path,
        pointer: &str,
        main: bool,
        role: Role,
        depth: usize,
    ) -> Result<Target, BundleError> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if path.is_empty() && main {
            return Ok(Target::Keep);
        }
        let target_file = if path.is_empty() {
            file.to_path_buf()
        } else {
            file.parent().unwrap_or(Path::new(".")).join(path)
        };
        let key = (target_file.clone(), fragment.to_string());
        if let Some(done) = self.copied.get(&key) {
            return Ok(Target::Component(done.clone()));
        }
        let error = |message: String, help: &str| BundleError {
            pointer: pointer.to_string(),
            message,
            help: help.to_string(),
        };
        self.read(&target_file, reference, path)
            .map_err(|(message, help)| error(message, help))?;
        let found = self.files[&target_file]
            .pointer(fragment)
            .cloned()
            .ok_or_else(|| {
                error(
                    format!("`$ref: {reference}`: `{path}` has nothing at `#{fragment}`"),
                    "point at an entry that exists in the referenced file",
                )
            })?;
        let segments: Vec<&str> = fragment.split('/').filter(|s| !s.is_empty()).collect();
        // What the reference stands for decides where its target goes: the component kind of
        // its place, else of the pointer; with neither, a copy replaces the reference.
        let kind = match (role, segments.as_slice()) {
            (Role::Schema, _) => Some("schemas".to_string()),
            (Role::Component(kind), _) => Some(kind.to_string()),
            (Role::Other, ["components", kind, ..]) => Some(kind.to_string()),
            _ => None,
        };
        let Some(kind) = kind else {
            if depth > 32 {
                return Err(error(
                    format!(
                        "`$ref: {reference}`: references copied into each other more than 32 deep"
                    ),
                    "break the cycle of references between these files",
                ));
            }
            let mut value = found;
            self.rewrite(&mut value, &target_file, pointer, false, role, depth + 1)?;
            return Ok(Target::Inline(value));
        };
        let name = self.component_name(&kind, &segments, &target_file);
        let local = format!("#/components/{kind}/{}", escape(&name));
        self.copied.insert(key, local.clone());
        self.origins.push(Moved {
            local: local.clone(),
            original: format!("#{fragment}"),
            file: Some((target_file.clone(), self.texts[&target_file].clone())),
        });
        // Reserve the name before following the entry's own references (cycles end here).
        let index = self.additions.len();
        self.additions.push((kind, name, Value::Null));
        let mut value = found;
        self.rewrite(&mut value, &target_file, pointer, false, role, depth)?;
        self.additions[index].2 = value;
        Ok(Target::Component(local))
    }
}

/// What a reference becomes once bundled.
enum Target {
    /// It stays (a local reference of the main document).
    Keep,
    /// It points to this entry of the document's components.
    Component(String),
    /// It is replaced by this copy of its target.
    Inline(Value),
}
