//! The seed operations over real HTTP: what the client sends, and how every documented status
//! comes back.

use std::time::{Duration, Instant};

use datadog_client::v1::apis::aws_integration::DeleteAwsAccountError as V1DeleteError;
use datadog_client::v1::models::AwsAccountDeleteRequest;
use datadog_client::v2::apis::aws_integration::{DeleteAwsAccountError, ListAwsAccountsParams};
use datadog_client::v2::apis::security_monitoring::DeleteSecurityMonitoringIntegrationConfigError as SyncError;
use datadog_client::v2::models::{AwsAccountPartition, AwsAccountType};
use datadog_client::{Client, Config, ConfigError, Error, RequestError, RetryConfig};
use e2e::{Reply, TestServer};

const API_KEY: &str = "api-key-0123456789";
const APP_KEY: &str = "app-key-9876543210";
const ERRORS: &str = r#"{"errors":["Bad Request"]}"#;
const UNSTABLE: &str = "v2.delete_security_monitoring_integration_config";

fn config(server: &TestServer) -> Config {
    Config::new()
        .with_base_url(&server.url())
        .unwrap()
        .with_api_key_auth(API_KEY)
        .with_app_key_auth(APP_KEY)
        .with_retry(RetryConfig {
            max_retries: 0,
            ..RetryConfig::default()
        })
}

fn client(server: &TestServer) -> Client {
    Client::new(config(server)).unwrap()
}

#[tokio::test]
#[allow(deprecated)]
async fn v1_delete_sends_exact_request_and_parses_empty_object() {
    let server = TestServer::start().await;
    server.reply(Reply::new(200, "{}"));
    let body = AwsAccountDeleteRequest {
        account_id: Some("163662907100".into()),
        role_name: Some("DatadogAWSIntegrationRole".into()),
        ..Default::default()
    };
    let result = client(&server)
        .v1()
        .aws_integration()
        .delete_aws_account(&body)
        .await
        .unwrap();
    assert!(result.is_empty());

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.target, "/api/v1/integration/aws");
    assert_eq!(request.header("DD-API-KEY"), Some(API_KEY));
    assert_eq!(request.header("DD-APPLICATION-KEY"), Some(APP_KEY));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert!(
        request
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("datadog-client/"))
    );
    assert_eq!(request.header("authorization"), None);
    // Unset optional fields are not sent at all.
    assert_eq!(
        request.json(),
        serde_json::json!({"account_id": "163662907100", "role_name": "DatadogAWSIntegrationRole"})
    );
}

#[tokio::test]
#[allow(deprecated)]
async fn v1_delete_maps_every_documented_error() {
    for (status, expected) in [
        (400, "BadRequest"),
        (403, "Forbidden"),
        (409, "Conflict"),
        (429, "TooManyRequests"),
    ] {
        let server = TestServer::start().await;
        server.reply(Reply::new(status, ERRORS));
        let error = client(&server)
            .v1()
            .aws_integration()
            .delete_aws_account(&AwsAccountDeleteRequest::default())
            .await
            .unwrap_err();
        let Error::Api {
            operation,
            status: got,
            error,
            body,
        } = error
        else {
            panic!("{status}: expected an API error, got {error:?}")
        };
        assert_eq!(operation, "v1.delete_aws_account");
        assert_eq!(got.as_u16(), status);
        assert_eq!(&body[..], ERRORS.as_bytes());
        let (name, model) = match error {
            V1DeleteError::BadRequest(m) => ("BadRequest", m),
            V1DeleteError::Forbidden(m) => ("Forbidden", m),
            V1DeleteError::Conflict(m) => ("Conflict", m),
            V1DeleteError::TooManyRequests(m) => ("TooManyRequests", m),
        };
        assert_eq!(name, expected);
        assert_eq!(model.errors, vec!["Bad Request".to_string()]);
    }
}

#[tokio::test]
async fn v2_delete_sends_exact_request() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(204));
    client(&server)
        .v2()
        .aws_integration()
        .delete_aws_account("00000000-abcd-0001-0000-000000000000")
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.target,
        "/api/v2/integration/aws/accounts/00000000-abcd-0001-0000-000000000000"
    );
    assert_eq!(request.header("DD-API-KEY"), Some(API_KEY));
    assert_eq!(request.header("DD-APPLICATION-KEY"), Some(APP_KEY));
    assert_eq!(request.header("content-type"), None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn v2_delete_maps_statuses() {
    for status in [400u16, 403, 404, 429] {
        let server = TestServer::start().await;
        server.reply(Reply::new(status, ERRORS));
        let error = client(&server)
            .v2()
            .aws_integration()
            .delete_aws_account("id")
            .await
            .unwrap_err();
        let matched = match &error {
            Error::Api {
                error: DeleteAwsAccountError::BadRequest(m),
                ..
            } => (400, m),
            Error::Api {
                error: DeleteAwsAccountError::Forbidden(m),
                ..
            } => (403, m),
            Error::Api {
                error: DeleteAwsAccountError::NotFound(m),
                ..
            } => (404, m),
            Error::Api {
                error: DeleteAwsAccountError::TooManyRequests(m),
                ..
            } => (429, m),
            other => panic!("{status}: unexpected {other:?}"),
        };
        assert_eq!(matched.0, status);
        assert_eq!(matched.1.errors, ["Bad Request"]);
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    }
}

#[tokio::test]
async fn undocumented_status_and_bad_body_keep_status_and_raw_body() {
    let server = TestServer::start().await;
    server.reply(Reply::new(418, "<html>teapot</html>"));
    server.reply(Reply::new(404, "{\"errors\": 42}"));
    let api = client(&server);
    let error = api
        .v2()
        .aws_integration()
        .delete_aws_account("id")
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::UnexpectedStatus { operation, status, body } if *operation == "v2.delete_aws_account" && status.as_u16() == 418 && &body[..] == b"<html>teapot</html>"),
        "{error:?}"
    );
    assert!(error.to_string().contains("418"));
    let error = api
        .v2()
        .aws_integration()
        .delete_aws_account("id")
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode { status, body, .. } if status.as_u16() == 404 && &body[..] == b"{\"errors\": 42}"),
        "{error:?}"
    );
}

#[tokio::test]
async fn list_sends_query_and_keeps_unknown_values() {
    let server = TestServer::start().await;
    server.reply(Reply::new(
        200,
        r#"{"data":[{"id":"cfg-1","type":"account","attributes":{"aws_account_id":"123456789012","aws_partition":"aws-cn","account_tags":null,"new_field":true}},
                    {"id":"cfg-2","type":"account_v3","attributes":{"aws_account_id":"210987654321","aws_partition":"aws-moon"}}]}"#,
    ));
    let params = ListAwsAccountsParams {
        aws_account_id: Some("123456789012".into()),
    };
    let accounts = client(&server)
        .v2()
        .aws_integration()
        .list_aws_accounts(params)
        .await
        .unwrap();
    assert_eq!(server.requests()[0].method, "GET");
    assert_eq!(
        server.requests()[0].target,
        "/api/v2/integration/aws/accounts?aws_account_id=123456789012"
    );

    let first = &accounts.data[0];
    assert_eq!(first.id, "cfg-1");
    assert_eq!(first.r#type, AwsAccountType::Account);
    let attributes = first.attributes.as_ref().unwrap();
    assert_eq!(attributes.aws_partition, Some(AwsAccountPartition::AwsCn));
    // `null` and absent are different things for a nullable property.
    assert_eq!(attributes.account_tags, Some(None));
    assert_eq!(
        attributes.additional_properties["new_field"],
        serde_json::json!(true)
    );
    let second = &accounts.data[1];
    assert_eq!(second.r#type, AwsAccountType::Unknown("account_v3".into()));
    let second_attributes = second.attributes.as_ref().unwrap();
    assert_eq!(second_attributes.account_tags, None);
    assert_eq!(
        second_attributes.aws_partition.as_ref().map(|p| p.as_str()),
        Some("aws-moon")
    );
    // Unknown values survive a round trip unchanged.
    let json = serde_json::to_value(&accounts).unwrap();
    assert_eq!(json["data"][1]["type"], "account_v3");
    assert_eq!(json["data"][0]["attributes"]["new_field"], true);
}

#[tokio::test]
async fn path_parameters_cannot_change_the_path() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(204));
    server.reply(Reply::empty(204));
    let api = client(&server);
    api.v2()
        .aws_integration()
        .delete_aws_account("a/../b")
        .await
        .unwrap();
    api.v2()
        .aws_integration()
        .delete_aws_account("x y?z#é")
        .await
        .unwrap();
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/api/v2/integration/aws/accounts/a%2F..%2Fb",
            "/api/v2/integration/aws/accounts/x%20y%3Fz%23%C3%A9"
        ]
    );

    for value in ["..", ".", ""] {
        let error = api
            .v2()
            .aws_integration()
            .delete_aws_account(value)
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::Request(RequestError::InvalidPathParameter {
                    name: "aws_account_config_id",
                    ..
                })
            ),
            "{value:?}: {error:?}"
        );
    }
    assert_eq!(
        server.requests().len(),
        2,
        "refused values must not reach the server"
    );
}

#[tokio::test]
async fn unstable_operation_is_refused_until_enabled() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(204));
    let error = client(&server)
        .v2()
        .security_monitoring()
        .delete_security_monitoring_integration_config("cfg")
        .await
        .unwrap_err();
    match &error {
        Error::Request(RequestError::UnstableOperationDisabled { operation }) => {
            assert_eq!(*operation, UNSTABLE)
        }
        other => panic!("expected the unstable refusal, got {other:?}"),
    }
    assert!(
        error
            .to_string()
            .contains(&format!("enable_unstable_operation(\"{UNSTABLE}\")"))
    );
    assert!(server.requests().is_empty());

    let enabled =
        Client::new(config(&server).enable_unstable_operation(UNSTABLE).unwrap()).unwrap();
    enabled
        .v2()
        .security_monitoring()
        .delete_security_monitoring_integration_config("cfg/1")
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.target,
        "/api/v2/security_monitoring/configuration/integration_config/cfg%2F1"
    );

    assert!(matches!(
        Config::new().enable_unstable_operation("v2.no_such_operation"),
        Err(ConfigError::UnknownUnstableOperation { .. })
    ));
}

#[tokio::test]
async fn unstable_operation_documents_how_to_enable_it() {
    let source = include_str!("../../generated/src/v2/apis/security_monitoring.rs");
    let docs_before_method = source
        .split("pub async fn delete_security_monitoring_integration_config")
        .next()
        .unwrap();
    assert!(docs_before_method.contains(&format!("/// Disabled by default: calling it returns [`crate::RequestError::UnstableOperationDisabled`] unless enabled with `Config::enable_unstable_operation(\"{UNSTABLE}\")`.")));
    assert!(docs_before_method.contains(
        "/// **Preview (unstable):** This endpoint is in preview and is subject to change."
    ));
}

#[tokio::test]
async fn deprecated_operation_carries_the_specs_note() {
    let source = include_str!("../../generated/src/v1/apis/aws_integration.rs");
    assert!(source.contains(
        "#[deprecated(note = \"This endpoint is deprecated - use the V2 endpoints instead.\")]"
    ));
}

#[tokio::test]
async fn oauth_token_is_used_when_keys_are_missing() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(204));
    server.reply(Reply::new(403, ERRORS));
    let token_only = Config::new()
        .with_base_url(&server.url())
        .unwrap()
        .with_auth_z("oauth-token")
        .enable_unstable_operation(UNSTABLE)
        .unwrap();
    let api = Client::new(token_only).unwrap();
    api.v2()
        .security_monitoring()
        .delete_security_monitoring_integration_config("cfg")
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("authorization"), Some("Bearer oauth-token"));
    assert_eq!(request.header("dd-api-key"), None);
    // With the keys configured too, the first alternative of the spec (the keys) is used.
    let both = Client::new(
        config(&server)
            .with_auth_z("oauth-token")
            .enable_unstable_operation(UNSTABLE)
            .unwrap(),
    )
    .unwrap();
    let error = both
        .v2()
        .security_monitoring()
        .delete_security_monitoring_integration_config("cfg")
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        Error::Api {
            error: SyncError::Forbidden(_),
            ..
        }
    ));
    let request = &server.requests()[1];
    assert_eq!(request.header("dd-api-key"), Some(API_KEY));
    assert_eq!(request.header("authorization"), None);
}

#[tokio::test]
async fn retries_429_after_the_reset_header() {
    let server = TestServer::start().await;
    server.reply(Reply::new(429, ERRORS).header("X-RateLimit-Reset", "1"));
    server.reply(Reply::empty(204));
    let retry = RetryConfig {
        max_retries: 2,
        min_delay: Duration::from_millis(1),
        max_delay: Duration::from_secs(5),
        ..RetryConfig::default()
    };
    let api = Client::new(config(&server).with_retry(retry)).unwrap();
    let started = Instant::now();
    api.v2()
        .aws_integration()
        .delete_aws_account("id")
        .await
        .unwrap();
    // Backoff alone would have waited about a millisecond; the server asked for one second.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited only {:?}",
        started.elapsed()
    );
    // The retry is the same request again: method, path and keys.
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.method, "DELETE");
        assert_eq!(request.target, "/api/v2/integration/aws/accounts/id");
        assert_eq!(request.header("dd-api-key"), Some(API_KEY));
    }
}

#[tokio::test]
async fn retries_are_bounded_and_end_in_the_documented_error() {
    let server = TestServer::start().await;
    for _ in 0..3 {
        server.reply(Reply::new(429, ERRORS));
    }
    server.reply(Reply::empty(204));
    let retry = RetryConfig {
        max_retries: 2,
        min_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        ..RetryConfig::default()
    };
    let api = Client::new(config(&server).with_retry(retry)).unwrap();
    let error = api
        .v2()
        .aws_integration()
        .delete_aws_account("id")
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Api {
                error: DeleteAwsAccountError::TooManyRequests(_),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 3, "one attempt and two retries");

    // 5xx on an idempotent DELETE is retried too.
    let server = TestServer::start().await;
    server.reply(Reply::new(503, "unavailable"));
    server.reply(Reply::empty(204));
    let api = Client::new(config(&server).with_retry(retry)).unwrap();
    api.v2()
        .aws_integration()
        .delete_aws_account("id")
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn site_selects_the_host() {
    // A local proxy sees where the client is going: HTTPS through a proxy starts with CONNECT.
    let proxy = TestServer::start().await;
    proxy.reply(Reply::empty(502));
    let config = Config::new()
        .with_site("datadoghq.eu")
        .unwrap()
        .with_proxy(&proxy.url())
        .unwrap()
        .allow_missing_credentials()
        .with_retry(RetryConfig {
            max_retries: 0,
            ..RetryConfig::default()
        });
    let error = Client::new(config)
        .unwrap()
        .v2()
        .aws_integration()
        .delete_aws_account("id")
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Request(RequestError::Transport(_))),
        "{error:?}"
    );
    let request = &proxy.requests()[0];
    assert_eq!(request.method, "CONNECT");
    assert_eq!(request.target, "api.datadoghq.eu:443");

    let error = Config::new().with_site("datadoghq.moon").unwrap_err();
    assert!(matches!(
        &error,
        ConfigError::UnknownServerValue {
            variable: "site",
            ..
        }
    ));
    assert!(error.to_string().contains("us5.datadoghq.com"));
}

#[tokio::test]
async fn a_missing_credential_fails_before_sending_and_says_what_to_set() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(204));
    let delete = async |config: Config| {
        let config = config.with_base_url(&server.url()).unwrap();
        let client = Client::new(config.with_retry(RetryConfig {
            max_retries: 0,
            ..RetryConfig::default()
        }))
        .unwrap();
        client.v2().aws_integration().delete_aws_account("id").await
    };
    // No key at all: the first scheme of the operation's requirement is named.
    let error = delete(Config::new()).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Request(RequestError::MissingCredential {
                operation: "v2.delete_aws_account",
                scheme: "apiKeyAuth",
                env: Some("DD_API_KEY")
            })
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("`DD_API_KEY`"), "{error}");
    // Half of a requirement: the half that is missing.
    let error = delete(Config::new().with_api_key_auth(API_KEY))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("`appKeyAuth`"), "{error}");
    assert!(server.requests().is_empty(), "nothing may be sent");
    // Opted out: the request goes, and the server decides.
    delete(Config::new().allow_missing_credentials())
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn secrets_never_show_in_debug_or_errors() {
    let server = TestServer::start().await;
    server.reply(Reply::new(403, ERRORS));
    let config = config(&server).with_auth_z("oauth-secret-token");
    let api = Client::new(config.clone()).unwrap();
    let error = api
        .v2()
        .aws_integration()
        .delete_aws_account("id")
        .await
        .unwrap_err();
    for text in [
        format!("{config:?}"),
        format!("{api:?}"),
        format!("{error:?}"),
        error.to_string(),
    ] {
        for secret in [API_KEY, APP_KEY, "oauth-secret-token"] {
            assert!(!text.contains(secret), "{secret} leaked into {text}");
        }
    }
    assert!(format!("{config:?}").contains("<redacted>"));
    let invalid = Config::new().with_api_key_auth("line\r\nbreak");
    assert!(matches!(
        Client::new(invalid),
        Err(ConfigError::InvalidCredential {
            scheme: "apiKeyAuth"
        })
    ));
}
