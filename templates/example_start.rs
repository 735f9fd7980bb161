//! Build a client from the environment (`Config::from_env`: the base URL, the site and the
//! credentials) and call an operation.

{% if example.is_some() %}#[allow(unused_imports)]
use {{ krate }}::{{ module }}::{self, models};
{% endif %}use {{ krate }}::{Client, Config};

#[tokio::main]
{% if let Some(op) = example %}{% if op.deprecated %}#[allow(deprecated)]
{% endif %}{% endif %}async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new(Config::from_env()?)?;
{% if let Some(op) = example %}{% for (name, value) in op.lets %}    let {{ name }} = {{ value }};
{% endfor %}    {% if op.returns %}let response = {% endif %}client.{{ module }}().{{ op.group }}().{{ op.method }}({{ op.args|join(", ") }}).await?;
{% if op.returns %}    println!("{response:?}");
{% endif %}
{% else %}    println!("{client:?}");
{% endif %}    Ok(())
}
