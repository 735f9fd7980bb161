//! `cargo check` of a generated crate outside the workspace, with warnings denied: the proof
//! that emitted code compiles. Shared by the tests that generate fixtures and corpus specs.

use std::path::Path;
use std::process::Command;

use generator::GeneratedFile;

/// Writes `files` as a crate in a fresh temporary directory named after `name`, checks it with
/// [`cargo_check`], and removes it again.
pub fn check_generated(
    files: &[GeneratedFile],
    name: &str,
    target_dir: &Path,
) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for file in files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
            .map_err(|e| format!("create dir: {e}"))?;
        std::fs::write(&path, &file.contents)
            .map_err(|e| format!("write {}: {e}", path.display()))?;
    }
    let result = cargo_check(&dir, target_dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

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
