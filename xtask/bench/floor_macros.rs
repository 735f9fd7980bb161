
// The benchmark's floor, appended to a copy of the generated crate's `macros.rs` by `cargo
// xtask bench --decode`: every struct as `#[derive(Deserialize, Serialize)]` with the same
// fields, wire names and rules (optional fields left out when unset, nullable ones keep
// `null`, open objects keep unknown properties through `flatten`, closed ones refuse them).

#[allow(unused_macros)]
macro_rules! object {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $($(#[$field_attr:meta])* $field:ident: $ty:ty = $kind:ident $key:literal $index:literal,)*
        }
        $(additional_properties: $additional:ty,)?
        closed: $closed:tt,
        new($($arg:ident: $arg_ty:ty),*);
    ) => {
        $crate::macros::derived! {
            [$(#[$attr])*] $name $closed [$($additional)?] []
            $($field: $ty = $kind $key,)*
        }

        impl $name {
            #[allow(clippy::too_many_arguments)]
            pub fn new($($arg: $arg_ty),*) -> Self {
                Self {
                    $($field: $crate::macros::init!($kind $field),)*
                    $(additional_properties: std::collections::BTreeMap::<String, $additional>::new(),)?
                }
            }
        }
    };
}

#[allow(unused_macros)]
macro_rules! derived {
    ($attrs:tt $name:ident $closed:tt $additional:tt [$($done:tt)*]
        $field:ident: $ty:ty = optional $key:literal, $($rest:tt)*) => {
        $crate::macros::derived! { $attrs $name $closed $additional [$($done)*
            #[serde(rename = $key, default, skip_serializing_if = "Option::is_none")]
            pub $field: $ty,
        ] $($rest)* }
    };
    ($attrs:tt $name:ident $closed:tt $additional:tt [$($done:tt)*]
        $field:ident: $ty:ty = nullable $key:literal, $($rest:tt)*) => {
        $crate::macros::derived! { $attrs $name $closed $additional [$($done)*
            #[serde(rename = $key, default, skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::macros::double_option")]
            pub $field: $ty,
        ] $($rest)* }
    };
    ($attrs:tt $name:ident $closed:tt $additional:tt [$($done:tt)*]
        $field:ident: $ty:ty = $kind:ident $key:literal, $($rest:tt)*) => {
        $crate::macros::derived! { $attrs $name $closed $additional [$($done)*
            #[serde(rename = $key)]
            pub $field: $ty,
        ] $($rest)* }
    };
    ([$($attr:tt)*] $name:ident false [] [$($done:tt)*]) => {
        $($attr)*
        #[derive(serde::Deserialize, serde::Serialize)]
        pub struct $name { $($done)* }
    };
    ([$($attr:tt)*] $name:ident true [] [$($done:tt)*]) => {
        $($attr)*
        #[derive(serde::Deserialize, serde::Serialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name { $($done)* }
    };
    ([$($attr:tt)*] $name:ident $closed:tt [$additional:ty] [$($done:tt)*]) => {
        $($attr)*
        #[derive(serde::Deserialize, serde::Serialize)]
        pub struct $name {
            $($done)*
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, $additional>,
        }
    };
}

/// A nullable field: present and `null` is `Some(None)`. (A part of the crate may have none.)
#[allow(dead_code)]
pub(crate) fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

// A part of the crate may have no struct in the features the bench enables.
#[allow(unused_imports)]
pub(crate) use {derived, object};
