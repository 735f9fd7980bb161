//! `openapi-codegen`: the generator as a command, for repositories without an `xtask`.
//! Install it with `cargo install --path generator` from this repository; `--help` says the
//! rest.

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    generator::cli::main(&args, "openapi-codegen")
}
