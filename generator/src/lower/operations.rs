//! Operations: grouped by tag, their parameters (location, style, type), servers, security
//! requirements and pagination.

use super::*;

impl Lowerer<'_, '_> {
    pub(super) fn groups(&mut self) -> Vec<Group> {
        let spec = self.input.spec;
        let mut groups: Vec<Group> = Vec::new();
        let mut ids: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        for (path, item) in spec.paths.iter() {
            let path_pointer = format!("#/paths/{}", escape(path));
            let ReferenceOr::Item(item) = item else {
                self.unsupported(
                    &path_pointer,
                    "a `$ref` to a path item",
                    "define the path item inline",
                );
                continue;
            };
            for (method, operation) in item.iter() {
                let pointer = format!("{path_pointer}/{method}");
                let Some(operation) =
                    self.operation(path, method, operation, &item.parameters, &pointer)
                else {
                    continue;
                };
                let id = operation.name.original.clone();
                match ids.get(&id) {
                    Some(first) => {
                        let first = first.clone();
                        self.warning(
                            &format!("{pointer}/operationId"),
                            format!("`operationId` `{id}` is also the id of `{first}`: where the two meet, this method gets a number"),
                            "give every operation its own `operationId`",
                        );
                    }
                    None => {
                        ids.insert(id, format!("{} {path}", method.to_ascii_uppercase()));
                    }
                }
                let tag = operation_tag(spec, path, method);
                match groups.iter_mut().find(|g| g.name.original == tag) {
                    Some(group) => group.operations.push(operation),
                    None => groups.push(Group {
                        feature: String::new(),
                        struct_name: String::new(),
                        description: spec
                            .tags
                            .iter()
                            .find(|t| t.name == tag)
                            .and_then(|t| t.description.clone()),
                        name: Name::new(tag),
                        operations: vec![operation],
                    }),
                }
            }
        }
        groups.sort_by(|a, b| a.name.original.cmp(&b.name.original));
        groups
    }

    pub(super) fn operation(
        &mut self,
        path: &str,
        method: &str,
        operation: &openapiv3::Operation,
        path_params: &[ReferenceOr<Parameter>],
        pointer: &str,
    ) -> Option<Operation> {
        let Some(id) = operation.operation_id.clone() else {
            self.problem(
                pointer,
                "the operation has no `operationId`",
                "add a unique `operationId`: it names the generated method",
            );
            return None;
        };
        let method = http::Method::from_bytes(method.to_ascii_uppercase().as_bytes()).ok()?;
        let params = self.operation_params(path, operation, path_params, &id, pointer);
        let body = operation
            .request_body
            .as_ref()
            .and_then(|body| self.request_body(body, &id, &format!("{pointer}/requestBody")));
        let responses = self.responses(&operation.responses, &id, &format!("{pointer}/responses"));
        let security = operation
            .security
            .as_ref()
            .or(self.input.spec.security.as_ref())
            .map(|requirements| self.security(requirements, pointer))
            .unwrap_or_default();
        let extensions = Extensions::of(&operation.extensions);
        Some(Operation {
            name: Name::new(id),
            items: OperationItems::default(),
            method,
            // `/v1/things#stream` beside `/v1/things`: another operation on the same URL; the
            // fragment is never sent.
            path: path.split('#').next().unwrap_or(path).to_string(),
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            unstable: extensions.unstable(),
            permission: extensions.permission(),
            server: operation
                .servers
                .first()
                .map(|server| self.operation_server(server)),
            pagination: extensions.pagination(&params),
            security,
            params,
            body,
            responses,
        })
    }

    /// An operation's parameters: the path item's, then its own (an own one replaces an
    /// inherited one of the same name and location), then any path template placeholder
    /// left undescribed, as a string.
    fn operation_params(
        &mut self,
        path: &str,
        operation: &openapiv3::Operation,
        path_params: &[ReferenceOr<Parameter>],
        id: &str,
        pointer: &str,
    ) -> Vec<Param> {
        let mut params: Vec<Param> = Vec::new();
        let inherited = path_params
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{}/parameters/{i}", parent_pointer(pointer))));
        let own = operation
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{pointer}/parameters/{i}")));
        for (param, param_pointer) in inherited.chain(own) {
            let Some(param) = self.parameter(param, id, &param_pointer) else {
                continue;
            };
            params.retain(|p| !(p.name == param.name && p.location == param.location));
            params.push(param);
        }
        for name in path_template_names(path) {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.name.original == name)
            {
                self.warning(
                    pointer,
                    format!("path parameter `{name}` of `{path}` is not described: a string"),
                    "add it to `parameters` with `in: path`",
                );
                params.push(Param {
                    name: Name::new(name),
                    location: ParamLocation::Path,
                    required: true,
                    description: None,
                    deprecated: false,
                    ty: TypeRef::String,
                    example: None,
                    style: Style::Joined(','),
                    structured: false,
                });
            }
        }
        params
    }

    /// An operation's server: variables that are the API-level ones (same name and default)
    /// follow the configuration; the others stay at the operation's default.
    pub(super) fn operation_server(&self, server: &openapiv3::Server) -> Server {
        let fixed = server
            .variables
            .iter()
            .flatten()
            .filter(|(name, variable)| {
                !self
                    .variables
                    .iter()
                    .any(|v| v.name.original == **name && v.default == variable.default)
            })
            .map(|(name, variable)| (name.clone(), variable.default.clone()))
            .collect();
        Server {
            url: server.url.clone(),
            description: server.description.clone(),
            fixed,
        }
    }

    /// A parameter: where it goes, its type, how it is written (`structured` when its type
    /// does not fit its style and it is written from its JSON value).
    pub(super) fn parameter(
        &mut self,
        param: &ReferenceOr<Parameter>,
        operation: &str,
        pointer: &str,
    ) -> Option<Param> {
        let components = self.input.spec.components.as_ref();
        let (param, pointer) = self.resolve(
            param,
            pointer,
            "parameters",
            components.map(|c| &c.parameters),
        )?;
        let (data, location, style) = location_and_style(param);
        let hint = Hint::root(operation).child(HintPart::Param(data.name.clone()));
        let (ty, style) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (
                self.type_ref(schema, &hint, &format!("{pointer}/schema")),
                style,
            ),
            ParameterSchemaOrContent::Content(content) => {
                let Some((media_type, media)) = content.first() else {
                    self.warning(
                        &format!("{pointer}/content"),
                        "`content` lists no media type: the parameter is left out",
                        "give one media type (such as `application/json`) with a schema",
                    );
                    return None;
                };
                let schema_pointer = format!("{pointer}/content/{}/schema", escape(media_type));
                let ty = match &media.schema {
                    Some(schema) => self.type_ref(schema, &hint, &schema_pointer),
                    None => TypeRef::Any,
                };
                // JSON is the value's JSON text; any other media type is its plain text.
                (
                    ty,
                    if is_json(media_type) {
                        Style::Json
                    } else {
                        style
                    },
                )
            }
        };
        let ty = self.unalias(ty);
        if location == ParamLocation::Path && !data.required {
            self.warning(
                &pointer,
                format!(
                    "path parameter `{}` is not marked `required`: required anyway",
                    data.name
                ),
                "path parameters must have `required: true`",
            );
        }
        Some(Param {
            name: Name::new(data.name.clone()),
            location,
            required: data.required || location == ParamLocation::Path,
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            // A union, an array of objects, a map of arrays…: written from its JSON value.
            structured: !fits_style(&ty, location, style, &self.types),
            ty,
            example: param_example(data),
            style,
        })
    }

    pub(super) fn security(
        &mut self,
        requirements: &[openapiv3::SecurityRequirement],
        pointer: &str,
    ) -> Vec<Vec<SecurityUse>> {
        let mut alternatives = Vec::new();
        for requirement in requirements {
            let mut uses = Vec::new();
            for (name, scopes) in requirement {
                let source = self.input.source;
                match self
                    .schemes
                    .iter()
                    .position(|s| s.name.original == *name && s.sources.contains(&source))
                {
                    Some(scheme) => uses.push(SecurityUse {
                        scheme,
                        scopes: scopes.clone(),
                    }),
                    // Defined but not supported: reported once, at the definition.
                    None if self
                        .input
                        .spec
                        .components
                        .as_ref()
                        .is_some_and(|c| c.security_schemes.contains_key(name)) => {}
                    None => self.warning(
                        pointer,
                        format!("security scheme `{name}` is not defined: not sent"),
                        "define it under `#/components/securitySchemes`",
                    ),
                }
            }
            alternatives.push(uses);
        }
        alternatives
    }
}

/// A parameter's data, where it goes and its style as the spec gives it (before `content`).
fn location_and_style(param: &Parameter) -> (&openapiv3::ParameterData, ParamLocation, Style) {
    match param {
        Parameter::Path { parameter_data, .. } => {
            (parameter_data, ParamLocation::Path, Style::Joined(','))
        }
        Parameter::Query {
            parameter_data,
            style,
            ..
        } => (
            parameter_data,
            ParamLocation::Query,
            query_style(style, parameter_data.explode),
        ),
        Parameter::Header { parameter_data, .. } => {
            (parameter_data, ParamLocation::Header, Style::Joined(','))
        }
        Parameter::Cookie { parameter_data, .. } => (
            parameter_data,
            ParamLocation::Cookie,
            if parameter_data.explode == Some(false) {
                Style::Joined(',')
            } else {
                Style::Form
            },
        ),
    }
}

/// Whether a parameter of type `ty` can be written in `style` where it goes: scalars
/// anywhere, arrays of scalars, objects of scalars in the query (form, joined, deep) or as
/// `deepObject`, anything as JSON.
fn fits_style(ty: &TypeRef, location: ParamLocation, style: Style, types: &[TypeDef]) -> bool {
    let scalar = |ty: &TypeRef| is_scalar(ty, types);
    let object = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => matches!(types[*id].kind, TypeKind::Struct(_)),
        TypeRef::Map(value) => scalar(value),
        _ => false,
    };
    match (ty, location, style) {
        (_, _, Style::Json) => true,
        (TypeRef::Array(item), _, _) => scalar(item),
        (ty, ParamLocation::Query, Style::Form | Style::Joined(_) | Style::Deep) if object(ty) => {
            true
        }
        (ty, _, Style::Deep) => object(ty),
        (ty, _, _) => scalar(ty),
    }
}

pub(super) fn operation_tag(spec: &OpenAPI, path: &str, method: &str) -> String {
    let operation = spec
        .paths
        .paths
        .get(path)
        .and_then(|item| item.as_item())
        .and_then(|item| item.iter().find(|(m, _)| *m == method).map(|(_, op)| op));
    operation
        .and_then(|op| op.tags.first().cloned())
        .unwrap_or_else(|| "default".to_string())
}

pub(super) fn path_template_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// How a query parameter (or form field) of this `style` is written; `explode` as given, absent
/// meaning the style's default (`true` for `form` only).
pub(super) fn query_style(style: &openapiv3::QueryStyle, explode: Option<bool>) -> Style {
    use openapiv3::QueryStyle;
    let (separator, default) = match style {
        QueryStyle::DeepObject => return Style::Deep,
        QueryStyle::Form => (',', true),
        QueryStyle::SpaceDelimited => (' ', false),
        QueryStyle::PipeDelimited => ('|', false),
    };
    if explode.unwrap_or(default) {
        Style::Form
    } else {
        Style::Joined(separator)
    }
}

/// The example of a parameter: its own `example`, the first of its `examples`, or its schema's.
fn param_example(data: &openapiv3::ParameterData) -> Option<serde_json::Value> {
    let first = data.examples.values().find_map(|example| match example {
        ReferenceOr::Item(example) => example.value.clone(),
        ReferenceOr::Reference { .. } => None,
    });
    let schema = match &data.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
            schema.schema_data.example.clone()
        }
        _ => None,
    };
    data.example.clone().or(first).or(schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_item_parameters_are_inherited_and_placeholders_never_lost() {
        let (api, warnings) = lowered(&[&spec_yaml(
            "
  /things/{id}/{part}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
      - {name: q, in: query, schema: {type: string}}
    get:
      operationId: getThing
      parameters:
        - {name: q, in: query, required: true, schema: {type: boolean}}
      responses: {'204': {description: ok}}",
            "{}",
        )]);
        let params: Vec<(&str, ParamLocation, &TypeRef, bool)> = first_operation(&api)
            .params
            .iter()
            .map(|p| (p.name.original.as_str(), p.location, &p.ty, p.required))
            .collect();
        assert_eq!(
            params,
            [
                (
                    "id",
                    ParamLocation::Path,
                    &TypeRef::Integer(IntFormat::I64),
                    true
                ),
                ("q", ParamLocation::Query, &TypeRef::Boolean, true),
                ("part", ParamLocation::Path, &TypeRef::String, true),
            ]
        );
        assert!(warnings[0].message.contains("`part`"));
    }

    #[test]
    fn styles_and_values_written_as_json() {
        let (api, _) = lowered(&[&spec_yaml("
  /search:
    get:
      operationId: search
      parameters:
        - {name: filter, in: query, style: deepObject, explode: true, schema: {type: object, properties: {a: {type: string}}}}
        - {name: ids, in: query, explode: false, schema: {type: array, items: {type: integer}}}
        - {name: rows, in: query, schema: {type: array, items: {type: object, properties: {a: {type: string}}}}}
        - {name: meta, in: query, content: {application/json: {schema: {type: object}}}}
      responses: {'204': {description: ok}}", "{}")]);
        let params = &first_operation(&api).params;
        let styles: Vec<(Style, bool)> = params.iter().map(|p| (p.style, p.structured)).collect();
        assert_eq!(
            styles,
            [
                (Style::Deep, false),
                (Style::Joined(','), false),
                // An array of objects has no query form of its own.
                (Style::Form, true),
                (Style::Json, false),
            ]
        );
    }

    #[test]
    fn extensions_of_an_operation_are_read() {
        let (api, _) = lowered(&[&spec_yaml("
  /items:
    get:
      operationId: listItems
      x-unstable: '**Note**: in beta.'
      x-permission: {operator: AND, permissions: [items_read]}
      x-pagination: {pageOffsetParam: offset, limitParam: limit}
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}", "{}")]);
        let op = first_operation(&api);
        assert_eq!(op.unstable.as_deref(), Some("**Note**: in beta."));
        assert_eq!(op.permission.as_ref().unwrap().operator, "AND");
        assert_eq!(
            op.pagination.as_ref().unwrap().mode,
            PageMode::Offset {
                param: "offset".into()
            }
        );
    }
}
