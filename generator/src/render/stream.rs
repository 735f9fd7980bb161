//! The item stream of an `x-pagination` operation: which page holds the items, and how the
//! next page is asked for, as typed views the `api.rs` template spells.

use super::text::{bare, docs};
use super::types::rust_type;
use crate::ir::*;

pub(super) struct StreamView {
    pub(super) docs: Vec<String>,
    pub(super) name: String,
    pub(super) item: String,
    /// Where the items are in the page: `None` for the page itself.
    pub(super) items: Option<Chain>,
    pub(super) next: Next,
}

/// An `Option` chain from `page` along property names, borrowing (`by_ref`) or taking.
pub(super) struct Chain {
    pub(super) by_ref: bool,
    pub(super) steps: Vec<Step>,
}

pub(super) struct Step {
    pub(super) field: String,
    pub(super) access: Access,
    /// The field is boxed: unbox after the step.
    pub(super) boxed: bool,
}

pub(super) enum Access {
    /// A required, non-nullable field.
    Required,
    /// An optional nullable field (`Option<Option<T>>`).
    Nested,
    /// Any other field (`Option<T>`).
    Optional,
}

/// How the next page's parameters are made from this one's.
pub(super) enum Next {
    /// The cursor found in the page (`cursor` is its chain), while items come back.
    Cursor {
        cursor: Chain,
        params_type: String,
        field: String,
    },
    /// An offset or page number moved on, while pages come back full.
    Counter {
        params_type: String,
        field: String,
        /// The page size parameter: `params.<limit>`, converted to `i64` unless `wide`.
        limit: Option<(String, bool)>,
        /// The offset's integer type (it moves by the items received); `None`: a page number,
        /// moving by one.
        offset: Option<String>,
    },
}

/// Follows `path` (property names) from a value of type `ty`: the chain and the type found at
/// the end.
fn walk(
    ty: &TypeRef,
    path: &[String],
    types: &[TypeDef],
    by_ref: bool,
) -> Option<(Chain, TypeRef)> {
    let mut steps = Vec::new();
    let mut ty = ty.clone();
    for segment in path {
        let TypeRef::Named(id) = unalias(&ty, types) else {
            return None;
        };
        let TypeKind::Struct(s) = &types[*id].kind else {
            return None;
        };
        let field = s.fields.iter().find(|f| f.name.original == *segment)?;
        let access = match (field.required, field.nullable) {
            (true, false) => Access::Required,
            (false, true) => Access::Nested,
            _ => Access::Optional,
        };
        steps.push(Step {
            field: field.name.rust.clone(),
            access,
            boxed: field.boxed,
        });
        ty = field.ty.clone();
    }
    Some((Chain { by_ref, steps }, ty))
}

/// The item stream of an `x-pagination` operation whose only argument is its parameters
/// (`params_type`); `None` where the spec's pagination does not fit the operation.
pub(super) fn stream_view(
    op: &Operation,
    types: &[TypeDef],
    params_type: Option<&String>,
) -> Option<StreamView> {
    let pagination = op.pagination.as_ref()?;
    let params_type = params_type?.clone();
    if op.several_successes() {
        return None;
    }
    let Some(Payload::Json(page_ty)) = op
        .responses
        .iter()
        .find(|r| r.is_success())
        .and_then(|r| r.body.as_ref())
    else {
        return None;
    };
    let param = |wire: &str| op.params.iter().find(|p| p.name.original == wire);
    let integer = |p: &Param| matches!(unalias(&p.ty, types), TypeRef::Integer(_));
    let (items, items_ty) = if pagination.results.is_empty() {
        (None, page_ty.clone())
    } else {
        let (chain, ty) = walk(page_ty, &pagination.results, types, false)?;
        (Some(chain), ty)
    };
    let TypeRef::Array(item) = unalias(&items_ty, types) else {
        return None;
    };
    let limit = match &pagination.limit {
        Some(wire) => {
            let limit = param(wire).filter(|p| integer(p))?;
            let wide = matches!(unalias(&limit.ty, types), TypeRef::Integer(IntFormat::I64));
            Some((limit.name.rust.clone(), wide))
        }
        None => None,
    };
    let next = match &pagination.mode {
        PageMode::Cursor { param: wire, path } => {
            let cursor =
                param(wire).filter(|p| matches!(unalias(&p.ty, types), TypeRef::String))?;
            let (chain, cursor_ty) = walk(page_ty, path, types, true)?;
            if !matches!(unalias(&cursor_ty, types), TypeRef::String) {
                return None;
            }
            Next::Cursor {
                cursor: chain,
                params_type,
                field: cursor.name.rust.clone(),
            }
        }
        PageMode::Offset { param: wire } | PageMode::Page { param: wire } => {
            let counter = param(wire).filter(|p| integer(p))?;
            let offset = matches!(pagination.mode, PageMode::Offset { .. })
                .then(|| rust_type(unalias(&counter.ty, types), types, "models::"));
            Next::Counter {
                params_type,
                field: counter.name.rust.clone(),
                limit,
                offset,
            }
        }
    };
    Some(StreamView {
        docs: docs(&stream_docs(op, pagination)),
        name: op.items.stream_method.clone(),
        item: rust_type(item, types, "models::"),
        items,
        next,
    })
}

fn stream_docs(op: &Operation, pagination: &Pagination) -> String {
    let name = bare(&op.items.stream_method);
    let next = match &pagination.mode {
        PageMode::Cursor { path, .. } => {
            format!("cursor found at `{}` in the response", path.join("."))
        }
        PageMode::Offset { .. } => "offset moved past the items received".to_string(),
        PageMode::Page { .. } => "next page number".to_string(),
    };
    let limit = if pagination.limit.is_some() {
        " or shorter than the page size"
    } else {
        ""
    };
    format!(
        "Every item of [`Self::{}`], page after page, as a stream (`x-pagination`).\n\nThe first page is asked for with `params`; the next with the {next}, until a page comes back empty{limit}. Pin it to iterate: `let mut items = std::pin::pin!(api.{name}(params)); while let Some(item) = items.next().await {{ … }}` (with [`crate::StreamExt`]).\n\n# Errors\n\nThe stream yields the operation's error, after which it ends.",
        bare(&op.name.rust),
    )
}
