//! The project's generated crates (`generated/`, `e2e/features-client/`) must be exactly what
//! `cargo xtask codegen` makes from their specs, so plain `cargo test` fails on stale output.

use xtask::codegen::{self, Options};

#[test]
fn generated_crates_are_up_to_date() {
    let root = codegen::workspace_root();
    for job in codegen::project_jobs(&root) {
        let options = Options { check: true, ..job };
        let report = codegen::run(&options, &root)
            .unwrap_or_else(|e| panic!("{:?}", miette::Report::new(e)));
        assert!(
            report.stale.is_empty(),
            "{} is stale; run `cargo xtask codegen`:\n{}",
            options.out.display(),
            report.stale.join("\n")
        );
        assert!(report.operations > 0);
    }
}

/// The `// Source:` header names the spec relative to the output directory, so a check run
/// from another working directory (here: the system's temporary directory, as `base`) agrees.
#[test]
fn output_does_not_depend_on_the_working_directory() {
    let root = codegen::workspace_root();
    let elsewhere = std::env::temp_dir();
    for job in codegen::project_jobs(&root) {
        let options = Options { check: true, ..job };
        let report = codegen::run(&options, &elsewhere)
            .unwrap_or_else(|e| panic!("{:?}", miette::Report::new(e)));
        assert!(report.stale.is_empty(), "{}", report.stale.join("\n"));
    }
    let header = std::fs::read_to_string(root.join("generated/src/lib.rs")).unwrap();
    assert!(
        header.contains("// Source: ../spec/v1.yaml, ../spec/v2.yaml\n"),
        "{header}"
    );
    assert_eq!(
        codegen::relative_path(&root.join("spec/v1.yaml"), &root.join("out/not-yet/made")),
        "../../../spec/v1.yaml"
    );
}

/// The generated crate explains itself: its README (generated, kept current by `--check`)
/// names the APIs, how to depend on it, the environment variables the spec names, and its
/// features.
#[test]
fn the_generated_crate_has_a_readme() {
    let root = codegen::workspace_root();
    let readme = std::fs::read_to_string(root.join("generated/README.md")).unwrap();
    for expected in [
        "# `datadog-client`",
        "**Datadog API V2 Collection** (version 1.0): module `v2`",
        "datadog-client = { path = \"vendor/datadog-client\" }",
        "- `DD_API_KEY`: the credential of security scheme `apiKeyAuth`",
        "| `v2-aws-integration` | 2 |",
    ] {
        assert!(readme.contains(expected), "{expected}\n---\n{readme}");
    }
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).unwrap();
    assert!(manifest.contains("readme = \"README.md\""));
}
