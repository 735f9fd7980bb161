crate::macros::{{ macro_name }}! {
{% for d in docs %}    {{ d }}
{% endfor %}    pub enum {{ name }} {
{% for v in variants %}{% for d in v.docs %}        {{ d }}
{% endfor %}        {{ v.name }} = {{ v.value }},
{% endfor %}    }
}

