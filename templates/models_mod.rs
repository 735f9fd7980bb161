//! Types of the request and response bodies, one file per schema.
{% for (cfg, file, name) in entries %}
{{ cfg }}
mod {{ file }};
{{ cfg }}
pub use {{ file }}::{{ name }};
{% endfor %}
