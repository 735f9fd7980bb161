crate::macros::object! {
{% for d in docs %}    {{ d }}
{% endfor %}    #[derive({{ derives }})]
    pub struct {{ name }} {
{% for f in fields %}{% for d in f.docs %}        {{ d }}
{% endfor %}        {{ f.name }}: {{ f.ty }} = {{ f.kind }} {{ f.key }} {{ loop.index0 }}{% if let Some((setter, takes)) = f.setter %} => {{ setter }}({{ takes }}){% endif %},
{% endfor %}    }
{% if let Some(value) = additional %}    additional_properties: {{ value }},
{% endif %}    closed: {{ closed }},
    new({% for (arg, ty) in new_args %}{% if !loop.first %}, {% endif %}{{ arg }}: {{ ty }}{% endfor %});
}

