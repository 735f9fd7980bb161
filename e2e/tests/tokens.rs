//! Access tokens fetched as they are needed: the OAuth 2 client-credentials grant a spec
//! declares (`Config::with_<scheme>_client_credentials`), and any `TokenProvider`
//! (`Config::with_<scheme>_provider`), against a token endpoint and an API on 127.0.0.1.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use e2e::{Reply, TestServer};
use features_client::{
    AccessToken, Client, Config, Error, RequestError, TokenContext, TokenFuture, TokenProvider,
};

const ACCOUNT: &str = r#"{"name":"acme"}"#;

#[tokio::test]
async fn client_credentials_are_exchanged_once_and_again_after_the_token_expires() {
    let server = TestServer::start().await;
    server.reply(Reply::new(
        200,
        r#"{"access_token":"first","token_type":"Bearer","expires_in":1}"#,
    ));
    server.reply(Reply::new(200, ACCOUNT));
    server.reply(Reply::new(200, ACCOUNT));
    // Issuers write the lifetime as a number or, some, as a string.
    server.reply(Reply::new(
        200,
        r#"{"access_token":"second","token_type":"Bearer","expires_in":"3600"}"#,
    ));
    server.reply(Reply::new(200, ACCOUNT));
    server.reply(Reply::new(200, ACCOUNT));
    let config = Config::new()
        .with_base_url(&server.url())
        .unwrap()
        .with_oauth_client_credentials("my app", "s3cret");
    assert!(!format!("{config:?}").contains("s3cret"));
    let api = Client::new(config).unwrap();
    let account = api.features().account().get_account().await.unwrap();
    assert_eq!(account.name.as_deref(), Some("acme"));
    api.features().account().get_account().await.unwrap();
    // The first token lived one second: it is refreshed before it expires.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    api.features().account().get_account().await.unwrap();
    api.features().account().get_account().await.unwrap();

    let requests = server.requests();
    let seen: Vec<(&str, &str, Option<&str>)> = requests
        .iter()
        .map(|r| {
            (
                r.method.as_str(),
                r.target.as_str(),
                r.header("authorization"),
            )
        })
        .collect();
    // The ID and secret are form-encoded, then joined (RFC 6749, 2.3.1): base64 of
    // `my+app:s3cret`.
    let basic = "Basic bXkrYXBwOnMzY3JldA==".to_string();
    assert_eq!(
        seen,
        [
            ("POST", "/oauth/token", Some(basic.as_str())),
            ("GET", "/account", Some("Bearer first")),
            ("GET", "/account", Some("Bearer first")),
            ("POST", "/oauth/token", Some(basic.as_str())),
            ("GET", "/account", Some("Bearer second")),
            ("GET", "/account", Some("Bearer second")),
        ]
    );
    assert_eq!(
        requests[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(&requests[0].body[..], b"grant_type=client_credentials");
}

/// A provider that counts its fetches and names each token after its number.
#[derive(Default)]
struct Counting(Arc<AtomicUsize>);

impl TokenProvider for Counting {
    fn fetch<'a>(&'a self, context: TokenContext<'a>) -> TokenFuture<'a> {
        Box::pin(async move {
            assert!(context.base_url().as_str().starts_with("http://127.0.0.1:"));
            let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(AccessToken::new(format!("token-{n}"), None))
        })
    }
}

#[tokio::test]
async fn a_refused_token_is_fetched_again_on_the_next_request() {
    let server = TestServer::start().await;
    server.reply(Reply::new(200, ACCOUNT));
    server.reply(Reply::empty(401));
    server.reply(Reply::new(200, ACCOUNT));
    let fetches = Arc::new(AtomicUsize::new(0));
    let api = Client::new(
        Config::new()
            .with_base_url(&server.url())
            .unwrap()
            .with_oauth_provider(Counting(fetches.clone())),
    )
    .unwrap();
    let account = api.features().account();
    account.get_account().await.unwrap();
    match account.get_account().await {
        Err(Error::Api { status, .. }) => assert_eq!(status, 401),
        other => panic!("expected the documented 401, got {other:?}"),
    }
    account.get_account().await.unwrap();
    let tokens: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").unwrap().to_string())
        .collect();
    // A token without an expiry is kept until the server refuses it.
    assert_eq!(
        tokens,
        ["Bearer token-1", "Bearer token-1", "Bearer token-2"]
    );
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_token_endpoint_that_refuses_stops_the_request_before_it_is_sent() {
    let server = TestServer::start().await;
    server.reply(Reply::new(400, r#"{"error":"invalid_client"}"#));
    let api = Client::new(
        Config::new()
            .with_base_url(&server.url())
            .unwrap()
            .with_oauth_client_credentials("app", "wrong"),
    )
    .unwrap();
    let error = api.features().account().get_account().await.unwrap_err();
    match &error {
        Error::Request(RequestError::Token { scheme, .. }) => assert_eq!(*scheme, "oauth"),
        other => panic!("expected a token error, got {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains("`oauth`"), "{message}");
    assert!(
        message.contains("400") && message.contains("invalid_client"),
        "{message}"
    );
    assert!(!message.contains("wrong"), "{message}");
    // Only the token endpoint was asked.
    assert_eq!(server.requests().len(), 1);
}
