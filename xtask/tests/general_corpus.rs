//! Real specs the generator was not written for (`../shared/corpus/general/`: the OpenAPI
//! Initiative's petstore, Kubernetes batch/v1, Twilio Messaging) each generate a crate that
//! compiles with warnings denied, with every group and with none.
//!
//! Needs `../shared/` beside the checkout; without it the test says so and passes.

use xtask::{codegen, corpus, crate_check};

#[test]
fn every_general_corpus_spec_generates_a_crate_that_compiles() {
    let Some(dir) = corpus::dir("general") else {
        return;
    };
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .expect("read the corpus directory")
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no spec in {}", dir.display());
    let root = codegen::workspace_root();
    let mut failures = Vec::new();
    for spec in &specs {
        let name = spec.file_stem().unwrap_or_default().to_string_lossy();
        let crate_name = format!("{}-client", name.replace(['.', '_'], "-"));
        let output = corpus::generate(&crate_name, std::slice::from_ref(spec));
        eprintln!(
            "{name}: {} operations, {} schemas, {} files",
            output.operations,
            output.schemas,
            output.files.len()
        );
        assert!(output.operations > 0, "{name}: no operation generated");
        if let Err(errors) = crate_check::check_generated(
            &output.files,
            &crate_name,
            &root.join("target/fixture-check"),
            &[None, Some("")],
        ) {
            failures.push(format!("{name}:\n{errors}"));
        }
    }
    assert!(
        failures.is_empty(),
        "generated crates that do not compile cleanly:\n{}",
        failures.join("\n")
    );
}
