//! Boxing pass: decides, in one place, which fields and union branches are held in a `Box`.
//!
//! - A union branch (of a `oneOf` or `anyOf`) is boxed when its type leads back to the union
//!   (the enum would be infinitely large) or is itself a struct or a union: an enum is as
//!   large as its largest branch, and boxing the large ones keeps every value of it small
//!   (clippy's `large_enum_variant`). Scalars, strings, enums and lists stay inline.
//! - A struct field is boxed when its type leads back to the struct without indirection.
//!   `Vec` and maps already put their items on the heap.
//!
//! Branches are decided first: a field's path back to its struct may pass through a branch
//! that is not boxed.

use crate::ir::{Api, TypeDef, TypeId, TypeKind, TypeRef, unalias};

pub fn box_recursive_fields(mut api: Api) -> Api {
    for module in &mut api.modules {
        newtype_recursive_aliases(&mut module.types);
        box_branches(&mut module.types);
        box_fields(&mut module.types);
    }
    api
}

/// An alias whose type leads back to it through aliases, lists, maps and `Option`s (no
/// struct or enum between) becomes a newtype.
fn newtype_recursive_aliases(types: &mut [TypeDef]) {
    fn leads_to(types: &[TypeDef], ty: &TypeRef, target: TypeId, seen: &mut Vec<TypeId>) -> bool {
        match ty {
            TypeRef::Named(id) if *id == target => true,
            TypeRef::Named(id) => match &types[*id].kind {
                TypeKind::Alias(inner) if !seen.contains(id) => {
                    seen.push(*id);
                    leads_to(types, inner, target, seen)
                }
                _ => false,
            },
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                leads_to(types, inner, target, seen)
            }
            _ => false,
        }
    }
    let recursive: Vec<TypeId> = (0..types.len())
        .filter(|&id| match &types[id].kind {
            TypeKind::Alias(ty) => leads_to(types, ty, id, &mut Vec::new()),
            _ => false,
        })
        .collect();
    for id in recursive {
        if let TypeKind::Alias(ty) = &types[id].kind {
            types[id].kind = TypeKind::Newtype(ty.clone());
        }
    }
}

fn box_branches(types: &mut [TypeDef]) {
    let boxed: Vec<(TypeId, usize)> = types
        .iter()
        .enumerate()
        .filter_map(|(id, def)| match &def.kind {
            TypeKind::OneOf(o) | TypeKind::AnyOf(o) => Some((id, o)),
            _ => None,
        })
        .flat_map(|(id, o)| {
            let types = &*types;
            o.variants
                .iter()
                .enumerate()
                .filter(move |(_, variant)| {
                    // Aliases count as what they stand for.
                    let large = matches!(
                        unalias(&variant.ty, types),
                        TypeRef::Named(target) if matches!(
                            types[*target].kind,
                            TypeKind::Struct(_) | TypeKind::OneOf(_) | TypeKind::AnyOf(_)
                                | TypeKind::Newtype(_)
                        )
                    );
                    large || direct(&variant.ty).is_some_and(|t| reaches(types, t, id))
                })
                .map(move |(index, _)| (id, index))
        })
        .collect();
    for (id, index) in boxed {
        if let TypeKind::OneOf(o) | TypeKind::AnyOf(o) = &mut types[id].kind {
            o.variants[index].boxed = true;
        }
    }
}

fn box_fields(types: &mut [TypeDef]) {
    let boxed: Vec<(TypeId, usize)> = types
        .iter()
        .enumerate()
        .filter_map(|(id, def)| match &def.kind {
            TypeKind::Struct(s) => Some((id, s)),
            _ => None,
        })
        .flat_map(|(id, s)| {
            let types = &*types;
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
        if let TypeKind::Struct(s) = &mut types[id].kind {
            s.fields[index].boxed = true;
        }
    }
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

/// Whether `target` is reachable from `from` through inline fields, aliases and branches
/// that are not boxed.
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
                stack.extend(
                    s.fields
                        .iter()
                        .filter(|f| !f.boxed)
                        .filter_map(|f| direct(&f.ty)),
                );
            }
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => stack.extend(direct(ty)),
            TypeKind::OneOf(o) | TypeKind::AnyOf(o) => {
                stack.extend(
                    o.variants
                        .iter()
                        .filter(|v| !v.boxed)
                        .filter_map(|v| direct(&v.ty)),
                );
            }
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::testing::{def, field};
    use crate::ir::*;

    fn branch(ty: TypeRef) -> OneOfVariant {
        OneOfVariant {
            name: Name::new("b".to_string()),
            ty,
            boxed: false,
        }
    }

    #[test]
    fn an_alias_that_contains_itself_becomes_a_newtype() {
        let list = |ty| TypeRef::Array(Box::new(ty));
        let mut types = vec![
            def("Tree", TypeKind::Alias(list(TypeRef::Named(1)))),
            def(
                "Branch",
                TypeKind::Alias(TypeRef::Nullable(Box::new(TypeRef::Named(0)))),
            ),
            def("Flat", TypeKind::Alias(list(TypeRef::Named(3)))),
            def("Leaf", TypeKind::Alias(TypeRef::String)),
        ];
        newtype_recursive_aliases(&mut types);
        let kinds: Vec<bool> = types
            .iter()
            .map(|t| matches!(t.kind, TypeKind::Newtype(_)))
            .collect();
        assert_eq!(kinds, [true, true, false, false]);
    }

    #[test]
    fn recursion_and_size_decide_what_is_boxed() {
        let mut types = vec![
            // 0: a struct whose field leads back to it through an alias.
            def(
                "Node",
                TypeKind::Struct(Struct {
                    fields: vec![
                        field("next", TypeRef::Named(1)),
                        field("list", TypeRef::Array(Box::new(TypeRef::Named(0)))),
                        field("name", TypeRef::String),
                    ],
                    additional: Additional::Closed,
                }),
            ),
            // 1: an alias to the struct.
            def("NodeRef", TypeKind::Alias(TypeRef::Named(0))),
            // 2: a union of the struct, a string alias, a string.
            def(
                "Choice",
                TypeKind::OneOf(OneOf {
                    variants: vec![
                        branch(TypeRef::Named(0)),
                        branch(TypeRef::Named(3)),
                        branch(TypeRef::String),
                    ],
                    discriminator: None,
                }),
            ),
            // 3: an alias to a string.
            def("Id", TypeKind::Alias(TypeRef::String)),
        ];
        box_branches(&mut types);
        box_fields(&mut types);
        let TypeKind::Struct(node) = &types[0].kind else {
            unreachable!()
        };
        let fields: Vec<bool> = node.fields.iter().map(|f| f.boxed).collect();
        assert_eq!(fields, [true, false, false]);
        let TypeKind::OneOf(choice) = &types[2].kind else {
            unreachable!()
        };
        let branches: Vec<bool> = choice.variants.iter().map(|v| v.boxed).collect();
        assert_eq!(branches, [true, false, false]);
    }
}
