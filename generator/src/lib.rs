//! Generator: OpenAPI specs (3.0, 3.1, Swagger 2.0) in, the files of a Rust client crate out.
//!
//! Three ways in, from the most packaged:
//! - [`cli::main`]: the command line (`--check`, `--config`, `--spec`/`--out`/`--crate-name`),
//!   for a repository's own `cargo xtask codegen` and the `openapi-codegen` binary. Without
//!   `--spec` it generates every client of the nearest `codegen.toml` ([`load_config`] reads
//!   one and describes its format).
//! - [`Job::run`]: one crate from spec files into a directory, writing only what changed,
//!   or checking (writing nothing) that it is current.
//! - [`generate`]: the pipeline on specs in memory, no file IO:
//!
//! ```text
//! load (patch, 2.0/3.1 -> 3.0, normalize, select) -> lower -> passes -> name -> render -> format
//! ```
//!
//! ```
//! let spec = generator::Spec::new(
//!     "pets.yaml",
//!     "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths: {}\n",
//!     "pets",
//! );
//! let settings = generator::CrateSettings::new("pets-client", "0.1.0");
//! let output = generator::generate(&[spec], &settings).unwrap();
//! assert!(output.files.iter().any(|f| f.path == "Cargo.toml"));
//! ```

mod bundle;
pub mod cli;
mod config;
mod diagnostics;
mod emit;
mod format;
mod ir;
mod load;
mod locate;
mod lower;
mod names;
mod normalize;
mod passes;
mod patch;
mod render;
mod select;
mod swagger2;
mod v31;

use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use config::{CONFIG_FILE, ConfigError, find_config, load_config};
pub use diagnostics::{Diagnostics, SpecError};
pub use emit::{Job, JobError, Report, relative_path};
pub use format::{GeneratedFile, TemplateError};
pub use patch::Patch;
pub use render::{CrateSettings, DERIVES, TypeOverrides};
pub use select::Selection;

/// One spec to generate from: its path (as shown in errors and headers), its text, and the
/// name of the module it becomes.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    /// How errors and warnings name the spec (relative to the working directory, say).
    pub path: String,
    /// How the generated files' headers name the spec: the same from any working directory
    /// (relative to the output directory, say), so that output does not depend on where the
    /// command ran.
    pub header: String,
    pub text: Arc<str>,
    pub module: String,
    /// The directory `$ref`s to other files are read from (the spec's own); `None` makes such
    /// references an error.
    pub dir: Option<std::path::PathBuf>,
    /// Patches applied, in order, to the document as published, before it is read.
    pub patches: Vec<Patch>,
    /// Which operations become methods (all by default).
    pub selection: Selection,
}

impl Spec {
    /// The spec `text`, named `path` in errors and headers, generated as module `module`;
    /// `$ref`s to other files are an error (set [`Spec::dir`] to read them).
    pub fn new(
        path: impl Into<String>,
        text: impl Into<Arc<str>>,
        module: impl Into<String>,
    ) -> Spec {
        let path = path.into();
        Spec {
            header: path.clone(),
            path,
            text: text.into(),
            module: module.into(),
            ..Spec::default()
        }
    }
}

/// Why nothing was generated.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Spec(#[from] Diagnostics),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Template(#[from] TemplateError),
    #[error("rendering template failed: {0}")]
    Render(#[from] askama::Error),
}

/// What `generate` produced, with counts for the summary.
#[derive(Debug)]
pub struct Output {
    pub files: Vec<GeneratedFile>,
    pub operations: usize,
    pub schemas: usize,
    /// Wall time of each stage, in pipeline order.
    pub timings: Vec<(&'static str, Duration)>,
    /// What was assumed where a spec is sloppy but its meaning clear, located.
    pub warnings: Vec<SpecError>,
}

/// Runs `stage`, recording how long it took under `name`.
fn timed<T>(
    timings: &mut Vec<(&'static str, Duration)>,
    name: &'static str,
    stage: impl FnOnce() -> T,
) -> T {
    let started = Instant::now();
    let result = stage();
    timings.push((name, started.elapsed()));
    result
}

/// What moved while loading is reported where it was written: a Swagger 2.0 table, or
/// another file (which becomes a source of its own). Each entry: the spec, the local prefix,
/// the original prefix, the source it was written in.
struct Moves(Vec<(usize, String, String, usize)>);

impl Moves {
    fn of<E>(
        specs: &[Spec],
        loaded: &[Result<load::Loaded, E>],
        sources: &mut Vec<(String, Arc<str>)>,
    ) -> Moves {
        let mut moves = Vec::new();
        for (index, loaded) in loaded.iter().enumerate() {
            let Ok(loaded) = loaded else { continue };
            for moved in &loaded.moved {
                let target = match &moved.file {
                    None => index,
                    Some((file, text)) => {
                        let shown = shown_path(&specs[index], file);
                        match sources.iter().position(|(path, _)| *path == shown) {
                            Some(found) => found,
                            None => {
                                sources.push((shown, text.clone()));
                                sources.len() - 1
                            }
                        }
                    }
                };
                moves.push((index, moved.local.clone(), moved.original.clone(), target));
            }
        }
        Moves(moves)
    }

    /// The problems, each moved to where its entry was written (the longest prefix: an entry
    /// copied from another file into a converted Swagger table is reported in that file), and
    /// located in the text.
    fn locate(
        &self,
        problems: Vec<diagnostics::Problem>,
        sources: &[(String, Arc<str>)],
    ) -> Diagnostics {
        let problems = problems
            .into_iter()
            .map(|mut p| {
                let found = self
                    .0
                    .iter()
                    .filter(|(spec, local, _, _)| {
                        *spec == p.source
                            && p.pointer
                                .strip_prefix(local.as_str())
                                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                    })
                    .max_by_key(|(_, local, _, _)| local.len());
                if let Some((_, local, original, target)) = found {
                    p.pointer = format!("{original}{}", &p.pointer[local.len()..]);
                    p.source = *target;
                }
                p
            })
            .collect();
        Diagnostics::locate(problems, sources)
    }
}

/// The whole pipeline: every spec into one crate, files sorted by path.
pub fn generate(specs: &[Spec], settings: &CrateSettings) -> Result<Output, Error> {
    let mut timings = Vec::new();
    let mut sources: Vec<(String, Arc<str>)> = specs
        .iter()
        .map(|s| (s.path.clone(), s.text.clone()))
        .collect();
    let loaded: Vec<_> = timed(&mut timings, "load", || {
        specs
            .par_iter()
            .enumerate()
            .map(|(i, s)| load::load(i, s))
            .collect()
    });
    let moves = Moves::of(specs, &loaded, &mut sources);
    let located = |problems: Vec<diagnostics::Problem>| moves.locate(problems, &sources);
    let (parsed, problems): (Vec<_>, Vec<_>) = loaded.into_iter().partition(Result::is_ok);
    if !problems.is_empty() {
        return Err(located(problems.into_iter().filter_map(Result::err).collect()).into());
    }
    let parsed: Vec<load::Loaded> = parsed.into_iter().filter_map(Result::ok).collect();
    let mut warnings: Vec<diagnostics::Problem> = Vec::new();
    let inputs: Vec<lower::SpecInput<'_>> = specs
        .iter()
        .zip(&parsed)
        .enumerate()
        .map(|(source, (spec, loaded))| {
            warnings.extend(loaded.warnings.iter().cloned());
            lower::SpecInput {
                source,
                module: spec.module.clone(),
                path: spec.header.clone(),
                spec: &loaded.spec,
                types: &settings.types,
            }
        })
        .collect();
    let (api, lowered_warnings) =
        timed(&mut timings, "lower", || lower::lower(&inputs)).map_err(located)?;
    warnings.extend(lowered_warnings);
    let api = timed(&mut timings, "passes+names", || {
        names::assign(passes::run(api))
    });
    let operations = api
        .modules
        .iter()
        .flat_map(|m| &m.groups)
        .map(|g| g.operations.len())
        .sum();
    let schemas = api.modules.iter().map(|m| m.types.len()).sum();
    let rendered = timed(&mut timings, "render", || render::render(&api, settings))?;
    let mut files = timed(&mut timings, "format", || {
        rendered
            .into_par_iter()
            .map(format::format)
            .collect::<Result<Vec<_>, _>>()
    })?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Output {
        files,
        operations,
        schemas,
        timings,
        warnings: located(warnings).errors,
    })
}

/// How errors name `file`, a file `spec` refers to: beside the spec's own path, relative to
/// the spec's directory (`..` resolved), so that it reads like the spec's path does.
fn shown_path(spec: &Spec, file: &std::path::Path) -> String {
    use std::path::Component;
    let relative = spec
        .dir
        .as_deref()
        .and_then(|dir| file.strip_prefix(dir).ok())
        .unwrap_or(file);
    let base = std::path::Path::new(&spec.path)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    let mut parts: Vec<String> = base
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for component in relative.components() {
        match component {
            Component::ParentDir if parts.last().is_some_and(|p| p != "..") => {
                parts.pop();
            }
            Component::CurDir => {}
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts.join("/").replace("//", "/")
}
