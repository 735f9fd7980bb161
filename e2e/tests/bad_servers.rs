//! A misbehaving server never makes the generated client panic: every bad answer becomes a
//! typed error carrying what arrived (status and raw body, when there was a response), and a
//! request that cannot be sent safely is refused before it leaves.

use std::time::Duration;

use e2e::{RawServer, Reply, TestServer};
use features_client::features::apis::files::UploadFileForm;
use features_client::features::apis::search::SearchParams;
use features_client::features::apis::shelters::GetShelterPetError;
use features_client::{Client, Config, Error, RequestError, RetryConfig};

fn config(url: &str) -> Config {
    Config::new()
        .with_base_url(url)
        .unwrap()
        .with_retry(RetryConfig {
            max_retries: 0,
            ..RetryConfig::default()
        })
}

/// The error of a `get_shelter_pet` call that must fail.
async fn pet_error(client: &Client) -> Error<GetShelterPetError> {
    client
        .features()
        .shelters()
        .get_shelter_pet("p", "s")
        .await
        .unwrap_err()
}

fn client(url: &str) -> Client {
    Client::new(config(url)).unwrap()
}

/// Asks for a shelter pet (`200`: a `ShelterPet` with required `id` and `shelter`; `default`:
/// a `Problem`) and returns the error, which must be a decode error with `status`; checks that
/// it carries the raw body.
async fn decode_error_for(reply: Reply, status: u16) -> String {
    let server = TestServer::start().await;
    let body = reply.body.clone();
    server.reply(reply);
    let client = client(&server.url());
    match client.features().shelters().get_shelter_pet("p", "s").await {
        Err(error @ Error::Decode { .. }) => {
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
            assert_eq!(error.body(), Some(&body), "the raw body is kept");
            error.to_string()
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn bodies_that_do_not_match_are_decode_errors_with_status_and_raw_body() {
    // Truncated JSON, wrong types, a missing required property, an empty 200.
    decode_error_for(Reply::new(200, r#"{"id":"p","shel"#), 200).await;
    decode_error_for(Reply::new(200, r#"{"id":5,"shelter":"s"}"#), 200).await;
    let missing = decode_error_for(Reply::new(200, r#"{"id":"p"}"#), 200).await;
    assert!(missing.contains("shelter"), "{missing}");
    // An optional property of the wrong type is an error too, naming it, even when a later
    // required property is fine.
    let optional =
        decode_error_for(Reply::new(200, r#"{"id":"p","kind":7,"shelter":"s"}"#), 200).await;
    assert!(optional.contains("`kind`"), "{optional}");
    decode_error_for(Reply::new(200, ""), 200).await;
    // Not UTF-8 at all.
    decode_error_for(
        Reply::bytes(200, "application/json", &[0xff, 0xfe, 0x00][..]),
        200,
    )
    .await;
    // An HTML error page from a proxy where the API's JSON error model was expected.
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    decode_error_for(Reply::bytes(502, "text/html", html), 502).await;
}

#[tokio::test]
async fn a_documented_error_with_a_valid_body_is_still_typed() {
    let server = TestServer::start().await;
    server.reply(Reply::new(418, r#"{"message":"teapot"}"#));
    let client = client(&server.url());
    let error = pet_error(&client).await;
    assert!(
        matches!(&error, Error::Api { error: GetShelterPetError::Default(p), .. } if p.message == "teapot"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_huge_body_is_refused_without_reading_it_all() {
    let server = TestServer::start().await;
    let huge = format!(
        r#"{{"id":"p","shelter":"{}"}}"#,
        "x".repeat(2 * 1024 * 1024)
    );
    server.reply(Reply::new(200, &huge));
    server.reply(Reply::new(200, &huge));
    let small = Client::new(config(&server.url()).with_max_response_bytes(1024 * 1024)).unwrap();
    match small.features().shelters().get_shelter_pet("p", "s").await {
        Err(error @ Error::Request(RequestError::ResponseTooLarge { limit, .. })) => {
            assert_eq!(limit, 1024 * 1024);
            assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
        }
        other => panic!("expected a too-large error, got {other:?}"),
    }
    // Within the default limit the same body is read.
    let pet = client(&server.url())
        .features()
        .shelters()
        .get_shelter_pet("p", "s")
        .await
        .unwrap();
    assert_eq!(pet.shelter.len(), 2 * 1024 * 1024);
}

/// `text` compressed with gzip.
fn gzip(text: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap()
}

#[tokio::test]
async fn a_compressed_answer_is_decompressed_and_limited_by_what_it_expands_to() {
    let server = TestServer::start().await;
    let pet = r#"{"id":"p","shelter":"north"}"#;
    server
        .reply(Reply::bytes(200, "application/json", gzip(pet)).header("content-encoding", "gzip"));
    // 4 MiB that compress to a few kilobytes: the limit is on what they expand to.
    let bomb = format!(
        r#"{{"id":"p","shelter":"{}"}}"#,
        "x".repeat(4 * 1024 * 1024)
    );
    let compressed = gzip(&bomb);
    assert!(compressed.len() < 64 * 1024);
    server.reply(
        Reply::bytes(200, "application/json", compressed).header("content-encoding", "gzip"),
    );
    let client = Client::new(config(&server.url()).with_max_response_bytes(1024 * 1024)).unwrap();
    let read = client
        .features()
        .shelters()
        .get_shelter_pet("p", "s")
        .await
        .unwrap();
    assert_eq!(read.shelter, "north");
    let offered = server.requests()[0]
        .header("accept-encoding")
        .unwrap_or_default()
        .to_string();
    for encoding in ["gzip", "deflate", "br", "zstd"] {
        assert!(offered.contains(encoding), "{offered}");
    }
    let error = pet_error(&client).await;
    assert!(
        matches!(
            error,
            Error::Request(RequestError::ResponseTooLarge { limit: 1048576, .. })
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_slow_server_hits_the_timeout() {
    let server = TestServer::start().await;
    server.reply(Reply::new(200, r#"{"id":"p","shelter":"s"}"#).after(Duration::from_secs(5)));
    let client =
        Client::new(config(&server.url()).with_timeout(Duration::from_millis(200))).unwrap();
    let error = pet_error(&client).await;
    match &error {
        Error::Request(RequestError::TimedOut {
            limit: Some(limit),
            source,
        }) => {
            assert_eq!(*limit, Duration::from_millis(200));
            assert!(source.is_timeout(), "{source}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "no answer within 200ms: the request timed out (`Config::with_timeout`)"
    );

    // On the caller's `reqwest::Client`, its limit applies and is not ours to name.
    server.reply(Reply::new(200, r#"{"id":"p","shelter":"s"}"#).after(Duration::from_secs(5)));
    let http = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let client = Client::with_http_client(config(&server.url()), http).unwrap();
    let error = pet_error(&client).await;
    assert!(
        matches!(
            &error,
            Error::Request(RequestError::TimedOut { limit: None, .. })
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("the request timed out (the limits of the `reqwest::Client` in use)"),
        "{error}"
    );
}

#[tokio::test]
async fn a_dropped_connection_or_a_broken_answer_is_a_transport_error() {
    for answer in [
        // Closed without a word.
        &b""[..],
        // Not HTTP.
        &b"hello\r\n\r\n"[..],
        // A body shorter than its announced length.
        &b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\""
            [..],
    ] {
        let server = RawServer::start(answer).await;
        let client = client(&server.url());
        match client.features().shelters().get_shelter_pet("p", "s").await {
            Err(Error::Request(RequestError::Transport(_))) => {}
            other => panic!("expected a transport error for {answer:?}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_transport_error_says_why_and_an_api_error_says_what_the_body_says() {
    // A port nobody listens on: the message names the cause, not only "error sending request".
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = client(&format!("http://127.0.0.1:{port}"));
    let error = refused
        .features()
        .shelters()
        .get_shelter_pet("p", "s")
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(
        matches!(error, Error::Request(RequestError::Transport(_))),
        "{error:?}"
    );
    assert!(text.to_lowercase().contains("refused"), "{text}");

    // A documented error: the status and the body's message fields, not the whole model.
    let server = TestServer::start().await;
    server.reply(Reply::new(
        500,
        r#"{"message":"Shelter closed","errors":[{"detail":"come back on Monday"}],"code":500}"#,
    ));
    let error = client(&server.url())
        .features()
        .shelters()
        .get_shelter_pet("p", "s")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "features.get_shelter_pet: the server answered 500 Internal Server Error: Shelter \
         closed; come back on Monday"
    );
    assert_eq!(error.operation(), Some("features.get_shelter_pet"));
    // The body stays whole.
    assert!(error.body().unwrap().starts_with(b"{\"message\""));
}

#[tokio::test]
async fn a_204_with_a_body_is_still_a_success() {
    let server =
        RawServer::start(b"HTTP/1.1 204 No Content\r\ncontent-length: 5\r\n\r\nhello").await;
    let client = client(&server.url());
    client
        .features()
        .notes()
        .put_note("text", Default::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn retries_stop_at_the_time_allowed_and_never_replay_a_post_after_5xx() {
    // The server asks to come back in 30 s; only 1 s is allowed for retries: no retry.
    let server = TestServer::start().await;
    server.reply(Reply::new(429, r#"{"message":"slow down"}"#).header("retry-after", "30"));
    let retry = RetryConfig {
        max_retries: 3,
        min_delay: Duration::from_millis(1),
        max_delay: Duration::from_secs(60),
        max_elapsed: Duration::from_secs(1),
    };
    let client = Client::new(config(&server.url()).with_retry(retry)).unwrap();
    let error = pet_error(&client).await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(server.requests().len(), 1);

    // A POST that got a 503 may have been processed: it is not sent again.
    let server = TestServer::start().await;
    server.reply(Reply::new(503, "unavailable"));
    server.reply(Reply::new(200, r#"{"id":"f"}"#));
    let retry = RetryConfig {
        max_retries: 3,
        min_delay: Duration::from_millis(1),
        ..RetryConfig::default()
    };
    let client = Client::new(config(&server.url()).with_retry(retry)).unwrap();
    let body = UploadFileForm {
        file: bytes::Bytes::from_static(b"data").into(),
        ..UploadFileForm::default()
    };
    let error = client
        .features()
        .files()
        .upload_file(body)
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_header_value_with_a_line_break_is_refused_before_sending() {
    let server = TestServer::start().await;
    let client = client(&server.url());
    let params = SearchParams {
        x_trace: Some(vec!["a\r\nInjected: yes".to_string()]),
        ..SearchParams::default()
    };
    match client.features().search().search(vec![1], params).await {
        Err(Error::Request(RequestError::InvalidHeaderValue { name })) => {
            assert_eq!(name, "X-Trace");
        }
        other => panic!("expected an invalid header value, got {other:?}"),
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}
