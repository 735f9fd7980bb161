//! The code every model of one shape shares, written once. A model file calls one of these
//! macros with what the spec says (names, types, wire names and docs); the macro writes the
//! type, its JSON reading and writing and its constructors. Thousands of models written out in
//! full made the crate three times longer and its compilation heavier, for no difference in
//! what they do.

/// A struct read from and written to a JSON object, property by property.
///
/// Each field is `name: Type = kind "wire name" index` (its place in the struct, which the
/// reader's table of wire names returns), where `kind` is the reader's and writer's method for
/// the field and says how `new` initialises it: `required`, `required_boxed` (a required field stored in a `Box`),
/// `required_nullable_boxed` (the same, `Option<Box<T>>`, as `null` may be sent),
/// `optional` (absent is `None`; left out when `None`) or `nullable` (as `optional`, and
/// `Some(None)` is `null`). `additional_properties: Type` keeps the properties the spec does not
/// list; `closed: true` refuses them (`additionalProperties: false`). `new` takes the required
/// fields; an optional field given `=> setter(Type)` gets a chainable setter that takes
/// `impl Into<Type>` (what is inside its `Option`).
///
/// JSON is read in one pass (`runtime::ObjectReader`): each field has a typed slot, each key
/// is looked up in the table of wire names and its value read straight into the slot.
#[allow(unused_macros)]
macro_rules! object {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $($(#[$field_attr:meta])* $field:ident: $ty:ty = $kind:ident $key:literal $index:literal $(=> $setter:ident($set_ty:ty))?,)*
        }
        $(additional_properties: $additional:ty,)?
        closed: $closed:literal,
        new($($arg:ident: $arg_ty:ty),*);
    ) => {
        $(#[$attr])*
        pub struct $name {
            $($(#[$field_attr])* pub $field: $ty,)*
            $(
                /// Properties the spec does not list, kept as received so that nothing is lost.
                pub additional_properties: std::collections::BTreeMap<String, $additional>,
            )?
        }

        impl serde::Serialize for $name {
            // A closed object with no properties writes nothing.
            #[allow(unused_mut)]
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = $crate::json::ObjectWriter::new(serializer)?;
                $(object.$kind($key, &self.$field);)*
                $(object.rest::<$additional>(&self.additional_properties);)?
                object.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::json::read_object(deserializer)
            }
        }

        impl<'de> $crate::json::ReadObject<'de> for $name {
            fn read<A: serde::de::MapAccess<'de>>(
                mut object: $crate::json::ObjectReader<'de, A>,
            ) -> Result<Self, A::Error> {
                $(let mut $field: Option<$ty> = None;)*
                let mut rest = $crate::macros::rest!($($additional)?);
                while let Some(index) = object.key(&[$($key),*]) {
                    match index {
                        $($index => object.$kind($key, &mut $field),)*
                        _ => object.other(&mut rest, $closed),
                    }
                }
                object.end()?;
                Ok(Self {
                    $($field: $crate::macros::take!($kind $field $key),)*
                    $(additional_properties: {
                        let rest: std::collections::BTreeMap<String, $additional> = rest;
                        rest
                    },)?
                })
            }
        }

        impl $name {
            /// A value with the required properties set and every optional one unset.
            #[allow(clippy::too_many_arguments)]
            pub fn new($($arg: $arg_ty),*) -> Self {
                Self {
                    $($field: $crate::macros::init!($kind $field),)*
                    $(additional_properties: std::collections::BTreeMap::<String, $additional>::new(),)?
                }
            }

            $($(
                #[doc = concat!("Sets `", stringify!($field), "` (`", $key, "` on the wire), for building a value in one expression: `", stringify!($name), "::new(…).", stringify!($setter), "(value)`.")]
                #[must_use]
                pub fn $setter(mut self, value: impl std::convert::Into<$set_ty>) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )?)*
        }
    };
}

/// The field of `kind` from its slot once the object is read.
#[allow(unused_macros)]
macro_rules! take {
    (optional $slot:ident $key:literal) => {
        $slot.flatten()
    };
    (nullable $slot:ident $key:literal) => {
        $slot.flatten()
    };
    ($kind:ident $slot:ident $key:literal) => {
        $crate::json::present($slot, $key)?
    };
}

/// Where the properties a struct does not list go.
#[allow(unused_macros)]
macro_rules! rest {
    () => {
        $crate::json::NoRest
    };
    ($additional:ty) => {
        std::collections::BTreeMap::<String, $additional>::new()
    };
}

/// The value `new` gives a field of `kind`: its argument, boxed if need be, or `None`.
#[allow(unused_macros)]
macro_rules! init {
    (required $field:ident) => {
        $field
    };
    (required_boxed $field:ident) => {
        Box::new($field)
    };
    (required_nullable_boxed $field:ident) => {
        $field.map(Box::new)
    };
    (optional $field:ident) => {
        None
    };
    (nullable $field:ident) => {
        None
    };
}

/// An enum of the string values the spec lists, `Variant = "value"`, that keeps any other
/// value as `Unknown`, read and written as a JSON string.
#[allow(unused_macros)]
macro_rules! string_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $($(#[$variant_attr:meta])* $variant:ident = $value:literal,)*
        }
    ) => {
        $(#[$attr])*
        ///
        /// A value this client does not know (from a newer server) is kept as [`Self::Unknown`].
        /// Values compare, order and hash as their wire strings.
        #[derive(Debug, Clone)]
        pub enum $name {
            $($(#[$variant_attr])* $variant,)*
            /// A value the spec does not list, kept as received.
            Unknown(String),
        }

        // By the wire string: one line each instead of derived matches over every variant.
        impl std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl std::cmp::Eq for $name {}

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl std::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl std::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl $name {
            /// The value as it goes over the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl std::convert::From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        // Direct impls rather than `serde(from, into)`: thousands of `impl From<Enum> for
        // String` would make the compiler's coherence check quadratic.
        impl serde::Serialize for $name {
            // A closed object with no properties writes nothing.
            #[allow(unused_mut)]
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            #[allow(unused_variables)]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// An enum of the integer values the spec lists, `Variant = value`, that keeps any other value
/// as `Unknown`, read and written as a JSON integer.
#[allow(unused_macros)]
macro_rules! int_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $($(#[$variant_attr:meta])* $variant:ident = $value:literal,)*
        }
    ) => {
        $(#[$attr])*
        ///
        /// A value this client does not know (from a newer server) is kept as [`Self::Unknown`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$variant_attr])* $variant,)*
            /// A value the spec does not list, kept as received.
            Unknown(i64),
        }

        impl $name {
            /// The value as it goes over the wire.
            pub fn value(self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl serde::Serialize for $name {
            // A closed object with no properties writes nothing.
            #[allow(unused_mut)]
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            #[allow(unused_variables)]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use {init, int_enum, object, rest, string_enum, take};
