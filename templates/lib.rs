{% for d in docs %}{{ d }}
{% endfor %}#![doc = include_str!("../examples/start.rs")]
//! ```

#![warn(missing_docs)]
// With only some API groups enabled, parts of the runtime have no caller.
#![cfg_attr(not({{ all_features }}), allow(dead_code, unused_imports))]

mod api_spec;
mod config;
mod formats;
{% if local_models %}mod json;
mod macros;
{% endif %}mod runtime;
mod streams;
mod tokens;

pub use config::{Config, ConfigError, RetryConfig};
pub use formats::{DateTime, Uuid};
pub use runtime::{
    Call, Client, Download, Error, File, HookError, HookFuture, Hooks, RequestError, Upload,
};
pub use streams::{Event, Events, Items};
pub use tokens::{AccessToken, ClientCredentials, TokenContext, TokenFuture, TokenProvider};
/// To consume the item streams of paginated operations (`<operation>_stream`).
pub use futures_util::{Stream, StreamExt, TryStreamExt};

{% for m in modules %}pub mod {{ m }};
{% endfor %}
