//! The cost of the generated client over a hand-written reqwest call: the same request (Datadog
//! v2 "delete an AWS integration", two key headers, a 204 answer) against a local server,
//! sequentially, in alternating rounds. Prints one line: the median time per request of each
//! and the difference. Run by `cargo xtask bench --requests`, in release mode.

use std::time::{Duration, Instant};

use datadog_client::{Client, Config, RetryConfig};
use e2e::{Reply, TestServer};

const PER_ROUND: usize = 400;
const ROUNDS: usize = 9;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let server = TestServer::start().await;
    for _ in 0..(PER_ROUND * (ROUNDS + 1) * 2) {
        server.reply(Reply::empty(204));
    }
    let config = Config::new()
        .with_base_url(&server.url())
        .expect("a local base URL")
        .with_api_key_auth("api-key")
        .with_app_key_auth("app-key")
        .with_retry(RetryConfig {
            max_retries: 0,
            ..RetryConfig::default()
        });
    let generated = Client::new(config).expect("a client");
    // Hand-written the way a careful caller would: the same timeouts and user agent.
    let raw = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .connect_timeout(Duration::from_secs(10))
        .user_agent("hand-written/1.0 (Rust)")
        .build()
        .expect("a reqwest client");
    let base = server.url();

    let generated_round = || async {
        let started = Instant::now();
        for _ in 0..PER_ROUND {
            generated
                .v2()
                .aws_integration()
                .delete_aws_account("id")
                .await
                .expect("204");
        }
        started.elapsed() / PER_ROUND as u32
    };
    let raw_round = || async {
        let started = Instant::now();
        for _ in 0..PER_ROUND {
            // As a hand-written call would: the URL is built from the id on each call.
            let id = "id";
            let response = raw
                .delete(format!("{base}/api/v2/integration/aws/accounts/{id}"))
                .header("DD-API-KEY", "api-key")
                .header("DD-APPLICATION-KEY", "app-key")
                .header("Accept", "application/json")
                .send()
                .await
                .expect("a response");
            assert_eq!(response.status().as_u16(), 204);
            response.bytes().await.expect("the body");
        }
        started.elapsed() / PER_ROUND as u32
    };

    // A warm-up round of each (connections, allocator), then alternating measured rounds.
    generated_round().await;
    raw_round().await;
    let mut generated_times = Vec::new();
    let mut raw_times = Vec::new();
    for _ in 0..ROUNDS {
        generated_times.push(generated_round().await);
        raw_times.push(raw_round().await);
    }
    let generated = median(&mut generated_times);
    let raw = median(&mut raw_times);
    let overhead = (generated.as_secs_f64() / raw.as_secs_f64() - 1.0) * 100.0;
    println!(
        "{:.1} µs per request, hand-written reqwest {:.1} µs: {overhead:+.1}%",
        micros(generated),
        micros(raw)
    );
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn micros(time: Duration) -> f64 {
    time.as_secs_f64() * 1e6
}
