//! `src/api_spec.rs`: what the spec says about reaching the API — servers and their
//! variables, security schemes, preview operations, rate-limit headers — and the `Config`
//! setters named after them.

use askama::Template;

use super::CrateSettings;
use super::text::{bare, code_list, docs, lit, option_lit};
use crate::ir::*;

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
    /// `with_<scheme>_provider`, for a bearer scheme.
    provider: Option<SetterView>,
    /// `with_<scheme>_client_credentials`, with the token URL as a literal.
    client_credentials: Option<(SetterView, String)>,
    name_lit: String,
    carrier: Carrier,
    env: String,
}

/// A setter and its docs.
struct SetterView {
    docs: Vec<String>,
    name: String,
}

/// How a credential travels (a `config::Carrier`); header and parameter names as literals.
enum Carrier {
    Header(String),
    Query(String),
    Bearer,
    Basic,
}

/// A `ServerDef`: the URL template and the variables a server fixes (name, value), as
/// literals.
struct ServerView {
    url: String,
    fixed: Vec<(String, String)>,
}

/// A constant of `api_spec.rs` naming a server or a security scheme by its index.
struct ConstantView {
    docs: Vec<String>,
    name: String,
    index: usize,
}

#[derive(Template)]
#[template(path = "api_spec.rs")]
pub(super) struct ApiSpecView {
    /// `DATADOG_CLIENT_BASE_URL` for `datadog-client`.
    base_url_env: String,
    base_url_env_lit: String,
    variables: Vec<VariableView>,
    schemes: Vec<SchemeView>,
    servers: Vec<ServerView>,
    server_constants: Vec<ConstantView>,
    scheme_constants: Vec<ConstantView>,
    unstable: Vec<String>,
    rate_limit_headers: Vec<String>,
}

/// The environment variable a crate's base URL is read from: its name in capitals.
pub(super) fn base_url_env(settings: &CrateSettings) -> String {
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

/// `: description` or `.`, to end a sentence that names something.
fn described(description: Option<&str>) -> String {
    description.map_or(".".to_string(), |d| format!(": {}", d.trim()))
}

fn variable_view(v: &ServerVariable) -> VariableView {
    let allowed = if v.allowed.is_empty() {
        "any value".to_string()
    } else {
        code_list(&v.allowed, ", ")
    };
    let env = v
        .env
        .as_ref()
        .map(|e| format!("Read from `{e}` by [`Config::from_env`]. "))
        .unwrap_or_default();
    let text = format!(
        "Sets the server variable `{}`{}\n\nAllowed: {allowed}. Default: `{}`. {env}\n\n# Errors\n\n[`ConfigError::UnknownServerValue`] for a value that is not allowed.",
        v.name.original,
        described(v.description.as_deref()),
        v.default
    );
    VariableView {
        docs: docs(&text),
        setter: v.name.rust.clone(),
        name_lit: lit(&v.name.original),
        default_lit: lit(&v.default),
        allowed: v.allowed.iter().map(|a| lit(a)).collect(),
        env: option_lit(v.env.as_deref()),
    }
}

fn scheme_view(s: &SecurityScheme) -> SchemeView {
    let (how, carrier) = match &s.kind {
        SecurityKind::ApiKeyHeader(header) => (
            format!("sent in the `{header}` header"),
            Carrier::Header(lit(header)),
        ),
        SecurityKind::ApiKeyQuery(name) => (
            format!("sent as the `{name}` query parameter"),
            Carrier::Query(lit(name)),
        ),
        SecurityKind::Bearer => (
            "sent as `Authorization: Bearer <token>`".to_string(),
            Carrier::Bearer,
        ),
        SecurityKind::Basic => (
            "HTTP basic authentication: sent as `Authorization: Basic <base64 of user:password>`; the environment variable holds `user:password`".to_string(),
            Carrier::Basic,
        ),
    };
    let env = s
        .env
        .as_ref()
        .map(|e| format!(" Read from `{e}` by [`Config::from_env`]."))
        .unwrap_or_default();
    let text = format!(
        "Sets the credential of security scheme `{}` ({how}){}{env}\n\nThe value never appears in `Debug` output.",
        s.name.original,
        described(s.description.as_deref())
    );
    let scheme = &s.name.original;
    let provider = (!s.provider_setter.is_empty()).then(|| SetterView {
        docs: docs(&format!(
            "Gets the access tokens of security scheme `{scheme}` from `provider` when they are \
             needed, instead of a fixed token: the client keeps each until shortly before it \
             expires, and fetches another after a `401`. A provider that fails stops the \
             request with [`RequestError::Token`](crate::RequestError::Token)."
        )),
        name: s.provider_setter.clone(),
    });
    let client_credentials = s.client_credentials.as_ref().map(|url| {
        (
            SetterView {
                docs: docs(&format!(
                    "Gets the access tokens of security scheme `{scheme}` with the OAuth 2 \
                     client-credentials grant at the spec's token URL, `{url}`, for this client \
                     ID and secret (a [`ClientCredentials`](crate::ClientCredentials) provider; \
                     build one for scopes or another URL)."
                )),
                name: s.client_credentials_setter.clone(),
            },
            lit(url),
        )
    });
    SchemeView {
        docs: docs(&text),
        setter: s.name.rust.clone(),
        provider,
        client_credentials,
        name_lit: lit(&s.name.original),
        carrier,
        env: option_lit(s.env.as_deref()),
    }
}

pub(super) fn api_spec_view(api: &Api, settings: &CrateSettings) -> ApiSpecView {
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
    let servers = server_table(api);
    let used: std::collections::BTreeSet<usize> = operations(api)
        .flat_map(|o| o.security.iter().flatten())
        .map(|u| u.scheme)
        .collect();
    ApiSpecView {
        rate_limit_headers: rate_limit_headers.iter().map(|h| lit(h)).collect(),
        base_url_env: base_url_env(settings),
        base_url_env_lit: lit(&base_url_env(settings)),
        variables: api.server_variables.iter().map(variable_view).collect(),
        schemes: api.security_schemes.iter().map(scheme_view).collect(),
        server_constants: servers
            .iter()
            .enumerate()
            .filter_map(|(index, (server, constant))| {
                Some(ConstantView {
                    docs: docs(&format!("The server `{}`.", server.url)),
                    name: (*constant)?.to_string(),
                    index,
                })
            })
            .collect(),
        scheme_constants: api
            .security_schemes
            .iter()
            .enumerate()
            .filter(|(index, _)| used.contains(index))
            .map(|(index, s)| ConstantView {
                docs: docs(&format!("The security scheme `{}`.", s.name.original)),
                name: s.constant.clone(),
                index,
            })
            .collect(),
        servers: servers
            .iter()
            .map(|(server, _)| ServerView {
                url: lit(&server.url),
                fixed: server
                    .fixed
                    .iter()
                    .map(|(name, value)| (lit(name), lit(value)))
                    .collect(),
            })
            .collect(),
        unstable,
    }
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
pub(super) fn operation_id(module: &Module, operation: &Operation) -> String {
    format!("{}.{}", bare(&module.name.rust), bare(&operation.name.rust))
}
