//! Composition: `allOf` merged into one struct (or read as the one type its parts share),
//! `oneOf` and `anyOf` as unions, discriminators and their tags, `$ref` chains.

use super::*;

impl Lowerer<'_, '_> {
    /// `allOf: [Base, {oneOf: [A, B]}, Extra]`: one of `Base + A + Extra` and `Base + B +
    /// Extra`, each merged into a struct named after its branch (a scalar branch stays as it
    /// is: properties only apply to objects).
    pub(super) fn distributed_all_of(
        &mut self,
        schema: &Schema,
        hint: &Hint,
        pointer: &str,
    ) -> Option<OneOf> {
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
    pub(super) fn scalar_all_of(
        &mut self,
        schema: &Schema,
        hint: &Hint,
        pointer: &str,
    ) -> Option<TypeRef> {
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
    pub(super) fn all_of(&mut self, schema: &Schema, parent: &Hint, pointer: &str) -> Struct {
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
            Some(schema) => Extra::Typed(schema),
            None if closed == Some(true) => Extra::Closed,
            None => Extra::Open,
        };
        let properties: Vec<PropertySource<'_>> = properties
            .iter()
            .map(|(name, (schema, pointer))| PropertySource {
                name,
                schema,
                pointer: pointer.clone(),
            })
            .collect();
        self.fields(&properties, &required, additional, parent, pointer)
    }

    /// Adds the object parts of `schema` (at `pointer`) to `merged`. `path` holds the component
    /// schemas being merged, to report an `allOf` that contains itself.
    pub(super) fn merge_into<'s>(
        &mut self,
        spec: &'s OpenAPI,
        schema: &'s Schema,
        pointer: &str,
        merged: &mut Merged<'s>,
        path: &mut Vec<String>,
    ) {
        let Some((properties, required, additional, branches)) = object_parts(schema) else {
            self.warning(
                pointer,
                "an `allOf` part that is not an object: left out of the merged struct",
                "`allOf` becomes one struct: make every part an object (or a `$ref` to one)",
            );
            return;
        };
        merged.add(properties, required, pointer);
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
    pub(super) fn component<'s>(
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
    pub(super) fn one_of(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        keyword: &str,
        parent: &Hint,
        pointer: &str,
    ) -> OneOf {
        self.one_of_tagged(branches, keyword, parent, pointer, &[])
    }

    /// [`Self::one_of`], where an inline branch with a tag value (`tags`, by branch) is named
    /// after its parent and that value.
    pub(super) fn one_of_tagged(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        keyword: &str,
        parent: &Hint,
        pointer: &str,
        tags: &[Option<String>],
    ) -> OneOf {
        let variants = branches
            .iter()
            .enumerate()
            .map(|(index, branch)| {
                let tag = tags.get(index).and_then(Option::as_ref);
                let hint = match tag {
                    Some(tag) => parent.child(HintPart::Branch(Some(tag.clone()), index + 1)),
                    None => parent.child(HintPart::Branch(None, index + 1)),
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
                    boxed: false,
                }
            })
            .collect();
        OneOf {
            variants,
            discriminator: None,
        }
    }

    /// The tags of a `oneOf`'s branches: from `mapping`, else each referenced schema's name.
    pub(super) fn discriminator(
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
}

/// The parts of an `allOf`, the index of its one part that is a `oneOf`/`anyOf`, and that
/// part's branches.
pub(super) type CompositionPart<'s> = (&'s [ReferenceOr<Schema>], usize, &'s [ReferenceOr<Schema>]);

/// The [`CompositionPart`] of an `allOf` whose one part that is not an object (or a `$ref`
/// to one) is a `oneOf`/`anyOf`, inline or by `$ref`.
pub(super) fn composition_part<'s>(
    spec: &'s OpenAPI,
    schema: &'s Schema,
) -> Option<CompositionPart<'s>> {
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
pub(super) fn inline_tag(branch: &ReferenceOr<Schema>, property: &str) -> Option<String> {
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

/// Where a chain of `$ref`s between component schemas ends.
pub(super) enum ChainEnd<'s> {
    /// At a schema: its component name.
    Schema(String, &'s Schema),
    /// At a reference that names no component schema.
    Dangling(&'s str),
    /// Nowhere: the chain comes round again.
    Cycle,
}

pub(super) fn follow_refs<'s>(spec: &'s OpenAPI, mut reference: &'s str) -> ChainEnd<'s> {
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
pub(super) struct PropertySource<'s> {
    pub(super) name: &'s str,
    pub(super) schema: &'s ReferenceOr<Box<Schema>>,
    pub(super) pointer: String,
}

/// The object parts of an `allOf`, gathered.
#[derive(Default)]
pub(super) struct Merged<'s> {
    properties: IndexMap<String, (&'s ReferenceOr<Box<Schema>>, String)>,
    /// Each required name with the pointer of its entry.
    required: Vec<(String, String)>,
    additional: Option<&'s ReferenceOr<Schema>>,
    /// `Some(true)` while every part seen says `additionalProperties: false`.
    closed: Option<bool>,
}

type ObjectParts<'s> = (
    &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    &'s [String],
    &'s Option<AdditionalProperties>,
    &'s [ReferenceOr<Schema>],
);

/// What an object part of an `allOf` adds: properties, required names, additional properties
/// and its own `allOf` parts; `None` for a part that is not an object.
fn object_parts(schema: &Schema) -> Option<ObjectParts<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some((
            &object.properties,
            &object.required,
            &object.additional_properties,
            &[][..],
        )),
        SchemaKind::AllOf { all_of } => Some((&*EMPTY_PROPERTIES, &[], &None, all_of.as_slice())),
        SchemaKind::Any(any)
            if any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
                && any.typ.as_deref().is_none_or(|t| t == "object") =>
        {
            Some((
                &any.properties,
                &any.required,
                &any.additional_properties,
                any.all_of.as_slice(),
            ))
        }
        _ => None,
    }
}

impl<'s> Merged<'s> {
    /// Adds a part's properties (a later part's schema wins, unless it only annotates) and
    /// required names (each once, with where it is listed).
    fn add(
        &mut self,
        properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &str,
    ) {
        for (name, property) in properties {
            let annotation_only = matches!(property, ReferenceOr::Item(s)
                if matches!(&s.schema_kind, SchemaKind::Any(any) if is_empty_schema(any)));
            let entry = (property, format!("{pointer}/properties/{}", escape(name)));
            match self.properties.get_mut(name) {
                Some(_) if annotation_only => {}
                Some(existing) => *existing = entry,
                None => {
                    self.properties.insert(name.to_string(), entry);
                }
            }
        }
        for (index, name) in required.iter().enumerate() {
            if !self.required.iter().any(|(n, _)| n == name) {
                self.required
                    .push((name.clone(), format!("{pointer}/required/{index}")));
            }
        }
    }
}

/// An `allOf`, alone or next to object keywords (no other composition keyword).
pub(super) fn is_merge(schema: &Schema) -> bool {
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
pub(super) fn sole_branch(schema: &Schema) -> Option<&ReferenceOr<Schema>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_of_parts_merge_into_one_struct() {
        let (api, _) = lowered(&[&spec_yaml(
            "{}",
            "
    Base: {required: [id], properties: {id: {type: string}, note: {type: string}}}
    Child:
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - {required: [size], properties: {size: {type: integer}, note: {description: only words}}}",
        )]);
        let TypeKind::Struct(child) = &component(&api, "Child").kind else {
            panic!("a struct");
        };
        let fields: Vec<(&str, bool)> = child
            .fields
            .iter()
            .map(|f| (f.name.original.as_str(), f.required))
            .collect();
        assert_eq!(fields, [("id", true), ("note", false), ("size", true)]);
        // A later part that only annotates keeps the earlier type.
        assert_eq!(child.fields[1].ty, TypeRef::String);
    }

    #[test]
    fn an_all_of_of_one_scalar_type_is_that_type() {
        let (api, _) = lowered(&[&spec_yaml(
            "{}",
            "
    Id: {type: string, pattern: '^[a-z]+$'}
    Named: {allOf: [{$ref: '#/components/schemas/Id'}, {type: string, description: the id}]}",
        )]);
        let id = api.modules[0]
            .types
            .iter()
            .position(|t| t.name.original == "Id")
            .unwrap();
        assert!(
            matches!(component(&api, "Named").kind, TypeKind::Alias(TypeRef::Named(to)) if to == id)
        );
    }

    #[test]
    fn a_discriminator_tags_each_branch() {
        let (api, _) = lowered(&[&spec_yaml(
            "{}",
            "
    Cat: {type: object, required: [kind], properties: {kind: {type: string}}}
    Dog: {type: object, required: [kind], properties: {kind: {type: string}}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {meow: '#/components/schemas/Cat'}}",
        )]);
        let TypeKind::OneOf(pet) = &component(&api, "Pet").kind else {
            panic!("a oneOf");
        };
        let discriminator = pet.discriminator.as_ref().unwrap();
        assert_eq!(discriminator.property, "kind");
        assert_eq!(
            discriminator.tags,
            [("meow".to_string(), 0), ("Dog".to_string(), 1)]
        );
    }
}
