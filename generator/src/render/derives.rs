//! The derives `codegen.toml` may add to every model (`derives = ["Eq", "Hash"]`), and which
//! models allow each: a float has no `Eq`, `Hash` or `Ord`, a JSON value (`serde_json::Value`,
//! what open objects and unknown union values keep) no `Hash` or ordering, a type of the
//! user's is not assumed to have any. A model gets the derives its fields allow; the others go
//! without, so the crate still compiles.

use crate::ir::*;

/// The derives that may be asked for, in the order they are written.
pub const DERIVES: [&str; 4] = ["Eq", "Hash", "PartialOrd", "Ord"];

const EQ: u8 = 1;
const HASH: u8 = 2;
const PARTIAL_ORD: u8 = 4;
const ORD: u8 = 8;
const ALL: u8 = EQ | HASH | PARTIAL_ORD | ORD;

/// What each type of a module allows (a set of `DERIVES`, bit `i` for `DERIVES[i]`): the
/// greatest fixed point, so that a type that contains itself allows what its other fields do.
pub(super) fn allowed(types: &[TypeDef]) -> Vec<u8> {
    let mut allowed = vec![ALL; types.len()];
    loop {
        let mut changed = false;
        for (id, def) in types.iter().enumerate() {
            let now = of_kind(&def.kind, &allowed);
            if now != allowed[id] {
                allowed[id] = now;
                changed = true;
            }
        }
        if !changed {
            return allowed;
        }
    }
}

/// `, Eq, Hash`: the requested derives `def` allows and does not have already (enums
/// implement all four by their value; an alias is the type it names).
pub(super) fn extra(def: &TypeDef, allowed: u8, requested: &[String]) -> String {
    if matches!(
        def.kind,
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Alias(_)
    ) {
        return String::new();
    }
    DERIVES
        .iter()
        .enumerate()
        .filter(|(bit, name)| allowed & (1 << bit) != 0 && requested.iter().any(|r| r == *name))
        .map(|(_, name)| format!(", {name}"))
        .collect()
}

fn of_kind(kind: &TypeKind, allowed: &[u8]) -> u8 {
    let json_value = of_ref(&TypeRef::Any, allowed);
    match kind {
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => ALL,
        TypeKind::Struct(s) => {
            let additional = match &s.additional {
                Additional::Open => json_value,
                Additional::Typed(ty) => of_ref(ty, allowed),
                Additional::Closed => ALL,
            };
            s.fields
                .iter()
                .fold(additional, |set, f| set & of_ref(&f.ty, allowed))
        }
        // The value no branch matches is kept as JSON.
        TypeKind::OneOf(o) | TypeKind::AnyOf(o) => o
            .variants
            .iter()
            .fold(json_value, |set, v| set & of_ref(&v.ty, allowed)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => of_ref(ty, allowed),
    }
}

fn of_ref(ty: &TypeRef, allowed: &[u8]) -> u8 {
    match ty {
        TypeRef::Named(id) => allowed[*id],
        TypeRef::String
        | TypeRef::Integer(_)
        | TypeRef::Boolean
        | TypeRef::Bytes
        | TypeRef::Formatted(_) => ALL,
        TypeRef::Number(_) => PARTIAL_ORD,
        TypeRef::Any => EQ,
        TypeRef::Custom(_) => 0,
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            of_ref(inner, allowed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::testing::{def, field};

    #[test]
    fn a_model_gets_the_derives_its_fields_allow() {
        let closed = |fields| {
            TypeKind::Struct(Struct {
                fields,
                additional: Additional::Closed,
            })
        };
        let types = vec![
            // Text and a list of itself: everything.
            def(
                "Node",
                closed(vec![
                    field("name", TypeRef::String),
                    field("children", TypeRef::Array(Box::new(TypeRef::Named(0)))),
                ]),
            ),
            // A float: only an order.
            def(
                "Point",
                closed(vec![field("x", TypeRef::Number(NumberFormat::F64))]),
            ),
            // Open to unknown properties (JSON values): only `Eq`.
            def(
                "Open",
                TypeKind::Struct(Struct {
                    fields: vec![field("n", TypeRef::Named(0))],
                    additional: Additional::Open,
                }),
            ),
            // Holds a `Point`.
            def("Shape", closed(vec![field("at", TypeRef::Named(1))])),
        ];
        let allowed = allowed(&types);
        let all: Vec<String> = DERIVES.iter().map(ToString::to_string).collect();
        let extra = |id: usize| super::extra(&types[id], allowed[id], &all);
        assert_eq!(extra(0), ", Eq, Hash, PartialOrd, Ord");
        assert_eq!(extra(1), ", PartialOrd");
        assert_eq!(extra(2), ", Eq");
        assert_eq!(extra(3), ", PartialOrd");
        let some = ["Hash".to_string()];
        assert_eq!(super::extra(&types[0], allowed[0], &some), ", Hash");
    }
}
