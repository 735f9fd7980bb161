//! Intermediate model: the output of `lower`, the input of the passes, `names` and `render`.
//!
//! It says what the API is, not how Rust spells it: every identifier is a [`Name`] whose Rust
//! spelling is filled in by the `names` stage. Collections keep spec order (or are sorted), so
//! everything downstream iterates deterministically.

mod hint;

pub use hint::{Hint, HintPart};

/// An identifier from the spec and, once the `names` stage ran, its Rust spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Exactly as written in the spec (used for `serde(rename)`, wire names, docs).
    pub original: String,
    /// The Rust identifier; empty until `names::assign` runs.
    pub rust: String,
}

impl Name {
    pub fn new(original: impl Into<String>) -> Self {
        Self {
            original: original.into(),
            rust: String::new(),
        }
    }
}

/// The whole crate: one [`Module`] per spec file plus what they share.
#[derive(Debug, Clone)]
pub struct Api {
    pub modules: Vec<Module>,
    /// Server variables of all modules, merged by name (the crate has one configuration).
    pub server_variables: Vec<ServerVariable>,
    /// Security schemes of all modules, merged by name, sorted by name.
    pub security_schemes: Vec<SecurityScheme>,
    /// Response headers that tell how long to wait before retrying (`x-rate-limit-reset`).
    pub rate_limit_headers: Vec<String>,
}

/// One spec file, emitted as one Rust module.
#[derive(Debug, Clone)]
pub struct Module {
    pub name: Name,
    /// Path of the spec as given (for headers and docs).
    pub spec_path: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub server: Server,
    pub groups: Vec<Group>,
    pub types: Vec<TypeDef>,
    /// The cargo feature of the models no operation uses (`<module>-other-models`), set by
    /// `names`.
    pub other_models_feature: String,
    /// The constant naming the module's server in `api_spec.rs`, set by `names`.
    pub server_constant: String,
}

/// A server: a URL template with `{variable}` placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    /// Variables held at this server's own default instead of the configured value: those of
    /// an operation's server that are not the API-level variable of the same name.
    pub fixed: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    pub name: Name,
    pub default: String,
    /// Allowed values; empty means any value.
    pub allowed: Vec<String>,
    pub description: Option<String>,
    /// Environment variable that overrides the default (`x-env-name`).
    pub env: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    pub name: Name,
    /// The constant naming the scheme in `api_spec.rs`, set by `names`.
    pub constant: String,
    pub kind: SecurityKind,
    pub description: Option<String>,
    /// Environment variable holding the credential (`x-env-name`).
    pub env: Option<String>,
    /// The token URL of the OAuth 2 client-credentials flow, when the scheme declares one.
    pub client_credentials: Option<String>,
    /// The `Config` setters of a token provider (`with_<scheme>_provider`, bearer schemes)
    /// and of the client-credentials grant (`with_<scheme>_client_credentials`), set by
    /// `names`; empty where the scheme has none.
    pub provider_setter: String,
    pub client_credentials_setter: String,
    /// The specs (by source index) that define it. Specs generated into one crate share a
    /// scheme they define alike; one defined differently under the same name is a scheme of
    /// its own.
    pub sources: Vec<usize>,
}

impl SecurityScheme {
    /// Whether `other` is the same credential (name and definition; not where it is defined).
    pub fn same_as(&self, other: &SecurityScheme) -> bool {
        self.name.original == other.name.original
            && self.kind == other.kind
            && self.description == other.description
            && self.env == other.env
            && self.client_credentials == other.client_credentials
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// A key sent in the named request header.
    ApiKeyHeader(String),
    /// A key sent as the named query parameter.
    ApiKeyQuery(String),
    /// An `Authorization: Bearer` token: HTTP bearer, or an OAuth 2 access token the user obtained.
    Bearer,
    /// HTTP basic authentication: a user name and a password.
    Basic,
}

/// Operations sharing a tag: one `...Api` struct in the generated crate.
#[derive(Debug, Clone)]
pub struct Group {
    pub name: Name,
    /// The cargo feature that enables the group (`module-group`), set by `names`.
    pub feature: String,
    /// The struct of the group's methods (`…Api`), set by `names`.
    pub struct_name: String,
    pub description: Option<String>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// From `operationId`.
    pub name: Name,
    /// What else the operation adds to its group's module, named by `names`.
    pub items: OperationItems,
    pub method: http::Method,
    /// Path template as in the spec, e.g. `/api/v2/accounts/{id}`.
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// `x-unstable`: the operation is in preview; the text says so.
    pub unstable: Option<String>,
    /// The operation's own server (`servers` on the operation), replacing the module's.
    pub server: Option<Server>,
    /// `x-pagination`, when its parameters are query parameters of the operation.
    pub pagination: Option<Pagination>,
    /// `x-permission`.
    pub permission: Option<Permission>,
    /// Alternatives; each lists the schemes (with scopes) that must all be present.
    pub security: Vec<Vec<SecurityUse>>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
}

/// The Rust names of what an operation adds beside its method, set by `names`; empty where
/// the operation has no such item.
#[derive(Debug, Clone, Default)]
pub struct OperationItems {
    /// The method that streams the items of every page (`<name>_stream`), named after every
    /// operation's own method, so that a real operation keeps its name.
    pub stream_method: String,
    /// The method that also returns the response headers (`<name>_with_headers`), likewise.
    pub headers_method: String,
    /// The struct of a `multipart/form-data` body (`<Name>Form`): its fields, files as
    /// `crate::File`.
    pub form_type: String,
    /// The method that returns the items of a streamed success body ([`Operation::streamed`]):
    /// `<name>_events` for server-sent events, `<name>_items` for JSON lines; likewise.
    pub streamed_method: String,
    /// The method that returns the success body as it arrives (`<name>_download`), for an
    /// operation whose success is a file or text ([`Operation::downloads`]), likewise.
    pub download_method: String,
    /// The `runtime::Operation` constant describing it.
    pub constant: String,
    /// The enum of its documented error responses ([`Operation::has_error_type`]).
    pub error_type: String,
    /// The enum of its success responses ([`Operation::several_successes`]).
    pub success_type: String,
    /// The struct of its documented response headers ([`Operation::has_headers`]).
    pub headers_type: String,
    /// The struct of its optional parameters ([`Operation::has_params_type`]).
    pub params_type: String,
    /// The enum of the media types its body can be sent as, and its variants, one per media
    /// type (the body's, then its alternatives).
    pub media_type_enum: String,
    pub media_variants: Vec<String>,
    /// The constant naming its own server in `api_spec.rs`, when it has one.
    pub server_constant: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    /// `OR` or `AND`.
    pub operator: String,
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityUse {
    /// Index into [`Api::security_schemes`].
    pub scheme: usize,
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: Name,
    pub location: ParamLocation,
    pub required: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    pub ty: TypeRef,
    /// The spec's example of the value (the parameter's or its schema's), for the generated
    /// examples.
    pub example: Option<serde_json::Value>,
    /// How the value is written (`style`, `explode`, `content`).
    pub style: Style,
    /// Not a scalar, an array of scalars or (in the query) an object: written from its JSON
    /// value, in `style` (scalars as text, arrays and objects as the style lays them out).
    pub structured: bool,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub media_type: String,
    /// Other media types the body can be sent as, with the same schema (JSON flavours such
    /// as `application/merge-patch+json`): the caller may choose one.
    pub alternatives: Vec<String>,
    pub required: bool,
    pub description: Option<String>,
    pub payload: Payload,
    pub examples: Vec<Example>,
}

/// What a request or response body holds, by media type.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// `application/json`, `text/json`, `*+json`, `application/json;…`: a typed value.
    Json(TypeRef),
    /// `text/*` and textual `application/*` types (YAML, XML, CSV): a string.
    Text,
    /// Anything else (zip, octet-stream, images): bytes, never decoded as text.
    Binary,
    /// `multipart/form-data`: the parts are the properties of this object type.
    Multipart(TypeId),
    /// `application/x-www-form-urlencoded` (request bodies): the properties of this object type
    /// as `name=value` pairs; `styles` lists the properties not written the default way.
    Form {
        ty: TypeId,
        styles: Vec<(String, Style)>,
    },
}

/// How a parameter or form field is written (OpenAPI `style`, `explode` and `content`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `style: form` with `explode: true` (the default of query and cookie parameters and form
    /// fields): a `name=value` pair per array item; an object gives its own properties.
    Form,
    /// One value, the items (or an object's keys and values) joined by this: `explode: false`
    /// (`,`), `spaceDelimited`, `pipeDelimited`, and `style: simple` (path and header).
    Joined(char),
    /// `deepObject`: `name[key]=value`.
    Deep,
    /// `content: application/json`: the value as JSON text.
    Json,
}

/// A named example value, already serialized as pretty JSON.
#[derive(Debug, Clone)]
pub struct Example {
    pub name: String,
    pub json: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusSpec {
    Code(u16),
    /// `1XX` .. `5XX`: the first digit.
    Range(u8),
    /// `default`: any status the operation does not list otherwise.
    Default,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: StatusSpec,
    /// Names the error variant; `original` is the status as written (`404`, `4XX`).
    pub variant: Name,
    pub description: String,
    /// The body, if the response has one.
    pub body: Option<Payload>,
    pub examples: Vec<Example>,
    /// The headers it documents (success responses only).
    pub headers: Vec<ResponseHeader>,
    /// A media type it offers as a stream of typed items (success responses only), beside
    /// or instead of the one `body` reads.
    pub streamed: Option<Streamed>,
}

/// A response body read as a stream of typed items as they arrive.
#[derive(Debug, Clone, PartialEq)]
pub struct Streamed {
    pub kind: StreamKind,
    /// The media type asked for (`Accept`), as the spec writes it.
    pub media_type: String,
    /// The type of each item: for server-sent events, of each event's `data`.
    pub item: TypeRef,
}

/// How a streamed body is cut into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamKind {
    /// `text/event-stream`: server-sent events.
    Events,
    /// One JSON value per line or per record: `application/x-ndjson`, `application/jsonl`,
    /// `application/json-seq`, `…;stream=watch`.
    JsonLines,
}

/// A documented response header, exposed by the operation's `…_with_headers` method.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// `original` is the header name as the spec writes it.
    pub name: Name,
    pub description: Option<String>,
    /// A scalar type.
    pub ty: TypeRef,
}

impl Response {
    pub fn is_success(&self) -> bool {
        match self.status {
            StatusSpec::Code(code) => (200..300).contains(&code),
            StatusSpec::Range(digit) => digit == 2,
            StatusSpec::Default => false,
        }
    }
}

impl Operation {
    /// Whether the success statuses have different bodies: the method then returns an enum
    /// with a variant per success status.
    pub fn several_successes(&self) -> bool {
        let mut bodies = self
            .responses
            .iter()
            .filter(|r| r.is_success())
            .map(|r| r.body.as_ref());
        bodies
            .next()
            .is_some_and(|first| bodies.any(|body| body != first))
    }

    /// Whether its success is a file or text (one body for every success status): the body can
    /// then be read as it arrives instead of whole.
    pub fn downloads(&self) -> bool {
        !self.several_successes()
            && self
                .responses
                .iter()
                .any(|r| r.is_success() && matches!(r.body, Some(Payload::Binary | Payload::Text)))
    }

    /// The streamed body its success offers, if any: items read as they arrive.
    pub fn streamed(&self) -> Option<&Streamed> {
        self.responses
            .iter()
            .filter(|r| r.is_success())
            .find_map(|r| r.streamed.as_ref())
    }

    /// The struct a `multipart/form-data` body is read from, if it has one.
    pub fn multipart_body(&self) -> Option<TypeId> {
        match self.body.as_ref()?.payload {
            Payload::Multipart(id) => Some(id),
            _ => None,
        }
    }

    /// Whether it documents a response that is not a success: those are an enum's variants.
    pub fn has_error_type(&self) -> bool {
        self.responses.iter().any(|r| !r.is_success())
    }

    /// Whether a success response documents headers: `<name>_with_headers` returns them.
    pub fn has_headers(&self) -> bool {
        self.responses
            .iter()
            .any(|r| r.is_success() && !r.headers.is_empty())
    }

    /// Whether the method takes a struct of optional parameters (the body's media type among
    /// them, when there is a choice).
    pub fn has_params_type(&self) -> bool {
        self.params.iter().any(|p| !p.required)
            || self
                .body
                .as_ref()
                .is_some_and(|b| !b.alternatives.is_empty())
    }
}

/// `ty` with aliases followed, in the type space `types`.
pub fn unalias<'t>(mut ty: &'t TypeRef, types: &'t [TypeDef]) -> &'t TypeRef {
    for _ in 0..types.len() {
        match ty {
            TypeRef::Named(id) => match &types[*id].kind {
                TypeKind::Alias(target) => ty = target,
                _ => break,
            },
            _ => break,
        }
    }
    ty
}

/// A value written as one piece of text (a parameter or a header): a string, number, boolean
/// or enum. `ty` is already unaliased.
pub fn is_scalar(ty: &TypeRef, types: &[TypeDef]) -> bool {
    match ty {
        TypeRef::Named(id) => matches!(
            types[*id].kind,
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_)
        ),
        TypeRef::String
        | TypeRef::Formatted(_)
        | TypeRef::Integer(_)
        | TypeRef::Number(_)
        | TypeRef::Boolean => true,
        _ => false,
    }
}

/// Index of a [`TypeDef`] in its module's `types`.
pub type TypeId = usize;

/// The type of a field, parameter or body.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Named(TypeId),
    String,
    Integer(IntFormat),
    Number(NumberFormat),
    Boolean,
    /// `format: binary`: raw bytes (a file part of a multipart body).
    Bytes,
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys and values of one type.
    Map(Box<TypeRef>),
    /// A value that may be `null` where nullability has no other place: array items, map
    /// values (`nullable: true` on the schema, or on the component it refers to). Fields carry
    /// their own nullability.
    Nullable(Box<TypeRef>),
    /// Any JSON value: the schema says nothing about it (`{}`), so nothing is lost.
    Any,
    /// A string of a `format` the crate types behind a cargo feature (a `String` without it).
    Formatted(Format),
    /// A type of the user's (a path), in place of a `format` or a component schema.
    Custom(String),
}

/// A string `format` with a type of its own behind the generated crate's feature of the same
/// name (`runtime/src/formats.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `date-time`: RFC 3339.
    DateTime,
    Uuid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntFormat {
    I32,
    I64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    F32,
    F64,
}

/// A named type of the generated crate.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: Name,
    /// The module (and file stem) of the type in `models/`, set by `names`.
    pub module: String,
    /// Indexes of the module's groups whose operations reach this type; `groups.len()` stands
    /// for "reached from no operation". Filled by the usage pass; sorted.
    pub used_by: Vec<usize>,
    /// The schema itself says `nullable: true`.
    pub nullable: bool,
    /// Where it was defined, for diagnostics and docs.
    pub pointer: String,
    /// Where an inline type appears (its parent and its role there): what it is named after,
    /// and what its docs say when the spec has no description. `Root` for a component.
    pub hint: Hint,
    pub description: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    StringEnum(StringEnum),
    IntEnum(IntEnum),
    /// `oneOf`, told apart by shape or by a `discriminator`.
    OneOf(OneOf),
    /// `anyOf`: every branch the value matches (no discriminator).
    AnyOf(OneOf),
    /// Another name for a type (a component schema that is a primitive, array, map or `$ref`).
    Alias(TypeRef),
    /// An alias that contains itself (a list of lists of itself): a type of its own that holds
    /// the value, since a Rust type alias cannot refer to itself. Set by the boxing pass.
    Newtype(TypeRef),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    pub additional: Additional,
}

/// What a struct does with properties the spec does not list.
#[derive(Debug, Clone, PartialEq)]
pub enum Additional {
    /// `additionalProperties` unset or `true`: kept as JSON values.
    Open,
    /// `additionalProperties: {schema}`: kept, typed.
    Typed(TypeRef),
    /// `additionalProperties: false`: not accepted.
    Closed,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: Name,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub description: Option<String>,
    pub read_only: bool,
    pub write_only: bool,
    pub format: Option<String>,
    /// Set by the cycles pass where the field's type contains its struct directly.
    pub boxed: bool,
    /// The chainable setter of an optional field (`.name(value)`), set by `names`; empty for
    /// a required one (`new` takes it).
    pub setter: String,
    /// The example the property's own schema gives, for the generated examples.
    pub example: Option<serde_json::Value>,
}

#[derive(Debug, Clone)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// `original` is the wire value; the Rust spelling starts from `x-enum-varnames` if given.
    pub name: Name,
    pub varname_hint: Option<String>,
}

#[derive(Debug, Clone)]
pub struct IntEnum {
    pub variants: Vec<IntVariant>,
}

#[derive(Debug, Clone)]
pub struct IntVariant {
    pub value: i64,
    /// `original` is the value as text.
    pub name: Name,
    pub varname_hint: Option<String>,
}

/// A value that is exactly one of several schemas. Deserialization picks a branch by the rule
/// documented on the generated type (see `render`), and keeps values matching none.
#[derive(Debug, Clone)]
pub struct OneOf {
    pub variants: Vec<OneOfVariant>,
    /// `discriminator`: the property whose value names the branch.
    pub discriminator: Option<Discriminator>,
}

/// The branch of a `oneOf` is told by a property's value.
#[derive(Debug, Clone)]
pub struct Discriminator {
    /// The property's wire name.
    pub property: String,
    /// Each tag value and the index of its branch; every branch has at least one, and the
    /// first of a branch is the one written.
    pub tags: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct OneOfVariant {
    /// `original` is the referenced schema's name, or a description of an inline branch.
    pub name: Name,
    pub ty: TypeRef,
    /// Set by the boxing pass where the branch is held in a `Box`.
    pub boxed: bool,
}

/// How to walk the pages of a list operation (`x-pagination`). Parameter names are wire names
/// of optional query parameters; paths are property names from the response's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    pub mode: PageMode,
    /// The page size parameter, if any: a page shorter than it is the last.
    pub limit: Option<String>,
    /// Where the items are (empty: the response is the array).
    pub results: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageMode {
    /// The next page is asked for with the cursor found at `path` in the response.
    Cursor { param: String, path: Vec<String> },
    /// The parameter counts items to skip.
    Offset { param: String },
    /// The parameter numbers pages from 0.
    Page { param: String },
}

/// Builders for the unit tests of the passes that work on types.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A component type named `name`.
    pub(crate) fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: Name::new(name.to_string()),
            module: String::new(),
            used_by: Vec::new(),
            nullable: false,
            pointer: String::new(),
            hint: Hint::root(name),
            description: None,
            kind,
        }
    }

    /// An optional field.
    pub(crate) fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            name: Name::new(name.to_string()),
            ty,
            required: false,
            nullable: false,
            description: None,
            read_only: false,
            write_only: false,
            format: None,
            boxed: false,
            setter: String::new(),
            example: None,
        }
    }
}
