//! A real TLS handshake against a server on 127.0.0.1 with a certificate made for the test:
//! refused by default (its issuer is unknown), accepted through a `reqwest::Client` that trusts
//! it (`Client::with_http_client`, the way to bring custom roots or client certificates).

use std::sync::Arc;

use features_client::{Client, Config, Error, RequestError};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio_rustls::rustls;

/// An HTTPS server on 127.0.0.1 answering every request with `{"name":"over tls"}`, and the
/// DER of its certificate. Stops when the test's runtime ends.
async fn https_server() -> (String, Vec<u8>) {
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])
        .expect("a certificate for 127.0.0.1");
    let cert = certified.cert.der().clone();
    let key = rustls::pki_types::PrivateKeyDer::try_from(certified.signing_key.serialize_der())
        .expect("a private key");
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert.clone()], key)
        .expect("a server configuration");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that refuses the certificate ends the handshake: nothing to serve.
                let Ok(stream) = acceptor.accept(stream).await else {
                    return;
                };
                let service = service_fn(|request: hyper::Request<hyper::body::Incoming>| {
                    let bearer = request.headers().get("authorization").cloned();
                    async move {
                        let body = if bearer.is_some_and(|b| b == "Bearer over-tls") {
                            r#"{"name":"over tls"}"#
                        } else {
                            r#"{"name":"no token"}"#
                        };
                        hyper::Response::builder()
                            .header("content-type", "application/json")
                            .body(http_body_util::Full::new(bytes::Bytes::from(body)))
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (format!("https://{addr}"), cert.to_vec())
}

fn config(base: &str) -> Config {
    Config::new()
        .with_base_url(base)
        .unwrap()
        .with_oauth("over-tls")
}

#[tokio::test]
async fn a_server_whose_issuer_is_unknown_is_refused_and_trusted_when_told() {
    let (base, cert) = https_server().await;

    let default = Client::new(config(&base)).unwrap();
    match default.features().account().get_account().await {
        Err(Error::Request(RequestError::Transport(error))) => {
            let message = Error::<()>::Request(RequestError::Transport(error)).to_string();
            assert!(message.contains("certificate"), "{message}");
        }
        other => panic!("expected the handshake to be refused, got {other:?}"),
    }

    let http = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_der(&cert).unwrap()])
        .build()
        .unwrap();
    let trusting = Client::with_http_client(config(&base), http).unwrap();
    let account = trusting.features().account().get_account().await.unwrap();
    assert_eq!(account.name.as_deref(), Some("over tls"));
}
