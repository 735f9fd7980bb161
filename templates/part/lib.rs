{% for d in docs %}{{ d }}
{% endfor %}
#![warn(missing_docs)]

// The format types its models name; those of the main crate are the same types.
#[allow(dead_code, unused_imports)]
mod formats;
mod json;
mod macros;
{% for dep in deps %}
// The types of an earlier part that types here refer to (as `super::Name`).
#[allow(unused_imports)]
use {{ dep }}::*;
{% endfor %}{% include "model_entries.rs" %}
