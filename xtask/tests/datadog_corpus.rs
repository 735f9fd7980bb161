//! The whole Datadog API (`../shared/corpus/datadog/v1.yaml` and `v2.yaml`) generates with every
//! operation and compiles with warnings denied.
//!
//! Needs `../shared/` beside the checkout; without it the test says so and passes. It takes a few
//! minutes and several GB of memory, so it is `#[ignore]`d in plain `cargo test`; `.ci/run` runs
//! it with `cargo test -p xtask --test datadog_corpus -- --ignored`.

use std::sync::Arc;

use generator::{CrateSettings, Spec};
use xtask::{codegen, crate_check};

#[test]
#[ignore = "minutes of cargo check; run by .ci/run"]
fn datadog_api_generates_every_operation_and_compiles() {
    let root = codegen::workspace_root();
    let corpus = root.join("../shared/corpus/datadog");
    if !corpus.join("v1.yaml").exists() {
        eprintln!(
            "SKIPPED: {} not found; the Datadog corpus test needs ../shared/ beside the checkout",
            corpus.display()
        );
        return;
    }
    let specs: Vec<Spec> = ["v1", "v2"]
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(corpus.join(format!("{name}.yaml")))
                .expect("read corpus spec");
            Spec {
                path: format!("corpus/datadog/{name}.yaml"),
                text: Arc::from(text),
                module: name.to_string(),
            }
        })
        .collect();
    let settings = CrateSettings {
        name: "datadog-full".to_string(),
        version: "0.1.0".to_string(),
    };
    let output = generator::generate(&specs, &settings)
        .unwrap_or_else(|e| panic!("{:?}", miette::Report::new(e)));
    // Every operation of both specs: 235 in v1, 985 in v2; nothing skipped.
    assert_eq!(output.operations, 235 + 985);
    eprintln!(
        "generated {} operations, {} schemas, {} files",
        output.operations,
        output.schemas,
        output.files.len()
    );

    let result = crate_check::check_generated(
        &output.files,
        "datadog-full",
        &root.join("target/corpus-check"),
        &[None],
    );
    if let Err(errors) = result {
        panic!("the generated Datadog crate does not compile cleanly:\n{errors}");
    }
}
