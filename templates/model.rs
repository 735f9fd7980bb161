{% if kind == "struct" %}
{% for d in docs %}{{ d }}
{% endfor %}
#[derive({{ derives }})]
pub struct {{ name }} {
{% for f in fields %}
    {% for d in f.docs %}{{ d }}
    {% endfor %}
    pub {{ f.name }}: {{ f.ty }},
{% endfor %}
{% if let Some(value) = additional %}
    /// Properties the spec does not list, kept as received so that nothing is lost.
    pub additional_properties: std::collections::BTreeMap<String, {{ value }}>,
{% endif %}
}

impl serde::Serialize for {{ name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = crate::runtime::ObjectWriter::new(serializer)?;
        {% for w in writes %}{{ w }}
        {% endfor %}
        {% if additional.is_some() %}object.rest(&self.additional_properties)?;{% endif %}
        object.end()
    }
}

// A compact reader and writer instead of `derive(Deserialize, Serialize)`: one line per property
// through the shared helpers of `runtime::Object` and `runtime::ObjectWriter`. Thousands of
// derived impls made the crate slow and memory-hungry to compile; these read and write the
// same JSON.
impl<'de> serde::Deserialize<'de> for {{ name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::runtime::read_object(deserializer, {{ closed }}, |object| {
            Ok(Self {
                {% for r in reads %}{{ r }},
                {% endfor %}
                {% if additional.is_some() %}additional_properties: object.rest()?,{% endif %}
            })
        })
    }
}

{% if !new_args.is_empty() %}
impl {{ name }} {
    /// A value with the required properties set and every optional one unset (types without
    /// required properties have `Default` instead).
    pub fn new({% for a in new_args %}{{ a }}, {% endfor %}) -> Self {
        Self { {% for f in new_fields %}{{ f }}, {% endfor %} }
    }
}
{% endif %}
{% elif kind == "enum" %}
{% for d in docs %}{{ d }}
{% endfor %}
///
/// A value this client does not know (from a newer server) is kept as [`Self::Unknown`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum {{ name }} {
{% for v in variants %}
    {% for d in v.docs %}{{ d }}
    {% endfor %}
    {{ v.name }},
{% endfor %}
    /// A value the spec does not list, kept as received.
    Unknown(String),
}

impl {{ name }} {
    /// The value as it goes over the wire.
    pub fn as_str(&self) -> &str {
        match self {
{% for v in variants %}            Self::{{ v.name }} => {{ v.value_lit }},
{% endfor %}
            Self::Unknown(value) => value,
        }
    }
}

impl From<String> for {{ name }} {
    fn from(value: String) -> Self {
        match value.as_str() {
{% for v in variants %}            {{ v.value_lit }} => Self::{{ v.name }},
{% endfor %}
            _ => Self::Unknown(value),
        }
    }
}

// Direct impls rather than `serde(from, into)`: thousands of `impl From<Enum> for String`
// would make the compiler's coherence check quadratic.
impl serde::Serialize for {{ name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for {{ name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
    }
}

impl std::fmt::Display for {{ name }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
{% elif kind == "int_enum" %}
{% for d in docs %}{{ d }}
{% endfor %}
///
/// A value this client does not know (from a newer server) is kept as [`Self::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum {{ name }} {
{% for v in variants %}
    {% for d in v.docs %}{{ d }}
    {% endfor %}
    {{ v.name }},
{% endfor %}
    /// A value the spec does not list, kept as received.
    Unknown(i64),
}

impl {{ name }} {
    /// The value as it goes over the wire.
    pub fn value(self) -> i64 {
        match self {
{% for v in variants %}            Self::{{ v.name }} => {{ v.value_lit }},
{% endfor %}
            Self::Unknown(value) => value,
        }
    }
}

impl From<i64> for {{ name }} {
    fn from(value: i64) -> Self {
        match value {
{% for v in variants %}            {{ v.value_lit }} => Self::{{ v.name }},
{% endfor %}
            _ => Self::Unknown(value),
        }
    }
}

impl serde::Serialize for {{ name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.value())
    }
}

impl<'de> serde::Deserialize<'de> for {{ name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)
    }
}

impl std::fmt::Display for {{ name }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.value())
    }
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
{% else %}
{% for d in docs %}{{ d }}
{% endfor %}
pub type {{ name }} = {{ alias }};
{% endif %}
