{% for d in docs %}{{ d }}
{% endfor %}
#![warn(missing_docs)]

mod config;
mod runtime;

pub use config::{Config, ConfigError, RetryConfig};
pub use runtime::{Client, Error, RequestError};

{% for m in modules %}pub mod {{ m }};
{% endfor %}
