//! `Config::from_env` reads the variables the spec names (`x-env-name`). This file is its own
//! test binary with one test, because it changes the process environment.

use datadog_client::{Client, Config, ConfigError, RetryConfig};
use e2e::{Reply, TestServer};

#[tokio::test]
async fn keys_and_site_come_from_the_environment() {
    // SAFETY: this binary runs this single test; nothing else reads the environment concurrently.
    unsafe {
        std::env::set_var("DD_API_KEY", "env-api-key");
        std::env::set_var("DD_APP_KEY", "env-app-key");
        std::env::set_var("DD_SITE", "datadoghq.moon");
    }
    let error = Config::from_env().unwrap_err();
    assert!(matches!(
        error,
        ConfigError::UnknownServerValue {
            variable: "site",
            env: Some("DD_SITE"),
            ..
        }
    ));
    // The message says which values would do, and where the refused one came from.
    let message = error.to_string();
    assert!(
        message.contains("datadoghq.eu") && message.contains("`DD_SITE`"),
        "{message}"
    );
    // A site as the documentation and the browser write it is the site it names.
    unsafe { std::env::set_var("DD_SITE", "https://app.datadoghq.eu/") };
    let client = Client::new(Config::from_env().unwrap()).unwrap();
    assert!(
        format!("{client:?}").contains("https://api.datadoghq.eu/"),
        "{client:?}"
    );
    unsafe { std::env::set_var("DD_SITE", "us5.datadoghq.com") };

    let server = TestServer::start().await;
    server.reply(Reply::empty(204));
    let config = Config::from_env()
        .unwrap()
        .with_base_url(&server.url())
        .unwrap()
        .with_retry(RetryConfig {
            max_retries: 0,
            ..RetryConfig::default()
        });
    Client::new(config)
        .unwrap()
        .v2()
        .aws_integration()
        .delete_aws_account("id")
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("dd-api-key"), Some("env-api-key"));
    assert_eq!(request.header("dd-application-key"), Some("env-app-key"));

    // The base URL from the variable named after the crate: a program pointed at a mock
    // server without a change to its code. A value that is no URL is an error that says so.
    unsafe { std::env::set_var("DATADOG_CLIENT_BASE_URL", "not a url") };
    assert!(matches!(
        Config::from_env(),
        Err(ConfigError::InvalidBaseUrl { .. })
    ));
    unsafe { std::env::set_var("DATADOG_CLIENT_BASE_URL", server.url()) };
    server.reply(Reply::empty(204));
    let config = Config::from_env().unwrap().with_retry(RetryConfig {
        max_retries: 0,
        ..RetryConfig::default()
    });
    Client::new(config)
        .unwrap()
        .v2()
        .aws_integration()
        .delete_aws_account("from-env")
        .await
        .unwrap();
    assert_eq!(
        server.requests()[1].target,
        "/api/v2/integration/aws/accounts/from-env"
    );
    unsafe { std::env::remove_var("DATADOG_CLIENT_BASE_URL") };

    // Through a proxy, the site from the environment decides the host.
    let proxy = TestServer::start().await;
    proxy.reply(Reply::empty(502));
    let config = Config::from_env()
        .unwrap()
        .with_proxy(&proxy.url())
        .unwrap()
        .with_retry(RetryConfig {
            max_retries: 0,
            ..RetryConfig::default()
        });
    let _ = Client::new(config)
        .unwrap()
        .v2()
        .aws_integration()
        .delete_aws_account("id")
        .await;
    assert_eq!(proxy.requests()[0].target, "api.us5.datadoghq.com:443");
}
