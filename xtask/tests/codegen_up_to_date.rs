//! `generated/` must be exactly what `cargo xtask codegen` makes from `spec/`, so plain
//! `cargo test` fails on stale output.

use xtask::codegen::{self, Options};

#[test]
fn generated_crate_is_up_to_date() {
    let root = codegen::workspace_root();
    let options = Options {
        check: true,
        ..Options::project_default(&root)
    };
    let report =
        codegen::run(&options, &root).unwrap_or_else(|e| panic!("{:?}", miette::Report::new(e)));
    assert!(
        report.stale.is_empty(),
        "generated/ is stale; run `cargo xtask codegen`:\n{}",
        report.stale.join("\n")
    );
    assert_eq!(report.operations, 4);
}
