//! What published specs really contain, over the wire against a local server: parameters of
//! any schema (a union path parameter, a deep object that may be an integer, a list of objects
//! in the query, a union header), two operations on one URL told apart by a `#` suffix, the
//! OpenAPI 3.1 `null` shapes read back, and a Swagger 2.0 spec (body and form parameters,
//! `collectionFormat`, response headers, `x-nullable`) converted when loaded.

use bytes::Bytes;
use e2e::{Reply, TestServer};
use features_client::real_world::apis::flows::GetFlowParams;
use features_client::real_world::models::{
    FlowPriority, FlowState, GetFlowCreated, GetFlowCreatedOption1, GetFlowIdOrName,
    GetFlowLinesItem, GetFlowTag, GetFlowXTrace, Trigger,
};
use features_client::swagger2::apis::animals::ListAnimalsParams;
use features_client::swagger2::apis::animals::UploadAnimalPhotoForm;
use features_client::swagger2::models::{Animal, RenameAnimalRequest};
use features_client::{Client, Config};

fn client(server: &TestServer) -> Client {
    Client::new(Config::new().with_base_url(&server.url()).unwrap()).unwrap()
}

/// The query of a recorded request target, decoded into pairs.
fn query(target: &str) -> Vec<(String, String)> {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

#[tokio::test]
async fn parameters_of_any_schema_are_written_from_their_value() {
    let server = TestServer::start().await;
    server.reply(Reply::new(200, r#"{"id": 7}"#));
    server.reply(Reply::new(200, r#"{"id": 8}"#));
    let client = client(&server);
    let api = client.real_world().flows();

    // A name where an id could be; an object in a deep object; objects in a list; a list
    // where a string could be; a header that is a number.
    // Branches of different JSON types: exactly one matches, an enum.
    let by_name = GetFlowIdOrName::String("nightly etl".into());
    let params = GetFlowParams {
        created: Some(GetFlowCreated::Object(Box::new(GetFlowCreatedOption1 {
            gt: Some(1),
            lt: Some(9),
            ..GetFlowCreatedOption1::default()
        }))),
        lines: Some(vec![
            GetFlowLinesItem {
                amount: Some(1),
                note: Some("a b".into()),
                ..GetFlowLinesItem::default()
            },
            GetFlowLinesItem {
                amount: Some(2),
                ..GetFlowLinesItem::default()
            },
        ]),
        tag: Some(GetFlowTag::Array(vec!["x".into(), "y".into()])),
        limit: Some(10),
        x_trace: Some(GetFlowXTrace::Integer(42)),
    };
    let flow = api.get_flow(by_name, params).await.unwrap();
    assert_eq!(flow.id, 7);

    // An id, and the deep object's other form: an integer.
    let by_id = GetFlowIdOrName::Integer(12);
    let params = GetFlowParams {
        created: Some(GetFlowCreated::Integer(5)),
        tag: Some(GetFlowTag::String("solo".into())),
        ..GetFlowParams::default()
    };
    api.get_flow(by_id, params).await.unwrap();

    let requests = server.requests();
    let first = &requests[0];
    assert_eq!(first.target.split('?').next(), Some("/flows/nightly%20etl"));
    assert_eq!(
        query(&first.target),
        [
            ("created[gt]", "1"),
            ("created[lt]", "9"),
            ("lines[0][amount]", "1"),
            ("lines[0][note]", "a b"),
            ("lines[1][amount]", "2"),
            ("tag", "x"),
            ("tag", "y"),
            ("limit", "10"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    assert_eq!(first.header("x-trace"), Some("42"));

    let second = &requests[1];
    assert_eq!(second.target.split('?').next(), Some("/flows/12"));
    assert_eq!(
        query(&second.target),
        [("created", "5"), ("tag", "solo")].map(|(k, v)| (k.to_string(), v.to_string()))
    );
    assert_eq!(second.header("x-trace"), None);
}

#[tokio::test]
async fn a_path_with_a_fragment_suffix_is_another_operation_on_the_same_url() {
    let server = TestServer::start().await;
    server.reply(Reply::new(200, r#""started""#));
    server.reply(Reply::new(200, r#""checked""#));
    let client = client(&server);
    let api = client.real_world().flows();
    // No `operationId`: named from the method and the path.
    assert_eq!(api.post_runs().await.unwrap(), "started");
    assert_eq!(api.dry_run(true).await.unwrap(), "checked");
    let requests = server.requests();
    assert_eq!(requests[0].target, "/runs");
    assert_eq!(
        requests[1].target, "/runs?dry=true",
        "the fragment is never sent"
    );
}

#[tokio::test]
async fn openapi_3_1_null_shapes_read_back() {
    let server = TestServer::start().await;
    // `ghost` is required by the spec but not described: not needed to decode.
    server.reply(Reply::new(
        200,
        r#"{"id": 1, "title": null, "owner": {"name": "ada"}, "state": "done",
            "priority": null, "point": [1.5, 2], "trigger": {"kind": "webhook", "event": "push"},
            "series": [1681683300000.0, null, 3.5], "units": [{"name": "byte"}, null],
            "labels": {"team": "core", "owner": null}}"#,
    ));
    server.reply(Reply::new(
        200,
        r#"{"id": 2, "title": "etl", "owner": null, "priority": "high"}"#,
    ));
    let client = client(&server);
    let api = client.real_world().flows();
    let id = GetFlowIdOrName::Integer(1);
    let first = api
        .get_flow(id.clone(), GetFlowParams::default())
        .await
        .unwrap();
    assert_eq!(first.title, Some(None), "`anyOf: [string, null]` with null");
    assert_eq!(
        first.owner.clone().flatten().map(|o| o.name),
        Some("ada".to_string())
    );
    assert_eq!(
        first.state,
        Some(FlowState::Done),
        "a oneOf of consts is an enum"
    );
    assert_eq!(first.priority, Some(None), "null among the enum values");
    assert_eq!(first.point, Some(vec![1.5, 2.0]), "a tuple of numbers");

    // `null` where array items and map values may be null.
    assert_eq!(
        first.series,
        Some(vec![Some(1681683300000.0), None, Some(3.5)])
    );
    let units = first.units.as_ref().unwrap();
    assert_eq!(
        units[0].as_ref().and_then(|u| u.name.as_deref()),
        Some("byte")
    );
    assert!(units[1].is_none());
    let labels = first.labels.as_ref().unwrap();
    assert_eq!(labels["team"].as_deref(), Some("core"));
    assert_eq!(labels["owner"], None);
    // A discriminated `oneOf` with inline branches: the tag picks the branch, and writing it
    // back keeps the tag.
    let Some(Trigger::Webhook(webhook)) = &first.trigger else {
        panic!("the webhook branch: {:?}", first.trigger);
    };
    assert_eq!(webhook.event, "push");
    assert_eq!(
        serde_json::to_value(first.trigger.as_ref().unwrap()).unwrap(),
        serde_json::json!({"kind": "webhook", "event": "push"})
    );

    let second = api.get_flow(id, GetFlowParams::default()).await.unwrap();
    assert_eq!(second.title, Some(Some("etl".to_string())));
    assert_eq!(second.owner, Some(None), "`oneOf: [null, $ref]` with null");
    assert_eq!(second.priority, Some(Some(FlowPriority::High)));
}

#[tokio::test]
async fn swagger_2_parameters_and_bodies_go_over_the_wire_as_converted() {
    let server = TestServer::start().await;
    server.reply(
        Reply::new(200, r#"[{"id": 1, "name": "rex", "owner": null}]"#).header("x-total", "1"),
    );
    server.reply(Reply::new(201, r#"{"id": 2, "name": "tom"}"#));
    server.reply(Reply::empty(204));
    server.reply(Reply::empty(204));
    let client = client(&server);
    let api = client.swagger2().animals();

    // `collectionFormat: multi` repeats the name, `pipes` joins with `|`; headers come back.
    let (animals, headers) = api
        .list_animals_with_headers(ListAnimalsParams {
            kinds: Some(vec!["dog".into(), "cat".into()]),
            ids: Some(vec![1, 2]),
        })
        .await
        .unwrap();
    assert_eq!(animals[0].owner, Some(None), "`x-nullable` is nullable");
    assert_eq!(headers.x_total, Some(1));

    // A `body` parameter is the JSON request body.
    let added = api.add_animal(&Animal::new("tom".into())).await.unwrap();
    assert_eq!(added.id, Some(2));

    // `formData` parameters: a form body, or multipart when there is a file.
    api.rename_animal(
        2,
        &RenameAnimalRequest {
            nicknames: Some(vec!["t".into(), "tommy".into()]),
            ..RenameAnimalRequest::new("thomas".into())
        },
    )
    .await
    .unwrap();
    let photo = Bytes::from_static(&[0xff, 0xd8, 0x00, 0x01]);
    let form = UploadAnimalPhotoForm {
        photo: photo.clone().into(),
        ..UploadAnimalPhotoForm::default()
    };
    api.upload_animal_photo(2, form).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].target, "/animals?kinds=dog&kinds=cat&ids=1%7C2");
    assert_eq!(requests[1].method, "POST");
    assert_eq!(requests[1].target, "/animals");
    assert_eq!(requests[1].header("content-type"), Some("application/json"));
    assert_eq!(requests[1].json(), serde_json::json!({"name": "tom"}));
    assert_eq!(requests[2].target, "/animals/2");
    assert_eq!(
        requests[2].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        &requests[2].body[..],
        b"name=thomas&nicknames=t&nicknames=tommy"
    );
    assert_eq!(requests[3].target, "/animals/2/photo");
    let content_type = requests[3].header("content-type").unwrap();
    assert!(content_type.starts_with("multipart/form-data; boundary="));
    let body = &requests[3].body[..];
    assert!(body.windows(photo.len()).any(|w| w == &photo[..]));
    let part = b"name=\"photo\"";
    assert!(body.windows(part.len()).any(|w| w == part));
}
