{%- macro text(t, value, by_ref) -%}
{%- match t -%}
{%- when Text::Json -%}runtime::json_text({% if !by_ref %}&{% endif %}{{ value }})?
{%- when Text::Value -%}runtime::value_text({% if !by_ref %}&{% endif %}{{ value }})?
{%- when Text::Join(separator) -%}runtime::join({% if !by_ref %}&{% endif %}{{ value }}, {{ separator }})
{%- when Text::Display -%}{{ value }}.to_string()
{%- endmatch -%}
{%- endmacro -%}

{%- macro style(s) -%}
{%- match s -%}
{%- when StyleView::Form -%}runtime::Style::Form
{%- when StyleView::Joined(separator) -%}runtime::Style::Joined({{ separator }})
{%- when StyleView::Deep -%}runtime::Style::Deep
{%- when StyleView::Json -%}runtime::Style::Json
{%- endmatch -%}
{%- endmacro -%}

{%- macro write(p, value, by_ref) -%}
{%- match p.how -%}
{%- when Write::Each -%}for item in {{ value }} { request.{{ p.method }}({{ p.wire }}, item.to_string()); }
{%- when Write::QueryValue(s) -%}request.query_value({{ p.wire }}, {% if !by_ref %}&{% endif %}{{ value }}, {% call style(s) %}{% endcall %})?;
{%- when Write::Text(t) -%}request.{{ p.method }}({{ p.wire }}, {% call text(t, value, by_ref) %}{% endcall %});
{%- endmatch -%}
{%- endmacro -%}

{%- macro chain(c) -%}
Some({% if c.by_ref %}&{% endif %}page)
{%- for s in c.steps -%}
{%- match s.access -%}
{%- when Access::Required -%}.map(|v| {% if c.by_ref %}&{% endif %}v.{{ s.field }})
{%- when Access::Nested -%}{% if c.by_ref %}.and_then(|v| v.{{ s.field }}.as_ref().and_then(|x| x.as_ref())){% else %}.and_then(|v| v.{{ s.field }}.flatten()){% endif %}
{%- when Access::Optional -%}.and_then(|v| v.{{ s.field }}{% if c.by_ref %}.as_ref(){% endif %})
{%- endmatch -%}
{%- if s.boxed -%}{% if c.by_ref %}.map(|v| &**v){% else %}.map(|v| *v){% endif %}{%- endif -%}
{%- endfor -%}
{%- endmacro -%}

{%- macro media(b) -%}
{%- if let Some(choice) = b.media_choice -%}params.media_type.map_or({{ b.media }}, {{ choice }}::as_str){%- else -%}{{ b.media }}{%- endif -%}
{%- endmacro -%}

{%- macro body_call(b) -%}
{%- match b.call -%}
{%- when BodyCall::Json -%}request.json({% call media(b) %}{% endcall %}, body)?;
{%- when BodyCall::Text -%}request.bytes({% call media(b) %}{% endcall %}, bytes::Bytes::copy_from_slice(body.as_bytes()));
{%- when BodyCall::Bytes -%}request.upload({% call media(b) %}{% endcall %}, body{% if b.required %}.into(){% endif %});
{%- when BodyCall::Multipart(parts) -%}
let mut parts = runtime::Parts::default();
{% for part in parts -%}
{%- if part.file -%}
{%- if part.optional -%}if let Some(value) = body.{{ part.name }} { parts.file({{ part.wire }}, value); }
{%- else -%}parts.file({{ part.wire }}, body.{{ part.name }});
{%- endif -%}
{%- else -%}
{%- if part.optional -%}if let Some(value) = &body.{{ part.name }} { parts.value({{ part.wire }}, value)?; }
{%- else -%}parts.value({{ part.wire }}, &body.{{ part.name }})?;
{%- endif -%}
{%- endif %}
{% endfor -%}
request.multipart(parts);
{%- when BodyCall::Form(styles) -%}request.form({% call media(b) %}{% endcall %}, body, &[{% for (wire, s) in styles %}{% if !loop.first %}, {% endif %}({{ wire }}, {% call style(s) %}{% endcall %}){% endfor %}])?;
{%- endmatch -%}
{%- endmacro -%}

{%- macro result(op, r) -%}
{%- match r -%}
{%- when ArmResult::Unit -%}Ok(())
{%- when ArmResult::Decode(decode) -%}response.{{ decode }}()
{%- when ArmResult::Success { variant, decode } -%}
{%- if let Some(decode) = decode -%}response.{{ decode }}().map({{ op.ok_type }}::{{ variant }}){%- else -%}Ok({{ op.ok_type }}::{{ variant }}){%- endif -%}
{%- when ArmResult::Error { variant, decode } -%}
{%- if let Some(decode) = decode -%}Err(response.error_{{ decode }}({{ op.error_type }}::{{ variant }})){%- else -%}Err(response.error_without_body({{ op.error_type }}::{{ variant }})){%- endif -%}
{%- when ArmResult::Unexpected -%}Err(response.unexpected())
{%- endmatch -%}
{%- endmacro -%}

{%- macro pattern(p) -%}
{%- match p -%}
{%- when Pattern::Code(code) -%}{{ code }}
{%- when Pattern::Range(digit) -%}{{ digit }}00..={{ digit }}99
{%- when Pattern::Any -%}_
{%- endmatch -%}
{%- endmacro -%}

{%- macro response_enum(docs, name, variants) -%}
{% for d in docs.iter() %}{{ d }}
{% endfor %}
#[derive(Debug, Clone, PartialEq)]
pub enum {{ name }} {
{% for v in variants.iter() %}
    {% for d in v.docs %}{{ d }}
    {% endfor %}
    {{ v.name }}{% if let Some(payload) = v.payload %}({{ payload }}){% endif %},
{% endfor %}
}
{%- endmacro -%}

{%- macro build(op) -%}
        {% for s in op.segments %}let {{ s.name }} = runtime::path_segment({{ s.wire }}, {% if let Some(t) = s.text %}&{% call text(t, s.name, false) %}{% endcall %}{% else %}{{ s.name }}{% endif %})?;
        {% endfor %}
        let {% if op.adds_to_request() %}mut {% endif %}request = Request::new(&{{ op.const_name }}, {% if op.path.args.is_empty() %}{{ op.path.template }}.to_string(){% else %}format!({{ op.path.template }}, {{ op.path.args|join(", ") }}){% endif %});
        {% for p in op.params %}{% if p.optional %}if let Some(value) = &params.{{ p.name }} { {% call write(p, "value", true) %}{% endcall %} }{% else %}{% call write(p, p.name, false) %}{% endcall %}{% endif %}
        {% endfor %}
        {% if let Some(b) = op.body %}{% if b.required %}{% call body_call(b) %}{% endcall %}{% else %}if let Some(body) = body { {% call body_call(b) %}{% endcall %} }{% endif %}{% endif %}
{%- endmacro -%}

{%- macro signature(op, name) -%}
pub async fn {{ name }}(&self, {% for (arg, ty) in op.args %}{{ arg }}: {{ ty }}, {% endfor %})
{%- endmacro -%}

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
    security: &[{% for alt in op.security %}&[{% for s in alt %}api_spec::{{ s }}, {% endfor %}], {% endfor %}],
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
    {% if let Some(note) = op.deprecated %}#[deprecated(note = {{ note }})]{% endif %}
{% if !op.headers_method.is_empty() %}
    // A deprecated operation calls its deprecated sibling.
    #[allow(deprecated)]
    {% call signature(op, op.name) %}{% endcall %} -> Result<{{ op.ok_type }}, Error<{{ op.error_type }}>> {
        self.{{ op.headers_method }}({% for (arg, _) in op.args %}{% if !loop.first %}, {% endif %}{{ arg }}{% endfor %}).await.map(|(value, _)| value)
    }

    /// [`Self::{{ op.name }}`], and the response headers the spec documents.
    {% if let Some(note) = op.deprecated %}#[deprecated(note = {{ note }})]{% endif %}
    {% call signature(op, op.headers_method) %}{% endcall %} -> Result<({{ op.ok_type }}, {{ op.headers_type }}), Error<{{ op.error_type }}>> {
{% else %}
    {% call signature(op, op.name) %}{% endcall %} -> Result<{{ op.ok_type }}, Error<{{ op.error_type }}>> {
{% endif %}
        {% call build(op) %}{% endcall %}
        let response = self.client.execute(request).await?;
        match response.status() {
            {% for arm in op.arms %}{% call pattern(arm.pattern) %}{% endcall %} => {% if arm.with_headers %}{ let headers = {{ op.headers_type }} { {% for (field, wire) in op.header_reads %}{% if !loop.first %}, {% endif %}{{ field }}: response.header({{ wire }})?{% endfor %} }; {% call result(op, arm.result) %}{% endcall %}.map(|value| (value, headers)) }{% else %}{% call result(op, arm.result) %}{% endcall %}{% endif %},
            {% endfor %}
        }
    }
{% for unread in op.unread %}
    {% for d in unread.docs %}{{ d }}
    {% endfor %}
    {% if let Some(note) = op.deprecated %}#[deprecated(note = {{ note }})]{% endif %}
    {% call signature(op, unread.name) %}{% endcall %} -> Result<
        {%- match unread.kind -%}
        {%- when Unread::Download -%}crate::Download
        {%- when Unread::Events { item, media: _ } -%}crate::Events<{{ item }}>
        {%- when Unread::Items { item, media: _ } -%}crate::Items<{{ item }}>
        {%- endmatch -%}, Error<{{ op.error_type }}>> {
        {% call build(op) %}{% endcall %}
        let response = match self.client.
        {%- match unread.kind -%}
        {%- when Unread::Download -%}execute_download(request)
        {%- when Unread::Events { item: _, media } -%}execute_events(request, {{ media }})
        {%- when Unread::Items { item: _, media } -%}execute_items(request, {{ media }})
        {%- endmatch -%}.await? {
            Ok(unread) => return Ok(unread),
            Err(response) => response,
        };
        {% if let Some(arm) = unread.only_arm() %}{% call result(op, arm.result) %}{% endcall %}{% else %}match response.status() {
            {% for arm in unread.arms %}{% call pattern(arm.pattern) %}{% endcall %} => {% call result(op, arm.result) %}{% endcall %},
            {% endfor %}
        }{% endif %}
    }
{% endfor %}
{% if let Some(stream) = op.stream %}
    {% for d in stream.docs %}{{ d }}
    {% endfor %}
    pub fn {{ stream.name }}(&self, params: {{ op.params_type }}) -> impl futures_util::Stream<Item = Result<{{ stream.item }}, Error<{{ op.error_type }}>>> + 'a {
        let api = *self;
        runtime::paginate(params, move |params: {{ op.params_type }}| async move {
            let page = api.{{ op.name }}(params.clone()).await?;
{% if let Next::Cursor { cursor, .. } = stream.next %}
            let cursor = {% call chain(cursor) %}{% endcall %}.filter(|c| !c.is_empty()).cloned();
{% endif %}
            let items: Vec<{{ stream.item }}> = {% if let Some(items) = stream.items %}{% call chain(items) %}{% endcall %}.unwrap_or_default(){% else %}page{% endif %};
{% match stream.next %}
{% when Next::Cursor { params_type, field, .. } %}
            let next = cursor.filter(|_| !items.is_empty()).map(|cursor| {{ params_type }} { {{ field }}: Some(cursor), ..params });
{% when Next::Counter { params_type, field, limit, offset } %}
            let next = runtime::full_page(items.len(), {% if let Some((limit, wide)) = limit %}params.{{ limit }}{% if !wide %}.map(i64::from){% endif %}{% else %}None{% endif %}).then(|| {{ params_type }} { {{ field }}: Some(params.{{ field }}.unwrap_or(0) + {% if let Some(ty) = offset %}items.len() as {{ ty }}{% else %}1{% endif %}), ..params });
{% endmatch %}
            Ok((items, next))
        })
    }
{% endif %}
{% endfor %}
}
{% for op in operations %}
{% if !op.success_variants.is_empty() %}{% call response_enum(op.success_docs, op.ok_type, op.success_variants) %}{% endcall %}{% endif %}
{% if !op.error_variants.is_empty() %}{% call response_enum(op.error_docs, op.error_type, op.error_variants) %}{% endcall %}{% endif %}
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
#[derive({{ st.derives }})]
pub struct {{ st.name }} {
{% for f in st.fields %}
    {% for d in f.docs %}{{ d }}
    {% endfor %}
    pub {{ f.name }}: {{ f.ty }},
{% endfor %}
}
{% endfor %}
{% endfor %}
