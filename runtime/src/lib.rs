//! The runtime of every generated client, as source.
//!
//! `runtime.rs` (the client, the request executor, errors), `config.rs` (the `Config` type) and
//! `macros.rs` (what every model shares) are copied byte for byte into each generated crate by
//! the generator (`generator/src/render`), so a generated crate stays self-contained for
//! vendoring. Here they are compiled, linted and tested like any other code, against
//! `api_spec.rs`: a small stand-in for the one file of the runtime's neighbourhood that depends
//! on the spec. This file stands in for the generated `lib.rs`.
#![warn(missing_docs)]

mod api_spec;
mod config;
mod formats;
mod json;
mod macros;
mod runtime;
mod streams;
#[cfg(test)]
mod tests;
mod tokens;

pub use config::{Config, ConfigError, RetryConfig};
pub use formats::{DateTime, Uuid};
pub use runtime::{
    Call, Client, Download, Error, File, HookError, HookFuture, Hooks, RequestError, Upload,
};
pub use streams::{Event, Events, Items};
pub use tokens::{AccessToken, ClientCredentials, TokenContext, TokenFuture, TokenProvider};
