//! Model files: one view and one template per kind of type (`templates/model/`). Structs and
//! enums are invocations of the crate's macros (`runtime/src/macros.rs`); unions are written
//! out, their branch reading decided here and spelled by the templates.

use askama::Template;

use super::text::{code_list, docs, lit};
use super::types::rust_type;
use crate::ir::*;

/// A model file, by kind.
pub(super) enum ModelFile {
    Struct(StructView),
    Enum(EnumView),
    OneOf(OneOfView),
    Tagged(TaggedView),
    AnyOf(AnyOfView),
    Alias(AliasView),
    Newtype(AliasView),
}

impl ModelFile {
    pub(super) fn render(&self) -> askama::Result<String> {
        match self {
            ModelFile::Struct(v) => v.render(),
            ModelFile::Enum(v) => v.render(),
            ModelFile::OneOf(v) => v.render(),
            ModelFile::Tagged(v) => v.render(),
            ModelFile::AnyOf(v) => v.render(),
            ModelFile::Alias(v) => v.render(),
            ModelFile::Newtype(v) => NewtypeView(v).render(),
        }
    }

    /// The template's name, for errors.
    pub(super) fn template(&self) -> &'static str {
        match self {
            ModelFile::Struct(_) => "model/struct.rs",
            ModelFile::Enum(_) => "model/enum.rs",
            ModelFile::OneOf(_) => "model/one_of.rs",
            ModelFile::Tagged(_) => "model/tagged.rs",
            ModelFile::AnyOf(_) => "model/any_of.rs",
            ModelFile::Alias(_) => "model/alias.rs",
            ModelFile::Newtype(_) => "model/newtype.rs",
        }
    }

    /// Structs and enums are macro invocations, aliases one line: their template lays them out.
    pub(super) fn laid_out(&self) -> bool {
        matches!(
            self,
            ModelFile::Struct(_) | ModelFile::Enum(_) | ModelFile::Alias(_)
        )
    }
}

/// A struct: an invocation of `macros::object!`.
#[derive(Template)]
#[template(path = "model/struct.rs")]
pub(super) struct StructView {
    docs: Vec<String>,
    name: String,
    derives: String,
    fields: Vec<FieldView>,
    /// `additional_properties` value type, when the struct keeps unknown properties.
    additional: Option<String>,
    /// `additionalProperties: false`: properties left over are an error.
    closed: bool,
    /// `new` arguments: the required fields and their types.
    new_args: Vec<(String, String)>,
}

struct FieldView {
    docs: Vec<String>,
    name: String,
    ty: String,
    /// How the field is read, written and set by `new`: a kind of `macros::object!`.
    kind: &'static str,
    /// The property's name on the wire, as a literal.
    key: String,
    /// An optional field's setter and the type it takes (`impl Into<…>` of it).
    setter: Option<(String, String)>,
}

/// A string or integer enum: an invocation of `macros::string_enum!` or `int_enum!`.
#[derive(Template)]
#[template(path = "model/enum.rs")]
pub(super) struct EnumView {
    docs: Vec<String>,
    name: String,
    macro_name: &'static str,
    variants: Vec<VariantView>,
}

struct VariantView {
    docs: Vec<String>,
    name: String,
    /// The wire value, as a literal.
    value: String,
}

/// A `oneOf` without a discriminator.
#[derive(Template)]
#[template(path = "model/one_of.rs")]
pub(super) struct OneOfView {
    docs: Vec<String>,
    name: String,
    /// The derives `codegen.toml` asks for that the type allows (`, Eq, Hash`).
    extra: String,
    branches: Vec<BranchView>,
}

/// A `oneOf` told apart by a discriminator property.
#[derive(Template)]
#[template(path = "model/tagged.rs")]
pub(super) struct TaggedView {
    docs: Vec<String>,
    name: String,
    /// The derives `codegen.toml` asks for that the type allows (`, Eq, Hash`).
    extra: String,
    /// The tag property, as a literal.
    tag_property: String,
    branches: Vec<BranchView>,
}

/// An `anyOf`: a struct of optional branches.
#[derive(Template)]
#[template(path = "model/any_of.rs")]
pub(super) struct AnyOfView {
    docs: Vec<String>,
    name: String,
    /// The derives `codegen.toml` asks for that the type allows (`, Eq, Hash`).
    extra: String,
    branches: Vec<BranchView>,
}

/// A type alias.
#[derive(Template)]
#[template(path = "model/alias.rs")]
pub(super) struct AliasView {
    docs: Vec<String>,
    name: String,
    /// The derives `codegen.toml` asks for that the type allows (`, Eq, Hash`).
    extra: String,
    ty: String,
}

/// A newtype: an alias that contains itself, as a tuple struct read and written as what it
/// holds.
#[derive(Template)]
#[template(path = "model/newtype.rs")]
struct NewtypeView<'a>(&'a AliasView);

/// A branch of a union.
struct BranchView {
    docs: Vec<String>,
    name: String,
    /// The type a value is decoded as.
    inner: String,
    /// The type the branch holds: `inner`, or `Box<inner>` for a type that may contain the
    /// union.
    held: String,
    boxed: bool,
    /// An object branch of a `oneOf`: its known and required property names (literals), for
    /// the exact-fit pass.
    keys: Option<BranchKeys>,
    /// Discriminator values that select it (literals), the first one written.
    tags: Vec<String>,
}

struct BranchKeys {
    known: Vec<String>,
    required: Vec<String>,
}

/// The view of a model file.
/// `extra`: the derives the user asks for that the type allows (`, Eq, Hash`), or nothing.
pub(super) fn model_view(def: &TypeDef, types: &[TypeDef], extra: String) -> ModelFile {
    // Without a description: what the schema is, from where it appears.
    let description = def.description.clone().unwrap_or_else(|| {
        match def.pointer.strip_prefix("#/components/schemas/") {
            Some(name) if !name.contains('/') => format!("The `{}` schema.", def.name.original),
            _ => def.hint.describe(),
        }
    });
    let docs = docs(&description);
    let name = def.name.rust.clone();
    match &def.kind {
        TypeKind::Struct(s) => ModelFile::Struct(struct_view(docs, name, s, types, &extra)),
        TypeKind::StringEnum(e) => ModelFile::Enum(EnumView {
            docs,
            name,
            macro_name: "string_enum",
            variants: e
                .variants
                .iter()
                .map(|v| VariantView {
                    docs: super::text::docs(&format!("The value `{}`.", v.name.original)),
                    name: v.name.rust.clone(),
                    value: lit(&v.name.original),
                })
                .collect(),
        }),
        TypeKind::IntEnum(e) => ModelFile::Enum(EnumView {
            docs,
            name,
            macro_name: "int_enum",
            variants: e
                .variants
                .iter()
                .map(|v| VariantView {
                    docs: super::text::docs(&format!("The value `{}`.", v.value)),
                    name: v.name.rust.clone(),
                    value: v.value.to_string(),
                })
                .collect(),
        }),
        TypeKind::OneOf(o) => one_of_view(docs, name, o, types, extra),
        TypeKind::AnyOf(o) => ModelFile::AnyOf(AnyOfView {
            docs,
            name,
            extra,
            branches: o
                .variants
                .iter()
                .map(|v| {
                    let text = format!(
                        "The `{}` branch, when the value matches it.",
                        v.name.original
                    );
                    branch(v, text, None, Vec::new(), types)
                })
                .collect(),
        }),
        TypeKind::Alias(ty) => ModelFile::Alias(AliasView {
            docs,
            name,
            extra,
            ty: rust_type(ty, types, "super::"),
        }),
        TypeKind::Newtype(ty) => ModelFile::Newtype(AliasView {
            docs,
            name,
            extra,
            ty: rust_type(ty, types, "super::"),
        }),
    }
}

fn struct_view(
    docs: Vec<String>,
    name: String,
    s: &Struct,
    types: &[TypeDef],
    extra: &str,
) -> StructView {
    let mut view = StructView {
        docs,
        name,
        // `Serialize` and `Deserialize` are written by `macros::object!`.
        derives: if s.fields.iter().all(|f| !f.required) {
            format!("Debug, Clone, PartialEq{extra}, Default")
        } else {
            format!("Debug, Clone, PartialEq{extra}")
        },
        fields: Vec::new(),
        additional: match &s.additional {
            Additional::Open => Some("serde_json::Value".into()),
            Additional::Typed(ty) => Some(rust_type(ty, types, "super::")),
            Additional::Closed => None,
        },
        closed: s.additional == Additional::Closed,
        new_args: Vec::new(),
    };
    for field in &s.fields {
        let unboxed = rust_type(&field.ty, types, "super::");
        let inner = if field.boxed {
            format!("Box<{unboxed}>")
        } else {
            unboxed.clone()
        };
        let nullable = field.nullable;
        // An optional field's setter takes what is inside its `Option`.
        let setter = (!field.required).then(|| {
            let takes = if nullable {
                format!("Option<{inner}>")
            } else {
                inner.clone()
            };
            (field.setter.clone(), takes)
        });
        let ty = match (field.required, nullable) {
            (true, false) => inner,
            (true, true) | (false, false) => format!("Option<{inner}>"),
            (false, true) => format!("Option<Option<{inner}>>"),
        };
        let kind = match (field.required, nullable) {
            (true, true) if field.boxed => "required_nullable_boxed",
            (true, false) if field.boxed => "required_boxed",
            (true, _) => "required",
            (false, false) => "optional",
            (false, true) => "nullable",
        };
        if field.required {
            let arg_ty = match (field.boxed, nullable) {
                (true, true) => format!("Option<{unboxed}>"),
                (true, false) => unboxed,
                (false, _) => ty.clone(),
            };
            view.new_args.push((field.name.rust.clone(), arg_ty));
        }
        view.fields.push(FieldView {
            docs: field_docs(field, nullable, types),
            name: field.name.rust.clone(),
            ty,
            kind,
            key: lit(&field.name.original),
            setter,
        });
    }
    view
}

/// A field's docs: its description (or that of the type it names), then what the spec says
/// of it, on the description's last line.
fn field_docs(field: &Field, nullable: bool, types: &[TypeDef]) -> Vec<String> {
    let mut notes = Vec::new();
    if field.required {
        notes.push("Required".to_string());
    }
    if nullable {
        notes.push(if field.required {
            "may be `null` (`None`)".into()
        } else {
            "`Some(None)` sends `null`".into()
        });
    }
    if field.read_only {
        notes.push("read-only: set by the server".into());
    }
    if field.write_only {
        notes.push("write-only: never returned by the server".into());
    }
    if let Some(format) = &field.format {
        notes.push(format!("format `{format}`"));
    }
    let referenced = match &field.ty {
        TypeRef::Named(id) => types[*id].description.clone(),
        _ => None,
    };
    let description = field
        .description
        .clone()
        .or(referenced)
        .unwrap_or_else(|| format!("The `{}` property.", field.name.original));
    if notes.is_empty() {
        docs(&description)
    } else {
        docs(&format!("{description} {}.", notes.join("; ")))
    }
}

fn one_of_view(
    docs: Vec<String>,
    name: String,
    o: &OneOf,
    types: &[TypeDef],
    extra: String,
) -> ModelFile {
    let branches = o.variants.iter().enumerate().map(|(index, variant)| {
        let tags: Vec<&String> = o
            .discriminator
            .iter()
            .flat_map(|d| d.tags.iter().filter(|(_, i)| *i == index))
            .map(|(tag, _)| tag)
            .collect();
        let tag_docs = match tags.as_slice() {
            [] => String::new(),
            tags => format!(" Tagged {}.", code_list(tags.iter().copied(), " or ")),
        };
        let keys = match &variant.ty {
            TypeRef::Named(id) => match &types[*id].kind {
                TypeKind::Struct(s) => Some(BranchKeys {
                    known: s.fields.iter().map(|f| lit(&f.name.original)).collect(),
                    required: s
                        .fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| lit(&f.name.original))
                        .collect(),
                }),
                _ => None,
            },
            _ => None,
        };
        let text = format!("The `{}` branch.{tag_docs}", variant.name.original);
        let tags = tags.into_iter().map(|t| lit(t)).collect();
        branch(variant, text, keys, tags, types)
    });
    match &o.discriminator {
        None => ModelFile::OneOf(OneOfView {
            docs,
            name,
            extra,
            branches: branches.collect(),
        }),
        Some(discriminator) => {
            let mut docs = docs;
            docs.push(r#"#[doc = ""]"#.to_string());
            docs.extend(super::text::docs(&format!(
                "One of the branches below, told by the value of its `{}` property, which is written once, from the branch's tag. A value whose tag names no branch is kept as [`Self::Unknown`].",
                discriminator.property
            )));
            ModelFile::Tagged(TaggedView {
                docs,
                name,
                extra,
                tag_property: lit(&discriminator.property),
                branches: branches.collect(),
            })
        }
    }
}

/// A union branch (boxed as the boxing pass decided).
fn branch(
    variant: &OneOfVariant,
    text: String,
    keys: Option<BranchKeys>,
    tags: Vec<String>,
    types: &[TypeDef],
) -> BranchView {
    let inner = rust_type(&variant.ty, types, "super::");
    let boxed = variant.boxed;
    BranchView {
        docs: docs(&text),
        name: variant.name.rust.clone(),
        held: if boxed {
            format!("Box<{inner}>")
        } else {
            inner.clone()
        },
        inner,
        boxed,
        keys,
        tags,
    }
}
