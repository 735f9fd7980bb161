//! The decode and encode benchmark. `cargo xtask bench --decode` builds it in release mode in a
//! scratch workspace beside two copies of the generated Datadog crate: `fast`, as generated,
//! and `floor`, the same types with `#[derive(Deserialize, Serialize)]` on every struct.
//!
//! `decode <fast|floor|value> <metrics|logs|monitors> FILE` prints one line: the decode speed
//! (MB/s, median of 5), the peak memory one decode added (MB) and the encode speed of the
//! decoded value (MB/s of JSON written, median of 5).

use std::time::{Duration, Instant};

use serde::{Serialize, de::DeserializeOwned};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, implementation, payload, file] = &args[..] else {
        eprintln!("usage: decode <fast|floor|value> <metrics|logs|monitors> FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(file).unwrap_or_else(|e| fail(&format!("read {file}: {e}")));
    let line = match (implementation.as_str(), payload.as_str()) {
        ("fast", "metrics") => measure::<fast::v1::models::MetricsQueryResponse>(&bytes),
        ("fast", "logs") => measure::<fast::v2::models::LogsListResponse>(&bytes),
        ("fast", "monitors") => measure::<Vec<fast::v1::models::Monitor>>(&bytes),
        ("floor", "metrics") => measure::<floor::v1::models::MetricsQueryResponse>(&bytes),
        ("floor", "logs") => measure::<floor::v2::models::LogsListResponse>(&bytes),
        ("floor", "monitors") => measure::<Vec<floor::v1::models::Monitor>>(&bytes),
        ("value", _) => measure::<serde_json::Value>(&bytes),
        _ => fail("unknown implementation or payload"),
    };
    println!("{line}");
}

fn fail(message: &str) -> ! {
    eprintln!("decode: {message}");
    std::process::exit(1)
}

fn measure<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> String {
    let mb = bytes.len() as f64 / 1e6;
    // The first decode alone, for its peak memory: the high-water mark is reset first.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let base = status_kb("VmRSS:");
    let value = decode::<T>(bytes);
    let peak = status_kb("VmHWM:").saturating_sub(base);
    drop(value);
    let mut decodes: Vec<Duration> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let value = decode::<T>(bytes);
            let took = started.elapsed();
            drop(value);
            took
        })
        .collect();
    let value = decode::<T>(bytes);
    let mut written = 0;
    let mut encodes: Vec<Duration> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let out = serde_json::to_vec(&value).unwrap_or_else(|e| fail(&e.to_string()));
            let took = started.elapsed();
            written = out.len();
            took
        })
        .collect();
    format!(
        "{:.0} {:.2} {:.0}",
        mb / median(&mut decodes).as_secs_f64(),
        peak as f64 / 1024.0,
        written as f64 / 1e6 / median(&mut encodes).as_secs_f64()
    )
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> T {
    serde_json::from_slice(bytes).unwrap_or_else(|e| fail(&format!("decode: {e}")))
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// A `kB` figure of `/proc/self/status`.
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with(field))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0)
}
