//! The whole Datadog API (`../shared/corpus/datadog/v1.yaml` and `v2.yaml`) generates with every
//! operation and compiles with warnings denied.
//!
//! Needs `../shared/` beside the checkout; without it the test says so and passes. It takes a few
//! minutes and several GB of memory, so it is `#[ignore]`d in plain `cargo test`; `.ci/run` runs
//! it with `cargo test -p xtask --test datadog_corpus -- --ignored`.

use xtask::{codegen, corpus, crate_check};

#[test]
#[ignore = "minutes of cargo check; run by .ci/run"]
fn datadog_api_generates_every_operation_and_compiles() {
    let root = codegen::workspace_root();
    let Some(output) = corpus::generate_datadog() else {
        return;
    };
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
