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

mod bodies;
mod composition;
mod extensions;
mod operations;
mod responses;
mod schemas;
mod shared;

use bodies::*;
use composition::*;
use extensions::Extensions;
use operations::*;
use schemas::*;
use shared::*;

/// One spec to lower: its index among the sources, the module name and the parsed document.
pub struct SpecInput<'a> {
    pub source: usize,
    pub module: String,
    pub path: String,
    pub spec: &'a OpenAPI,
    /// Formats and schemas the user maps to types of their own.
    pub types: &'a crate::TypeOverrides,
}

/// A schema the user maps to a type of theirs that no spec defines: most likely a typo.
fn unknown_schema_overrides(inputs: &[SpecInput<'_>], problems: &mut Vec<Problem>) {
    let Some(first) = inputs.first() else {
        return;
    };
    for name in first.types.schemas.keys() {
        let defined = inputs.iter().any(|input| {
            input
                .spec
                .components
                .as_ref()
                .is_some_and(|c| c.schemas.contains_key(name))
        });
        if !defined {
            problems.push(Problem::warning(
                first.source,
                "#/components/schemas",
                format!("the types of codegen.toml map schema `{name}`, which no spec defines"),
                "check the spelling: schemas are matched by their name in `#/components/schemas`",
            ));
        }
    }
}

/// The intermediate model and the warnings, or every problem (errors and warnings) found.
pub fn lower(inputs: &[SpecInput<'_>]) -> Result<(Api, Vec<Problem>), Vec<Problem>> {
    let mut problems = Vec::new();
    unknown_schema_overrides(inputs, &mut problems);
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
                hint: Hint::root(name),
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
                    self.types[id].kind = self.type_kind(schema, &Hint::root(name), &pointer);
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

fn parent_pointer(pointer: &str) -> &str {
    pointer
        .rsplit_once('/')
        .map_or(pointer, |(parent, _)| parent)
}

static EMPTY_PROPERTIES: std::sync::LazyLock<IndexMap<String, ReferenceOr<Box<Schema>>>> =
    std::sync::LazyLock::new(IndexMap::new);

#[cfg(test)]
/// Lowers the YAML specs together, one module each (`m0`, `m1`, …).
fn lowered(specs: &[&str]) -> (Api, Vec<Problem>) {
    lowered_with(specs, &NO_OVERRIDES)
}

#[cfg(test)]
/// [`lowered`] with types of the user's.
fn lowered_with(specs: &[&str], types: &crate::TypeOverrides) -> (Api, Vec<Problem>) {
    let loaded: Vec<_> = specs
        .iter()
        .enumerate()
        .map(|(i, yaml)| {
            crate::load::load(i, &crate::Spec::new("spec.yaml", *yaml, "spec"))
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
            types,
        })
        .collect();
    lower(&inputs).unwrap_or_else(|p| panic!("{p:?}"))
}

#[cfg(test)]
static NO_OVERRIDES: crate::TypeOverrides = crate::TypeOverrides::NONE;

/// A spec with `paths` and `components/schemas` given as YAML (indented as map values).
#[cfg(test)]
fn spec_yaml(paths: &str, schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {paths}\ncomponents:\n  schemas: {schemas}\n"
    )
}

/// The first operation of the first module.
#[cfg(test)]
fn first_operation(api: &Api) -> &Operation {
    &api.modules[0].groups[0].operations[0]
}

/// The type of the component schema `name` of the first module.
#[cfg(test)]
fn component<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.modules[0]
        .types
        .iter()
        .find(|t| t.pointer == format!("#/components/schemas/{name}"))
        .unwrap_or_else(|| panic!("no component {name}"))
}

#[cfg(test)]
mod overrides {
    use super::*;

    #[test]
    fn formats_and_schemas_of_the_users_become_their_types() {
        let mut types = crate::TypeOverrides::default();
        types
            .formats
            .insert("decimal".into(), "rust_decimal::Decimal".into());
        types.formats.insert("int64".into(), "u64".into());
        types.schemas.insert("Money".into(), "money::Money".into());
        types.schemas.insert("Mony".into(), "money::Money".into());
        let yaml = spec_yaml(
            "{}",
            r##"
    Money: {type: object, properties: {amount: {type: string}}}
    Invoice:
      type: object
      properties:
        total: {$ref: "#/components/schemas/Money"}
        rate: {type: number, format: decimal}
        count: {type: integer, format: int64}
        note: {type: string, format: decimal, enum: [a]}"##,
        );
        let (api, warnings) = lowered_with(&[&yaml], &types);
        let TypeKind::Struct(invoice) = &component(&api, "Invoice").kind else {
            panic!("a struct");
        };
        let ty = |name: &str| {
            &invoice
                .fields
                .iter()
                .find(|f| f.name.original == name)
                .unwrap()
                .ty
        };
        assert_eq!(ty("total"), &TypeRef::Custom("money::Money".into()));
        assert_eq!(ty("rate"), &TypeRef::Custom("rust_decimal::Decimal".into()));
        assert_eq!(ty("count"), &TypeRef::Custom("u64".into()));
        // An enum stays an enum, whatever its format.
        assert!(matches!(ty("note"), TypeRef::Named(_)));
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            ["the types of codegen.toml map schema `Mony`, which no spec defines"]
        );
    }
}
