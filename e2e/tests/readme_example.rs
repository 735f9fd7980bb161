//! The README's usage example, run against a local server instead of Datadog.

use datadog_client::v2::apis::aws_integration::DeleteAwsAccountError;
use datadog_client::{Client, Config, Error};
use e2e::{Reply, TestServer};

async fn example(config: Config) -> Result<&'static str, Box<dyn std::error::Error>> {
    let client = Client::new(config)?;
    match client
        .v2()
        .aws_integration()
        .delete_aws_account("config-id")
        .await
    {
        Ok(()) => Ok("deleted"),
        Err(Error::Api {
            error: DeleteAwsAccountError::NotFound(body),
            ..
        }) => {
            assert_eq!(body.errors, ["Not Found"]);
            Ok("no such config")
        }
        Err(other) => Err(other.into()),
    }
}

#[tokio::test]
async fn readme_example_works() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(204));
    server.reply(Reply::new(404, r#"{"errors":["Not Found"]}"#));
    server.reply(Reply::new(400, r#"{"errors":["Bad Request"]}"#));
    let config = || {
        Config::new()
            .with_base_url(&server.url())
            .unwrap()
            .with_api_key_auth("k")
            .with_app_key_auth("a")
    };
    assert_eq!(example(config()).await.unwrap(), "deleted");
    assert_eq!(example(config()).await.unwrap(), "no such config");
    let error = example(config()).await.unwrap_err();
    assert!(error.to_string().contains("400 Bad Request"), "{error}");
}
