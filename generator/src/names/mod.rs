//! Names: the intermediate model in, the same model with every `Name::rust` filled in, out.
//!
//! The one place identifiers are made: `heck` for case, `syn` to recognise keywords (raw
//! identifiers where Rust allows them, a trailing `_` where it does not), and a [`Scope`] per
//! namespace that detects collisions case-insensitively and resolves them deterministically
//! with a numeric suffix, in spec order.

use std::collections::HashSet;

use crate::ir::{
    Additional, Api, Module, Operation, SecurityKind, Server, StatusSpec, StreamKind, TypeKind,
};

mod case;

use case::*;

/// Names taken in every module of the generated crate: prelude items and names the
/// templates use unqualified.
const RESERVED_TYPES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Default", "Self",
    "Client",
];

/// Names a spec's module cannot take: each module is a module at the crate root (beside the
/// crate's own modules and the dependencies its code names by path) and a method of `Client`
/// (beside its own methods).
const RESERVED_MODULES: &[&str] = &[
    "runtime",
    "json",
    "api_spec",
    "config",
    "macros",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "reqwest",
    "bytes",
    "url",
    "tokio",
    "backon",
    "tracing",
    "rustls",
    "base64",
    "flate2",
    "futures_util",
    "percent_encoding",
    "new",
    "from_env",
    "execute",
    "execute_download",
    "execute_events",
    "execute_items",
    "resend",
    "token_providers",
    "chosen_schemes",
    "configured",
    "streams",
    "tokens",
    "send",
    "send_attempts",
    "headers",
    "credentials",
    "check_credentials",
    "with_http_client",
    "assemble",
    "into",
    "try_into",
];

/// Methods of traits every type has (`Into`, `TryInto`) that take `self` by value: a method
/// of the same name taking `&self` (a group's accessor, an operation) would lose to them.
const BY_VALUE_TRAIT_METHODS: &[&str] = &["into", "try_into"];

/// `Config`'s own `with_…` methods (`runtime/src/config.rs`), which the setters named after
/// server variables and security schemes must not take.
const CONFIG_SETTERS: &[&str] = &[
    "with_base_url",
    "with_proxy",
    "with_timeout",
    "with_connect_timeout",
    "with_user_agent",
    "with_max_response_bytes",
    "with_retry",
    "with_variable",
    "with_credential",
    "with_hooks",
    "with_token_provider",
];

/// Names `api_spec.rs` defines itself, beside the constants named after servers and schemes.
const API_SPEC_ITEMS: &[&str] = &[
    "BASE_URL_ENV",
    "RATE_LIMIT_RESET_HEADERS",
    "SERVER_VARIABLES",
    "SECURITY_SCHEMES",
    "SERVERS",
    "UNSTABLE_OPERATIONS",
];

/// Names an `apis` module imports or defines whatever its operations: what its methods build
/// and return, and the modules they reach.
const GROUP_MODULE_TYPES: &[&str] = &[
    "Client",
    "Error",
    "Operation",
    "Request",
    "runtime",
    "models",
    "api_spec",
];

/// The stem of the `index`th (from 1) crate that holds models of `module` (a Rust module name)
/// when they are split across several: `<module>-models-<index>`, its directory under `parts/`;
/// its package is `<crate>-<stem>`, its library the same with `_` for `-`.
pub fn model_part(module: &str, index: usize) -> String {
    format!("{}-models-{index}", module.replace('_', "-"))
}

/// Assigns Rust names everywhere: each identifier the generated crate defines is claimed in
/// the scope it lives in, so that no two collide and none shadows what the crate itself
/// defines.
pub fn assign(mut api: Api) -> Api {
    let mut modules = Scope::with_reserved(RESERVED_MODULES);
    for module in &mut api.modules {
        module.name.rust = modules.claim(&snake(&module.name.original));
    }
    // Server variables and security schemes become `Config::with_…` setters: one namespace,
    // shared with the setters every configuration has.
    let mut setters = Scope::with_reserved(CONFIG_SETTERS);
    let mut setter = |name: &str| setters.claim(&format!("with_{}", bare_ident(&snake(name))));
    for variable in &mut api.server_variables {
        variable.name.rust = setter(&variable.name.original);
    }
    for scheme in &mut api.security_schemes {
        scheme.name.rust = setter(&scheme.name.original);
    }
    for scheme in &mut api.security_schemes {
        if scheme.kind == SecurityKind::Bearer {
            scheme.provider_setter = setter(&format!("{} provider", scheme.name.original));
        }
        if scheme.client_credentials.is_some() {
            scheme.client_credentials_setter =
                setter(&format!("{} client credentials", scheme.name.original));
        }
    }
    // The constants of `api_spec.rs`: one per security scheme and per server.
    let mut constants = Scope::with_reserved(API_SPEC_ITEMS);
    for scheme in &mut api.security_schemes {
        scheme.constant = constants.claim_constant(&screaming(&scheme.name.original));
    }
    for module in &mut api.modules {
        module.server_constant = constants.claim_constant(&screaming(&format!(
            "{} server",
            bare_ident(&module.name.rust)
        )));
    }
    // `default` and the response decompression features of `templates/Cargo.toml`.
    let mut features = Scope::with_reserved(&[
        "default",
        "gzip",
        "deflate",
        "zstd",
        "brotli",
        "rustls",
        "rustls-ring",
        "native-tls",
        "tracing",
    ]);
    let mut servers: Vec<(Server, String)> = Vec::new();
    for module in &mut api.modules {
        name_types(module);
        name_groups(module, &mut features);
        for operation in module.groups.iter_mut().flat_map(|g| &mut g.operations) {
            let Some(server) = &operation.server else {
                continue;
            };
            operation.items.server_constant = match servers.iter().find(|(s, _)| s == server) {
                Some((_, constant)) => constant.clone(),
                None => {
                    let wanted = format!("{} server", bare_ident(&operation.name.rust));
                    let constant = constants.claim_constant(&screaming(&wanted));
                    servers.push((server.clone(), constant.clone()));
                    constant
                }
            };
        }
    }
    api
}

/// The models of a module: their type names, the files they live in, and the names inside
/// each (fields, variants).
fn name_types(module: &mut Module) {
    let mut types = Scope::with_reserved(RESERVED_TYPES);
    // `models/mod.rs` is the module itself.
    // A part crate of models (`render::parts`) holds the files beside its own `json` and
    // `macros` modules.
    let mut files = Scope::with_reserved(&["mod", "json", "macros"]);
    for def in &mut module.types {
        def.name.rust = types.claim(&camel(&def.name.original, "Model"));
        def.module = files.claim(&snake(bare_ident(&def.name.rust)));
        name_members(&mut def.kind);
    }
}

/// Fields of a struct, variants of an enum or a `oneOf`, branches of an `anyOf`.
fn name_members(kind: &mut TypeKind) {
    match kind {
        TypeKind::Struct(s) => {
            let mut fields = Scope::with_reserved(match s.additional {
                Additional::Closed => &[],
                _ => &["additional_properties"],
            });
            for field in &mut s.fields {
                field.name.rust = fields.claim(&snake(&spell_leading(&field.name.original)));
            }
            // The setters of optional fields are named after them, beside `new`.
            let mut methods = Scope::with_reserved(&["new"]);
            for field in s.fields.iter_mut().filter(|f| !f.required) {
                field.setter = methods.claim(&field.name.rust);
            }
        }
        TypeKind::StringEnum(e) => {
            let mut variants = Scope::with_reserved(&["Unknown"]);
            for variant in &mut e.variants {
                let base = match &variant.varname_hint {
                    Some(hint) => hint.clone(),
                    None => spell_symbols(&variant.name.original),
                };
                variant.name.rust = variants.claim(&camel(&base, "Value"));
            }
        }
        TypeKind::IntEnum(e) => {
            let mut variants = Scope::with_reserved(&["Unknown"]);
            for variant in &mut e.variants {
                let base = match &variant.varname_hint {
                    Some(hint) => hint.clone(),
                    None if variant.value < 0 => format!("minus {}", variant.value.unsigned_abs()),
                    None => format!("value {}", variant.value),
                };
                variant.name.rust = variants.claim(&camel(&base, "Value"));
            }
        }
        TypeKind::AnyOf(o) => {
            let mut fields = Scope::with_reserved(&["unmatched"]);
            for variant in &mut o.variants {
                variant.name.rust = fields.claim(&snake(&variant.name.original));
            }
        }
        TypeKind::OneOf(o) => {
            let mut variants = Scope::with_reserved(&["Unknown"]);
            for variant in &mut o.variants {
                variant.name.rust = variants.claim(&camel(&variant.name.original, "Value"));
            }
        }
        TypeKind::Alias(_) | TypeKind::Newtype(_) => {}
    }
}

/// The groups of a module: their methods on the module's `Api`, their features, their
/// structs, and everything each `apis` module defines.
fn name_groups(module: &mut Module, features: &mut Scope) {
    let module_name = bare_ident(&module.name.rust).to_string();
    let mut groups = Scope::with_reserved(BY_VALUE_TRAIT_METHODS);
    for group in &mut module.groups {
        group.name.rust = groups.claim(&snake(&group.name.original));
        group.feature = features.claim_feature(&kebab(&format!(
            "{module_name} {}",
            bare_ident(&group.name.rust)
        )));
        // The module of a group is its own namespace: its struct, its operations' constants
        // and types, and the names it imports.
        let mut types = Scope::with_reserved(GROUP_MODULE_TYPES);
        types
            .taken
            .extend(RESERVED_TYPES.iter().map(|n| n.to_ascii_lowercase()));
        group.struct_name = types.claim(&camel(
            &format!("{} api", bare_ident(&group.name.rust)),
            "Api",
        ));
        name_methods(&mut group.operations);
        let mut constants = Scope::default();
        for operation in &mut group.operations {
            name_operation_items(operation, &mut types, &mut constants);
            name_operation_members(operation);
        }
    }
    module.other_models_feature =
        features.claim_feature(&kebab(&format!("{module_name} other models")));
}

/// The methods of a group: the operations' own names first, so that a real `listItemsStream`
/// keeps its name and the stream of a paginated `listItems` gets another.
fn name_methods(operations: &mut [Operation]) {
    let mut methods = Scope::with_reserved(&[&["new"], BY_VALUE_TRAIT_METHODS].concat());
    for operation in operations.iter_mut() {
        operation.name.rust = methods.claim(&snake(&operation.name.original));
    }
    for operation in operations.iter_mut() {
        let base = bare_ident(&operation.name.rust).to_string();
        if operation.pagination.is_some() {
            operation.items.stream_method = methods.claim(&ident(&format!("{base}_stream")));
        }
        if operation.has_headers() {
            operation.items.headers_method = methods.claim(&ident(&format!("{base}_with_headers")));
        }
        if operation.downloads() {
            operation.items.download_method = methods.claim(&ident(&format!("{base}_download")));
        }
        if let Some(streamed) = operation.streamed() {
            let suffix = match streamed.kind {
                StreamKind::Events => "events",
                StreamKind::JsonLines => "items",
            };
            operation.items.streamed_method = methods.claim(&ident(&format!("{base}_{suffix}")));
        }
    }
}

/// The constant and types an operation adds to its group's module, those it has.
fn name_operation_items(operation: &mut Operation, types: &mut Scope, constants: &mut Scope) {
    let base = bare_ident(&operation.name.rust).to_string();
    let mut items = std::mem::take(&mut operation.items);
    items.constant = constants.claim_constant(&screaming(&base));
    let mut claim = |present: bool, suffix: &str| {
        if present {
            types.claim(&camel(&format!("{base} {suffix}"), suffix))
        } else {
            String::new()
        }
    };
    items.error_type = claim(operation.has_error_type(), "Error");
    items.success_type = claim(operation.several_successes(), "Success");
    items.headers_type = claim(operation.has_headers(), "Headers");
    items.params_type = claim(operation.has_params_type(), "Params");
    items.form_type = claim(operation.multipart_body().is_some(), "Form");
    let media_types: Vec<&String> = operation
        .body
        .iter()
        .filter(|b| !b.alternatives.is_empty())
        .flat_map(|b| std::iter::once(&b.media_type).chain(&b.alternatives))
        .collect();
    items.media_type_enum = claim(!media_types.is_empty(), "MediaType");
    let mut variants = Scope::default();
    items.media_variants = media_types
        .iter()
        .map(|m| variants.claim(&camel(m, "MediaType")))
        .collect();
    operation.items = items;
}

/// What is named inside an operation: its response headers, response variants and
/// parameters.
fn name_operation_members(operation: &mut Operation) {
    // Response headers: one field per header name (case-insensitive) across the responses.
    let mut header_fields = Scope::default();
    let mut header_names: Vec<(String, String)> = Vec::new();
    for header in operation
        .responses
        .iter_mut()
        .flat_map(|r| r.headers.iter_mut())
    {
        let key = header.name.original.to_ascii_lowercase();
        header.name.rust = match header_names.iter().find(|(k, _)| *k == key) {
            Some((_, rust)) => rust.clone(),
            None => {
                let rust = header_fields.claim(&snake(&header.name.original));
                header_names.push((key, rust.clone()));
                rust
            }
        };
    }
    let mut variants = Scope::default();
    let mut successes = Scope::default();
    for response in &mut operation.responses {
        let scope = if response.is_success() {
            &mut successes
        } else {
            &mut variants
        };
        response.variant.rust = scope.claim(&status_variant(response.status));
    }
    // Parameters are arguments of the method, beside the locals its body declares.
    let mut params = Scope::with_reserved(&[
        "body", "params", "request", "response", "value", "headers", "api", "page", "cursor",
        "items", "next", "parts",
    ]);
    for param in &mut operation.params {
        param.name.rust = params.claim(&snake(&spell_leading(&param.name.original)));
    }
}

/// `BadRequest` for 400 (the canonical reason phrase), `Status499` where there is none,
/// `Status4xx` for a range, `Default` for `default`.
fn status_variant(status: StatusSpec) -> String {
    match status {
        StatusSpec::Code(code) => http::StatusCode::from_u16(code)
            .ok()
            .and_then(|s| s.canonical_reason())
            .map_or_else(|| format!("Status{code}"), |reason| camel(reason, "Status")),
        StatusSpec::Range(digit) => format!("Status{digit}xx"),
        StatusSpec::Default => "Default".to_string(),
    }
}

/// A namespace: names claimed so far, compared case-insensitively and without `r#`.
#[derive(Default)]
struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|n| n.to_ascii_lowercase()).collect(),
        }
    }

    /// `wanted` if free, else `wanted2`, `wanted3`, … (with `_` between for snake case).
    fn claim(&mut self, wanted: &str) -> String {
        // `Self_` (a keyword made an identifier) numbers as `Self2`.
        let bare = wanted.trim_start_matches("r#").trim_end_matches('_');
        let separator = if bare.contains('_') || bare.chars().all(|c| !c.is_ascii_uppercase()) {
            "_"
        } else {
            ""
        };
        self.claim_numbered(wanted, |n| ident(&format!("{bare}{separator}{n}")))
    }

    /// A constant: `WANTED` if free, else `WANTED_2`, `WANTED_3`, …
    fn claim_constant(&mut self, wanted: &str) -> String {
        self.claim_numbered(wanted, |n| format!("{wanted}_{n}"))
    }

    /// A cargo feature: `wanted` if free, else `wanted-2`, `wanted-3`, …
    fn claim_feature(&mut self, wanted: &str) -> String {
        self.claim_numbered(wanted, |n| format!("{wanted}-{n}"))
    }

    /// `wanted` if free, else the first free `numbered(n)` from 2 on.
    fn claim_numbered(&mut self, wanted: &str, numbered: impl Fn(u32) -> String) -> String {
        let mut candidate = wanted.to_string();
        let mut n = 1;
        while !self
            .taken
            .insert(candidate.trim_start_matches("r#").to_ascii_lowercase())
        {
            n += 1;
            candidate = numbered(n);
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_and_keywords() {
        assert_eq!(snake("DeleteAWSAccount"), "delete_aws_account");
        assert_eq!(
            camel("AWSAccountDeleteRequest", "M"),
            "AwsAccountDeleteRequest"
        );
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(camel("self", "M"), "Self_");
        assert_eq!(snake("gen"), "r#gen");
        assert_eq!(snake("1st"), "n1st");
        assert_eq!(camel(">=", "Value"), "Value");
        assert_eq!(camel(&spell_symbols(">="), "Value"), "GreaterThanEqual");
        assert_eq!(camel(&spell_symbols("-created_at"), "Value"), "CreatedAt");
        assert_eq!(camel(&spell_symbols("-1"), "Value"), "Minus1");
        assert_eq!(snake(&spell_leading("@type")), "at_type");
        assert_eq!(snake(&spell_leading("$id")), "dollar_id");
        assert_eq!(snake(&spell_leading("+1")), "plus_1");
        assert_eq!(snake(&spell_leading("-1")), "minus_1");
        assert_eq!(snake(&spell_leading("filter[from]")), "filter_from");
        assert_eq!(snake(&spell_leading("-created_at")), "created_at");
        assert_eq!(camel("ünïcödé", "Value"), "Unicode");
        assert_eq!(snake("Straße-Größe"), "strasse_grosse");
        assert_eq!(snake("a\u{301}b"), "ab");
        assert_eq!(camel("日本", "Value"), "U65e5U672c");
        assert_eq!(kebab("café tag"), "cafe-tag");
        assert_eq!(camel("🙂", "Value"), "Value");
        assert_eq!(screaming("#"), "VALUE");
        assert_eq!(snake("#"), "value");
        assert_eq!(snake("filter[from]"), "filter_from");
    }

    /// The names of the functions defined in `source`.
    fn functions(source: &str) -> Vec<&str> {
        source
            .split("fn ")
            .skip(1)
            .filter_map(|rest| rest.split(['(', '<']).next())
            .collect()
    }

    #[test]
    fn setters_never_take_a_method_of_config() {
        let source = include_str!("../../../runtime/src/config.rs");
        let own: Vec<&str> = functions(source)
            .into_iter()
            .filter(|name| name.starts_with("with_"))
            .collect();
        assert!(own.len() >= 9, "{own:?}");
        for name in own {
            assert!(
                CONFIG_SETTERS.contains(&name),
                "`Config::{name}` is not reserved"
            );
        }
    }

    #[test]
    fn collisions_are_resolved_in_order_and_case_insensitively() {
        let mut scope = Scope::with_reserved(&["Option"]);
        assert_eq!(scope.claim("AwsAccountId"), "AwsAccountId");
        assert_eq!(scope.claim("AwsAccountId"), "AwsAccountId2");
        assert_eq!(scope.claim("Option"), "Option2");
        let mut scope = Scope::default();
        assert_eq!(scope.claim("r#type"), "r#type");
        assert_eq!(scope.claim("r#type"), "type_2");
        let mut scope = Scope::default();
        assert_eq!(scope.claim(&camel("self", "Value")), "Self_");
        assert_eq!(scope.claim(&camel("Self", "Value")), "Self2");
    }

    static NO_OVERRIDES: crate::TypeOverrides = crate::TypeOverrides::NONE;

    /// The model of `yaml` (module `module`) with names assigned.
    fn assigned(module: &str, yaml: &str) -> Api {
        let loaded = crate::load::load(0, &crate::Spec::new("spec.yaml", yaml, module))
            .unwrap_or_else(|p| panic!("{}", p.message));
        let input = crate::lower::SpecInput {
            source: 0,
            module: module.to_string(),
            path: "spec.yaml".to_string(),
            spec: &loaded.spec,
            types: &NO_OVERRIDES,
        };
        let (api, _) = crate::lower::lower(&[input]).unwrap_or_else(|p| panic!("{p:?}"));
        assign(api)
    }

    #[test]
    fn modules_do_not_take_the_crates_own_names() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        for (module, rust) in [
            ("runtime", "runtime_2"),
            ("config", "config_2"),
            ("serde", "serde_2"),
            ("new", "new_2"),
            ("todo", "todo"),
        ] {
            assert_eq!(assigned(module, yaml).modules[0].name.rust, rust);
        }
    }

    #[test]
    fn setters_of_optional_fields_are_named_after_them_beside_new() {
        let yaml = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
        new: {type: boolean}
        type: {type: string}
        displayName: {type: string}
"#;
        let api = assigned("api", yaml);
        let TypeKind::Struct(thing) = &api.modules[0].types[0].kind else {
            panic!("a struct");
        };
        let setters: Vec<(&str, &str)> = thing
            .fields
            .iter()
            .map(|f| (f.name.rust.as_str(), f.setter.as_str()))
            .collect();
        assert_eq!(
            setters,
            [
                ("id", ""),
                ("new", "new_2"),
                ("r#type", "r#type"),
                ("display_name", "display_name"),
            ]
        );
    }

    #[test]
    fn modules_never_take_a_method_of_client() {
        let source = include_str!("../../../runtime/src/runtime.rs");
        let start = source.find("\nimpl Client {").expect("impl Client");
        let end = start + source[start..].find("\n}\n").expect("its end");
        let methods = functions(&source[start..end]);
        assert!(methods.len() >= 5, "{methods:?}");
        for method in methods {
            assert!(
                RESERVED_MODULES.contains(&method),
                "`Client::{method}` is not reserved"
            );
        }
    }

    #[test]
    fn real_operations_keep_their_names_before_generated_siblings() {
        let yaml = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: listItemsStream
      responses: {'204': {description: ok}}
  /b:
    get:
      operationId: listItems
      x-pagination: {pageParam: page}
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses:
        '200':
          description: ok
          headers: {X-Total: {schema: {type: integer}}}
          content: {application/json: {schema: {type: array, items: {type: string}}}}
  /c:
    get:
      operationId: listItemsWithHeaders
      responses: {'204': {description: ok}}
"#;
        let api = assigned("api", yaml);
        let ops = &api.modules[0].groups[0].operations;
        let names: Vec<(&str, &str, &str)> = ops
            .iter()
            .map(|o| {
                (
                    o.name.rust.as_str(),
                    o.items.stream_method.as_str(),
                    o.items.headers_method.as_str(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("list_items_stream", "", ""),
                (
                    "list_items",
                    "list_items_stream_2",
                    "list_items_with_headers_2"
                ),
                ("list_items_with_headers", "", ""),
            ]
        );
    }
    #[test]
    fn a_download_method_does_not_take_an_operations_name() {
        let yaml = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getFileDownload
      responses: {'204': {description: ok}}
  /b:
    get:
      operationId: getFile
      responses:
        '200':
          description: ok
          content: {application/octet-stream: {schema: {type: string, format: binary}}}
  /c:
    get:
      operationId: getReport
      responses:
        '200': {description: ok, content: {text/csv: {schema: {type: string}}}}
        '404': {description: none}
  /d:
    get:
      operationId: getJson
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
"#;
        let api = assigned("api", yaml);
        let ops = &api.modules[0].groups[0].operations;
        let names: Vec<(&str, &str)> = ops
            .iter()
            .map(|o| (o.name.rust.as_str(), o.items.download_method.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("get_file_download", ""),
                ("get_file", "get_file_download_2"),
                ("get_report", "get_report_download"),
                ("get_json", ""),
            ]
        );
    }

    #[test]
    fn models_do_not_take_their_modules_own_file_or_keywords() {
        let yaml = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Mod: {type: string}
    Override: {type: string}
    Option: {type: string}
"#;
        let api = assigned("api", yaml);
        let names: Vec<(&str, &str)> = api.modules[0]
            .types
            .iter()
            .map(|t| (t.name.rust.as_str(), t.module.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("Mod", "mod_2"),
                ("Override", "r#override"),
                ("Option2", "option2")
            ]
        );
        assert_eq!(
            assigned("api_spec", yaml).modules[0].name.rust,
            "api_spec_2"
        );
    }

    const GROUP: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
security: [{servers: []}, {apiServer: []}]
paths:
  /a:
    get:
      operationId: getV2
      tags: [other models]
      parameters: [{name: q, in: query, schema: {type: string}}]
      responses: {'200': {description: ok}, '404': {description: gone}}
  /b:
    patch:
      operationId: getV_2
      tags: [other models]
      servers: [{url: 'https://upload.example.com'}]
      requestBody:
        content:
          application/merge-patch+json: {schema: {type: object}}
          application/merge_patch+json: {schema: {type: object}}
      responses: {'204': {description: ok}, '409': {description: conflict}}
components:
  securitySchemes:
    servers: {type: apiKey, in: header, name: X-Key}
    apiServer: {type: http, scheme: bearer}
"#;

    #[test]
    fn features_never_collide() {
        let api = assigned("api", GROUP);
        let module = &api.modules[0];
        assert_eq!(module.groups[0].feature, "api-other-models");
        assert_eq!(module.other_models_feature, "api-other-models-2");
        assert_eq!(module.groups[0].struct_name, "OtherModelsApi");
    }

    #[test]
    fn operation_items_are_claimed_in_their_groups_module() {
        let api = assigned("api", GROUP);
        let items: Vec<_> = api.modules[0].groups[0]
            .operations
            .iter()
            .map(|o| &o.items)
            .collect();
        assert_eq!(
            [items[0].constant.as_str(), items[1].constant.as_str()],
            ["GET_V2", "GET_V_2"]
        );
        assert_eq!(
            [items[0].error_type.as_str(), items[1].error_type.as_str()],
            ["GetV2Error", "GetV2Error2"]
        );
        assert_eq!(
            [items[0].params_type.as_str(), items[1].params_type.as_str()],
            ["GetV2Params", "GetV2Params2"]
        );
        assert_eq!(items[1].media_type_enum, "GetV2MediaType");
        assert_eq!(
            items[1].media_variants,
            ["ApplicationMergePatchJson", "ApplicationMergePatchJson2"]
        );
        // Types an operation does not have are not claimed.
        assert_eq!(items[0].success_type, "");
        assert_eq!(items[0].headers_type, "");
    }

    #[test]
    fn constants_of_api_spec_never_collide() {
        let api = assigned("api", GROUP);
        let schemes: Vec<&str> = api
            .security_schemes
            .iter()
            .map(|s| s.constant.as_str())
            .collect();
        // Sorted by name: `apiServer`, then `servers` (a table of `api_spec.rs`).
        assert_eq!(schemes, ["API_SERVER", "SERVERS_2"]);
        let module = &api.modules[0];
        assert_eq!(module.server_constant, "API_SERVER_2");
        let operations = &module.groups[0].operations;
        assert_eq!(operations[0].items.server_constant, "");
        assert_eq!(operations[1].items.server_constant, "GET_V_2_SERVER");
    }
}
