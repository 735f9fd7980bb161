//! Where a module's models go when there are too many for one crate.
//!
//! rustc's memory and time grow faster than the size of a crate: the full Datadog API in one
//! crate took 3.6 GB and 45 CPU-s to `cargo check`; the same code with its models in six crates
//! of about 1 MB of source each takes 0.95 GB (the main crate, with the operations) and 36.5
//! CPU-s, and 32 s instead of 47 s of wall time. So a module whose models exceed
//! [`super::CrateSettings::model_part_bytes`] has them in sub-crates (`parts/` of the output),
//! which the crate re-exports where they would otherwise be: nothing changes for its users.
//!
//! A type and the types it refers to either share a part or the latter sit in an earlier part,
//! so parts depend only on earlier ones: the types are cut into strongly connected components
//! (types that refer to each other stay together), taken dependencies first, and filled into
//! parts of even size in that order.

use crate::ir::{TypeDef, TypeId};
use crate::passes::usage::children;

/// The parts of a module whose model files have `sizes` bytes (indexed like `types`): `None`
/// when they fit in one crate, else the ids of each part's types, in file-plan order.
pub(super) fn partition(
    types: &[TypeDef],
    sizes: &[usize],
    budget: usize,
) -> Option<Vec<Vec<TypeId>>> {
    let total: usize = sizes.iter().sum();
    if total <= budget.max(1) {
        return None;
    }
    let count = total.div_ceil(budget.max(1));
    let mut parts: Vec<Vec<TypeId>> = vec![Vec::new()];
    let mut filled = 0;
    for component in components(types) {
        let size: usize = component.iter().map(|id| sizes[*id]).sum();
        // A new part starts once this one holds its share of the whole.
        let last = parts.len() - 1;
        if filled + size > total * parts.len() / count
            && !parts[last].is_empty()
            && parts.len() < count
        {
            parts.push(Vec::new());
        }
        filled += size;
        let last = parts.len() - 1;
        parts[last].extend(component);
    }
    for part in &mut parts {
        part.sort_unstable();
    }
    Some(parts)
}

/// The strongly connected components of the graph of type references, each listed after every
/// component it refers to (Tarjan's algorithm, iterative: a chain of thousands of types must
/// not exhaust the stack).
fn components(types: &[TypeDef]) -> Vec<Vec<TypeId>> {
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            children(def, &mut out);
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect();
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; types.len()];
    let mut low = vec![0; types.len()];
    let mut on_stack = vec![false; types.len()];
    let mut stack: Vec<TypeId> = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..types.len() {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, how many of its edges are done)
        let mut calls: Vec<(TypeId, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut done)) = calls.last_mut() {
            if let Some(&child) = edges[node].get(*done) {
                *done += 1;
                if index[child] == UNSEEN {
                    index[child] = next;
                    low[child] = next;
                    next += 1;
                    stack.push(child);
                    on_stack[child] = true;
                    calls.push((child, 0));
                } else if on_stack[child] {
                    low[node] = low[node].min(index[child]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                component.sort_unstable();
                out.push(component);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::testing::{def, field};
    use crate::ir::{Additional, Struct, TypeKind, TypeRef};

    /// Structs named `T<i>` whose fields refer to the given types.
    fn types(refs: &[&[TypeId]]) -> Vec<TypeDef> {
        refs.iter()
            .enumerate()
            .map(|(i, targets)| {
                let fields = targets
                    .iter()
                    .map(|t| field(&format!("f{t}"), TypeRef::Named(*t)))
                    .collect();
                def(
                    &format!("T{i}"),
                    TypeKind::Struct(Struct {
                        fields,
                        additional: Additional::Closed,
                    }),
                )
            })
            .collect()
    }

    #[test]
    fn small_modules_stay_whole() {
        let types = types(&[&[1], &[]]);
        assert_eq!(partition(&types, &[10, 10], 20), None);
    }

    #[test]
    fn components_come_after_what_they_refer_to() {
        // 0 -> 1 -> 2 -> 1 (1 and 2 form a cycle), 3 alone.
        let types = types(&[&[1], &[2], &[1], &[]]);
        assert_eq!(components(&types), vec![vec![1, 2], vec![0], vec![3]]);
    }

    #[test]
    fn parts_depend_only_on_earlier_parts_and_keep_cycles_whole() {
        // A chain 0 -> 1 -> ... -> 9, with 4 <-> 5 a cycle.
        let mut refs: Vec<Vec<TypeId>> = (0..10)
            .map(|i| if i < 9 { vec![i + 1] } else { vec![] })
            .collect();
        refs[5].push(4);
        let slices: Vec<&[TypeId]> = refs.iter().map(Vec::as_slice).collect();
        let types = types(&slices);
        let parts = partition(&types, &[10; 10], 30).expect("split");
        assert_eq!(parts.len(), 4);
        let part_of = |id: TypeId| parts.iter().position(|p| p.contains(&id)).unwrap();
        assert_eq!(part_of(4), part_of(5));
        for (from, targets) in refs.iter().enumerate() {
            for to in targets {
                assert!(part_of(*to) <= part_of(from), "{from} -> {to}: {parts:?}");
            }
        }
        let mut all: Vec<TypeId> = parts.concat();
        all.sort_unstable();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn a_long_chain_does_not_exhaust_the_stack() {
        let refs: Vec<Vec<TypeId>> = (0..200_000)
            .map(|i| if i < 199_999 { vec![i + 1] } else { vec![] })
            .collect();
        let slices: Vec<&[TypeId]> = refs.iter().map(Vec::as_slice).collect();
        assert_eq!(components(&types(&slices)).len(), 200_000);
    }
}
