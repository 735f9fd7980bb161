//! `cargo xtask <command>`: see `cargo xtask help`.

use std::process::ExitCode;
use std::time::Instant;

use xtask::codegen;

/// `println!` that ignores a closed stdout (`cargo xtask codegen | head` must not panic).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

const HELP: &str = "\
usage: cargo xtask codegen [--check] [--deny-warnings] [--config FILE]
       cargo xtask codegen [--check] --spec FILE... --out DIR --crate-name NAME

  codegen        regenerate the clients of codegen.toml (spec/ into generated/, the e2e
                 specs into e2e/features-client/), or the one crate that --spec, --out and
                 --crate-name describe (all three needed); `cargo xtask codegen --help` says
                 more (it is the generator's command line, also installed as
                 `openapi-codegen` by `cargo install --path generator`)

usage: cargo xtask bench [--compile] [--requests] [--decode]

  bench          performance figures on the full Datadog API (../shared/corpus/datadog), each
                 beside its target: generation time, CPU and memory, lines emitted
    --compile    also a cold `cargo check` of the generated crate, all features and one group,
                 and a cold debug `cargo build` of it
    --requests   also the time of a request through the generated client against hand-written
                 reqwest, and a 200 MB download streamed through both (throughput, peak
                 memory), on a local server (builds the e2e examples in release mode)
    --decode     also JSON decoding and encoding of synthesized Datadog payloads (1 MB, 50 MB):
                 MB/s and peak memory beside the same types with derived serde impls and
                 serde_json::Value (builds a scratch workspace in target/bench-decode)

usage: cargo xtask fuzz [--from SEED] [--count N] [--batch N] [--print]

  fuzz           the spec fuzzer: random valid specs (hostile names, every schema shape and
                 parameter style) must generate crates that `cargo check` with warnings denied;
                 a failing seed's spec is written to target/spec-fuzzer/failed/seed-N.json,
                 ready to keep as a fixture
    --from SEED  the first seed (default 0)
    --count N    how many seeds (default 200)
    --batch N    specs checked together as one crate (default 50)
    --print      print the spec of --from (given before it) and stop
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let codegen = args.first().is_some_and(|a| a == "codegen");
    if !codegen
        && (args.iter().any(|a| a == "--help" || a == "-h")
            || args.first().is_some_and(|a| a == "help"))
    {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    match args.first().map(String::as_str) {
        // The generator's own command line, on this repository's `codegen.toml`.
        Some("codegen") => generator::cli::main(&args[1..], "cargo xtask codegen"),
        Some("fuzz") => fuzz_command(&args[1..]),
        Some("bench") => match xtask::bench::run(xtask::bench::Parts {
            compile: args.iter().any(|a| a == "--compile"),
            requests: args.iter().any(|a| a == "--requests"),
            decode: args.iter().any(|a| a == "--decode"),
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprint!("{HELP}");
            ExitCode::from(2)
        }
    }
}

fn fuzz_command(args: &[String]) -> ExitCode {
    let (mut from, mut count, mut batch) = (0u64, 200u64, 50usize);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--print" {
            outln!("{}", xtask::specgen::spec_text(from));
            return ExitCode::SUCCESS;
        }
        match (
            arg.as_str(),
            args.next().and_then(|v| v.parse::<u64>().ok()),
        ) {
            ("--from", Some(v)) => from = v,
            ("--count", Some(v)) => count = v,
            ("--batch", Some(v)) => batch = v as usize,
            _ => {
                eprintln!("error: `{arg}` is not an option of fuzz or lacks a number\n\n{HELP}");
                return ExitCode::from(2);
            }
        }
    }
    let root = codegen::workspace_root();
    let started = Instant::now();
    let findings = xtask::specgen::run(
        from..from + count,
        batch,
        &root.join("target/spec-fuzzer/check"),
        &root.join("target/spec-fuzzer/failed"),
    );
    for (seed, why) in &findings.failures {
        eprintln!("seed {seed} fails:\n{why}\n");
    }
    outln!(
        "spec fuzzer: {} specs (seeds {from}..{}), {} failed, in {:.0?}",
        findings.checked,
        from + count,
        findings.failures.len(),
        started.elapsed()
    );
    if findings.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
