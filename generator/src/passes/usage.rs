//! Usage pass: records, for every type, which groups' operations reach it (through fields,
//! items, map values, `oneOf` branches and aliases), so each model can be compiled only when
//! one of those groups' cargo features is on. Types no operation reaches get the pseudo-group
//! `groups.len()` and are reached from there, so their own dependencies come along.

use crate::ir::{Additional, Api, Payload, TypeDef, TypeId, TypeKind, TypeRef};

pub fn mark_used_by(mut api: Api) -> Api {
    for module in &mut api.modules {
        let mut roots: Vec<Vec<TypeId>> = module
            .groups
            .iter()
            .map(|group| {
                let mut ids = Vec::new();
                for op in &group.operations {
                    for param in &op.params {
                        named(&param.ty, &mut ids);
                    }
                    let payloads = op
                        .body
                        .iter()
                        .map(|b| &b.payload)
                        .chain(op.responses.iter().filter_map(|r| r.body.as_ref()));
                    for streamed in op.responses.iter().filter_map(|r| r.streamed.as_ref()) {
                        named(&streamed.item, &mut ids);
                    }
                    for payload in payloads {
                        match payload {
                            Payload::Json(ty) => named(ty, &mut ids),
                            Payload::Multipart(id) | Payload::Form { ty: id, .. } => ids.push(*id),
                            Payload::Text | Payload::Binary => {}
                        }
                    }
                }
                ids
            })
            .collect();
        let reached = reach_all(&module.types, &roots);
        let unreached: Vec<TypeId> = (0..module.types.len()).filter(|id| !reached[*id]).collect();
        roots.push(unreached);
        for (group, ids) in roots.iter().enumerate() {
            let mut seen = vec![false; module.types.len()];
            let mut stack = ids.clone();
            while let Some(id) = stack.pop() {
                if std::mem::replace(&mut seen[id], true) {
                    continue;
                }
                module.types[id].used_by.push(group);
                children(&module.types[id], &mut stack);
            }
        }
    }
    api
}

fn reach_all(types: &[TypeDef], roots: &[Vec<TypeId>]) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut stack: Vec<TypeId> = roots.iter().flatten().copied().collect();
    while let Some(id) = stack.pop() {
        if !std::mem::replace(&mut seen[id], true) {
            children(&types[id], &mut stack);
        }
    }
    seen
}

/// The named types `def` refers to directly.
pub(crate) fn children(def: &TypeDef, out: &mut Vec<TypeId>) {
    match &def.kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                named(&field.ty, out);
            }
            if let Additional::Typed(ty) = &s.additional {
                named(ty, out);
            }
        }
        TypeKind::OneOf(o) | TypeKind::AnyOf(o) => {
            o.variants.iter().for_each(|v| named(&v.ty, out))
        }
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => named(ty, out),
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
    }
}

/// The named types inside `ty` (through arrays and maps).
fn named(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named(inner, out),
        _ => {}
    }
}
