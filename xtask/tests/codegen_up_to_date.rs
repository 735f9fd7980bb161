//! The project's generated crates (`generated/`, `e2e/features-client/`) must be exactly what
//! `cargo xtask codegen` makes from their specs, so plain `cargo test` fails on stale output.

use xtask::codegen::{self, Options};

#[test]
fn generated_crates_are_up_to_date() {
    let root = codegen::workspace_root();
    for job in Options::project_jobs(&root) {
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
