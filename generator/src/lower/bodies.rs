//! Request and response bodies: which media type is used, and whether it is JSON, a form,
//! multipart, text or bytes; their examples.

use super::*;

impl Lowerer<'_, '_> {
    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        operation: &str,
        pointer: &str,
    ) -> Option<Body> {
        let components = self.input.spec.components.as_ref();
        let (body, pointer) = self.resolve(
            body,
            pointer,
            "requestBodies",
            components.map(|c| &c.request_bodies),
        )?;
        let (media_type, payload, examples) = self.payload(
            &body.content,
            &Hint::root(operation).child(HintPart::Request),
            &pointer,
            true,
        )?;
        let chosen_schema = body
            .content
            .iter()
            .find(|(m, _)| **m == media_type)
            .map(|(_, media)| &media.schema);
        let alternatives = match (&payload, chosen_schema) {
            (Payload::Json(_), Some(schema)) => body
                .content
                .iter()
                .filter(|(m, media)| **m != media_type && is_json(m) && media.schema == *schema)
                .map(|(m, _)| m.clone())
                .collect(),
            _ => Vec::new(),
        };
        Some(Body {
            media_type,
            alternatives,
            required: body.required,
            description: body.description.clone(),
            payload,
            examples,
        })
    }

    /// The body of a request or response: JSON when offered, else the first media type,
    /// classified as multipart, form (requests), text or binary.
    pub(super) fn payload(
        &mut self,
        content: &IndexMap<String, openapiv3::MediaType>,
        hint: &Hint,
        pointer: &str,
        request: bool,
    ) -> Option<(String, Payload, Vec<Example>)> {
        let (media_type, media) = content
            .iter()
            .find(|(media_type, _)| is_json(media_type))
            .or_else(|| content.first())?;
        let schema_pointer = format!("{pointer}/content/{}/schema", escape(media_type));
        let essence = essence(media_type);
        // `*/*` (or `application/*`) with a schema that is not raw bytes: JSON, sent as
        // `application/json`.
        let wildcard = (essence == "*/*" || essence == "application/*")
            && media.schema.as_ref().is_some_and(|schema| {
                !matches!(schema, ReferenceOr::Item(s) if format_of(s).as_deref() == Some("binary"))
            });
        let media_type = if wildcard && request {
            "application/json"
        } else {
            media_type.as_str()
        };
        let payload = if wildcard || is_json(media_type) {
            Payload::Json(match &media.schema {
                Some(schema) => self.type_ref(schema, hint, &schema_pointer),
                None => TypeRef::Any,
            })
        } else if request && essence == "application/x-www-form-urlencoded" {
            match self.object_body(media, hint, &schema_pointer, "form") {
                Some(id) => Payload::Form {
                    ty: id,
                    styles: Self::form_styles(&media.encoding),
                },
                None => Payload::Binary,
            }
        } else if essence == "multipart/form-data" {
            self.object_body(media, hint, &schema_pointer, "multipart")
                .map_or(Payload::Binary, Payload::Multipart)
        } else if is_text(&essence) {
            Payload::Text
        } else {
            Payload::Binary
        };
        Some((media_type.to_string(), payload, examples(media)))
    }

    /// The struct a form or multipart body (`what`) is made of, or `None` for a body sent as
    /// bytes the caller encodes: a whole document described as one binary string, or (with a
    /// warning) a schema that is not an object.
    fn object_body(
        &mut self,
        media: &openapiv3::MediaType,
        hint: &Hint,
        pointer: &str,
        what: &str,
    ) -> Option<TypeId> {
        let ty = media
            .schema
            .as_ref()
            .map(|schema| self.type_ref(schema, hint, pointer));
        match ty {
            Some(TypeRef::Named(id)) if matches!(self.types[id].kind, TypeKind::Struct(_)) => {
                Some(id)
            }
            Some(TypeRef::Bytes | TypeRef::String) if what == "multipart" => None,
            _ => {
                self.warning(
                    pointer,
                    format!(
                        "a {what} body that is not an object: sent as bytes the caller encodes"
                    ),
                    format!(
                        "describe the {} as the properties of an object schema",
                        if what == "form" { "fields" } else { "parts" }
                    ),
                );
                None
            }
        }
    }

    /// The properties of a form body whose `encoding` is not the default.
    pub(super) fn form_styles(
        encoding: &IndexMap<String, openapiv3::Encoding>,
    ) -> Vec<(String, Style)> {
        encoding
            .iter()
            .filter_map(|(name, encoding)| {
                // `openapiv3` reads an absent `explode` as `false`: only `true` is known to be
                // written, and `style: form` is taken with its default, `explode: true`.
                let style = encoding
                    .style
                    .as_ref()
                    .unwrap_or(&openapiv3::QueryStyle::Form);
                match query_style(style, encoding.explode.then_some(true)) {
                    Style::Form => None,
                    style => Some((name.clone(), style)),
                }
            })
            .collect()
    }
}

impl Lowerer<'_, '_> {
    /// The media type of a success response that streams items, if it offers one: its kind
    /// and the type of an item. `chosen` is the media type `body` (the body read whole) was
    /// read from: an item of the same schema has the same type.
    pub(super) fn streamed(
        &mut self,
        content: &IndexMap<String, openapiv3::MediaType>,
        (chosen, body): (Option<&str>, Option<&Payload>),
        operation: &str,
        pointer: &str,
    ) -> Option<Streamed> {
        let (media_type, media, kind) = content
            .iter()
            .find_map(|(media_type, media)| Some((media_type, media, stream_kind(media_type)?)))?;
        let same = chosen
            .and_then(|chosen| content.get(chosen))
            .map(|m| &m.schema);
        let item = match (&media.schema, body) {
            // Text as it comes (events), any JSON value (lines).
            (None, _) if kind == StreamKind::Events => TypeRef::String,
            (None, _) => TypeRef::Any,
            (Some(_), Some(Payload::Json(ty))) if same == Some(&media.schema) => ty.clone(),
            (Some(schema), _) => self.type_ref(
                schema,
                &Hint::root(operation).child(HintPart::Streamed),
                &format!("{pointer}/content/{}/schema", escape(media_type)),
            ),
        };
        let item = match self.unalias(item) {
            // An event's data is text: bytes are read as such.
            TypeRef::Bytes if kind == StreamKind::Events => TypeRef::String,
            TypeRef::Bytes => TypeRef::Any,
            item if kind == StreamKind::Events => self.event_data(item),
            item => item,
        };
        Some(Streamed {
            kind,
            media_type: media_type.clone(),
            item,
        })
    }

    /// The type of an event's `data`: a schema that describes the whole event (an object of
    /// `data` and some of `event`, `id` and `retry`, as several AI APIs write it) gives its
    /// `data` property's type; any other describes the data itself.
    fn event_data(&self, item: TypeRef) -> TypeRef {
        let TypeRef::Named(id) = item else {
            return item;
        };
        let TypeKind::Struct(object) = &self.types[id].kind else {
            return item;
        };
        let envelope = object
            .fields
            .iter()
            .all(|f| matches!(f.name.original.as_str(), "data" | "event" | "id" | "retry"));
        match object.fields.iter().find(|f| f.name.original == "data") {
            Some(data) if envelope => self.unalias(data.ty.clone()),
            _ => item,
        }
    }
}

/// How a media type streams items, if it does: `text/event-stream`, the JSON-lines types, and
/// JSON with `stream=watch` (Kubernetes).
fn stream_kind(media_type: &str) -> Option<StreamKind> {
    let essence = essence(media_type);
    let watch = || {
        let lower = media_type.to_ascii_lowercase();
        is_json(media_type)
            && lower
                .split(';')
                .skip(1)
                .any(|parameter| parameter.replace(' ', "") == "stream=watch")
    };
    match essence.as_str() {
        "text/event-stream" => Some(StreamKind::Events),
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonl"
        | "application/jsonlines"
        | "application/x-jsonlines"
        | "application/json-seq"
        | "application/x-json-stream" => Some(StreamKind::JsonLines),
        _ if watch() => Some(StreamKind::JsonLines),
        _ => None,
    }
}

/// Textual media types other than JSON: `text/*`, YAML, XML, CSV.
pub(super) fn is_text(essence: &str) -> bool {
    essence.starts_with("text/") || ["yaml", "xml", "csv"].iter().any(|t| essence.ends_with(t))
}

/// A media type without its parameters, in lower case (`Application/JSON; charset=utf-8` →
/// `application/json`).
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

pub(super) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
}

pub(super) fn examples(media: &openapiv3::MediaType) -> Vec<Example> {
    let pretty = |value: &Value| serde_json::to_string_pretty(value).unwrap_or_default();
    let mut examples: Vec<Example> = media
        .examples
        .iter()
        .filter_map(|(name, example)| match example {
            ReferenceOr::Item(example) => example.value.as_ref().map(|v| Example {
                name: name.clone(),
                json: pretty(v),
            }),
            ReferenceOr::Reference { .. } => None,
        })
        .collect();
    if let Some(value) = &media.example {
        examples.insert(
            0,
            Example {
                name: "default".to_string(),
                json: pretty(value),
            },
        );
    }
    examples
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(content: &str) -> (Body, Vec<Problem>) {
        let (api, warnings) = lowered(&[&spec_yaml(
            &format!(
                "
  /a:
    post:
      operationId: post
      requestBody: {{content: {content}}}
      responses: {{'204': {{description: ok}}}}"
            ),
            "{}",
        )]);
        (
            first_operation(&api).body.clone().expect("a body"),
            warnings,
        )
    }

    #[test]
    fn each_media_type_is_read_as_what_it_carries() {
        let (json, _) = body("{'*/*': {schema: {type: object, properties: {a: {type: string}}}}}");
        assert_eq!(json.media_type, "application/json");
        assert!(matches!(json.payload, Payload::Json(TypeRef::Named(_))));
        let (form, _) = body(
            "{application/x-www-form-urlencoded: {schema: {type: object, properties: {a: {type: string}}}}}",
        );
        assert!(matches!(form.payload, Payload::Form { .. }));
        let (multipart, _) = body(
            "{multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}}}}}",
        );
        assert!(matches!(multipart.payload, Payload::Multipart(_)));
        let (text, _) = body("{text/csv: {schema: {type: string}}}");
        assert_eq!(text.payload, Payload::Text);
        let (bytes, _) = body("{application/pdf: {schema: {type: string, format: binary}}}");
        assert_eq!(bytes.payload, Payload::Binary);
    }

    #[test]
    fn a_form_that_is_not_an_object_is_bytes_with_a_warning() {
        let (form, warnings) =
            body("{application/x-www-form-urlencoded: {schema: {type: string}}}");
        assert_eq!(form.payload, Payload::Binary);
        assert!(
            warnings[0]
                .message
                .contains("a form body that is not an object")
        );
        // A whole multipart document as one binary string is bytes too, silently.
        let (multipart, warnings) =
            body("{multipart/mixed: {schema: {type: string, format: binary}}}");
        assert_eq!(multipart.payload, Payload::Binary);
        assert!(warnings.is_empty());
    }
}
