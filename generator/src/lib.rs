//! Generator: OpenAPI 3.0 specs in, the files of a Rust client crate out. No file IO here.
//!
//! ```text
//! load -> lower -> passes -> name -> render -> format -> (files, sorted by path)
//! ```
//!
//! [`generate`] is that pipeline. `xtask` reads the specs and writes the files.

pub mod diagnostics;
pub mod format;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod names;
pub mod passes;
pub mod render;

use std::sync::Arc;

pub use diagnostics::{Diagnostics, SpecError};
pub use format::{GeneratedFile, TemplateError};
pub use render::CrateSettings;

/// One spec to generate from: its path (as shown in errors and headers), its text, and the
/// name of the module it becomes.
#[derive(Debug, Clone)]
pub struct Spec {
    pub path: String,
    pub text: Arc<str>,
    pub module: String,
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
}

/// The whole pipeline: every spec into one crate, files sorted by path.
pub fn generate(specs: &[Spec], settings: &CrateSettings) -> Result<Output, Error> {
    let sources: Vec<(String, Arc<str>)> = specs
        .iter()
        .map(|s| (s.path.clone(), s.text.clone()))
        .collect();
    let located = |problems| Diagnostics::locate(problems, &sources);
    let (parsed, problems): (Vec<_>, Vec<_>) = specs
        .iter()
        .enumerate()
        .map(|(i, s)| load::load(i, &s.path, &s.text))
        .partition(Result::is_ok);
    if !problems.is_empty() {
        return Err(located(problems.into_iter().filter_map(Result::err).collect()).into());
    }
    let parsed: Vec<_> = parsed.into_iter().filter_map(Result::ok).collect();
    let inputs: Vec<lower::SpecInput<'_>> = specs
        .iter()
        .zip(&parsed)
        .enumerate()
        .map(|(source, (spec, doc))| lower::SpecInput {
            source,
            module: spec.module.clone(),
            path: spec.path.clone(),
            spec: doc,
        })
        .collect();
    let api = lower::lower(&inputs).map_err(located)?;
    let api = names::assign(passes::run(api));
    let operations = api
        .modules
        .iter()
        .flat_map(|m| &m.groups)
        .map(|g| g.operations.len())
        .sum();
    let schemas = api.modules.iter().map(|m| m.types.len()).sum();
    let mut files = render::render(&api, settings)?
        .into_iter()
        .map(format::format)
        .collect::<Result<Vec<_>, _>>()?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Output {
        files,
        operations,
        schemas,
    })
}
