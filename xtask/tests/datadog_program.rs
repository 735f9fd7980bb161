//! Issue "the whole Datadog API": a small program compiled against the full generated crate
//! (with only the three groups it uses, as a user would) runs against a local server.
//!
//! Needs `../shared/` beside the checkout; without it the test says so and passes. `#[ignore]`d
//! in plain `cargo test` (it builds the client); `.ci/run` runs it with `-- --ignored`.

use std::process::Command;

use xtask::{codegen, corpus};

#[test]
#[ignore = "builds the full generated client; run by .ci/run"]
fn program_against_the_full_datadog_client() {
    let root = codegen::workspace_root();
    let Some(output) = corpus::generate_datadog() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("datadog-program-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for file in &output.files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dir");
        let mut contents = file.contents.clone();
        if file.path == "Cargo.toml" {
            // The program's own dev-dependencies beside the crate's (tokio for its examples).
            let header = "\n[dev-dependencies]\n";
            assert!(contents.contains(header), "the crate has dev-dependencies");
            contents = contents.replacen(
                header,
                &format!(
                    "{header}bytes = \"1\"\ne2e = {{ path = {:?} }}\n",
                    root.join("e2e").display().to_string()
                ),
                1,
            );
        }
        std::fs::write(&path, contents).expect("write file");
    }
    std::fs::create_dir_all(dir.join("tests")).expect("create tests dir");
    std::fs::write(
        dir.join("tests/program.rs"),
        include_str!("datadog_program/program.rs"),
    )
    .expect("write program");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");

    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args([
            "test",
            "--quiet",
            "--no-default-features",
            "--features",
            "v1-authentication,v2-logs,v2-organizations",
            "--test",
            "program",
        ])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target/program-check"))
        .status()
        .expect("run cargo test");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        status.success(),
        "the program against the full Datadog client failed"
    );
}
