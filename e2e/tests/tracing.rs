//! The `tracing` feature of the generated crate: one span per operation call (operation,
//! method, path without the query, final status, attempts) and an event per retry.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use e2e::{Reply, TestServer};
use features_client::{Client, Config, RetryConfig};
use tracing_subscriber::fmt::format::FmtSpan;

/// Everything the subscriber writes, kept for the test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn a_call_is_one_span_with_its_status_and_attempts_and_each_retry_an_event() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = TestServer::start().await;
    server.reply(Reply::empty(503).header("retry-after", "0"));
    server.reply(Reply::empty(204));
    let config = Config::new()
        .with_base_url(&server.url())
        .unwrap()
        .with_retry(RetryConfig {
            max_retries: 2,
            min_delay: Duration::from_millis(1),
            ..RetryConfig::default()
        });
    Client::new(config)
        .unwrap()
        .features()
        .files()
        .put_file("a b.bin", Bytes::from_static(b"abc"))
        .await
        .unwrap();

    let text = captured.text();
    let retry = text
        .lines()
        .find(|line| line.contains("retrying"))
        .unwrap_or_else(|| panic!("a retry event in:\n{text}"));
    assert!(retry.contains("status=503"), "{retry}");
    assert!(
        retry.contains(r#"operation="features.put_file""#),
        "{retry}"
    );
    let close = text
        .lines()
        .find(|line| line.contains("close"))
        .unwrap_or_else(|| panic!("the span's close in:\n{text}"));
    for field in [
        r#"operation="features.put_file""#,
        "method=PUT",
        "path=/files/a%20b.bin",
        "status=204",
        "attempts=2",
    ] {
        assert!(close.contains(field), "{field} in {close}");
    }
}
