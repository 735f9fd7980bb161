//! Unit tests of the runtime, against the stand-in `api_spec.rs`. What needs a server (retries,
//! timeouts, bodies) is tested over HTTP in `e2e/`.

use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::json;

use crate::config::{Config, ConfigError};
use crate::runtime::{self, RequestError, Style};

crate::macros::object! {
    /// A model with one field of each kind.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Pet {
        /// Required.
        name: String = required "name" 0,
        /// Optional.
        age: Option<i64> = optional "age" 1 => age(i64),
        /// Nullable.
        owner: Option<Option<String>> = nullable "owner" 2 => owner(Option<String>),
    }
    additional_properties: serde_json::Value,
    closed: false,
    new(name: String);
}

crate::macros::object! {
    /// A recursive model: its fields are boxed.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Node {
        /// Required.
        next: Box<Node2> = required_boxed "next" 0,
        /// Required, may be `null`.
        parent: Option<Box<Node2>> = required_nullable_boxed "parent" 1,
    }
    closed: false,
    new(next: Node2, parent: Option<Node2>);
}

crate::macros::object! {
    /// The other end of `Node`.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Node2 {
        /// Optional.
        node: Option<Box<Node>> = optional "node" 0,
    }
    closed: false,
    new();
}

#[test]
fn optional_fields_are_set_in_one_expression() {
    let pet = Pet::new("Rex".into()).age(3).owner(None::<String>);
    assert_eq!(pet.age, Some(3));
    assert_eq!(pet.owner, Some(None));
    assert_eq!(
        serde_json::to_value(&pet).unwrap(),
        json!({"name": "Rex", "age": 3, "owner": null})
    );
    let owned = Pet::new("Rex".into()).owner(String::from("Ann"));
    assert_eq!(owned.owner, Some(Some("Ann".to_string())));
}

#[test]
fn boxed_fields_are_built_read_and_written_unboxed() {
    let node = Node::new(Node2::new(), None);
    assert_eq!(node.next, Box::new(Node2::new()));
    let json = serde_json::to_value(&node).unwrap();
    assert_eq!(json, serde_json::json!({"next": {}, "parent": null}));
    assert_eq!(serde_json::from_value::<Node>(json).unwrap(), node);
    let parent = Node::new(
        Node2::new(),
        Some(Node2 {
            node: Some(Box::new(node.clone())),
        }),
    );
    let json = serde_json::to_value(&parent).unwrap();
    assert_eq!(serde_json::from_value::<Node>(json).unwrap(), parent);
}

crate::macros::string_enum! {
    /// A string enum.
    pub enum Kind {
        /// The value `cat`.
        Cat = "cat",
    }
}

#[test]
fn path_segments_are_one_segment_and_never_dot_or_empty() {
    assert_eq!(
        runtime::path_segment("id", "a/b?c#d e").unwrap(),
        "a%2Fb%3Fc%23d%20e"
    );
    assert_eq!(runtime::path_segment("id", "a-b.c_d~").unwrap(), "a-b.c_d~");
    for refused in ["", ".", ".."] {
        assert!(matches!(
            runtime::path_segment("id", refused),
            Err(RequestError::InvalidPathParameter { name: "id", .. })
        ));
    }
}

#[test]
fn parameters_are_written_in_their_style() {
    let mut out = Vec::new();
    let value = json!({"lines": [{"amount": 1}, {"amount": 2}], "tag": "x", "none": null});
    runtime::pairs("filter", &value, Style::Deep, &mut out);
    let text: Vec<String> = out.iter().map(|(k, v)| format!("{k}={v}")).collect();
    assert_eq!(
        text,
        [
            "filter[lines][0][amount]=1",
            "filter[lines][1][amount]=2",
            "filter[tag]=x"
        ]
    );

    let mut out = Vec::new();
    runtime::pairs("ids", &json!([1, "b"]), Style::Joined("|"), &mut out);
    assert_eq!(out, [("ids".to_string(), "1|b".to_string())]);

    let mut out = Vec::new();
    runtime::pairs("ids", &json!([1, 2]), Style::Form, &mut out);
    assert_eq!(out.len(), 2);

    assert_eq!(
        runtime::value_text(&json!({"a": 1, "b": null, "c": "x"})).unwrap(),
        "a,1,c,x"
    );
    assert_eq!(runtime::join(&[1, 2, 3], ","), "1,2,3");
}

#[test]
fn pages_end_when_short_or_empty() {
    assert!(runtime::full_page(10, Some(10)));
    assert!(!runtime::full_page(9, Some(10)));
    assert!(!runtime::full_page(0, None));
    assert!(runtime::full_page(1, None));
}

#[test]
fn one_of_branches_fit_by_keys() {
    let value = json!({"a": 1, "b": 2});
    assert!(crate::json::fits(&value, &["a", "b", "c"], &["a"]));
    assert!(!crate::json::fits(&value, &["a"], &["a"]));
    assert!(!crate::json::fits(&value, &["a", "b", "c"], &["c"]));
    assert!(!crate::json::fits(&json!([1]), &[], &[]));
}

#[test]
fn objects_keep_unknown_properties_and_tell_absent_from_null() {
    let pet: Pet =
        serde_json::from_value(json!({"name": "Rex", "owner": null, "color": "brown"})).unwrap();
    assert_eq!(pet.name, "Rex");
    assert_eq!(pet.age, None);
    assert_eq!(pet.owner, Some(None));
    assert_eq!(pet.additional_properties["color"], "brown");
    assert_eq!(
        serde_json::to_value(&pet).unwrap(),
        json!({"name": "Rex", "owner": null, "color": "brown"})
    );
    assert_eq!(
        serde_json::to_value(Pet::new("Tom".into())).unwrap(),
        json!({"name": "Tom"})
    );

    let missing = serde_json::from_value::<Pet>(json!({"age": 3}))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("name"), "{missing}");
    let wrong = serde_json::from_value::<Pet>(json!({"name": "Rex", "age": "old"}))
        .unwrap_err()
        .to_string();
    assert!(wrong.contains("age"), "{wrong}");
}

#[test]
fn unknown_enum_values_are_kept() {
    let known: Kind = serde_json::from_value(json!("cat")).unwrap();
    assert_eq!(known, Kind::Cat);
    let unknown: Kind = serde_json::from_value(json!("dog")).unwrap();
    assert_eq!(serde_json::to_value(&unknown).unwrap(), json!("dog"));
}

#[test]
fn servers_are_filled_from_variables_and_fixed_values() {
    let urls = Config::new()
        .with_site("example.eu")
        .unwrap()
        .base_urls()
        .unwrap();
    assert_eq!(urls[0].as_str(), "https://api.example.eu/");
    assert_eq!(urls[1].as_str(), "https://upload.example.com/v1");
    let urls = Config::new()
        .with_base_url("http://127.0.0.1:9/")
        .unwrap()
        .base_urls()
        .unwrap();
    assert!(urls.iter().all(|u| u.as_str() == "http://127.0.0.1:9/"));
}

#[test]
fn a_site_written_as_its_address_is_the_value_it_names() {
    for written in [
        "example.eu",
        "EXAMPLE.eu",
        "app.example.eu",
        "https://app.example.eu/",
        "https://api.example.eu:443/v1",
    ] {
        let urls = Config::new()
            .with_site(written)
            .unwrap()
            .base_urls()
            .unwrap();
        assert_eq!(urls[0].as_str(), "https://api.example.eu/", "{written}");
    }
    // A look-alike is not a match.
    assert!(Config::new().with_site("notexample.eu").is_err());
    assert!(Config::new().with_site("example.eu.evil.test").is_err());
}

#[test]
fn configuration_errors_say_what_is_allowed() {
    let error = Config::new().with_site("example.org").unwrap_err();
    assert!(matches!(
        error,
        ConfigError::UnknownServerValue {
            variable: "site",
            ..
        }
    ));
    assert!(
        error.to_string().contains("example.com, example.eu"),
        "{error}"
    );
    let error = Config::new()
        .enable_unstable_operation("v1.other")
        .unwrap_err();
    assert!(error.to_string().contains("v1.preview"), "{error}");
    assert!(
        Config::new()
            .enable_unstable_operation("v1.preview")
            .unwrap()
            .is_unstable_enabled("v1.preview")
    );
    for bad in [
        "ftp://example.com",
        "example.com",
        "https://example.com/?q=1",
    ] {
        assert!(
            matches!(
                Config::new().with_base_url(bad),
                Err(ConfigError::InvalidBaseUrl { .. })
            ),
            "{bad}"
        );
    }
}

#[test]
fn secrets_never_show_in_debug() {
    let config = Config::new()
        .with_api_key("key-123")
        .with_basic("user", "pass-456")
        .with_token("tok-789");
    let shown = format!("{config:?}");
    for secret in ["key-123", "pass-456", "tok-789"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("<redacted>"));
}

#[test]
fn rate_limit_headers_set_the_wait() {
    let mut headers = HeaderMap::new();
    headers.insert("x-ratelimit-reset", HeaderValue::from_static("2"));
    assert_eq!(
        runtime::retry_wait(&headers),
        Some(std::time::Duration::from_secs(2))
    );
    headers.insert("retry-after", HeaderValue::from_static("0.5"));
    assert_eq!(
        runtime::retry_wait(&headers),
        Some(std::time::Duration::from_millis(500))
    );
    headers.insert("retry-after", HeaderValue::from_static("-1"));
    assert_eq!(
        runtime::retry_wait(&headers),
        Some(std::time::Duration::from_secs(2))
    );
}

#[test]
fn error_messages_are_the_body_s_message_fields() {
    let error = |body: &str| {
        runtime::Error::<()>::UnexpectedStatus {
            operation: "pets.list_pets",
            status: reqwest::StatusCode::BAD_REQUEST,
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
        }
        .to_string()
    };
    let prefix =
        "pets.list_pets: the server answered 400 Bad Request, which the API does not document here";
    assert_eq!(
        error(r#"{"errors": ["Bad Request", "Bad Request"]}"#),
        format!("{prefix}: Bad Request")
    );
    assert_eq!(
        error(r#"{"error": {"message": "quota", "code": 7}, "errors": [{"detail": "try later"}]}"#),
        format!("{prefix}: quota; try later")
    );
    // Not JSON, or JSON with no message: the start of the body, on one line.
    assert_eq!(
        error("<html>\n  teapot\n</html>"),
        format!("{prefix}: <html> teapot </html>")
    );
    assert_eq!(
        error(r#"{"code": 7}"#),
        format!(r#"{prefix}: {{"code": 7}}"#)
    );
    assert_eq!(error(""), prefix);
    // A long message is cut.
    let long = error(&format!(r#"{{"message": "{}"}}"#, "x".repeat(1000)));
    assert!(
        long.ends_with('…') && long.len() < prefix.len() + 320,
        "{long}"
    );
}

/// With `rustls-ring` alone, reqwest's rustls has no provider of its own: `Client::new`
/// installs ring (building a client would panic otherwise). Run by `.ci/run`.
#[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
#[test]
fn rustls_ring_alone_installs_ring_as_the_provider() {
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    let client = crate::Client::new(crate::Config::new());
    assert!(client.is_ok(), "{:?}", client.err());
    assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    // A second client keeps the provider.
    assert!(crate::Client::new(crate::Config::new()).is_ok());
}

/// `format: date-time` with the `date-time` feature: RFC 3339 read and written, in bodies and
/// in parameters (`Display`), and a value that is not one is an error that says so.
#[cfg(feature = "date-time")]
#[test]
fn date_times_are_read_and_written_as_rfc_3339() {
    let value: crate::DateTime = serde_json::from_str("\"2024-05-01T12:30:00.5+02:00\"").unwrap();
    assert_eq!(value.0.unix_timestamp(), 1_714_559_400);
    assert_eq!(value.to_string(), "2024-05-01T12:30:00.5+02:00");
    assert_eq!(
        serde_json::to_string(&value).unwrap(),
        "\"2024-05-01T12:30:00.5+02:00\""
    );
    let error = serde_json::from_str::<crate::DateTime>("\"2024-05-01 12:30\"").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("`2024-05-01 12:30` is not an RFC 3339 date-time"),
        "{error}"
    );
}

/// `format: uuid` with the `uuid` feature: the hyphenated form both ways.
#[cfg(feature = "uuid")]
#[test]
fn uuids_are_read_and_written_hyphenated() {
    let text = "\"67e55044-10b1-426f-9247-bb680e5fe0c8\"";
    let value: crate::Uuid = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_string(&value).unwrap(), text);
    assert!(serde_json::from_str::<crate::Uuid>("\"not-a-uuid\"").is_err());
}
