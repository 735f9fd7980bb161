{% for d in docs %}{{ d }}
{% endfor %}
#![warn(missing_docs)]

mod json;
mod macros;
{% for dep in deps %}
// The types of an earlier part that types here refer to (as `super::Name`).
#[allow(unused_imports)]
use {{ dep }}::*;
{% endfor %}{% include "model_entries.rs" %}
