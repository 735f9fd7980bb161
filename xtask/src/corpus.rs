//! The corpus in `../shared/corpus/`: real specs generated whole by the tests that prove the
//! generator on APIs it was not written for.

use std::path::PathBuf;
use std::sync::Arc;

use generator::{CrateSettings, Output, Spec};

/// `../shared/corpus/<sub>`, or `None` (after printing `SKIPPED: …`) when `../shared/` is not
/// beside the checkout.
pub fn dir(sub: &str) -> Option<PathBuf> {
    let dir = super::codegen::workspace_root()
        .join("../shared/corpus")
        .join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: {} not found; this test needs ../shared/ beside the checkout",
            dir.display()
        );
        None
    }
}

/// The specs of `../shared/corpus/<sub>`: each YAML or JSON file, and for each folder the spec
/// at its top (a spec split over files: the root next to the folders it refers to), sorted.
pub fn specs(dir: &std::path::Path) -> Vec<PathBuf> {
    let is_spec = |path: &std::path::Path| {
        path.extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
    };
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| Some(entry.ok()?.path()))
        .flat_map(|path| {
            if path.is_dir() {
                std::fs::read_dir(&path)
                    .into_iter()
                    .flatten()
                    .filter_map(|entry| Some(entry.ok()?.path()))
                    .filter(|p| p.is_file() && is_spec(p))
                    .collect()
            } else if is_spec(&path) {
                vec![path]
            } else {
                Vec::new()
            }
        })
        .collect();
    specs.sort();
    specs
}

/// Generates the specs at `paths` (inside `../shared/corpus/`) as one crate, a module each
/// named after its file. Panics with the located diagnostics if generation fails.
pub fn generate(crate_name: &str, paths: &[PathBuf]) -> Output {
    let specs: Vec<Spec> = paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let folder = path
                .parent()
                .and_then(|p| p.file_name())
                .unwrap_or_default()
                .to_string_lossy();
            Spec {
                path: format!("corpus/{folder}/{name}"),
                header: format!("corpus/{folder}/{name}"),
                text: Arc::from(text),
                module: path
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                dir: path.parent().map(PathBuf::from),
                ..Default::default()
            }
        })
        .collect();
    let settings = CrateSettings::new(crate_name, "0.1.0");
    generator::generate(&specs, &settings).unwrap_or_else(|e| {
        panic!(
            "{}: {:?}",
            paths
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            miette::Report::new(e)
        )
    })
}

/// Generates both Datadog specs as one crate named `datadog-full` (modules `v1` and `v2`), or
/// `None` when `../shared/` is absent.
pub fn generate_datadog() -> Option<Output> {
    let corpus = dir("datadog")?;
    Some(generate(
        "datadog-full",
        &[corpus.join("v1.yaml"), corpus.join("v2.yaml")],
    ))
}

/// The example functions of a generated crate (`async fn` in `examples/`, `main` aside): one
/// per operation, which `crate_check` compiles with the crate (`--all-targets`).
pub fn example_functions(files: &[generator::GeneratedFile]) -> usize {
    files
        .iter()
        .filter(|f| f.path.starts_with("examples/") && f.path != "examples/start.rs")
        .map(|f| {
            f.contents
                .lines()
                .filter(|line| line.starts_with("async fn ") && !line.starts_with("async fn main("))
                .count()
        })
        .sum()
}
