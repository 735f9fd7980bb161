//! `cargo check` of a generated crate outside the workspace, with warnings denied: the proof
//! that emitted code compiles. Shared by the tests that generate fixtures and corpus specs.

use std::path::Path;
use std::process::Command;

/// Runs `cargo check --all-targets` in `crate_dir` with `-D warnings`, reusing `target_dir`
/// between runs and pinning dependency versions to the workspace's `Cargo.lock`.
pub fn cargo_check(crate_dir: &Path, target_dir: &Path) -> Result<(), String> {
    let lock = super::codegen::workspace_root().join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, crate_dir.join("Cargo.lock"))
            .map_err(|e| format!("copy Cargo.lock: {e}"))?;
    }
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args([
            "check",
            "--all-targets",
            "--quiet",
            "--message-format",
            "short",
        ])
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}
