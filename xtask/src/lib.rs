//! xtask: the project's commands. `codegen` reads specs, runs the generator, and writes (or,
//! with `--check`, compares) the emitted crate.

pub mod bench;
pub mod codegen;
pub mod corpus;
pub mod crate_check;
pub mod decode_bench;
pub mod payload;
pub mod specgen;
