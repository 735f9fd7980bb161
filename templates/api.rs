{% for d in docs %}{{ d }}
{% endfor %}
use crate::runtime::{ {% if uses_runtime %}self, {% endif %}Operation, Request};
use crate::{Client, Error, api_spec};
{% if uses_models %}use crate::{{ module }}::models;{% endif %}

{% for op in operations %}
const {{ op.const_name }}: Operation = Operation {
    id: {{ op.id_lit }},
    method: reqwest::Method::{{ op.method }},
    server: api_spec::{{ op.server }},
    unstable: {{ op.unstable }},
    security: {{ op.security }},
};
{% endfor %}

/// The operations of this group; get one with `client.{{ module }}().<group>()`.
#[derive(Debug, Clone, Copy)]
pub struct {{ struct_name }}<'a> {
    client: &'a Client,
}

impl<'a> {{ struct_name }}<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }
{% for op in operations %}
    {% for d in op.docs %}{{ d }}
    {% endfor %}
    {% for a in op.attrs %}{{ a }}
    {% endfor %}
{% if op.has_headers %}
    // A deprecated operation calls its deprecated sibling.
    #[allow(deprecated)]
    pub async fn {{ op.name }}(&self, {% for a in op.args %}{{ a }}, {% endfor %}) -> Result<{{ op.ok_type }}, Error<{{ op.error_type }}>> {
        self.{{ op.headers_method }}({{ op.call_args }}).await.map(|(value, _)| value)
    }

    /// [`Self::{{ op.name }}`], and the response headers the spec documents.
    {% for a in op.attrs %}{{ a }}
    {% endfor %}
    pub async fn {{ op.headers_method }}(&self, {% for a in op.args %}{{ a }}, {% endfor %}) -> Result<({{ op.ok_type }}, {{ op.headers_type }}), Error<{{ op.error_type }}>> {
{% else %}
    pub async fn {{ op.name }}(&self, {% for a in op.args %}{{ a }}, {% endfor %}) -> Result<{{ op.ok_type }}, Error<{{ op.error_type }}>> {
{% endif %}
        {% for s in op.segments %}{{ s }}
        {% endfor %}
        {% if op.statements.is_empty() %}let request{% else %}let mut request{% endif %} = Request::new(&{{ op.const_name }}, {{ op.path_expr }});
        {% for s in op.statements %}{{ s }}
        {% endfor %}
        let response = self.client.execute(request).await?;
        match response.status() {
            {% for arm in op.arms %}{{ arm.pattern }} => {{ arm.expr }},
            {% endfor %}
        }
    }
{% if let Some(stream) = op.stream %}
    {% for d in stream.docs %}{{ d }}
    {% endfor %}
    pub fn {{ stream.name }}(&self, params: {{ op.params_type }}) -> impl futures_util::Stream<Item = Result<{{ stream.item }}, Error<{{ op.error_type }}>>> + 'a {
        let api = *self;
        runtime::paginate(params, move |params: {{ op.params_type }}| async move {
            let page = api.{{ op.name }}(params.clone()).await?;
            {% for line in stream.body %}{{ line }}
            {% endfor %}
            Ok((items, next))
        })
    }
{% endif %}
{% endfor %}
}
{% for op in operations %}
{% if !op.success_variants.is_empty() %}
{% for d in op.success_docs %}{{ d }}
{% endfor %}
#[derive(Debug, Clone, PartialEq)]
pub enum {{ op.ok_type }} {
{% for v in op.success_variants %}
    {% for d in v.docs %}{{ d }}
    {% endfor %}
    {{ v.name }}{{ v.payload }},
{% endfor %}
}
{% endif %}
{% if !op.error_variants.is_empty() %}
{% for d in op.error_docs %}{{ d }}
{% endfor %}
#[derive(Debug, Clone, PartialEq)]
pub enum {{ op.error_type }} {
{% for v in op.error_variants %}
    {% for d in v.docs %}{{ d }}
    {% endfor %}
    {{ v.name }}{{ v.payload }},
{% endfor %}
}
{% endif %}
{% if !op.media_variants.is_empty() %}
/// The media types the body of [`{{ struct_name }}::{{ op.name }}`] can be sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum {{ op.media_type_enum }} {
{% for (name, media, _) in op.media_variants %}
    /// `{{ media }}`
    {{ name }},
{% endfor %}
}

impl {{ op.media_type_enum }} {
    /// The media type, as sent in `Content-Type`.
    pub fn as_str(self) -> &'static str {
        match self {
{% for (name, _, media_lit) in op.media_variants %}            Self::{{ name }} => {{ media_lit }},
{% endfor %}        }
    }
}
{% endif %}
{% for st in op.structs %}
{% for d in st.docs %}{{ d }}
{% endfor %}
#[derive(Debug, Clone, Default, PartialEq)]
pub struct {{ st.name }} {
{% for f in st.fields %}
    {% for d in f.docs %}{{ d }}
    {% endfor %}
    pub {{ f.name }}: {{ f.ty }},
{% endfor %}
}
{% endfor %}
{% endfor %}
