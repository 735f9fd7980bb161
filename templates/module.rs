{% for d in docs %}{{ d }}
{% endfor %}
{% if !groups.is_empty() %}
/// Operations, one module per group (tag).
pub mod apis {
{% for (group, _, doc, cfg) in groups %}    {% for d in doc %}{{ d }}
    {% endfor %}{{ cfg }}
    pub mod {{ group }};
{% endfor %}}
{% endif %}
pub mod models;
{% if !groups.is_empty() %}
{{ any_group }}
use crate::Client;

/// Entry point to the operations of this API: `client.{{ name }}()`.
{{ any_group }}
#[derive(Debug, Clone, Copy)]
pub struct Api<'a> {
    client: &'a Client,
}

{{ any_group }}
impl Client {
    /// The operations of this API, grouped by tag.
    pub fn {{ name }}(&self) -> Api<'_> {
        Api { client: self }
    }
}

{{ any_group }}
impl<'a> Api<'a> {
{% for (group, struct_name, doc, cfg) in groups %}
    {% for d in doc %}{{ d }}
    {% endfor %}{{ cfg }}
    pub fn {{ group }}(&self) -> apis::{{ group }}::{{ struct_name }}<'a> {
        apis::{{ group }}::{{ struct_name }}::new(self.client)
    }
{% endfor %}
}
{% endif %}
