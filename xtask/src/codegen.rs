//! The project's own generation jobs: the clients `codegen.toml` (at the workspace root)
//! lists, run by the generator's library ([`generator::Job`]).

use std::path::{Path, PathBuf};

pub use generator::{Job as Options, JobError as CodegenError, Report, relative_path};

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The jobs of the workspace's `codegen.toml`.
///
/// # Panics
///
/// When the file is missing or not valid: it is part of this repository.
pub fn project_jobs(root: &Path) -> Vec<Options> {
    generator::load_config(&root.join(generator::CONFIG_FILE))
        .unwrap_or_else(|e| panic!("{e}: {}", e.help))
}

/// Generates the crate described by `options`; `base` shortens the paths shown.
pub fn run(options: &Options, base: &Path) -> Result<Report, CodegenError> {
    options.run(base)
}
