{% for d in docs %}{{ d }}
{% endfor %}
///
/// Exactly one of the branches below. Reading a value tries the object branches whose
/// required properties are all present and whose known properties cover every key (in spec
/// order), then every branch that accepts the value (in spec order); a value that fits none
/// is kept as [`Self::Unknown`].
#[derive(Debug, Clone, PartialEq{{ extra }}, serde::Serialize)]
#[serde(untagged)]
pub enum {{ name }} {
{% include "model/branch_variants.rs" %}
    /// A value matching none of the branches, kept as received.
    Unknown(serde_json::Value),
}

impl<'de> serde::Deserialize<'de> for {{ name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
{% for b in branches %}{% if let Some(keys) = b.keys %}
        if crate::json::fits(&value, &[{{ keys.known|join(", ") }}], &[{{ keys.required|join(", ") }}])
            && let Ok(inner) = <{{ b.inner }} as serde::Deserialize>::deserialize(&value)
        {
            return Ok(Self::{{ b.name }}({% if b.boxed %}Box::new(inner){% else %}inner{% endif %}));
        }
{% endif %}{% endfor %}
{% for b in branches %}
        if let Ok(inner) = <{{ b.inner }} as serde::Deserialize>::deserialize(&value) {
            return Ok(Self::{{ b.name }}({% if b.boxed %}Box::new(inner){% else %}inner{% endif %}));
        }
{% endfor %}
        Ok(Self::Unknown(value))
    }
}
