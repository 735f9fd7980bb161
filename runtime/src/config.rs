//! Configuration: which server, which credentials, timeouts, retries and unstable operations.
//!
//! The same for every spec. What the spec says (its servers and their variables, its security
//! schemes, its operations in preview, and the setters named after them) is in `api_spec.rs`.

use std::collections::BTreeSet;
use std::fmt;
use std::time::Duration;

use crate::api_spec::{
    BASE_URL_ENV, SECURITY_SCHEMES, SERVER_VARIABLES, SERVERS, UNSTABLE_OPERATIONS,
};
use crate::runtime::Hooks;
use crate::tokens::{TokenCache, TokenProvider};

/// A server variable of the spec: its name, default, allowed values and environment variable.
pub(crate) struct VariableDef {
    pub name: &'static str,
    pub default: &'static str,
    /// Empty: any value.
    pub allowed: &'static [&'static str],
    pub env: Option<&'static str>,
}

/// The allowed value `value` names when written as an address: its host (without scheme,
/// port or path, in lower case) is an allowed value, or ends in `.` and one (the longest).
fn allowed_value(allowed: &[&'static str], value: &str) -> Option<&'static str> {
    let value = value.trim().to_ascii_lowercase();
    let host = value
        .split_once("://")
        .map_or(value.as_str(), |(_, rest)| rest);
    let host = host.split(['/', '?', '#']).next().unwrap_or_default();
    let host = match host.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => host,
    };
    allowed
        .iter()
        .filter(|a| {
            let a = a.to_ascii_lowercase();
            host == a
                || host
                    .strip_suffix(a.as_str())
                    .is_some_and(|rest| rest.ends_with('.'))
        })
        .max_by_key(|a| a.len())
        .copied()
}

/// A security scheme of the spec.
pub(crate) struct SchemeDef {
    pub name: &'static str,
    pub carrier: Carrier,
    pub env: Option<&'static str>,
}

/// How a credential travels.
#[allow(dead_code)]
pub(crate) enum Carrier {
    /// In the named header.
    Header(&'static str),
    /// As the named query parameter.
    Query(&'static str),
    /// As `Authorization: Bearer <token>`.
    Bearer,
    /// As `Authorization: Basic <base64 of user:password>`.
    Basic,
}

/// A server URL template with `{variable}` placeholders, and the variables it holds at its
/// own default whatever the configuration says.
pub(crate) struct ServerDef {
    pub url: &'static str,
    pub fixed: &'static [(&'static str, &'static str)],
}

/// A credential: shown as `<redacted>` by `Debug`, never logged.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How failed requests are retried: on `429 Too Many Requests` (any method: the request was not
/// processed) and on `5xx` (idempotent methods only), with exponential backoff and jitter. A
/// rate-limit header from the server (such as `Retry-After`) replaces the computed delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    /// Retries after the first attempt; `0` turns retrying off.
    pub max_retries: usize,
    /// The first delay.
    pub min_delay: Duration,
    /// No single wait is longer, whatever the server asks.
    pub max_delay: Duration,
    /// No retry starts once this much time has passed since the first attempt began (the
    /// attempts' own time included).
    pub max_elapsed: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_retries: 3,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
            max_elapsed: Duration::from_secs(120),
        }
    }
}

/// Everything a [`crate::Client`] needs to know. Build it with [`Config::new`] or
/// [`Config::from_env`] and the `with_…` methods.
#[derive(Debug, Clone)]
pub struct Config {
    variables: Vec<String>,
    base_url: Option<String>,
    proxy: Option<String>,
    credentials: Vec<Option<Secret>>,
    unstable: BTreeSet<&'static str>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryConfig,
    max_response_bytes: usize,
    allow_missing_credentials: bool,
    hooks: HooksSlot,
    /// The token provider of each bearer scheme that has one (it replaces a fixed token).
    tokens: Vec<TokenSlot>,
}

/// A scheme's token provider and its last token, shown in `Debug` only as set or not.
#[derive(Clone, Default)]
pub(crate) struct TokenSlot(Option<std::sync::Arc<TokenCache>>);

impl fmt::Debug for TokenSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "set" } else { "none" })
    }
}

/// The hooks a configuration holds, shown in `Debug` only as set or not.
#[derive(Clone, Default)]
struct HooksSlot(Option<std::sync::Arc<dyn Hooks>>);

impl fmt::Debug for HooksSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "set" } else { "none" })
    }
}

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

impl Config {
    /// Defaults from the spec, no credentials, nothing read from the environment.
    pub fn new() -> Self {
        Self {
            variables: SERVER_VARIABLES
                .iter()
                .map(|v| v.default.to_string())
                .collect(),
            base_url: None,
            proxy: None,
            credentials: vec![None; SECURITY_SCHEMES.len()],
            unstable: BTreeSet::new(),
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!(
                env!("CARGO_PKG_NAME"),
                "/",
                env!("CARGO_PKG_VERSION"),
                " (Rust)"
            )
            .to_string(),
            retry: RetryConfig::default(),
            max_response_bytes: 64 * 1024 * 1024,
            allow_missing_credentials: false,
            hooks: HooksSlot::default(),
            tokens: vec![TokenSlot::default(); SECURITY_SCHEMES.len()],
        }
    }
    /// The base URL, every server variable and every credential whose environment variable is
    /// set (`Config::from_env`, whose documentation names the variables, is in `api_spec.rs`).
    pub(crate) fn read_env(self) -> Result<Self, ConfigError> {
        let mut config = self;
        if let Ok(url) = std::env::var(BASE_URL_ENV) {
            config = config.with_base_url(&url)?;
        }
        for (index, variable) in SERVER_VARIABLES.iter().enumerate() {
            if let Some(name) = variable.env
                && let Ok(value) = std::env::var(name)
            {
                config = config.set_variable(index, value, Some(name))?;
            }
        }
        for (index, scheme) in SECURITY_SCHEMES.iter().enumerate() {
            if let Some(value) = scheme.env.and_then(|name| std::env::var(name).ok()) {
                config = config.with_credential(index, value);
            }
        }
        Ok(config)
    }

    /// Sets server variable `index` (of [`SERVER_VARIABLES`]) after checking the value is one
    /// the spec allows.
    ///
    /// A value written as a site's address is read as the allowed value it names: a URL
    /// (`https://app.datadoghq.eu/`) as its host, a host under an allowed one
    /// (`app.datadoghq.eu`) as that one (`datadoghq.eu`), in any case.
    #[allow(dead_code, reason = "unused when the spec has no server variable")]
    pub(crate) fn with_variable(self, index: usize, value: String) -> Result<Self, ConfigError> {
        self.set_variable(index, value, None)
    }

    /// [`Self::with_variable`], with the environment variable the value was read from.
    fn set_variable(
        mut self,
        index: usize,
        value: String,
        env: Option<&'static str>,
    ) -> Result<Self, ConfigError> {
        let variable = &SERVER_VARIABLES[index];
        if variable.allowed.is_empty() || variable.allowed.contains(&value.as_str()) {
            self.variables[index] = value;
            return Ok(self);
        }
        match allowed_value(variable.allowed, &value) {
            Some(allowed) => {
                self.variables[index] = allowed.to_string();
                Ok(self)
            }
            None => Err(ConfigError::UnknownServerValue {
                variable: variable.name,
                value,
                allowed: variable.allowed,
                env,
            }),
        }
    }

    /// Sets the credential of security scheme `index` (of [`SECURITY_SCHEMES`]).
    pub(crate) fn with_credential(mut self, index: usize, value: String) -> Self {
        self.credentials[index] = Some(Secret(value));
        self.tokens[index] = TokenSlot::default();
        self
    }

    /// Gets the tokens of bearer scheme `index` (of [`SECURITY_SCHEMES`]) from `provider`,
    /// instead of a fixed token.
    #[allow(dead_code, reason = "unused when the spec has no bearer scheme")]
    pub(crate) fn with_token_provider(
        mut self,
        index: usize,
        provider: impl TokenProvider,
    ) -> Self {
        self.credentials[index] = None;
        self.tokens[index] = TokenSlot(Some(std::sync::Arc::new(TokenCache::new(provider))));
        self
    }

    /// The token provider of scheme `index`, if it has one.
    pub(crate) fn token_provider(&self, index: usize) -> Option<&TokenCache> {
        self.tokens[index].0.as_deref()
    }
    /// Sends every request to `url` instead of the spec's servers (a proxy, a test server).
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidBaseUrl`] when `url` is not an absolute `http` or `https` URL.
    pub fn with_base_url(mut self, url: &str) -> Result<Self, ConfigError> {
        self.base_url = Some(checked_base(url)?);
        Ok(self)
    }

    /// Sends every request through the HTTP proxy at `url` (HTTPS goes through `CONNECT`).
    ///
    /// # Errors
    ///
    /// [`ConfigError::InvalidBaseUrl`] when `url` is not an absolute `http` or `https` URL.
    pub fn with_proxy(mut self, url: &str) -> Result<Self, ConfigError> {
        self.proxy = Some(checked_base(url)?);
        Ok(self)
    }

    /// Total time allowed for one attempt of a request, from connecting to reading the body.
    /// Default: 60 s.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to establish a connection. Default: 10 s.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Code that sees and may change each request before it is sent, and sees each response
    /// or failure after (see [`Hooks`]); replaces any set before.
    pub fn with_hooks(mut self, hooks: impl Hooks) -> Self {
        self.hooks = HooksSlot(Some(std::sync::Arc::new(hooks)));
        self
    }

    /// The `User-Agent` header. Default: this crate's name and version.
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The largest response body read, in bytes; a larger one is
    /// [`crate::RequestError::ResponseTooLarge`]. Default: 64 MiB.
    pub fn with_max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// How failed requests are retried; `RetryConfig { max_retries: 0, .. }` turns it off.
    pub fn with_retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Allows calling an operation in preview. `name` is `module.method`, as each unstable
    /// operation's documentation states.
    ///
    /// # Errors
    ///
    /// [`ConfigError::UnknownUnstableOperation`] when no unstable operation has that name.
    pub fn enable_unstable_operation(mut self, name: &str) -> Result<Self, ConfigError> {
        let known = UNSTABLE_OPERATIONS
            .iter()
            .find(|op| **op == name)
            .ok_or_else(|| ConfigError::UnknownUnstableOperation {
                name: name.to_string(),
            })?;
        self.unstable.insert(known);
        Ok(self)
    }

    /// Sends requests even when none of an operation's security alternatives is configured
    /// (the server then answers, usually 401 or 403). By default such a request fails before
    /// it is sent, with [`crate::RequestError::MissingCredential`] naming what to set.
    pub fn allow_missing_credentials(mut self) -> Self {
        self.allow_missing_credentials = true;
        self
    }

    pub(crate) fn hooks(&self) -> Option<&dyn Hooks> {
        self.hooks.0.as_deref()
    }

    pub(crate) fn allows_missing_credentials(&self) -> bool {
        self.allow_missing_credentials
    }

    pub(crate) fn is_unstable_enabled(&self, name: &str) -> bool {
        self.unstable.contains(name)
    }

    pub(crate) fn credentials(&self) -> &[Option<Secret>] {
        &self.credentials
    }

    pub(crate) fn proxy(&self) -> Option<&str> {
        self.proxy.as_deref()
    }

    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    pub(crate) fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    pub(crate) fn user_agent(&self) -> &str {
        &self.user_agent
    }

    pub(crate) fn retry(&self) -> RetryConfig {
        self.retry
    }

    pub(crate) fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// The base URL of each module: the configured one, or the spec's server filled in.
    pub(crate) fn base_urls(&self) -> Result<Vec<url::Url>, ConfigError> {
        SERVERS
            .iter()
            .map(|server| match &self.base_url {
                Some(url) => parsed_base(url),
                None => {
                    let fixed = server.fixed.iter().map(|(name, value)| (*name, *value));
                    let configured = SERVER_VARIABLES
                        .iter()
                        .zip(&self.variables)
                        .map(|(v, value)| (v.name, value.as_str()));
                    let url = fixed
                        .chain(configured)
                        .fold(server.url.to_string(), |url, (name, value)| {
                            url.replace(&["{", name, "}"].concat(), value)
                        });
                    parsed_base(&url)
                }
            })
            .collect()
    }
}

/// `url` if it is usable as a base URL, without its trailing `/`.
fn checked_base(url: &str) -> Result<String, ConfigError> {
    parsed_base(url).map(|_| url.trim_end_matches('/').to_string())
}

/// `url` parsed, if it is an absolute `http` or `https` URL without query or fragment.
fn parsed_base(url: &str) -> Result<url::Url, ConfigError> {
    let invalid = |reason: &str| ConfigError::InvalidBaseUrl {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    let parsed = url::Url::parse(url).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https")
        || parsed.query().is_some()
        || parsed.fragment().is_some()
    {
        return Err(invalid(
            "an absolute http or https URL without query or fragment is needed",
        ));
    }
    Ok(parsed)
}

/// Why a configuration cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A server variable (such as the site) was given a value the spec does not list.
    UnknownServerValue {
        /// The variable.
        variable: &'static str,
        /// The refused value.
        value: String,
        /// The values the spec allows.
        allowed: &'static [&'static str],
        /// The environment variable the value was read from, if it was.
        env: Option<&'static str>,
    },
    /// The base URL is not usable.
    InvalidBaseUrl {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// A credential cannot be sent in a header (for example it contains a line break).
    InvalidCredential {
        /// The security scheme.
        scheme: &'static str,
    },
    /// No unstable operation has this name.
    UnknownUnstableOperation {
        /// The name given.
        name: String,
    },
    /// The HTTP client could not be built.
    Http(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownServerValue {
                variable,
                value,
                allowed,
                env,
            } => {
                write!(
                    f,
                    "{value:?} is not a known value of `{variable}`; expected one of: {}",
                    allowed.join(", ")
                )?;
                match env {
                    Some(env) => write!(f, " (the value of the environment variable `{env}`)"),
                    None => Ok(()),
                }
            }
            Self::InvalidBaseUrl { url, reason } => {
                write!(f, "base URL {url:?} is not usable: {reason}")
            }
            Self::InvalidCredential { scheme } => write!(
                f,
                "the credential for `{scheme}` is not a valid header value"
            ),
            Self::UnknownUnstableOperation { name } => {
                write!(
                    f,
                    "no unstable operation is called {name:?}; known: {}",
                    UNSTABLE_OPERATIONS.join(", ")
                )
            }
            Self::Http(reason) => write!(f, "the HTTP client could not be built: {reason}"),
        }
    }
}

impl std::error::Error for ConfigError {}
