//! Responses: statuses, bodies, and the headers of success responses.

use super::*;

impl Lowerer<'_, '_> {
    pub(super) fn responses(
        &mut self,
        responses: &openapiv3::Responses,
        operation: &str,
        pointer: &str,
    ) -> Vec<Response> {
        let mut lowered = Vec::new();
        let listed = responses
            .responses
            .iter()
            .map(|(status, response)| (Some(status), response));
        for (status, response) in listed.chain(responses.default.iter().map(|r| (None, r))) {
            let status_text = status.map_or_else(|| "default".to_string(), ToString::to_string);
            let response_pointer = format!("{pointer}/{status_text}");
            let components = self.input.spec.components.as_ref();
            let Some((response, response_pointer)) = self.resolve(
                response,
                &response_pointer,
                "responses",
                components.map(|c| &c.responses),
            ) else {
                continue;
            };
            let Some(status) = self.status(status, &response_pointer) else {
                continue;
            };
            for (name, header) in &response.headers {
                if let ReferenceOr::Item(header) = header
                    && Extensions::of(&header.extensions).rate_limit_reset()
                {
                    self.rate_limit_headers.insert(name.to_ascii_lowercase());
                }
            }
            let success = matches!(status, StatusSpec::Code(200..=299) | StatusSpec::Range(2));
            let headers = if success {
                self.response_headers(&response.headers, operation, &response_pointer)
            } else {
                Vec::new()
            };
            let hint = response_hint(operation, status);
            let (chosen, body, examples) =
                match self.payload(&response.content, &hint, &response_pointer, false) {
                    Some((chosen, payload, examples)) => (Some(chosen), Some(payload), examples),
                    None => (None, None, Vec::new()),
                };
            let streamed = success
                .then(|| {
                    self.streamed(
                        &response.content,
                        (chosen.as_deref(), body.as_ref()),
                        operation,
                        &response_pointer,
                    )
                })
                .flatten();
            lowered.push(Response {
                headers,
                status,
                variant: Name::new(status_text),
                description: response.description.clone(),
                body,
                examples,
                streamed,
            });
        }
        // An operation that documents no success status but a `default` response succeeds
        // with any 2XX status and that body; other statuses are its `Default` error.
        if !lowered.iter().any(Response::is_success)
            && let Some(default) = lowered.iter().find(|r| r.status == StatusSpec::Default)
        {
            let success = Response {
                status: StatusSpec::Range(2),
                variant: Name::new("2XX"),
                ..default.clone()
            };
            lowered.push(success);
        }
        lowered
    }

    /// A response's status, or `None` (with a warning) for a key that is not one.
    fn status(&mut self, status: Option<&StatusCode>, pointer: &str) -> Option<StatusSpec> {
        Some(match status {
            None => StatusSpec::Default,
            Some(StatusCode::Code(code)) if (100..600).contains(code) => StatusSpec::Code(*code),
            Some(StatusCode::Range(digit)) if (1..6).contains(digit) => {
                StatusSpec::Range(*digit as u8)
            }
            Some(status) => {
                self.warning(
                    pointer,
                    format!("`{status}` is not an HTTP status: the response is left out"),
                    "use a status code from 100 to 599, or `1XX` to `5XX`",
                );
                return None;
            }
        })
    }

    /// The documented headers of a success response, as scalars (`Content-Type` is the body's).
    pub(super) fn response_headers(
        &mut self,
        headers: &IndexMap<String, ReferenceOr<openapiv3::Header>>,
        operation: &str,
        pointer: &str,
    ) -> Vec<ResponseHeader> {
        let mut out = Vec::new();
        for (name, header) in headers {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let header_pointer = format!("{pointer}/headers/{}", escape(name));
            let components = self.input.spec.components.as_ref();
            let Some((header, header_pointer)) = self.resolve(
                header,
                &header_pointer,
                "headers",
                components.map(|c| &c.headers),
            ) else {
                continue;
            };
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => self.type_ref(
                    schema,
                    &Hint::root(operation).child(HintPart::Header(name.clone())),
                    &format!("{header_pointer}/schema"),
                ),
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            let ty = self.unalias(ty);
            if !is_scalar(&ty, &self.types) {
                self.warning(
                    &header_pointer,
                    "a response header that is not a string, number, boolean or enum: not read",
                    "describe the header as a string",
                );
                continue;
            }
            out.push(ResponseHeader {
                name: Name::new(name.clone()),
                description: header.description.clone(),
                ty,
            });
        }
        out
    }
}

/// The name hint of a response body's inline types: `<op>_response` for success, with the
/// status for others.
fn response_hint(operation: &str, status: StatusSpec) -> Hint {
    let status = match status {
        StatusSpec::Code(code) if !(200..300).contains(&code) => Some(code.to_string()),
        StatusSpec::Default => Some("default".to_string()),
        _ => None,
    };
    Hint::root(operation).child(HintPart::Response(status))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn responses(yaml: &str) -> (Vec<Response>, Vec<Problem>) {
        let (api, warnings) = lowered(&[&spec_yaml(
            &format!(
                "
  /a:
    get:
      operationId: get
      responses: {yaml}"
            ),
            "{}",
        )]);
        (first_operation(&api).responses.clone(), warnings)
    }

    #[test]
    fn statuses_ranges_and_default() {
        let (lowered, warnings) = responses(
            "{'200': {description: ok}, '4XX': {description: bad}, '600': {description: no}, default: {description: other}}",
        );
        let statuses: Vec<StatusSpec> = lowered.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses,
            [
                StatusSpec::Code(200),
                StatusSpec::Range(4),
                StatusSpec::Default
            ]
        );
        assert!(warnings[0].message.contains("`600` is not an HTTP status"));
    }

    #[test]
    fn a_default_alone_is_also_the_success() {
        let (lowered, _) = responses(
            "{default: {description: any, content: {application/json: {schema: {type: string}}}}}",
        );
        assert_eq!(lowered.len(), 2);
        assert_eq!(lowered[1].status, StatusSpec::Range(2));
        assert_eq!(lowered[1].body, Some(Payload::Json(TypeRef::String)));
    }

    #[test]
    fn headers_are_read_on_success_responses_only() {
        let (lowered, _) = responses(
            "{'200': {description: ok, headers: {X-Total: {schema: {type: integer}}, Content-Type: {schema: {type: string}}}}, '400': {description: bad, headers: {X-Error: {schema: {type: string}}}}}",
        );
        let names: Vec<&str> = lowered[0]
            .headers
            .iter()
            .map(|h| h.name.original.as_str())
            .collect();
        assert_eq!(names, ["X-Total"]);
        assert!(lowered[1].headers.is_empty());
    }
}
