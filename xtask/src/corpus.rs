//! The Datadog corpus in `../shared/corpus/datadog/`: generated whole by the tests that prove
//! the generator on the full API.

use std::sync::Arc;

use generator::{CrateSettings, Output, Spec};

/// Generates both Datadog specs as one crate named `datadog-full`, or says why it cannot: `None`
/// (after printing `SKIPPED: …`) when `../shared/` is not beside the checkout.
pub fn generate_datadog() -> Option<Output> {
    let corpus = super::codegen::workspace_root().join("../shared/corpus/datadog");
    if !corpus.join("v1.yaml").exists() {
        eprintln!(
            "SKIPPED: {} not found; this test needs ../shared/ beside the checkout",
            corpus.display()
        );
        return None;
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
    Some(
        generator::generate(&specs, &settings)
            .unwrap_or_else(|e| panic!("{:?}", miette::Report::new(e))),
    )
}
