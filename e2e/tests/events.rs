//! Success bodies that stream typed items: server-sent events (`<operation>_events`, an
//! `Events` stream) and JSON lines (`<operation>_items`, an `Items` stream), read as they
//! arrive from a server on 127.0.0.1.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use e2e::{Chunks, StreamingServer};
use features_client::features::apis::streams::TickLinesError;
use features_client::features::models::{StreamTicksRequest, Tick};
use features_client::{Client, Config, Error, RequestError, StreamExt as _};

fn client(base: &str) -> Client {
    Client::new(Config::new().with_base_url(base).unwrap().with_retry(
        features_client::RetryConfig {
            max_retries: 0,
            ..Default::default()
        },
    ))
    .unwrap()
}

/// A body sent as these chunks, one after the other.
fn chunks(parts: &[&'static str]) -> Chunks {
    let parts: Vec<Bytes> = parts
        .iter()
        .map(|p| Bytes::from_static(p.as_bytes()))
        .collect();
    Box::pin(futures_util::stream::iter(parts))
}

/// The events of `tick_feed` at `url`, resumed up to `attempts` times (1 ms apart).
async fn feed(url: &str, attempts: u32) -> features_client::Events<Tick> {
    client(url)
        .features()
        .streams()
        .tick_feed_events()
        .await
        .unwrap()
        .reconnect(attempts, Duration::from_millis(1))
}

fn tick(seq: i64, label: &str) -> Tick {
    let mut tick = Tick::new(seq);
    tick.label = Some(label.to_string());
    tick
}

#[tokio::test]
async fn events_decode_each_data_skip_comments_and_go_on_after_a_bad_one() {
    let accept = Arc::new(Mutex::new(None));
    let seen = accept.clone();
    let server = StreamingServer::start_seeing("text/event-stream", move |headers| {
        *seen.lock().unwrap() = headers.get("accept").cloned();
        // Events cut across chunks, a comment, CRLF line ends, an event whose data is not a
        // tick, one on two `data:` lines, and the end of the stream.
        let body = chunks(&[
            ": keep-alive comment\n\n",
            "event: tick\nid: 1\ndata: {\"seq\":1,",
            "\"label\":\"one\"}\n\n",
            "data: {\"seq\":\"not a number\"}\r\n\r\n",
            "retry: 25\nid: 3\ndata: {\"seq\":3,\ndata: \"label\":\"three\"}\n\n",
            "data: [DONE]\n\n",
            "data: {\"seq\":4}\n\n",
        ]);
        (200, body)
    })
    .await;
    let api = client(&server.url());
    let events = api.features().streams().tick_feed_events().await.unwrap();
    assert_eq!(events.status(), 200);
    let got: Vec<_> = events.collect().await;
    assert_eq!(
        accept.lock().unwrap().as_ref().unwrap(),
        "text/event-stream"
    );
    assert_eq!(got.len(), 3, "{got:?}");
    let first = got[0].as_ref().unwrap();
    assert_eq!(first.event.as_deref(), Some("tick"));
    assert_eq!(first.id.as_deref(), Some("1"));
    assert_eq!(first.data, tick(1, "one"));
    match &got[1] {
        Err(RequestError::StreamItem { item: 2, .. }) => {}
        other => panic!("expected the second event to fail to decode, got {other:?}"),
    }
    let third = got[2].as_ref().unwrap();
    assert_eq!(third.data, tick(3, "three"));
    assert_eq!(third.id.as_deref(), Some("3"));
    assert_eq!(third.retry, Some(Duration::from_millis(25)));
    // `[DONE]` ended the stream: the event after it was not read.
}

#[tokio::test]
async fn an_operation_with_json_and_events_gives_both() {
    let server = StreamingServer::start_seeing("text/event-stream", |headers| {
        let events = headers
            .get("accept")
            .is_some_and(|a| a == "text/event-stream");
        if events {
            (
                200,
                chunks(&["event: tick\ndata: {\"seq\":7,\"label\":\"seven\"}\n\n"]),
            )
        } else {
            (200, chunks(&["[{\"seq\":7,\"label\":\"seven\"}]"]))
        }
    })
    .await;
    let api = client(&server.url());
    let request = StreamTicksRequest::new().count(1);
    let whole = api
        .features()
        .streams()
        .stream_ticks(&request)
        .await
        .unwrap();
    assert_eq!(whole, vec![tick(7, "seven")]);
    // The event-stream schema describes the whole event: `data` is a `Tick`.
    let mut events = api
        .features()
        .streams()
        .stream_ticks_events(&request)
        .await
        .unwrap();
    let event = events.next().await.unwrap().unwrap();
    assert_eq!(event.event.as_deref(), Some("tick"));
    assert_eq!(event.data, tick(7, "seven"));
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_stream_that_ends_reconnects_with_the_last_event_id() {
    let ids_seen = Arc::new(Mutex::new(Vec::new()));
    let seen = ids_seen.clone();
    let server = StreamingServer::start_seeing("text/event-stream", move |headers| {
        let last = headers
            .get("last-event-id")
            .map(|v| v.to_str().unwrap().to_string());
        seen.lock().unwrap().push(last.clone());
        let body = match last.as_deref() {
            None => chunks(&[
                "id: 1\ndata: {\"seq\":1}\n\n",
                "id: 2\ndata: {\"seq\":2}\n\n",
                // Cut off in the middle of an event: it is dropped.
                "id: 9\ndata: {\"seq\":9",
            ]),
            Some("2") => chunks(&["retry: 5\n\nid: 3\ndata: {\"seq\":3}\n\ndata: [DONE]\n\n"]),
            Some(_) => chunks(&[]),
        };
        (200, body)
    })
    .await;
    let events = feed(&server.url(), 3).await;
    let seqs: Vec<i64> = events.map(|event| event.unwrap().data.seq).collect().await;
    assert_eq!(seqs, [1, 2, 3]);
    assert_eq!(*ids_seen.lock().unwrap(), [None, Some("2".to_string())]);
}

#[tokio::test]
async fn reconnections_stop_when_attempts_run_out_or_the_server_refuses() {
    let requests = Arc::new(Mutex::new(0));
    let count = requests.clone();
    // Every answer ends without an event: two reconnections, then the stream ends.
    let server = StreamingServer::start_seeing("text/event-stream", move |_| {
        *count.lock().unwrap() += 1;
        (200, chunks(&[": nothing yet\n\n"]))
    })
    .await;
    assert_eq!(feed(&server.url(), 2).await.count().await, 0);
    assert_eq!(*requests.lock().unwrap(), 3);

    // Without reconnections, nothing is sent again.
    let before = *requests.lock().unwrap();
    assert_eq!(feed(&server.url(), 0).await.count().await, 0);
    assert_eq!(*requests.lock().unwrap(), before + 1);

    // A reconnection answered with an error status ends the stream with that status.
    let refused = StreamingServer::start_seeing("text/event-stream", |headers| {
        if headers.contains_key("last-event-id") {
            (503, chunks(&["down for maintenance"]))
        } else {
            (200, chunks(&["id: 1\ndata: {\"seq\":1}\n\n"]))
        }
    })
    .await;
    let got: Vec<_> = feed(&refused.url(), 5).await.collect().await;
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].as_ref().unwrap().data.seq, 1);
    let error = got[1].as_ref().unwrap_err();
    assert!(
        matches!(error, RequestError::Reconnect { status, body } if *status == 503 && body == "down for maintenance"),
        "{error:?}"
    );
    assert!(error.to_string().contains("503"), "{error}");
}

#[tokio::test]
async fn an_event_longer_than_the_size_limit_ends_the_stream() {
    let server = StreamingServer::start("text/event-stream", || {
        let line = "x".repeat(1000);
        let parts = std::iter::once(Bytes::from_static(b"data: "))
            .chain(std::iter::repeat_n(Bytes::from(line), 100));
        Box::pin(futures_util::stream::iter(parts.collect::<Vec<_>>()))
    })
    .await;
    let api = Client::new(
        Config::new()
            .with_base_url(&server.url())
            .unwrap()
            .with_max_response_bytes(10_000),
    )
    .unwrap();
    let got: Vec<_> = api
        .features()
        .streams()
        .tick_feed_events()
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(got.len(), 1);
    assert!(
        matches!(
            got[0],
            Err(RequestError::ResponseTooLarge { limit: 10_000, .. })
        ),
        "{got:?}"
    );
}

#[tokio::test]
async fn json_lines_are_typed_items_and_errors_are_the_operations() {
    let server = StreamingServer::start_seeing("application/x-ndjson", |headers| {
        assert_eq!(headers["accept"], "application/x-ndjson");
        (
            200,
            chunks(&[
                "{\"seq\":1}\n{\"se",
                "q\":2,\"label\":\"b\"}\nnot json\n\n{\"seq\":3}",
            ]),
        )
    })
    .await;
    let api = client(&server.url());
    let items = api.features().streams().tick_lines_items().await.unwrap();
    assert_eq!(items.status(), 200);
    let got: Vec<_> = items.collect().await;
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[0].as_ref().unwrap().seq, 1);
    assert_eq!(*got[1].as_ref().unwrap(), tick(2, "b"));
    assert!(matches!(
        got[2],
        Err(RequestError::StreamItem { item: 3, .. })
    ));
    assert_eq!(got[3].as_ref().unwrap().seq, 3);

    let missing = StreamingServer::start_seeing("application/json", |_| {
        (404, chunks(&["{\"message\":\"no ticks\"}"]))
    })
    .await;
    let api = client(&missing.url());
    match api.features().streams().tick_lines_items().await {
        Err(Error::Api {
            status,
            error: TickLinesError::NotFound(problem),
            ..
        }) => {
            assert_eq!(status, 404);
            assert_eq!(problem.message, "no ticks");
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
}
