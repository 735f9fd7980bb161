//! An `apis` file: a group's struct, and for each operation its constant, its method (and
//! `_with_headers`, `_stream` siblings), and the types that go with it (success and error
//! enums, media types, response headers, optional parameters).

use askama::Template;

use super::api_spec::operation_id;
use super::op_docs::{deprecation_note, operation_docs};
use super::statements::{
    Arm, ArmResult, BodyCall, BodyView, ParamWrite, PathView, Pattern, Segment, StyleView, Text,
    Write, arms, download_arms, is_file_part, is_optional_part,
};
use super::stream::{Access, Next, StreamView, stream_view};
use super::text::{bare, docs, inner_docs, lit, paragraphs};
use super::types::{is_object, names_model, payload_type, rust_type};
use crate::ir::*;

#[derive(Template)]
#[template(path = "api.rs")]
pub(super) struct GroupView {
    docs: Vec<String>,
    module: String,
    /// Whether any operation calls a `runtime::` helper or names a model: imports follow.
    uses_runtime: bool,
    uses_models: bool,
    struct_name: String,
    operations: Vec<OperationView>,
}

struct OperationView {
    docs: Vec<String>,
    /// `#[deprecated(note = …)]`, as a literal.
    deprecated: Option<String>,
    name: String,
    const_name: String,
    id_lit: String,
    method: String,
    /// The constant of `api_spec.rs` naming its server.
    server: String,
    unstable: bool,
    /// The constants of `api_spec.rs` naming the schemes of each alternative.
    security: Vec<Vec<String>>,
    /// Arguments after `&self`: name and type.
    args: Vec<(String, String)>,
    ok_type: String,
    error_type: String,
    error_docs: Vec<String>,
    error_variants: Vec<VariantView>,
    /// Media types the body can be sent as, when there is a choice: the enum, its variants
    /// (name, media type, media type as a literal).
    media_type_enum: String,
    media_variants: Vec<(String, String, String)>,
    /// Documented response headers: the struct `<op>_with_headers` returns with the value,
    /// and its fields (name, header name as a literal).
    headers_type: String,
    header_reads: Vec<(String, String)>,
    /// The method that returns the headers too (`names` made it); empty without headers.
    headers_method: String,
    /// Several success statuses with different bodies: the enum the method returns.
    success_docs: Vec<String>,
    success_variants: Vec<VariantView>,
    params_type: String,
    /// The structs that go with the method: its response headers, its optional parameters.
    structs: Vec<FieldsView>,
    path: PathView,
    /// `<op>_stream`, for an `x-pagination` operation.
    stream: Option<StreamView>,
    /// Path parameters, made segments before the request is built.
    segments: Vec<Segment>,
    /// Query, header and cookie parameters, in spec order.
    params: Vec<ParamWrite>,
    body: Option<BodyView>,
    arms: Vec<Arm>,
    /// `<op>_download` for an operation whose success is a file or text, and `<op>_events`
    /// or `<op>_items` for one whose success streams items.
    unread: Vec<UnreadView>,
}

/// A method that returns a success unread, to be read as it arrives.
struct UnreadView {
    name: String,
    docs: Vec<String>,
    kind: Unread,
    /// The arms for what did not succeed.
    arms: Vec<Arm>,
}

impl UnreadView {
    /// The one arm that takes any status, when there is no other: no `match` is needed.
    fn only_arm(&self) -> Option<&Arm> {
        match self.arms.as_slice() {
            [arm] if matches!(arm.pattern, Pattern::Any) => Some(arm),
            _ => None,
        }
    }
}

/// How an unread success is read.
enum Unread {
    /// As chunks of bytes, a `Download`.
    Download,
    /// As server-sent events whose data are `item`s, asked for as the `media` literal.
    Events { item: String, media: String },
    /// As JSON values, `item`s, one per line or record.
    Items { item: String, media: String },
}

impl OperationView {
    /// Whether the method adds anything to the request after building it.
    fn adds_to_request(&self) -> bool {
        !self.params.is_empty() || self.body.is_some()
    }
}

/// A variant of an operation's success or error enum.
struct VariantView {
    docs: Vec<String>,
    name: String,
    /// The body's type, if the response has one.
    payload: Option<String>,
}

/// A struct that goes with a method: its optional parameters, response headers or
/// multipart form.
struct FieldsView {
    docs: Vec<String>,
    name: String,
    /// What it derives (a form holds files, which may be streams: no `Clone`).
    derives: &'static str,
    fields: Vec<FieldView>,
}

struct FieldView {
    docs: Vec<String>,
    name: String,
    ty: String,
}

pub(super) fn group_view(api: &Api, module: &Module, group: &Group) -> GroupView {
    let text = paragraphs(&[
        Some(format!("{}.", group.name.original)),
        group.description.clone(),
    ]);
    let operations: Vec<OperationView> = group
        .operations
        .iter()
        .map(|o| operation_view(api, module, &group.struct_name, o))
        .collect();
    GroupView {
        docs: inner_docs(&text),
        module: module.name.rust.clone(),
        uses_runtime: group
            .operations
            .iter()
            .any(|op| calls_runtime(op, &module.types))
            || operations.iter().any(|op| op.stream.is_some()),
        uses_models: group
            .operations
            .iter()
            .any(|op| method_names_model(op, &module.types)),
        operations,
        struct_name: group.struct_name.clone(),
    }
}

/// Whether an operation's method names a model: in a parameter, the body (or the fields of
/// its multipart form) or a response.
fn method_names_model(op: &Operation, types: &[TypeDef]) -> bool {
    let payload = |p: &Payload| match p {
        Payload::Form { .. } => true,
        Payload::Json(ty) => names_model(ty),
        Payload::Multipart(id) => match &types[*id].kind {
            TypeKind::Struct(s) => s.fields.iter().any(|f| names_model(&f.ty)),
            _ => false,
        },
        Payload::Text | Payload::Binary => false,
    };
    op.params.iter().any(|p| names_model(&p.ty))
        || op.streamed().is_some_and(|s| names_model(&s.item))
        || op.body.as_ref().is_some_and(|b| payload(&b.payload))
        || op
            .responses
            .iter()
            .filter_map(|r| r.body.as_ref())
            .any(payload)
}

/// Whether an operation's method calls a `runtime::` helper: path segments, JSON or joined
/// parameters, query objects, multipart parts, form styles.
fn calls_runtime(op: &Operation, types: &[TypeDef]) -> bool {
    op.params.iter().any(|p| {
        let array = matches!(p.ty, TypeRef::Array(_));
        p.location == ParamLocation::Path
            || p.structured
            || p.style == Style::Json
            || (array && (p.style != Style::Form || p.location == ParamLocation::Header))
            || (p.location == ParamLocation::Query && is_object(&p.ty, types))
    }) || op.body.as_ref().is_some_and(|b| match &b.payload {
        Payload::Multipart(_) => true,
        Payload::Form { styles, .. } => !styles.is_empty(),
        _ => false,
    })
}

/// The variants of an operation's success enum (when it has several successes) or error
/// enum.
fn variants(op: &Operation, types: &[TypeDef], success: bool) -> Vec<VariantView> {
    if success && !op.several_successes() {
        return Vec::new();
    }
    op.responses
        .iter()
        .filter(|r| r.is_success() == success)
        .map(|r| {
            let default = if r.status == StatusSpec::Default && !success {
                "\n\nAny status the operation does not list otherwise; the error carries it."
            } else {
                ""
            };
            VariantView {
                docs: docs(&format!(
                    "`{}`: {}{default}",
                    r.variant.original,
                    r.description.trim(),
                )),
                name: r.variant.rust.clone(),
                payload: r.body.as_ref().map(|payload| payload_type(payload, types)),
            }
        })
        .collect()
}

/// The documented headers of the success responses, once per name.
fn header_fields(op: &Operation, types: &[TypeDef]) -> (Vec<FieldView>, Vec<(String, String)>) {
    let mut fields: Vec<FieldView> = Vec::new();
    let mut reads = Vec::new();
    let success_headers = op.responses.iter().filter(|r| r.is_success());
    for header in success_headers.flat_map(|r| &r.headers) {
        if fields.iter().any(|f| f.name == header.name.rust) {
            continue;
        }
        let text = match header.description.as_deref() {
            Some(description) => format!("`{}`: {}", header.name.original, description.trim()),
            None => format!("The `{}` response header.", header.name.original),
        };
        fields.push(FieldView {
            docs: docs(&text),
            name: header.name.rust.clone(),
            ty: format!("Option<{}>", rust_type(&header.ty, types, "models::")),
        });
        reads.push((header.name.rust.clone(), lit(&header.name.original)));
    }
    (fields, reads)
}

/// What the method takes: required parameters in spec order, then the body, then the
/// optional parameters (a struct); and what it does with them.
struct Inputs {
    args: Vec<(String, String)>,
    segments: Vec<Segment>,
    params: Vec<ParamWrite>,
    body: Option<BodyView>,
    /// Fields of the optional-parameters struct.
    optional: Vec<FieldView>,
    path: PathView,
}

fn inputs(op: &Operation, types: &[TypeDef]) -> Inputs {
    let mut inputs = Inputs {
        args: Vec::new(),
        segments: Vec::new(),
        params: Vec::new(),
        body: None,
        optional: Vec::new(),
        path: PathView::of(&op.path, &[]),
    };
    let mut path_args = Vec::new();
    for param in &op.params {
        let name = &param.name.rust;
        let ty = rust_type(&param.ty, types, "models::");
        if !param.required {
            inputs.params.push(ParamWrite::of(param, types));
            inputs.optional.push(FieldView {
                docs: docs(&param_docs(param)),
                name: name.clone(),
                ty: format!("Option<{ty}>"),
            });
            continue;
        }
        let arg_ty = if param.ty == TypeRef::String {
            "&str".to_string()
        } else {
            ty
        };
        inputs.args.push((name.clone(), arg_ty));
        if param.location == ParamLocation::Path {
            inputs.segments.push(Segment::of(param));
            path_args.push((param.name.original.as_str(), name.clone()));
        } else {
            inputs.params.push(ParamWrite::of(param, types));
        }
    }
    inputs.path = PathView::of(&op.path, &path_args);
    if let Some(body) = &op.body {
        let ty = match &body.payload {
            Payload::Json(ty) => format!("&{}", rust_type(ty, types, "models::")),
            Payload::Text => "&str".to_string(),
            // Bytes, a `Vec`, a string or a stream (`Upload::stream`); `None` needs a type.
            Payload::Binary if body.required => "impl Into<crate::Upload>".to_string(),
            Payload::Binary => "crate::Upload".to_string(),
            // Owned: its files may be streams, which are sent, not copied.
            Payload::Multipart(_) => op.items.form_type.clone(),
            Payload::Form { ty: id, .. } => format!("&models::{}", types[*id].name.rust),
        };
        let choice = !body.alternatives.is_empty();
        if choice {
            inputs.optional.push(FieldView {
                docs: docs(&format!(
                    "The media type to send the body as; `None` sends `{}`.",
                    body.media_type
                )),
                name: "media_type".to_string(),
                ty: format!("Option<{}>", op.items.media_type_enum),
            });
        }
        inputs.args.push((
            "body".to_string(),
            if body.required {
                ty
            } else {
                format!("Option<{ty}>")
            },
        ));
        inputs.body = Some(BodyView {
            required: body.required,
            media: lit(&body.media_type),
            media_choice: choice.then(|| op.items.media_type_enum.clone()),
            call: BodyCall::of(&body.payload, types),
        });
    }
    if !inputs.optional.is_empty() {
        inputs
            .args
            .push(("params".to_string(), op.items.params_type.clone()));
    }
    inputs
}

/// The doc of an optional parameter's field.
fn param_docs(param: &Param) -> String {
    let notes = paragraphs(&[
        param.description.clone(),
        param.deprecated.then(|| "Deprecated.".to_string()),
    ]);
    if !notes.is_empty() {
        return notes;
    }
    let location = match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    format!("The `{}` {location} parameter.", param.name.original)
}

/// The structs that go with a method, those it has: its response headers, its optional
/// parameters.
fn structs(
    op: &Operation,
    types: &[TypeDef],
    link: &str,
    headers: Vec<FieldView>,
    optional: Vec<FieldView>,
) -> Vec<FieldsView> {
    const PLAIN: &str = "Debug, Clone, Default, PartialEq";
    let headers_docs = format!(
        "The response headers of {link} that the spec documents; each is `None` when the response does not carry it."
    );
    let form_docs = format!(
        "The `multipart/form-data` body of {link}: each field is a part, each file a \
         [`File`](crate::File) (bytes or a stream, with its file name and content type)."
    );
    [
        (&op.items.headers_type, headers_docs, PLAIN, headers),
        (
            &op.items.params_type,
            format!("Optional parameters of {link}."),
            PLAIN,
            optional,
        ),
        (
            &op.items.form_type,
            form_docs,
            "Debug, Default",
            form_fields(op, types),
        ),
    ]
    .into_iter()
    .filter(|(name, _, _, _)| !name.is_empty())
    .filter(|(_, _, _, fields)| !fields.is_empty())
    .map(|(name, text, derives, fields)| FieldsView {
        docs: docs(&text),
        name: name.clone(),
        derives,
        fields,
    })
    .collect()
}

/// The fields of an operation's multipart form: the properties of its body, files as
/// `crate::File`, optional (or nullable) ones as `Option`.
fn form_fields(op: &Operation, types: &[TypeDef]) -> Vec<FieldView> {
    let Some(id) = op.multipart_body() else {
        return Vec::new();
    };
    let TypeKind::Struct(s) = &types[id].kind else {
        return Vec::new();
    };
    s.fields
        .iter()
        .map(|field| {
            let ty = if is_file_part(field) {
                "crate::File".to_string()
            } else {
                rust_type(&field.ty, types, "models::")
            };
            let text = field
                .description
                .clone()
                .unwrap_or_else(|| format!("The `{}` part.", field.name.original));
            FieldView {
                docs: docs(&text),
                name: field.name.rust.clone(),
                ty: if is_optional_part(field) {
                    format!("Option<{ty}>")
                } else {
                    ty
                },
            }
        })
        .collect()
}

/// The type an operation's method returns on success.
pub(super) fn ok_type(op: &Operation, types: &[TypeDef]) -> String {
    if op.several_successes() {
        return op.items.success_type.clone();
    }
    let success = op.responses.iter().find(|r| r.is_success());
    success
        .and_then(|r| r.body.as_ref())
        .map_or_else(|| "()".to_string(), |p| payload_type(p, types))
}

fn operation_view(api: &Api, module: &Module, struct_name: &str, op: &Operation) -> OperationView {
    let types = &module.types;
    let id = operation_id(module, op);
    let error_variants = variants(op, types, false);
    let error_type = if error_variants.is_empty() {
        "std::convert::Infallible".to_string()
    } else {
        op.items.error_type.clone()
    };
    let ok_type = ok_type(op, types);
    let (header_fields, header_reads) = header_fields(op, types);
    let inputs = inputs(op, types);
    // The stream takes the parameters struct, when that is the method's only argument.
    let stream_params =
        (inputs.args.len() == 1 && !inputs.optional.is_empty()).then_some(&op.items.params_type);
    let link = format!("[`{struct_name}::{}`]", bare(&op.name.rust));
    let error_names: Vec<&str> = error_variants.iter().map(|v| v.name.as_str()).collect();
    let media_types = op
        .body
        .iter()
        .filter(|b| !b.alternatives.is_empty())
        .flat_map(|b| std::iter::once(&b.media_type).chain(&b.alternatives));
    OperationView {
        docs: docs(&operation_docs(api, op, &id, &error_type, &error_names)),
        deprecated: op.deprecated.then(|| lit(&deprecation_note(op))),
        name: op.name.rust.clone(),
        const_name: op.items.constant.clone(),
        id_lit: lit(&id),
        method: op.method.as_str().to_string(),
        server: match &op.server {
            Some(_) => op.items.server_constant.clone(),
            None => module.server_constant.clone(),
        },
        unstable: op.unstable.is_some(),
        security: op
            .security
            .iter()
            .map(|alt| {
                alt.iter()
                    .map(|u| api.security_schemes[u.scheme].constant.clone())
                    .collect()
            })
            .collect(),
        args: inputs.args,
        ok_type,
        error_docs: docs(&format!("Documented error responses of {link}.")),
        headers_method: op.items.headers_method.clone(),
        headers_type: op.items.headers_type.clone(),
        header_reads,
        media_type_enum: op.items.media_type_enum.clone(),
        media_variants: op
            .items
            .media_variants
            .iter()
            .zip(media_types)
            .map(|(name, media)| (name.clone(), media.clone(), lit(media)))
            .collect(),
        success_docs: docs(&format!(
            "The success responses of {link}: the status decides the body."
        )),
        success_variants: variants(op, types, true),
        error_type,
        error_variants,
        structs: structs(op, types, &link, header_fields, inputs.optional),
        params_type: op.items.params_type.clone(),
        stream: stream_view(op, types, stream_params),
        path: inputs.path,
        segments: inputs.segments,
        params: inputs.params,
        body: inputs.body,
        arms: arms(op),
        unread: op
            .downloads()
            .then(|| download_view(op, &link))
            .into_iter()
            .chain(op.streamed().map(|s| streamed_view(op, s, types, &link)))
            .collect(),
    }
}

/// The `<operation>_events` or `<operation>_items` sibling of an operation whose success
/// streams items.
fn streamed_view(op: &Operation, streamed: &Streamed, types: &[TypeDef], link: &str) -> UnreadView {
    let item = rust_type(&streamed.item, types, "models::");
    let media = lit(&streamed.media_type);
    let (kind, text) = match streamed.kind {
        StreamKind::Events => (
            Unread::Events { item, media },
            format!(
                "{link}, with the success body read as server-sent events (`{}`) as they \
                 arrive: an [`Events`](crate::Events) stream of [`Event`](crate::Event)s whose \
                 data decode as the spec describes. An event that does not decode is an error \
                 item and the stream goes on; [`Events::reconnect`](crate::Events::reconnect) \
                 resumes a dropped stream with `Last-Event-ID`.",
                streamed.media_type
            ),
        ),
        StreamKind::JsonLines => (
            Unread::Items { item, media },
            format!(
                "{link}, with the success body read item by item as it arrives (`{}`, one JSON \
                 value per line or record): an [`Items`](crate::Items) stream. An item that \
                 does not decode is an error item and the stream goes on.",
                streamed.media_type
            ),
        ),
    };
    UnreadView {
        name: op.items.streamed_method.clone(),
        docs: docs(&format!(
            "{text}\n\nAnything but a success is read and returned as by {link}. The time \
             limit covers the whole stream.\n\n# Errors\n\nAs {link}."
        )),
        kind,
        arms: download_arms(op),
    }
}

/// The `<operation>_download` sibling of an operation whose success is a file or text.
fn download_view(op: &Operation, link: &str) -> UnreadView {
    UnreadView {
        name: op.items.download_method.clone(),
        docs: docs(&format!(
            "{link}, with the success body read as it arrives instead of whole: a \
             [`Download`](crate::Download) to read chunk by chunk or as a stream, for large \
             files and exports, in constant memory; a body of JSON lines decodes item by \
             item with [`Download::json_lines`](crate::Download::json_lines).\n\nAnything \
             but a success is read and \
             returned as by {link}. The response size limit does not apply to the streamed \
             body; the time limit covers the whole transfer.\n\n# Errors\n\nAs {link}."
        )),
        kind: Unread::Download,
        arms: download_arms(op),
    }
}
