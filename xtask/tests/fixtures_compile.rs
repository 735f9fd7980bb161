//! Every fixture that should generate does generate code that compiles with warnings denied:
//! all of them as modules of one crate in a temporary directory, checked with `cargo check`.

use std::sync::Arc;

use generator::{CrateSettings, Spec};
use xtask::{codegen, crate_check};

#[test]
fn fixture_outputs_compile_without_warnings() {
    let root = codegen::workspace_root();
    let fixtures = root.join("generator/tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .expect("fixtures directory")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| !name.starts_with("error-"))
        .collect();
    names.sort();
    let specs: Vec<Spec> = names
        .iter()
        .map(|name| {
            let path = fixtures.join(name).join("spec.yaml");
            let text = std::fs::read_to_string(&path).expect("fixture spec");
            Spec {
                path: format!("fixtures/{name}/spec.yaml"),
                header: format!("fixtures/{name}/spec.yaml"),
                text: Arc::from(text),
                module: name.replace('-', "_"),
                dir: Some(fixtures.join(name)),
                ..Default::default()
            }
        })
        .collect();
    let mut specs = specs;
    // A spec file named like a module of the crate itself (`runtime.yaml`).
    let mut runtime = specs
        .iter()
        .find(|s| s.module == "name_collisions")
        .expect("the name-collisions fixture")
        .clone();
    runtime.module = "runtime".to_string();
    specs.push(runtime);
    let settings = CrateSettings::new("fixtures-client", "0.1.0");
    // Small parts, so that every fixture's models are also compiled split across crates (as
    // a large API's are), while `lint-clean` alone below keeps them in the crate.
    let mut split = settings.clone();
    split.model_part_bytes = 4_000;
    let output = generator::generate(&specs, &split)
        .unwrap_or_else(|e| panic!("{:?}", miette::Report::new(e)));
    assert!(
        output.files.iter().any(|f| f.path.starts_with("parts/")),
        "the fixtures' models are split into parts"
    );
    // A spec with no path parameter and no object model in use, alone: no runtime helper may
    // warn for want of a caller.
    let lint_clean: Vec<Spec> = specs
        .iter()
        .filter(|s| s.module == "lint_clean")
        .cloned()
        .collect();
    let alone = generator::generate(&lint_clean, &settings)
        .unwrap_or_else(|e| panic!("{:?}", miette::Report::new(e)));
    if let Err(errors) = crate_check::check_generated(
        &alone.files,
        "lint-clean-client",
        &root.join("target/fixture-check"),
        &[None],
    ) {
        panic!("the lint-clean fixture alone does not compile cleanly:\n{errors}");
    }

    let result = crate_check::check_generated(
        &output.files,
        "fixtures-client",
        &root.join("target/fixture-check"),
        // Every group, no group at all, one group alone, and every group with the typed
        // string formats must each build without warnings.
        &[
            None,
            Some(""),
            Some("models-and-params-widgets"),
            Some("default,date-time,uuid"),
        ],
    );
    if let Err(errors) = result {
        panic!("the generated fixtures crate does not compile cleanly:\n{errors}");
    }
}
