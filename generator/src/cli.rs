//! The command line: what the `openapi-codegen` binary runs, and what a repository's own
//! `cargo xtask codegen` calls ([`main`]).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::{Job, Report, config};

/// `println!` that ignores a closed stdout (`… | head` must not panic).
macro_rules! outln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// The usage text, for a program invoked as `program`.
pub fn help(program: &str) -> String {
    format!(
        "\
usage: {program} [--check] [--deny-warnings] [--config FILE]
       {program} [--check] [--deny-warnings] --spec FILE... --out DIR --crate-name NAME
                 [--model-part-bytes BYTES]

Generates Rust client crates from OpenAPI specs (3.0, 3.1, Swagger 2.0).

Without --spec, generates every client of the nearest `{config}` (in this directory or
a parent), or of --config FILE. Each client is a `[[client]]` table:

    [[client]]
    crate-name = \"petstore-client\"
    specs = [\"specs/petstore.yaml\"]     # each becomes a module named after its file
    out = \"crates/petstore-client\"
    # optional: version, include-tags, exclude-tags, include-operations,
    # exclude-operations, skip-unstable, patches (JSON Patch or OpenAPI Overlay files),
    # deny-warnings, model-part-bytes

  --check          write nothing; fail with a short diff when the output is stale (for CI)
  --deny-warnings  fail, writing nothing, when a spec gives a warning (what was assumed
                   where the spec is sloppy but its meaning clear)
  --config FILE    the configuration to use instead of the nearest `{config}`
  --spec FILE      a spec to generate from (repeatable); needs --out and --crate-name
  --out DIR        where that crate goes
  --crate-name NAME
  --model-part-bytes BYTES
                   a module whose models take more source than this goes into crates of
                   about this size under parts/, which the crate re-exports (default
                   1000000: rustc needs far less memory for several crates than for one)
  -h, --help       this text
",
        config = config::CONFIG_FILE
    )
}

/// What the command line asked for.
#[derive(Default)]
struct Args {
    check: bool,
    deny_warnings: bool,
    config: Option<PathBuf>,
    specs: Vec<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    model_part_bytes: Option<usize>,
    help: bool,
}

fn parse(args: &[String], cwd: &Path) -> Result<Args, String> {
    let mut parsed = Args::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "-h" | "--help" | "help" => parsed.help = true,
            "--check" => parsed.check = true,
            "--deny-warnings" => parsed.deny_warnings = true,
            "--config" => parsed.config = Some(cwd.join(value(arg)?)),
            "--spec" => parsed.specs.push(cwd.join(value(arg)?)),
            "--out" => parsed.out = Some(cwd.join(value(arg)?)),
            "--crate-name" => parsed.crate_name = Some(value(arg)?),
            "--model-part-bytes" => {
                let v = value(arg)?;
                let bytes = v.parse::<usize>().ok().filter(|b| *b > 0).ok_or_else(|| {
                    format!("--model-part-bytes takes a positive number, not `{v}`")
                })?;
                parsed.model_part_bytes = Some(bytes);
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

/// The jobs the arguments describe: one crate described whole by `--spec`, `--out` and
/// `--crate-name`, or the clients of a configuration file.
fn jobs(args: Args, cwd: &Path) -> Result<Vec<Job>, String> {
    let own = !args.specs.is_empty() || args.out.is_some() || args.crate_name.is_some();
    let mut jobs = if own {
        if args.config.is_some() {
            return Err("give either --config or --spec/--out/--crate-name, not both".into());
        }
        // Nothing falls back to a default spec, output directory or crate name.
        let (Some(out), Some(crate_name), false) =
            (args.out, args.crate_name, args.specs.is_empty())
        else {
            return Err(
                "a crate from the command line needs all of `--spec FILE`, `--out DIR` and `--crate-name NAME`"
                    .into(),
            );
        };
        vec![Job {
            specs: args.specs,
            out,
            crate_name,
            model_part_bytes: args.model_part_bytes,
            ..Job::default()
        }]
    } else {
        let path = match args.config {
            Some(path) => path,
            None => config::find_config(cwd).ok_or_else(|| {
                format!(
                    "no `{}` in {} or a parent: write one (see --help), or give --spec, --out and --crate-name",
                    config::CONFIG_FILE,
                    cwd.display()
                )
            })?,
        };
        let mut jobs =
            config::load_config(&path).map_err(|e| format!("{e}\n  help: {}", e.help))?;
        if let Some(bytes) = args.model_part_bytes {
            jobs.iter_mut()
                .for_each(|job| job.model_part_bytes = Some(bytes));
        }
        jobs
    };
    for job in &mut jobs {
        job.check |= args.check;
        job.deny_warnings |= args.deny_warnings;
    }
    Ok(jobs)
}

/// Runs the command line `args` (without the program name), invoked as `program` (for the
/// usage text): generates every crate asked for, reporting each; the exit code is failure
/// when one failed or, with `--check`, is stale.
///
/// A repository's own `xtask` can be all of this:
///
/// ```no_run
/// fn main() -> std::process::ExitCode {
///     let args: Vec<String> = std::env::args().skip(2).collect(); // after `codegen`
///     generator::cli::main(&args, "cargo xtask codegen")
/// }
/// ```
pub fn main(args: &[String], program: &str) -> ExitCode {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let parsed = match parse(args, &cwd) {
        Ok(parsed) if parsed.help => {
            print!("{}", help(program));
            return ExitCode::SUCCESS;
        }
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("error: {message}\n\n{}", help(program));
            return ExitCode::from(2);
        }
    };
    let jobs = match jobs(parsed, &cwd) {
        Ok(jobs) => jobs,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let mut failed = false;
    for job in &jobs {
        failed |= !run_job(job, &cwd, program);
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs one job and reports it; false when it failed or, in check mode, found stale output.
fn run_job(job: &Job, cwd: &Path, program: &str) -> bool {
    let started = Instant::now();
    let shown = job.out.strip_prefix(cwd).unwrap_or(&job.out).display();
    let result = job.run(cwd);
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
        Ok(report) if job.check && !report.stale.is_empty() => {
            eprintln!("{shown} is stale; run `{program}`:");
            for line in &report.stale {
                eprintln!("  {line}");
            }
            false
        }
        Ok(report) => {
            summary(&report, &shown.to_string(), started);
            true
        }
    }
}

fn summary(report: &Report, shown: &str, started: Instant) {
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
}
