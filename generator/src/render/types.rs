//! Rust types of the intermediate model's type references, as the generated code spells them.

use crate::ir::*;

/// The Rust type for `ty`; `models` is how the models module is reached from the file.
pub(super) fn rust_type(ty: &TypeRef, types: &[TypeDef], models: &str) -> String {
    match ty {
        TypeRef::Named(id) => format!("{models}{}", types[*id].name.rust),
        TypeRef::String => "String".into(),
        TypeRef::Integer(IntFormat::I32) => "i32".into(),
        TypeRef::Integer(IntFormat::I64) => "i64".into(),
        TypeRef::Number(NumberFormat::F32) => "f32".into(),
        TypeRef::Number(NumberFormat::F64) => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Bytes => "bytes::Bytes".into(),
        TypeRef::Array(item) => format!("Vec<{}>", rust_type(item, types, models)),
        TypeRef::Map(value) => format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type(value, types, models)
        ),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(inner, types, models)),
        TypeRef::Any => "serde_json::Value".into(),
        TypeRef::Formatted(Format::DateTime) => "crate::formats::DateTime".into(),
        TypeRef::Formatted(Format::Uuid) => "crate::formats::Uuid".into(),
        TypeRef::Custom(path) => path.clone(),
    }
}

/// The Rust type a body decodes to, from an `apis` file.
pub(super) fn payload_type(payload: &Payload, types: &[TypeDef]) -> String {
    match payload {
        Payload::Json(ty) => rust_type(ty, types, "models::"),
        Payload::Multipart(id) | Payload::Form { ty: id, .. } => {
            format!("models::{}", types[*id].name.rust)
        }
        Payload::Text => "String".to_string(),
        Payload::Binary => "bytes::Bytes".to_string(),
    }
}

/// An object written as query pairs: a struct, or a map.
pub(super) fn is_object(ty: &TypeRef, types: &[TypeDef]) -> bool {
    match ty {
        TypeRef::Named(id) => matches!(types[*id].kind, TypeKind::Struct(_)),
        TypeRef::Map(_) => true,
        _ => false,
    }
}

/// Whether any type `ty` refers to is a model (so an `apis` file names `models`).
pub(super) fn names_model(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            names_model(inner)
        }
        _ => false,
    }
}
