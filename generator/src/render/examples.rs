//! `examples/<module>.rs`: one function per operation that builds a client, fills the
//! operation's required parameters and body from the spec's examples (typed placeholders where
//! it has none) and calls it; and `examples/start.rs`, the crate's doc example. Cargo builds
//! them with the crate's tests, so an example that no longer compiles fails there.

use askama::Template;
use serde_json::Value;

use super::api_spec::operation_id;
use super::text::{bare, lit};
use super::types::rust_type;
use crate::ir::*;

#[derive(Template)]
#[template(path = "example.rs")]
pub(super) struct ExampleFile {
    docs: Vec<String>,
    /// The crate as a path (`datadog_client`).
    krate: String,
    module: String,
    /// The example's name, for `cargo run --example`.
    file: String,
    uses_models: bool,
    operations: Vec<ExampleView>,
}

/// How one operation is called.
struct ExampleView {
    /// The function, named after the method (after its group where two groups share it), as
    /// an identifier (`r#type`) and as its name (`type`).
    function: String,
    key: String,
    docs: Vec<String>,
    feature: String,
    deprecated: bool,
    /// `enable_unstable_operation` for a preview operation.
    unstable: Option<String>,
    group: String,
    method: String,
    /// `let` bindings before the call (the body): name and value.
    lets: Vec<(String, String)>,
    /// The arguments of the call.
    args: Vec<String>,
    /// The success has a value to print (not `()`).
    returns: bool,
}

#[derive(Template)]
#[template(path = "example_start.rs")]
pub(super) struct StartExample {
    krate: String,
    module: String,
    example: Option<ExampleView>,
}

/// Nesting of models past which a value is read from JSON instead of built, so that a type
/// that requires itself (through a box) still gets a finite example.
const MAX_DEPTH: usize = 8;

/// The example file of `module`.
pub(super) fn example_file(krate: &str, module: &Module) -> ExampleFile {
    let name = bare(&module.name.rust).to_string();
    let mut operations: Vec<ExampleView> = module
        .groups
        .iter()
        .flat_map(|group| {
            group
                .operations
                .iter()
                .map(move |op| example_view(krate, module, group, op))
        })
        .collect();
    let mut seen = std::collections::HashMap::new();
    for op in &operations {
        *seen.entry(op.function.clone()).or_insert(0) += 1;
    }
    for op in &mut operations {
        if seen[&op.function] > 1 || op.key == "main" {
            op.key = format!("{}_{}", bare(&op.group).trim_end_matches('_'), op.key);
            op.function = op.key.clone();
        }
    }
    let uses_models = operations.iter().any(|op| {
        op.lets.iter().any(|(_, value)| value.contains("models::"))
            || op.args.iter().any(|value| value.contains("models::"))
    });
    ExampleFile {
        docs: super::text::inner_docs(&format!(
            "How to call each operation of `{name}` ({}): one function per operation, named \
             after its method, with the required parameters and the body filled from the \
             spec's examples (placeholders where it has none).\n\nRun one against a server of \
             your own (`Config::from_env` reads the base URL and the credentials):\n\n\
             ```text\ncargo run --example {name} -- <function>\n```",
            module.title
        )),
        krate: krate.to_string(),
        module: module.name.rust.clone(),
        file: name,
        uses_models,
        operations,
    }
}

/// The crate's doc example: the simplest operation to call (not deprecated, the fewest
/// arguments; the first of those).
pub(super) fn start_example(krate: &str, api: &Api) -> StartExample {
    let first = api
        .modules
        .iter()
        .flat_map(|m| {
            m.groups
                .iter()
                .flat_map(move |g| g.operations.iter().map(move |op| (m, (g, op))))
        })
        .filter(|(_, (_, op))| op.unstable.is_none())
        .min_by_key(|(_, (_, op))| {
            let args = op.params.iter().filter(|p| p.required).count();
            (op.deprecated, args + usize::from(op.body.is_some()))
        });
    StartExample {
        krate: krate.to_string(),
        module: first.map(|(m, _)| m.name.rust.clone()).unwrap_or_default(),
        example: first.map(|(module, (group, op))| example_view(krate, module, group, op)),
    }
}

impl StartExample {
    /// The feature the example needs, if it calls an operation.
    pub(super) fn feature(&self) -> Option<String> {
        self.example.as_ref().map(|op| op.feature.clone())
    }
}

fn example_view(krate: &str, module: &Module, group: &Group, op: &Operation) -> ExampleView {
    let types = &module.types;
    let values = Values { types, krate };
    let mut lets = Vec::new();
    let mut args = Vec::new();
    for param in op.params.iter().filter(|p| p.required) {
        // Written in the call: a `let` named after a parameter could hide the client.
        args.push(if param.ty == TypeRef::String {
            // The method takes `&str`.
            lit(&values.text(param.example.as_ref(), &param.name.original, None))
        } else {
            values.value(&param.ty, param.example.as_ref(), &param.name.original, 0)
        });
    }
    if let Some(body) = &op.body {
        let example: Option<Value> = body
            .examples
            .first()
            .and_then(|e| serde_json::from_str(&e.json).ok());
        let (value, by_reference) = match &body.payload {
            Payload::Json(ty) => (values.value(ty, example.as_ref(), "body", 0), true),
            Payload::Form { ty, .. } => (
                values.value(&TypeRef::Named(*ty), example.as_ref(), "body", 0),
                true,
            ),
            Payload::Text => (lit(&values.text(example.as_ref(), "text", None)), false),
            Payload::Binary => (
                format!(
                    "{}.to_vec()",
                    lit(&values.text(example.as_ref(), "bytes", None)).replacen('"', "b\"", 1)
                ),
                false,
            ),
            Payload::Multipart(_) => (
                format!(
                    "{}::apis::{}::{}::default()",
                    module.name.rust, group.name.rust, op.items.form_type
                ),
                false,
            ),
        };
        lets.push(("body".to_string(), value));
        let arg = match (&body.payload, by_reference) {
            (_, true) => "&body".to_string(),
            // `impl Into<Upload>` when required, `Option<Upload>` when not.
            (Payload::Binary, false) if !body.required => "body.into()".to_string(),
            _ => "body".to_string(),
        };
        args.push(if body.required {
            arg
        } else {
            format!("Some({arg})")
        });
    }
    if op.has_params_type() {
        args.push(format!(
            "{}::apis::{}::{}::default()",
            module.name.rust, group.name.rust, op.items.params_type
        ));
    }
    let what = op
        .summary
        .clone()
        .unwrap_or_else(|| format!("Calls `{}`.", op.name.original));
    ExampleView {
        function: op.name.rust.clone(),
        key: bare(&op.name.rust).to_string(),
        docs: super::text::docs(&format!(
            "{}\n\n`{} {}`",
            what.trim().trim_end_matches('.'),
            op.method,
            op.path
        )),
        feature: group.feature.clone(),
        deprecated: op.deprecated,
        unstable: op.unstable.as_ref().map(|_| lit(&operation_id(module, op))),
        group: group.name.rust.clone(),
        method: op.name.rust.clone(),
        lets,
        args,
        returns: super::operations::ok_type(op, types) != "()",
    }
}

/// Rust expressions of the crate's types, from example values where they fit.
struct Values<'a> {
    types: &'a [TypeDef],
    /// The crate as a path, for the format types at its root.
    krate: &'a str,
}

/// Whether `text` reads as a value of `format` (an example that does not would make the
/// example fail at run time once the format's feature is on).
fn fits_format(format: Format, text: &str) -> bool {
    let bytes = text.as_bytes();
    match format {
        // `YYYY-MM-DDTHH:MM:SS` and an offset (`Z` or `±HH:MM`), as RFC 3339 requires.
        Format::DateTime => {
            let digits = |range: std::ops::Range<usize>| {
                bytes
                    .get(range)
                    .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
            };
            let zoned = text.ends_with(['Z', 'z'])
                || text.len() > 6 && matches!(bytes[text.len() - 6], b'+' | b'-');
            text.len() >= 20
                && digits(0..4)
                && digits(5..7)
                && digits(8..10)
                && matches!(bytes[10], b'T' | b't')
                && digits(11..13)
                && digits(14..16)
                && digits(17..19)
                && zoned
        }
        Format::Uuid => {
            text.len() == 36
                && text.char_indices().all(|(i, c)| match i {
                    8 | 13 | 18 | 23 => c == '-',
                    _ => c.is_ascii_hexdigit(),
                })
        }
    }
}

impl Values<'_> {
    /// An expression of type `ty` (as an example file spells it), from `example` where it
    /// fits; `name` is what a placeholder string says.
    fn value(&self, ty: &TypeRef, example: Option<&Value>, name: &str, depth: usize) -> String {
        let example = example.filter(|v| !v.is_null());
        match ty {
            TypeRef::String => format!("{}.to_string()", lit(&self.text(example, name, None))),
            // A `String` or, with the crate's feature, a type of the format: both parse.
            TypeRef::Formatted(format) => {
                let (placeholder, ty) = match format {
                    Format::DateTime => ("date-time", "DateTime"),
                    Format::Uuid => ("uuid", "Uuid"),
                };
                let text = match example.and_then(Value::as_str) {
                    Some(text) if fits_format(*format, text) => text.to_string(),
                    _ => self.text(None, name, Some(placeholder)),
                };
                format!("{}.parse::<{}::{ty}>()?", lit(&text), self.krate)
            }
            TypeRef::Integer(format) => {
                let value = example.and_then(Value::as_i64).unwrap_or(0);
                let fits = *format == IntFormat::I64 || i32::try_from(value).is_ok();
                if fits { value } else { 0 }.to_string()
            }
            TypeRef::Number(format) => {
                let value = example.and_then(Value::as_f64).unwrap_or(0.0);
                let fits = *format == NumberFormat::F64 || value.abs() <= f64::from(f32::MAX);
                format!(
                    "{:?}",
                    if fits && value.is_finite() {
                        value
                    } else {
                        0.0
                    }
                )
            }
            TypeRef::Boolean => example
                .and_then(Value::as_bool)
                .unwrap_or(false)
                .to_string(),
            TypeRef::Bytes => "Default::default()".to_string(),
            // A type of the user's: read from the example's JSON, the one thing it must read.
            TypeRef::Custom(_) => self.read_json(ty, example),
            TypeRef::Any if example.is_none() => "serde_json::Value::Null".to_string(),
            TypeRef::Any => match example {
                Some(value @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => {
                    let scalar = match value {
                        Value::String(text) => lit(text),
                        _ => value.to_string(),
                    };
                    format!("serde_json::Value::from({scalar})")
                }
                // `json!` reads JSON as written; a long one is read at run time instead (the
                // macro's recursion has a limit).
                Some(value) if value.to_string().len() <= 300 => {
                    format!("serde_json::json!({value})")
                }
                _ => self.read_json(ty, example),
            },
            TypeRef::Array(item) => match example.and_then(Value::as_array) {
                Some(items) if !items.is_empty() => format!(
                    "vec![{}]",
                    items
                        .iter()
                        .take(3)
                        .map(|v| self.value(item, Some(v), name, depth))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => "Vec::new()".to_string(),
            },
            TypeRef::Map(value) => match example.and_then(Value::as_object) {
                Some(entries) if !entries.is_empty() => format!(
                    "std::collections::BTreeMap::from([{}])",
                    entries
                        .iter()
                        .take(3)
                        .map(|(k, v)| format!(
                            "({}.to_string(), {})",
                            lit(k),
                            self.value(value, Some(v), k, depth)
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => "std::collections::BTreeMap::new()".to_string(),
            },
            TypeRef::Nullable(inner) => match example {
                None => "None".to_string(),
                Some(v) => format!("Some({})", self.value(inner, Some(v), name, depth)),
            },
            TypeRef::Named(id) => self.named(*id, example, name, depth),
        }
    }

    /// A value of a model.
    fn named(&self, id: TypeId, example: Option<&Value>, name: &str, depth: usize) -> String {
        let def = &self.types[id];
        let path = format!("models::{}", def.name.rust);
        let recurses = matches!(
            def.kind,
            TypeKind::Struct(_) | TypeKind::OneOf(_) | TypeKind::AnyOf(_) | TypeKind::Newtype(_)
        );
        if recurses && depth >= MAX_DEPTH {
            return self.read_json(&TypeRef::Named(id), example);
        }
        match &def.kind {
            TypeKind::Struct(s) => self.object(&path, s, example, depth),
            TypeKind::StringEnum(e) => {
                let wanted = example.and_then(Value::as_str);
                let variant = e
                    .variants
                    .iter()
                    .find(|v| Some(v.name.original.as_str()) == wanted)
                    .or(e.variants.first());
                match variant {
                    Some(v) => format!("{path}::{}", v.name.rust),
                    None => self.read_json(&TypeRef::Named(id), example),
                }
            }
            TypeKind::IntEnum(e) => {
                let wanted = example.and_then(Value::as_i64);
                let variant = e
                    .variants
                    .iter()
                    .find(|v| Some(v.value) == wanted)
                    .or(e.variants.first());
                match variant {
                    Some(v) => format!("{path}::{}", v.name.rust),
                    None => self.read_json(&TypeRef::Named(id), example),
                }
            }
            TypeKind::OneOf(union) => {
                let index = union
                    .discriminator
                    .as_ref()
                    .and_then(|d| {
                        let tag = example?.get(&d.property)?.as_str()?;
                        d.tags.iter().find(|(t, _)| t == tag).map(|(_, i)| *i)
                    })
                    .unwrap_or(0);
                let Some(branch) = union.variants.get(index) else {
                    return self.read_json(&TypeRef::Named(id), example);
                };
                // The branch's tag, where the branch holds it, is the one that names it.
                let tagged = union.discriminator.as_ref().and_then(|d| {
                    let (tag, _) = d.tags.iter().find(|(_, i)| *i == index)?;
                    let mut object = match example {
                        Some(Value::Object(object)) => object.clone(),
                        None => serde_json::Map::new(),
                        Some(_) => return None,
                    };
                    object.insert(d.property.clone(), Value::String(tag.clone()));
                    Some(Value::Object(object))
                });
                let inner = self.value(&branch.ty, tagged.as_ref().or(example), name, depth + 1);
                let held = if branch.boxed {
                    format!("Box::new({inner})")
                } else {
                    inner
                };
                format!("{path}::{}({held})", branch.name.rust)
            }
            TypeKind::AnyOf(union) => {
                let Some(branch) = union.variants.first() else {
                    return format!("{path}::default()");
                };
                let inner = self.value(&branch.ty, example, name, depth + 1);
                let held = if branch.boxed {
                    format!("Box::new({inner})")
                } else {
                    inner
                };
                format!(
                    "{path} {{ {}: Some({held}), ..Default::default() }}",
                    branch.name.rust
                )
            }
            TypeKind::Alias(ty) => self.value(ty, example, name, depth),
            TypeKind::Newtype(ty) => {
                format!("{path}({})", self.value(ty, example, name, depth + 1))
            }
        }
    }

    /// `Model::new(required…)` and a setter for each optional property the example has.
    fn object(&self, path: &str, s: &Struct, example: Option<&Value>, depth: usize) -> String {
        fn given<'v>(example: Option<&'v Value>, field: &'v Field) -> Option<&'v Value> {
            example
                .and_then(|e| e.get(&field.name.original))
                .or(field.example.as_ref())
        }
        let field_value = |field: &Field, value: Option<&Value>| {
            let inner = if field.ty == TypeRef::String {
                let text = self.text(value, &field.name.original, field.format.as_deref());
                format!("{}.to_string()", lit(&text))
            } else {
                self.value(&field.ty, value, &field.name.original, depth + 1)
            };
            if field.nullable {
                format!("Some({inner})")
            } else {
                inner
            }
        };
        let args: Vec<String> = s
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|field| match given(example, field) {
                Some(value) if !(field.nullable && value.is_null()) => {
                    field_value(field, Some(value))
                }
                _ if field.nullable => "None".to_string(),
                _ => field_value(field, None),
            })
            .collect();
        let mut text = format!("{path}::new({})", args.join(", "));
        for field in s.fields.iter().filter(|f| !f.required && !f.read_only) {
            let Some(value) = example.and_then(|e| e.get(&field.name.original)) else {
                continue;
            };
            if value.is_null() {
                continue;
            }
            // A setter takes `impl Into<…>`: a string needs no `to_string`.
            let value = match value.as_str() {
                Some(text) if field.ty == TypeRef::String && !field.nullable => lit(text),
                _ => field_value(field, Some(value)),
            };
            text.push_str(&format!(".{}({value})", field.setter));
        }
        text
    }

    /// The example's text when it is a string, else a placeholder: one that fits `format`, or
    /// `name`.
    fn text(&self, example: Option<&Value>, name: &str, format: Option<&str>) -> String {
        if let Some(text) = example.and_then(Value::as_str) {
            return text.to_string();
        }
        if let Some(number) = example.filter(|v| v.is_number() || v.is_boolean()) {
            return number.to_string();
        }
        match format {
            Some("date-time") => "2024-01-01T00:00:00Z".to_string(),
            Some("date") => "2024-01-01".to_string(),
            Some("uuid") => "00000000-0000-0000-0000-000000000000".to_string(),
            _ => name.to_string(),
        }
    }

    /// A value read from the example's JSON at run time: for types an expression cannot
    /// spell briefly (any JSON value) or could not end (a type that requires itself).
    fn read_json(&self, ty: &TypeRef, example: Option<&Value>) -> String {
        let json = example.map_or_else(|| "null".to_string(), Value::to_string);
        let mut hashes = "#".to_string();
        while json.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
        format!(
            "serde_json::from_str::<{}>(r{hashes}\"{json}\"{hashes})?",
            rust_type(ty, self.types, "models::")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::testing::{def, field};

    fn variant(wire: &str, rust: &str) -> EnumVariant {
        let mut name = Name::new(wire);
        name.rust = rust.to_string();
        EnumVariant {
            name,
            varname_hint: None,
        }
    }

    /// `Request { name (required), kind: Kind (required), count: i32 }`, `Kind` = a | b,
    /// `Node { next: Node (required, boxed) }`.
    fn types() -> Vec<TypeDef> {
        let mut name = field("name", TypeRef::String);
        name.required = true;
        let mut kind = field("kind", TypeRef::Named(1));
        kind.required = true;
        let mut count = field("count", TypeRef::Integer(IntFormat::I32));
        count.setter = "count".to_string();
        let mut next = field("next", TypeRef::Named(2));
        next.required = true;
        next.boxed = true;
        let mut types = vec![
            def(
                "Request",
                TypeKind::Struct(Struct {
                    fields: vec![name, kind, count],
                    additional: Additional::Open,
                }),
            ),
            def(
                "Kind",
                TypeKind::StringEnum(StringEnum {
                    variants: vec![variant("a", "A"), variant("b", "B")],
                }),
            ),
            def(
                "Node",
                TypeKind::Struct(Struct {
                    fields: vec![next],
                    additional: Additional::Closed,
                }),
            ),
        ];
        for def in &mut types {
            def.name.rust = def.name.original.clone();
        }
        types
    }

    #[test]
    fn a_model_is_built_from_the_example_with_new_and_setters() {
        let types = types();
        let values = Values {
            types: &types,
            krate: "api",
        };
        let example = serde_json::json!({"name": "first", "kind": "b", "count": 3});
        assert_eq!(
            values.value(&TypeRef::Named(0), Some(&example), "body", 0),
            r#"models::Request::new("first".to_string(), models::Kind::B).count(3)"#
        );
        // Without an example: placeholders of the right type, optional properties left out.
        assert_eq!(
            values.value(&TypeRef::Named(0), None, "body", 0),
            r#"models::Request::new("name".to_string(), models::Kind::A)"#
        );
    }

    #[test]
    fn values_that_do_not_fit_their_type_become_placeholders() {
        let types = types();
        let values = Values {
            types: &types,
            krate: "api",
        };
        let big = serde_json::json!(5_000_000_000_i64);
        let int = TypeRef::Integer(IntFormat::I32);
        assert_eq!(values.value(&int, Some(&big), "n", 0), "0");
        let float = TypeRef::Number(NumberFormat::F32);
        assert_eq!(
            values.value(&float, Some(&serde_json::json!(1e300)), "x", 0),
            "0.0"
        );
        let text = serde_json::json!("five");
        assert_eq!(values.value(&int, Some(&text), "n", 0), "0");
    }

    #[test]
    fn a_model_that_requires_itself_ends_in_a_value_read_from_json() {
        let types = types();
        let values = Values {
            types: &types,
            krate: "api",
        };
        let value = values.value(&TypeRef::Named(2), None, "body", 0);
        assert_eq!(value.matches("models::Node::new(").count(), MAX_DEPTH);
        assert!(
            value.contains(r##"serde_json::from_str::<models::Node>(r#"null"#)?"##),
            "{value}"
        );
    }
}
