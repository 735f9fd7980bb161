{% for d in docs %}{{ d }}
{% endfor %}
///
/// Any of the branches below: reading a value fills every branch that accepts it, and keeps
/// a value that none accepts as `unmatched`. Writing merges the branches set (objects key by
/// key, later branches winning; otherwise the first one set).
#[derive(Debug, Clone, PartialEq{{ extra }}, Default)]
pub struct {{ name }} {
{% for b in branches %}
    {% for d in b.docs %}{{ d }}
    {% endfor %}
    pub {{ b.name }}: Option<{{ b.held }}>,
{% endfor %}
    /// The value as received, when no branch accepts it.
    pub unmatched: Option<serde_json::Value>,
}

impl serde::Serialize for {{ name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut parts = Vec::new();
{% for b in branches %}
        if let Some(inner) = &self.{{ b.name }} {
            parts.push(serde_json::to_value(inner).map_err(serde::ser::Error::custom)?);
        }
{% endfor %}
        if let Some(value) = &self.unmatched {
            parts.push(value.clone());
        }
        serde::Serialize::serialize(&crate::json::merge(parts), serializer)
    }
}

impl<'de> serde::Deserialize<'de> for {{ name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        let mut out = Self::default();
{% for b in branches %}
        if let Ok(inner) = <{{ b.inner }} as serde::Deserialize>::deserialize(&value) {
            out.{{ b.name }} = Some({% if b.boxed %}Box::new(inner){% else %}inner{% endif %});
        }
{% endfor %}
        if out == Self::default() {
            out.unmatched = Some(value);
        }
        Ok(out)
    }
}
