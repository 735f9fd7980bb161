//! What the spec says about reaching its API: servers and their variables, security schemes,
//! operations in preview, rate-limit headers, and the `Config` setters named after them.

use crate::config::{ {% if !schemes.is_empty() %}Carrier, {% endif %}Config, ConfigError, SchemeDef, ServerDef, VariableDef};

/// The environment variable [`Config::from_env`] reads the base URL from, named after the crate.
pub(crate) const BASE_URL_ENV: &str = {{ base_url_env_lit }};

/// Response headers that say how many seconds to wait before retrying, in order of preference.
pub(crate) const RATE_LIMIT_RESET_HEADERS: &[&str] = &[{% for h in rate_limit_headers %}{{ h }}, {% endfor %}];

/// The spec's server variables.
pub(crate) const SERVER_VARIABLES: &[VariableDef] = &[
{% for v in variables %}    VariableDef { name: {{ v.name_lit }}, default: {{ v.default_lit }}, allowed: &[{% for a in v.allowed %}{{ a }}, {% endfor %}], env: {{ v.env }} },
{% endfor %}];

/// The spec's security schemes.
pub(crate) const SECURITY_SCHEMES: &[SchemeDef] = &[
{% for s in schemes %}    SchemeDef { name: {{ s.name_lit }}, carrier: {% match s.carrier %}{% when Carrier::Header(name) %}Carrier::Header({{ name }}){% when Carrier::Query(name) %}Carrier::Query({{ name }}){% when Carrier::Bearer %}Carrier::Bearer{% when Carrier::Basic %}Carrier::Basic{% endmatch %}, env: {{ s.env }} },
{% endfor %}];

{% for c in server_constants %}{% for d in c.docs %}{{ d }}
{% endfor %}pub(crate) const {{ c.name }}: usize = {{ c.index }};
{% endfor %}
{% for c in scheme_constants %}{% for d in c.docs %}{{ d }}
{% endfor %}pub(crate) const {{ c.name }}: usize = {{ c.index }};
{% endfor %}
/// Every server: each module's (by module index), then those of single operations.
pub(crate) const SERVERS: &[ServerDef] = &[{% for s in servers %}ServerDef { url: {{ s.url }}, fixed: &[{% for (name, value) in s.fixed %}({{ name }}, {{ value }}), {% endfor %}] }, {% endfor %}];

/// Operations in preview, by the name that enables them.
pub(crate) const UNSTABLE_OPERATIONS: &[&str] = &[{% for u in unstable %}{{ u }}, {% endfor %}];

impl Config {
    /// [`Config::new`], then every server variable and credential whose environment variable
    /// (named by the spec) is set, and the base URL from `{{ base_url_env }}` when it is set
    /// (to point a program at a mock server or a proxy without changing its code).
    ///
    /// # Errors
    ///
    /// [`ConfigError::UnknownServerValue`] when an environment variable holds a value the
    /// spec does not allow; [`ConfigError::InvalidBaseUrl`] when `{{ base_url_env }}` is not
    /// an absolute `http` or `https` URL.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::new().read_env()
    }
{% for v in variables %}
    {% for d in v.docs %}{{ d }}
    {% endfor %}
    pub fn {{ v.setter }}(self, value: impl Into<String>) -> Result<Self, ConfigError> {
        self.with_variable({{ loop.index0 }}, value.into())
    }
{% endfor %}
{% for s in schemes %}
    {% for d in s.docs %}{{ d }}
    {% endfor %}
{% if let Carrier::Basic = s.carrier %}
    pub fn {{ s.setter }}(self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.with_credential({{ loop.index0 }}, format!("{}:{}", user.into(), password.into()))
    }
{% else %}
    pub fn {{ s.setter }}(self, value: impl Into<String>) -> Self {
        self.with_credential({{ loop.index0 }}, value.into())
    }
{% endif %}
{% if let Some(provider) = s.provider %}
    {% for d in provider.docs %}{{ d }}
    {% endfor %}
    pub fn {{ provider.name }}(self, provider: impl crate::TokenProvider) -> Self {
        self.with_token_provider({{ loop.index0 }}, provider)
    }
{% endif %}
{% if let Some((setter, url)) = s.client_credentials %}
    {% for d in setter.docs %}{{ d }}
    {% endfor %}
    pub fn {{ setter.name }}(self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        self.with_token_provider({{ loop.index0 }}, crate::ClientCredentials::new({{ url }}, client_id, client_secret))
    }
{% endif %}
{% endfor %}
}
