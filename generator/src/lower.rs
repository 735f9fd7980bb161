//! Lower: the `openapiv3` models of all specs in, the intermediate model ([`crate::ir`]) out.
//!
//! Resolves `$ref`s, turns schemas into a type space keyed by ids (inline objects and enums
//! become named types after their parent), and reads the `x-` extensions the generator knows.
//! No Rust spelling happens here. Every construct it cannot represent faithfully is recorded as
//! a [`Problem`] at its JSON pointer; it never silently falls back to an untyped value.

use std::borrow::Borrow;
use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody,
    Schema, SchemaKind, SecurityScheme as OaSecurityScheme, StatusCode, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::diagnostics::Problem;
use crate::ir::*;
use crate::locate::{escape, unescape};

/// One spec to lower: its index among the sources, the module name and the parsed document.
pub struct SpecInput<'a> {
    pub source: usize,
    pub module: String,
    pub path: String,
    pub spec: &'a OpenAPI,
}

/// The intermediate model and the warnings, or every problem (errors and warnings) found.
pub fn lower(inputs: &[SpecInput<'_>]) -> Result<(Api, Vec<Problem>), Vec<Problem>> {
    let mut problems = Vec::new();
    let security_schemes = merge_security_schemes(inputs, &mut problems);
    let server_variables = merge_server_variables(inputs, &mut problems);
    let mut rate_limit_headers = BTreeSet::new();
    let modules = inputs
        .iter()
        .map(|input| {
            let mut lowerer = Lowerer {
                input,
                types: Vec::new(),
                type_ids: IndexMap::new(),
                problems: &mut problems,
                schemes: &security_schemes,
                variables: &server_variables,
                rate_limit_headers: &mut rate_limit_headers,
                building: Vec::new(),
            };
            lowerer.module()
        })
        .collect();
    if problems.iter().all(|p| p.warning) {
        Ok((
            Api {
                modules,
                server_variables,
                security_schemes,
                rate_limit_headers: rate_limit_headers.into_iter().collect(),
            },
            problems,
        ))
    } else {
        Err(problems.into_iter().filter(|p| !p.warning).collect())
    }
}

fn ext_string(extensions: &IndexMap<String, Value>, key: &str) -> Option<String> {
    extensions
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn merge_security_schemes(
    inputs: &[SpecInput<'_>],
    problems: &mut Vec<Problem>,
) -> Vec<SecurityScheme> {
    let mut merged: Vec<SecurityScheme> = Vec::new();
    for input in inputs {
        let Some(components) = &input.spec.components else {
            continue;
        };
        for (name, scheme) in &components.security_schemes {
            let pointer = format!("#/components/securitySchemes/{}", escape(name));
            let ReferenceOr::Item(scheme) = scheme else {
                problems.push(unsupported(
                    input.source,
                    &pointer,
                    "a `$ref` to a security scheme",
                    "define the security scheme inline",
                ));
                continue;
            };
            let (kind, description, extensions) = match scheme {
                OaSecurityScheme::APIKey {
                    location: openapiv3::APIKeyLocation::Header,
                    name,
                    description,
                    extensions,
                } => (
                    SecurityKind::ApiKeyHeader(name.clone()),
                    description,
                    extensions,
                ),
                OaSecurityScheme::HTTP {
                    scheme: http_scheme,
                    description,
                    extensions,
                    ..
                } if ["bearer", "basic"]
                    .iter()
                    .any(|s| http_scheme.eq_ignore_ascii_case(s)) =>
                {
                    let kind = if http_scheme.eq_ignore_ascii_case("basic") {
                        SecurityKind::Basic
                    } else {
                        SecurityKind::Bearer
                    };
                    (kind, description, extensions)
                }
                OaSecurityScheme::OAuth2 {
                    description,
                    extensions,
                    ..
                }
                | OaSecurityScheme::OpenIDConnect {
                    description,
                    extensions,
                    ..
                } => (SecurityKind::Bearer, description, extensions),
                OaSecurityScheme::APIKey {
                    location: openapiv3::APIKeyLocation::Query,
                    name,
                    description,
                    extensions,
                } => (
                    SecurityKind::ApiKeyQuery(name.clone()),
                    description,
                    extensions,
                ),
                OaSecurityScheme::APIKey { .. } => {
                    problems.push(Problem::warning(
                        input.source,
                        &pointer,
                        "an API key in a cookie is not supported: the client does not send it",
                        "send the key in a header or the query, or set the cookie with a hook",
                    ));
                    continue;
                }
                OaSecurityScheme::HTTP { .. } => {
                    problems.push(Problem::warning(
                        input.source,
                        &pointer,
                        "HTTP authentication other than basic and bearer is not supported: the client does not send it",
                        "use a basic, bearer or API key scheme",
                    ));
                    continue;
                }
            };
            let scheme = SecurityScheme {
                name: Name::new(name.clone()),
                constant: String::new(),
                kind,
                description: description.clone(),
                env: ext_string(extensions, "x-env-name"),
                sources: vec![input.source],
            };
            if let Some(same) = merged.iter_mut().find(|s| s.same_as(&scheme)) {
                same.sources.push(input.source);
                continue;
            }
            if merged.iter().any(|s| s.name.original == *name) {
                problems.push(Problem::warning(
                    input.source,
                    pointer,
                    format!("security scheme `{name}` differs from the one of the same name in another spec: it is a credential of its own, its setter and constant numbered"),
                    "give the schemes different names, or define them alike to share one credential",
                ));
            }
            merged.push(scheme);
        }
    }
    merged.sort_by(|a, b| a.name.original.cmp(&b.name.original));
    merged
}

fn merge_server_variables(
    inputs: &[SpecInput<'_>],
    problems: &mut Vec<Problem>,
) -> Vec<ServerVariable> {
    let mut merged: Vec<ServerVariable> = Vec::new();
    for input in inputs {
        let Some(server) = input.spec.servers.first() else {
            continue;
        };
        for (name, variable) in server.variables.iter().flatten() {
            let pointer = format!("#/servers/0/variables/{}", escape(name));
            let variable = ServerVariable {
                name: Name::new(name.clone()),
                default: variable.default.clone(),
                allowed: variable
                    .enumeration
                    .iter()
                    .fold(Vec::new(), |mut allowed, value| {
                        if !allowed.contains(value) {
                            allowed.push(value.clone());
                        }
                        allowed
                    }),
                description: variable.description.clone(),
                env: ext_string(&variable.extensions, "x-env-name"),
            };
            let mut variable = variable;
            if !variable.allowed.is_empty() && !variable.allowed.contains(&variable.default) {
                problems.push(Problem::warning(
                    input.source,
                    pointer.clone(),
                    format!("the default `{}` of server variable `{name}` is not one of its allowed values: allowed too", variable.default),
                    "add the default to the variable's `enum`",
                ));
                variable.allowed.insert(0, variable.default.clone());
            }
            // The same variable in several specs: one setting, accepting what any spec allows.
            match merged.iter_mut().find(|v| v.name.original == *name) {
                Some(existing) if existing.default != variable.default => problems.push(Problem::new(
                    input.source,
                    pointer,
                    format!("server variable `{name}` has another default in another spec"),
                    "specs generated into one crate share one configuration: give the variable the same default",
                )),
                Some(existing) => {
                    if existing.allowed.is_empty() || variable.allowed.is_empty() {
                        existing.allowed.clear();
                    } else {
                        for value in variable.allowed {
                            if !existing.allowed.contains(&value) {
                                existing.allowed.push(value);
                            }
                        }
                    }
                    existing.env = existing.env.take().or(variable.env);
                }
                None => merged.push(variable),
            }
        }
    }
    merged.sort_by(|a, b| a.name.original.cmp(&b.name.original));
    merged
}

fn unsupported(source: usize, pointer: &str, what: &str, help: &str) -> Problem {
    Problem::new(source, pointer, format!("not supported yet: {what}"), help)
}

struct Lowerer<'a, 'p> {
    input: &'a SpecInput<'a>,
    types: Vec<TypeDef>,
    /// Component schema name → its type id (reserved before any schema is lowered).
    type_ids: IndexMap<String, TypeId>,
    problems: &'p mut Vec<Problem>,
    schemes: &'p [SecurityScheme],
    variables: &'p [ServerVariable],
    rate_limit_headers: &'p mut BTreeSet<String>,
    /// Inline schemas whose type is being built, by the address of the schema in the spec:
    /// a schema met again inside itself (a property whose `allOf` includes the object that
    /// holds it) refers to that type instead of building it again forever. An address is in
    /// here only while the schema is borrowed, so it cannot be reused by another.
    building: Vec<(*const Schema, TypeId)>,
}

impl Lowerer<'_, '_> {
    fn problem(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        self.problems
            .push(Problem::new(self.input.source, pointer, message, help));
    }

    fn warning(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        self.problems
            .push(Problem::warning(self.input.source, pointer, message, help));
    }

    fn unsupported(&mut self, pointer: &str, what: &str, help: &str) {
        self.problems
            .push(unsupported(self.input.source, pointer, what, help));
    }

    fn module(&mut self) -> Module {
        let spec = self.input.spec;
        let schemas = spec.components.as_ref().map(|c| &c.schemas);
        for name in schemas.into_iter().flat_map(|s| s.keys()) {
            let id = self.types.len();
            self.type_ids.insert(name.clone(), id);
            self.types.push(TypeDef {
                name: Name::new(name.clone()),
                module: String::new(),
                used_by: Vec::new(),
                nullable: false,
                pointer: format!("#/components/schemas/{}", escape(name)),
                description: None,
                kind: TypeKind::Alias(TypeRef::Any),
            });
        }
        for (id, (name, schema)) in schemas.into_iter().flat_map(|s| s.iter()).enumerate() {
            let pointer = self.types[id].pointer.clone();
            match schema {
                ReferenceOr::Reference { reference } => {
                    if matches!(follow_refs(self.input.spec, reference), ChainEnd::Cycle) {
                        self.warning(
                            &pointer,
                            format!("`{name}` is a `$ref` that goes round a cycle of `$ref`s, never reaching a schema: read as any JSON value"),
                            "make one schema of the cycle a real schema (with `type`), or remove the cycle",
                        );
                        continue;
                    }
                    let target = self.reference(reference, &pointer);
                    self.types[id].kind = TypeKind::Alias(target);
                }
                ReferenceOr::Item(schema) => {
                    self.types[id].description = schema.schema_data.description.clone();
                    self.types[id].nullable = schema.schema_data.nullable;
                    self.types[id].kind = self.type_kind(schema, name, &pointer);
                }
            }
        }
        let groups = self.groups();
        let server = spec.servers.first().map_or_else(
            || Server {
                url: String::new(),
                description: None,
                fixed: Vec::new(),
            },
            |s| Server {
                url: s.url.clone(),
                description: s.description.clone(),
                fixed: Vec::new(),
            },
        );
        Module {
            name: Name::new(self.input.module.clone()),
            source: self.input.source,
            spec_path: self.input.path.clone(),
            title: spec.info.title.clone(),
            version: spec.info.version.clone(),
            description: spec.info.description.clone(),
            server,
            groups,
            types: std::mem::take(&mut self.types),
            other_models_feature: String::new(),
            server_constant: String::new(),
        }
    }

    /// `#/components/schemas/X` → `Named(X)`.
    fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let target = reference
            .strip_prefix("#/components/schemas/")
            .and_then(|name| self.type_ids.get(&unescape(name)));
        match target {
            Some(id) => TypeRef::Named(*id),
            None => {
                self.problem(
                    pointer,
                    format!("`$ref: {reference}` does not point to a schema of this spec"),
                    "refer to an entry of `#/components/schemas` of the same file",
                );
                TypeRef::Any
            }
        }
    }

    /// The kind of a named type (component schema or inline object, enum or `oneOf`).
    fn type_kind(&mut self, schema: &Schema, name: &str, pointer: &str) -> TypeKind {
        let normalized = normalize(schema);
        let schema = normalized.as_ref().unwrap_or(schema);
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => TypeKind::Struct(self.object(
                &object.properties,
                &object.required,
                &object.additional_properties,
                name,
                pointer,
            )),
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                TypeKind::StringEnum(string_enum(&string.enumeration, schema))
            }
            SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => {
                TypeKind::IntEnum(int_enum(&integer.enumeration, schema))
            }
            SchemaKind::AnyOf { any_of } => {
                TypeKind::AnyOf(self.one_of(any_of, "anyOf", name, pointer))
            }
            SchemaKind::OneOf { one_of } => {
                let tags: Vec<Option<String>> = match &schema.schema_data.discriminator {
                    Some(d) => one_of
                        .iter()
                        .map(|b| inline_tag(b, &d.property_name))
                        .collect(),
                    None => Vec::new(),
                };
                let mut one_of = self.one_of_tagged(one_of, "oneOf", name, pointer, &tags);
                if let Some(discriminator) = &schema.schema_data.discriminator {
                    one_of.discriminator =
                        self.discriminator(discriminator, &schema.schema_kind, pointer);
                }
                TypeKind::OneOf(one_of)
            }
            _ if is_merge(schema) => match sole_branch(schema) {
                Some(branch) => {
                    TypeKind::Alias(self.type_ref(branch, name, &format!("{pointer}/allOf/0")))
                }
                None => match self.distributed_all_of(schema, name, pointer) {
                    Some(one_of) => TypeKind::OneOf(one_of),
                    None => match self.scalar_all_of(schema, name, pointer) {
                        Some(ty) => TypeKind::Alias(ty),
                        None => TypeKind::Struct(self.all_of(schema, name, pointer)),
                    },
                },
            },
            _ => TypeKind::Alias(self.schema_type(schema, name, pointer)),
        }
    }

    /// `allOf: [Base, {oneOf: [A, B]}, Extra]`: one of `Base + A + Extra` and `Base + B +
    /// Extra`, each merged into a struct named after its branch (a scalar branch stays as it
    /// is: properties only apply to objects).
    fn distributed_all_of(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Option<OneOf> {
        let spec = self.input.spec;
        let (parts, index, branches) = composition_part(spec, schema)?;
        let mut tags = Vec::new();
        let merged: Vec<ReferenceOr<Schema>> = branches
            .iter()
            .map(|branch| {
                tags.push(match branch {
                    ReferenceOr::Reference { reference } => Some(ref_name(reference)),
                    ReferenceOr::Item(b) => b.schema_data.title.clone(),
                });
                if resolve(spec, branch).is_some_and(|b| {
                    matches!(&b.schema_kind, SchemaKind::Type(t) if !matches!(t, Type::Object(_)))
                }) {
                    return branch.clone();
                }
                let mut all_of = parts.to_vec();
                all_of[index] = branch.clone();
                ReferenceOr::Item(Schema {
                    schema_data: Default::default(),
                    schema_kind: SchemaKind::AllOf { all_of },
                })
            })
            .collect();
        Some(self.one_of_tagged(
            &merged,
            "oneOf",
            hint,
            &format!("{pointer}/allOf/{index}"),
            &tags,
        ))
    }

    /// An `allOf` whose parts are not all objects: parts of one scalar or array type (a `$ref`
    /// to a string with a pattern, plus a `type: string` with a description) are that type, the
    /// first `$ref` among them giving it; parts of different types cannot be typed (any JSON
    /// value, with a warning). `None` when every part is an object: a struct.
    fn scalar_all_of(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Option<TypeRef> {
        let parts = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any) if any.properties.is_empty() => &any.all_of,
            _ => return None,
        };
        let spec = self.input.spec;
        let kind_of = |part: &ReferenceOr<Schema>| -> Option<&'static str> {
            let Some(schema) = resolve(spec, part) else {
                return Some("object");
            };
            Some(match &schema.schema_kind {
                SchemaKind::Type(Type::String(_)) => "string",
                SchemaKind::Type(Type::Integer(_)) => "integer",
                SchemaKind::Type(Type::Number(_)) => "number",
                SchemaKind::Type(Type::Boolean(_)) => "boolean",
                SchemaKind::Type(Type::Array(_)) => "array",
                SchemaKind::Any(any) if is_empty_schema(any) => return None,
                SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => {
                    "composition"
                }
                _ => "object",
            })
        };
        let kinds: Vec<Option<&str>> = parts.iter().map(kind_of).collect();
        if kinds.iter().flatten().all(|k| *k == "object") {
            return None;
        }
        let first = kinds.iter().flatten().next().copied();
        if kinds.iter().flatten().all(|k| Some(*k) == first) && first != Some("composition") {
            let index = parts
                .iter()
                .position(|p| matches!(p, ReferenceOr::Reference { .. }))
                .or_else(|| kinds.iter().position(Option::is_some))
                .unwrap_or(0);
            return Some(self.type_ref(&parts[index], hint, &format!("{pointer}/allOf/{index}")));
        }
        Some(self.unsupported_any(pointer, "an `allOf` of parts of different types"))
    }

    /// An `allOf` (with or without properties of its own) as one struct: the properties of
    /// every branch in order, `$ref`s followed, nested `allOf`s flattened, `required` lists
    /// joined. A property named again in a later branch takes that branch's schema, unless the
    /// later one only annotates it (no type). Extra properties stay open unless every part
    /// closes them, and are typed if a part types them.
    fn all_of(&mut self, schema: &Schema, parent: &str, pointer: &str) -> Struct {
        let spec = self.input.spec;
        let mut merged = Merged::default();
        let mut path = Vec::new();
        self.merge_into(spec, schema, pointer, &mut merged, &mut path);
        let Merged {
            properties,
            required,
            additional,
            closed,
        } = merged;
        let additional = match additional {
            Some(schema) => Some(AdditionalProperties::Schema(Box::new(schema.clone()))),
            None if closed == Some(true) => Some(AdditionalProperties::Any(false)),
            None => None,
        };
        let properties: Vec<PropertySource<'_>> = properties
            .iter()
            .map(|(name, (schema, pointer))| PropertySource {
                name,
                schema,
                pointer: pointer.clone(),
            })
            .collect();
        self.fields(&properties, &required, &additional, parent, pointer)
    }

    /// Adds the object parts of `schema` (at `pointer`) to `merged`. `path` holds the component
    /// schemas being merged, to report an `allOf` that contains itself.
    fn merge_into<'s>(
        &mut self,
        spec: &'s OpenAPI,
        schema: &'s Schema,
        pointer: &str,
        merged: &mut Merged<'s>,
        path: &mut Vec<String>,
    ) {
        let (properties, required, additional, branches) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => (
                &object.properties,
                &object.required,
                &object.additional_properties,
                &[][..],
            ),
            SchemaKind::AllOf { all_of } => {
                (&*EMPTY_PROPERTIES, &Vec::new(), &None, all_of.as_slice())
            }
            SchemaKind::Any(any)
                if any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.not.is_none()
                    && any.typ.as_deref().is_none_or(|t| t == "object") =>
            {
                (
                    &any.properties,
                    &any.required,
                    &any.additional_properties,
                    any.all_of.as_slice(),
                )
            }
            _ => {
                self.warning(
                    pointer,
                    "an `allOf` part that is not an object: left out of the merged struct",
                    "`allOf` becomes one struct: make every part an object (or a `$ref` to one)",
                );
                return;
            }
        };
        for (name, property) in properties {
            let annotation_only = matches!(property, ReferenceOr::Item(s)
                if matches!(&s.schema_kind, SchemaKind::Any(any) if is_empty_schema(any)));
            let entry = (property, format!("{pointer}/properties/{}", escape(name)));
            match merged.properties.get_mut(name) {
                Some(_) if annotation_only => {}
                Some(existing) => *existing = entry,
                None => {
                    merged.properties.insert(name.to_string(), entry);
                }
            }
        }
        for (index, name) in required.iter().enumerate() {
            if !merged.required.iter().any(|(n, _)| n == name) {
                merged
                    .required
                    .push((name.clone(), format!("{pointer}/required/{index}")));
            }
        }
        match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                merged.additional.get_or_insert(schema.as_ref());
            }
            Some(AdditionalProperties::Any(false)) => {
                merged.closed.get_or_insert(true);
            }
            _ if matches!(schema.schema_kind, SchemaKind::AllOf { .. }) => {}
            _ => merged.closed = Some(false),
        }
        for (index, branch) in branches.iter().enumerate() {
            let branch_pointer = format!("{pointer}/allOf/{index}");
            match branch {
                ReferenceOr::Item(branch) => {
                    self.merge_into(spec, branch, &branch_pointer, merged, path)
                }
                ReferenceOr::Reference { reference } => {
                    let Some((name, target)) = self.component(spec, reference, &branch_pointer)
                    else {
                        continue;
                    };
                    if path.contains(&name) {
                        self.problem(
                            &branch_pointer,
                            format!("`allOf` includes `{name}`, which includes this schema"),
                            "break the cycle: a schema cannot be one of its own parts",
                        );
                        continue;
                    }
                    path.push(name.clone());
                    let target_pointer = format!("#/components/schemas/{}", escape(&name));
                    self.merge_into(spec, target, &target_pointer, merged, path);
                    path.pop();
                }
            }
        }
    }

    /// The component schema `reference` names, following `$ref`s between components. A
    /// reference that leads nowhere is recorded; a cycle was recorded where it is defined.
    fn component<'s>(
        &mut self,
        spec: &'s OpenAPI,
        reference: &'s str,
        pointer: &str,
    ) -> Option<(String, &'s Schema)> {
        match follow_refs(spec, reference) {
            ChainEnd::Schema(name, schema) => Some((name, schema)),
            ChainEnd::Cycle => None,
            ChainEnd::Dangling(reference) => {
                self.problem(
                    pointer,
                    format!("`$ref: {reference}` does not point to a schema of this spec"),
                    "refer to an entry of `#/components/schemas` of the same file",
                );
                None
            }
        }
    }

    /// The branches of a `oneOf` or `anyOf` (`keyword`).
    fn one_of(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        keyword: &str,
        parent: &str,
        pointer: &str,
    ) -> OneOf {
        self.one_of_tagged(branches, keyword, parent, pointer, &[])
    }

    /// [`Self::one_of`], where an inline branch with a tag value (`tags`, by branch) is named
    /// after its parent and that value.
    fn one_of_tagged(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        keyword: &str,
        parent: &str,
        pointer: &str,
        tags: &[Option<String>],
    ) -> OneOf {
        let variants = branches
            .iter()
            .enumerate()
            .map(|(index, branch)| {
                let tag = tags.get(index).and_then(Option::as_ref);
                let hint = match tag {
                    Some(tag) => format!("{parent}_{tag}"),
                    None => format!("{parent}_option_{}", index + 1),
                };
                let ty = self.type_ref(branch, &hint, &format!("{pointer}/{keyword}/{index}"));
                let original = match (branch, &ty) {
                    (ReferenceOr::Reference { reference }, _) => ref_name(reference),
                    // An inline branch with a tag (or a branch name) is the variant of that name.
                    (_, TypeRef::Named(_)) if tag.is_some() => tag.cloned().unwrap_or_default(),
                    // An inline branch: its title, else what it is (`Object`, `String`…); the
                    // type itself keeps the name made from its place.
                    (ReferenceOr::Item(b), TypeRef::Named(id)) => match &b.schema_data.title {
                        Some(title) if !title.trim().is_empty() => title.clone(),
                        _ => match &self.types[*id].kind {
                            TypeKind::Struct(_) => "Object".to_string(),
                            TypeKind::StringEnum(_) => "String".to_string(),
                            TypeKind::IntEnum(_) => "Integer".to_string(),
                            _ => self.types[*id].name.original.clone(),
                        },
                    },
                    (_, ty) => describe(ty).to_string(),
                };
                OneOfVariant {
                    name: Name::new(original),
                    ty,
                }
            })
            .collect();
        OneOf {
            variants,
            discriminator: None,
        }
    }

    /// The tags of a `oneOf`'s branches: from `mapping`, else each referenced schema's name.
    fn discriminator(
        &mut self,
        discriminator: &openapiv3::Discriminator,
        kind: &SchemaKind,
        pointer: &str,
    ) -> Option<Discriminator> {
        let SchemaKind::OneOf { one_of } = kind else {
            return None;
        };
        let mut tags = Vec::new();
        for (index, branch) in one_of.iter().enumerate() {
            if let Some(tag) = inline_tag(branch, &discriminator.property_name) {
                tags.push((tag, index));
                continue;
            }
            let ReferenceOr::Reference { reference } = branch else {
                self.warning(
                    &format!("{pointer}/oneOf/{index}"),
                    "an inline branch of a `oneOf` with a `discriminator` that names no tag value: the branches are told apart by their shape",
                    "make each branch a `$ref` to a component schema, or give the tag property a `const`/one-value `enum`",
                );
                return None;
            };
            let name = ref_name(reference);
            let mapped: Vec<String> = discriminator
                .mapping
                .iter()
                .filter(|(_, target)| *target == reference || **target == name)
                .map(|(tag, _)| tag.clone())
                .collect();
            if mapped.is_empty() {
                tags.push((name, index));
            } else {
                tags.extend(mapped.into_iter().map(|tag| (tag, index)));
            }
        }
        for (tag, target) in &discriminator.mapping {
            if !tags.iter().any(|(t, _)| t == tag) {
                self.warning(
                    &format!("{pointer}/discriminator/mapping/{}", escape(tag)),
                    format!("the mapping of `{tag}` names `{target}`, which is not a branch of the `oneOf`: ignored"),
                    "map each tag to a `$ref` listed under `oneOf`",
                );
            }
        }
        Some(Discriminator {
            property: discriminator.property_name.clone(),
            tags,
        })
    }

    fn object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: &Option<AdditionalProperties>,
        parent: &str,
        pointer: &str,
    ) -> Struct {
        let properties: Vec<PropertySource<'_>> = properties
            .iter()
            .map(|(name, schema)| PropertySource {
                name,
                schema,
                pointer: format!("{pointer}/properties/{}", escape(name)),
            })
            .collect();
        let required: Vec<(String, String)> = required
            .iter()
            .enumerate()
            .map(|(index, name)| (name.clone(), format!("{pointer}/required/{index}")))
            .collect();
        self.fields(&properties, &required, additional, parent, pointer)
    }

    /// A struct of `properties` (each with the pointer where it is defined).
    fn fields(
        &mut self,
        properties: &[PropertySource<'_>],
        required: &[(String, String)],
        additional: &Option<AdditionalProperties>,
        parent: &str,
        pointer: &str,
    ) -> Struct {
        let fields = properties
            .iter()
            .map(
                |&PropertySource {
                     name,
                     schema,
                     ref pointer,
                 }| {
                    let hint = format!("{parent}_{name}");
                    let ty = self.type_ref(schema, &hint, pointer);
                    let data = match schema {
                        ReferenceOr::Item(schema) => Some(&schema.schema_data),
                        ReferenceOr::Reference { .. } => None,
                    };
                    Field {
                        name: Name::new(name),
                        ty,
                        required: required.iter().any(|(r, _)| r == name),
                        nullable: data.is_some_and(|d| d.nullable),
                        description: data.and_then(|d| d.description.clone()),
                        read_only: data.is_some_and(|d| d.read_only),
                        write_only: data.is_some_and(|d| d.write_only),
                        format: match schema {
                            ReferenceOr::Item(schema) => format_of(schema),
                            ReferenceOr::Reference { .. } => None,
                        },
                        boxed: false,
                    }
                },
            )
            .collect();
        for (name, at) in required
            .iter()
            .filter(|(name, _)| !properties.iter().any(|p| p.name == *name))
        {
            if !properties.is_empty() {
                self.warning(
                    at,
                    format!(
                        "`required` names `{name}`, which is not among the properties: ignored"
                    ),
                    "list it under `properties`, or remove it from `required`",
                );
            }
        }
        let additional = match additional {
            None | Some(AdditionalProperties::Any(true)) => Additional::Open,
            Some(AdditionalProperties::Any(false)) => Additional::Closed,
            Some(AdditionalProperties::Schema(schema)) => {
                let hint = format!("{parent}_additional_property");
                Additional::Typed(self.maybe_null(
                    schema.as_ref(),
                    &hint,
                    &format!("{pointer}/additionalProperties"),
                ))
            }
        };
        Struct { fields, additional }
    }

    /// The type of a property, item, parameter or body; inline objects and enums get a named type.
    fn type_ref<S: Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.schema_type(schema.borrow(), hint, pointer),
        }
    }

    fn schema_type(&mut self, schema: &Schema, hint: &str, pointer: &str) -> TypeRef {
        let key = std::ptr::from_ref(schema);
        if let Some(&(_, id)) = self.building.iter().find(|(k, _)| *k == key) {
            return TypeRef::Named(id);
        }
        let normalized = normalize(schema);
        let schema = normalized.as_ref().unwrap_or(schema);
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if string.enumeration.is_empty() => {
                match &string.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary) => {
                        TypeRef::Bytes
                    }
                    _ => TypeRef::String,
                }
            }
            SchemaKind::Type(Type::Integer(integer)) if integer.enumeration.is_empty() => {
                match &integer.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
                        TypeRef::Integer(IntFormat::I32)
                    }
                    _ => TypeRef::Integer(IntFormat::I64),
                }
            }
            SchemaKind::Type(Type::Number(number)) => match &number.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => {
                    TypeRef::Number(NumberFormat::F32)
                }
                _ => TypeRef::Number(NumberFormat::F64),
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Array(array)) => self.items(array.items.as_ref(), hint, pointer),
            SchemaKind::Type(Type::Object(object))
                if object.properties.is_empty()
                    && !matches!(
                        object.additional_properties,
                        Some(AdditionalProperties::Any(false))
                    ) =>
            {
                match &object.additional_properties {
                    Some(AdditionalProperties::Schema(inner)) => {
                        TypeRef::Map(Box::new(self.maybe_null(
                            inner.as_ref(),
                            &format!("{hint}_value"),
                            &format!("{pointer}/additionalProperties"),
                        )))
                    }
                    _ => TypeRef::Map(Box::new(TypeRef::Any)),
                }
            }
            SchemaKind::Any(any) if is_empty_schema(any) => TypeRef::Any,
            // Objects with properties, string and integer enums, `oneOf`: a named type.
            SchemaKind::Type(Type::Object(_))
            | SchemaKind::Type(Type::String(_))
            | SchemaKind::Type(Type::Integer(_))
            | SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. } => self.inline_type(key, schema, hint, pointer),
            _ if is_merge(schema) => match sole_branch(schema) {
                Some(branch) => self.type_ref(branch, hint, &format!("{pointer}/allOf/0")),
                None if composition_part(self.input.spec, schema).is_some() => {
                    self.inline_type(key, schema, hint, pointer)
                }
                None => match self.scalar_all_of(schema, hint, pointer) {
                    Some(ty) => ty,
                    None => self.inline_type(key, schema, hint, pointer),
                },
            },
            SchemaKind::AllOf { .. } => unreachable!("every `allOf` is a merge"),
            SchemaKind::Not { .. } => self.unsupported_any(pointer, "a `not` schema"),
            SchemaKind::Any(_) => {
                self.unsupported_any(pointer, "a schema that mixes keywords of several types")
            }
        }
    }

    /// `ty` with aliases replaced by what they stand for (parameters take the plain type).
    fn unalias(&self, ty: TypeRef) -> TypeRef {
        match unalias(&ty, &self.types) {
            TypeRef::Array(item) => TypeRef::Array(Box::new(self.unalias((**item).clone()))),
            other => other.clone(),
        }
    }

    /// Registers an inline object or enum as a named type, named after where it appears.
    /// `key` is the address of the schema as written (before `normalize`), see `building`.
    fn inline_type(
        &mut self,
        key: *const Schema,
        schema: &Schema,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        let id = self.types.len();
        self.types.push(TypeDef {
            name: Name::new(hint),
            module: String::new(),
            used_by: Vec::new(),
            nullable: schema.schema_data.nullable,
            pointer: pointer.to_string(),
            description: schema.schema_data.description.clone(),
            kind: TypeKind::Alias(TypeRef::Any),
        });
        self.building.push((key, id));
        self.types[id].kind = self.type_kind(schema, hint, pointer);
        self.building.pop();
        TypeRef::Named(id)
    }

    fn items(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        let item = match items {
            Some(items) => {
                self.maybe_null(items, &format!("{hint}_item"), &format!("{pointer}/items"))
            }
            None => TypeRef::Any,
        };
        TypeRef::Array(Box::new(item))
    }

    /// The type of an array item or map value: [`TypeRef::Nullable`] when its schema (or the
    /// component it refers to) is nullable.
    fn maybe_null<S: Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        let nullable = match schema {
            ReferenceOr::Item(schema) => schema.borrow().schema_data.nullable,
            ReferenceOr::Reference { reference } => {
                resolve_ref(self.input.spec, reference).is_some_and(|t| t.schema_data.nullable)
            }
        };
        let ty = self.type_ref(schema, hint, pointer);
        match ty {
            TypeRef::Any => TypeRef::Any,
            ty if nullable => TypeRef::Nullable(Box::new(ty)),
            ty => ty,
        }
    }

    /// A schema that cannot be typed: any JSON value, with a warning naming it.
    fn unsupported_any(&mut self, pointer: &str, what: &str) -> TypeRef {
        self.warning(
            pointer,
            format!("{what} cannot be typed: read as any JSON value (`serde_json::Value`)"),
            "describe the value with one `type` (and `properties`), or a `oneOf` of such schemas",
        );
        TypeRef::Any
    }

    fn groups(&mut self) -> Vec<Group> {
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

    fn operation(
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
            let Some(param) = self.parameter(param, &id, &param_pointer) else {
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
                    style: Style::Joined(','),
                    structured: false,
                });
            }
        }
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
        let permission = operation.extensions.get("x-permission").and_then(|value| {
            let permissions: Vec<String> =
                serde_json::from_value(value.get("permissions")?.clone()).ok()?;
            let operator = value
                .get("operator")
                .and_then(Value::as_str)
                .unwrap_or("OR")
                .to_string();
            Some(Permission {
                operator,
                permissions,
            })
        });
        Some(Operation {
            name: Name::new(id),
            items: OperationItems::default(),
            pointer: pointer.to_string(),
            method,
            // `/v1/things#stream` beside `/v1/things`: another operation on the same URL; the
            // fragment is never sent.
            path: path.split('#').next().unwrap_or(path).to_string(),
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            unstable: match operation.extensions.get("x-unstable") {
                Some(Value::String(text)) => Some(text.clone()),
                Some(Value::Bool(true)) => {
                    Some("This operation is in preview and may change.".to_string())
                }
                _ => None,
            },
            permission,
            server: operation
                .servers
                .first()
                .map(|server| self.operation_server(server)),
            pagination: operation
                .extensions
                .get("x-pagination")
                .and_then(|value| pagination(value, &params)),
            security,
            params,
            body,
            responses,
        })
    }

    /// An operation's server: variables that are the API-level ones (same name and default)
    /// follow the configuration; the others stay at the operation's default.
    fn operation_server(&self, server: &openapiv3::Server) -> Server {
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

    fn parameter(
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
        let (data, location, style) = match param {
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
        };
        let hint = format!("{operation}_{}", data.name);
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
        let types = &self.types;
        let scalar = |ty: &TypeRef| is_scalar(ty, types);
        let object = |ty: &TypeRef| match ty {
            TypeRef::Named(id) => matches!(types[*id].kind, TypeKind::Struct(_)),
            TypeRef::Map(value) => scalar(value),
            _ => false,
        };
        let fits = match (&ty, location, style) {
            (_, _, Style::Json) => true,
            (TypeRef::Array(item), _, _) => scalar(item),
            (ty, ParamLocation::Query, Style::Form | Style::Joined(_) | Style::Deep)
                if object(ty) =>
            {
                true
            }
            (ty, _, Style::Deep) => object(ty),
            (ty, _, _) => scalar(ty),
        };
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
            ty,
            style,
            // A union, an array of objects, a map of arrays…: written from its JSON value.
            structured: !fits,
        })
    }

    fn request_body(
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
            &format!("{operation}_request"),
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
    fn payload(
        &mut self,
        content: &IndexMap<String, openapiv3::MediaType>,
        hint: &str,
        pointer: &str,
        request: bool,
    ) -> Option<(String, Payload, Vec<Example>)> {
        let (media_type, media) = content
            .iter()
            .find(|(media_type, _)| is_json(media_type))
            .or_else(|| content.first())?;
        let schema_pointer = format!("{pointer}/content/{}/schema", escape(media_type));
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
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
            let ty = media
                .schema
                .as_ref()
                .map(|schema| self.type_ref(schema, hint, &schema_pointer));
            match ty {
                Some(TypeRef::Named(id)) if matches!(self.types[id].kind, TypeKind::Struct(_)) => {
                    Payload::Form {
                        ty: id,
                        styles: Self::form_styles(&media.encoding),
                    }
                }
                _ => {
                    self.warning(
                        &schema_pointer,
                        "a form body that is not an object: sent as bytes the caller encodes",
                        "describe the fields as the properties of an object schema",
                    );
                    Payload::Binary
                }
            }
        } else if essence == "multipart/form-data" {
            let ty = media
                .schema
                .as_ref()
                .map(|schema| self.type_ref(schema, hint, &schema_pointer));
            match ty {
                Some(TypeRef::Named(id)) if matches!(self.types[id].kind, TypeKind::Struct(_)) => {
                    Payload::Multipart(id)
                }
                // A whole multipart document described as one binary string: raw bytes.
                Some(TypeRef::Bytes | TypeRef::String) => Payload::Binary,
                _ => {
                    self.warning(
                        &schema_pointer,
                        "a multipart body that is not an object: sent as bytes the caller encodes",
                        "describe the parts as the properties of an object schema",
                    );
                    Payload::Binary
                }
            }
        } else if is_text(&essence) {
            Payload::Text
        } else {
            Payload::Binary
        };
        Some((media_type.to_string(), payload, examples(media)))
    }

    /// The properties of a form body whose `encoding` is not the default.
    fn form_styles(encoding: &IndexMap<String, openapiv3::Encoding>) -> Vec<(String, Style)> {
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

    fn responses(
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
            let status = match status {
                None => StatusSpec::Default,
                Some(StatusCode::Code(code)) if (100..600).contains(code) => {
                    StatusSpec::Code(*code)
                }
                Some(StatusCode::Range(digit)) if (1..6).contains(digit) => {
                    StatusSpec::Range(*digit as u8)
                }
                Some(status) => {
                    self.warning(
                        &response_pointer,
                        format!("`{status}` is not an HTTP status: the response is left out"),
                        "use a status code from 100 to 599, or `1XX` to `5XX`",
                    );
                    continue;
                }
            };
            for (name, header) in &response.headers {
                if let ReferenceOr::Item(header) = header
                    && header
                        .extensions
                        .get("x-rate-limit-reset")
                        .and_then(Value::as_bool)
                        == Some(true)
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
            let hint = match status {
                StatusSpec::Code(code) if !(200..300).contains(&code) => {
                    format!("{operation}_{code}_response")
                }
                StatusSpec::Default => format!("{operation}_default_response"),
                _ => format!("{operation}_response"),
            };
            let (media_type, body, examples) =
                match self.payload(&response.content, &hint, &response_pointer, false) {
                    Some((media_type, payload, examples)) => {
                        (Some(media_type), Some(payload), examples)
                    }
                    None => (None, None, Vec::new()),
                };
            lowered.push(Response {
                headers,
                status,
                variant: Name::new(status_text),
                description: response.description.clone(),
                body,
                media_type,
                examples,
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

    /// The documented headers of a success response, as scalars (`Content-Type` is the body's).
    fn response_headers(
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
                    &format!("{operation}_{name}_header"),
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

    /// The item itself, or the entry of `#/components/<kind>` its `$ref` names, with the pointer
    /// where it is defined. A `$ref` that leads nowhere is recorded as a problem.
    fn resolve<'s, T>(
        &mut self,
        item: &'s ReferenceOr<T>,
        pointer: &str,
        kind: &str,
        table: Option<&'s IndexMap<String, ReferenceOr<T>>>,
    ) -> Option<(&'s T, String)> {
        let reference = match item {
            ReferenceOr::Item(item) => return Some((item, pointer.to_string())),
            ReferenceOr::Reference { reference } => reference,
        };
        let prefix = format!("#/components/{kind}/");
        let name = reference.strip_prefix(&prefix).map(unescape);
        match name.as_ref().and_then(|n| table?.get(n)) {
            Some(ReferenceOr::Item(found)) => Some((
                found,
                format!("{prefix}{}", escape(name.as_deref().unwrap_or_default())),
            )),
            _ => {
                self.problem(
                    pointer,
                    format!("`$ref: {reference}` does not point to an entry of `#/components/{kind}` in this spec"),
                    format!("refer to an entry of `#/components/{kind}` of the same file"),
                );
                None
            }
        }
    }

    fn security(
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

fn int_enum(values: &[Option<i64>], schema: &Schema) -> IntEnum {
    let varnames = varnames(schema, values.len());
    let mut variants = Vec::new();
    for (index, value) in values.iter().enumerate() {
        // `null` values were taken out by `normalize` (the schema is nullable).
        let Some(value) = value else { continue };
        variants.push(IntVariant {
            value: *value,
            name: Name::new(value.to_string()),
            varname_hint: varnames.as_ref().and_then(|v| v.get(index).cloned()),
        });
    }
    IntEnum { variants }
}

/// `x-enum-varnames`, when it has one name per value (`normalize` dropped, with a
/// warning, the lists that do not).
fn varnames(schema: &Schema, count: usize) -> Option<Vec<String>> {
    schema
        .schema_data
        .extensions
        .get("x-enum-varnames")
        .and_then(|v| serde_json::from_value::<Vec<String>>(v.clone()).ok())
        .filter(|v| v.len() == count)
}

fn string_enum(values: &[Option<String>], schema: &Schema) -> StringEnum {
    let varnames = varnames(schema, values.len());
    let mut variants = Vec::new();
    for (index, value) in values.iter().enumerate() {
        let Some(value) = value else { continue };
        variants.push(EnumVariant {
            name: Name::new(value.clone()),
            varname_hint: varnames.as_ref().and_then(|v| v.get(index).cloned()),
        });
    }
    StringEnum { variants }
}

/// The schema a `$ref` between component schemas leads to, if any.
fn resolve_ref<'s>(spec: &'s OpenAPI, reference: &'s str) -> Option<&'s Schema> {
    match follow_refs(spec, reference) {
        ChainEnd::Schema(_, schema) => Some(schema),
        ChainEnd::Dangling(_) | ChainEnd::Cycle => None,
    }
}

/// The schema itself, or the one its `$ref` leads to.
fn resolve<'s>(spec: &'s OpenAPI, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => resolve_ref(spec, reference),
    }
}

/// The component name a `$ref` ends with.
fn ref_name(reference: &str) -> String {
    unescape(reference.rsplit('/').next().unwrap_or(reference))
}

/// The parts of an `allOf`, the index of its one part that is a `oneOf`/`anyOf`, and that
/// part's branches.
type CompositionPart<'s> = (&'s [ReferenceOr<Schema>], usize, &'s [ReferenceOr<Schema>]);

/// The [`CompositionPart`] of an `allOf` whose one part that is not an object (or a `$ref`
/// to one) is a `oneOf`/`anyOf`, inline or by `$ref`.
fn composition_part<'s>(spec: &'s OpenAPI, schema: &'s Schema) -> Option<CompositionPart<'s>> {
    let parts = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any)
            if any.properties.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() =>
        {
            &any.all_of
        }
        _ => return None,
    };
    let mut found = None;
    for (index, part) in parts.iter().enumerate() {
        match &resolve(spec, part)?.schema_kind {
            SchemaKind::OneOf { one_of: branches } | SchemaKind::AnyOf { any_of: branches } => {
                if found.is_some() {
                    return None;
                }
                found = Some((index, branches.as_slice()));
            }
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => {}
            SchemaKind::Any(any)
                if any.one_of.is_empty() && any.any_of.is_empty() && any.not.is_none() => {}
            _ => return None,
        }
    }
    found.map(|(index, branches)| (parts.as_slice(), index, branches))
}

/// The tag value an inline branch of a discriminated `oneOf` gives its `property`: the one value
/// of that property's `enum` (or 3.1 `const`), in the branch or in one of its `allOf` parts.
fn inline_tag(branch: &ReferenceOr<Schema>, property: &str) -> Option<String> {
    let ReferenceOr::Item(schema) = branch else {
        return None;
    };
    let from_properties =
        |properties: &IndexMap<String, ReferenceOr<Box<Schema>>>| match properties.get(property) {
            Some(ReferenceOr::Item(p)) => match &p.schema_kind {
                SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => {
                    s.enumeration[0].clone()
                }
                _ => None,
            },
            _ => None,
        };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => from_properties(&object.properties),
        SchemaKind::Any(any) => from_properties(&any.properties).or_else(|| {
            any.all_of
                .iter()
                .find_map(|part| inline_tag(part, property))
        }),
        SchemaKind::AllOf { all_of } => all_of.iter().find_map(|part| inline_tag(part, property)),
        _ => None,
    }
}

/// Textual media types other than JSON: `text/*`, YAML, XML, CSV.
fn is_text(essence: &str) -> bool {
    essence.starts_with("text/") || ["yaml", "xml", "csv"].iter().any(|t| essence.ends_with(t))
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
}

fn format_of(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match &s.format {
            VariantOrUnknownOrEmpty::Item(format) => Some(
                match format {
                    openapiv3::StringFormat::Date => "date",
                    openapiv3::StringFormat::DateTime => "date-time",
                    openapiv3::StringFormat::Password => "password",
                    openapiv3::StringFormat::Byte => "byte",
                    openapiv3::StringFormat::Binary => "binary",
                }
                .to_string(),
            ),
            VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
            VariantOrUnknownOrEmpty::Empty => None,
        },
        _ => None,
    }
}

fn examples(media: &openapiv3::MediaType) -> Vec<Example> {
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

/// `x-pagination`, when every parameter it names is an optional query parameter (pagination
/// through the request body is not generated yet).
fn pagination(value: &Value, params: &[Param]) -> Option<Pagination> {
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    let path = |key: &str| {
        text(key).map(|p| {
            p.split('.')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
    };
    let mode = match (
        text("cursorParam"),
        text("pageOffsetParam"),
        text("pageParam"),
    ) {
        (Some(param), _, _) => PageMode::Cursor {
            param,
            path: path("cursorPath")?,
        },
        (None, Some(param), _) => PageMode::Offset { param },
        (None, None, Some(param)) => PageMode::Page { param },
        _ => return None,
    };
    let pagination = Pagination {
        mode,
        limit: text("limitParam"),
        results: path("resultsPath").unwrap_or_default(),
    };
    let query = |name: &str| {
        params
            .iter()
            .any(|p| p.name.original == name && p.location == ParamLocation::Query && !p.required)
    };
    let (PageMode::Cursor { param, .. } | PageMode::Offset { param } | PageMode::Page { param }) =
        &pagination.mode;
    (query(param) && pagination.limit.as_deref().is_none_or(query)).then_some(pagination)
}

fn operation_tag(spec: &OpenAPI, path: &str, method: &str) -> String {
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

fn path_template_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

fn parent_pointer(pointer: &str) -> &str {
    pointer
        .rsplit_once('/')
        .map_or(pointer, |(parent, _)| parent)
}

/// Keywords that belong to each `type`.
fn type_keywords(typ: &str) -> &'static [&'static str] {
    match typ {
        "string" => &["format", "pattern", "enum", "minLength", "maxLength"],
        // Bounds are validation only, and a bound the type cannot hold (an integer maximum of
        // 1.8e19) is what made the schema unreadable: keep what decides the Rust type.
        "number" | "integer" => &["format", "enum"],
        "boolean" => &["enum"],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        _ => &[],
    }
}

/// `openapiv3` reads a schema whose keywords do not all belong to one type as an untyped
/// "any" schema: `type: boolean` with `maxLength`, or `oneOf` next to `type: object`. When the
/// intent is clear (one composition keyword without own properties, or a declared `type`),
/// drop the keywords that cannot apply and read it again as that type.
fn normalize(schema: &Schema) -> Option<Schema> {
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return None;
    };
    let composition = !any.one_of.is_empty() as usize
        + !any.all_of.is_empty() as usize
        + !any.any_of.is_empty() as usize
        + any.not.is_some() as usize;
    let mut value = serde_json::to_value(schema).ok()?;
    let object = value.as_object_mut()?;
    let typ = match composition {
        0 => Some(any.typ.clone().or_else(|| {
            (!any.properties.is_empty() || any.additional_properties.is_some())
                .then(|| "object".to_string())
        })?),
        1 if any.properties.is_empty() => None,
        _ => return None,
    };
    let keep: &[&str] = match &typ {
        Some(typ) => type_keywords(typ),
        None => &["oneOf", "allOf", "anyOf", "not"],
    };
    object.retain(|key, _| {
        keep.contains(&key.as_str())
            || key == "discriminator"
            || crate::normalize::COMMON_KEYWORDS.contains(&key.as_str())
            || key.starts_with("x-")
    });
    if let Some(typ) = typ {
        object.insert("type".to_string(), Value::String(typ));
    }
    let schema: Schema = serde_json::from_value(value).ok()?;
    (!matches!(schema.schema_kind, SchemaKind::Any(_))).then_some(schema)
}

/// Where a chain of `$ref`s between component schemas ends.
enum ChainEnd<'s> {
    /// At a schema: its component name.
    Schema(String, &'s Schema),
    /// At a reference that names no component schema.
    Dangling(&'s str),
    /// Nowhere: the chain comes round again.
    Cycle,
}

fn follow_refs<'s>(spec: &'s OpenAPI, mut reference: &'s str) -> ChainEnd<'s> {
    let schemas = spec.components.as_ref().map(|c| &c.schemas);
    for _ in 0..=schemas.map_or(0, IndexMap::len) {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .map(unescape);
        match name.as_ref().and_then(|n| schemas?.get(n)) {
            Some(ReferenceOr::Item(schema)) => {
                return ChainEnd::Schema(name.unwrap_or_default(), schema);
            }
            Some(ReferenceOr::Reference { reference: next }) => reference = next,
            None => return ChainEnd::Dangling(reference),
        }
    }
    ChainEnd::Cycle
}

/// A property on its way into a struct, with the pointer where it is defined.
struct PropertySource<'s> {
    name: &'s str,
    schema: &'s ReferenceOr<Box<Schema>>,
    pointer: String,
}

/// The object parts of an `allOf`, gathered.
#[derive(Default)]
struct Merged<'s> {
    properties: IndexMap<String, (&'s ReferenceOr<Box<Schema>>, String)>,
    /// Each required name with the pointer of its entry.
    required: Vec<(String, String)>,
    additional: Option<&'s ReferenceOr<Schema>>,
    /// `Some(true)` while every part seen says `additionalProperties: false`.
    closed: Option<bool>,
}

static EMPTY_PROPERTIES: std::sync::LazyLock<IndexMap<String, ReferenceOr<Box<Schema>>>> =
    std::sync::LazyLock::new(IndexMap::new);

/// An `allOf`, alone or next to object keywords (no other composition keyword).
fn is_merge(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => {
            !any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
        }
        _ => false,
    }
}

/// The one branch of an `allOf` that has nothing else: the common way to attach a description,
/// a default or `nullable` to a `$ref`. The schema is that branch.
fn sole_branch(schema: &Schema) -> Option<&ReferenceOr<Schema>> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } if all_of.len() == 1 => all_of.first(),
        SchemaKind::Any(any)
            if any.all_of.len() == 1
                && any.properties.is_empty()
                && any.required.is_empty()
                && any.additional_properties.is_none() =>
        {
            any.all_of.first()
        }
        _ => None,
    }
}

/// How a query parameter (or form field) of this `style` is written; `explode` as given, absent
/// meaning the style's default (`true` for `form` only).
fn query_style(style: &openapiv3::QueryStyle, explode: Option<bool>) -> Style {
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

fn is_empty_schema(any: &openapiv3::AnySchema) -> bool {
    any.typ.is_none()
        && any.properties.is_empty()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && any.additional_properties.is_none()
}

/// A name for an inline `oneOf` branch of a primitive type.
fn describe(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Named(_) => "Value",
        TypeRef::String => "String",
        TypeRef::Integer(_) => "Integer",
        TypeRef::Number(_) => "Number",
        TypeRef::Boolean => "Boolean",
        TypeRef::Bytes => "Bytes",
        TypeRef::Array(_) => "Array",
        TypeRef::Map(_) => "Map",
        TypeRef::Nullable(inner) => describe(inner),
        TypeRef::Any => "Any",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lowers the YAML specs together, one module each (`m0`, `m1`, …).
    fn lowered(specs: &[&str]) -> (Api, Vec<Problem>) {
        let loaded: Vec<_> = specs
            .iter()
            .enumerate()
            .map(|(i, yaml)| {
                crate::load::load(i, "spec.yaml", yaml, None)
                    .unwrap_or_else(|p| panic!("{}", p.message))
            })
            .collect();
        let inputs: Vec<SpecInput> = loaded
            .iter()
            .enumerate()
            .map(|(i, l)| SpecInput {
                source: i,
                module: format!("m{i}"),
                path: "spec.yaml".to_string(),
                spec: &l.spec,
            })
            .collect();
        lower(&inputs).unwrap_or_else(|p| panic!("{p:?}"))
    }

    const BEARER: &str = "
openapi: 3.0.3
info: {title: a, version: '1'}
security: [{auth: []}]
paths: {/a: {get: {operationId: a, responses: {'204': {description: ok}}}}}
components: {securitySchemes: {auth: {type: http, scheme: bearer}}}
";

    #[test]
    fn schemes_defined_alike_are_shared_and_differing_ones_kept_apart() {
        let key = BEARER.replace(
            "{type: http, scheme: bearer}",
            "{type: apiKey, in: header, name: X-Key}",
        );
        let (api, warnings) = lowered(&[BEARER, BEARER, &key]);
        assert_eq!(api.security_schemes.len(), 2);
        assert_eq!(api.security_schemes[0].sources, [0, 1]);
        assert_eq!(api.security_schemes[1].sources, [2]);
        assert!(
            warnings[0]
                .message
                .contains("differs from the one of the same name")
        );
        // Each module's operation uses its own spec's definition.
        let scheme_of = |m: usize| api.modules[m].groups[0].operations[0].security[0][0].scheme;
        assert_eq!([scheme_of(0), scheme_of(1), scheme_of(2)], [0, 0, 1]);
    }

    #[test]
    fn a_schema_met_again_inside_itself_refers_to_its_own_type() {
        let (api, _) = lowered(&["
openapi: 3.0.3
info: {title: a, version: '1'}
paths: {}
components:
  schemas:
    Node:
      properties:
        child: {allOf: [{$ref: '#/components/schemas/Alias'}, {properties: {}}]}
    Alias: {allOf: [{$ref: '#/components/schemas/Node'}]}
"]);
        let types = &api.modules[0].types;
        let child = types
            .iter()
            .position(|t| t.pointer.ends_with("/properties/child"))
            .expect("the inline type of `child`");
        let TypeKind::Struct(s) = &types[child].kind else {
            panic!("child is a struct: {:?}", types[child].kind);
        };
        // Its own `child` property (from `Node`, through `Alias`) is itself, not a new type.
        assert_eq!(s.fields[0].ty, TypeRef::Named(child));
        assert_eq!(types.len(), 3);
    }
}
