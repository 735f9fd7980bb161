//! `cargo xtask <command>`: see `cargo xtask help`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use xtask::codegen::{self, Options};

/// `println!` that ignores a closed stdout (`cargo xtask codegen | head` must not panic).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

const HELP: &str = "\
usage: cargo xtask codegen [--check] [--deny-warnings] [--spec FILE]... [--out DIR] [--crate-name NAME]
                           [--model-part-bytes BYTES]

  codegen        regenerate the project's crates (spec/ into generated/, the e2e specs into
                 e2e/features-client/), or the one crate that --spec, --out and --crate-name
                 describe (all three needed)
    --check      write nothing; fail with a short diff when the output is stale
    --deny-warnings
                 fail, writing nothing, when a spec gives a warning (what was assumed where
                 the spec is sloppy but its meaning clear)
    --spec FILE  a spec to generate from (repeatable; each becomes a module named after the file)
    --out DIR    where the crate goes
    --crate-name NAME
    --model-part-bytes BYTES
                 a module whose models take more source than this goes into crates of about
                 this size under parts/, which the crate re-exports (default 1000000: rustc
                 needs far less memory for several crates than for one large one)

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
    if args.iter().any(|a| a == "--help" || a == "-h") || args.first().is_some_and(|a| a == "help")
    {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    match args.first().map(String::as_str) {
        Some("codegen") => codegen_command(&args[1..]),
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

fn codegen_command(args: &[String]) -> ExitCode {
    let root = codegen::workspace_root();
    let cwd = std::env::current_dir().unwrap_or_else(|_| root.clone());
    let (mut check, mut deny_warnings, mut specs, mut out, mut name) =
        (false, false, Vec::new(), None::<PathBuf>, None::<String>);
    let mut model_part_bytes = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        let result = match arg.as_str() {
            "--check" => {
                check = true;
                Ok(())
            }
            "--deny-warnings" => {
                deny_warnings = true;
                Ok(())
            }
            "--spec" => value("--spec").map(|v| specs.push(cwd.join(v))),
            "--out" => value("--out").map(|v| out = Some(cwd.join(v))),
            "--crate-name" => value("--crate-name").map(|v| name = Some(v)),
            "--model-part-bytes" => value("--model-part-bytes").and_then(|v| {
                let bytes = v.parse::<usize>().ok().filter(|b| *b > 0).ok_or_else(|| {
                    format!("--model-part-bytes takes a positive number, not `{v}`")
                })?;
                model_part_bytes = Some(bytes);
                Ok(())
            }),
            other => Err(format!("unknown argument `{other}`")),
        };
        if let Err(message) = result {
            eprintln!("error: {message}\n\n{HELP}");
            return ExitCode::from(2);
        }
    }
    let mut jobs = Options::project_jobs(&root);
    if !specs.is_empty() || out.is_some() || name.is_some() {
        // One crate, described whole by the options: nothing falls back to this repository's
        // own specs, output directory or crate name.
        let (Some(out), Some(crate_name), false) = (out, name, specs.is_empty()) else {
            eprintln!(
                "error: a crate of your own needs all of `--spec FILE`, `--out DIR` and `--crate-name NAME`\n\n{HELP}"
            );
            return ExitCode::from(2);
        };
        jobs = vec![Options {
            specs,
            out,
            crate_name,
            check,
            deny_warnings,
            model_part_bytes,
        }];
    }
    let mut failed = false;
    for mut options in jobs {
        options.check = check;
        options.deny_warnings = deny_warnings;
        failed |= !run_job(&options, &cwd);
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
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

/// Runs one job and reports it; false when it failed or, in check mode, found stale output.
fn run_job(options: &Options, cwd: &std::path::Path) -> bool {
    let started = Instant::now();
    let shown = options
        .out
        .strip_prefix(cwd)
        .unwrap_or(&options.out)
        .display();
    let result = codegen::run(options, cwd);
    if let Ok(report) = &result {
        for warning in &report.warnings {
            eprint!("{}", warning.render_plain());
        }
    }
    match result {
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(error));
            eprintln!("nothing was written to {shown}");
            false
        }
        Ok(report) if options.check && !report.stale.is_empty() => {
            eprintln!("{shown} is stale; run `cargo xtask codegen`:");
            for line in &report.stale {
                eprintln!("  {line}");
            }
            false
        }
        Ok(report) => {
            outln!(
                "{} operations, {} schemas, {} warning(s) -> {} files in {shown} ({} written, {} deleted) in {:.0?}",
                report.operations,
                report.schemas,
                report.warnings.len(),
                report.files,
                report.written.len(),
                report.deleted.len(),
                started.elapsed()
            );
            let stages: Vec<String> = report
                .timings
                .iter()
                .map(|(stage, took)| format!("{stage} {took:.0?}"))
                .collect();
            outln!("  stages: {}", stages.join(", "));
            for path in report.written.iter().take(20) {
                outln!("  wrote {path}");
            }
            if report.written.len() > 20 {
                outln!("  … and {} more", report.written.len() - 20);
            }
            for path in &report.deleted {
                outln!("  deleted {path}");
            }
            true
        }
    }
}
