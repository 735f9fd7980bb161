{% for d in self.0.docs %}{{ d }}
{% endfor %}///
/// The value as a type of its own, since it contains itself; read and written as what it
/// holds (`.0`).
#[derive(Debug, Clone, PartialEq{{ self.0.extra }}, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct {{ self.0.name }}(pub {{ self.0.ty }});
