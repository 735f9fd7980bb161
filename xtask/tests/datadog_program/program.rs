//! A program against the full generated Datadog client (built with only the groups it uses):
//! a v1 and two v2 operations of different groups, a paginated list and a multipart upload,
//! against a local server. Copied into the generated crate as a test by
//! `xtask/tests/datadog_program.rs`.

use bytes::Bytes;
use datadog_full::v2::apis::logs::ListLogsGetParams;
use datadog_full::v2::apis::organizations::UploadIdPMetadataForm;
use datadog_full::{Client, Config, File, RetryConfig, StreamExt};
use e2e::{Reply, TestServer};

#[tokio::test]
async fn calls_v1_and_v2_operations_of_three_groups() {
    let server = TestServer::start().await;
    server.reply(Reply::new(200, r#"{"valid":true}"#));
    server.reply(Reply::new(200, r#"{"data":[{"id":"l1","type":"log"}],"meta":{"page":{"after":"p2"}}}"#));
    server.reply(Reply::new(200, r#"{"data":[{"id":"l2","type":"log","attributes":{"message":"hi"}}]}"#));
    server.reply(Reply::empty(200));
    let config = Config::new()
        .with_base_url(&server.url())
        .unwrap()
        .with_api_key_auth("api-key")
        .with_app_key_auth("app-key")
        .with_retry(RetryConfig { max_retries: 0, ..RetryConfig::default() });
    let client = Client::new(config).unwrap();

    // v1, Authentication.
    let validation = client.v1().authentication().validate().await.unwrap();
    assert_eq!(validation.valid, Some(true));

    // v2, Logs: every log across pages.
    let params = ListLogsGetParams { filter_query: Some("service:web".into()), page_limit: Some(1), ..Default::default() };
    let logs: Vec<_> = client.v2().logs().list_logs_get_stream(params).map(Result::unwrap).collect().await;
    let ids: Vec<String> = logs.iter().filter_map(|log| log.id.clone()).collect();
    assert_eq!(ids, ["l1", "l2"]);

    // v2, Organizations: a multipart upload, the file named and typed.
    let metadata = UploadIdPMetadataForm {
        idp_file: Some(File::new(Bytes::from_static(b"<EntityDescriptor/>")).name("idp.xml").content_type("application/xml")),
    };
    client.v2().organizations().upload_id_p_metadata(metadata).await.unwrap();

    let requests = server.requests();
    let targets: Vec<&str> = requests.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(targets[0], "/api/v1/validate");
    assert!(targets[1].starts_with("/api/v2/logs/events?") && !targets[1].contains("page%5Bcursor%5D"), "{}", targets[1]);
    assert!(targets[2].contains("page%5Bcursor%5D=p2"), "{}", targets[2]);
    assert_eq!(targets[3], "/api/v2/saml_configurations/idp_metadata");
    assert!(requests[3].header("content-type").unwrap().starts_with("multipart/form-data"));
    let upload = &requests[3].body;
    assert!(upload.windows(19).any(|w| w == b"<EntityDescriptor/>"));
    assert!(upload.windows(18).any(|w| w == b"filename=\"idp.xml\""));
    assert_eq!(requests[1].header("dd-api-key"), Some("api-key"));
}
