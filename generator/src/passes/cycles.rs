//! Cycles pass: boxes every field through which a struct contains itself without indirection.
//!
//! `Vec` and maps already put their items on the heap; a direct (optional) field of a type that
//! leads back to the struct would make it infinitely large, so such fields get `Box`.

use crate::ir::{Api, TypeDef, TypeId, TypeKind, TypeRef};

pub fn box_recursive_fields(mut api: Api) -> Api {
    for module in &mut api.modules {
        let boxed: Vec<(TypeId, usize)> = module
            .types
            .iter()
            .enumerate()
            .filter_map(|(id, def)| match &def.kind {
                TypeKind::Struct(s) => Some((id, s)),
                _ => None,
            })
            .flat_map(|(id, s)| {
                let types = &module.types;
                s.fields
                    .iter()
                    .enumerate()
                    .filter(move |(_, field)| {
                        direct(&field.ty).is_some_and(|target| reaches(types, target, id))
                    })
                    .map(move |(index, _)| (id, index))
            })
            .collect();
        for (id, index) in boxed {
            if let TypeKind::Struct(s) = &mut module.types[id].kind {
                s.fields[index].boxed = true;
            }
        }
    }
    api
}

/// The named type a field holds inline (not behind a `Vec` or map), if any.
fn direct(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        // `Option<T>` holds a `T` inline.
        TypeRef::Nullable(inner) => direct(inner),
        _ => None,
    }
}

/// Whether `target` is reachable from `from` through inline fields and aliases.
fn reaches(types: &[TypeDef], from: TypeId, target: TypeId) -> bool {
    let mut seen = vec![false; types.len()];
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == target {
            return true;
        }
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        match &types[id].kind {
            TypeKind::Struct(s) => {
                stack.extend(s.fields.iter().filter_map(|f| direct(&f.ty)));
            }
            TypeKind::Alias(ty) => stack.extend(direct(ty)),
            // `oneOf` branches of named types are boxed by the template.
            TypeKind::StringEnum(_)
            | TypeKind::IntEnum(_)
            | TypeKind::OneOf(_)
            | TypeKind::AnyOf(_) => {}
        }
    }
    false
}
