//! Generator features that change what goes over the wire, against a local server:
//! multipart uploads, binary and text bodies, request compression, `oneOf` and integer enums,
//! pagination, `allOf`, `default` responses, form bodies, HTTP basic authentication,
//! parameter styles, discriminators, `anyOf`, several success bodies, response headers and
//! a choice of body media types.

use std::io::Read as _;

use bytes::Bytes;
use e2e::{Reply, TestServer};
use features_client::features::apis::files::{
    DownloadFileError, StartExportSuccess, UploadFileForm,
};
use features_client::features::apis::notes::{PatchLabelMediaType, PatchLabelParams};
use features_client::features::apis::pets::{GetPetHeaders, GetPetParams};
use features_client::features::apis::search::SearchParams;
use features_client::features::apis::shelters::GetShelterPetError;
use features_client::features::models::{
    AdoptRequest, AdoptRequestAddress, AdoptRequestContact, Cat, ColorLabel, ContentEncoding, Dog,
    Filter, Label, Lizard, Pet, Priority, Problem, Reptile, SearchPoint, ShelterPet, Snake,
    StartExportResponse, TextLabel,
};
use features_client::{Client, Config, Error, File, RequestError, RetryConfig};

fn client(server: &TestServer) -> Client {
    client_at(&server.url(), 0)
}

/// A client of the server at `base`, retrying `max_retries` times after a millisecond.
fn client_at(base: &str, max_retries: usize) -> Client {
    let config = Config::new()
        .with_base_url(base)
        .unwrap()
        .with_retry(RetryConfig {
            max_retries,
            min_delay: std::time::Duration::from_millis(1),
            ..RetryConfig::default()
        });
    Client::new(config).unwrap()
}

#[tokio::test]
async fn multipart_upload_sends_file_bytes_and_text_parts() {
    let server = TestServer::start().await;
    server.reply(Reply::new(200, r#"{"id":"f-1"}"#).header("content-type", "text/json"));
    // Not valid UTF-8: a file part must carry the bytes untouched.
    let file = Bytes::from_static(&[0x89, b'P', b'N', b'G', 0xff, 0x00, 0xfe]);
    let body = UploadFileForm {
        file: File::new(file.clone()),
        label: Some("holiday".into()),
        tags: Some(vec!["a".into(), "b".into()]),
    };
    let stored = client(&server)
        .features()
        .files()
        .upload_file(body)
        .await
        .unwrap();
    assert_eq!(stored.id.as_deref(), Some("f-1"));

    let request = &server.requests()[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/files");
    let content_type = request.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect(content_type);
    let body = &request.body[..];
    let find = |needle: &[u8]| body.windows(needle.len()).position(|w| w == needle);
    let file_part = find(b"name=\"file\"").expect("a file part");
    let file_at = find(&file).expect("the file bytes arrive unchanged");
    assert!(file_at > file_part, "inside the file part");
    assert!(find(b"name=\"label\"\r\n\r\nholiday\r\n").is_some());
    assert!(find(b"name=\"tags\"\r\n\r\n[\"a\",\"b\"]\r\n").is_some());
    assert!(
        find(format!("--{boundary}--").as_bytes()).is_some(),
        "the multipart body is complete"
    );
}

#[tokio::test]
async fn a_retried_multipart_upload_sends_the_whole_body_again() {
    let server = TestServer::start().await;
    server.reply(Reply::new(429, "slow down").header("retry-after", "0"));
    server.reply(Reply::new(200, r#"{"id":"f-2"}"#));
    let body = UploadFileForm {
        file: File::new(Bytes::from_static(b"file bytes")),
        ..UploadFileForm::default()
    };
    let stored = client_at(&server.url(), 1)
        .features()
        .files()
        .upload_file(body)
        .await
        .unwrap();
    assert_eq!(stored.id.as_deref(), Some("f-2"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.target, "/files");
        let body = &request.body[..];
        assert!(
            body.windows(10).any(|w| w == b"file bytes"),
            "the file part is sent each time"
        );
    }
}

#[tokio::test]
async fn a_base_url_with_a_path_keeps_it_before_the_operation_path() {
    let server = TestServer::start().await;
    server.reply(Reply::new(200, r#"{"id":"f-3"}"#));
    server.reply(Reply::new(200, r#"{"id":"f-4"}"#));
    for base in [
        format!("{}/mirror", server.url()),
        format!("{}/mirror/", server.url()),
    ] {
        let body = UploadFileForm {
            file: File::new(Bytes::from_static(b"x")),
            ..UploadFileForm::default()
        };
        client_at(&base, 0)
            .features()
            .files()
            .upload_file(body)
            .await
            .unwrap();
    }
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/mirror/files", "/mirror/files"]);
}

#[tokio::test]
async fn binary_download_is_byte_exact_and_text_errors_are_kept() {
    let server = TestServer::start().await;
    let bytes = Bytes::from_static(&[0x00, 0xc3, 0x28, 0xff, b'\n', 0x80]);
    server.reply(Reply::bytes(200, "application/octet-stream", bytes.clone()));
    server.reply(Reply::new(404, "no such file").header("content-type", "text/plain"));
    let api = client(&server);
    let downloaded = api
        .features()
        .files()
        .download_file("a b.bin")
        .await
        .unwrap();
    assert_eq!(downloaded, bytes);
    assert_eq!(server.requests()[0].target, "/files/a%20b.bin");
    let error = api
        .features()
        .files()
        .download_file("missing")
        .await
        .unwrap_err();
    match error {
        Error::Api {
            error: DownloadFileError::NotFound(text),
            ..
        } => assert_eq!(text, "no such file"),
        other => panic!("expected the documented 404, got {other:?}"),
    }
}

#[tokio::test]
async fn request_bodies_are_compressed_as_the_content_encoding_says() {
    let note = "a note that compresses well, well, well, well, well";
    for encoding in [
        ContentEncoding::Gzip,
        ContentEncoding::Deflate,
        ContentEncoding::Identity,
    ] {
        let server = TestServer::start().await;
        server.reply(Reply::empty(204));
        let params = features_client::features::apis::notes::PutNoteParams {
            content_encoding: Some(encoding.clone()),
        };
        client(&server)
            .features()
            .notes()
            .put_note(note, params)
            .await
            .unwrap();
        let request = &server.requests()[0];
        assert_eq!(request.header("content-encoding"), Some(encoding.as_str()));
        assert_eq!(request.header("content-type"), Some("text/plain"));
        let mut decoded = String::new();
        match encoding {
            ContentEncoding::Gzip => flate2::read::GzDecoder::new(&request.body[..])
                .read_to_string(&mut decoded)
                .unwrap(),
            ContentEncoding::Deflate => flate2::read::ZlibDecoder::new(&request.body[..])
                .read_to_string(&mut decoded)
                .unwrap(),
            _ => request.body.len(),
        };
        if encoding == ContentEncoding::Identity {
            decoded = String::from_utf8(request.body.to_vec()).unwrap();
        }
        assert_eq!(decoded, note, "{encoding}");
    }
    // An encoding the client cannot produce is refused before anything is sent.
    let server = TestServer::start().await;
    let params = features_client::features::apis::notes::PutNoteParams {
        content_encoding: Some(ContentEncoding::Unknown("br".into())),
    };
    let error = client(&server)
        .features()
        .notes()
        .put_note(note, params)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Request(RequestError::UnsupportedContentEncoding(ref e)) if e == "br"),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn one_of_picks_the_matching_branch_and_keeps_the_rest() {
    let server = TestServer::start().await;
    for body in [
        r#"{"pet":{"barks":true,"name":"Rex"},"priority":5}"#,
        r#"{"pet":{"meows":false},"priority":2}"#,
        r#"{"pet":"goldfish"}"#,
        r#"{"pet":{"hops":true},"priority":7}"#,
    ] {
        server.reply(Reply::new(200, body));
    }
    let api = client(&server);
    let pets = api.features().pets();
    let params = || GetPetParams {
        priority: Some(Priority::High),
    };

    // A dog has no `meows`: the exact pass skips Cat and picks Dog, not the first branch.
    let dog = pets.get_pet(1, params()).await.unwrap();
    assert_eq!(
        dog.pet,
        Pet::Dog(Box::new(Dog {
            name: Some("Rex".into()),
            ..Dog::new(true)
        }))
    );
    assert_eq!(dog.priority, Some(Priority::High));
    assert_eq!(server.requests()[0].target, "/pets/1?priority=5");

    let cat = pets.get_pet(2, params()).await.unwrap();
    assert_eq!(cat.pet, Pet::Cat(Box::new(Cat::new(false))));
    assert_eq!(cat.priority, Some(Priority::Medium));

    let fish = pets.get_pet(3, params()).await.unwrap();
    assert_eq!(fish.pet, Pet::String("goldfish".into()));

    // Matches no branch exactly, but Cat and Dog require a property it lacks: kept as is.
    let rabbit = pets.get_pet(4, params()).await.unwrap();
    assert_eq!(rabbit.pet, Pet::Unknown(serde_json::json!({"hops": true})));
    assert_eq!(rabbit.priority, Some(Priority::Unknown(7)));
    // And it goes back out unchanged.
    assert_eq!(
        serde_json::to_value(&rabbit.pet).unwrap(),
        serde_json::json!({"hops": true})
    );
    assert_eq!(
        serde_json::to_value(rabbit.priority).unwrap(),
        serde_json::json!(7)
    );
}

#[tokio::test]
async fn cursor_pagination_streams_every_item_across_pages() {
    use features_client::StreamExt as _;
    use features_client::features::apis::events::ListEventsParams;
    let server = TestServer::start().await;
    server.reply(Reply::new(
        200,
        r#"{"data":[{"id":"e1"},{"id":"e2"}],"meta":{"page":{"after":"c2"}}}"#,
    ));
    server.reply(Reply::new(
        200,
        r#"{"data":[{"id":"e3"}],"meta":{"page":{"after":"c3"}}}"#,
    ));
    server.reply(Reply::new(
        200,
        r#"{"data":[],"meta":{"page":{"after":null}}}"#,
    ));
    let api = client(&server);
    let params = ListEventsParams {
        filter_query: Some("service:web".into()),
        page_limit: Some(2),
        ..Default::default()
    };
    let mut stream = std::pin::pin!(api.features().events().list_events_stream(params));
    let mut ids = Vec::new();
    while let Some(event) = stream.next().await {
        ids.push(event.unwrap().id.unwrap());
    }
    assert_eq!(ids, ["e1", "e2", "e3"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/events?filter%5Bquery%5D=service%3Aweb&page%5Blimit%5D=2",
            "/events?filter%5Bquery%5D=service%3Aweb&page%5Bcursor%5D=c2&page%5Blimit%5D=2",
            "/events?filter%5Bquery%5D=service%3Aweb&page%5Bcursor%5D=c3&page%5Blimit%5D=2",
        ]
    );
}

#[tokio::test]
async fn offset_pagination_stops_at_a_short_page_and_errors_end_the_stream() {
    use features_client::StreamExt as _;
    use features_client::features::apis::events::ListLogsParams;
    let server = TestServer::start().await;
    server.reply(Reply::new(200, r#"["a","b"]"#));
    server.reply(Reply::new(200, r#"["c"]"#));
    let api = client(&server);
    let params = ListLogsParams {
        count: Some(2),
        ..Default::default()
    };
    let items: Vec<String> = api
        .features()
        .events()
        .list_logs_stream(params)
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(items, ["a", "b", "c"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    // The second page held fewer than `count` items: no third request.
    assert_eq!(targets, ["/logs?count=2", "/logs?start=2&count=2"]);

    // A failing page is yielded as an error and ends the stream.
    let server = TestServer::start().await;
    server.reply(Reply::new(200, r#"["a","b"]"#));
    server.reply(Reply::new(503, "down"));
    let api = client(&server);
    let params = ListLogsParams {
        count: Some(2),
        ..Default::default()
    };
    let results: Vec<_> = api
        .features()
        .events()
        .list_logs_stream(params)
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(
        matches!(&results[2], Err(Error::UnexpectedStatus { status, .. }) if status.as_u16() == 503)
    );
}

#[tokio::test]
async fn path_arguments_fill_the_template_merged_all_of_reads_and_default_errors_keep_status() {
    let server = TestServer::start().await;
    server.reply(Reply::new(
        200,
        r#"{"id":"rex","kind":"dog","shelter":"north","since":"2020"}"#,
    ));
    server.reply(Reply::new(503, r#"{"message":"closed for the day"}"#));
    let client = client(&server);
    let shelters = client.features().shelters();

    // The spec declares `pet` before `shelter`; the path is `/shelters/{shelter}/pets/{pet}`.
    let pet = shelters.get_shelter_pet("rex", "north").await.unwrap();
    assert_eq!(server.requests()[0].target, "/shelters/north/pets/rex");
    // `allOf: [Animal, {shelter}]` is one struct with the properties of both parts.
    let expected = ShelterPet {
        kind: Some("dog".to_string()),
        additional_properties: [("since".to_string(), serde_json::json!("2020"))].into(),
        ..ShelterPet::new("rex".to_string(), "north".to_string())
    };
    assert_eq!(pet, expected);

    // A status the operation does not list is its `default` response, status kept.
    match shelters.get_shelter_pet("rex", "north").await {
        Err(Error::Api {
            operation,
            status,
            error: GetShelterPetError::Default(problem),
            body,
        }) => {
            assert_eq!(operation, "features.get_shelter_pet");
            assert_eq!(status.as_u16(), 503);
            assert_eq!(problem, Problem::new("closed for the day".to_string()));
            assert_eq!(&body[..], br#"{"message":"closed for the day"}"#);
        }
        other => panic!("expected the default error, got {other:?}"),
    }
}

#[tokio::test]
async fn form_bodies_follow_their_encoding_and_basic_auth_is_sent() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(201));
    let config = Config::new()
        .with_base_url(&server.url())
        .unwrap()
        .with_shelter_login("ann", "s3cret:x");
    let client = Client::new(config).unwrap();
    let body = AdoptRequest {
        notes: Some("needs a garden & walks".to_string()),
        tags: Some(vec!["calm".to_string(), "old".to_string()]),
        address: Some(AdoptRequestAddress {
            city: Some("Paris".to_string()),
            zip: Some("75001".to_string()),
            ..AdoptRequestAddress::default()
        }),
        contact: Some(AdoptRequestContact {
            email: Some("ann@example.com".to_string()),
            ..AdoptRequestContact::default()
        }),
        days: Some(vec![1, 2]),
        ..AdoptRequest::new("rex".to_string())
    };
    client
        .features()
        .shelters()
        .adopt("north", &body)
        .await
        .unwrap();

    let request = &server.requests()[0];
    assert_eq!(request.target, "/shelters/north/adoptions");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // base64("ann:s3cret:x")
    assert_eq!(
        request.header("authorization"),
        Some("Basic YW5uOnMzY3JldDp4")
    );
    // Pairs in the order of the properties. Arrays repeat the name, an object gives its own
    // properties (the defaults), `Contact` is a `deepObject`, `Days` is `pipeDelimited`; all
    // percent-encoded.
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        "PetId=rex&Notes=needs+a+garden+%26+walks&Tags=calm&Tags=old&City=Paris&Zip=75001\
         &Contact%5BEmail%5D=ann%40example.com&Days=1%7C2"
    );
    assert!(
        !format!("{client:?}").contains("s3cret"),
        "the password stays out of Debug output"
    );
}

#[tokio::test]
async fn parameters_are_written_in_their_style() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(204));
    let params = SearchParams {
        tags: Some(vec!["a b".to_string(), "c".to_string()]),
        sizes: Some(vec![1, 2]),
        filter: Some(Filter {
            color: Some("red".to_string()),
            size: Some(3),
            ..Filter::default()
        }),
        point: Some(SearchPoint {
            x: Some(4),
            y: Some(5),
            ..SearchPoint::default()
        }),
        r#where: Some(Filter {
            color: Some("blue".to_string()),
            ..Filter::default()
        }),
        session: Some("s 1;x".to_string()),
        x_trace: Some(vec!["t1".to_string(), "t2".to_string()]),
    };
    client(&server)
        .features()
        .search()
        .search(vec![7, 8], params)
        .await
        .unwrap();

    let request = &server.requests()[0];
    // Path arrays are comma-joined (`simple`), then percent-encoded as one segment.
    // Query: `explode: false` joins with commas, `pipeDelimited` with pipes, `deepObject`
    // brackets the keys, an exploded `form` object gives its own properties, `content:
    // application/json` is JSON text.
    assert_eq!(
        request.target,
        "/search/7%2C8?tags=a+b%2Cc&sizes=1%7C2&filter%5Bcolor%5D=red&filter%5Bsize%5D=3\
         &x=4&y=5&where=%7B%22color%22%3A%22blue%22%7D"
    );
    assert_eq!(request.header("cookie"), Some("session=s%201%3Bx"));
    assert_eq!(request.header("x-trace"), Some("t1,t2"));
}

#[tokio::test]
async fn a_discriminator_picks_the_branch_by_tag_and_writes_the_tag_once() {
    let server = TestServer::start().await;
    server.reply(Reply::new(
        200,
        r#"[{"petType":"gecko","legs":4},{"petType":"Snake","length":2.5},{"petType":"dragon","wings":2}]"#,
    ));
    server.reply(Reply::empty(204));
    let client = client(&server);
    let pets = client.features().pets();

    let reptiles = pets.list_reptiles().await.unwrap();
    let gecko = Lizard {
        legs: Some(4),
        ..Lizard::new("gecko".to_string())
    };
    // `Snake` does not list `petType`: the tag is kept with the other unlisted properties.
    let snake = Snake {
        length: Some(2.5),
        additional_properties: [("petType".to_string(), serde_json::json!("Snake"))].into(),
    };
    assert_eq!(
        reptiles,
        vec![
            Reptile::Lizard(Box::new(gecko)),
            Reptile::Snake(Box::new(snake)),
            Reptile::Unknown(serde_json::json!({"petType": "dragon", "wings": 2})),
        ]
    );

    // The branch decides the tag: the field's own value is replaced by the branch's tag.
    let lizard = Reptile::Lizard(Box::new(Lizard::new("whatever".to_string())));
    pets.add_reptile(&lizard).await.unwrap();
    assert_eq!(
        server.requests()[1].json(),
        serde_json::json!({"petType": "lizard"})
    );
}

#[tokio::test]
async fn any_of_fills_every_matching_branch_and_merges_them_on_write() {
    let server = TestServer::start().await;
    server.reply(Reply::new(200, r#"{"text":"urgent","color":"red"}"#));
    server.reply(Reply::new(200, r#"42"#));
    let client = client(&server);
    let notes = client.features().notes();

    let label = Label {
        text_label: Some(Box::new(TextLabel::new("urgent".to_string()))),
        color_label: Some(Box::new(ColorLabel::new("red".to_string()))),
        ..Label::default()
    };
    let stored = notes.add_label(&label).await.unwrap();
    // Sent: both branches merged into one object.
    assert_eq!(
        server.requests()[0].json(),
        serde_json::json!({"text": "urgent", "color": "red"})
    );
    // Read: the object matches both branches, so both are filled.
    assert_eq!(stored.text_label.as_ref().unwrap().text, "urgent");
    assert_eq!(stored.color_label.as_ref().unwrap().color, "red");
    assert_eq!(stored.unmatched, None);

    // A value no branch accepts is kept as it came.
    let odd = notes.add_label(&Label::default()).await.unwrap();
    assert_eq!(odd.text_label, None);
    assert_eq!(odd.color_label, None);
    assert_eq!(odd.unmatched, Some(serde_json::json!(42)));
    // A label with no branch set is written as `null`.
    assert_eq!(server.requests()[1].json(), serde_json::Value::Null);
}

#[tokio::test]
async fn each_success_status_gives_its_own_body() {
    let server = TestServer::start().await;
    server.reply(Reply::new(200, "a,b\n1,2\n").header("content-type", "text/csv"));
    server.reply(Reply::new(202, r#"{"job":"j-7"}"#));
    server.reply(Reply::empty(204));
    let client = client(&server);
    let files = client.features().files();

    assert_eq!(
        files.start_export().await.unwrap(),
        StartExportSuccess::Ok("a,b\n1,2\n".to_string())
    );
    assert_eq!(
        files.start_export().await.unwrap(),
        StartExportSuccess::Accepted(StartExportResponse::new("j-7".to_string()))
    );
    assert_eq!(
        files.start_export().await.unwrap(),
        StartExportSuccess::NoContent
    );
}

#[tokio::test]
async fn documented_response_headers_are_read_with_their_types() {
    let server = TestServer::start().await;
    let body = r#"{"pet":"a rock"}"#;
    server.reply(
        Reply::new(200, body)
            .header("etag", "\"v7\"")
            .header("x-remaining", "41"),
    );
    server.reply(Reply::new(200, body));
    server.reply(Reply::new(200, body).header("x-remaining", "many"));
    let client = client(&server);
    let pets = client.features().pets();

    let (holder, headers) = pets
        .get_pet_with_headers(1, GetPetParams::default())
        .await
        .unwrap();
    assert_eq!(holder.pet, Pet::String("a rock".to_string()));
    assert_eq!(
        headers,
        GetPetHeaders {
            e_tag: Some("\"v7\"".to_string()),
            x_remaining: Some(41),
        }
    );
    // Absent headers are `None`.
    let (_, headers) = pets
        .get_pet_with_headers(1, GetPetParams::default())
        .await
        .unwrap();
    assert_eq!(headers, GetPetHeaders::default());
    // A header that is not what the spec says is a decode error naming it, with the status.
    match pets.get_pet_with_headers(1, GetPetParams::default()).await {
        Err(error @ Error::Decode { .. }) => {
            assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
            assert!(error.to_string().contains("X-Remaining"), "{error}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_caller_chooses_the_media_type_of_the_body() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(204));
    server.reply(Reply::empty(204));
    let client = client(&server);
    let notes = client.features().notes();
    let label = TextLabel::new("urgent".to_string());

    notes
        .patch_label("l1", &label, PatchLabelParams::default())
        .await
        .unwrap();
    let params = PatchLabelParams {
        media_type: Some(PatchLabelMediaType::ApplicationMergePatchJson),
    };
    notes.patch_label("l1", &label, params).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    assert_eq!(
        requests[1].header("content-type"),
        Some("application/merge-patch+json")
    );
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(requests[1].json(), serde_json::json!({"text": "urgent"}));
}

#[tokio::test]
async fn a_reqwest_client_of_your_own_carries_the_requests() {
    let server = TestServer::start().await;
    server.reply(Reply::empty(204));
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-team", reqwest::header::HeaderValue::from_static("blue"));
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .user_agent("team-blue/1.0")
        .build()
        .unwrap();
    let config = Config::new().with_base_url(&server.url()).unwrap();
    let client = Client::with_http_client(config, http).unwrap();
    client
        .features()
        .notes()
        .put_note("text", Default::default())
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("x-team"), Some("blue"));
    // The client's own settings win over `Config`'s (its user agent here).
    assert_eq!(request.header("user-agent"), Some("team-blue/1.0"));
    assert_eq!(request.target, "/notes");
}
