{% for d in docs %}{{ d }}
{% endfor %}
#[allow(unused_imports)]
use {{ krate }}::{{ module }}::{self{% if uses_models %}, models{% endif %}};
#[allow(unused_imports)]
use {{ krate }}::{Client, Config};

/// What an example returns: the client's errors, its configuration's, or a bad example value.
type Outcome = Result<(), Box<dyn std::error::Error>>;

/// Runs the example named by the first argument.
#[tokio::main]
async fn main() -> Outcome {
    let function = std::env::args().nth(1).unwrap_or_default();
    match function.as_str() {
{% for op in operations %}        #[cfg(feature = "{{ op.feature }}")]
        "{{ op.key }}" => {{ op.function }}().await,
{% endfor %}        _ => Err(format!("no function `{function}` in examples/{{ file }}.rs").into()),
    }
}
{% for op in operations %}
{% for d in op.docs %}{{ d }}
{% endfor %}#[cfg(feature = "{{ op.feature }}")]
{% if op.deprecated %}#[allow(deprecated)]
{% endif %}async fn {{ op.function }}() -> Outcome {
    let client = Client::new(Config::from_env()?{% if let Some(id) = op.unstable %}.enable_unstable_operation({{ id }})?{% endif %})?;
{% for (name, value) in op.lets %}    let {{ name }} = {{ value }};
{% endfor %}    {% if op.returns %}let response = {% endif %}client.{{ module }}().{{ op.group }}().{{ op.method }}({{ op.args|join(", ") }}).await?;
{% if op.returns %}    println!("{response:?}");
{% endif %}
    Ok(())
}
{% endfor %}
