//! `cargo xtask bench --decode`: how fast the generated models read and write JSON, beside the
//! practical floor (the same types with `#[derive(Deserialize, Serialize)]`, built in the same
//! run) and `serde_json::Value`.
//!
//! A scratch workspace in `target/bench-decode/` holds three crates: `fast` (the full Datadog
//! crate as generated), `floor` (the same files, with every struct derived: the macros of
//! `xtask/bench/floor_macros.rs`), and the program of `xtask/bench/decode.rs`. Payloads are
//! synthesized from the spec's schemas (`payload.rs`), deterministic, at 1 MB and 50 MB. Each
//! figure is one run of the program in its own process, so its peak memory is its own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::corpus;
use crate::payload::{self, Payload};

/// One decode row: the payload, its size, and the three implementations' figures.
pub struct Figures {
    pub payload: &'static str,
    pub megabytes: usize,
    pub fast: Measured,
    pub floor: Measured,
    pub value: Measured,
}

/// What the program printed for one implementation.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub decode_mb_s: f64,
    pub peak_mb: f64,
    pub encode_mb_s: f64,
}

struct Case {
    name: &'static str,
    title: &'static str,
    spec: &'static str,
    schema: &'static str,
    list: &'static str,
}

const CASES: [Case; 3] = [
    Case {
        name: "metrics",
        title: "v1 `MetricsQueryResponse` (series with gaps)",
        spec: "v1.yaml",
        schema: "MetricsQueryResponse",
        list: "series",
    },
    Case {
        name: "logs",
        title: "v2 `LogsListResponse` (nested open attributes)",
        spec: "v2.yaml",
        schema: "LogsListResponse",
        list: "data",
    },
    Case {
        name: "monitors",
        title: "v1 `Vec<Monitor>`",
        spec: "v1.yaml",
        schema: "Monitor",
        list: "",
    },
];

const SIZES_MB: [usize; 2] = [1, 50];

/// Builds the scratch workspace around `files` (the full Datadog crate, as generated),
/// synthesizes the payloads and runs every measurement; `None` when `../shared/` is absent.
pub fn run(files: &[generator::GeneratedFile]) -> Result<Option<Vec<Figures>>, String> {
    let Some(corpus) = corpus::dir("datadog") else {
        return Ok(None);
    };
    let root = crate::codegen::workspace_root().join("target/bench-decode");
    write_workspace(&root, files)?;
    let program = build(&root)?;

    // Each spec is read once, whichever cases use it.
    let mut specs: BTreeMap<&str, Value> = BTreeMap::new();
    for case in &CASES {
        if !specs.contains_key(case.spec) {
            let text =
                std::fs::read_to_string(corpus.join(case.spec)).map_err(|e| e.to_string())?;
            let spec = serde_saphyr::from_str(&text).map_err(|e| e.to_string())?;
            specs.insert(case.spec, spec);
        }
    }
    let mut figures = Vec::new();
    for case in &CASES {
        let spec = &specs[case.spec];
        for megabytes in SIZES_MB {
            let bytes = payload::synthesize(
                spec,
                &Payload {
                    schema: case.schema,
                    list: case.list,
                    bytes: megabytes * 1_000_000,
                },
            )?;
            let file = root.join(format!("{}-{megabytes}mb.json", case.name));
            std::fs::write(&file, bytes).map_err(|e| e.to_string())?;
            figures.push(Figures {
                payload: case.title,
                megabytes,
                fast: measure(&program, "fast", case.name, &file)?,
                floor: measure(&program, "floor", case.name, &file)?,
                value: measure(&program, "value", case.name, &file)?,
            });
            let _ = std::fs::remove_file(&file);
        }
    }
    Ok(Some(figures))
}

fn measure(
    program: &Path,
    implementation: &str,
    payload: &str,
    file: &Path,
) -> Result<Measured, String> {
    let output = Command::new(program)
        .args([implementation, payload])
        .arg(file)
        .output()
        .map_err(|e| format!("run {}: {e}", program.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let numbers: Vec<f64> = stdout
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match (output.status.success(), numbers.as_slice()) {
        (true, [decode, peak, encode]) => Ok(Measured {
            decode_mb_s: *decode,
            peak_mb: *peak,
            encode_mb_s: *encode,
        }),
        _ => Err(format!(
            "{implementation} {payload}: {}{}",
            stdout,
            String::from_utf8_lossy(&output.stderr)
        )),
    }
}

/// Writes the scratch workspace; files whose contents are unchanged are left alone, so a
/// second run rebuilds nothing.
fn write_workspace(root: &Path, files: &[generator::GeneratedFile]) -> Result<(), String> {
    let floor_macros = include_str!("../bench/floor_macros.rs");
    for file in files {
        write_if_changed(&root.join("fast").join(&file.path), &file.contents)?;
        // The same packages under other names (the crate's and its model parts').
        let contents = file
            .contents
            .replace("datadog-full", "datadog-floor")
            .replace("datadog_full", "datadog_floor");
        let floor = if file.path.ends_with("src/macros.rs") {
            floor_macros_file(&contents, floor_macros)
        } else if file.path.ends_with("src/lib.rs") {
            // The derived structs drop the field docs; the floor is not documentation.
            format!(
                "#![recursion_limit = \"1024\"]\n{}",
                contents.replace("#![warn(missing_docs)]", "#![allow(missing_docs)]")
            )
        } else {
            contents
        };
        write_if_changed(&root.join("floor").join(&file.path), &floor)?;
    }
    write_if_changed(
        &root.join("bench/src/main.rs"),
        include_str!("../bench/decode.rs"),
    )?;
    write_if_changed(
        &root.join("bench/Cargo.toml"),
        "[package]\nname = \"decode\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
         [dependencies]\nserde = \"1\"\nserde_json = \"1\"\n\
         fast = { package = \"datadog-full\", path = \"../fast\", default-features = false, \
         features = [\"v1-metrics\", \"v1-monitors\", \"v2-logs\"] }\n\
         floor = { package = \"datadog-floor\", path = \"../floor\", default-features = false, \
         features = [\"v1-metrics\", \"v1-monitors\", \"v2-logs\"] }\n",
    )?;
    write_if_changed(
        &root.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"fast\", \"floor\", \"bench\"]\n\n\
         [profile.release]\ncodegen-units = 16\n",
    )?;
    let lock = crate::codegen::workspace_root().join("Cargo.lock");
    if !root.join("Cargo.lock").exists() {
        std::fs::copy(lock, root.join("Cargo.lock")).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The generated `macros.rs` with its `object!` renamed out of the way and the derived one
/// appended.
fn floor_macros_file(generated: &str, floor: &str) -> String {
    let mut text = generated.replace("macro_rules! object {", "macro_rules! object_one_pass {");
    text = text
        .lines()
        .map(|line| {
            if line.starts_with("pub(crate) use {") {
                line.replace(" object,", " object_one_pass,")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    text.push('\n');
    text.push_str(floor);
    text
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::write(path, contents).map_err(|e| format!("write {}: {e}", path.display()))
}

/// Builds the program in release mode and returns its path.
fn build(root: &Path) -> Result<PathBuf, String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args(["build", "--release", "--quiet", "-p", "decode"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status()
        .map_err(|e| format!("run cargo: {e}"))?;
    if !status.success() {
        return Err("building the decode benchmark failed".into());
    }
    Ok(root.join("target/release/decode"))
}
