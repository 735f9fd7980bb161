//! Render: the named intermediate model in, unformatted files (path, text) out.
//!
//! One view-model struct per template, with every string computed here: identifiers, types,
//! string literals (through [`lit`]), doc attributes (through [`docs`]) and the few code
//! fragments that depend on a parameter's shape. The templates in `templates/` only read fields.

use askama::Template;
use proc_macro2::Literal;

use crate::ir::*;

/// A rendered file, before formatting.
pub struct RenderedFile {
    /// Path inside the crate, with `/` separators.
    pub path: String,
    pub text: String,
    /// Spec paths the file was made from, for its header.
    pub sources: Vec<String>,
    /// Which template made it, for errors.
    pub template: &'static str,
    /// The template lays the file out itself (macro invocations, which a printer would put on
    /// one line): it is checked, not printed again.
    pub laid_out: bool,
}

/// Settings of the emitted crate.
#[derive(Debug, Clone)]
pub struct CrateSettings {
    pub name: String,
    pub version: String,
}

/// A Rust string literal, escaped by proc-macro2.
pub fn lit(text: &str) -> String {
    Literal::string(text).to_string()
}

/// Doc comments, one per line of `text`: `/// line`, or `#[doc = "..."]` for a line a comment
/// cannot hold (a carriage return or another control character). Files the generator lays out
/// itself are written as they are; the others are printed again from their syntax tree, which
/// keeps the same forms.
pub fn docs(text: &str) -> Vec<String> {
    doc_lines(text, "///", "#[doc = ")
}

fn inner_docs(text: &str) -> Vec<String> {
    doc_lines(text, "//!", "#![doc = ")
}

fn doc_lines(text: &str, comment: &str, attribute: &str) -> Vec<String> {
    // `description: ''` still documents the item (`missing_docs` is denied in the crate).
    let text = if text.trim().is_empty() {
        "No description in the spec."
    } else {
        text
    };
    text.trim()
        .lines()
        .map(|line| {
            let line = line.trim_end();
            if line.chars().any(|c| c.is_control() && c != '\t') {
                format!("{attribute}{}]", lit(&format!(" {line}")))
            } else if line.is_empty() {
                comment.to_string()
            } else {
                format!("{comment} {line}")
            }
        })
        .collect()
}

fn paragraphs(parts: &[Option<String>]) -> String {
    parts
        .iter()
        .flatten()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn bare(ident: &str) -> &str {
    ident.trim_start_matches("r#")
}

/// The Rust type for `ty`; `models` is how the models module is reached from the file.
fn rust_type(ty: &TypeRef, types: &[TypeDef], models: &str) -> String {
    match ty {
        TypeRef::Named(id) => format!("{models}{}", types[*id].name.rust),
        TypeRef::String => "String".into(),
        TypeRef::Integer(IntFormat::I32) => "i32".into(),
        TypeRef::Integer(IntFormat::I64) => "i64".into(),
        TypeRef::Number(NumberFormat::F32) => "f32".into(),
        TypeRef::Number(NumberFormat::F64) => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Bytes => "bytes::Bytes".into(),
        TypeRef::Array(item) => format!("Vec<{}>", rust_type(item, types, models)),
        TypeRef::Map(value) => format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type(value, types, models)
        ),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(inner, types, models)),
        TypeRef::Any => "serde_json::Value".into(),
    }
}

pub fn render(api: &Api, settings: &CrateSettings) -> Result<Vec<RenderedFile>, askama::Error> {
    let all_sources: Vec<String> = api.modules.iter().map(|m| m.spec_path.clone()).collect();
    let mut files = Vec::new();
    let mut push = |path: String,
                    text: String,
                    sources: Vec<String>,
                    template: &'static str,
                    laid_out: bool| {
        files.push(RenderedFile {
            path,
            text,
            sources,
            template,
            laid_out,
        });
    };
    push(
        "Cargo.toml".into(),
        CargoToml {
            name: &settings.name,
            version: &settings.version,
            features: api.modules.iter().flat_map(module_features).collect(),
        }
        .render()?,
        all_sources.clone(),
        "Cargo.toml",
        false,
    );
    push(
        "README.md".into(),
        readme_view(api, settings, &all_sources).render()?,
        all_sources.clone(),
        "README.md",
        false,
    );
    push(
        "rustfmt.toml".into(),
        RustfmtToml.render()?,
        all_sources.clone(),
        "rustfmt.toml",
        false,
    );
    push(
        "src/lib.rs".into(),
        lib_view(api, settings).render()?,
        all_sources.clone(),
        "lib.rs",
        false,
    );
    for (path, text) in RUNTIME {
        push(
            format!("src/{path}"),
            text.to_string(),
            vec![format!("runtime/src/{path} of the generator, verbatim")],
            path,
            true,
        );
    }
    push(
        "src/api_spec.rs".into(),
        api_spec_view(api, settings).render()?,
        all_sources.clone(),
        "api_spec.rs",
        false,
    );
    for module in &api.modules {
        let dir = format!("src/{}", bare(&module.name.rust));
        let sources = vec![module.spec_path.clone()];
        push(
            format!("{dir}/mod.rs"),
            module_view(module).render()?,
            sources.clone(),
            "module.rs",
            false,
        );
        let models = ModelsMod {
            entries: module
                .types
                .iter()
                .map(|t| (type_cfg(module, t), t.module.clone(), t.name.rust.clone()))
                .collect(),
        };
        push(
            format!("{dir}/models/mod.rs"),
            models.render()?,
            sources.clone(),
            "models_mod.rs",
            false,
        );
        for def in &module.types {
            let view = model_view(def, &module.types);
            push(
                format!("{dir}/models/{}.rs", bare(&def.module)),
                view.render()?,
                sources.clone(),
                "model.rs",
                view.laid_out(),
            );
        }
        for group in &module.groups {
            let view = group_view(api, module, group);
            push(
                format!("{dir}/apis/{}.rs", bare(&group.name.rust)),
                view.render()?,
                sources.clone(),
                "api.rs",
                false,
            );
        }
    }
    Ok(files)
}

#[derive(Template)]
#[template(path = "Cargo.toml")]
struct CargoToml<'a> {
    name: &'a str,
    version: &'a str,
    /// Every feature: one per group, and one per module for models no operation uses.
    features: Vec<String>,
}

/// The features of a module: one per group, then `<module>-other-models`.
fn module_features(module: &Module) -> Vec<String> {
    let mut features: Vec<String> = module.groups.iter().map(|g| g.feature.clone()).collect();
    features.push(module.other_models_feature.clone());
    features
}

/// `#[cfg(...)]` for a type, from the groups that use it.
fn type_cfg(module: &Module, def: &TypeDef) -> String {
    let features: Vec<String> = def
        .used_by
        .iter()
        .map(|g| {
            module.groups.get(*g).map_or_else(
                || module.other_models_feature.clone(),
                |group| group.feature.clone(),
            )
        })
        .collect();
    cfg_any(&features)
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]` for several.
fn cfg_any(features: &[String]) -> String {
    let conditions: Vec<String> = features
        .iter()
        .map(|f| format!("feature = {}", lit(f)))
        .collect();
    match conditions.as_slice() {
        [one] => format!("#[cfg({one})]"),
        _ => format!("#[cfg(any({}))]", conditions.join(", ")),
    }
}

#[derive(Template)]
#[template(path = "rustfmt.toml")]
struct RustfmtToml;

/// The generated crate's README: what API, how to depend on it, configure it, pick features,
/// regenerate it.
#[derive(Template)]
#[template(path = "README.md")]
struct Readme {
    name: String,
    ident: String,
    sources: String,
    modules: Vec<ReadmeModule>,
    /// The lines of the example program that reach an API group.
    example_call: String,
    example_feature: String,
    /// Environment variable and what it sets.
    env: Vec<(String, String)>,
    /// The `Config::with_…` setters, as a list in prose.
    setters: String,
    /// Feature and the operations it enables.
    features: Vec<(String, String)>,
}

struct ReadmeModule {
    title: String,
    version: String,
    module: String,
    operations: usize,
    groups: usize,
}

fn readme_view(api: &Api, settings: &CrateSettings, sources: &[String]) -> Readme {
    let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let example = api.modules.iter().find_map(|m| {
        let group = m.groups.first()?;
        Some((
            format!(
                "let api = client.{}().{}();\n    // api.<operation>(…).await?",
                bare(&m.name.rust),
                bare(&group.name.rust)
            ),
            group.feature.clone(),
        ))
    });
    let (example_call, example_feature) = example.unwrap_or_else(|| {
        (
            "// This API documents no operations; its models are in the crate.".to_string(),
            api.modules
                .first()
                .map(|m| m.other_models_feature.clone())
                .unwrap_or_default(),
        )
    });
    let mut env = vec![(
        base_url_env(settings),
        "a base URL that replaces the spec's servers (a mock server, a gateway)".to_string(),
    )];
    for variable in &api.server_variables {
        if let Some(name) = &variable.env {
            env.push((
                name.clone(),
                format!(
                    "the server variable `{}` (default `{}`)",
                    one_line(&variable.name.original),
                    one_line(&variable.default)
                ),
            ));
        }
    }
    for scheme in &api.security_schemes {
        if let Some(name) = &scheme.env {
            env.push((
                name.clone(),
                format!(
                    "the credential of security scheme `{}`",
                    one_line(&scheme.name.original)
                ),
            ));
        }
    }
    let setters = api
        .server_variables
        .iter()
        .map(|v| &v.name.rust)
        .chain(api.security_schemes.iter().map(|s| &s.name.rust))
        .map(|name| format!("`Config::with_{}`", bare(name)))
        .chain(std::iter::once("`Config::with_base_url`".to_string()))
        .collect::<Vec<_>>()
        .join(", ");
    let features = api
        .modules
        .iter()
        .flat_map(|m| {
            m.groups
                .iter()
                .map(|g| (g.feature.clone(), g.operations.len().to_string()))
                .chain(std::iter::once((
                    m.other_models_feature.clone(),
                    "none (models no operation uses)".to_string(),
                )))
        })
        .collect();
    Readme {
        name: settings.name.clone(),
        ident: settings.name.replace('-', "_"),
        sources: sources.join(", "),
        modules: api
            .modules
            .iter()
            .map(|m| ReadmeModule {
                title: one_line(&m.title),
                version: one_line(&m.version),
                module: bare(&m.name.rust).to_string(),
                operations: m.groups.iter().map(|g| g.operations.len()).sum(),
                groups: m.groups.len(),
            })
            .collect(),
        example_call,
        example_feature,
        env,
        setters,
        features,
    }
}

#[derive(Template)]
#[template(path = "lib.rs")]
struct Lib {
    docs: Vec<String>,
    modules: Vec<String>,
    /// `all(feature = …, …)`: true when every feature is on. With fewer, parts of the runtime
    /// are legitimately unused.
    all_features: String,
}

fn lib_view(api: &Api, settings: &CrateSettings) -> Lib {
    let titles: Vec<String> = api
        .modules
        .iter()
        .map(|m| {
            format!(
                "- [`{}`] — {}, version {}",
                bare(&m.name.rust),
                m.title,
                m.version
            )
        })
        .collect();
    let text = format!(
        "`{}`: an async client for these APIs, generated from their OpenAPI descriptions.\n\n{}\n\nStart with [`Config`] and [`Client`]; every operation returns a typed [`Error`] on failure.",
        settings.name,
        titles.join("\n")
    );
    let all: Vec<String> = api
        .modules
        .iter()
        .flat_map(module_features)
        .map(|f| format!("feature = {}", lit(&f)))
        .collect();
    Lib {
        all_features: format!("all({})", all.join(", ")),
        docs: inner_docs(&text),
        modules: api.modules.iter().map(|m| m.name.rust.clone()).collect(),
    }
}

/// The files every generated crate carries unchanged: the runtime crate's source (`runtime/`),
/// compiled, linted and tested there against a stand-in for `api_spec.rs`.
const RUNTIME: [(&str, &str); 3] = [
    ("runtime.rs", include_str!("../../runtime/src/runtime.rs")),
    ("config.rs", include_str!("../../runtime/src/config.rs")),
    ("macros.rs", include_str!("../../runtime/src/macros.rs")),
];

struct VariableView {
    docs: Vec<String>,
    setter: String,
    name_lit: String,
    default_lit: String,
    allowed: Vec<String>,
    env: String,
}

struct SchemeView {
    docs: Vec<String>,
    setter: String,
    name_lit: String,
    /// How the credential travels: a `Carrier::…` expression.
    carrier: String,
    env: String,
    /// HTTP basic: the setter takes a user name and a password.
    basic: bool,
}

#[derive(Template)]
#[template(path = "api_spec.rs")]
struct ApiSpecView {
    /// `DATADOG_CLIENT_BASE_URL` for `datadog-client`.
    base_url_env: String,
    base_url_env_lit: String,
    variables: Vec<VariableView>,
    schemes: Vec<SchemeView>,
    servers: Vec<String>,
    /// `(docs, name, index)` of the constants naming servers and security schemes.
    server_constants: Vec<(Vec<String>, String, usize)>,
    scheme_constants: Vec<(Vec<String>, String, usize)>,
    unstable: Vec<String>,
    rate_limit_headers: Vec<String>,
}

fn option_lit(value: Option<&str>) -> String {
    value.map_or_else(|| "None".to_string(), |v| format!("Some({})", lit(v)))
}

/// The environment variable a crate's base URL is read from: its name in capitals.
fn base_url_env(settings: &CrateSettings) -> String {
    let name: String = settings
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("{name}_BASE_URL")
}

fn api_spec_view(api: &Api, settings: &CrateSettings) -> ApiSpecView {
    let variables = api
        .server_variables
        .iter()
        .map(|v| {
            let allowed = if v.allowed.is_empty() { "any value".to_string() } else { v.allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ") };
            let env = v.env.as_ref().map(|e| format!("Read from `{e}` by [`Config::from_env`]. ")).unwrap_or_default();
            let text = format!(
                "Sets the server variable `{}`{}\n\nAllowed: {allowed}. Default: `{}`. {env}\n\n# Errors\n\n[`ConfigError::UnknownServerValue`] for a value that is not allowed.",
                v.name.original,
                v.description.as_deref().map_or(".".to_string(), |d| format!(": {}", d.trim())),
                v.default
            );
            VariableView {
                docs: docs(&text),
                setter: format!("with_{}", bare(&v.name.rust)),
                name_lit: lit(&v.name.original),
                default_lit: lit(&v.default),
                allowed: v.allowed.iter().map(|a| lit(a)).collect(),
                env: option_lit(v.env.as_deref()),
            }
        })
        .collect();
    let schemes = api
        .security_schemes
        .iter()
        .map(|s| {
            let how = match &s.kind {
                SecurityKind::ApiKeyHeader(header) => format!("sent in the `{header}` header"),
                SecurityKind::ApiKeyQuery(name) => format!("sent as the `{name}` query parameter"),
                SecurityKind::Bearer => "sent as `Authorization: Bearer <token>`".to_string(),
                SecurityKind::Basic => "HTTP basic authentication: sent as `Authorization: Basic <base64 of user:password>`; the environment variable holds `user:password`".to_string(),
            };
            let env = s.env.as_ref().map(|e| format!(" Read from `{e}` by [`Config::from_env`].")).unwrap_or_default();
            let text = format!(
                "Sets the credential of security scheme `{}` ({how}){}{env}\n\nThe value never appears in `Debug` output.",
                s.name.original,
                s.description.as_deref().map_or(".".to_string(), |d| format!(": {}", d.trim()))
            );
            SchemeView {
                docs: docs(&text),
                setter: format!("with_{}", bare(&s.name.rust)),
                name_lit: lit(&s.name.original),
                carrier: match &s.kind {
                    SecurityKind::ApiKeyHeader(header) => format!("Carrier::Header({})", lit(header)),
                    SecurityKind::ApiKeyQuery(name) => format!("Carrier::Query({})", lit(name)),
                    SecurityKind::Bearer => "Carrier::Bearer".to_string(),
                    SecurityKind::Basic => "Carrier::Basic".to_string(),
                },
                env: option_lit(s.env.as_deref()),
                basic: s.kind == SecurityKind::Basic,
            }
        })
        .collect();
    let unstable = api
        .modules
        .iter()
        .flat_map(|m| {
            m.groups.iter().flat_map(move |g| {
                g.operations
                    .iter()
                    .filter(|o| o.unstable.is_some())
                    .map(move |o| lit(&operation_id(m, o)))
            })
        })
        .collect();
    let mut rate_limit_headers = vec!["retry-after".to_string()];
    rate_limit_headers.extend(api.rate_limit_headers.iter().cloned());
    rate_limit_headers.dedup();
    ApiSpecView {
        rate_limit_headers: rate_limit_headers.iter().map(|h| lit(h)).collect(),
        base_url_env: base_url_env(settings),
        base_url_env_lit: lit(&base_url_env(settings)),
        variables,
        schemes,
        server_constants: server_table(api)
            .iter()
            .enumerate()
            .filter_map(|(index, (server, constant))| {
                let text = format!("The server `{}`.", server.url);
                Some((docs(&text), (*constant)?.to_string(), index))
            })
            .collect(),
        scheme_constants: api
            .security_schemes
            .iter()
            .enumerate()
            .filter(|(index, _)| {
                let uses = operations(api).flat_map(|o| o.security.iter().flatten());
                uses.clone().any(|u| u.scheme == *index)
            })
            .map(|(index, s)| {
                let text = format!("The security scheme `{}`.", s.name.original);
                (docs(&text), s.constant.clone(), index)
            })
            .collect(),
        servers: server_table(api)
            .iter()
            .map(|(server, _)| {
                let fixed: Vec<String> = server
                    .fixed
                    .iter()
                    .map(|(name, value)| format!("({}, {})", lit(name), lit(value)))
                    .collect();
                format!(
                    "ServerDef {{ url: {}, fixed: &[{}] }}",
                    lit(&server.url),
                    fixed.join(", ")
                )
            })
            .collect(),
        unstable,
    }
}

/// Whether an operation's method names a model: in a parameter, the body or a response.
fn names_model(op: &Operation) -> bool {
    fn named(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(_) => true,
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named(inner),
            _ => false,
        }
    }
    let payload = |p: &Payload| {
        matches!(p, Payload::Multipart(_) | Payload::Form { .. })
            || matches!(p, Payload::Json(ty) if named(ty))
    };
    op.params.iter().any(|p| named(&p.ty))
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

/// Every server requests can go to, with the constant operations name it by: each module's
/// (by module index; no constant when no operation uses it), then the distinct servers of
/// single operations.
fn server_table(api: &Api) -> Vec<(&Server, Option<&str>)> {
    let mut table: Vec<(&Server, Option<&str>)> = api
        .modules
        .iter()
        .map(|m| {
            let used = m
                .groups
                .iter()
                .flat_map(|g| &g.operations)
                .any(|o| o.server.is_none());
            (&m.server, used.then_some(m.server_constant.as_str()))
        })
        .collect();
    let own = api
        .modules
        .iter()
        .flat_map(|m| &m.groups)
        .flat_map(|g| &g.operations)
        .filter_map(|o| Some((o.server.as_ref()?, o.items.server_constant.as_str())));
    for (server, constant) in own {
        if !table[api.modules.len()..].iter().any(|(s, _)| *s == server) {
            table.push((server, Some(constant)));
        }
    }
    table
}

/// Every operation of the crate.
fn operations(api: &Api) -> impl Iterator<Item = &Operation> + Clone {
    api.modules
        .iter()
        .flat_map(|m| &m.groups)
        .flat_map(|g| &g.operations)
}

/// The stable name of an operation: `module.method`, as users enable unstable ones.
fn operation_id(module: &Module, operation: &Operation) -> String {
    format!("{}.{}", bare(&module.name.rust), bare(&operation.name.rust))
}

#[derive(Template)]
#[template(path = "module.rs")]
struct ModuleView {
    /// `#[cfg(any(...))]` over the module's group features.
    any_group: String,
    docs: Vec<String>,
    name: String,
    /// `(module name, struct name, docs, cfg attribute)` of each group.
    groups: Vec<(String, String, Vec<String>, String)>,
}

fn module_view(module: &Module) -> ModuleView {
    let text = paragraphs(&[
        Some(format!("{} (version {}).", module.title, module.version)),
        module.description.clone(),
        Some(format!("Generated from `{}`.", module.spec_path)),
    ]);
    let features: Vec<String> = module.groups.iter().map(|g| g.feature.clone()).collect();
    ModuleView {
        any_group: cfg_any(&features),
        docs: inner_docs(&text),
        name: module.name.rust.clone(),
        groups: module
            .groups
            .iter()
            .map(|g| {
                let struct_name = g.struct_name.clone();
                let doc = docs(&format!(
                    "Operations of the {} group (cargo feature `{}`).",
                    g.name.original, g.feature
                ));
                let cfg = format!("#[cfg(feature = {})]", lit(&g.feature));
                (g.name.rust.clone(), struct_name, doc, cfg)
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "models_mod.rs")]
struct ModelsMod {
    /// `(cfg attribute, file stem, type name)`.
    entries: Vec<(String, String, String)>,
}

struct FieldView {
    docs: Vec<String>,
    name: String,
    ty: String,
    /// How the field is read, written and set by `new`: a kind of `macros::object!`.
    kind: &'static str,
    /// The property's name on the wire, as a literal.
    key: String,
}

struct VariantView {
    docs: Vec<String>,
    name: String,
    value_lit: String,
}

#[derive(Template)]
#[template(path = "model.rs")]
struct ModelView {
    docs: Vec<String>,
    name: String,
    kind: &'static str,
    derives: String,
    fields: Vec<FieldView>,
    /// `additional_properties` value type, when the struct keeps unknown properties.
    additional: Option<String>,
    /// `new` arguments: the required fields.
    new_args: Vec<String>,
    variants: Vec<VariantView>,
    /// Enums: the macro that writes them, `string_enum` or `int_enum`.
    enum_macro: &'static str,
    alias: String,
    /// `oneOf`, `anyOf`: how each branch is read.
    reads: Vec<String>,
    /// `additionalProperties: false`: properties left over are an error.
    closed: bool,
    /// `oneOf`, `anyOf`: how each branch is written.
    writes: Vec<String>,
    /// `oneOf`: the branch types, and the statements of the two matching passes.
    branches: Vec<VariantView>,
    exact_checks: Vec<String>,
    lenient_checks: Vec<String>,
    /// `oneOf` with a `discriminator`: the tag property (a literal).
    tag_property: String,
}

impl ModelView {
    /// Structs and enums are macro invocations, aliases one line: their template lays them out.
    fn laid_out(&self) -> bool {
        matches!(self.kind, "struct" | "enum" | "alias")
    }
}

fn model_view(def: &TypeDef, types: &[TypeDef]) -> ModelView {
    let description = def.description.clone().unwrap_or_else(|| {
        match def.pointer.strip_prefix("#/components/schemas/") {
            Some(name) if !name.contains('/') => format!("The `{}` schema.", def.name.original),
            _ => format!("The schema at `{}` in the spec.", def.pointer),
        }
    });
    let mut view = ModelView {
        docs: docs(&description),
        name: def.name.rust.clone(),
        kind: "",
        derives: String::new(),
        fields: Vec::new(),
        additional: None,
        new_args: Vec::new(),
        variants: Vec::new(),
        enum_macro: "",
        alias: String::new(),
        reads: Vec::new(),
        closed: false,
        writes: Vec::new(),
        branches: Vec::new(),
        exact_checks: Vec::new(),
        lenient_checks: Vec::new(),
        tag_property: String::new(),
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            view.kind = "struct";
            let all_optional = s.fields.iter().all(|f| !f.required);
            // `Serialize` and `Deserialize` are written by `macros::object!`.
            view.derives = if all_optional {
                "Debug, Clone, PartialEq, Default"
            } else {
                "Debug, Clone, PartialEq"
            }
            .into();
            view.closed = s.additional == Additional::Closed;
            for field in &s.fields {
                let inner = rust_type(&field.ty, types, "super::");
                let inner = if field.boxed {
                    format!("Box<{inner}>")
                } else {
                    inner
                };
                let nullable =
                    field.nullable || matches!(field.ty, TypeRef::Named(id) if types[id].nullable);
                let ty = match (field.required, nullable) {
                    (true, false) => inner.clone(),
                    (true, true) => format!("Option<{inner}>"),
                    (false, false) => format!("Option<{inner}>"),
                    (false, true) => format!("Option<Option<{inner}>>"),
                };
                let kind = match (field.required, nullable) {
                    (true, true) if field.boxed => "required_nullable_boxed",
                    (true, false) if field.boxed => "required_boxed",
                    (true, _) => "required",
                    (false, false) => "optional",
                    (false, true) => "nullable",
                };
                if field.required {
                    let unboxed = rust_type(&field.ty, types, "super::");
                    let arg_ty = if field.boxed && nullable {
                        format!("Option<{unboxed}>")
                    } else if field.boxed {
                        unboxed
                    } else {
                        ty.clone()
                    };
                    view.new_args.push(format!("{}: {arg_ty}", field.name.rust));
                }
                let mut notes = Vec::new();
                if field.required {
                    notes.push("Required".to_string());
                }
                if nullable {
                    notes.push(if field.required {
                        "may be `null` (`None`)".into()
                    } else {
                        "`Some(None)` sends `null`".into()
                    });
                }
                if field.read_only {
                    notes.push("read-only: set by the server".into());
                }
                if field.write_only {
                    notes.push("write-only: never returned by the server".into());
                }
                if let Some(format) = &field.format {
                    notes.push(format!("format `{format}`"));
                }
                let notes = if notes.is_empty() {
                    None
                } else {
                    Some(format!("{}.", notes.join("; ")))
                };
                let referenced = match &field.ty {
                    TypeRef::Named(id) => types[*id].description.clone(),
                    _ => None,
                };
                let description = field
                    .description
                    .clone()
                    .or(referenced)
                    .or_else(|| Some(format!("The `{}` property.", field.name.original)));
                view.fields.push(FieldView {
                    // Notes end the description's last line: no extra paragraph per field.
                    docs: docs(
                        &[description, notes]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                    name: field.name.rust.clone(),
                    ty,
                    kind,
                    key: lit(&field.name.original),
                });
            }
            view.additional = match &s.additional {
                Additional::Open => Some("serde_json::Value".into()),
                Additional::Typed(ty) => Some(rust_type(ty, types, "super::")),
                Additional::Closed => None,
            };
        }
        TypeKind::StringEnum(e) => {
            view.kind = "enum";
            view.enum_macro = "string_enum";
            view.variants = e
                .variants
                .iter()
                .map(|v| VariantView {
                    docs: docs(&format!("The value `{}`.", v.name.original)),
                    name: v.name.rust.clone(),
                    value_lit: lit(&v.name.original),
                })
                .collect();
        }
        TypeKind::IntEnum(e) => {
            view.kind = "enum";
            view.enum_macro = "int_enum";
            view.variants = e
                .variants
                .iter()
                .map(|v| VariantView {
                    docs: docs(&format!("The value `{}`.", v.value)),
                    name: v.name.rust.clone(),
                    value_lit: format!("{}", v.value),
                })
                .collect();
        }
        TypeKind::OneOf(o) => {
            view.kind = "one_of";
            for (index, variant) in o.variants.iter().enumerate() {
                let (inner, ty, wrap) = branch_type(&variant.ty, types);
                let variant_name = &variant.name.rust;
                let decode = format!("<{inner} as serde::Deserialize>::deserialize(&value)");
                let accept = format!("return Ok(Self::{variant_name}({wrap}));");
                if let TypeRef::Named(id) = &variant.ty
                    && let TypeKind::Struct(s) = &types[*id].kind
                {
                    let known: Vec<String> =
                        s.fields.iter().map(|f| lit(&f.name.original)).collect();
                    let required: Vec<String> = s
                        .fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| lit(&f.name.original))
                        .collect();
                    view.exact_checks.push(format!(
                        "if crate::runtime::fits(&value, &[{}], &[{}]) && let Ok(inner) = {decode} {{ {accept} }}",
                        known.join(", "),
                        required.join(", ")
                    ));
                }
                view.lenient_checks
                    .push(format!("if let Ok(inner) = {decode} {{ {accept} }}"));
                let tags: Vec<String> = o
                    .discriminator
                    .iter()
                    .flat_map(|d| d.tags.iter().filter(|(_, i)| *i == index))
                    .map(|(tag, _)| tag.clone())
                    .collect();
                if let (Some(discriminator), Some(first)) = (&o.discriminator, tags.first()) {
                    for tag in &tags {
                        view.reads.push(format!(
                            "Some({}) => {decode}.map(|inner| Self::{variant_name}({wrap})).map_err(serde::de::Error::custom),",
                            lit(tag)
                        ));
                    }
                    view.writes.push(format!(
                        "Self::{variant_name}(inner) => crate::runtime::tagged(serializer, {}, {}, inner),",
                        lit(&discriminator.property),
                        lit(first)
                    ));
                }
                let tag_docs = match tags.as_slice() {
                    [] => String::new(),
                    tags => format!(
                        " Tagged {}.",
                        tags.iter()
                            .map(|t| format!("`{t}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                };
                view.branches.push(VariantView {
                    docs: docs(&format!(
                        "The `{}` branch.{tag_docs}",
                        variant.name.original
                    )),
                    name: variant_name.clone(),
                    value_lit: ty,
                });
            }
            if let Some(discriminator) = &o.discriminator {
                view.kind = "tagged";
                view.tag_property = lit(&discriminator.property);
                view.docs.push(r#"#[doc = ""]"#.to_string());
                view.docs.extend(docs(&format!(
                    "One of the branches below, told by the value of its `{}` property, which is written once, from the branch's tag. A value whose tag names no branch is kept as [`Self::Unknown`].",
                    discriminator.property
                )));
            }
        }
        TypeKind::AnyOf(o) => {
            view.kind = "any_of";
            view.derives = "Debug, Clone, PartialEq, Default".into();
            for variant in &o.variants {
                let (inner, ty, wrap) = branch_type(&variant.ty, types);
                let field = &variant.name.rust;
                view.reads.push(format!(
                    "if let Ok(inner) = <{inner} as serde::Deserialize>::deserialize(&value) {{ out.{field} = Some({wrap}); }}"
                ));
                view.writes.push(format!(
                    "if let Some(inner) = &self.{field} {{ parts.push(serde_json::to_value(inner).map_err(serde::ser::Error::custom)?); }}"
                ));
                view.branches.push(VariantView {
                    docs: docs(&format!(
                        "The `{}` branch, when the value matches it.",
                        variant.name.original
                    )),
                    name: field.clone(),
                    value_lit: format!("Option<{ty}>"),
                });
            }
        }
        TypeKind::Alias(ty) => {
            view.kind = "alias";
            view.alias = rust_type(ty, types, "super::");
        }
    }
    view
}

/// A `oneOf`/`anyOf` branch: its Rust type, the type it is held as (boxed when it is a named
/// type that may contain the enum), and the expression that wraps a decoded `inner`.
fn branch_type(ty: &TypeRef, types: &[TypeDef]) -> (String, String, &'static str) {
    let inner = rust_type(ty, types, "super::");
    let boxed = matches!(ty, TypeRef::Named(id) if matches!(types[*id].kind, TypeKind::Struct(_) | TypeKind::OneOf(_) | TypeKind::AnyOf(_) | TypeKind::Alias(_)));
    if boxed {
        (inner.clone(), format!("Box<{inner}>"), "Box::new(inner)")
    } else {
        (inner.clone(), inner, "inner")
    }
}

/// A struct of optional fields that goes with a method.
struct FieldsView {
    docs: Vec<String>,
    name: String,
    fields: Vec<ParamView>,
}

struct ParamView {
    docs: Vec<String>,
    name: String,
    ty: String,
}

struct ResponseArm {
    pattern: String,
    expr: String,
}

struct ErrorVariantView {
    docs: Vec<String>,
    name: String,
    /// `(models::X)` or empty.
    payload: String,
}

struct OperationView {
    docs: Vec<String>,
    attrs: Vec<String>,
    name: String,
    const_name: String,
    id_lit: String,
    method: String,
    /// The constant of `api_spec.rs` naming its server.
    server: String,
    unstable: bool,
    security: String,
    args: Vec<String>,
    ok_type: String,
    error_type: String,
    error_docs: Vec<String>,
    error_variants: Vec<ErrorVariantView>,
    /// Media types the body can be sent as, when there is a choice: the enum, its variants
    /// (name, media type, media type as a literal).
    media_type_enum: String,
    media_variants: Vec<(String, String, String)>,
    /// Documented response headers: the struct `<op>_with_headers` returns with the value.
    headers_type: String,
    /// Whether the operation has documented response headers (and `…_with_headers`).
    has_headers: bool,
    /// The method that returns the headers too (`names` made it).
    headers_method: String,
    /// The method's argument names, for the call that forwards them.
    call_args: String,
    /// Several success statuses with different bodies: the enum the method returns.
    success_docs: Vec<String>,
    success_variants: Vec<ErrorVariantView>,
    params_type: String,
    /// The structs that go with the method: its response headers, its optional parameters.
    structs: Vec<FieldsView>,
    path_expr: String,
    /// `<op>_stream`, for an `x-pagination` operation.
    stream: Option<StreamView>,
    /// Statements before the request is built (path segments).
    segments: Vec<String>,
    /// Statements that add to the request (query, headers, body).
    statements: Vec<String>,
    arms: Vec<ResponseArm>,
}

#[derive(Template)]
#[template(path = "api.rs")]
struct GroupView {
    docs: Vec<String>,
    module: String,
    /// Whether any operation calls a `runtime::` helper or names a model: imports follow.
    uses_runtime: bool,
    uses_models: bool,
    struct_name: String,
    operations: Vec<OperationView>,
}

fn group_view(api: &Api, module: &Module, group: &Group) -> GroupView {
    let struct_name = group.struct_name.clone();
    let text = paragraphs(&[
        Some(format!("{}.", group.name.original)),
        group.description.clone(),
    ]);
    let operations: Vec<OperationView> = group
        .operations
        .iter()
        .map(|o| operation_view(api, module, &struct_name, o))
        .collect();
    GroupView {
        docs: inner_docs(&text),
        module: module.name.rust.clone(),
        uses_runtime: group
            .operations
            .iter()
            .any(|op| calls_runtime(op, &module.types))
            || operations.iter().any(|op| op.stream.is_some()),
        uses_models: group.operations.iter().any(names_model),
        operations,
        struct_name,
    }
}

fn operation_view(api: &Api, module: &Module, struct_name: &str, op: &Operation) -> OperationView {
    let types = &module.types;
    let id = operation_id(module, op);
    let several = op.several_successes();
    let success_variants: Vec<ErrorVariantView> = op
        .responses
        .iter()
        .filter(|r| several && r.is_success())
        .map(|r| ErrorVariantView {
            docs: docs(&format!(
                "`{}`: {}",
                r.variant.original,
                r.description.trim()
            )),
            name: r.variant.rust.clone(),
            payload: r
                .body
                .as_ref()
                .map(|payload| format!("({})", payload_type(payload, types)))
                .unwrap_or_default(),
        })
        .collect();
    let error_variants: Vec<ErrorVariantView> = op
        .responses
        .iter()
        .filter(|r| !r.is_success())
        .map(|r| ErrorVariantView {
            docs: docs(&format!(
                "`{}`: {}{}",
                r.variant.original,
                r.description.trim(),
                if r.status == StatusSpec::Default {
                    "\n\nAny status the operation does not list otherwise; the error carries it."
                } else {
                    ""
                }
            )),
            name: r.variant.rust.clone(),
            payload: r
                .body
                .as_ref()
                .map(|payload| format!("({})", payload_type(payload, types)))
                .unwrap_or_default(),
        })
        .collect();
    let error_type = if error_variants.is_empty() {
        "std::convert::Infallible".to_string()
    } else {
        op.items.error_type.clone()
    };
    let success_body = op
        .responses
        .iter()
        .find(|r| r.is_success())
        .and_then(|r| r.body.as_ref());
    let ok_type = if several {
        op.items.success_type.clone()
    } else {
        success_body.map_or_else(|| "()".to_string(), |p| payload_type(p, types))
    };

    // Response arms: exact codes first (spec order), then ranges, then `default` or, without
    // one, the unexpected status.
    let mut responses: Vec<&Response> = op.responses.iter().collect();
    responses.sort_by_key(|r| match r.status {
        StatusSpec::Code(_) => 0,
        StatusSpec::Range(_) => 1,
        StatusSpec::Default => 2,
    });
    let mut arms: Vec<ResponseArm> = responses
        .iter()
        .map(|r| {
            let pattern = match r.status {
                StatusSpec::Code(code) => code.to_string(),
                StatusSpec::Range(digit) => format!("{0}00..={0}99", digit),
                StatusSpec::Default => "_".to_string(),
            };
            let decode = match &r.body {
                None => "",
                Some(Payload::Json(_) | Payload::Multipart(_) | Payload::Form { .. }) => "json",
                Some(Payload::Text) => "text",
                Some(Payload::Binary) => "bytes",
            };
            let expr = match (r.is_success(), &r.body) {
                (true, None) if several => format!("Ok({ok_type}::{})", r.variant.rust),
                (true, Some(_)) if several => {
                    format!("response.{decode}().map({ok_type}::{})", r.variant.rust)
                }
                (true, None) => "Ok(())".to_string(),
                (true, Some(_)) => format!("response.{decode}()"),
                (false, Some(_)) => {
                    format!(
                        "Err(response.error_{decode}({error_type}::{}))",
                        r.variant.rust
                    )
                }
                (false, None) => format!(
                    "Err(response.error_without_body({error_type}::{}))",
                    r.variant.rust
                ),
            };
            ResponseArm { pattern, expr }
        })
        .collect();
    // Documented response headers, read in the success arms.
    let headers_type = op.items.headers_type.clone();
    let mut headers_fields: Vec<ParamView> = Vec::new();
    let mut headers_reads = Vec::new();
    let success_headers = op.responses.iter().filter(|r| r.is_success());
    for header in success_headers.flat_map(|r| &r.headers) {
        if headers_fields.iter().any(|f| f.name == header.name.rust) {
            continue;
        }
        let text = match header.description.as_deref() {
            Some(description) => format!("`{}`: {}", header.name.original, description.trim()),
            None => format!("The `{}` response header.", header.name.original),
        };
        headers_fields.push(ParamView {
            docs: docs(&text),
            name: header.name.rust.clone(),
            ty: format!("Option<{}>", rust_type(&header.ty, types, "models::")),
        });
        headers_reads.push(format!(
            "{}: response.header({})?",
            header.name.rust,
            lit(&header.name.original)
        ));
    }
    if !headers_fields.is_empty() {
        let read = format!("{headers_type} {{ {} }}", headers_reads.join(", "));
        for (arm, response) in arms.iter_mut().zip(&responses) {
            if response.is_success() {
                arm.expr = format!(
                    "{{ let headers = {read}; {}.map(|value| (value, headers)) }}",
                    arm.expr
                );
            }
        }
    }
    if !op.responses.iter().any(|r| r.status == StatusSpec::Default) {
        arms.push(ResponseArm {
            pattern: "_".to_string(),
            expr: "Err(response.unexpected())".to_string(),
        });
    }

    // Arguments: required parameters in spec order, then the body, then optional parameters.
    let mut args = Vec::new();
    let mut statements = Vec::new();
    let mut params_fields = Vec::new();
    let mut path_expr = lit(&op.path);
    let mut path_args = Vec::new();
    let mut segments = Vec::new();
    for param in &op.params {
        let name = &param.name.rust;
        let wire = lit(&param.name.original);
        let scalar = rust_type(&param.ty, types, "models::");
        if param.required {
            let arg_ty = if param.ty == TypeRef::String {
                "&str".to_string()
            } else {
                scalar.clone()
            };
            args.push((name.clone(), arg_ty));
            match param.location {
                ParamLocation::Path => {
                    let value = if param.ty == TypeRef::String
                        && param.style != Style::Json
                        && !param.structured
                    {
                        name.clone()
                    } else {
                        format!("&{}", param_text(param, name, &format!("&{name}")))
                    };
                    segments.push(format!(
                        "let {name} = runtime::path_segment({wire}, {value})?;"
                    ));
                    path_args.push((param.name.original.as_str(), name.clone()));
                }
                _ => statements.push(param_statement(param, name, false, types)),
            }
        } else {
            let field = format!("params.{name}");
            let inner = param_statement(param, "value", true, types);
            statements.push(format!("if let Some(value) = &{field} {{ {inner} }}"));
            let notes = paragraphs(&[
                param.description.clone(),
                param.deprecated.then(|| "Deprecated.".to_string()),
            ]);
            let location = match param.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            let fallback = format!("The `{}` {location} parameter.", param.name.original);
            params_fields.push(ParamView {
                docs: docs(if notes.is_empty() { &fallback } else { &notes }),
                name: name.clone(),
                ty: format!("Option<{scalar}>"),
            });
        }
    }
    if !path_args.is_empty() {
        // The arguments follow the placeholders of the template, whatever order the spec
        // declares the parameters in.
        let mut template = String::new();
        let mut values = Vec::new();
        let mut rest = op.path.as_str();
        while let Some(start) = rest.find('{') {
            let end = rest[start..]
                .find('}')
                .map_or(rest.len(), |e| start + e + 1);
            template.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
            let placeholder = rest[start + 1..end].trim_end_matches('}');
            match path_args.iter().find(|(wire, _)| *wire == placeholder) {
                Some((_, name)) => {
                    template.push_str("{}");
                    values.push(name.as_str());
                }
                None => template.push_str(&rest[start..end].replace('{', "{{").replace('}', "}}")),
            }
            rest = &rest[end..];
        }
        template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
        path_expr = format!("format!({}, {})", lit(&template), values.join(", "));
    } else {
        path_expr = format!("{path_expr}.to_string()");
    }
    let media_type_enum = op.items.media_type_enum.clone();
    let mut media_variants: Vec<(String, String, String)> = Vec::new();
    if let Some(body) = &op.body {
        let mut media = lit(&body.media_type);
        if !body.alternatives.is_empty() {
            let media_types = std::iter::once(&body.media_type).chain(&body.alternatives);
            for (name, media_type) in op.items.media_variants.iter().zip(media_types) {
                media_variants.push((name.clone(), media_type.clone(), lit(media_type)));
            }
            media = format!("params.media_type.map_or({media}, {media_type_enum}::as_str)");
            params_fields.push(ParamView {
                docs: docs(&format!(
                    "The media type to send the body as; `None` sends `{}`.",
                    body.media_type
                )),
                name: "media_type".to_string(),
                ty: format!("Option<{media_type_enum}>"),
            });
        }
        let (ty, call) = match &body.payload {
            Payload::Json(ty) => (
                format!("&{}", rust_type(ty, types, "models::")),
                format!("request.json({media}, body)?;"),
            ),
            Payload::Text => (
                "&str".to_string(),
                format!("request.bytes({media}, bytes::Bytes::copy_from_slice(body.as_bytes()));"),
            ),
            Payload::Binary => (
                "bytes::Bytes".to_string(),
                format!("request.bytes({media}, body);"),
            ),
            Payload::Multipart(id) => (
                format!("&models::{}", types[*id].name.rust),
                multipart_statement(&types[*id]),
            ),
            Payload::Form { ty, styles } => {
                let styles: Vec<String> = styles
                    .iter()
                    .map(|(name, style)| {
                        let style = style_expr(*style);
                        format!("({}, {style})", lit(name))
                    })
                    .collect();
                (
                    format!("&models::{}", types[*ty].name.rust),
                    format!("request.form({media}, body, &[{}])?;", styles.join(", ")),
                )
            }
        };
        if body.required {
            args.push(("body".to_string(), ty));
            statements.push(call);
        } else {
            args.push(("body".to_string(), format!("Option<{ty}>")));
            statements.push(format!("if let Some(body) = body {{ {call} }}"));
        }
    }
    let params_type = op.items.params_type.clone();
    if !params_fields.is_empty() {
        args.push(("params".to_string(), params_type.clone()));
    }
    let params_type_for_stream =
        (args.len() == 1 && !params_fields.is_empty()).then(|| params_type.clone());

    let security = op
        .security
        .iter()
        .map(|alt| {
            format!(
                "&[{}]",
                alt.iter()
                    .map(|u| format!("api_spec::{}", api.security_schemes[u.scheme].constant))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(", ");

    let mut attrs = Vec::new();
    if op.deprecated {
        attrs.push(format!(
            "#[deprecated(note = {})]",
            lit(&deprecation_note(op))
        ));
    }
    let link = format!("[`{struct_name}::{}`]", bare(&op.name.rust));
    let call_args = args
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let args = args
        .into_iter()
        .map(|(name, ty)| format!("{name}: {ty}"))
        .collect();
    OperationView {
        docs: docs(&operation_docs(api, op, &id, &error_type, &error_variants)),
        attrs,
        name: op.name.rust.clone(),
        const_name: op.items.constant.clone(),
        id_lit: lit(&id),
        method: op.method.as_str().to_string(),
        server: match &op.server {
            Some(_) => op.items.server_constant.clone(),
            None => module.server_constant.clone(),
        },
        unstable: op.unstable.is_some(),
        security: format!("&[{security}]"),
        args,
        ok_type,
        error_docs: docs(&format!("Documented error responses of {link}.")),
        has_headers: !op.items.headers_method.is_empty(),
        headers_method: op.items.headers_method.clone(),
        headers_type: headers_type.clone(),
        media_type_enum,
        media_variants,
        call_args,
        success_docs: docs(&format!(
            "The success responses of {link}: the status decides the body."
        )),
        success_variants,
        error_type,
        error_variants,
        structs: [
            (
                headers_type,
                format!("The response headers of {link} that the spec documents; each is `None` when the response does not carry it."),
                headers_fields,
            ),
            (params_type.clone(), format!("Optional parameters of {link}."), params_fields),
        ]
        .into_iter()
        .filter(|(_, _, fields)| !fields.is_empty())
        .map(|(name, text, fields)| FieldsView {
            docs: docs(&text),
            name,
            fields,
        })
        .collect(),
        params_type,
        stream: stream_view(op, types, &params_type_for_stream),
        path_expr,
        segments,
        statements,
        arms,
    }
}

struct StreamView {
    docs: Vec<String>,
    name: String,
    item: String,
    /// The body of the page-fetching closure, after the page is fetched into `page`.
    body: Vec<String>,
}

/// Follows `path` (property names) from a value of type `ty` named `root`: an `Option` chain
/// expression (borrowing with `by_ref`) and the type found at the end.
fn walk(
    root: &str,
    ty: &TypeRef,
    path: &[String],
    types: &[TypeDef],
    by_ref: bool,
) -> Option<(String, TypeRef)> {
    let mut expr = if by_ref {
        format!("Some(&{root})")
    } else {
        format!("Some({root})")
    };
    let mut ty = ty.clone();
    for segment in path {
        let TypeRef::Named(id) = unalias(&ty, types) else {
            return None;
        };
        let TypeKind::Struct(s) = &types[*id].kind else {
            return None;
        };
        let field = s.fields.iter().find(|f| f.name.original == *segment)?;
        let name = &field.name.rust;
        let nullable =
            field.nullable || matches!(field.ty, TypeRef::Named(id) if types[id].nullable);
        expr.push_str(&match (field.required, nullable, by_ref) {
            (true, false, true) => format!(".map(|v| &v.{name})"),
            (true, false, false) => format!(".map(|v| v.{name})"),
            (false, true, true) => {
                format!(".and_then(|v| v.{name}.as_ref().and_then(|x| x.as_ref()))")
            }
            (false, true, false) => format!(".and_then(|v| v.{name}.flatten())"),
            (_, _, true) => format!(".and_then(|v| v.{name}.as_ref())"),
            (_, _, false) => format!(".and_then(|v| v.{name})"),
        });
        if field.boxed {
            expr.push_str(if by_ref {
                ".map(|v| &**v)"
            } else {
                ".map(|v| *v)"
            });
        }
        ty = field.ty.clone();
    }
    Some((expr, ty))
}

/// The item stream of an `x-pagination` operation whose only argument is its parameters.
fn stream_view(
    op: &Operation,
    types: &[TypeDef],
    params_type: &Option<String>,
) -> Option<StreamView> {
    let pagination = op.pagination.as_ref()?;
    let params_type = params_type.as_ref()?;
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
    let (items_expr, items_ty) = if pagination.results.is_empty() {
        ("page".to_string(), page_ty.clone())
    } else {
        let (chain, ty) = walk("page", page_ty, &pagination.results, types, false)?;
        (format!("{chain}.unwrap_or_default()"), ty)
    };
    let TypeRef::Array(item) = unalias(&items_ty, types) else {
        return None;
    };
    let item = rust_type(item, types, "models::");
    let limit = match &pagination.limit {
        Some(wire) => {
            let limit = param(wire).filter(|p| integer(p))?;
            match unalias(&limit.ty, types) {
                TypeRef::Integer(IntFormat::I64) => format!("params.{}", limit.name.rust),
                _ => format!("params.{}.map(i64::from)", limit.name.rust),
            }
        }
        None => "None".to_string(),
    };
    let mut body = Vec::new();
    let next = match &pagination.mode {
        PageMode::Cursor { param: wire, path } => {
            let cursor =
                param(wire).filter(|p| matches!(unalias(&p.ty, types), TypeRef::String))?;
            let (cursor_expr, cursor_ty) = walk("page", page_ty, path, types, true)?;
            if !matches!(unalias(&cursor_ty, types), TypeRef::String) {
                return None;
            }
            body.push(format!(
                "let cursor = {cursor_expr}.filter(|c| !c.is_empty()).cloned();"
            ));
            format!(
                "cursor.filter(|_| !items.is_empty()).map(|cursor| {params_type} {{ {}: Some(cursor), ..params }})",
                cursor.name.rust
            )
        }
        PageMode::Offset { param: wire } | PageMode::Page { param: wire } => {
            let counter = param(wire).filter(|p| integer(p))?;
            let ty = rust_type(unalias(&counter.ty, types), types, "models::");
            let step = match &pagination.mode {
                PageMode::Offset { .. } => format!("items.len() as {ty}"),
                _ => "1".to_string(),
            };
            let name = &counter.name.rust;
            format!(
                "runtime::full_page(items.len(), {limit}).then(|| {params_type} {{ {name}: Some(params.{name}.unwrap_or(0) + {step}), ..params }})"
            )
        }
    };
    body.push(format!("let items: Vec<{item}> = {items_expr};"));
    body.push(format!("let next = {next};"));
    let name = bare(&op.items.stream_method).to_string();
    let text = format!(
        "Every item of [`Self::{}`], page after page, as a stream (`x-pagination`).\n\nThe first page is asked for with `params`; the next with the {}, until a page comes back empty{}. Pin it to iterate: `let mut items = std::pin::pin!(api.{name}(params)); while let Some(item) = items.next().await {{ … }}` (with [`crate::StreamExt`]).\n\n# Errors\n\nThe stream yields the operation's error, after which it ends.",
        bare(&op.name.rust),
        match &pagination.mode {
            PageMode::Cursor { path, .. } =>
                format!("cursor found at `{}` in the response", path.join(".")),
            PageMode::Offset { .. } => "offset moved past the items received".to_string(),
            PageMode::Page { .. } => "next page number".to_string(),
        },
        if pagination.limit.is_some() {
            " or shorter than the page size"
        } else {
            ""
        }
    );
    Some(StreamView {
        docs: docs(&text),
        name: op.items.stream_method.clone(),
        item,
        body,
    })
}

/// The Rust type a body decodes to.
fn payload_type(payload: &Payload, types: &[TypeDef]) -> String {
    match payload {
        Payload::Json(ty) => rust_type(ty, types, "models::"),
        Payload::Multipart(id) | Payload::Form { ty: id, .. } => {
            format!("models::{}", types[*id].name.rust)
        }
        Payload::Text => "String".to_string(),
        Payload::Binary => "bytes::Bytes".to_string(),
    }
}

/// Builds the parts of a multipart body from the properties of its object type: binary
/// properties become file parts, everything else a text part (JSON for structured values).
fn multipart_statement(def: &TypeDef) -> String {
    let TypeKind::Struct(s) = &def.kind else {
        return String::new();
    };
    let mut parts = vec!["let mut parts = runtime::Parts::default();".to_string()];
    for field in &s.fields {
        let wire = lit(&field.name.original);
        let name = &field.name.rust;
        let add = if field.ty == TypeRef::Bytes {
            "file"
        } else {
            "value"
        };
        parts.push(if field.required && !field.nullable {
            format!("parts.{add}({wire}, &body.{name})?;")
        } else {
            format!("if let Some(value) = &body.{name} {{ parts.{add}({wire}, value)?; }}")
        });
    }
    parts.push("request.multipart(parts);".to_string());
    parts.join("\n")
}

/// The statement that adds query, header or cookie parameter `param`, whose value is the
/// expression `value` (a reference when `by_ref`), to the request.
fn param_statement(param: &Param, value: &str, by_ref: bool, types: &[TypeDef]) -> String {
    let reference = if by_ref {
        value.to_string()
    } else {
        format!("&{value}")
    };
    let wire = lit(&param.name.original);
    let method = match param.location {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Path => unreachable!("path parameters are path segments"),
    };
    let array = matches!(param.ty, TypeRef::Array(_));
    match param.style {
        Style::Form if array && param.location != ParamLocation::Header => {
            format!("for item in {value} {{ request.{method}({wire}, item.to_string()); }}")
        }
        style
            if param.location == ParamLocation::Query
                && (param.structured || is_object(&param.ty, types)) =>
        {
            format!(
                "request.query_value({wire}, {reference}, {})?;",
                style_expr(style)
            )
        }
        _ => format!(
            "request.{method}({wire}, {});",
            param_text(param, value, &reference)
        ),
    }
}

/// The expression of a parameter as one string (JSON text, joined items or the scalar's
/// text), given its value and a reference to it.
fn param_text(param: &Param, value: &str, reference: &str) -> String {
    match (&param.ty, param.style) {
        (_, Style::Json) => format!("runtime::json_text({reference})?"),
        _ if param.structured => format!("runtime::value_text({reference})?"),
        (TypeRef::Array(_), Style::Joined(separator)) => {
            format!(
                "runtime::join({reference}, {})",
                lit(&separator.to_string())
            )
        }
        (TypeRef::Array(_), _) => format!("runtime::join({reference}, \",\")"),
        _ => format!("{value}.to_string()"),
    }
}

/// The `runtime::Style` that writes `style`.
fn style_expr(style: Style) -> String {
    match style {
        Style::Form => "runtime::Style::Form".to_string(),
        Style::Joined(separator) => {
            format!("runtime::Style::Joined({})", lit(&separator.to_string()))
        }
        Style::Deep => "runtime::Style::Deep".to_string(),
        Style::Json => "runtime::Style::Json".to_string(),
    }
}

/// An object written as query pairs: a struct, or a map.
fn is_object(ty: &TypeRef, types: &[TypeDef]) -> bool {
    match ty {
        TypeRef::Named(id) => matches!(types[*id].kind, TypeKind::Struct(_)),
        TypeRef::Map(_) => true,
        _ => false,
    }
}

/// The spec's own words where it explains the deprecation, else a plain note.
fn deprecation_note(op: &Operation) -> String {
    let sentence = op.description.as_deref().and_then(|d| {
        d.split_inclusive(['.', '\n'])
            .map(|s| s.replace("**", "").trim().to_string())
            .find(|s| s.to_ascii_lowercase().contains("deprecated"))
    });
    sentence.unwrap_or_else(|| "This operation is deprecated by the API description.".to_string())
}

fn operation_docs(
    api: &Api,
    op: &Operation,
    id: &str,
    error_type: &str,
    variants: &[ErrorVariantView],
) -> String {
    let mut parts: Vec<Option<String>> = vec![
        op.summary
            .clone()
            .map(|s| format!("{}.", s.trim_end_matches('.'))),
        op.description.clone(),
    ];
    parts.push(Some(format!("`{} {}`", op.method, op.path)));
    if let Some(permission) = &op.permission {
        let list = permission
            .permissions
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>();
        parts.push(Some(match list.len() {
            1 => format!("Required permission: {}.", list[0]),
            _ => format!(
                "Required permissions ({}): {}.",
                if permission.operator == "AND" {
                    "all of"
                } else {
                    "any of"
                },
                list.join(", ")
            ),
        }));
    }
    let auth: Vec<String> = op
        .security
        .iter()
        .map(|alt| {
            if alt.is_empty() {
                // An empty requirement: the operation may also be called without credentials.
                return "none".to_string();
            }
            alt.iter()
                .map(|u| {
                    let name = &api.security_schemes[u.scheme].name.original;
                    if u.scopes.is_empty() {
                        format!("`{name}`")
                    } else {
                        format!(
                            "`{name}` (OAuth scopes: {})",
                            u.scopes
                                .iter()
                                .map(|s| format!("`{s}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    if !auth.is_empty() {
        parts.push(Some(format!("Authentication: {}.", auth.join(", or "))));
    }
    if let Some(text) = &op.unstable {
        parts.push(Some(format!(
            "**Preview (unstable):** {}\n\nDisabled by default: calling it returns [`crate::RequestError::UnstableOperationDisabled`] unless enabled with `Config::enable_unstable_operation(\"{id}\")`.",
            text.trim()
        )));
    }
    if op.deprecated {
        parts.push(Some(format!("**Deprecated:** {}", deprecation_note(op))));
    }
    if let Some(body) = &op.body {
        for example in &body.examples {
            parts.push(Some(format!(
                "Example request body (`{}`):\n\n```json\n{}\n```",
                example.name, example.json
            )));
        }
    }
    for response in op.responses.iter().filter(|r| r.is_success()) {
        for example in &response.examples {
            parts.push(Some(format!(
                "Example `{}` response (`{}`):\n\n```json\n{}\n```",
                response.variant.original, example.name, example.json
            )));
        }
    }
    let mut errors = String::from("# Errors\n\n");
    for variant in variants {
        errors.push_str(&format!("- [`{error_type}::{}`]\n", variant.name));
    }
    if !op.responses.iter().any(|r| r.status == StatusSpec::Default) {
        errors.push_str("- [`Error::UnexpectedStatus`] for a status the spec does not document, ");
    } else {
        errors.push_str("- ");
    }
    errors.push_str("[`Error::Decode`] for a body that does not match, [`Error::Request`] when no response arrived.");
    parts.push(Some(errors));
    paragraphs(&parts)
}
