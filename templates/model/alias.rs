{% for d in docs %}{{ d }}
{% endfor %}pub type {{ name }} = {{ ty }};

