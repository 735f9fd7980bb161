//! Real specs the generator was not written for: every spec of `../shared/corpus/general/` and
//! `../shared/corpus/real-world/` (OpenAPI 3.0 and 3.1, Swagger 2.0, a spec split over hundreds
//! of files, one without any `operationId`) generates, with no lenient switch, a crate that
//! compiles with warnings denied, with every group and with none.
//!
//! Prints, per spec, the operations, schemas, warnings and the schemas that fell back to
//! `serde_json::Value` (the README's table). Needs `../shared/` beside the checkout; without it
//! the test says SKIPPED and passes. It takes minutes of `cargo check`, so it is `#[ignore]`d in
//! plain `cargo test`; `.ci/run` runs it with `cargo test -p xtask --test corpus -- --ignored`.

use xtask::{codegen, corpus, crate_check};

#[test]
#[ignore = "minutes of cargo check; run by .ci/run"]
fn every_corpus_spec_generates_a_crate_that_compiles() {
    let (Some(general), Some(real_world)) = (corpus::dir("general"), corpus::dir("real-world"))
    else {
        return;
    };
    let specs: Vec<_> = corpus::specs(&general)
        .into_iter()
        .chain(corpus::specs(&real_world))
        .collect();
    assert!(
        specs.len() >= 15,
        "expected the corpus specs, found {specs:?}"
    );
    let mut crates = Vec::new();
    eprintln!("| spec | operations | schemas | warnings | fell back to `serde_json::Value` |");
    eprintln!("|---|---|---|---|---|");
    for spec in &specs {
        let name = spec.file_stem().unwrap_or_default().to_string_lossy();
        let crate_name = format!("{}-client", name.replace(['.', '_'], "-"));
        let output = corpus::generate(&crate_name, std::slice::from_ref(spec));
        let fallbacks = output
            .warnings
            .iter()
            .filter(|w| w.message.contains("any JSON value"))
            .count();
        eprintln!(
            "| `{name}` | {} | {} | {} | {fallbacks} |",
            output.operations,
            output.schemas,
            output.warnings.len()
        );
        assert!(output.operations > 0, "{name}: no operation generated");
        crates.push((crate_name, output.files));
    }
    let root = codegen::workspace_root();
    let result = crate_check::check_together(
        &crates,
        "corpus-check",
        &root.join("target/corpus-check"),
        &[None, Some("")],
    );
    if let Err(errors) = result {
        panic!("generated crates that do not compile cleanly:\n{errors}");
    }
}
