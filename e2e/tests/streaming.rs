//! Bodies that stream. An operation whose success is a file or text has a `<operation>_download`
//! method that returns the body unread, as a `Download`; a binary request body is an `Upload`:
//! bytes, or a stream read as it is sent.

use std::sync::Mutex;

use bytes::Bytes;
use e2e::{Chunks, Reply, StreamingServer, TestServer};
use features_client::features::apis::files::{DownloadFileError, PutFileError, UploadFileForm};
use features_client::{Client, Config, Error, File, TryStreamExt as _, Upload};

fn client(base: &str) -> Client {
    Client::new(Config::new().with_base_url(base).unwrap()).unwrap()
}

/// A body whose chunks the test sends one by one through the returned sender.
fn held_back() -> (
    tokio::sync::mpsc::Sender<Bytes>,
    impl Fn() -> Chunks + Send + Sync + 'static,
) {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Bytes>(1);
    let receiver = Mutex::new(Some(receiver));
    let body = move || -> Chunks {
        let receiver = receiver.lock().unwrap().take().expect("one request only");
        Box::pin(futures_util::stream::unfold(
            receiver,
            |mut receiver| async move { receiver.recv().await.map(|chunk| (chunk, receiver)) },
        ))
    };
    (sender, body)
}

#[tokio::test]
async fn a_download_hands_over_each_chunk_before_the_body_is_complete() {
    let (sender, body) = held_back();
    let server = StreamingServer::start("application/octet-stream", body).await;
    let api = client(&server.url());
    let first = Bytes::from_static(b"\x00\x01first chunk\xff");
    sender.send(first.clone()).await.unwrap();
    let mut download = api
        .features()
        .files()
        .download_file_download("big.bin")
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.operation(), "features.download_file");
    assert_eq!(
        download.headers()["content-type"],
        "application/octet-stream"
    );
    // The server has sent one chunk and holds the rest back: the first arrives on its own.
    let mut received = download.chunk().await.unwrap().expect("a first chunk");
    assert_eq!(received, first);
    let rest: Vec<Bytes> = (0u8..=255)
        .map(|i| Bytes::from(vec![i; 1000 + usize::from(i)]))
        .collect();
    let expected: Vec<u8> = std::iter::once(&first)
        .chain(&rest)
        .flat_map(|b| b.iter().copied())
        .collect();
    let feeder = tokio::spawn(async move {
        for chunk in rest {
            sender.send(chunk).await.unwrap();
        }
    });
    let mut all = received.to_vec();
    while let Some(chunk) = download.chunk().await.unwrap() {
        all.extend_from_slice(&chunk);
        received = chunk;
    }
    feeder.await.unwrap();
    assert!(!received.is_empty());
    assert_eq!(all, expected, "byte for byte");
}

#[tokio::test]
async fn a_download_reads_as_a_stream_and_larger_than_the_response_limit() {
    // 3 MB in 64 KB chunks, through a client that refuses bodies over 1 MB read whole.
    let chunk = Bytes::from((0..65_536u32).map(|i| (i % 251) as u8).collect::<Vec<_>>());
    let sent = chunk.clone();
    let server = StreamingServer::start("application/octet-stream", move || -> Chunks {
        Box::pin(futures_util::stream::iter(vec![sent.clone(); 48]))
    })
    .await;
    let config = Config::new()
        .with_base_url(&server.url())
        .unwrap()
        .with_max_response_bytes(1 << 20);
    let api = Client::new(config).unwrap();
    let whole = api.features().files().download_file("big.bin").await;
    assert!(
        matches!(
            whole,
            Err(Error::Request(
                features_client::RequestError::ResponseTooLarge { .. }
            ))
        ),
        "{whole:?}"
    );
    let download = api
        .features()
        .files()
        .download_file_download("big.bin")
        .await
        .unwrap();
    let chunks: Vec<Bytes> = download.into_stream().try_collect().await.unwrap();
    let all: Vec<u8> = chunks.iter().flat_map(|c| c.iter().copied()).collect();
    assert_eq!(all.len(), 48 * 65_536);
    assert!(all.chunks(65_536).all(|c| c == chunk.as_ref()));
}

#[tokio::test]
async fn a_download_that_fails_is_the_operations_typed_error() {
    let server = TestServer::start().await;
    server.reply(Reply::new(404, "no such file").header("content-type", "text/plain"));
    let error = client(&server.url())
        .features()
        .files()
        .download_file_download("missing")
        .await
        .unwrap_err();
    match error {
        Error::Api {
            error: DownloadFileError::NotFound(text),
            operation,
            ..
        } => {
            assert_eq!(text, "no such file");
            assert_eq!(operation, "features.download_file");
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
}

/// A client that retries twice, at once.
fn retrying(base: &str) -> Client {
    let config =
        Config::new()
            .with_base_url(base)
            .unwrap()
            .with_retry(features_client::RetryConfig {
                max_retries: 2,
                min_delay: std::time::Duration::from_millis(1),
                ..features_client::RetryConfig::default()
            });
    Client::new(config).unwrap()
}

/// 300 KB in chunks of different sizes, as a stream.
fn generated_chunks() -> (Vec<u8>, Upload) {
    let chunks: Vec<Bytes> = (0..100u32)
        .map(|i| Bytes::from(vec![(i % 256) as u8; 2000 + 20 * i as usize]))
        .collect();
    let all: Vec<u8> = chunks.iter().flat_map(|c| c.iter().copied()).collect();
    let length = all.len() as u64;
    let stream =
        futures_util::stream::iter(chunks.into_iter().map(Ok::<_, std::convert::Infallible>));
    (all, Upload::stream(stream, Some(length)))
}

#[tokio::test]
async fn an_upload_from_a_stream_arrives_byte_for_byte_with_its_length() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(204));
    let (all, upload) = generated_chunks();
    assert_eq!(upload.len(), Some(all.len() as u64));
    assert!(!upload.is_replayable());
    client(&server.url())
        .features()
        .files()
        .put_file("big.bin", upload)
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.method, "PUT");
    assert_eq!(request.body.as_ref(), all.as_slice());
    assert_eq!(
        request.header("content-length"),
        Some(all.len().to_string().as_str())
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/octet-stream")
    );
}

#[tokio::test]
async fn an_upload_of_unknown_length_is_sent_in_chunks() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(204));
    let stream =
        futures_util::stream::iter([&b"one "[..], b"two ", b"three"].map(Ok::<_, std::io::Error>));
    client(&server.url())
        .features()
        .files()
        .put_file("a.txt", Upload::stream(stream, None))
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.body.as_ref(), b"one two three");
    assert_eq!(request.header("transfer-encoding"), Some("chunked"));
    assert_eq!(request.header("content-length"), None);
}

#[tokio::test]
async fn bytes_are_sent_again_on_a_retry_and_a_stream_is_not() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(503));
    server.reply(Reply::empty(204));
    // Bytes in memory: the retry sends them again.
    retrying(&server.url())
        .features()
        .files()
        .put_file("a.bin", Bytes::from_static(b"in memory"))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.body.as_ref() == b"in memory"));

    // A stream: sent once; the 503 is the answer.
    let server = TestServer::start().await;
    server.reply(Reply::empty(503));
    server.reply(Reply::empty(204));
    let (all, upload) = generated_chunks();
    let error = retrying(&server.url())
        .features()
        .files()
        .put_file("big.bin", upload)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Api {
                error: PutFileError::ServiceUnavailable,
                ..
            }
        ),
        "{error:?}"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "a stream is never retried");
    assert_eq!(requests[0].body.as_ref(), all.as_slice());
}

/// A download whose body is `chunks`, sent one by one.
async fn download_of(
    chunks: &'static [&'static [u8]],
) -> (StreamingServer, features_client::Download) {
    let server = StreamingServer::start("application/x-ndjson", move || -> Chunks {
        Box::pin(futures_util::stream::iter(
            chunks.iter().map(|c| Bytes::from_static(c)),
        ))
    })
    .await;
    let download = client(&server.url())
        .features()
        .files()
        .download_file_download("events")
        .await
        .unwrap();
    (server, download)
}

#[tokio::test]
async fn json_lines_decode_each_item_as_it_arrives_and_go_on_after_a_bad_one() {
    // Lines cut across chunks, a blank line, a line that is not JSON, no final newline.
    let (_server, download) = download_of(&[
        b"{\"n\": 1}\n{\"n\"",
        b": 2}\n\n",
        b"not json\n",
        b"  {\"n\": 3}  \n{\"n\": 4}",
    ])
    .await;
    let items: Vec<Result<serde_json::Value, features_client::RequestError>> =
        futures_util::StreamExt::collect(download.json_lines()).await;
    let shown: Vec<String> = items
        .iter()
        .map(|item| match item {
            Ok(value) => value.to_string(),
            Err(error) => error.to_string(),
        })
        .collect();
    assert_eq!(shown.len(), 5, "{shown:?}");
    assert_eq!(shown[0], r#"{"n":1}"#);
    assert_eq!(shown[1], r#"{"n":2}"#);
    assert!(
        shown[2].starts_with("item 3 of the stream does not decode: expected ident"),
        "{}",
        shown[2]
    );
    assert_eq!(shown[3], r#"{"n":3}"#);
    assert_eq!(shown[4], r#"{"n":4}"#);
}

#[tokio::test]
async fn json_text_sequences_are_split_at_their_record_separators() {
    let (_server, download) =
        download_of(&[b"\x1e{\"n\": 1}\n\x1e{\"n\":", b" 2}\n\x1e[3]\n"]).await;
    let items: Vec<serde_json::Value> = download.json_lines().try_collect().await.unwrap();
    assert_eq!(
        items,
        [
            serde_json::json!({"n": 1}),
            serde_json::json!({"n": 2}),
            serde_json::json!([3])
        ]
    );
}

#[tokio::test]
async fn an_item_longer_than_the_response_limit_ends_the_stream() {
    let server = StreamingServer::start("application/x-ndjson", || -> Chunks {
        let long = format!("{{\"text\": \"{}\"}}\n{{\"n\": 2}}\n", "x".repeat(500));
        Box::pin(futures_util::stream::iter([
            Bytes::from_static(b"{\"n\": 1}\n"),
            Bytes::from(long),
        ]))
    })
    .await;
    let config = Config::new()
        .with_base_url(&server.url())
        .unwrap()
        .with_max_response_bytes(100);
    let download = Client::new(config)
        .unwrap()
        .features()
        .files()
        .download_file_download("events")
        .await
        .unwrap();
    let items: Vec<Result<serde_json::Value, features_client::RequestError>> =
        futures_util::StreamExt::collect(download.json_lines()).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap(), &serde_json::json!({"n": 1}));
    assert!(
        matches!(
            items[1],
            Err(features_client::RequestError::ResponseTooLarge { limit: 100, .. })
        ),
        "{:?}",
        items[1]
    );
}

/// Where `needle` first appears in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn a_multipart_file_carries_its_name_and_content_type() {
    let server = TestServer::start().await;
    server.reply(Reply::new(200, r#"{"id":"f-1"}"#));
    server.reply(Reply::new(200, r#"{"id":"f-2"}"#));
    let api = client(&server.url());
    let named = UploadFileForm {
        file: File::new(Bytes::from_static(b"\x89PNG"))
            .name("cat.png")
            .content_type("image/png"),
        ..UploadFileForm::default()
    };
    api.features().files().upload_file(named).await.unwrap();
    let plain = UploadFileForm {
        file: Bytes::from_static(b"plain").into(),
        ..UploadFileForm::default()
    };
    api.features().files().upload_file(plain).await.unwrap();
    let requests = server.requests();
    let first = &requests[0].body;
    let disposition = find(first, b"name=\"file\"; filename=\"cat.png\"").expect("the file name");
    let content_type = find(first, b"content-type: image/png")
        .or_else(|| find(first, b"Content-Type: image/png"))
        .expect("the content type");
    let bytes = find(first, b"\x89PNG").expect("the bytes");
    assert!(disposition < content_type && content_type < bytes);
    // Without a name, the part's own.
    assert!(find(&requests[1].body, b"name=\"file\"; filename=\"file\"").is_some());
}

#[tokio::test]
async fn a_streamed_multipart_file_is_sent_once_and_byte_for_byte() {
    let server = TestServer::start().await;
    server.reply(Reply::new(429, "slow down").header("retry-after", "0"));
    server.reply(Reply::new(200, r#"{"id":"f-1"}"#));
    let (all, upload) = generated_chunks();
    let form = UploadFileForm {
        file: File::new(upload).name("big.bin"),
        label: Some("streamed".into()),
        ..UploadFileForm::default()
    };
    let error = retrying(&server.url())
        .features()
        .files()
        .upload_file(form)
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "a streamed part is never retried");
    let body = &requests[0].body;
    let start = find(body, b"filename=\"big.bin\"").expect("the file part");
    let at = find(&body[start..], &all[..4096]).expect("the streamed bytes") + start;
    assert_eq!(&body[at..at + all.len()], all.as_slice(), "byte for byte");
    assert!(find(body, b"name=\"label\"\r\n\r\nstreamed\r\n").is_some());
}

#[tokio::test]
async fn a_content_type_that_is_not_one_stops_the_upload_before_it_is_sent() {
    let server = TestServer::start().await;
    server.reply(Reply::new(200, r#"{"id":"f-1"}"#));
    let form = UploadFileForm {
        file: File::new(Bytes::from_static(b"x")).content_type("not a type"),
        ..UploadFileForm::default()
    };
    let error = client(&server.url())
        .features()
        .files()
        .upload_file(form)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Request(features_client::RequestError::InvalidHeaderValue {
                name: "content-type"
            })
        ),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
}
