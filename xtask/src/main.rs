//! `cargo xtask <command>`: see `cargo xtask help`.

use std::process::ExitCode;
use std::time::Instant;

use xtask::codegen::{self, Options};

const HELP: &str = "\
usage: cargo xtask codegen [--check] [--spec FILE]... [--out DIR] [--crate-name NAME]

  codegen        regenerate the client crate (default: spec/v1.yaml + spec/v2.yaml into generated/)
    --check      write nothing; fail with a short diff when the output is stale
    --spec FILE  a spec to generate from (repeatable; each becomes a module named after the file)
    --out DIR    where the crate goes
    --crate-name NAME
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen_command(&args[1..]),
        _ => {
            eprint!("{HELP}");
            ExitCode::from(2)
        }
    }
}

fn codegen_command(args: &[String]) -> ExitCode {
    let root = codegen::workspace_root();
    let cwd = std::env::current_dir().unwrap_or_else(|_| root.clone());
    let mut options = Options::project_default(&root);
    let mut specs = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        let result = match arg.as_str() {
            "--check" => {
                options.check = true;
                Ok(())
            }
            "--spec" => value("--spec").map(|v| specs.push(cwd.join(v))),
            "--out" => value("--out").map(|v| options.out = cwd.join(v)),
            "--crate-name" => value("--crate-name").map(|v| options.crate_name = v),
            other => Err(format!("unknown argument `{other}`")),
        };
        if let Err(message) = result {
            eprintln!("error: {message}\n\n{HELP}");
            return ExitCode::from(2);
        }
    }
    if !specs.is_empty() {
        options.specs = specs;
    }
    let started = Instant::now();
    match codegen::run(&options, &cwd) {
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(error));
            eprintln!("nothing was written");
            ExitCode::FAILURE
        }
        Ok(report) if options.check && !report.stale.is_empty() => {
            eprintln!(
                "{} is stale; run `cargo xtask codegen`:",
                options.out.display()
            );
            for line in &report.stale {
                eprintln!("  {line}");
            }
            ExitCode::FAILURE
        }
        Ok(report) => {
            let elapsed = started.elapsed();
            println!(
                "{} operations, {} schemas -> {} files in {} ({} written, {} deleted) in {:.0?}",
                report.operations,
                report.schemas,
                report.files,
                options
                    .out
                    .strip_prefix(&cwd)
                    .unwrap_or(&options.out)
                    .display(),
                report.written.len(),
                report.deleted.len(),
                elapsed
            );
            let stages: Vec<String> = report
                .timings
                .iter()
                .map(|(stage, took)| format!("{stage} {:.0?}", took))
                .collect();
            println!("  stages: {}", stages.join(", "));
            for path in report.written.iter().take(20) {
                println!("  wrote {path}");
            }
            for path in &report.deleted {
                println!("  deleted {path}");
            }
            ExitCode::SUCCESS
        }
    }
}
