{% for d in docs %}{{ d }}
{% endfor %}
#[derive(Debug, Clone, PartialEq{{ extra }})]
pub enum {{ name }} {
{% include "model/branch_variants.rs" %}
    /// A value whose tag names no branch (or that has none), kept as received.
    Unknown(serde_json::Value),
}

impl serde::Serialize for {{ name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
{% for b in branches %}{% if let Some(tag) = b.tags.first() %}
            Self::{{ b.name }}(inner) => crate::json::tagged(serializer, {{ tag_property }}, {{ tag }}, inner),
{% endif %}{% endfor %}
            Self::Unknown(value) => serde::Serialize::serialize(value, serializer),
        }
    }
}

impl<'de> serde::Deserialize<'de> for {{ name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        match value.get({{ tag_property }}).and_then(serde_json::Value::as_str) {
{% for b in branches %}{% for tag in b.tags %}
            Some({{ tag }}) => <{{ b.inner }} as serde::Deserialize>::deserialize(&value).map(|inner| Self::{{ b.name }}({% if b.boxed %}Box::new(inner){% else %}inner{% endif %})).map_err(serde::de::Error::custom),
{% endfor %}{% endfor %}
            _ => Ok(Self::Unknown(value)),
        }
    }
}
