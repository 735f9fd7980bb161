//! Emit: spec files in, a crate on disk out ([`Job::run`]). Writes only what changed and
//! deletes files that should no longer exist; in check mode writes nothing and reports a short
//! diff instead. The whole crate is generated in memory first, so a failed run leaves the
//! output untouched.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::{CrateSettings, GeneratedFile, Patch, Selection, Spec};

/// One crate to generate from spec files: what `codegen.toml` lists as a `[[client]]`, or
/// what a program builds itself.
///
/// ```no_run
/// let job = generator::Job {
///     specs: vec!["specs/petstore.yaml".into()],
///     out: "crates/petstore-client".into(),
///     crate_name: "petstore-client".into(),
///     ..generator::Job::default()
/// };
/// let report = job.run(std::path::Path::new("."))?;
/// println!("{} files written", report.written.len());
/// # Ok::<(), generator::JobError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Job {
    /// The specs; each becomes a module named after its file (`v1.yaml` → `v1`).
    pub specs: Vec<PathBuf>,
    /// The directory the crate is written to; only files this generator wrote are ever
    /// deleted from it.
    pub out: PathBuf,
    /// The package name.
    pub crate_name: String,
    /// The package version (`0.1.0` when empty).
    pub version: String,
    /// Write nothing; report in [`Report::stale`] how the output differs.
    pub check: bool,
    /// Fail, writing nothing, when the specs give any warning.
    pub deny_warnings: bool,
    /// [`CrateSettings::model_part_bytes`], if not the default.
    pub model_part_bytes: Option<usize>,
    /// Patch files (JSON Patch or OpenAPI Overlay, YAML or JSON) applied to every spec, in
    /// order, before it is read.
    pub patches: Vec<PathBuf>,
    /// Which operations become methods.
    pub selection: Selection,
    /// Types of the user's in place of formats or schemas.
    pub types: crate::TypeOverrides,
    /// [`CrateSettings::derives`].
    pub derives: Vec<String>,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Report {
    pub operations: usize,
    pub schemas: usize,
    pub files: usize,
    /// Wall time of each generator stage.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    pub written: Vec<String>,
    pub deleted: Vec<String>,
    /// Check mode: a short description of every difference.
    pub stale: Vec<String>,
    /// What was assumed where a spec is sloppy, located.
    pub warnings: Vec<crate::SpecError>,
}

/// Why a job wrote nothing.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum JobError {
    /// A spec or patch file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// A patch file is neither JSON nor YAML.
    #[error("cannot read patch {path}: {message}")]
    Patch { path: String, message: String },
    /// An output file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    /// The specs could not be generated from.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Generate(#[from] crate::Error),
    /// Warnings are denied and the specs gave some.
    #[error("the specs gave {} warning(s) and warnings are denied; nothing was written", warnings.len())]
    Warnings {
        #[related]
        warnings: Vec<crate::SpecError>,
    },
}

/// How a spec is named in headers and errors: relative to the working directory when it can be.
fn display_path(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// `path` as seen from the directory `from` (`../spec/v1.yaml` for `spec/v1.yaml` and
/// `generated/`), with `/` separators: the same whatever the working directory. Both are made
/// absolute first; `from` need not exist yet.
pub fn relative_path(path: &Path, from: &Path) -> String {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Resolve what exists (symlinks, `..`), keep the rest as written.
        let mut existing = p.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut resolved = existing
            .canonicalize()
            .unwrap_or_else(|_| existing.to_path_buf());
        resolved.extend(rest.iter().rev());
        resolved
    };
    let (path, from) = (absolute(path), absolute(from));
    let common = path
        .components()
        .zip(from.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = from.components().count() - common;
    let parts: Vec<String> = std::iter::repeat_n("..".to_string(), ups)
        .chain(
            path.components()
                .skip(common)
                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        )
        .collect();
    parts.join("/")
}

impl Job {
    /// Generates the crate; `base` (the working directory, say) shortens the paths that
    /// errors and warnings show.
    ///
    /// # Errors
    ///
    /// [`JobError`]: a file that cannot be read or written, specs that cannot be generated
    /// from (every problem of every spec, located), warnings when they are denied.
    pub fn run(&self, base: &Path) -> Result<Report, JobError> {
        let read = |path: &PathBuf| {
            std::fs::read_to_string(path).map_err(|source| JobError::Read {
                path: path.display().to_string(),
                source,
            })
        };
        let patches = self
            .patches
            .iter()
            .map(|path| {
                let text = read(path)?;
                let shown = display_path(path, base);
                let value = crate::load::parse(&path.to_string_lossy(), &text).map_err(|e| {
                    JobError::Patch {
                        path: shown.clone(),
                        message: format!("{}:{}: {}", e.line, e.column, e.message),
                    }
                })?;
                Ok(Patch { path: shown, value })
            })
            .collect::<Result<Vec<_>, JobError>>()?;
        let specs = self
            .specs
            .iter()
            .map(|path| {
                let module = path
                    .file_stem()
                    .map_or_else(|| "api".to_string(), |s| s.to_string_lossy().into_owned());
                Ok(Spec {
                    path: display_path(path, base),
                    header: relative_path(path, &self.out),
                    text: Arc::from(read(path)?),
                    module,
                    dir: path.parent().map(Path::to_path_buf),
                    patches: patches.clone(),
                    selection: self.selection.clone(),
                })
            })
            .collect::<Result<Vec<_>, JobError>>()?;
        let version = if self.version.is_empty() {
            "0.1.0"
        } else {
            &self.version
        };
        let mut settings = CrateSettings::new(self.crate_name.clone(), version);
        settings.types = self.types.clone();
        settings.derives = self.derives.clone();
        if let Some(bytes) = self.model_part_bytes {
            settings.model_part_bytes = bytes;
        }
        let output = crate::generate(&specs, &settings)?;
        if self.deny_warnings && !output.warnings.is_empty() {
            return Err(JobError::Warnings {
                warnings: output.warnings,
            });
        }
        let mut report = Report {
            warnings: output.warnings.clone(),
            operations: output.operations,
            schemas: output.schemas,
            files: output.files.len(),
            timings: output.timings.clone(),
            ..Report::default()
        };
        sync(&output.files, &self.out, self.check, &mut report)?;
        Ok(report)
    }
}

/// Makes `out` hold exactly `files` (or, in check mode, reports how it does not).
fn sync(
    files: &[GeneratedFile],
    out: &Path,
    check: bool,
    report: &mut Report,
) -> Result<(), JobError> {
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for file in files {
        let path = out.join(&file.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        if check {
            report.stale.push(match current {
                None => format!("missing: {}", file.path),
                Some(current) => format!(
                    "differs: {}\n{}",
                    file.path,
                    short_diff(&current, &file.contents)
                ),
            });
            continue;
        }
        write_atomically(&path, &file.contents).map_err(|source| JobError::Write {
            path: path.display().to_string(),
            source,
        })?;
        report.written.push(file.path.clone());
    }
    // Only files this tool wrote (they carry its header) can be orphans: a `Cargo.lock`, a
    // `target/` or notes of the user's in the output directory are never touched.
    let orphans = existing_files(out)
        .into_iter()
        .filter(|p| !wanted.contains(p.as_str()) && is_generated(&out.join(p)));
    for orphan in orphans {
        if check {
            report.stale.push(format!("should not exist: {orphan}"));
        } else {
            let path = out.join(&orphan);
            std::fs::remove_file(&path).map_err(|source| JobError::Write {
                path: path.display().to_string(),
                source,
            })?;
            report.deleted.push(orphan);
        }
    }
    if !check {
        remove_empty_dirs(out);
    }
    Ok(())
}

fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let temp = path.with_extension("codegen-tmp");
    std::fs::write(&temp, contents)?;
    std::fs::rename(&temp, path)
}

/// Whether the file starts with the header every generated file has.
fn is_generated(path: &Path) -> bool {
    use std::io::Read as _;
    let mut start = [0u8; 64];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut start))
        .unwrap_or(0);
    let start = String::from_utf8_lossy(&start[..read]);
    start.starts_with("// @generated by cargo xtask codegen")
        || start.starts_with("# @generated by cargo xtask codegen")
        || start.starts_with("<!-- @generated by cargo xtask codegen")
}

/// Files under `dir`, relative, with `/` separators, sorted. Skips `target/` and hidden entries.
fn existing_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') || (path.is_dir() && name == "target") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(display_path(&path, dir));
            }
        }
    }
    found.sort();
    found
}

fn remove_empty_dirs(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_empty_dirs(&path);
            // Fails, as intended, when the directory is not empty.
            let _ = std::fs::remove_dir(&path);
        }
    }
}

/// At most 20 changed lines of a unified diff.
fn short_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(1)
        .header("on disk", "generated")
        .to_string();
    let mut short = String::new();
    for line in text.lines().take(24) {
        let _ = writeln!(short, "    {line}");
    }
    if text.lines().count() > 24 {
        short.push_str("    …\n");
    }
    short
}
