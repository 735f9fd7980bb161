//! A stand-in for the generated `api_spec.rs` (made from `templates/api_spec.rs`): one server
//! with a variable, one of each kind of security scheme, one operation in preview.

use crate::config::{Carrier, Config, ConfigError, SchemeDef, ServerDef, VariableDef};

pub(crate) const BASE_URL_ENV: &str = "STAND_IN_BASE_URL";

pub(crate) const RATE_LIMIT_RESET_HEADERS: &[&str] = &["retry-after", "x-ratelimit-reset"];

pub(crate) const SERVER_VARIABLES: &[VariableDef] = &[VariableDef {
    name: "site",
    default: "example.com",
    allowed: &["example.com", "example.eu"],
    env: Some("STAND_IN_SITE"),
}];

pub(crate) const API_KEY: usize = 0;
pub(crate) const TOKEN: usize = 1;
pub(crate) const BASIC: usize = 2;
pub(crate) const QUERY_KEY: usize = 3;

pub(crate) const SECURITY_SCHEMES: &[SchemeDef] = &[
    SchemeDef {
        name: "apiKey",
        carrier: Carrier::Header("X-Api-Key"),
        env: Some("STAND_IN_API_KEY"),
    },
    SchemeDef {
        name: "token",
        carrier: Carrier::Bearer,
        env: None,
    },
    SchemeDef {
        name: "basic",
        carrier: Carrier::Basic,
        env: None,
    },
    SchemeDef {
        name: "queryKey",
        carrier: Carrier::Query("key"),
        env: None,
    },
];

pub(crate) const SERVERS: &[ServerDef] = &[
    ServerDef {
        url: "https://api.{site}",
        fixed: &[],
    },
    ServerDef {
        url: "https://upload.{site}/v1",
        fixed: &[("site", "example.com")],
    },
];

pub(crate) const UNSTABLE_OPERATIONS: &[&str] = &["v1.preview"];

impl Config {
    /// Reads the stand-in's environment variables.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::new().read_env()
    }

    /// Sets the site.
    pub fn with_site(self, value: impl Into<String>) -> Result<Self, ConfigError> {
        self.with_variable(0, value.into())
    }

    /// Sets the API key.
    pub fn with_api_key(self, value: impl Into<String>) -> Self {
        self.with_credential(API_KEY, value.into())
    }

    /// Sets the bearer token.
    pub fn with_token(self, value: impl Into<String>) -> Self {
        self.with_credential(TOKEN, value.into())
    }

    /// Gets the bearer tokens from `provider`.
    pub fn with_token_provider_of_token(self, provider: impl crate::TokenProvider) -> Self {
        self.with_token_provider(TOKEN, provider)
    }

    /// Sets the user name and password.
    pub fn with_basic(self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.with_credential(BASIC, format!("{}:{}", user.into(), password.into()))
    }

    /// Sets the key sent in the query.
    pub fn with_query_key(self, value: impl Into<String>) -> Self {
        self.with_credential(QUERY_KEY, value.into())
    }
}
