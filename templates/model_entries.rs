{% for (cfg, file, name) in entries %}
{{ cfg }}
mod {{ file }};
{{ cfg }}
pub use {{ file }}::{{ name }};
{% endfor %}
