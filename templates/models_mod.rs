//! Types of the request and response bodies, one file per schema.
{% for (file, name) in entries %}
mod {{ file }};
pub use {{ file }}::{{ name }};
{% endfor %}
