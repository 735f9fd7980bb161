//! Types of the request and response bodies, one file per schema.
{% for part in parts %}
#[doc(inline)]
pub use {{ part }}::*;
{% endfor %}{% include "model_entries.rs" %}
