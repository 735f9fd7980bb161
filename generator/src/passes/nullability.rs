//! Nullability pass: a field may be `null` when its schema says so or when the component it
//! refers to does. Decided once here, so that the struct's type (`Option<…>`), its reading,
//! a multipart body's parts and a page walk all agree.

use crate::ir::{Api, TypeKind, TypeRef};

pub fn effective_nullability(mut api: Api) -> Api {
    for module in &mut api.modules {
        let nullable: Vec<bool> = module.types.iter().map(|t| t.nullable).collect();
        for def in &mut module.types {
            if let TypeKind::Struct(s) = &mut def.kind {
                for field in &mut s.fields {
                    field.nullable |= matches!(field.ty, TypeRef::Named(id) if nullable[id]);
                }
            }
        }
    }
    api
}
