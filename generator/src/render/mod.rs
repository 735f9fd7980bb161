//! Render: the named intermediate model in, unformatted files (path, text) out.
//!
//! One view per kind of output file, each in the module of its kind, with every string it
//! needs computed there: identifiers (from `names`), types, string literals (through
//! [`text::lit`]), doc attributes (through [`text::docs`]). What a method or a union does is a typed view
//! (`statements`, `stream`, the branch views of `models`) that the templates in `templates/`
//! spell with `match`; no Rust statement is built as a string.
//!
//! - `crate_files`: `Cargo.toml`, `README.md`, `rustfmt.toml`, `lib.rs`, each module's
//!   `mod.rs` and `models/mod.rs`.
//! - `api_spec`: `api_spec.rs` (servers, schemes, preview operations, rate-limit headers).
//! - `models`: a model file per type, one view and template per kind.
//! - `operations`: an `apis` file per group; `statements` and `stream` for what methods do,
//!   `op_docs` for their rustdoc.
//! - `text` (literals, doc comments, prose) and `types` (Rust spellings of types).

mod api_spec;
mod crate_files;
mod models;
mod op_docs;
mod operations;
mod statements;
mod stream;
mod text;
mod types;

use askama::Template;

use crate::ir::*;
use api_spec::api_spec_view;
use crate_files::{
    CargoToml, ModelsMod, RustfmtToml, lib_view, module_features, module_view, readme_view,
    type_cfg,
};
use text::bare;

/// A rendered file, before formatting.
pub struct RenderedFile {
    /// Path inside the crate, with `/` separators.
    pub path: String,
    pub text: String,
    /// Spec paths the file was made from, for its header.
    pub sources: Vec<String>,
    /// Which template made it, for errors.
    pub template: &'static str,
    /// The template lays the file out itself (macro invocations, which a printer would put on
    /// one line): it is checked, not printed again.
    pub laid_out: bool,
}

/// Settings of the emitted crate.
#[derive(Debug, Clone)]
pub struct CrateSettings {
    pub name: String,
    pub version: String,
}

/// The files every generated crate carries unchanged: the runtime crate's source (`runtime/`),
/// compiled, linted and tested there against a stand-in for `api_spec.rs`.
const RUNTIME: [(&str, &str); 3] = [
    (
        "runtime.rs",
        include_str!("../../../runtime/src/runtime.rs"),
    ),
    ("config.rs", include_str!("../../../runtime/src/config.rs")),
    ("macros.rs", include_str!("../../../runtime/src/macros.rs")),
];

/// A file a template made from the specs at `sources`, printed again by `format`.
fn file(path: String, text: String, sources: &[String], template: &'static str) -> RenderedFile {
    RenderedFile {
        path,
        text,
        sources: sources.to_vec(),
        template,
        laid_out: false,
    }
}

/// The file plan: every file of the crate, in a fixed order.
pub fn render(api: &Api, settings: &CrateSettings) -> Result<Vec<RenderedFile>, askama::Error> {
    let all: Vec<String> = api.modules.iter().map(|m| m.spec_path.clone()).collect();
    let cargo = CargoToml {
        name: &settings.name,
        version: &settings.version,
        features: api.modules.iter().flat_map(module_features).collect(),
    };
    let mut files = vec![
        file("Cargo.toml".into(), cargo.render()?, &all, "Cargo.toml"),
        file(
            "README.md".into(),
            readme_view(api, settings, &all).render()?,
            &all,
            "README.md",
        ),
        file(
            "rustfmt.toml".into(),
            RustfmtToml.render()?,
            &all,
            "rustfmt.toml",
        ),
        file(
            "src/lib.rs".into(),
            lib_view(api, settings).render()?,
            &all,
            "lib.rs",
        ),
    ];
    files.extend(RUNTIME.iter().map(|(path, text)| RenderedFile {
        path: format!("src/{path}"),
        text: text.to_string(),
        sources: vec![format!("runtime/src/{path} of the generator, verbatim")],
        template: path,
        laid_out: true,
    }));
    let api_spec = api_spec_view(api, settings).render()?;
    files.push(file(
        "src/api_spec.rs".into(),
        api_spec,
        &all,
        "api_spec.rs",
    ));
    for module in &api.modules {
        files.extend(module_files(api, module)?);
    }
    Ok(files)
}

/// A module's files: `mod.rs`, its models, its groups' `apis` files.
fn module_files(api: &Api, module: &Module) -> Result<Vec<RenderedFile>, askama::Error> {
    let dir = format!("src/{}", bare(&module.name.rust));
    let sources = std::slice::from_ref(&module.spec_path);
    let models = ModelsMod {
        entries: module
            .types
            .iter()
            .map(|t| (type_cfg(module, t), t.module.clone(), t.name.rust.clone()))
            .collect(),
    };
    let mut files = vec![
        file(
            format!("{dir}/mod.rs"),
            module_view(module).render()?,
            sources,
            "module.rs",
        ),
        file(
            format!("{dir}/models/mod.rs"),
            models.render()?,
            sources,
            "models_mod.rs",
        ),
    ];
    for def in &module.types {
        let view = models::model_view(def, &module.types);
        files.push(RenderedFile {
            laid_out: view.laid_out(),
            ..file(
                format!("{dir}/models/{}.rs", bare(&def.module)),
                view.render()?,
                sources,
                view.template(),
            )
        });
    }
    for group in &module.groups {
        let view = operations::group_view(api, module, group);
        let path = format!("{dir}/apis/{}.rs", bare(&group.name.rust));
        files.push(file(path, view.render()?, sources, "api.rs"));
    }
    Ok(files)
}
