//! `cargo check` of a generated crate outside the workspace, with warnings denied: the proof
//! that emitted code compiles. Shared by the tests that generate fixtures and corpus specs.

use std::path::Path;
use std::process::Command;

use generator::GeneratedFile;

/// A selection of features to check with: `None` for the default features, `Some("a,b")` for
/// exactly those (`Some("")`: none at all).
pub type Features<'a> = Option<&'a str>;

/// Writes `files` as a crate in a fresh temporary directory named after `name`, checks it once
/// per feature selection with [`cargo_check`], and removes it again.
pub fn check_generated(
    files: &[GeneratedFile],
    name: &str,
    target_dir: &Path,
    selections: &[Features<'_>],
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
    let result = selections
        .iter()
        .try_for_each(|features| cargo_check(&dir, target_dir, *features));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Runs `cargo check --all-targets` in `crate_dir` with `-D warnings`, reusing `target_dir`
/// between runs and pinning dependency versions to the workspace's `Cargo.lock`.
pub fn cargo_check(
    crate_dir: &Path,
    target_dir: &Path,
    features: Features<'_>,
) -> Result<(), String> {
    run_check(crate_dir, target_dir, features, false)
}

/// [`cargo_check`] of every member of the workspace at `dir`.
pub fn cargo_check_workspace(
    dir: &Path,
    target_dir: &Path,
    features: Features<'_>,
) -> Result<(), String> {
    run_check(dir, target_dir, features, true)
}

fn run_check(
    crate_dir: &Path,
    target_dir: &Path,
    features: Features<'_>,
    workspace: bool,
) -> Result<(), String> {
    let lock = super::codegen::workspace_root().join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, crate_dir.join("Cargo.lock"))
            .map_err(|e| format!("copy Cargo.lock: {e}"))?;
    }
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()));
    command.args([
        "check",
        "--all-targets",
        "--quiet",
        "--message-format",
        "short",
    ]);
    if workspace {
        command.arg("--workspace");
    }
    if let Some(features) = features {
        command.args(["--no-default-features", "--features", features]);
    }
    let output = command
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        let selection = features.map_or("the default features".to_string(), |f| {
            format!("features [{f}]")
        });
        Err(format!(
            "with {selection}:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Writes each `(name, files)` crate into one fresh temporary cargo workspace and checks them
/// all at once with [`cargo_check`] per feature selection (one cargo run builds the shared
/// dependencies once and the crates side by side), then removes it again.
pub fn check_together(
    crates: &[(String, Vec<GeneratedFile>)],
    workspace: &str,
    target_dir: &Path,
    selections: &[Features<'_>],
) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("{workspace}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let members: Vec<String> = crates.iter().map(|(name, _)| format!("{name:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    let write = |path: &Path, contents: &str| -> Result<(), String> {
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
            .map_err(|e| format!("create dir: {e}"))?;
        std::fs::write(path, contents).map_err(|e| format!("write {}: {e}", path.display()))
    };
    write(&dir.join("Cargo.toml"), &manifest)?;
    for (name, files) in crates {
        for file in files {
            write(&dir.join(name).join(&file.path), &file.contents)?;
        }
    }
    let result = selections
        .iter()
        .try_for_each(|features| cargo_check_workspace(&dir, target_dir, *features));
    let _ = std::fs::remove_dir_all(&dir);
    result
}
