//! Decoding what a monitoring API mostly returns, over the wire against a local server, in the
//! shapes of Datadog's schemas (`e2e/telemetry.yaml`): metric series with gaps and a missing
//! unit, logs with unknown nested attributes, monitors with a property and an enum value this
//! client does not know. Each decodes in one pass, and writes back to the same JSON.

use e2e::{Reply, TestServer};
use features_client::telemetry::apis::logs::ListLogsParams;
use features_client::telemetry::models::{Monitor, MonitorType};
use features_client::{Client, Config, Error};
use serde_json::{Value, json};

fn client(server: &TestServer) -> Client {
    Client::new(Config::new().with_base_url(&server.url()).unwrap()).unwrap()
}

/// The decoded value written back as JSON is the JSON the server sent.
macro_rules! assert_round_trip {
    ($decoded:expr, $sent:expr) => {
        assert_eq!(serde_json::to_value(&$decoded).unwrap(), $sent)
    };
}

#[tokio::test]
async fn a_metrics_query_with_gaps_and_a_null_unit_decodes() {
    let sent = json!({
        "status": "ok",
        "series": [{
            "metric": "system.cpu.user",
            "pointlist": [[1681683300000.0, 12.5], [1681683310000.0, null], [1681683320000.0, 9.0]],
            "unit": [{"family": "percentage", "name": "percent", "scale_factor": 1.0}, null],
            "query_index": 0
        }]
    });
    let server = TestServer::start().await;
    server.reply(Reply::new(200, &sent.to_string()));
    let client = client(&server);
    let response = client
        .telemetry()
        .metrics()
        .query_metrics("avg:system.cpu.user{*}")
        .await
        .unwrap();
    let series = &response.series.as_ref().unwrap()[0];
    let points = series.pointlist.as_ref().unwrap();
    assert_eq!(points[1], vec![Some(1681683310000.0), None], "a gap");
    let units = series.unit.as_ref().unwrap();
    assert_eq!(units[0].as_ref().unwrap().name.as_deref(), Some("percent"));
    assert!(units[1].is_none(), "no unit for the second value");
    // A property the spec does not list is kept.
    assert_eq!(series.additional_properties["query_index"], json!(0));
    assert_round_trip!(response, sent);
}

#[tokio::test]
async fn logs_keep_their_unknown_nested_attributes() {
    let sent = json!({
        "data": [{
            "id": "AQAAAYd",
            "type": "log",
            "attributes": {
                "message": "payment accepted",
                "status": "info",
                "timestamp": "2026-12-03T05:00:00Z",
                "host_ip": "10.0.0.7",
                "source": "2001:db8::1",
                "tags": ["env:prod", "service:billing"],
                "attributes": {
                    "http": {"status_code": 200, "headers": {"x-id": ["a", "b"]}},
                    "duration": 1.25,
                    "retried": false,
                    "user": null
                }
            }
        }],
        "meta": {"page": {"after": "eyJhZnRlciI6"}}
    });
    let server = TestServer::start().await;
    server.reply(Reply::new(200, &sent.to_string()));
    let client = client(&server);
    let params = ListLogsParams {
        since: Some("2026-12-03T05:00:00+02:00".parse().unwrap()),
        x_trace_id: Some("67e55044-10b1-426f-9247-bb680e5fe0c8".parse().unwrap()),
        source: Some(std::net::IpAddr::from([192, 0, 2, 1])),
    };
    let logs = client.telemetry().logs().list_logs(params).await.unwrap();
    // With the crate's `date-time` and `uuid` features (on in this crate's dependency), those
    // formats are typed both ways: RFC 3339 and hyphenated on the wire.
    let sent_request = &server.requests()[0];
    assert!(
        sent_request
            .target
            .ends_with("?since=2026-12-03T05%3A00%3A00%2B02%3A00&source=192.0.2.1"),
        "{}",
        sent_request.target
    );
    assert_eq!(
        sent_request.header("x-trace-id"),
        Some("67e55044-10b1-426f-9247-bb680e5fe0c8")
    );
    let attributes = logs.data.as_ref().unwrap()[0].attributes.as_ref().unwrap();
    assert_eq!(
        attributes.timestamp.unwrap().0.unix_timestamp(),
        1_796_274_000
    );
    // Types of our own (`codegen.toml`): `format: ipv4` as `Ipv4Addr`, the `IpAddress`
    // schema as `IpAddr`, in a body and in a query parameter.
    assert_eq!(
        attributes.host_ip,
        Some(std::net::Ipv4Addr::new(10, 0, 0, 7))
    );
    assert_eq!(
        attributes.source,
        Some("2001:db8::1".parse::<std::net::IpAddr>().unwrap())
    );
    let log = &logs.data.as_ref().unwrap()[0];
    let nested = log
        .attributes
        .as_ref()
        .and_then(|a| a.attributes.as_ref())
        .unwrap();
    assert_eq!(nested["http"]["headers"]["x-id"][1], json!("b"));
    assert_eq!(nested["user"], Value::Null);
    assert_round_trip!(logs, sent);
}

#[tokio::test]
async fn monitors_keep_an_unknown_property_and_enum_value() {
    let sent = json!([
        {"id": 1, "name": "cpu", "query": "avg(last_5m):avg:system.cpu.user{*} > 90",
         "type": "metric alert", "priority": null,
         "options": {"thresholds": {"critical": 90.0, "warning": null}}},
        {"id": 2, "query": "composite(1 && 2)", "type": "composite",
         "restricted_roles": ["admin"], "priority": 3}
    ]);
    let server = TestServer::start().await;
    server.reply(Reply::new(200, &sent.to_string()));
    let client = client(&server);
    let monitors: Vec<Monitor> = client.telemetry().monitors().list_monitors().await.unwrap();
    assert_eq!(monitors[0].r#type, MonitorType::MetricAlert);
    assert_eq!(monitors[0].priority, Some(None), "sent as null");
    let thresholds = monitors[0]
        .options
        .as_ref()
        .and_then(|o| o.thresholds.as_ref())
        .unwrap();
    assert_eq!(thresholds.warning, Some(None));
    assert_eq!(
        monitors[1].r#type,
        MonitorType::Unknown("composite".to_string())
    );
    assert_eq!(monitors[1].priority, Some(Some(3)));
    assert_eq!(
        monitors[1].additional_properties["restricted_roles"],
        json!(["admin"])
    );
    assert_round_trip!(monitors, sent);
}

#[tokio::test]
async fn a_value_that_does_not_read_names_its_property_and_keeps_the_body() {
    let server = TestServer::start().await;
    let body = r#"{"series": [{"metric": "m", "pointlist": [[1.0, "high"]]}]}"#;
    server.reply(Reply::new(200, body));
    let missing = r#"[{"id": 1, "type": "metric alert"}]"#;
    server.reply(Reply::new(200, missing));
    let client = client(&server);
    let error = client
        .telemetry()
        .metrics()
        .query_metrics("q")
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("property `series`") && message.contains("property `pointlist`"),
        "{message}"
    );
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(error.body().map(|b| &b[..]), Some(body.as_bytes()));

    let error = client
        .telemetry()
        .monitors()
        .list_monitors()
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("missing field `query`"),
        "{error}"
    );
}
