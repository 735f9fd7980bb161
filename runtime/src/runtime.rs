//! The runtime every operation shares: the client and its connection pool, the one request
//! executor (authentication, retries, timeouts), path encoding and the error types.
//!
//! The same for every spec: a spec that has no path parameter, form body or object model
//! leaves some helpers unused.
#![allow(dead_code)]

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use base64::Engine as _;
use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use crate::api_spec::{RATE_LIMIT_RESET_HEADERS, SECURITY_SCHEMES};
use crate::config::{Carrier, Config, ConfigError, Secret};
use crate::tokens::{TokenCache, TokenContext};

/// At most this much of a body is shown by `Display` (the whole body stays in the error).
const BODY_PREVIEW: usize = 512;

/// Everything except RFC 3986 unreserved characters is percent-encoded in a path segment, so
/// a value can never add a segment, a query or a fragment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Static description of one operation, written by the generator.
#[derive(Debug)]
pub(crate) struct Operation {
    /// `module.method`: the name used to enable an unstable operation.
    pub id: &'static str,
    pub method: Method,
    /// Index of the module's server URL in the configuration.
    pub server: usize,
    /// In preview: refused unless enabled in the configuration.
    pub unstable: bool,
    /// Alternatives of security schemes (indexes); the first fully configured one is used.
    pub security: &'static [&'static [usize]],
}

/// One request to make, built by a generated method.
pub(crate) struct Request {
    operation: &'static Operation,
    path: String,
    query: Vec<(std::borrow::Cow<'static, str>, String)>,
    headers: Vec<(&'static str, String)>,
    cookies: Vec<(&'static str, String)>,
    body: Option<(&'static str, Bytes)>,
    /// A body read from a stream as it is sent (with its length, when known); never retried.
    stream: Option<(reqwest::Body, Option<u64>)>,
    multipart: Option<Parts>,
    /// The media type asked for (`Accept`), when not JSON.
    accept: Option<&'static str>,
}

impl Request {
    pub(crate) fn new(operation: &'static Operation, path: String) -> Self {
        Self {
            operation,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            stream: None,
            multipart: None,
            accept: None,
        }
    }

    /// A copy to send again, unless its body (or a file of its form) is a stream.
    pub(crate) fn try_clone(&self) -> Option<Self> {
        if self.stream.is_some() {
            return None;
        }
        let multipart = match &self.multipart {
            None => None,
            Some(parts) => Some(parts.try_clone()?),
        };
        Some(Self {
            operation: self.operation,
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            cookies: self.cookies.clone(),
            body: self.body.clone(),
            stream: None,
            multipart,
            accept: self.accept,
        })
    }

    pub(crate) fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name.into(), value));
    }

    /// A query parameter that is an object, or written in a `style` other than one pair per
    /// value: the pairs [`pairs`] makes of it.
    pub(crate) fn query_value<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Result<(), RequestError> {
        let value = serde_json::to_value(value).map_err(RequestError::Encode)?;
        let mut out = Vec::new();
        pairs(name, &value, style, &mut out);
        self.query
            .extend(out.into_iter().map(|(name, value)| (name.into(), value)));
        Ok(())
    }

    /// A cookie parameter; all of them go in one `Cookie` header, values percent-encoded.
    pub(crate) fn cookie(&mut self, name: &'static str, value: String) {
        self.cookies.push((name, value));
    }

    pub(crate) fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    /// A body sent as is (text or binary).
    pub(crate) fn bytes(&mut self, media_type: &'static str, body: Bytes) {
        self.body = Some((media_type, body));
    }

    /// A binary body: bytes, or a stream read as it is sent.
    pub(crate) fn upload(&mut self, media_type: &'static str, upload: Upload) {
        match upload.0 {
            UploadBody::Bytes(bytes) => self.bytes(media_type, bytes),
            UploadBody::Stream { body, length } => {
                // The media type goes in `Content-Type`, as for any body; the bytes are the
                // stream's.
                self.body = Some((media_type, Bytes::new()));
                self.stream = Some((body, length));
            }
        }
    }

    /// A `multipart/form-data` body.
    pub(crate) fn multipart(&mut self, parts: Parts) {
        self.multipart = Some(parts);
    }

    pub(crate) fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        media_type: &'static str,
        body: &T,
    ) -> Result<(), RequestError> {
        let bytes = serde_json::to_vec(body).map_err(RequestError::Encode)?;
        self.body = Some((media_type, Bytes::from(bytes)));
        Ok(())
    }

    /// An `application/x-www-form-urlencoded` body: the pairs [`pairs`] makes of each property
    /// of `body`, in the order of its properties; `styles` names the properties not written the default way
    /// (`style: form`, `explode: true`).
    pub(crate) fn form<T: serde::Serialize + ?Sized>(
        &mut self,
        media_type: &'static str,
        body: &T,
        styles: &[(&str, Style)],
    ) -> Result<(), RequestError> {
        let object = match serde_json::to_value(body).map_err(RequestError::Encode)? {
            serde_json::Value::Object(object) => object,
            _ => {
                return Err(RequestError::Encode(serde::ser::Error::custom(
                    "a form body must be an object",
                )));
            }
        };
        let mut out = Vec::new();
        for (name, value) in &object {
            let style = styles
                .iter()
                .find(|(n, _)| n == name)
                .map_or(Style::Form, |(_, s)| *s);
            pairs(name, value, style, &mut out);
        }
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(out)
            .finish();
        self.body = Some((media_type, Bytes::from(encoded)));
        Ok(())
    }
}

/// How a parameter or form field is written as `name=value` pairs (OpenAPI `style` and
/// `explode`).
#[derive(Clone, Copy)]
pub(crate) enum Style {
    /// `style: form`, `explode: true`: a pair per array item; an object gives its own
    /// properties.
    Form,
    /// One pair: the items (or an object's keys and values) joined by the separator
    /// (`explode: false`, `spaceDelimited`, `pipeDelimited`).
    Joined(&'static str),
    /// `deepObject`: `name[key]=value`, nested objects deeper.
    Deep,
    /// `content: application/json`: one pair, the value as JSON.
    Json,
}

/// The pairs `value` is written as, named `name`, in `style`; `null` gives none. Scalars are
/// text (strings as they are); structured values nested where the style has no place for
/// them are JSON.
pub(crate) fn pairs(
    name: &str,
    value: &serde_json::Value,
    style: Style,
    out: &mut Vec<(String, String)>,
) {
    use serde_json::Value;
    match (value, style) {
        (Value::Null, _) => {}
        (_, Style::Json) => out.push((name.to_string(), value.to_string())),
        (Value::Array(items), Style::Joined(separator)) => {
            out.push((
                name.to_string(),
                items
                    .iter()
                    .map(form_text)
                    .collect::<Vec<_>>()
                    .join(separator),
            ));
        }
        // `lines[0][amount]=1`: a list of objects, each at its index.
        (Value::Array(items), Style::Deep) if items.iter().any(Value::is_object) => {
            for (index, item) in items.iter().enumerate() {
                pairs(&format!("{name}[{index}]"), item, Style::Deep, out);
            }
        }
        (Value::Array(items), _) => {
            out.extend(items.iter().map(|item| (name.to_string(), form_text(item))))
        }
        (Value::Object(fields), Style::Deep) => {
            for (key, value) in fields {
                let nested = match value {
                    Value::Object(_) => Style::Deep,
                    Value::Array(items) if items.iter().any(Value::is_object) => Style::Deep,
                    _ => Style::Form,
                };
                pairs(&format!("{name}[{key}]"), value, nested, out);
            }
        }
        (Value::Object(fields), Style::Joined(separator)) => {
            let joined: Vec<String> = fields
                .iter()
                .filter(|(_, v)| !v.is_null())
                .flat_map(|(k, v)| [k.clone(), form_text(v)])
                .collect();
            out.push((name.to_string(), joined.join(separator)));
        }
        (Value::Object(fields), Style::Form) => {
            out.extend(
                fields
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), form_text(v))),
            );
        }
        (value, _) => out.push((name.to_string(), form_text(value))),
    }
}

/// A path, header or cookie parameter of any type (a union, a nested value) as the one text
/// `style: simple` makes of its JSON value: a scalar as text, array items and object keys and
/// values joined by commas, `null` empty.
pub(crate) fn value_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, RequestError> {
    let value = serde_json::to_value(value).map_err(RequestError::Encode)?;
    Ok(match &value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::Array(items) => {
            items.iter().map(form_text).collect::<Vec<_>>().join(",")
        }
        serde_json::Value::Object(fields) => fields
            .iter()
            .filter(|(_, v)| !v.is_null())
            .flat_map(|(k, v)| [k.clone(), form_text(v)])
            .collect::<Vec<_>>()
            .join(","),
        other => form_text(other),
    })
}

/// A value as form text: strings as they are, other values as JSON.
fn form_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The parts of a `multipart/form-data` body, kept so that every attempt can send them again
/// (unless a file is a stream, which is sent once).
#[derive(Default)]
pub(crate) struct Parts(Vec<(&'static str, Part)>);

enum Part {
    Text(String),
    File {
        content: FileContent,
        name: Option<String>,
        content_type: Option<String>,
    },
}

/// What a file part sends: bytes (again on every attempt), or a stream, taken by the one
/// attempt that sends it.
enum FileContent {
    Bytes(Bytes),
    Stream(std::sync::Mutex<Option<(reqwest::Body, Option<u64>)>>),
}

impl Parts {
    /// A text part: strings as they are, other values as JSON; `null` adds nothing.
    pub(crate) fn value<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), RequestError> {
        match serde_json::to_value(value).map_err(RequestError::Encode)? {
            serde_json::Value::Null => {}
            serde_json::Value::String(text) => self.0.push((name, Part::Text(text))),
            other => self.0.push((name, Part::Text(other.to_string()))),
        }
        Ok(())
    }

    /// A file part: its bytes or stream, with the file name and content type it was given
    /// (the part's name and none otherwise).
    pub(crate) fn file(&mut self, name: &'static str, file: File) {
        let content = match file.body.0 {
            UploadBody::Bytes(bytes) => FileContent::Bytes(bytes),
            UploadBody::Stream { body, length } => {
                FileContent::Stream(std::sync::Mutex::new(Some((body, length))))
            }
        };
        self.0.push((
            name,
            Part::File {
                content,
                name: file.name,
                content_type: file.content_type,
            },
        ));
    }

    /// A copy, unless a file is a stream.
    fn try_clone(&self) -> Option<Self> {
        let mut parts = Vec::with_capacity(self.0.len());
        for (name, part) in &self.0 {
            parts.push((
                *name,
                match part {
                    Part::Text(text) => Part::Text(text.clone()),
                    Part::File {
                        content: FileContent::Bytes(bytes),
                        name,
                        content_type,
                    } => Part::File {
                        content: FileContent::Bytes(bytes.clone()),
                        name: name.clone(),
                        content_type: content_type.clone(),
                    },
                    Part::File { .. } => return None,
                },
            ));
        }
        Some(Self(parts))
    }

    /// Whether every part can be sent again (no file is a stream).
    pub(crate) fn replayable(&self) -> bool {
        self.0.iter().all(|(_, part)| {
            !matches!(
                part,
                Part::File {
                    content: FileContent::Stream(_),
                    ..
                }
            )
        })
    }

    fn form(&self) -> Result<reqwest::multipart::Form, RequestError> {
        let mut form = reqwest::multipart::Form::new();
        for (field, part) in &self.0 {
            form = match part {
                Part::Text(text) => form.text(*field, text.clone()),
                Part::File {
                    content,
                    name,
                    content_type,
                } => {
                    let body = match content {
                        FileContent::Bytes(bytes) => {
                            reqwest::multipart::Part::stream(bytes.clone())
                        }
                        FileContent::Stream(stream) => {
                            match stream.lock().unwrap_or_else(|e| e.into_inner()).take() {
                                Some((body, Some(length))) => {
                                    reqwest::multipart::Part::stream_with_length(body, length)
                                }
                                Some((body, None)) => reqwest::multipart::Part::stream(body),
                                // Sent by an earlier attempt (never retried: not replayable).
                                None => reqwest::multipart::Part::bytes(Vec::new()),
                            }
                        }
                    };
                    let mut file =
                        body.file_name(name.clone().unwrap_or_else(|| field.to_string()));
                    if let Some(content_type) = content_type {
                        file = file.mime_str(content_type).map_err(|_| {
                            RequestError::InvalidHeaderValue {
                                name: "content-type",
                            }
                        })?;
                    }
                    form.part(*field, file)
                }
            };
        }
        Ok(form)
    }
}

/// A file sent as a part of a `multipart/form-data` body: its content (bytes, or a stream: see
/// [`Upload`]), and the file name and content type the part declares (by default the part's
/// name and none).
///
/// ```ignore
/// let photo = File::new(bytes).name("cat.png").content_type("image/png");
/// ```
#[derive(Debug, Default)]
pub struct File {
    body: Upload,
    name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// A file with this content: bytes, or an [`Upload`] of a stream.
    pub fn new(body: impl Into<Upload>) -> Self {
        Self {
            body: body.into(),
            name: None,
            content_type: None,
        }
    }

    /// The file name the part declares (`filename=` of its `Content-Disposition`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The content type of the part, such as `image/png`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl From<Bytes> for File {
    fn from(bytes: Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<Upload> for File {
    fn from(body: Upload) -> Self {
        Self::new(body)
    }
}

/// The items of every page, one after the other: `fetch` gets the parameters of a page and
/// returns its items and the parameters of the next page, if there is one.
pub(crate) fn paginate<'a, P, T, E, F, Fut>(
    first: P,
    mut fetch: F,
) -> impl futures_util::Stream<Item = Result<T, Error<E>>> + 'a
where
    P: 'a,
    T: 'a,
    E: 'a,
    F: FnMut(P) -> Fut + 'a,
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<P>), Error<E>>> + 'a,
{
    use futures_util::TryStreamExt as _;
    futures_util::stream::try_unfold(Some(first), move |state: Option<P>| {
        let page = state.map(&mut fetch);
        async move {
            match page {
                None => Ok(None),
                Some(page) => page.await.map(Some),
            }
        }
    })
    .map_ok(|items: Vec<T>| futures_util::stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
}

/// Whether another page may follow one of `received` items: not when it was empty, nor when it
/// held fewer items than the page size asked for.
pub(crate) fn full_page(received: usize, limit: Option<i64>) -> bool {
    received > 0 && limit.is_none_or(|limit| received as i64 >= limit)
}

/// Percent-encodes one path parameter as a single path segment.
///
/// `.` and `..` (and the empty string) are refused: URL normalisation would turn them into a
/// different path, so the request would reach another endpoint.
pub(crate) fn path_segment(name: &'static str, value: &str) -> Result<String, RequestError> {
    if matches!(value, "" | "." | "..") {
        return Err(RequestError::InvalidPathParameter {
            name,
            value: value.to_string(),
        });
    }
    Ok(utf8_percent_encode(value, PATH_SEGMENT).to_string())
}

/// `a,b,c`: an array parameter written as one value.
pub(crate) fn join<T: fmt::Display>(values: &[T], separator: &str) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

/// A parameter described with `content: application/json`: its JSON text.
pub(crate) fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, RequestError> {
    serde_json::to_string(value).map_err(RequestError::Encode)
}

/// The API client. Cheap to clone: clones share one connection pool and configuration.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    config: Config,
    /// Base URL of each module's server, parsed once.
    base_urls: Vec<url::Url>,
    /// How to send each security scheme's credential, where one is configured.
    credentials: Vec<Option<Credential>>,
    /// Whether `http` was built from `config`, so that its timeouts are `config`'s.
    own_timeouts: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base_urls: Vec<&str> = self.inner.base_urls.iter().map(url::Url::as_str).collect();
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("base_urls", &base_urls)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `config`.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] when a server URL, a credential or the user agent is not usable.
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        // With the `rustls-ring` feature, reqwest's rustls has no crypto provider of its own:
        // ring becomes the process's default unless the program installed one first.
        #[cfg(feature = "rustls-ring")]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder()
            .user_agent(config.user_agent())
            .timeout(config.timeout())
            .connect_timeout(config.connect_timeout());
        if let Some(proxy) = config.proxy() {
            builder = builder
                .proxy(reqwest::Proxy::all(proxy).map_err(|e| ConfigError::Http(e.to_string()))?);
        }
        let http = builder
            .build()
            .map_err(|e| ConfigError::Http(e.to_string()))?;
        Self::assemble(config, http, true)
    }

    /// A client for `config` that sends through `http`, a `reqwest::Client` you built (custom
    /// root certificates, client certificates, proxies, connection pool limits, default
    /// headers).
    ///
    /// `http`'s own settings replace `Config`'s timeout, connect timeout, proxy and user agent,
    /// which are not applied. Everything else of `config` is: servers and base URL,
    /// credentials, retries, the response size limit, preview operations.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] when a server URL or a credential is not usable.
    pub fn with_http_client(config: Config, http: reqwest::Client) -> Result<Self, ConfigError> {
        Self::assemble(config, http, false)
    }

    /// The client sending through `http`; `own_timeouts` when `http` was built from `config`.
    fn assemble(
        config: Config,
        http: reqwest::Client,
        own_timeouts: bool,
    ) -> Result<Self, ConfigError> {
        let base_urls = config.base_urls()?;
        let credentials = SECURITY_SCHEMES
            .iter()
            .zip(config.credentials())
            .map(|(scheme, secret)| {
                let Some(secret) = secret else {
                    return Ok(None);
                };
                let invalid = || ConfigError::InvalidCredential {
                    scheme: scheme.name,
                };
                let (name, value) = match scheme.carrier {
                    Carrier::Query(name) => {
                        return Ok(Some(Credential::Query(name, secret.clone())));
                    }
                    Carrier::Header(header) => (
                        HeaderName::from_bytes(header.as_bytes()).map_err(|_| invalid())?,
                        secret.expose().to_string(),
                    ),
                    Carrier::Bearer => (AUTHORIZATION, format!("Bearer {}", secret.expose())),
                    Carrier::Basic => (
                        AUTHORIZATION,
                        format!(
                            "Basic {}",
                            base64::engine::general_purpose::STANDARD.encode(secret.expose())
                        ),
                    ),
                };
                let mut value = HeaderValue::from_str(&value).map_err(|_| invalid())?;
                value.set_sensitive(true);
                Ok(Some(Credential::Header(name, value)))
            })
            .collect::<Result<Vec<_>, ConfigError>>()?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                config,
                base_urls,
                credentials,
                own_timeouts,
            }),
        })
    }

    /// A client configured from the environment; see [`Config::from_env`].
    ///
    /// # Errors
    ///
    /// As [`Config::from_env`] and [`Client::new`].
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::new(Config::from_env()?)
    }

    /// The configuration this client was made with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends `request`, retrying as configured, and returns the final response, read whole.
    pub(crate) async fn execute(&self, request: Request) -> Result<RawResponse, RequestError> {
        match self.send(request, false).await? {
            Received::Whole(response) => Ok(response),
            // Only a download streams; read whole all the same.
            Received::Streaming(download) => {
                download
                    .read_whole(self.inner.config.max_response_bytes())
                    .await
            }
        }
    }

    /// Sends `request` like [`Self::execute`], but a success (2xx) is returned before its body
    /// is read, as a [`Download`]; any other final response is read whole, to be interpreted
    /// as usual.
    pub(crate) async fn execute_download(
        &self,
        request: Request,
    ) -> Result<Result<Download, RawResponse>, RequestError> {
        Ok(match self.send(request, true).await? {
            Received::Streaming(download) => Ok(download),
            Received::Whole(response) => Err(response),
        })
    }

    /// Sends `request` like [`Self::execute_download`], asking for `accept`, and returns a
    /// success as its server-sent events, which can reconnect with a copy of the request.
    pub(crate) async fn execute_events<T>(
        &self,
        mut request: Request,
        accept: &'static str,
    ) -> Result<Result<crate::Events<T>, RawResponse>, RequestError> {
        request.accept = Some(accept);
        let resend = request.try_clone().map(|copy| (self.clone(), copy));
        Ok(self
            .execute_download(request)
            .await?
            .map(|download| crate::Events::new(download, resend)))
    }

    /// Sends `request` like [`Self::execute_download`], asking for `accept`, and returns a
    /// success as its JSON items.
    pub(crate) async fn execute_items<T: DeserializeOwned + Send + 'static>(
        &self,
        mut request: Request,
        accept: &'static str,
    ) -> Result<Result<crate::Items<T>, RawResponse>, RequestError> {
        request.accept = Some(accept);
        Ok(self
            .execute_download(request)
            .await?
            .map(Download::json_lines))
    }

    /// Sends `request` again for a stream that resumes: a success unread, anything else whole.
    pub(crate) async fn resend(&self, request: Request) -> Result<Received, RequestError> {
        self.send(request, true).await
    }

    #[cfg(not(feature = "tracing"))]
    async fn send(&self, request: Request, stream: bool) -> Result<Received, RequestError> {
        self.send_attempts(request, stream).await
    }

    /// With the `tracing` feature: one span per operation call, with the operation, method,
    /// path (no query: it may hold a credential), the final status and the number of
    /// attempts; an event for each retry and for a failure.
    #[cfg(feature = "tracing")]
    async fn send(&self, request: Request, stream: bool) -> Result<Received, RequestError> {
        use tracing::Instrument as _;
        let span = tracing::info_span!(
            "request",
            operation = request.operation.id,
            method = %request.operation.method,
            path = %request.path,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let result = self
            .send_attempts(request, stream)
            .instrument(span.clone())
            .await;
        match &result {
            Ok(Received::Whole(response)) => {
                span.record("status", response.status.as_u16());
            }
            Ok(Received::Streaming(download)) => {
                span.record("status", download.status().as_u16());
            }
            Err(error) => tracing::warn!(parent: &span, error = %error, "request failed"),
        }
        result
    }

    async fn send_attempts(
        &self,
        mut request: Request,
        stream: bool,
    ) -> Result<Received, RequestError> {
        let operation = request.operation;
        let upload = request.stream.take();
        let inner = &*self.inner;
        if operation.unstable && !inner.config.is_unstable_enabled(operation.id) {
            return Err(RequestError::UnstableOperationDisabled {
                operation: operation.id,
            });
        }
        self.check_credentials(operation)?;
        let url = self.url(&request)?;
        let headers = self.headers(&request)?;
        let body = match &upload {
            None => encoded_body(&request, &headers)?,
            // A stream is sent as it is: this client cannot compress it.
            Some(_) => match content_encoding(&headers) {
                Some(encoding) => return Err(RequestError::StreamNotEncodable(encoding)),
                None => None,
            },
        };
        // Built once; another attempt sends a copy (a multipart body is a stream, so it is
        // made again for each attempt).
        let build = |url: url::Url, headers: HeaderMap| {
            let mut http_request = reqwest::Request::new(operation.method.clone(), url);
            *http_request.headers_mut() = headers;
            *http_request.body_mut() = body.clone().map(reqwest::Body::from);
            http_request
        };
        let mut prepared = build(url, headers);
        // A stream is sent once: it cannot be replayed for a retry.
        let replayable =
            upload.is_none() && request.multipart.as_ref().is_none_or(Parts::replayable);
        if let Some((stream, length)) = upload {
            if let Some(length) = length {
                prepared
                    .headers_mut()
                    .insert(reqwest::header::CONTENT_LENGTH, HeaderValue::from(length));
            }
            *prepared.body_mut() = Some(stream);
        }
        let attempts = std::sync::atomic::AtomicU32::new(0);
        let send = |http_request: reqwest::Request| async {
            let mut http_request = match &request.multipart {
                None => http_request,
                Some(parts) => {
                    reqwest::RequestBuilder::from_parts(inner.http.clone(), http_request)
                        .multipart(parts.form().map_err(Attempt::Refused)?)
                        .build()
                        .map_err(|e| Attempt::Failed(e.without_url()))?
                }
            };
            let call = Call {
                operation: operation.id,
                attempt: attempts.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
            };
            for (scheme, tokens) in self.token_providers(operation) {
                let context = TokenContext::new(&inner.http, &inner.base_urls[operation.server]);
                let value = tokens
                    .authorization(context)
                    .await
                    .map_err(|source| Attempt::Refused(RequestError::Token { scheme, source }))?;
                http_request.headers_mut().insert(AUTHORIZATION, value);
            }
            let hooks = inner.config.hooks();
            if let Some(hooks) = hooks {
                hooks
                    .before_send(call, &mut http_request)
                    .await
                    .map_err(|error| Attempt::Refused(RequestError::Hook(error)))?;
            }
            let sent = std::time::Instant::now();
            let result = inner
                .http
                .execute(http_request)
                .await
                .map_err(reqwest::Error::without_url);
            if let Some(hooks) = hooks {
                match &result {
                    Ok(response) => {
                        hooks
                            .after_response(
                                call,
                                response.status(),
                                response.headers(),
                                sent.elapsed(),
                            )
                            .await
                    }
                    Err(error) => hooks.after_failure(call, error, sent.elapsed()).await,
                }
            }
            let response = result.map_err(Attempt::Failed)?;
            let status = response.status();
            if status == StatusCode::UNAUTHORIZED {
                // The token was refused (revoked, or expired early): the next request fetches
                // another.
                for (_, tokens) in self.token_providers(operation) {
                    tokens.forget().await;
                }
            }
            let retryable = status == StatusCode::TOO_MANY_REQUESTS
                || (status.is_server_error() && operation.method.is_idempotent());
            let wait = if retryable {
                retry_wait(response.headers())
            } else {
                None
            };
            if stream && status.is_success() {
                return Ok(Received::Streaming(Download {
                    operation: operation.id,
                    timeout: inner.own_timeouts.then(|| inner.config.timeout()),
                    limit: inner.config.max_response_bytes(),
                    response,
                }));
            }
            let response =
                read_response(operation.id, response, inner.config.max_response_bytes()).await?;
            if retryable {
                Err(Attempt::Retryable { response, wait })
            } else {
                Ok(Received::Whole(response))
            }
        };
        let retry = inner.config.retry();
        let started = tokio::time::Instant::now();
        let result = if retry.max_retries == 0 || !replayable {
            send(prepared).await
        } else {
            let backoff = ExponentialBuilder::default()
                .with_min_delay(retry.min_delay)
                .with_max_delay(retry.max_delay)
                .with_max_times(retry.max_retries)
                .with_jitter();
            let again = || send(build(prepared.url().clone(), prepared.headers().clone()));
            again
                .retry(backoff)
                .sleep(tokio::time::sleep)
                .when(|attempt| matches!(attempt, Attempt::Retryable { .. }))
                .adjust(|attempt, delay| {
                    let delay = match (attempt, delay) {
                        // The server said when to come back: wait that long (within the cap).
                        (
                            Attempt::Retryable {
                                wait: Some(wait), ..
                            },
                            Some(_),
                        ) => Some((*wait).min(retry.max_delay)),
                        (_, delay) => delay,
                    };
                    // No retry would start after the time allowed for all of them.
                    let delay =
                        delay.filter(|delay| started.elapsed() + *delay <= retry.max_elapsed);
                    #[cfg(feature = "tracing")]
                    if let (Some(delay), Attempt::Retryable { response, .. }) = (delay, attempt) {
                        tracing::info!(
                            status = response.status.as_u16(),
                            delay_ms = delay.as_millis() as u64,
                            "retrying"
                        );
                    }
                    delay
                })
                .await
        };
        #[cfg(feature = "tracing")]
        tracing::Span::current().record(
            "attempts",
            attempts.load(std::sync::atomic::Ordering::Relaxed),
        );
        result.or_else(|attempt| {
            attempt
                .end(
                    inner.own_timeouts.then(|| inner.config.connect_timeout()),
                    inner.own_timeouts.then(|| inner.config.timeout()),
                )
                .map(Received::Whole)
        })
    }

    fn url(&self, request: &Request) -> Result<url::Url, RequestError> {
        let base = &self.inner.base_urls[request.operation.server];
        let mut url = base.clone();
        // The path's values are percent-encoded already; only the path is parsed again, not
        // the host. A path with its own query or fragment is parsed whole.
        let path = [base.path().trim_end_matches('/'), &request.path].concat();
        if path.contains(['?', '#']) {
            url = url::Url::parse(&[base.as_str().trim_end_matches('/'), &request.path].concat())
                .map_err(|e| RequestError::InvalidUrl(e.to_string()))?;
        } else {
            url.set_path(&path);
        }
        let keys = self.credentials(request.operation).filter_map(|c| match c {
            Credential::Query(name, secret) => Some((*name, secret.expose())),
            Credential::Header(..) => None,
        });
        let pairs: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(n, v)| (n.as_ref(), v.as_str()))
            .chain(keys)
            .collect();
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        Ok(url)
    }

    fn headers(&self, request: &Request) -> Result<HeaderMap, RequestError> {
        let mut headers = HeaderMap::new();
        let accept = HeaderValue::from_str(request.accept.unwrap_or("application/json"))
            .map_err(|_| RequestError::InvalidHeaderValue { name: "accept" })?;
        headers.insert(ACCEPT, accept);
        if let (Some((media_type, _)), None) = (&request.body, &request.multipart) {
            let value = HeaderValue::from_str(media_type).map_err(|_| {
                RequestError::InvalidHeaderValue {
                    name: "content-type",
                }
            })?;
            headers.insert(CONTENT_TYPE, value);
        }
        for (name, value) in &request.headers {
            let invalid = || RequestError::InvalidHeaderValue { name };
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            headers.append(header, HeaderValue::from_str(value).map_err(|_| invalid())?);
        }
        if !request.cookies.is_empty() {
            let cookies: Vec<String> = request
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, PATH_SEGMENT)))
                .collect();
            let value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| RequestError::InvalidHeaderValue { name: "cookie" })?;
            headers.insert(reqwest::header::COOKIE, value);
        }
        for credential in self.credentials(request.operation) {
            if let Credential::Header(name, value) = credential {
                headers.insert(name.clone(), value.clone());
            }
        }
        Ok(headers)
    }

    /// Fails when the operation requires credentials and none of its alternatives is fully
    /// configured (an empty alternative needs none), unless the configuration allows it. The
    /// error names the first scheme missing from the first alternative.
    fn check_credentials(&self, operation: &Operation) -> Result<(), RequestError> {
        let configured = |i: &usize| self.configured(*i);
        let alternatives = operation.security;
        if alternatives.is_empty()
            || self.inner.config.allows_missing_credentials()
            || alternatives.iter().any(|alt| alt.iter().all(configured))
        {
            return Ok(());
        }
        // The first alternative is not fully configured: name what it lacks.
        let Some(&missing) = alternatives[0].iter().find(|i| !configured(i)) else {
            return Ok(());
        };
        let scheme = &SECURITY_SCHEMES[missing];
        Err(RequestError::MissingCredential {
            operation: operation.id,
            scheme: scheme.name,
            env: scheme.env,
        })
    }

    /// The credentials to send: those of the first security alternative that is fully
    /// configured; otherwise whatever is configured of the first one (the server then says
    /// what is missing).
    fn credentials(&self, operation: &Operation) -> impl Iterator<Item = &Credential> {
        self.chosen_schemes(operation)
            .iter()
            .filter_map(|i| self.inner.credentials[*i].as_ref())
    }

    /// The token providers of the schemes [`Self::credentials`] chose, with the schemes' names.
    fn token_providers(
        &self,
        operation: &Operation,
    ) -> impl Iterator<Item = (&'static str, &TokenCache)> {
        self.chosen_schemes(operation).iter().filter_map(|i| {
            let cache = self.inner.config.token_provider(*i)?;
            Some((SECURITY_SCHEMES[*i].name, cache))
        })
    }

    /// The schemes of the first security alternative that is fully configured, or else of the
    /// first one.
    fn chosen_schemes(&self, operation: &Operation) -> &'static [usize] {
        let alternatives = operation.security;
        alternatives
            .iter()
            .find(|alt| alt.iter().all(|i| self.configured(*i)))
            .or(alternatives.first())
            .copied()
            .unwrap_or_default()
    }

    /// Whether scheme `index` has a credential or a token provider.
    fn configured(&self, index: usize) -> bool {
        self.inner.credentials[index].is_some() || self.inner.config.token_provider(index).is_some()
    }
}

/// The request body, compressed as its `Content-Encoding` header (a parameter the caller set)
/// says: `gzip`, `deflate` (zlib, as HTTP means it) or `identity`. Done once, before any attempt.
fn encoded_body(request: &Request, headers: &HeaderMap) -> Result<Option<Bytes>, RequestError> {
    use std::io::Write as _;
    let Some((_, body)) = &request.body else {
        return Ok(None);
    };
    let Some(encoding) = content_encoding(headers) else {
        return Ok(Some(body.clone()));
    };
    let compressed = match encoding.as_str() {
        "gzip" => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(body).and_then(|()| encoder.finish())
        }
        "deflate" => {
            let mut encoder =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(body).and_then(|()| encoder.finish())
        }
        _ => return Err(RequestError::UnsupportedContentEncoding(encoding)),
    };
    compressed
        .map(|bytes| Some(Bytes::from(bytes)))
        .map_err(|e| RequestError::Encode(serde_json::Error::io(e)))
}

/// The `Content-Encoding` the request asks this client to apply, in lower case: `None` when
/// there is none to apply (absent, empty or `identity`).
fn content_encoding(headers: &HeaderMap) -> Option<String> {
    let encoding = headers
        .get(reqwest::header::CONTENT_ENCODING)?
        .to_str()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    (!matches!(encoding.as_str(), "" | "identity")).then_some(encoding)
}

/// A binary request body: bytes in memory, or a stream read as it is sent (a file, a
/// generator, another response) so that a large upload never sits in memory whole.
///
/// Bytes are sent again when a request is retried. A stream cannot be replayed, so a request
/// whose body is a stream is sent once and never retried, whatever
/// [`crate::Config::with_retry`] says. With a known length it is sent with `Content-Length`
/// (which some servers require), otherwise in chunks.
///
/// ```ignore
/// // From memory: anything that becomes bytes.
/// api.put_file("a.bin", bytes::Bytes::from_static(b"...")).await?;
/// // From a file on disk, streamed.
/// let file = tokio::fs::File::open("big.bin").await?;
/// let length = file.metadata().await?.len();
/// api.put_file("big.bin", Upload::body(file.into(), Some(length))).await?;
/// // From any stream of chunks.
/// api.put_file("gen.bin", Upload::stream(chunks, None)).await?;
/// ```
pub struct Upload(UploadBody);

impl Default for Upload {
    /// No bytes.
    fn default() -> Self {
        Self(UploadBody::Bytes(Bytes::new()))
    }
}

enum UploadBody {
    Bytes(Bytes),
    Stream {
        body: reqwest::Body,
        length: Option<u64>,
    },
}

impl Upload {
    /// A body read from `stream` as it is sent; `length`, when known, is sent as
    /// `Content-Length` and must be the exact number of bytes the stream yields.
    pub fn stream<S, T, E>(stream: S, length: Option<u64>) -> Self
    where
        S: futures_util::Stream<Item = Result<T, E>> + Send + 'static,
        Bytes: From<T>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        Self::body(reqwest::Body::wrap_stream(stream), length)
    }

    /// A body reqwest already holds (a `tokio::fs::File` converts into one), sent as a
    /// stream unless it is bytes in memory.
    pub fn body(body: reqwest::Body, length: Option<u64>) -> Self {
        match body.as_bytes() {
            Some(bytes) => Self(UploadBody::Bytes(Bytes::copy_from_slice(bytes))),
            None => Self(UploadBody::Stream { body, length }),
        }
    }

    /// The number of bytes, when known.
    pub fn len(&self) -> Option<u64> {
        match &self.0 {
            UploadBody::Bytes(bytes) => Some(bytes.len() as u64),
            UploadBody::Stream { length, .. } => *length,
        }
    }

    /// Whether the body is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Whether the body is bytes in memory, sent again on a retry (a stream is not).
    pub fn is_replayable(&self) -> bool {
        matches!(self.0, UploadBody::Bytes(_))
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.is_replayable() {
            "bytes"
        } else {
            "stream"
        };
        f.debug_struct("Upload")
            .field("kind", &kind)
            .field("length", &self.len())
            .finish()
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Self(UploadBody::Bytes(bytes))
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes::from(bytes).into()
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Self {
        Bytes::from_static(bytes).into()
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Bytes::from(text).into()
    }
}

impl From<&'static str> for Upload {
    fn from(text: &'static str) -> Self {
        Bytes::from_static(text.as_bytes()).into()
    }
}

/// How long the server asked us to wait, from the first rate-limit header that parses.
/// The body, read chunk by chunk and refused past `limit` bytes (before reading it, when the
/// server announces its length).
async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Bytes, Attempt> {
    let status = response.status();
    let too_large = || Attempt::TooLarge { status, limit };
    match response.content_length() {
        Some(length) if length > limit as u64 => return Err(too_large()),
        // Announced and within the limit: hyper reads no more than announced.
        Some(_) => {
            return response
                .bytes()
                .await
                .map_err(|e| Attempt::Failed(e.without_url()));
        }
        None => {}
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| Attempt::Failed(e.without_url()))?
    {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(body))
}

pub(crate) fn retry_wait(headers: &HeaderMap) -> Option<Duration> {
    RATE_LIMIT_RESET_HEADERS.iter().find_map(|name| {
        let seconds: f64 = headers.get(*name)?.to_str().ok()?.trim().parse().ok()?;
        (seconds.is_finite() && seconds >= 0.0)
            .then(|| Duration::from_secs_f64(seconds.min(86_400.0)))
    })
}

/// A configured credential, ready to send.
enum Credential {
    Header(HeaderName, HeaderValue),
    Query(&'static str, Secret),
}

/// The future a [`Hooks`] method returns.
pub type HookFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// The error a hook returns to stop a request.
pub type HookError = Box<dyn std::error::Error + Send + Sync>;

/// The attempt a hook sees: which operation, and which try of it (1 for the first, 2 for the
/// first retry, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Call {
    /// The operation, `module.method` (as in [`Error::operation`]).
    pub operation: &'static str,
    /// Which attempt: 1, then one more for each retry.
    pub attempt: u32,
}

/// Code of yours that sees, and may change, each request before it is sent, and sees each
/// response or failure after: to add headers, sign requests, log, or collect metrics. Set it
/// with [`crate::Config::with_hooks`]. Every method does nothing unless you write it; each is
/// called once per attempt, retries included, and awaited before the request goes on.
///
/// ```ignore
/// struct Tag;
///
/// impl Hooks for Tag {
///     fn before_send<'a>(
///         &'a self,
///         call: Call,
///         request: &'a mut reqwest::Request,
///     ) -> HookFuture<'a, Result<(), HookError>> {
///         Box::pin(async move {
///             request.headers_mut().insert("x-request-source", "billing".parse()?);
///             println!("{} attempt {}", call.operation, call.attempt);
///             Ok(())
///         })
///     }
/// }
///
/// let client = Client::new(Config::from_env()?.with_hooks(Tag))?;
/// ```
pub trait Hooks: Send + Sync + 'static {
    /// Before an attempt is sent, with the request as it will go (URL, headers with the
    /// credentials, body): change it as you need. An error stops the request, which fails
    /// with [`RequestError::Hook`]; nothing is sent.
    fn before_send<'a>(
        &'a self,
        call: Call,
        request: &'a mut reqwest::Request,
    ) -> HookFuture<'a, Result<(), HookError>> {
        let _ = (call, request);
        Box::pin(async { Ok(()) })
    }

    /// After an attempt was answered (before its body is read), with the status, the
    /// headers and the time the answer took.
    fn after_response<'a>(
        &'a self,
        call: Call,
        status: StatusCode,
        headers: &'a HeaderMap,
        elapsed: Duration,
    ) -> HookFuture<'a, ()> {
        let _ = (call, status, headers, elapsed);
        Box::pin(async {})
    }

    /// After an attempt got no answer (the connection failed or timed out), with the error
    /// (its URL removed, since a query may hold a credential).
    fn after_failure<'a>(
        &'a self,
        call: Call,
        error: &'a reqwest::Error,
        elapsed: Duration,
    ) -> HookFuture<'a, ()> {
        let _ = (call, error, elapsed);
        Box::pin(async {})
    }
}

/// A failure of the transport as the error callers see: a timeout names the limit reached
/// (`connect` when connecting, `total` otherwise; `None` when the caller's own
/// `reqwest::Client` set it).
fn transport_error(
    error: reqwest::Error,
    connect: Option<Duration>,
    total: Option<Duration>,
) -> RequestError {
    if error.is_timeout() {
        RequestError::TimedOut {
            limit: if error.is_connect() { connect } else { total },
            source: error,
        }
    } else {
        RequestError::Transport(error)
    }
}

/// The final response of a request: read whole, or a success left unread for a download.
pub(crate) enum Received {
    Whole(RawResponse),
    Streaming(Download),
}

/// A successful response whose body is read as it arrives, in chunks, without holding it in
/// memory: what an operation's `<operation>_download` method returns, for large files and
/// exports. The response size limit ([`crate::Config::with_max_response_bytes`]) guards bodies
/// read whole and does not apply here; the time limit ([`crate::Config::with_timeout`])
/// covers the whole transfer, so set it for the largest download expected. A download is
/// never retried once its body has started.
///
/// ```ignore
/// let mut download = client.v1().files().download_file_download("report.csv").await?;
/// let mut file = tokio::fs::File::create("report.csv").await?;
/// while let Some(chunk) = download.chunk().await? {
///     file.write_all(&chunk).await?;
/// }
/// ```
pub struct Download {
    /// The operation answered, `module.method`.
    operation: &'static str,
    /// The total time limit, when this client set it.
    timeout: Option<Duration>,
    /// The response size limit, which [`Download::json_lines`] applies to each item.
    limit: usize,
    response: reqwest::Response,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("operation", &self.operation)
            .field("status", &self.response.status())
            .field("content_length", &self.response.content_length())
            .finish_non_exhaustive()
    }
}

impl Download {
    /// The operation that answered, `module.method`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The status of the response (a success).
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// The length of the body as the server announced it (`Content-Length`), if it did and
    /// the body is not decompressed on the way.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The next piece of the body, as it arrives; `None` at the end.
    ///
    /// # Errors
    ///
    /// [`RequestError::Transport`] when the connection fails mid-body,
    /// [`RequestError::TimedOut`] when the transfer outlasts the time limit.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, RequestError> {
        let timeout = self.timeout;
        self.response
            .chunk()
            .await
            .map_err(|e| transport_error(e.without_url(), None, timeout))
    }

    /// The body as a stream of chunks, for `futures` combinators or to forward elsewhere
    /// (for example as the body of another request).
    pub fn into_stream(self) -> impl futures_util::Stream<Item = Result<Bytes, RequestError>> {
        futures_util::stream::try_unfold(self, |mut download| async move {
            Ok(download.chunk().await?.map(|chunk| (chunk, download)))
        })
    }

    /// The body as a stream of JSON values decoded as `T`, each as soon as it has arrived:
    /// one per line or record ([`crate::Items`] says which media types). For an operation
    /// whose spec declares such a body, its `<operation>_items` method does this with the
    /// item type of the spec.
    pub fn json_lines<T: DeserializeOwned + Send + 'static>(self) -> crate::Items<T> {
        crate::Items::new(self)
    }

    /// The response size limit, which streams apply to each item.
    pub(crate) fn limit(&self) -> usize {
        self.limit
    }

    /// The response read whole, within `limit` bytes.
    async fn read_whole(self, limit: usize) -> Result<RawResponse, RequestError> {
        let timeout = self.timeout;
        match read_response(self.operation, self.response, limit).await {
            Ok(response) => Ok(response),
            Err(attempt) => attempt.end(None, timeout),
        }
    }
}

/// `response` read whole, within `limit` bytes, as what `operation` answered.
async fn read_response(
    operation: &'static str,
    mut response: reqwest::Response,
    limit: usize,
) -> Result<RawResponse, Attempt> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let body = read_body(response, limit).await?;
    Ok(RawResponse {
        operation,
        status,
        headers,
        body,
    })
}

enum Attempt {
    /// A status worth retrying; becomes the result if retries run out.
    Retryable {
        response: RawResponse,
        wait: Option<Duration>,
    },
    Failed(reqwest::Error),
    /// The request was not sent: a hook refused it, or a part's content type is not valid.
    Refused(RequestError),
    /// The body was larger than allowed.
    TooLarge {
        status: StatusCode,
        limit: usize,
    },
}

impl Attempt {
    /// The outcome of the last attempt: the response of a retryable status (retries ran out),
    /// or the error the caller sees (a timeout naming `connect` or `total`, as
    /// [`transport_error`] does).
    fn end(
        self,
        connect: Option<Duration>,
        total: Option<Duration>,
    ) -> Result<RawResponse, RequestError> {
        match self {
            Attempt::Retryable { response, .. } => Ok(response),
            Attempt::Failed(error) => Err(transport_error(error, connect, total)),
            Attempt::TooLarge { status, limit } => {
                Err(RequestError::ResponseTooLarge { status, limit })
            }
            Attempt::Refused(error) => Err(error),
        }
    }
}

/// A response read to the end, before it is interpreted by the operation.
pub(crate) struct RawResponse {
    /// The operation answered, `module.method`.
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl RawResponse {
    pub(crate) fn status(&self) -> u16 {
        self.status.as_u16()
    }

    pub(crate) fn status_code(&self) -> StatusCode {
        self.status
    }

    pub(crate) fn into_body(self) -> Bytes {
        self.body
    }

    /// A response header the spec documents, read as its type: a string as it is, anything
    /// else as JSON text (`42`, `true`). Absent: `None`; unreadable: a decode error.
    pub(crate) fn header<T: DeserializeOwned, E>(
        &self,
        name: &'static str,
    ) -> Result<Option<T>, Error<E>> {
        let Some(value) = self.headers.get(name) else {
            return Ok(None);
        };
        let text = match value.to_str() {
            Ok(text) => text,
            Err(source) => return Err(self.decode_error(source)),
        };
        serde_json::from_value(serde_json::Value::String(text.to_string()))
            .or_else(|_| serde_json::from_str(text.trim()))
            .map(Some)
            .map_err(|source| self.decode_error(HeaderError { name, source }))
    }

    /// A JSON success body.
    pub(crate) fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(source) => Err(self.decode_error(source)),
        }
    }

    /// A text success body (UTF-8).
    pub(crate) fn text<E>(self) -> Result<String, Error<E>> {
        match std::str::from_utf8(&self.body) {
            Ok(text) => Ok(text.to_string()),
            Err(source) => Err(self.decode_error(source)),
        }
    }

    /// A binary success body, byte for byte.
    pub(crate) fn bytes<E>(self) -> Result<Bytes, Error<E>> {
        Ok(self.body)
    }

    /// The body does not read as documented (the body is shared, not copied).
    fn decode_error<E>(&self, source: impl std::error::Error + Send + Sync + 'static) -> Error<E> {
        Error::Decode {
            operation: self.operation,
            status: self.status,
            body: self.body.clone(),
            source: Box::new(source),
        }
    }

    /// A documented error status with a JSON body.
    pub(crate) fn error_json<M: DeserializeOwned, E>(self, variant: fn(M) -> E) -> Error<E> {
        match serde_json::from_slice(&self.body) {
            Ok(model) => self.error_without_body(variant(model)),
            Err(source) => self.decode_error(source),
        }
    }

    /// A documented error status with a text body.
    pub(crate) fn error_text<E>(self, variant: fn(String) -> E) -> Error<E> {
        match std::str::from_utf8(&self.body) {
            Ok(text) => {
                let error = variant(text.to_string());
                self.error_without_body(error)
            }
            Err(source) => self.decode_error(source),
        }
    }

    /// A documented error status with a binary body.
    pub(crate) fn error_bytes<E>(self, variant: fn(Bytes) -> E) -> Error<E> {
        let error = variant(self.body.clone());
        self.error_without_body(error)
    }

    /// A documented error status without a body; also the end of the other `error_…` methods,
    /// once they have read the error from the body.
    pub(crate) fn error_without_body<E>(self, error: E) -> Error<E> {
        Error::Api {
            operation: self.operation,
            status: self.status,
            error,
            body: self.body,
        }
    }

    /// A status the spec does not document for this operation.
    #[allow(
        dead_code,
        reason = "unused when every operation has a `default` response"
    )]
    pub(crate) fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            operation: self.operation,
            status: self.status,
            body: self.body,
        }
    }
}

/// A response header that does not hold what the spec says.
#[derive(Debug)]
struct HeaderError {
    name: &'static str,
    source: serde_json::Error,
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "response header `{}`: {}", self.name, self.source)
    }
}

impl std::error::Error for HeaderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Why an operation failed. `E` lists the error responses the spec documents for it.
#[derive(Debug)]
pub enum Error<E> {
    /// The server answered with a documented error status; `error` is its parsed body.
    Api {
        /// The operation that answered, `module.method` (`v2.list_monitors`).
        operation: &'static str,
        /// The HTTP status.
        status: StatusCode,
        /// The documented error, with its parsed body.
        error: E,
        /// The raw body, byte for byte.
        body: Bytes,
    },
    /// The server answered with a status the spec does not document for this operation.
    UnexpectedStatus {
        /// The operation that answered, `module.method`.
        operation: &'static str,
        /// The HTTP status.
        status: StatusCode,
        /// The raw body, byte for byte.
        body: Bytes,
    },
    /// The body did not match the documented schema.
    Decode {
        /// The operation that answered, `module.method`.
        operation: &'static str,
        /// The HTTP status.
        status: StatusCode,
        /// The raw body, byte for byte.
        body: Bytes,
        /// What did not match.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// No usable response: the request could not be built or sent, or was refused locally.
    Request(RequestError),
}

impl<E> Error<E> {
    /// The operation that answered (`module.method`, as in `Config::enable_unstable_operation`),
    /// when a response arrived.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Self::Api { operation, .. }
            | Self::UnexpectedStatus { operation, .. }
            | Self::Decode { operation, .. } => Some(operation),
            Self::Request(_) => None,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. } => Some(*status),
            Self::Request(
                RequestError::ResponseTooLarge { status, .. }
                | RequestError::Reconnect { status, .. },
            ) => Some(*status),
            Self::Request(_) => None,
        }
    }

    /// The raw response body, when a response arrived.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Self::Api { body, .. }
            | Self::UnexpectedStatus { body, .. }
            | Self::Decode { body, .. } => Some(body),
            Self::Request(_) => None,
        }
    }
}

impl<E> From<RequestError> for Error<E> {
    fn from(error: RequestError) -> Self {
        Self::Request(error)
    }
}

fn preview(body: &Bytes) -> String {
    let cut = &body[..body.len().min(BODY_PREVIEW)];
    let text = String::from_utf8_lossy(cut);
    if body.len() > BODY_PREVIEW {
        format!("{text}… ({} bytes)", body.len())
    } else {
        text.into_owned()
    }
}

/// The message an error body carries, read from the fields APIs commonly put it in
/// (`message`, `detail`, `title`, `error`, `error_description`, `errors`: strings, or objects
/// with such fields), each once; `None` when the body is not a JSON object that has one.
fn message_fields(body: &Bytes) -> Option<String> {
    const KEYS: [&str; 8] = [
        "message",
        "error_message",
        "detail",
        "title",
        "error",
        "error_description",
        "description",
        "msg",
    ];
    fn collect(value: &serde_json::Value, out: &mut Vec<String>, depth: usize) {
        match value {
            serde_json::Value::String(text) if !text.trim().is_empty() => {
                let text = text.trim().to_string();
                if !out.contains(&text) {
                    out.push(text);
                }
            }
            serde_json::Value::Array(items) if depth < 3 => {
                items.iter().for_each(|item| collect(item, out, depth + 1));
            }
            serde_json::Value::Object(object) if depth < 3 => {
                for key in KEYS.iter().chain(&["errors"]) {
                    if let Some(inner) = object.get(*key) {
                        collect(inner, out, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }
    // A message is short; a large body is not read again to find one.
    if body.len() > 64 * 1024 {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    if !value.is_object() {
        return None;
    }
    let mut messages = Vec::new();
    collect(&value, &mut messages, 0);
    let text = messages.join("; ");
    match text.char_indices().nth(300) {
        _ if text.is_empty() => None,
        Some((cut, _)) => Some(format!("{}…", &text[..cut])),
        None => Some(text),
    }
}

/// What a body says, for an error message: its message fields, else its start on one line.
fn body_summary(body: &Bytes) -> String {
    message_fields(body).unwrap_or_else(|| {
        preview(body)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// An error and its causes, each said once: "error sending request: client error (Connect):
/// tcp connect error: Connection refused (os error 111)".
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let message = cause.to_string();
        if !text.contains(&message) {
            text.push_str(": ");
            text.push_str(&message);
        }
        source = cause.source();
    }
    text
}

/// Short: the status and what the body says (its message fields when it has them). The parsed
/// error and the whole body stay in the value (`Debug`, [`Error::body`]).
impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let said = |body: &Bytes| {
            let summary = body_summary(body);
            if summary.is_empty() {
                String::new()
            } else {
                format!(": {summary}")
            }
        };
        match self {
            Self::Api {
                operation,
                status,
                body,
                ..
            } => {
                write!(f, "{operation}: the server answered {status}{}", said(body))
            }
            Self::UnexpectedStatus {
                operation,
                status,
                body,
            } => write!(
                f,
                "{operation}: the server answered {status}, which the API does not document here{}",
                said(body)
            ),
            Self::Decode {
                operation,
                status,
                body,
                source,
            } => write!(
                f,
                "{operation}: the {status} response does not match the API description ({source}); body: {}",
                preview(body)
            ),
            Self::Request(error) => error.fmt(f),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode { source, .. } => Some(source.as_ref()),
            Self::Request(error) => Some(error),
            _ => None,
        }
    }
}

/// Failures before a response could be interpreted.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// Connecting, sending or reading failed (timeouts apart).
    Transport(reqwest::Error),
    /// No complete answer within the time allowed (after any retries).
    TimedOut {
        /// The limit reached: [`crate::Config::with_connect_timeout`]'s when connecting timed
        /// out, [`crate::Config::with_timeout`]'s otherwise; `None` when the client was built
        /// on the caller's `reqwest::Client`, whose own limits apply.
        limit: Option<Duration>,
        /// What the transport reported.
        source: reqwest::Error,
    },
    /// The operation requires a credential that is not configured (see
    /// [`crate::Config::allow_missing_credentials`]). Nothing was sent.
    MissingCredential {
        /// The operation's name.
        operation: &'static str,
        /// The security scheme, as the spec names it.
        scheme: &'static str,
        /// The environment variable [`crate::Config::from_env`] reads it from, if the spec
        /// names one.
        env: Option<&'static str>,
    },
    /// The operation is in preview and was not enabled with `Config::enable_unstable_operation`.
    UnstableOperationDisabled {
        /// The name to enable it with.
        operation: &'static str,
    },
    /// A path parameter that would change the request's path (`.`, `..` or empty).
    InvalidPathParameter {
        /// The parameter's name in the spec.
        name: &'static str,
        /// The refused value.
        value: String,
    },
    /// A header parameter whose value is not a valid header value (for example CR or LF).
    InvalidHeaderValue {
        /// The header's name.
        name: &'static str,
    },
    /// The URL could not be built.
    InvalidUrl(String),
    /// A `Content-Encoding` this client cannot produce (it compresses with `gzip` and `deflate`).
    UnsupportedContentEncoding(String),
    /// A `Content-Encoding` other than `identity` asked for a body that is a stream, which
    /// this client cannot compress: send bytes to have them compressed.
    StreamNotEncodable(String),
    /// A hook ([`crate::Config::with_hooks`]) refused the request; nothing more was sent.
    Hook(HookError),
    /// The token provider of a scheme (`Config::with_<scheme>_provider`) could not give a
    /// token; the request was not sent.
    Token {
        /// The security scheme, as the spec names it.
        scheme: &'static str,
        /// Why: the provider's error (for [`crate::ClientCredentials`], the token endpoint's
        /// answer or the transport's failure).
        source: HookError,
    },
    /// A stream of events ([`crate::Events::reconnect`]) was sent again and the server
    /// answered with a status that is not a success; the stream has ended.
    Reconnect {
        /// The HTTP status.
        status: StatusCode,
        /// The raw body, byte for byte.
        body: Bytes,
    },
    /// An item of a stream ([`crate::Items`], [`crate::Events`]) did not decode; the stream
    /// goes on.
    StreamItem {
        /// Which item, from 1.
        item: usize,
        /// Why it did not decode.
        source: serde_json::Error,
    },
    /// The request body could not be serialized.
    Encode(serde_json::Error),
    /// The response body is larger than [`crate::Config::with_max_response_bytes`] allows;
    /// it was not read.
    ResponseTooLarge {
        /// The HTTP status of the response.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Transport(error) => write!(f, "the request failed: {}", with_causes(error)),
            Self::TimedOut {
                limit: Some(limit),
                source,
            } if source.is_connect() => write!(
                f,
                "connecting timed out after {limit:?} (`Config::with_connect_timeout`)"
            ),
            Self::TimedOut {
                limit: Some(limit), ..
            } => write!(
                f,
                "no answer within {limit:?}: the request timed out (`Config::with_timeout`)"
            ),
            Self::TimedOut {
                limit: None,
                source,
            } => write!(
                f,
                "the request timed out (the limits of the `reqwest::Client` in use): {}",
                with_causes(source)
            ),
            Self::MissingCredential {
                operation,
                scheme,
                env,
            } => {
                write!(
                    f,
                    "`{operation}` needs the credential of security scheme `{scheme}`, which is not set; set it on `Config`"
                )?;
                match env {
                    Some(env) => write!(
                        f,
                        " or in the environment variable `{env}` (read by `Config::from_env`)"
                    ),
                    None => Ok(()),
                }
            }
            Self::UnstableOperationDisabled { operation } => write!(
                f,
                "`{operation}` is an unstable (preview) operation; enable it with `Config::enable_unstable_operation(\"{operation}\")`"
            ),
            Self::InvalidPathParameter { name, value } => write!(
                f,
                "path parameter `{name}` cannot be {value:?}: it would change the request's path"
            ),
            Self::InvalidHeaderValue { name } => write!(
                f,
                "the value of header `{name}` is not a valid header value"
            ),
            Self::InvalidUrl(reason) => write!(f, "the request URL is not valid: {reason}"),
            Self::UnsupportedContentEncoding(encoding) => write!(
                f,
                "cannot compress the request body as {encoding:?}; use gzip, deflate or identity"
            ),
            Self::StreamNotEncodable(encoding) => write!(
                f,
                "cannot compress a streamed request body as {encoding:?}; send it as bytes to have it compressed"
            ),
            Self::Hook(error) => write!(f, "a hook refused the request: {error}"),
            Self::Token { scheme, source } => write!(
                f,
                "no access token for security scheme `{scheme}`: {}",
                with_causes(source.as_ref())
            ),
            Self::Reconnect { status, body } => write!(
                f,
                "resuming the event stream failed: the server answered {status}{}",
                if body.is_empty() {
                    String::new()
                } else {
                    format!(": {}", preview(body))
                }
            ),
            Self::StreamItem { item, source } => {
                write!(f, "item {item} of the stream does not decode: {source}")
            }
            Self::Encode(error) => write!(f, "the request body could not be serialized: {error}"),
            Self::ResponseTooLarge { status, limit } => write!(
                f,
                "the server answered {status} with a body larger than the {limit} bytes allowed"
            ),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport(error) | Self::TimedOut { source: error, .. } => Some(error),
            Self::Encode(error) | Self::StreamItem { source: error, .. } => Some(error),
            Self::Hook(error) | Self::Token { source: error, .. } => Some(error.as_ref()),
            _ => None,
        }
    }
}
