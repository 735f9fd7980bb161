{% if kind == "struct" -%}
crate::macros::object! {
{% for d in docs %}    {{ d }}
{% endfor %}    #[derive({{ derives }})]
    pub struct {{ name }} {
{% for f in fields %}{% for d in f.docs %}        {{ d }}
{% endfor %}        {{ f.name }}: {{ f.ty }} = {{ f.kind }} {{ f.key }},
{% endfor %}    }
{% if let Some(value) = additional %}    additional_properties: {{ value }},
{% endif %}    closed: {{ closed }},
    new({{ new_args|join(", ") }});
}
{% elif kind == "enum" -%}
crate::macros::{{ enum_macro }}! {
{% for d in docs %}    {{ d }}
{% endfor %}    pub enum {{ name }} {
{% for v in variants %}{% for d in v.docs %}        {{ d }}
{% endfor %}        {{ v.name }} = {{ v.value_lit }},
{% endfor %}    }
}
{% elif kind == "one_of" %}
{% for d in docs %}{{ d }}
{% endfor %}
///
/// Exactly one of the branches below. Reading a value tries the object branches whose
/// required properties are all present and whose known properties cover every key (in spec
/// order), then every branch that accepts the value (in spec order); a value that fits none
/// is kept as [`Self::Unknown`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum {{ name }} {
{% for b in branches %}
    {% for d in b.docs %}{{ d }}
    {% endfor %}
    {{ b.name }}({{ b.value_lit }}),
{% endfor %}
    /// A value matching none of the branches, kept as received.
    Unknown(serde_json::Value),
}

impl<'de> serde::Deserialize<'de> for {{ name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        {% for c in exact_checks %}{{ c }}
        {% endfor %}
        {% for c in lenient_checks %}{{ c }}
        {% endfor %}
        Ok(Self::Unknown(value))
    }
}
{% elif kind == "any_of" %}
{% for d in docs %}{{ d }}
{% endfor %}
///
/// Any of the branches below: reading a value fills every branch that accepts it, and keeps
/// a value that none accepts as `unmatched`. Writing merges the branches set (objects key by
/// key, later branches winning; otherwise the first one set).
#[derive({{ derives }})]
pub struct {{ name }} {
{% for b in branches %}
    {% for d in b.docs %}{{ d }}
    {% endfor %}
    pub {{ b.name }}: {{ b.value_lit }},
{% endfor %}
    /// The value as received, when no branch accepts it.
    pub unmatched: Option<serde_json::Value>,
}

impl serde::Serialize for {{ name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut parts = Vec::new();
        {% for w in writes %}{{ w }}
        {% endfor %}
        if let Some(value) = &self.unmatched {
            parts.push(value.clone());
        }
        serde::Serialize::serialize(&crate::runtime::merge(parts), serializer)
    }
}

impl<'de> serde::Deserialize<'de> for {{ name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        let mut out = Self::default();
        {% for r in reads %}{{ r }}
        {% endfor %}
        if out == Self::default() {
            out.unmatched = Some(value);
        }
        Ok(out)
    }
}
{% elif kind == "tagged" %}
{% for d in docs %}{{ d }}
{% endfor %}
#[derive(Debug, Clone, PartialEq)]
pub enum {{ name }} {
{% for b in branches %}
    {% for d in b.docs %}{{ d }}
    {% endfor %}
    {{ b.name }}({{ b.value_lit }}),
{% endfor %}
    /// A value whose tag names no branch (or that has none), kept as received.
    Unknown(serde_json::Value),
}

impl serde::Serialize for {{ name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            {% for w in writes %}{{ w }}
            {% endfor %}
            Self::Unknown(value) => serde::Serialize::serialize(value, serializer),
        }
    }
}

impl<'de> serde::Deserialize<'de> for {{ name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        match value.get({{ tag_property }}).and_then(serde_json::Value::as_str) {
            {% for r in reads %}{{ r }}
            {% endfor %}
            _ => Ok(Self::Unknown(value)),
        }
    }
}
{% else -%}
{% for d in docs %}{{ d }}
{% endfor %}pub type {{ name }} = {{ alias }};
{% endif %}
