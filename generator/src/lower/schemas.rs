//! Schemas into types: scalars, arrays and maps, objects and their fields, enums, and inline
//! schemas registered as named types after their parent.

use super::*;

impl Lowerer<'_, '_> {
    /// `#/components/schemas/X` → `Named(X)`.
    pub(super) fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .map(unescape);
        if let Some(custom) = name.as_ref().and_then(|n| self.input.types.schemas.get(n)) {
            return TypeRef::Custom(custom.clone());
        }
        let target = name.and_then(|name| self.type_ids.get(&name));
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
    pub(super) fn type_kind(&mut self, schema: &Schema, name: &Hint, pointer: &str) -> TypeKind {
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

    pub(super) fn object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: &Option<AdditionalProperties>,
        parent: &Hint,
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
        let extra = match additional {
            None | Some(AdditionalProperties::Any(true)) => Extra::Open,
            Some(AdditionalProperties::Any(false)) => Extra::Closed,
            Some(AdditionalProperties::Schema(schema)) => Extra::Typed(schema),
        };
        self.fields(&properties, &required, extra, parent, pointer)
    }

    /// A struct of `properties` (each with the pointer where it is defined).
    pub(super) fn fields(
        &mut self,
        properties: &[PropertySource<'_>],
        required: &[(String, String)],
        additional: Extra<'_>,
        parent: &Hint,
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
                    let hint = parent.child(HintPart::Property(name.to_string()));
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
                        setter: String::new(),
                        example: data.and_then(|d| d.example.clone()),
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
            Extra::Open => Additional::Open,
            Extra::Closed => Additional::Closed,
            Extra::Typed(schema) => {
                let hint = parent.child(HintPart::AdditionalProperty);
                Additional::Typed(self.maybe_null(
                    schema,
                    &hint,
                    &format!("{pointer}/additionalProperties"),
                ))
            }
        };
        Struct { fields, additional }
    }

    /// The type of a property, item, parameter or body; inline objects and enums get a named type.
    pub(super) fn type_ref<S: Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        hint: &Hint,
        pointer: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.schema_type(schema.borrow(), hint, pointer),
        }
    }

    /// The user's type for the `format` of a string, integer or number that is not an enum.
    fn custom_format(&self, schema: &Schema) -> Option<TypeRef> {
        let format = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => format_of(schema),
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.is_empty() => {
                variant_text(&i.format)
            }
            SchemaKind::Type(Type::Number(n)) => variant_text(&n.format),
            _ => None,
        }?;
        let path = self.input.types.formats.get(&format)?;
        Some(TypeRef::Custom(path.clone()))
    }

    pub(super) fn schema_type(&mut self, schema: &Schema, hint: &Hint, pointer: &str) -> TypeRef {
        let key = std::ptr::from_ref(schema);
        if let Some(&(_, id)) = self.building.iter().find(|(k, _)| *k == key) {
            return TypeRef::Named(id);
        }
        let normalized = normalize(schema);
        let schema = normalized.as_ref().unwrap_or(schema);
        if let Some(custom) = self.custom_format(schema) {
            return custom;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if string.enumeration.is_empty() => {
                match &string.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary) => {
                        TypeRef::Bytes
                    }
                    VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => {
                        TypeRef::Formatted(Format::DateTime)
                    }
                    VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => {
                        TypeRef::Formatted(Format::Uuid)
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
                            &hint.child(HintPart::Value),
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
    pub(super) fn unalias(&self, ty: TypeRef) -> TypeRef {
        match unalias(&ty, &self.types) {
            TypeRef::Array(item) => TypeRef::Array(Box::new(self.unalias((**item).clone()))),
            other => other.clone(),
        }
    }

    /// Registers an inline object or enum as a named type, named after where it appears.
    /// `key` is the address of the schema as written (before `normalize`), see `building`.
    pub(super) fn inline_type(
        &mut self,
        key: *const Schema,
        schema: &Schema,
        hint: &Hint,
        pointer: &str,
    ) -> TypeRef {
        let id = self.types.len();
        self.types.push(TypeDef {
            name: Name::new(hint.text()),
            hint: hint.clone(),
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

    pub(super) fn items(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: &Hint,
        pointer: &str,
    ) -> TypeRef {
        let item = match items {
            Some(items) => self.maybe_null(
                items,
                &hint.child(HintPart::Item),
                &format!("{pointer}/items"),
            ),
            None => TypeRef::Any,
        };
        TypeRef::Array(Box::new(item))
    }

    /// The type of an array item or map value: [`TypeRef::Nullable`] when its schema (or the
    /// component it refers to) is nullable.
    pub(super) fn maybe_null<S: Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        hint: &Hint,
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
    pub(super) fn unsupported_any(&mut self, pointer: &str, what: &str) -> TypeRef {
        self.warning(
            pointer,
            format!("{what} cannot be typed: read as any JSON value (`serde_json::Value`)"),
            "describe the value with one `type` (and `properties`), or a `oneOf` of such schemas",
        );
        TypeRef::Any
    }
}

pub(super) fn int_enum(values: &[Option<i64>], schema: &Schema) -> IntEnum {
    let varnames = Extensions::of(&schema.schema_data.extensions).enum_varnames(values.len());
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

pub(super) fn string_enum(values: &[Option<String>], schema: &Schema) -> StringEnum {
    let varnames = Extensions::of(&schema.schema_data.extensions).enum_varnames(values.len());
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

pub(super) fn format_of(schema: &Schema) -> Option<String> {
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

/// Keywords that belong to each `type`.
pub(super) fn type_keywords(typ: &str) -> &'static [&'static str] {
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
pub(super) fn normalize(schema: &Schema) -> Option<Schema> {
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

pub(super) fn is_empty_schema(any: &openapiv3::AnySchema) -> bool {
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
pub(super) fn describe(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Named(_) => "Value",
        TypeRef::String | TypeRef::Formatted(_) => "String",
        TypeRef::Custom(_) => "Value",
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

/// What a struct does with properties it does not list, borrowing the spec's schema (a
/// copy would defeat the guard against a schema met inside itself).
pub(super) enum Extra<'s> {
    Open,
    Closed,
    Typed(&'s ReferenceOr<Schema>),
}

/// A `format` of an integer or a number, as written.
fn variant_text<T: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        // `int32`, `int64`, `float`, `double`: openapiv3's variants, spelt as in the spec.
        VariantOrUnknownOrEmpty::Item(known) => Some(format!("{known:?}").to_ascii_lowercase()),
        VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_met_again_inside_itself_refers_to_its_own_type() {
        let (api, _) = lowered(&[&spec_yaml(
            "{}",
            "
    Node:
      properties:
        child: {allOf: [{$ref: '#/components/schemas/Alias'}, {properties: {}}]}
    Alias: {allOf: [{$ref: '#/components/schemas/Node'}]}",
        )]);
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

    #[test]
    fn objects_fields_and_inline_types() {
        let (api, _) = lowered(&[&spec_yaml(
            "{}",
            "
    Pet:
      required: [name]
      properties:
        name: {type: string}
        age: {type: integer, format: int32, nullable: true}
        owner: {type: object, properties: {id: {type: string}}}
        tags: {type: array, items: {type: string, nullable: true}}
        extra: {type: object, additionalProperties: {type: number}}",
        )]);
        let TypeKind::Struct(pet) = &component(&api, "Pet").kind else {
            panic!("a struct");
        };
        let field = |name: &str| pet.fields.iter().find(|f| f.name.original == name).unwrap();
        assert!(field("name").required && !field("age").required);
        assert_eq!(field("age").ty, TypeRef::Integer(IntFormat::I32));
        assert!(field("age").nullable);
        let TypeRef::Named(owner) = field("owner").ty else {
            panic!("an inline object is a named type");
        };
        assert!(
            api.modules[0].types[owner]
                .pointer
                .ends_with("/properties/owner")
        );
        assert_eq!(
            field("tags").ty,
            TypeRef::Array(Box::new(TypeRef::Nullable(Box::new(TypeRef::String))))
        );
        assert_eq!(
            field("extra").ty,
            TypeRef::Map(Box::new(TypeRef::Number(NumberFormat::F64)))
        );
    }

    #[test]
    fn enums_take_their_variant_names_from_the_spec() {
        let (api, _) = lowered(&[&spec_yaml(
            "{}",
            "
    Color: {type: string, enum: [r, g], x-enum-varnames: [Red, Green]}
    Level: {type: integer, enum: [1, 2]}",
        )]);
        let TypeKind::StringEnum(color) = &component(&api, "Color").kind else {
            panic!("a string enum");
        };
        let hints: Vec<_> = color
            .variants
            .iter()
            .map(|v| v.varname_hint.as_deref())
            .collect();
        assert_eq!(hints, [Some("Red"), Some("Green")]);
        assert!(matches!(
            component(&api, "Level").kind,
            TypeKind::IntEnum(_)
        ));
    }
}
