{#- The variants of a union enum, one per branch (included by one_of.rs and tagged.rs). -#}
{% for b in branches %}
    {% for d in b.docs %}{{ d }}
    {% endfor %}
    {{ b.name }}({{ b.held }}),
{% endfor %}
