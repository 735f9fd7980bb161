//! A recording HTTP/1.1 server on 127.0.0.1 for end-to-end tests of the generated client.
//!
//! Each test starts its own server, queues the responses it should give, runs the client
//! against it over real HTTP, then inspects exactly what arrived.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query exactly as sent (still percent-encoded); for `CONNECT`, the authority.
    pub target: String,
    /// Header names in lower case, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

impl Recorded {
    /// The value of header `name` (case-insensitive), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

/// A response to give.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// How long to wait before answering (a slow server).
    pub delay: Option<std::time::Duration>,
}

impl Reply {
    pub fn new(status: u16, body: &str) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: Bytes::from(body.to_string()),
            delay: None,
        }
    }

    pub fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
            delay: None,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The same reply, after `delay`.
    pub fn after(mut self, delay: std::time::Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// A reply whose body is these bytes, whatever they are.
    pub fn bytes(status: u16, content_type: &str, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
            delay: None,
        }
    }
}

#[derive(Default)]
struct State {
    requests: Vec<Recorded>,
    replies: VecDeque<Reply>,
}

/// The server; stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Binds 127.0.0.1 on a free port and starts serving.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| handle(state.clone(), request));
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { addr, state, task }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Queues the next response (requests beyond the queue get a 599).
    pub fn reply(&self, reply: Reply) {
        self.lock().replies.push_back(reply);
    }

    /// Everything received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn handle(
    state: Arc<Mutex<State>>,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, hyper::Error> {
    let method = request.method().to_string();
    let target = if request.method() == hyper::Method::CONNECT {
        request
            .uri()
            .authority()
            .map(ToString::to_string)
            .unwrap_or_default()
    } else {
        request
            .uri()
            .path_and_query()
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    let headers = request
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = request.into_body().collect().await?.to_bytes();
    let reply = {
        let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
        state.requests.push(Recorded {
            method,
            target,
            headers,
            body,
        });
        state
            .replies
            .pop_front()
            .unwrap_or_else(|| Reply::new(599, r#"{"errors":["no reply queued"]}"#))
    };
    if let Some(delay) = reply.delay {
        tokio::time::sleep(delay).await;
    }
    let mut response = hyper::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        response = response.header(name, value);
    }
    Ok(response
        .body(Full::new(reply.body))
        .expect("valid test response"))
}

/// A server that answers every connection with the same raw bytes (or nothing) and closes it:
/// for responses no well-behaved HTTP server sends. Stops when dropped.
pub struct RawServer {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    /// Reads each request's head, writes `answer` (which may be empty, or cut short) and
    /// closes the connection.
    pub async fn start(answer: &'static [u8]) -> Self {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buffer = [0u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let _ = stream.write_all(answer).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        Self { addr, task }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A response body produced as the test goes, chunk by chunk.
pub type Chunks = std::pin::Pin<Box<dyn futures_util::Stream<Item = Bytes> + Send>>;

/// A server that answers every request with a 200 whose body a function makes as a stream:
/// each chunk is sent as it is produced (chunked transfer encoding), so a test can hold the
/// rest of a body back, or send more than it would hold in memory. Stops when dropped.
pub struct StreamingServer {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl StreamingServer {
    /// Binds 127.0.0.1 on a free port; `body` makes each response's body.
    pub async fn start(
        content_type: &'static str,
        body: impl Fn() -> Chunks + Send + Sync + 'static,
    ) -> Self {
        Self::start_seeing(content_type, move |_| (200, body())).await
    }

    /// Like [`Self::start`], but `answer` sees each request's headers and gives the status
    /// with the body.
    pub async fn start_seeing(
        content_type: &'static str,
        answer: impl Fn(&hyper::HeaderMap) -> (u16, Chunks) + Send + Sync + 'static,
    ) -> Self {
        use futures_util::StreamExt as _;
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let answer = Arc::new(answer);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let answer = answer.clone();
                tokio::spawn(async move {
                    let service =
                        service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                            let (status, body) = answer(request.headers());
                            let frames = body.map(|chunk| {
                                Ok::<_, std::convert::Infallible>(hyper::body::Frame::data(chunk))
                            });
                            let response = hyper::Response::builder()
                                .status(status)
                                .header("content-type", content_type)
                                .body(http_body_util::StreamBody::new(frames))
                                .expect("valid test response");
                            async move { Ok::<_, std::convert::Infallible>(response) }
                        });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { addr, task }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for StreamingServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
