//! The crate's own files: `Cargo.toml` (a feature per group), `README.md`, `rustfmt.toml`,
//! `src/lib.rs`, and each module's `mod.rs` and `models/mod.rs`.

use askama::Template;

use super::CrateSettings;
use super::api_spec::base_url_env;
use super::text::{bare, docs, inner_docs, lit, one_line, paragraphs};
use crate::ir::*;

#[derive(Template)]
#[template(path = "Cargo.toml")]
pub(super) struct CargoToml<'a> {
    pub(super) name: &'a str,
    pub(super) version: &'a str,
    /// Every feature (one per group, and one per module for models no operation uses), with
    /// the same feature of each model part that has models it enables.
    pub(super) features: Vec<(String, Vec<String>)>,
    /// `(package, directory)` of each model part.
    pub(super) parts: Vec<(String, String)>,
    /// The feature `examples/start.rs` needs, if it calls an operation.
    pub(super) start_feature: Option<String>,
    /// The crates of the user's types.
    pub(super) dependencies: Vec<(String, String)>,
}

/// The features of a module: one per group, then `<module>-other-models`.
pub(super) fn module_features(module: &Module) -> Vec<String> {
    let mut features: Vec<String> = module.groups.iter().map(|g| g.feature.clone()).collect();
    features.push(module.other_models_feature.clone());
    features
}

/// The features that enable a type: those of the groups that use it.
pub(super) fn type_features(module: &Module, def: &TypeDef) -> Vec<String> {
    def.used_by
        .iter()
        .map(|g| {
            module.groups.get(*g).map_or_else(
                || module.other_models_feature.clone(),
                |group| group.feature.clone(),
            )
        })
        .collect()
}

/// `#[cfg(...)]` for a type, from the groups that use it.
pub(super) fn type_cfg(module: &Module, def: &TypeDef) -> String {
    cfg_any(&type_features(module, def))
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]` for several.
pub(super) fn cfg_any(features: &[String]) -> String {
    let conditions: Vec<String> = features
        .iter()
        .map(|f| format!("feature = {}", lit(f)))
        .collect();
    match conditions.as_slice() {
        [one] => format!("#[cfg({one})]"),
        _ => format!("#[cfg(any({}))]", conditions.join(", ")),
    }
}

#[derive(Template)]
#[template(path = "rustfmt.toml")]
pub(super) struct RustfmtToml;

/// The generated crate's README: what API, how to depend on it, configure it, pick features,
/// regenerate it.
#[derive(Template)]
#[template(path = "README.md")]
pub(super) struct Readme {
    name: String,
    ident: String,
    sources: String,
    modules: Vec<ReadmeModule>,
    /// The module and group the example program reaches, if the API has operations.
    example_group: Option<(String, String)>,
    example_feature: String,
    /// The variable `Config::from_env` reads the base URL from.
    base_url_env: String,
    /// Environment variable and what it sets.
    env: Vec<(String, String)>,
    /// The `Config::with_…` setters, as a list in prose.
    setters: String,
    /// Feature and the operations it enables.
    features: Vec<(String, String)>,
    /// The models are in crates under `parts/`.
    parts: bool,
    /// Operations that show what the client does beyond a plain call, if the API has them.
    showcase: Showcase,
}

/// The first operation of each kind the README shows an example of, as the path of the
/// method to call (`client.v1().files().get_file_download`); the setters of token providers.
#[derive(Default)]
struct Showcase {
    download: Option<String>,
    events: Option<String>,
    items: Option<String>,
    upload: Option<String>,
    form: Option<(String, String)>,
    token_provider: Option<String>,
    client_credentials: Option<String>,
}

impl Showcase {
    fn of(api: &Api) -> Showcase {
        let mut showcase = Showcase::default();
        for module in &api.modules {
            for group in &module.groups {
                let path = |method: &str| {
                    format!(
                        "client.{}().{}().{}",
                        bare(&module.name.rust),
                        bare(&group.name.rust),
                        bare(method)
                    )
                };
                for op in &group.operations {
                    let first = |slot: &mut Option<String>, present: bool, method: &str| {
                        if present && slot.is_none() {
                            *slot = Some(path(method));
                        }
                    };
                    first(
                        &mut showcase.download,
                        op.downloads(),
                        &op.items.download_method,
                    );
                    let kind = op.streamed().map(|s| s.kind);
                    let method = &op.items.streamed_method;
                    first(
                        &mut showcase.events,
                        kind == Some(StreamKind::Events),
                        method,
                    );
                    first(
                        &mut showcase.items,
                        kind == Some(StreamKind::JsonLines),
                        method,
                    );
                    let binary = op
                        .body
                        .as_ref()
                        .is_some_and(|b| b.payload == Payload::Binary);
                    first(&mut showcase.upload, binary, &op.name.rust);
                    if op.multipart_body().is_some() && showcase.form.is_none() {
                        let form = format!(
                            "{}::apis::{}::{}",
                            bare(&module.name.rust),
                            bare(&group.name.rust),
                            op.items.form_type
                        );
                        showcase.form = Some((path(&op.name.rust), form));
                    }
                }
            }
        }
        let setter = |name: &String| (!name.is_empty()).then(|| name.clone());
        showcase.token_provider = api
            .security_schemes
            .iter()
            .find_map(|s| setter(&s.provider_setter));
        showcase.client_credentials = api
            .security_schemes
            .iter()
            .find_map(|s| setter(&s.client_credentials_setter));
        showcase
    }
}

struct ReadmeModule {
    title: String,
    version: String,
    module: String,
    operations: usize,
    groups: usize,
}

pub(super) fn readme_view(
    api: &Api,
    settings: &CrateSettings,
    sources: &[String],
    parts: bool,
) -> Readme {
    let example_group = api.modules.iter().find_map(|m| {
        let group = m.groups.first()?;
        Some((
            bare(&m.name.rust).to_string(),
            bare(&group.name.rust).to_string(),
        ))
    });
    let example_feature = api
        .modules
        .iter()
        .find_map(|m| Some(m.groups.first()?.feature.clone()))
        .or_else(|| api.modules.first().map(|m| m.other_models_feature.clone()))
        .unwrap_or_default();
    let setters = api
        .server_variables
        .iter()
        .map(|v| &v.name.rust)
        .chain(api.security_schemes.iter().map(|s| &s.name.rust))
        .map(|name| format!("`Config::{name}`"))
        .chain(std::iter::once("`Config::with_base_url`".to_string()))
        .collect::<Vec<_>>()
        .join(", ");
    let features = api
        .modules
        .iter()
        .flat_map(|m| {
            m.groups
                .iter()
                .map(|g| (g.feature.clone(), g.operations.len().to_string()))
                .chain(std::iter::once((
                    m.other_models_feature.clone(),
                    "none (models no operation uses)".to_string(),
                )))
        })
        .collect();
    Readme {
        name: settings.name.clone(),
        ident: settings.name.replace('-', "_"),
        sources: sources.join(", "),
        modules: api
            .modules
            .iter()
            .map(|m| ReadmeModule {
                title: one_line(&m.title),
                version: one_line(&m.version),
                module: bare(&m.name.rust).to_string(),
                operations: m.groups.iter().map(|g| g.operations.len()).sum(),
                groups: m.groups.len(),
            })
            .collect(),
        example_group,
        example_feature,
        base_url_env: base_url_env(settings),
        env: readme_env(api, settings),
        setters,
        features,
        parts,
        showcase: Showcase::of(api),
    }
}

/// The environment variables `Config::from_env` reads, and what each sets.
fn readme_env(api: &Api, settings: &CrateSettings) -> Vec<(String, String)> {
    let mut env = vec![(
        base_url_env(settings),
        "a base URL that replaces the spec's servers (a mock server, a gateway)".to_string(),
    )];
    for variable in &api.server_variables {
        if let Some(name) = &variable.env {
            env.push((
                name.clone(),
                format!(
                    "the server variable `{}` (default `{}`)",
                    one_line(&variable.name.original),
                    one_line(&variable.default)
                ),
            ));
        }
    }
    for scheme in &api.security_schemes {
        if let Some(name) = &scheme.env {
            env.push((
                name.clone(),
                format!(
                    "the credential of security scheme `{}`",
                    one_line(&scheme.name.original)
                ),
            ));
        }
    }
    env
}

#[derive(Template)]
#[template(path = "lib.rs")]
pub(super) struct Lib {
    docs: Vec<String>,
    modules: Vec<String>,
    /// `all(feature = …, …)`: true when every feature is on. With fewer, parts of the runtime
    /// are legitimately unused.
    all_features: String,
    /// Some module keeps its models in this crate (not in parts), which then needs their
    /// runtime.
    local_models: bool,
}

pub(super) fn lib_view(api: &Api, settings: &CrateSettings, local_models: bool) -> Lib {
    let titles: Vec<String> = api
        .modules
        .iter()
        .map(|m| {
            format!(
                "- [`{}`] — {}, version {}",
                bare(&m.name.rust),
                m.title,
                m.version
            )
        })
        .collect();
    let text = format!(
        "`{}`: an async client for these APIs, generated from their OpenAPI descriptions.\n\n{}\n\nStart with [`Config`] and [`Client`]; every operation returns a typed [`Error`] on failure.\n\n# Example\n\n`examples/start.rs`, and in `examples/<module>.rs` a function calling each operation:\n\n```no_run",
        settings.name,
        titles.join("\n")
    );
    let all: Vec<String> = api
        .modules
        .iter()
        .flat_map(module_features)
        .map(|f| format!("feature = {}", lit(&f)))
        .collect();
    Lib {
        all_features: format!("all({})", all.join(", ")),
        docs: inner_docs(&text),
        modules: api.modules.iter().map(|m| m.name.rust.clone()).collect(),
        local_models,
    }
}

#[derive(Template)]
#[template(path = "module.rs")]
pub(super) struct ModuleView {
    /// `#[cfg(any(...))]` over the module's group features.
    any_group: String,
    docs: Vec<String>,
    name: String,
    /// `(module name, struct name, docs, cfg attribute)` of each group.
    groups: Vec<(String, String, Vec<String>, String)>,
}

pub(super) fn module_view(module: &Module) -> ModuleView {
    let text = paragraphs(&[
        Some(format!("{} (version {}).", module.title, module.version)),
        module.description.clone(),
        Some(format!("Generated from `{}`.", module.spec_path)),
    ]);
    let features: Vec<String> = module.groups.iter().map(|g| g.feature.clone()).collect();
    ModuleView {
        any_group: cfg_any(&features),
        docs: inner_docs(&text),
        name: module.name.rust.clone(),
        groups: module
            .groups
            .iter()
            .map(|g| {
                let struct_name = g.struct_name.clone();
                let doc = docs(&format!(
                    "Operations of the {} group (cargo feature `{}`).",
                    g.name.original, g.feature
                ));
                let cfg = format!("#[cfg(feature = {})]", lit(&g.feature));
                (g.name.rust.clone(), struct_name, doc, cfg)
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "models_mod.rs")]
pub(super) struct ModelsMod {
    /// The model parts whose types this module re-exports (their library names).
    pub(super) parts: Vec<String>,
    /// `(cfg attribute, file stem, type name)`.
    pub(super) entries: Vec<(String, String, String)>,
}

/// `(cfg attribute, file stem, type name)` of each type, for `models/mod.rs` or a part's
/// `lib.rs`.
pub(super) fn model_entries<'a>(
    module: &Module,
    types: impl IntoIterator<Item = &'a TypeDef>,
) -> Vec<(String, String, String)> {
    types
        .into_iter()
        .map(|t| (type_cfg(module, t), t.module.clone(), t.name.rust.clone()))
        .collect()
}

/// A model part's `Cargo.toml`.
#[derive(Template)]
#[template(path = "part/Cargo.toml")]
pub(super) struct PartCargoToml<'a> {
    pub(super) name: &'a str,
    pub(super) version: &'a str,
    /// The package of the crate the part belongs to.
    pub(super) parent: &'a str,
    pub(super) features: &'a [String],
    /// `(package, directory)` of the earlier parts it refers to.
    pub(super) deps: Vec<(String, String)>,
    /// The crates of the user's types, their relative paths made relative to the part.
    pub(super) dependencies: Vec<(String, String)>,
}

/// The user's dependencies as written in a crate `depth` directories below the generated
/// crate: a relative `path = "…"` gets a `../` for each.
pub(super) fn user_dependencies(settings: &CrateSettings, depth: usize) -> Vec<(String, String)> {
    settings
        .types
        .dependencies
        .iter()
        .map(|(name, value)| {
            let mut value = value.clone();
            for quote in ['"', '\''] {
                let key = format!("path = {quote}");
                if let Some(at) = value.find(&key) {
                    let start = at + key.len();
                    if !value[start..].starts_with('/') {
                        value.insert_str(start, &"../".repeat(depth));
                    }
                }
            }
            (name.clone(), value)
        })
        .collect()
}

/// A model part's `lib.rs`.
#[derive(Template)]
#[template(path = "part/lib.rs")]
pub(super) struct PartLib {
    pub(super) docs: Vec<String>,
    /// Library names of the earlier parts it refers to.
    pub(super) deps: Vec<String>,
    pub(super) entries: Vec<(String, String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_path_dependency_is_made_relative_to_a_part() {
        let mut settings = CrateSettings::new("c", "0.1.0");
        for (name, value) in [
            ("near", r#"{ path = "../money" }"#),
            ("far", r#"{ path = "/opt/money" }"#),
            ("listed", r#""1""#),
        ] {
            settings
                .types
                .dependencies
                .insert(name.to_string(), value.to_string());
        }
        let part = user_dependencies(&settings, 2);
        assert_eq!(
            part,
            [
                ("far".to_string(), r#"{ path = "/opt/money" }"#.to_string()),
                ("listed".to_string(), r#""1""#.to_string()),
                (
                    "near".to_string(),
                    r#"{ path = "../../../money" }"#.to_string()
                ),
            ]
        );
        assert_eq!(
            user_dependencies(&settings, 0)[2].1,
            r#"{ path = "../money" }"#
        );
    }
}
