//! Access tokens fetched as they are needed (OAuth 2, OpenID Connect, any bearer scheme): the
//! [`TokenProvider`] trait, the cache every client keeps of the last token, and a ready
//! provider for the OAuth 2 client-credentials grant ([`ClientCredentials`]).
//!
//! The same for every spec: a spec without a bearer scheme leaves it unused.
#![allow(dead_code)]

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};

use crate::runtime::HookError;

/// At most this much of a token endpoint's answer is read.
const TOKEN_RESPONSE_LIMIT: usize = 64 * 1024;

/// An access token, and how long it stays valid if the issuer said. Shown as `<redacted>` by
/// `Debug`.
#[derive(Clone)]
pub struct AccessToken {
    secret: String,
    expires_in: Option<Duration>,
}

impl AccessToken {
    /// `token`, valid for `expires_in` from now (`None`: until a request is refused).
    pub fn new(token: impl Into<String>, expires_in: Option<Duration>) -> Self {
        Self {
            secret: token.into(),
            expires_in,
        }
    }

    /// How long it stays valid, as the issuer said.
    pub fn expires_in(&self) -> Option<Duration> {
        self.expires_in
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("secret", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// What [`TokenProvider::fetch`] returns.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<AccessToken, HookError>> + Send + 'a>>;

/// What a provider may use to fetch a token: the client's own transport (its TLS settings,
/// proxy and timeouts) and the base URL of the operation being called, against which a
/// relative token URL is read.
#[derive(Debug, Clone, Copy)]
pub struct TokenContext<'a> {
    http: &'a reqwest::Client,
    base_url: &'a url::Url,
}

impl<'a> TokenContext<'a> {
    pub(crate) fn new(http: &'a reqwest::Client, base_url: &'a url::Url) -> Self {
        Self { http, base_url }
    }

    /// The client's transport.
    pub fn http(&self) -> &'a reqwest::Client {
        self.http
    }

    /// The base URL of the operation being called.
    pub fn base_url(&self) -> &'a url::Url {
        self.base_url
    }
}

/// Fetches the access tokens of a bearer scheme (OAuth 2, OpenID Connect, HTTP bearer) when the
/// client needs one: set it with the scheme's `Config::with_<scheme>_provider`.
///
/// The client keeps the last token and asks for a new one shortly before it expires (a tenth
/// of its lifetime before, at most a minute), one fetch at a time however many requests wait
/// for it; a token without an expiry is kept. A fetch that fails stops the request with
/// [`crate::RequestError::Token`]; nothing is sent.
///
/// ```ignore
/// struct FromVault;
/// impl TokenProvider for FromVault {
///     fn fetch<'a>(&'a self, _: TokenContext<'a>) -> TokenFuture<'a> {
///         Box::pin(async { Ok(AccessToken::new(vault::read("api-token").await?, None)) })
///     }
/// }
/// let config = Config::new().with_oauth_provider(FromVault);
/// ```
pub trait TokenProvider: Send + Sync + 'static {
    /// A fresh token.
    fn fetch<'a>(&'a self, context: TokenContext<'a>) -> TokenFuture<'a>;
}

/// The last token of a provider, shared by every clone of a configuration and its clients.
pub(crate) struct TokenCache {
    provider: Box<dyn TokenProvider>,
    /// The `Authorization` value, and when to fetch another.
    current: tokio::sync::Mutex<Option<(HeaderValue, Option<Instant>)>>,
}

impl TokenCache {
    pub(crate) fn new(provider: impl TokenProvider) -> Self {
        Self {
            provider: Box::new(provider),
            current: tokio::sync::Mutex::new(None),
        }
    }

    /// Drops the kept token: the server refused it.
    pub(crate) async fn forget(&self) {
        *self.current.lock().await = None;
    }

    /// The `Authorization` header value to send: the kept token while it is fresh, else a new
    /// one.
    pub(crate) async fn authorization(
        &self,
        context: TokenContext<'_>,
    ) -> Result<HeaderValue, HookError> {
        let mut current = self.current.lock().await;
        if let Some((value, refresh)) = &*current
            && refresh.is_none_or(|at| Instant::now() < at)
        {
            return Ok(value.clone());
        }
        let token = self.provider.fetch(context).await?;
        let mut value = HeaderValue::from_str(&format!("Bearer {}", token.secret))
            .map_err(|_| HookError::from("the access token is not a valid header value"))?;
        value.set_sensitive(true);
        // A lifetime too long to count is as good as none.
        let refresh = token.expires_in.and_then(|lifetime| {
            Instant::now().checked_add(lifetime - (lifetime / 10).min(Duration::from_secs(60)))
        });
        *current = Some((value.clone(), refresh));
        Ok(value)
    }
}

/// The OAuth 2 client-credentials grant (RFC 6749, section 4.4): a token for the client itself,
/// from its ID and secret, posted to the token URL with HTTP basic authentication. A relative
/// token URL is read against the base URL of the operation being called.
///
/// A scheme whose spec declares this flow has `Config::with_<scheme>_client_credentials`,
/// which uses the spec's token URL; this type serves any other.
#[derive(Clone)]
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    client_secret: String,
    scopes: Vec<String>,
}

impl ClientCredentials {
    /// The grant at `token_url` for this client.
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Self {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: Vec::new(),
        }
    }

    /// Asks for `scope` too (sent space-separated in `scope`).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes.push(scope.into());
        self
    }

    async fn request(&self, context: TokenContext<'_>) -> Result<AccessToken, HookError> {
        let url = context
            .base_url()
            .join(&self.token_url)
            .map_err(|e| format!("the token URL {:?} is not valid: {e}", self.token_url))?;
        let form = {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            form.append_pair("grant_type", "client_credentials");
            if !self.scopes.is_empty() {
                form.append_pair("scope", &self.scopes.join(" "));
            }
            form.finish()
        };
        // The ID and secret are form-encoded before they are joined (RFC 6749, 2.3.1).
        let encode =
            |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
        let mut response = context
            .http()
            .post(url)
            .basic_auth(encode(&self.client_id), Some(encode(&self.client_secret)))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(form)
            .send()
            .await
            .map_err(|e| Box::new(e.without_url()) as HookError)?;
        let status = response.status();
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Box::new(e.without_url()) as HookError)?
        {
            if body.len() + chunk.len() > TOKEN_RESPONSE_LIMIT {
                return Err(format!("the token endpoint answered {status} with a body over {TOKEN_RESPONSE_LIMIT} bytes").into());
            }
            body.extend_from_slice(&chunk);
        }
        if !status.is_success() {
            let text = String::from_utf8_lossy(&body[..body.len().min(512)]).into_owned();
            return Err(format!("the token endpoint answered {status}: {text}").into());
        }
        let answer: TokenAnswer = serde_json::from_slice(&body)
            .map_err(|e| format!("the token endpoint's answer is not a token: {e}"))?;
        // A number of seconds, or (as some issuers write it) a string of one.
        let seconds = match &answer.expires_in {
            Some(serde_json::Value::Number(n)) => n.as_f64(),
            Some(serde_json::Value::String(text)) => text.trim().parse().ok(),
            _ => None,
        };
        Ok(AccessToken::new(
            answer.access_token,
            seconds.and_then(|s| Duration::try_from_secs_f64(s).ok()),
        ))
    }
}

/// The fields of a token endpoint's answer this client reads.
#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: Option<serde_json::Value>,
}

impl TokenProvider for ClientCredentials {
    fn fetch<'a>(&'a self, context: TokenContext<'a>) -> TokenFuture<'a> {
        Box::pin(self.request(context))
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scopes", &self.scopes)
            .finish()
    }
}
