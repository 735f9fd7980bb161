//! What models need at run time: objects read in one pass and written property by property,
//! and the helpers of `oneOf` and `anyOf` values. Every crate that holds models carries a copy;
//! nothing here knows about HTTP.
//!
//! The same for every spec: a crate without `oneOf` or `anyOf` models leaves their helpers unused.
#![allow(dead_code)]

use std::fmt;

/// Whether `value` is an object with every `required` key and no key outside `known`: an
/// exact match for a `oneOf` branch.
pub(crate) fn fits(value: &serde_json::Value, known: &[&str], required: &[&str]) -> bool {
    value.as_object().is_some_and(|object| {
        required.iter().all(|key| object.contains_key(*key))
            && object.keys().all(|key| known.contains(&key.as_str()))
    })
}

/// The value of an `anyOf`: the branches set, objects merged key by key (later ones winning),
/// otherwise the first; `null` when none is set.
pub(crate) fn merge(parts: Vec<serde_json::Value>) -> serde_json::Value {
    if parts.len() > 1 && parts.iter().all(serde_json::Value::is_object) {
        let mut merged = serde_json::Map::new();
        for part in parts {
            if let serde_json::Value::Object(object) = part {
                merged.extend(object);
            }
        }
        serde_json::Value::Object(merged)
    } else {
        parts.into_iter().next().unwrap_or(serde_json::Value::Null)
    }
}

/// Writes a branch of a tagged `oneOf`: its object with `property` set to `tag`, once.
pub(crate) fn tagged<S: serde::Serializer, T: serde::Serialize>(
    serializer: S,
    property: &str,
    tag: &str,
    inner: &T,
) -> Result<S::Ok, S::Error> {
    match serde_json::to_value(inner).map_err(serde::ser::Error::custom)? {
        serde_json::Value::Object(mut object) => {
            object.insert(
                property.to_string(),
                serde_json::Value::String(tag.to_string()),
            );
            serde::Serialize::serialize(&object, serializer)
        }
        _ => Err(serde::ser::Error::custom(
            "a tagged branch must be an object",
        )),
    }
}

/// A generated struct, read from a JSON object in one pass: each key is looked up in the
/// struct's table of wire names and its value read straight into the field's slot, with no
/// intermediate tree of JSON values.
pub(crate) trait ReadObject<'de>: Sized {
    fn read<A: serde::de::MapAccess<'de>>(object: ObjectReader<'de, A>) -> Result<Self, A::Error>;
}

/// Reads a generated struct from a JSON object.
pub(crate) fn read_object<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: ReadObject<'de>,
{
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

struct ObjectVisitor<T>(std::marker::PhantomData<fn() -> T>);

impl<'de, T: ReadObject<'de>> serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(ObjectReader {
            map,
            error: None,
            other: None,
        })
    }
}

/// The object being read. It keeps the first error instead of returning it, so that the
/// generated loop over the keys has no early return (thousands of `?` with every slot to drop
/// on each path cost the compiler hundreds of megabytes): once there is an error, [`Self::key`]
/// ends the loop and [`Self::end`] returns it.
pub(crate) struct ObjectReader<'de, A: serde::de::MapAccess<'de>> {
    map: A,
    error: Option<A::Error>,
    /// The last key read that the struct does not list.
    other: Option<std::borrow::Cow<'de, str>>,
}

impl<'de, A: serde::de::MapAccess<'de>> ObjectReader<'de, A> {
    /// The index in `keys` of the next key, `keys.len()` for a key the struct does not list
    /// (kept for [`Self::other`]), or `None` at the end of the object or after an error.
    pub(crate) fn key(&mut self, keys: &[&str]) -> Option<usize> {
        if self.error.is_some() {
            return None;
        }
        match self.map.next_key_seed(KeySeed) {
            Ok(Some(key)) => Some(match keys.iter().position(|k| *k == key) {
                Some(index) => index,
                None => {
                    self.other = Some(key);
                    keys.len()
                }
            }),
            Ok(None) => None,
            Err(error) => {
                self.error = Some(error);
                None
            }
        }
    }

    /// The value of a required property (`null` read as its type reads it).
    pub(crate) fn required<V: serde::Deserialize<'de>>(
        &mut self,
        key: &'static str,
        slot: &mut Option<V>,
    ) {
        self.value(key, slot);
    }

    /// The value of a required property stored in a `Box`.
    pub(crate) fn required_boxed<V: serde::Deserialize<'de>>(
        &mut self,
        key: &'static str,
        slot: &mut Option<V>,
    ) {
        self.value(key, slot);
    }

    /// The value of a required property that may be `null`, stored in a `Box`.
    pub(crate) fn required_nullable_boxed<V: serde::Deserialize<'de>>(
        &mut self,
        key: &'static str,
        slot: &mut Option<V>,
    ) {
        self.value(key, slot);
    }

    /// The value of an optional property: `null` is `None`, as absent is.
    pub(crate) fn optional<V: serde::Deserialize<'de>>(
        &mut self,
        key: &'static str,
        slot: &mut Option<V>,
    ) {
        self.value(key, slot);
    }

    /// The value of an optional nullable property: `null` is `Some(None)` once the slot is
    /// flattened, absent is `None`.
    pub(crate) fn nullable<V: serde::Deserialize<'de>>(
        &mut self,
        key: &'static str,
        slot: &mut Option<Option<Option<V>>>,
    ) {
        let mut value = None;
        self.value(key, &mut value);
        if value.is_some() {
            *slot = Some(value);
        }
    }

    fn value<V: serde::Deserialize<'de>>(&mut self, key: &'static str, slot: &mut Option<V>) {
        match self.map.next_value() {
            Ok(value) => *slot = Some(value),
            Err(error) => self.error = Some(property_error(key, error)),
        }
    }

    /// The value of a key the struct does not list: kept in `rest`, skipped, or refused when
    /// the object is `closed`.
    pub(crate) fn other<R: Rest<'de>>(&mut self, rest: &mut R, closed: bool) {
        let key = self.other.take().unwrap_or_default();
        let kept = if closed {
            Err(serde::de::Error::custom(format_args!(
                "unknown property `{key}`"
            )))
        } else {
            rest.keep(key, &mut self.map)
        };
        if let Err(error) = kept {
            self.error = Some(error);
        }
    }

    /// The first error met while reading, if any.
    pub(crate) fn end(self) -> Result<(), A::Error> {
        self.error.map_or(Ok(()), Err)
    }
}

/// A required field's value, or the error that names it.
pub(crate) fn present<V, E: serde::de::Error>(slot: Option<V>, key: &'static str) -> Result<V, E> {
    slot.ok_or_else(|| E::missing_field(key))
}

/// Where the properties of an object that its struct does not list go.
pub(crate) trait Rest<'de> {
    fn keep<A: serde::de::MapAccess<'de>>(
        &mut self,
        key: std::borrow::Cow<'de, str>,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// A struct without additional properties: the values of unlisted keys are skipped.
pub(crate) struct NoRest;

impl<'de> Rest<'de> for NoRest {
    fn keep<A: serde::de::MapAccess<'de>>(
        &mut self,
        _key: std::borrow::Cow<'de, str>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        map.next_value::<serde::de::IgnoredAny>().map(drop)
    }
}

/// A struct's additional properties: unlisted keys with their values.
impl<'de, T: serde::Deserialize<'de>> Rest<'de> for std::collections::BTreeMap<String, T> {
    fn keep<A: serde::de::MapAccess<'de>>(
        &mut self,
        key: std::borrow::Cow<'de, str>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let value = map.next_value().map_err(|e| property_error(&key, e))?;
        self.insert(key.into_owned(), value);
        Ok(())
    }
}

/// A property name, borrowed from the input where it can be (no escapes), copied otherwise.
struct KeySeed;

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed {
    type Value = std::borrow::Cow<'de, str>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(KeySeed)
    }
}

impl<'de> serde::de::Visitor<'de> for KeySeed {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(value))
    }
}

/// Writes a generated struct as a JSON object, property by property. A property that fails
/// to write ends the object with that error: the calls do not return one each, which keeps the
/// thousands of generated `serialize` bodies small.
pub(crate) struct ObjectWriter<S: serde::Serializer> {
    map: S::SerializeMap,
    error: Option<S::Error>,
}

impl<S: serde::Serializer> ObjectWriter<S> {
    pub(crate) fn new(serializer: S) -> Result<Self, S::Error> {
        serializer
            .serialize_map(None)
            .map(|map| Self { map, error: None })
    }

    /// A property that is always written.
    pub(crate) fn required<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none()
            && let Err(error) = serde::ser::SerializeMap::serialize_entry(&mut self.map, key, value)
        {
            self.error = Some(error);
        }
    }

    /// A required property stored in a `Box`.
    pub(crate) fn required_boxed<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        self.required(key, value);
    }

    /// A required property that may be `null`, stored in a `Box`.
    pub(crate) fn required_nullable_boxed<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) {
        self.required(key, value);
    }

    /// A property written only when set.
    pub(crate) fn optional<T: serde::Serialize>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.required(key, value);
        }
    }

    /// A nullable property: written when set, `Some(None)` as `null`.
    pub(crate) fn nullable<T: serde::Serialize>(&mut self, key: &str, value: &Option<Option<T>>) {
        self.optional(key, value);
    }

    /// The additional properties.
    pub(crate) fn rest<T: serde::Serialize>(
        &mut self,
        values: &std::collections::BTreeMap<String, T>,
    ) {
        for (key, value) in values {
            self.required(key, value);
        }
    }

    pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
        match self.error {
            Some(error) => Err(error),
            None => serde::ser::SerializeMap::end(self.map),
        }
    }
}

fn property_error<E: serde::de::Error>(key: &str, error: E) -> E {
    serde::de::Error::custom(format_args!("property `{key}`: {error}"))
}
