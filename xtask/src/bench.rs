//! `cargo xtask bench`: the performance figures of the project, each beside its target, on the
//! full Datadog API (`../shared/corpus/datadog/`). CPU time and peak memory come from
//! `getrusage`, so a busy machine changes wall time but not CPU seconds.
//!
//! Measures: generation (wall, CPU, peak memory, per stage), lines emitted, and with
//! `--compile` a cold `cargo check` of the generated crate with all features and with one group,
//! with `--requests` the time of a request through the generated client against hand-written
//! reqwest (`e2e/examples/request_overhead.rs`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::{codegen, corpus};

/// CPU time (user + system) and peak resident memory, of this process or of its waited children.
#[derive(Debug, Clone, Copy)]
struct Usage {
    cpu: Duration,
    peak_kb: i64,
}

impl Usage {
    fn of(usage: &libc::rusage) -> Usage {
        let seconds = |t: libc::timeval| Duration::new(t.tv_sec as u64, (t.tv_usec as u32) * 1000);
        Usage {
            cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            peak_kb: usage.ru_maxrss,
        }
    }
}

/// What one measured cargo run took: its usage (CPU of cargo and every rustc, the peak of the
/// largest) and its wall-clock time.
struct Measured {
    usage: Usage,
    wall: Duration,
}

impl Measured {
    fn figure(&self) -> String {
        format!(
            "{:.1} CPU-s, {:.1} s wall, {} MB peak",
            self.usage.cpu.as_secs_f64(),
            self.wall.as_secs_f64(),
            self.usage.peak_kb / 1024
        )
    }
}

fn usage(who: libc::c_int) -> Usage {
    // SAFETY: `getrusage` fills the zeroed struct it is given and reads nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(who, &mut usage);
        usage
    };
    Usage::of(&usage)
}

struct Row {
    measure: String,
    figure: String,
    target: &'static str,
}

/// The optional parts of the benchmark.
#[derive(Debug, Clone, Copy, Default)]
pub struct Parts {
    /// Cold `cargo check` and `cargo build` of the generated crate.
    pub compile: bool,
    /// The cost of a request through the generated client.
    pub requests: bool,
    /// JSON decoding and encoding against derived impls and `serde_json::Value`.
    pub decode: bool,
}

/// Runs the benchmark and prints its table.
pub fn run(parts: Parts) -> Result<(), String> {
    let mut rows = Vec::new();
    // Generation: the best of three runs for wall time; CPU is the average.
    let before = usage(libc::RUSAGE_SELF);
    let mut best = Duration::MAX;
    let mut output = None;
    for _ in 0..3 {
        let started = Instant::now();
        let Some(generated) = corpus::generate_datadog() else {
            return Ok(());
        };
        best = best.min(started.elapsed());
        output = Some(generated);
    }
    let after = usage(libc::RUSAGE_SELF);
    let output = output.ok_or("nothing generated")?;
    rows.push(Row {
        measure: format!(
            "generate both specs ({} operations, {} schemas)",
            output.operations, output.schemas
        ),
        figure: format!(
            "{:.2} s wall, {:.2} CPU-s, {} MB peak",
            best.as_secs_f64(),
            (after.cpu - before.cpu).as_secs_f64() / 3.0,
            after.peak_kb / 1024
        ),
        target: "under 2 s wall, under 300 MB",
    });
    let stages: Vec<String> = output
        .timings
        .iter()
        .map(|(stage, took)| format!("{stage} {took:.0?}"))
        .collect();
    rows.push(Row {
        measure: "  per stage (last run)".into(),
        figure: stages.join(", "),
        target: "",
    });
    let lines: usize = output
        .files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| f.contents.lines().count())
        .sum();
    rows.push(Row {
        measure: "lines of Rust emitted".into(),
        figure: lines.to_string(),
        target: "under 350,000",
    });

    if parts.compile {
        let dir = std::env::temp_dir().join(format!("datadog-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for file in &output.files {
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
                .map_err(|e| e.to_string())?;
            std::fs::write(&path, &file.contents).map_err(|e| e.to_string())?;
        }
        let target = codegen::workspace_root().join("target/bench-check");
        // Dependencies first (not measured), with the flags and features of the measured runs:
        // the default features turn on dependencies' own (reqwest's decompression).
        for features in [Some(""), None, Some(TYPED_FORMATS)] {
            cargo(&dir, &target, "check", features)?;
            cargo(&dir, &target, "build", features)?;
        }
        let one = measured(&dir, &target, "check", Some("v2-aws-integration"))?;
        rows.push(Row {
            measure: "cold `cargo check`, one group (`v2-aws-integration`)".into(),
            figure: one.figure(),
            target: "under 15 CPU-s",
        });
        let all = measured(&dir, &target, "check", None)?;
        rows.push(Row {
            measure:
                "cold `cargo check` of the generated crate (and its model parts), all features"
                    .into(),
            figure: all.figure(),
            target: "at most 43 CPU-s, under 2 GB",
        });
        let typed = measured(&dir, &target, "check", Some(TYPED_FORMATS))?;
        rows.push(Row {
            measure: "the same with the typed formats (`date-time`, `uuid` features)".into(),
            figure: format!(
                "{} ({:+.1}%)",
                typed.figure(),
                (typed.usage.cpu.as_secs_f64() / all.usage.cpu.as_secs_f64() - 1.0) * 100.0
            ),
            target: "within 10% of it",
        });
        let build = measured(&dir, &target, "build", None)?;
        rows.push(Row {
            measure: "cold debug `cargo build` of the generated crate, all features".into(),
            figure: format!(
                "{} ({:.2}x its check)",
                build.figure(),
                build.usage.cpu.as_secs_f64() / all.usage.cpu.as_secs_f64()
            ),
            target: "at most 1.5x its check",
        });
        let _ = std::fs::remove_dir_all(&dir);
    } else {
        rows.push(Row {
            measure: "`cargo check` of the generated crate".into(),
            figure: "run with --compile".into(),
            target: "at most 43 CPU-s, under 2 GB",
        });
    }
    rows.push(Row {
        measure: "one request vs hand-written reqwest (local server)".into(),
        figure: if parts.requests {
            example("request_overhead")?
        } else {
            "run with --requests".into()
        },
        target: "under 5% slower",
    });
    rows.push(Row {
        measure: "a 200 MB download streamed, vs hand-written reqwest (local server)".into(),
        figure: if parts.requests {
            example("download_memory")?
        } else {
            "run with --requests".into()
        },
        target: "as fast, flat memory",
    });

    if parts.decode {
        decode_rows(&mut rows, &output.files)?;
    } else {
        rows.push(Row {
            measure: "JSON decoding and encoding".into(),
            figure: "run with --decode".into(),
            target: "at least 90% of derive's speed, at most 1.2x its memory",
        });
    }

    let width = rows.iter().map(|r| r.measure.len()).max().unwrap_or(0);
    println!("{:width$}  {:50}  target", "measure", "figure");
    for row in rows {
        println!("{:width$}  {:50}  {}", row.measure, row.figure, row.target);
    }
    Ok(())
}

/// Runs `e2e/examples/<name>.rs` in release mode and returns the last line it prints.
fn example(name: &str) -> Result<String, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args([
            "run",
            "--release",
            "--quiet",
            "--package",
            "e2e",
            "--example",
            name,
        ])
        .current_dir(codegen::workspace_root())
        .output()
        .map_err(|e| format!("run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "the example {name} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok(stdout.lines().last().unwrap_or_default().to_string())
}

/// The default features and the typed string formats (`date-time`, `uuid`).
const TYPED_FORMATS: &str = "default,date-time,uuid";

/// A cold `cargo check` or `cargo build` of the generated crate only (dependencies built
/// before).
fn measured(
    dir: &Path,
    target: &Path,
    command: &str,
    features: Option<&str>,
) -> Result<Measured, String> {
    // Touching the crate roots (the crate's and those of its model parts) makes cargo check
    // them again; no incremental cache.
    let parts = std::fs::read_dir(dir.join("parts"))
        .into_iter()
        .flatten()
        .filter_map(|entry| Some(entry.ok()?.path()));
    for root in std::iter::once(dir.to_path_buf()).chain(parts) {
        let lib = root.join("src/lib.rs");
        let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
        std::fs::write(&lib, text).map_err(|e| e.to_string())?;
    }
    cargo(dir, target, command, features)
}

/// Runs cargo on the generated crate in `dir` and measures that run alone: the CPU time of
/// cargo and every rustc it starts, and the peak memory of the largest of them (`wait4` on
/// the cargo process reports its own usage and that of the children it waited for).
fn cargo(
    dir: &Path,
    target: &Path,
    subcommand: &str,
    features: Option<&str>,
) -> Result<Measured, String> {
    let lock = codegen::workspace_root().join("Cargo.lock");
    let _ = std::fs::copy(&lock, dir.join("Cargo.lock"));
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()));
    command
        .args([subcommand, "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0");
    if let Some(features) = features {
        command.args(["--no-default-features", "--features", features]);
    }
    let start = Instant::now();
    let child = command.spawn().map_err(|e| format!("run cargo: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `wait4` reaps the child we started (std's handle is not waited on afterwards)
    // and fills the zeroed `rusage` it is given.
    let (reaped, usage) = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        let reaped = libc::wait4(pid, &mut status, 0, &mut usage);
        (reaped, usage)
    };
    let wall = start.elapsed();
    drop(child);
    if reaped != pid {
        return Err(format!(
            "wait for cargo: {}",
            std::io::Error::last_os_error()
        ));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!("cargo {subcommand} of the generated crate failed"));
    }
    Ok(Measured {
        usage: Usage::of(&usage),
        wall,
    })
}

/// The decode and encode rows: for each payload and size, the generated models beside the
/// derived floor and `serde_json::Value`.
fn decode_rows(rows: &mut Vec<Row>, files: &[generator::GeneratedFile]) -> Result<(), String> {
    let Some(figures) = crate::decode_bench::run(files)? else {
        return Ok(());
    };
    for f in figures {
        rows.push(Row {
            measure: format!("decode {}, {} MB", f.payload, f.megabytes),
            figure: format!(
                "{:.0} MB/s, {:.1} MB peak; derive {:.0} MB/s, {:.1} MB; Value {:.0} MB/s, {:.1} MB: {:.0}% of derive's speed, {:.2}x its memory",
                f.fast.decode_mb_s,
                f.fast.peak_mb,
                f.floor.decode_mb_s,
                f.floor.peak_mb,
                f.value.decode_mb_s,
                f.value.peak_mb,
                100.0 * f.fast.decode_mb_s / f.floor.decode_mb_s,
                f.fast.peak_mb / f.floor.peak_mb.max(1.0),
            ),
            target: "at least 90% of derive's speed, at most 1.2x its memory",
        });
        rows.push(Row {
            measure: format!("encode {}, {} MB", f.payload, f.megabytes),
            figure: format!(
                "{:.0} MB/s; derive {:.0} MB/s; Value {:.0} MB/s: {:.0}% of derive's speed",
                f.fast.encode_mb_s,
                f.floor.encode_mb_s,
                f.value.encode_mb_s,
                100.0 * f.fast.encode_mb_s / f.floor.encode_mb_s,
            ),
            target: "at least as fast as derive",
        });
    }
    Ok(())
}
