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
//! - `parts`: where a module's models go when there are too many for one crate (crates under
//!   `parts/`, each after the parts it refers to); `render_parts` writes them.
//! - `operations`: an `apis` file per group; `statements` and `stream` for what methods do,
//!   `op_docs` for their rustdoc.
//! - `text` (literals, doc comments, prose) and `types` (Rust spellings of types).

mod api_spec;
mod crate_files;
mod derives;
mod examples;
mod models;
mod op_docs;
mod operations;
mod parts;
mod statements;
mod stream;
mod text;
mod types;

use askama::Template;

use crate::ir::*;
use api_spec::api_spec_view;
use crate_files::{
    CargoToml, ModelsMod, PartCargoToml, PartLib, RustfmtToml, lib_view, model_entries,
    module_features, module_view, readme_view, type_features,
};
pub use derives::DERIVES;
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
    /// The package name.
    pub name: String,
    pub version: String,
    /// A module whose models take more source than this (in bytes) has them in crates of
    /// about this size under `parts/`, which the crate re-exports: rustc's memory grows
    /// faster than a crate's size (see `parts`).
    pub model_part_bytes: usize,
    /// Types of the user's in place of what the spec says.
    pub types: TypeOverrides,
    /// Derives added to every model that allows them (of [`DERIVES`]).
    pub derives: Vec<String>,
}

/// Types of your own in place of what the spec says, and the dependencies they come from.
/// Each type must implement what every model does: `Debug`, `Clone`, `PartialEq`, serde's
/// `Serialize` and `Deserialize` (parameters are written through `Serialize`).
#[derive(Debug, Clone, Default)]
pub struct TypeOverrides {
    /// A `format` of strings or numbers (`decimal`) and the type its values become
    /// (`rust_decimal::Decimal`); it replaces the `date-time` and `uuid` features' types too.
    pub formats: std::collections::BTreeMap<String, String>,
    /// A component schema (by its name in `#/components/schemas`) and the type every
    /// reference to it becomes.
    pub schemas: std::collections::BTreeMap<String, String>,
    /// The crates those types come from: the name and the value written for it in the
    /// generated crate's `Cargo.toml` (`"1"`, `{ version = "1", features = ["serde"] }`; a
    /// `path` is relative to the generated crate).
    pub dependencies: std::collections::BTreeMap<String, String>,
}

impl TypeOverrides {
    /// No type of the user's.
    pub const NONE: TypeOverrides = TypeOverrides {
        formats: std::collections::BTreeMap::new(),
        schemas: std::collections::BTreeMap::new(),
        dependencies: std::collections::BTreeMap::new(),
    };
}

impl CrateSettings {
    /// The size of a model part unless set: with it the full Datadog API checks in under 1 GB
    /// (3.6 GB as one crate), and in less time.
    pub const MODEL_PART_BYTES: usize = 1_000_000;

    /// A crate named `name`, at `version`, with the default settings.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            version: version.into(),
            model_part_bytes: Self::MODEL_PART_BYTES,
            types: TypeOverrides::default(),
            derives: Vec::new(),
        }
    }
}

/// The files every generated crate carries unchanged: the runtime crate's source (`runtime/`),
/// compiled, linted and tested there against a stand-in for `api_spec.rs`.
const RUNTIME: [(&str, &str); 4] = [
    (
        "runtime.rs",
        include_str!("../../../runtime/src/runtime.rs"),
    ),
    ("config.rs", include_str!("../../../runtime/src/config.rs")),
    (
        "streams.rs",
        include_str!("../../../runtime/src/streams.rs"),
    ),
    ("tokens.rs", include_str!("../../../runtime/src/tokens.rs")),
];

/// The types of string formats (`date-time`, `uuid`), behind features: in the crate and in
/// every part, which name them as `crate::formats::…` (the same types either way).
const FORMATS: (&str, &str) = (
    "formats.rs",
    include_str!("../../../runtime/src/formats.rs"),
);

/// What every crate that holds models carries unchanged, from the same place.
const MODEL_RUNTIME: [(&str, &str); 3] = [
    ("json.rs", include_str!("../../../runtime/src/json.rs")),
    ("macros.rs", include_str!("../../../runtime/src/macros.rs")),
    FORMATS,
];

/// `files` in `dir`, copied verbatim from `runtime/src`.
fn verbatim(dir: &str, files: &[(&'static str, &'static str)]) -> Vec<RenderedFile> {
    files
        .iter()
        .map(|(path, text)| RenderedFile {
            path: format!("{dir}/{path}"),
            text: text.to_string(),
            sources: vec![format!("runtime/src/{path} of the generator, verbatim")],
            template: path,
            laid_out: true,
        })
        .collect()
}

/// A crate of models split off a module (see `parts`).
struct Part {
    /// Its directory under `parts/` (`names::model_part`).
    stem: String,
    package: String,
    /// The features of the main crate that enable some of its types.
    features: Vec<String>,
}

impl Part {
    fn dir(&self) -> String {
        format!("parts/{}", self.stem)
    }

    fn library(&self) -> String {
        self.package.replace('-', "_")
    }
}

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
    let mut module_files = Vec::new();
    let mut parts = Vec::new();
    let mut local_models = false;
    for module in &api.modules {
        let (files, module_parts) = render_module(api, module, settings)?;
        local_models |= module_parts.is_empty();
        module_files.extend(files);
        parts.extend(module_parts);
    }
    let features = api
        .modules
        .iter()
        .flat_map(module_features)
        .map(|feature| {
            let forwarded = parts
                .iter()
                .filter(|p| p.features.contains(&feature))
                .map(|p| format!("{}/{feature}", p.package))
                .collect();
            (feature, forwarded)
        })
        .collect();
    let krate = settings.name.replace('-', "_");
    let start = examples::start_example(&krate, api);
    let cargo = CargoToml {
        name: &settings.name,
        version: &settings.version,
        features,
        parts: parts.iter().map(|p| (p.package.clone(), p.dir())).collect(),
        start_feature: start.feature(),
        dependencies: crate_files::user_dependencies(settings, 0),
    };
    let mut files = vec![
        file("Cargo.toml".into(), cargo.render()?, &all, "Cargo.toml"),
        file(
            "README.md".into(),
            readme_view(api, settings, &all, !parts.is_empty()).render()?,
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
            lib_view(api, settings, local_models).render()?,
            &all,
            "lib.rs",
        ),
    ];
    files.extend(verbatim("src", &RUNTIME));
    if local_models {
        files.extend(verbatim("src", &MODEL_RUNTIME));
    } else {
        files.extend(verbatim("src", &[FORMATS]));
    }
    let api_spec = api_spec_view(api, settings).render()?;
    files.push(file(
        "src/api_spec.rs".into(),
        api_spec,
        &all,
        "api_spec.rs",
    ));
    files.extend(module_files);
    files.push(file(
        "examples/start.rs".into(),
        start.render()?,
        &all,
        "example_start.rs",
    ));
    for module in &api.modules {
        files.push(file(
            format!("examples/{}.rs", bare(&module.name.rust)),
            examples::example_file(&krate, module).render()?,
            std::slice::from_ref(&module.spec_path),
            "example.rs",
        ));
    }
    Ok(files)
}

/// A module's files (`mod.rs`, its models, its groups' `apis` files) and the parts its models
/// are split into, if they are.
fn render_module(
    api: &Api,
    module: &Module,
    settings: &CrateSettings,
) -> Result<(Vec<RenderedFile>, Vec<Part>), askama::Error> {
    let dir = format!("src/{}", bare(&module.name.rust));
    let sources = std::slice::from_ref(&module.spec_path);
    let mut models = Vec::with_capacity(module.types.len());
    let allowed = if settings.derives.is_empty() {
        vec![0; module.types.len()]
    } else {
        derives::allowed(&module.types)
    };
    for (def, allowed) in module.types.iter().zip(allowed) {
        let extra = derives::extra(def, allowed, &settings.derives);
        let view = models::model_view(def, &module.types, extra);
        models.push(RenderedFile {
            laid_out: view.laid_out(),
            ..file(
                format!("{}.rs", bare(&def.module)),
                view.render()?,
                sources,
                view.template(),
            )
        });
    }
    let sizes: Vec<usize> = models.iter().map(|m| m.text.len()).collect();
    let split = parts::partition(&module.types, &sizes, settings.model_part_bytes);
    let mut files = vec![file(
        format!("{dir}/mod.rs"),
        module_view(module).render()?,
        sources,
        "module.rs",
    )];
    let (module_parts, model_files) = match split {
        None => {
            for model in &mut models {
                model.path = format!("{dir}/models/{}", model.path);
            }
            (Vec::new(), models)
        }
        Some(split) => render_parts(module, settings, &split, models)?,
    };
    let index = ModelsMod {
        parts: module_parts.iter().map(Part::library).collect(),
        entries: if module_parts.is_empty() {
            model_entries(module, &module.types)
        } else {
            Vec::new()
        },
    };
    files.push(file(
        format!("{dir}/models/mod.rs"),
        index.render()?,
        sources,
        "models_mod.rs",
    ));
    files.extend(model_files);
    for group in &module.groups {
        let view = operations::group_view(api, module, group);
        let path = format!("{dir}/apis/{}.rs", bare(&group.name.rust));
        files.push(file(path, view.render()?, sources, "api.rs"));
    }
    Ok((files, module_parts))
}

/// The group features the models `ids` use, sorted, each once.
fn part_features(module: &Module, ids: &[TypeId]) -> Vec<String> {
    let mut features: Vec<String> = ids
        .iter()
        .flat_map(|id| type_features(module, &module.types[*id]))
        .collect();
    features.sort();
    features.dedup();
    features
}

/// The earlier parts the models `ids` of part `index` refer to, in order (`part_of` gives
/// each type's part).
fn part_dependencies(
    module: &Module,
    ids: &[TypeId],
    part_of: &[usize],
    index: usize,
) -> impl Iterator<Item = usize> {
    let mut refers: Vec<TypeId> = Vec::new();
    for id in ids {
        crate::passes::usage::children(&module.types[*id], &mut refers);
    }
    let mut indexes: Vec<usize> = refers.into_iter().map(|id| part_of[id]).collect();
    indexes.sort_unstable();
    indexes.dedup();
    indexes.into_iter().filter(move |part| *part != index)
}

/// The crates under `parts/` that hold a module's models, split as `split` says, and their
/// files: `Cargo.toml`, `lib.rs`, the models' runtime and the model files (`models`, indexed
/// by type).
fn render_parts(
    module: &Module,
    settings: &CrateSettings,
    split: &[Vec<TypeId>],
    models: Vec<RenderedFile>,
) -> Result<(Vec<Part>, Vec<RenderedFile>), askama::Error> {
    let mut files = Vec::new();
    let sources = std::slice::from_ref(&module.spec_path);
    let module_name = bare(&module.name.rust);
    let mut part_of = vec![0; module.types.len()];
    for (index, ids) in split.iter().enumerate() {
        for id in ids {
            part_of[*id] = index;
        }
    }
    let mut models: Vec<Option<RenderedFile>> = models.into_iter().map(Some).collect();
    let mut parts: Vec<Part> = Vec::new();
    for (index, ids) in split.iter().enumerate() {
        let stem = crate::names::model_part(module_name, index + 1);
        let deps: Vec<&Part> = part_dependencies(module, ids, &part_of, index)
            .map(|part| &parts[part])
            .collect();
        let part = Part {
            package: format!("{}-{stem}", settings.name),
            stem,
            features: part_features(module, ids),
        };
        let dir = part.dir();
        let cargo = PartCargoToml {
            name: &part.package,
            version: &settings.version,
            parent: &settings.name,
            features: &part.features,
            deps: deps
                .iter()
                .map(|d| (d.package.clone(), d.stem.clone()))
                .collect(),
            dependencies: crate_files::user_dependencies(settings, 2),
        };
        files.push(file(
            format!("{dir}/Cargo.toml"),
            cargo.render()?,
            sources,
            "part/Cargo.toml",
        ));
        let lib = PartLib {
            docs: text::inner_docs(&format!(
                "Models of `{}`, module `{module_name}`, part {} of {}.\n\nUse them through `{}::{module_name}::models`. The models of a large API are compiled as several\ncrates: the compiler needs much less memory for them than for one.",
                settings.name,
                index + 1,
                split.len(),
                settings.name.replace('-', "_"),
            )),
            deps: deps.iter().map(|d| d.library()).collect(),
            entries: model_entries(module, ids.iter().map(|id| &module.types[*id])),
        };
        files.push(file(
            format!("{dir}/src/lib.rs"),
            lib.render()?,
            sources,
            "part/lib.rs",
        ));
        files.extend(verbatim(&format!("{dir}/src"), &MODEL_RUNTIME));
        for id in ids {
            if let Some(mut model) = models[*id].take() {
                model.path = format!("{dir}/src/{}", model.path);
                files.push(model);
            }
        }
        parts.push(part);
    }
    Ok((parts, files))
}
