//! What a generated method does with its inputs, as typed fragments the `api.rs` template
//! spells: path segments, query, header and cookie parameters, the body, the response arms.
//! Nothing here is Rust text; the choice of what to write is.

use super::text::lit;
use super::types::is_object;
use crate::ir::*;

/// How a parameter's value becomes one string.
pub(super) enum Text {
    /// `runtime::json_text(&value)?`
    Json,
    /// `runtime::value_text(&value)?`: a value of any schema, in its style.
    Value,
    /// `runtime::join(&value, separator)`: an array's items, joined.
    Join(String),
    /// `value.to_string()`
    Display,
}

impl Text {
    fn of(param: &Param) -> Text {
        match (&param.ty, param.style) {
            (_, Style::Json) => Text::Json,
            _ if param.structured => Text::Value,
            (TypeRef::Array(_), Style::Joined(separator)) => {
                Text::Join(lit(&separator.to_string()))
            }
            (TypeRef::Array(_), _) => Text::Join(lit(",")),
            _ => Text::Display,
        }
    }
}

/// A `runtime::Style`.
pub(super) enum StyleView {
    Form,
    Joined(String),
    Deep,
    Json,
}

impl From<Style> for StyleView {
    fn from(style: Style) -> Self {
        match style {
            Style::Form => StyleView::Form,
            Style::Joined(separator) => StyleView::Joined(lit(&separator.to_string())),
            Style::Deep => StyleView::Deep,
            Style::Json => StyleView::Json,
        }
    }
}

/// A path parameter, made a segment before the request is built:
/// `let id = runtime::path_segment("id", …)?;`.
pub(super) struct Segment {
    pub(super) name: String,
    pub(super) wire: String,
    /// `None`: the `&str` argument itself; else how the value becomes text.
    pub(super) text: Option<Text>,
}

impl Segment {
    pub(super) fn of(param: &Param) -> Segment {
        let plain = param.ty == TypeRef::String && param.style != Style::Json && !param.structured;
        Segment {
            name: param.name.rust.clone(),
            wire: lit(&param.name.original),
            text: (!plain).then(|| Text::of(param)),
        }
    }
}

/// A query, header or cookie parameter added to the request.
pub(super) struct ParamWrite {
    /// The parameter's field (in `params`) or argument.
    pub(super) name: String,
    /// `Some`: optional, read from `params` and written when set.
    pub(super) optional: bool,
    /// `query`, `header` or `cookie`: the `Request` method.
    pub(super) method: &'static str,
    pub(super) wire: String,
    pub(super) how: Write,
}

pub(super) enum Write {
    /// One pair per item (`form`, exploded).
    Each,
    /// `request.query_value(…)`: an object or a value of any schema, in its style.
    QueryValue(StyleView),
    /// `request.<method>(wire, text)`.
    Text(Text),
}

impl ParamWrite {
    pub(super) fn of(param: &Param, types: &[TypeDef]) -> ParamWrite {
        let method = match param.location {
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::Path => unreachable!("path parameters are path segments"),
        };
        let array = matches!(param.ty, TypeRef::Array(_));
        let how = match param.style {
            Style::Form if array && param.location != ParamLocation::Header => Write::Each,
            style
                if param.location == ParamLocation::Query
                    && (param.structured || is_object(&param.ty, types)) =>
            {
                Write::QueryValue(style.into())
            }
            _ => Write::Text(Text::of(param)),
        };
        ParamWrite {
            name: param.name.rust.clone(),
            optional: !param.required,
            method,
            wire: lit(&param.name.original),
            how,
        }
    }
}

/// The request body, and the media type it is sent as.
pub(super) struct BodyView {
    pub(super) required: bool,
    /// The media type, as a literal.
    pub(super) media: String,
    /// When the caller may pick another media type: the enum `params.media_type` holds.
    pub(super) media_choice: Option<String>,
    pub(super) call: BodyCall,
}

pub(super) enum BodyCall {
    Json,
    Text,
    Bytes,
    /// The parts of a multipart body, from the properties of its object.
    Multipart(Vec<Part>),
    /// A form; the styles of the properties that have one.
    Form(Vec<(String, StyleView)>),
}

/// A part of a multipart body: binary properties are file parts, the rest text (JSON for
/// structured values).
pub(super) struct Part {
    pub(super) name: String,
    pub(super) wire: String,
    pub(super) file: bool,
    /// Written only when set.
    pub(super) optional: bool,
}

impl BodyCall {
    pub(super) fn of(payload: &Payload, types: &[TypeDef]) -> BodyCall {
        match payload {
            Payload::Json(_) => BodyCall::Json,
            Payload::Text => BodyCall::Text,
            Payload::Binary => BodyCall::Bytes,
            Payload::Multipart(id) => {
                let TypeKind::Struct(s) = &types[*id].kind else {
                    return BodyCall::Multipart(Vec::new());
                };
                BodyCall::Multipart(
                    s.fields
                        .iter()
                        .map(|field| Part {
                            name: field.name.rust.clone(),
                            wire: lit(&field.name.original),
                            file: is_file_part(field),
                            optional: is_optional_part(field),
                        })
                        .collect(),
                )
            }
            Payload::Form { styles, .. } => BodyCall::Form(
                styles
                    .iter()
                    .map(|(name, style)| (lit(name), (*style).into()))
                    .collect(),
            ),
        }
    }
}

/// Whether a property of a multipart body is a file (a `crate::File` of the form).
pub(super) fn is_file_part(field: &Field) -> bool {
    field.ty == TypeRef::Bytes
}

/// Whether a part of a multipart body may be left out (an `Option` of the form).
pub(super) fn is_optional_part(field: &Field) -> bool {
    !field.required || field.nullable
}

/// A status pattern of the response `match`.
pub(super) enum Pattern {
    Code(u16),
    /// `4XX`: `400..=499`.
    Range(u8),
    Any,
}

impl From<StatusSpec> for Pattern {
    fn from(status: StatusSpec) -> Self {
        match status {
            StatusSpec::Code(code) => Pattern::Code(code),
            StatusSpec::Range(digit) => Pattern::Range(digit),
            StatusSpec::Default => Pattern::Any,
        }
    }
}

/// What an arm of the response `match` returns.
pub(super) enum ArmResult {
    /// `Ok(())`
    Unit,
    /// `response.<decode>()`
    Decode(&'static str),
    /// A variant of the operation's success enum, with its body decoded if it has one.
    Success {
        variant: String,
        decode: Option<&'static str>,
    },
    /// A variant of the operation's error enum, with its body decoded if it has one.
    Error {
        variant: String,
        decode: Option<&'static str>,
    },
    /// `Err(response.unexpected())`
    Unexpected,
}

pub(super) struct Arm {
    pub(super) pattern: Pattern,
    pub(super) result: ArmResult,
    /// A success arm of an operation with documented headers: it returns them too.
    pub(super) with_headers: bool,
}

/// The `Response` method that decodes a body: `json`, `text` or `bytes`.
fn decode(payload: &Payload) -> &'static str {
    match payload {
        Payload::Json(_) | Payload::Multipart(_) | Payload::Form { .. } => "json",
        Payload::Text => "text",
        Payload::Binary => "bytes",
    }
}

/// The arms of the response `match`: exact codes first (spec order), then ranges, then
/// `default` or, without one, the unexpected status.
pub(super) fn arms(op: &Operation) -> Vec<Arm> {
    let several = op.several_successes();
    let with_headers = !op.items.headers_method.is_empty();
    let mut responses: Vec<&Response> = op.responses.iter().collect();
    responses.sort_by_key(|r| match r.status {
        StatusSpec::Code(_) => 0,
        StatusSpec::Range(_) => 1,
        StatusSpec::Default => 2,
    });
    let mut arms: Vec<Arm> = responses
        .iter()
        .map(|r| {
            let decode = r.body.as_ref().map(decode);
            let variant = r.variant.rust.clone();
            let result = match (r.is_success(), decode) {
                (true, decode) if several => ArmResult::Success { variant, decode },
                (true, None) => ArmResult::Unit,
                (true, Some(decode)) => ArmResult::Decode(decode),
                (false, decode) => ArmResult::Error { variant, decode },
            };
            Arm {
                pattern: r.status.into(),
                result,
                with_headers: with_headers && r.is_success(),
            }
        })
        .collect();
    if !op.responses.iter().any(|r| r.status == StatusSpec::Default) {
        arms.push(Arm {
            pattern: Pattern::Any,
            result: ArmResult::Unexpected,
            with_headers: false,
        });
    }
    arms
}

/// The arms of the response `match` of a download, which sees only what did not succeed (a
/// success is returned unread): the error arms, then `default` or the unexpected status.
pub(super) fn download_arms(op: &Operation) -> Vec<Arm> {
    arms(op)
        .into_iter()
        .filter(|arm| matches!(arm.result, ArmResult::Error { .. } | ArmResult::Unexpected))
        .collect()
}

/// The path of a request: a literal, or a `format!` of the template with the segments in the
/// order of its placeholders (whatever order the spec declares the parameters in).
pub(super) struct PathView {
    /// The path, or the `format!` template (braces doubled), as a literal.
    pub(super) template: String,
    pub(super) args: Vec<String>,
}

impl PathView {
    pub(super) fn of(path: &str, segments: &[(&str, String)]) -> PathView {
        if segments.is_empty() {
            return PathView {
                template: lit(path),
                args: Vec::new(),
            };
        }
        let escape = |text: &str| text.replace('{', "{{").replace('}', "}}");
        let mut template = String::new();
        let mut args = Vec::new();
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            let end = rest[start..]
                .find('}')
                .map_or(rest.len(), |e| start + e + 1);
            template.push_str(&escape(&rest[..start]));
            let placeholder = rest[start + 1..end].trim_end_matches('}');
            match segments.iter().find(|(wire, _)| *wire == placeholder) {
                Some((_, name)) => {
                    template.push_str("{}");
                    args.push(name.clone());
                }
                None => template.push_str(&escape(&rest[start..end])),
            }
            rest = &rest[end..];
        }
        template.push_str(&escape(rest));
        PathView {
            template: lit(&template),
            args,
        }
    }
}
