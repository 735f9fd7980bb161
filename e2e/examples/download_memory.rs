//! A 200 MB download streamed through the generated client (`<operation>_download`) and through
//! hand-written reqwest reading the same response chunk by chunk, from a local server that
//! produces the body as it goes: throughput, and the peak memory the download adds to the
//! process (the high-water mark is reset before each). Both must stay flat: a few MB, not the
//! size of the body. Prints one line. Run by `cargo xtask bench --requests`, in release mode;
//! a measurement, not a test: nothing here asserts a time.

use std::time::{Duration, Instant};

use bytes::Bytes;
use e2e::{Chunks, StreamingServer};
use features_client::{Client, Config};

const CHUNK: usize = 64 * 1024;
const CHUNKS: usize = 3200; // 200 MiB
const TOTAL: usize = CHUNK * CHUNKS;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let chunk = Bytes::from((0..CHUNK).map(|i| (i % 251) as u8).collect::<Vec<_>>());
    let server = StreamingServer::start("application/octet-stream", move || -> Chunks {
        let chunk = chunk.clone();
        Box::pin(futures_util::stream::iter(std::iter::repeat_n(
            chunk, CHUNKS,
        )))
    })
    .await;
    let config = Config::new()
        .with_base_url(&server.url())
        .expect("a local base URL")
        .with_timeout(Duration::from_secs(600));
    let generated = Client::new(config).expect("a client");
    let raw = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()
        .expect("a reqwest client");
    let url = format!("{}/files/big.bin", server.url());

    // Warm both connections up (and the allocator) before measuring.
    let _ = measure(|| generated_download(&generated)).await;
    let _ = measure(|| raw_download(&raw, &url)).await;
    let (ours, our_peak) = measure(|| generated_download(&generated)).await;
    let (theirs, their_peak) = measure(|| raw_download(&raw, &url)).await;
    let mb = TOTAL as f64 / 1e6;
    println!(
        "{:.0} MB streamed: {:.0} MB/s, {:.1} MB peak; hand-written reqwest {:.0} MB/s, {:.1} MB peak",
        mb,
        mb / ours.as_secs_f64(),
        our_peak,
        mb / theirs.as_secs_f64(),
        their_peak,
    );
}

async fn generated_download(client: &Client) -> usize {
    let mut download = client
        .features()
        .files()
        .download_file_download("big.bin")
        .await
        .expect("the download starts");
    let mut received = 0;
    let mut check = 0u64;
    while let Some(chunk) = download.chunk().await.expect("a chunk") {
        received += chunk.len();
        check = checksum(check, &chunk);
    }
    verify(received, check)
}

async fn raw_download(client: &reqwest::Client, url: &str) -> usize {
    let mut response = client
        .get(url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("the download starts");
    let mut received = 0;
    let mut check = 0u64;
    while let Some(chunk) = response.chunk().await.expect("a chunk") {
        received += chunk.len();
        check = checksum(check, &chunk);
    }
    verify(received, check)
}

fn checksum(mut sum: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        sum = sum.wrapping_mul(31).wrapping_add(u64::from(*byte));
    }
    sum
}

/// The body must arrive whole and unchanged.
fn verify(received: usize, check: u64) -> usize {
    assert_eq!(received, TOTAL, "every byte arrives");
    let chunk: Vec<u8> = (0..CHUNK).map(|i| (i % 251) as u8).collect();
    let expected = (0..CHUNKS).fold(0, |sum, _| checksum(sum, &chunk));
    assert_eq!(check, expected, "byte for byte");
    received
}

/// The time a download takes and the memory (MB) it adds to the process's high-water mark.
async fn measure<F, Fut>(download: F) -> (Duration, f64)
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let base = status_kb("VmRSS:");
    let started = Instant::now();
    download().await;
    let took = started.elapsed();
    let peak = status_kb("VmHWM:").saturating_sub(base);
    (took, peak as f64 / 1024.0)
}

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with(field))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}
