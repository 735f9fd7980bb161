//! Hooks (`Config::with_hooks`): code of the caller's that sees and changes each request before
//! it is sent and sees each response or failure after, once per attempt.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use e2e::{Reply, TestServer};
use features_client::{
    Call, Client, Config, Error, HookError, HookFuture, Hooks, RequestError, RetryConfig,
};

/// Adds a header naming the attempt, and records what it saw.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<String>>>,
}

impl Hooks for Recorder {
    fn before_send<'a>(
        &'a self,
        call: Call,
        request: &'a mut reqwest::Request,
    ) -> HookFuture<'a, Result<(), HookError>> {
        Box::pin(async move {
            let value = format!("{} #{}", call.operation, call.attempt);
            request.headers_mut().insert("x-attempt", value.parse()?);
            self.seen.lock().unwrap().push(format!(
                "before {} {} {}",
                call.attempt,
                request.method(),
                request.url().path()
            ));
            Ok(())
        })
    }

    fn after_response<'a>(
        &'a self,
        call: Call,
        status: reqwest::StatusCode,
        headers: &'a reqwest::header::HeaderMap,
        _elapsed: Duration,
    ) -> HookFuture<'a, ()> {
        Box::pin(async move {
            let retry_after = headers
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            self.seen.lock().unwrap().push(format!(
                "after {} {} retry-after {retry_after}",
                call.attempt,
                status.as_u16()
            ));
        })
    }

    fn after_failure<'a>(
        &'a self,
        call: Call,
        error: &'a reqwest::Error,
        _elapsed: Duration,
    ) -> HookFuture<'a, ()> {
        Box::pin(async move {
            self.seen.lock().unwrap().push(format!(
                "failed {} connect {} url {:?}",
                call.attempt,
                error.is_connect(),
                error.url().map(ToString::to_string)
            ));
        })
    }
}

fn config(base: &str, max_retries: usize) -> Config {
    Config::new()
        .with_base_url(base)
        .unwrap()
        .with_retry(RetryConfig {
            max_retries,
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryConfig::default()
        })
}

#[tokio::test]
async fn hooks_add_a_header_to_each_attempt_and_see_each_answer() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(503).header("retry-after", "0"));
    server.reply(Reply::empty(204));
    let hooks = Recorder::default();
    let client = Client::new(config(&server.url(), 2).with_hooks(hooks.clone())).unwrap();
    client
        .features()
        .files()
        .put_file("a.bin", Bytes::from_static(b"abc"))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].header("x-attempt"),
        Some("features.put_file #1")
    );
    assert_eq!(
        requests[1].header("x-attempt"),
        Some("features.put_file #2")
    );
    assert_eq!(
        *hooks.seen.lock().unwrap(),
        [
            "before 1 PUT /files/a.bin",
            "after 1 503 retry-after 0",
            "before 2 PUT /files/a.bin",
            "after 2 204 retry-after -",
        ]
    );
}

#[tokio::test]
async fn a_hook_that_refuses_stops_the_request_before_it_is_sent() {
    struct Refuse;
    impl Hooks for Refuse {
        fn before_send<'a>(
            &'a self,
            _call: Call,
            _request: &'a mut reqwest::Request,
        ) -> HookFuture<'a, Result<(), HookError>> {
            Box::pin(async { Err("no signing key".into()) })
        }
    }
    let server = TestServer::start().await;
    server.reply(Reply::empty(204));
    let client = Client::new(config(&server.url(), 2).with_hooks(Refuse)).unwrap();
    let error = client
        .features()
        .files()
        .put_file("a.bin", Bytes::from_static(b"abc"))
        .await
        .unwrap_err();
    match &error {
        Error::Request(RequestError::Hook(inner)) => {
            assert_eq!(inner.to_string(), "no signing key")
        }
        other => panic!("expected the hook's refusal, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "a hook refused the request: no signing key"
    );
    assert!(server.requests().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn hooks_see_a_failed_connection_without_its_url() {
    // A port nothing listens on: bound, then closed.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let hooks = Recorder::default();
    let client = Client::new(config(&base, 0).with_hooks(hooks.clone())).unwrap();
    let error = client
        .features()
        .files()
        .put_file("a.bin", Bytes::from_static(b"abc"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Request(RequestError::Transport(_))),
        "{error:?}"
    );
    assert_eq!(
        *hooks.seen.lock().unwrap(),
        [
            "before 1 PUT /files/a.bin",
            "failed 1 connect true url None",
        ]
    );
}

#[tokio::test]
async fn a_config_with_hooks_says_so_in_debug_and_nothing_more() {
    let config = Config::new().with_hooks(Recorder::default());
    let debug = format!("{config:?}");
    assert!(debug.contains("hooks: set"), "{debug}");
    assert!(format!("{:?}", Config::new()).contains("hooks: none"));
}
