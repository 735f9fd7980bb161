//! `codegen.toml`: the clients a repository generates, one `[[client]]` table each.
//!
//! ```toml
//! [[client]]
//! crate-name = "petstore-client"
//! specs = ["specs/petstore.yaml"]      # each a module named after its file
//! out = "crates/petstore-client"
//! # Optional:
//! version = "0.1.0"
//! include-tags = ["pets"]              # only these tags' operations (or include-operations')
//! exclude-tags = ["internal"]
//! include-operations = ["getPet"]
//! exclude-operations = ["deletePet"]
//! skip-unstable = false                # leave out operations in preview (`x-unstable`)
//! patches = ["specs/fixes.yaml"]       # JSON Patch or OpenAPI Overlay, applied in order
//! deny-warnings = false
//! model-part-bytes = 1000000
//! ```
//!
//! Paths are relative to the file. An option this reader does not know is an error, not
//! ignored: a misspelt `exclude-tag` must not generate what it meant to leave out.

use std::path::{Path, PathBuf};

use crate::{Job, Selection};

/// The name of the configuration file; [`load_config`] describes its format.
pub const CONFIG_FILE: &str = "codegen.toml";

/// A configuration that cannot be used: which file, and why (with line and column where the
/// TOML reader knows them).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{path}: {message}")]
#[diagnostic(help("{help}"))]
pub struct ConfigError {
    /// The file.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    client: Vec<Client>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Client {
    crate_name: String,
    specs: Vec<PathBuf>,
    out: PathBuf,
    #[serde(default)]
    version: String,
    #[serde(default)]
    include_tags: Vec<String>,
    #[serde(default)]
    exclude_tags: Vec<String>,
    #[serde(default)]
    include_operations: Vec<String>,
    #[serde(default)]
    exclude_operations: Vec<String>,
    #[serde(default)]
    skip_unstable: bool,
    #[serde(default)]
    patches: Vec<PathBuf>,
    #[serde(default)]
    deny_warnings: bool,
    model_part_bytes: Option<usize>,
    #[serde(default)]
    types: Types,
    #[serde(default)]
    dependencies: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    derives: Vec<String>,
}

/// `[client.types]`: formats and schemas read as types of the user's.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Types {
    #[serde(default)]
    formats: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    schemas: std::collections::BTreeMap<String, String>,
}

/// Derives are among those that can be added safely, `Ord` with what it needs.
fn check_derives(name: &str, derives: &[String]) -> Result<(), (String, &'static str)> {
    if let Some(unknown) = derives
        .iter()
        .find(|d| !crate::DERIVES.contains(&d.as_str()))
    {
        return Err((
            format!("client `{name}`: `{unknown}` is not a derive the models can take"),
            "use `Eq`, `Hash`, `PartialOrd` or `Ord`: models that cannot have one (they hold floats or JSON values) go without it",
        ));
    }
    let has = |d: &str| derives.iter().any(|x| x == d);
    if has("Ord") && !(has("Eq") && has("PartialOrd")) {
        return Err((
            format!("client `{name}`: `Ord` needs `Eq` and `PartialOrd` as well"),
            "list `Eq` and `PartialOrd` too",
        ));
    }
    Ok(())
}

/// The overrides of a client, each type a Rust type and each dependency a version or an
/// inline table; or what is wrong with the first that is not.
fn type_overrides(
    name: &str,
    types: Types,
    dependencies: std::collections::BTreeMap<String, String>,
) -> Result<crate::TypeOverrides, (String, &'static str)> {
    for (key, ty) in types.formats.iter().chain(&types.schemas) {
        if syn::parse_str::<syn::Type>(ty).is_err() {
            return Err((
                format!("client `{name}`: `{key} = \"{ty}\"` does not name a Rust type"),
                "write a type path, such as `rust_decimal::Decimal`",
            ));
        }
    }
    let dependencies = dependencies
        .into_iter()
        .map(|(crate_name, value)| {
            let value = if value.trim_start().starts_with('{') {
                let table = format!("dependency = {value}");
                basic_toml::from_str::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(
                    &table,
                )
                .map_err(|e| {
                    (
                        format!("client `{name}`: dependency `{crate_name}` is not an inline table: {e}"),
                        "write it as in Cargo.toml, inside quotes: '{ version = \"1\", features = [\"serde\"] }'",
                    )
                })?;
                value
            } else {
                format!("{:?}", value.trim())
            };
            Ok((crate_name, value))
        })
        .collect::<Result<_, _>>()?;
    Ok(crate::TypeOverrides {
        formats: types.formats,
        schemas: types.schemas,
        dependencies,
    })
}

/// The TOML reader places an unknown key at its table; say the line of the key itself.
fn with_key_line(message: String, text: &str) -> String {
    let Some(key) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    else {
        return message;
    };
    let found = text.lines().enumerate().find_map(|(index, line)| {
        let column = line.len() - line.trim_start().len() + 1;
        let rest = line.trim_start().strip_prefix(key)?;
        rest.trim_start()
            .starts_with('=')
            .then_some((index + 1, column))
    });
    match (found, message.rfind(" at line ")) {
        (Some((line, column)), Some(at)) => {
            format!("{} at line {line} column {column}", &message[..at])
        }
        _ => message,
    }
}

/// The nearest `codegen.toml`: in `dir` or the first of its parents that has one.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|path| path.is_file())
}

/// The jobs `path` (a `codegen.toml`) lists, their paths made relative to its directory.
///
/// ```toml
/// [[client]]
/// crate-name = "petstore-client"
/// specs = ["specs/petstore.yaml"]      # each a module named after its file
/// out = "crates/petstore-client"
/// # Optional:
/// version = "0.1.0"
/// include-tags = ["pets"]              # only these tags' operations (or include-operations')
/// exclude-tags = ["internal"]
/// include-operations = ["getPet"]
/// exclude-operations = ["deletePet"]
/// skip-unstable = false                # leave out operations in preview (`x-unstable`)
/// patches = ["specs/fixes.yaml"]       # JSON Patch or OpenAPI Overlay, applied in order
/// deny-warnings = false
/// model-part-bytes = 1000000
///
/// # Types of your own in place of a `format` or a schema (each must implement `Debug`,
/// # `Clone`, `PartialEq` and serde's traits), and the crates they come from.
/// [client.types.formats]
/// decimal = "rust_decimal::Decimal"
/// [client.types.schemas]
/// Money = "money::Money"
/// [client.dependencies]
/// rust_decimal = '{ version = "1", features = ["serde-with-str"] }'
/// money = '{ path = "../money" }'     # relative to the generated crate
/// ```
///
/// `derives = ["Eq", "Hash", "PartialOrd", "Ord"]` (any of them) adds those derives to every
/// model whose fields allow them (not to those with floats or JSON values).
///
/// Paths are relative to the file. An option this reader does not know is an error, not
/// ignored: a misspelt `exclude-tag` must not generate what it meant to leave out.
///
/// # Errors
///
/// [`ConfigError`] when the file cannot be read, is not TOML, has an option this reader does not
/// know or lacks one it needs, lists no client, or names a crate in a way cargo refuses.
pub fn load_config(path: &Path) -> Result<Vec<Job>, ConfigError> {
    let shown = path.display().to_string();
    let error = |message: String, help: &str| ConfigError {
        path: shown.clone(),
        message,
        help: help.to_string(),
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| error(format!("cannot read it: {e}"), "check the path"))?;
    let file: File = basic_toml::from_str(&text).map_err(|e| {
        error(
            with_key_line(e.to_string(), &text),
            "each client is a `[[client]]` table with `crate-name`, `specs` and `out`; see the generator's documentation for the optional keys",
        )
    })?;
    if file.client.is_empty() {
        return Err(error(
            "no `[[client]]` is listed".to_string(),
            "add a `[[client]]` table with `crate-name`, `specs` and `out`",
        ));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    file.client
        .into_iter()
        .map(|client| {
            let name = &client.crate_name;
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && name.starts_with(|c: char| c.is_ascii_alphabetic());
            if !valid {
                return Err(error(
                    format!("`{name}` cannot be a crate's name"),
                    "use ASCII letters, digits, `-` and `_`, starting with a letter",
                ));
            }
            if client.specs.is_empty() {
                return Err(error(
                    format!("client `{name}` lists no spec"),
                    "list the spec files in `specs`",
                ));
            }
            let types = type_overrides(name, client.types, client.dependencies)
                .map_err(|(message, help)| error(message, help))?;
            check_derives(name, &client.derives).map_err(|(message, help)| error(message, help))?;
            Ok(Job {
                types,
                derives: client.derives,
                specs: client.specs.iter().map(|s| dir.join(s)).collect(),
                out: dir.join(&client.out),
                crate_name: client.crate_name,
                version: client.version,
                check: false,
                deny_warnings: client.deny_warnings,
                model_part_bytes: client.model_part_bytes.filter(|bytes| *bytes > 0),
                patches: client.patches.iter().map(|p| dir.join(p)).collect(),
                selection: Selection {
                    include_tags: client.include_tags,
                    exclude_tags: client.exclude_tags,
                    include_operations: client.include_operations,
                    exclude_operations: client.exclude_operations,
                    skip_unstable: client.skip_unstable,
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(text: &str) -> Result<Vec<Job>, ConfigError> {
        let dir = std::env::temp_dir().join(format!("codegen-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{}.toml", text.len()));
        std::fs::write(&path, text).unwrap();
        let result = load_config(&path);
        let _ = std::fs::remove_file(&path);
        result
    }

    #[test]
    fn clients_are_read_with_paths_beside_the_file() {
        let jobs = loaded(
            "[[client]]\ncrate-name = \"pets\"\nspecs = [\"specs/pets.yaml\"]\nout = \"crates/pets\"\nexclude-tags = [\"internal\"]\nskip-unstable = true\npatches = [\"fix.yaml\"]\n",
        )
        .unwrap();
        assert_eq!(jobs.len(), 1);
        let job = &jobs[0];
        assert_eq!(job.crate_name, "pets");
        assert!(job.specs[0].ends_with("specs/pets.yaml"), "{:?}", job.specs);
        assert!(job.specs[0].is_absolute());
        assert!(job.out.ends_with("crates/pets"));
        assert!(job.patches[0].ends_with("fix.yaml"));
        assert_eq!(job.selection.exclude_tags, ["internal"]);
        assert!(job.selection.skip_unstable);
    }

    #[test]
    fn unknown_and_missing_keys_are_errors_that_say_where() {
        let typo = loaded(
            "[[client]]\ncrate-name = \"pets\"\nspecs = [\"a.yaml\"]\nout = \"o\"\nexclude-tag = [\"x\"]\n",
        )
        .unwrap_err();
        assert!(typo.message.contains("exclude-tag"), "{}", typo.message);
        assert!(typo.message.contains("line 5"), "{}", typo.message);
        let missing =
            loaded("[[client]]\ncrate-name = \"pets\"\nspecs = [\"a.yaml\"]\n").unwrap_err();
        assert!(missing.message.contains("out"), "{}", missing.message);
        let empty = loaded("").unwrap_err();
        assert!(
            empty.message.contains("no `[[client]]`"),
            "{}",
            empty.message
        );
        let name =
            loaded("[[client]]\ncrate-name = \"my crate\"\nspecs = [\"a.yaml\"]\nout = \"o\"\n")
                .unwrap_err();
        assert!(
            name.message.contains("cannot be a crate's name"),
            "{}",
            name.message
        );
    }

    #[test]
    fn types_of_ones_own_are_read_with_their_dependencies() {
        let head = "[[client]]\ncrate-name = \"pets\"\nspecs = [\"a.yaml\"]\nout = \"o\"\n";
        let jobs = loaded(&format!(
            "{head}[client.types.formats]\ndecimal = \"rust_decimal::Decimal\"\n[client.types.schemas]\nMoney = \"money::Money<u64>\"\n[client.dependencies]\nrust_decimal = '{{ version = \"1\", features = [\"serde-with-str\"] }}'\nmoney = \"0.4\"\n"
        ))
        .unwrap();
        let types = &jobs[0].types;
        assert_eq!(types.formats["decimal"], "rust_decimal::Decimal");
        assert_eq!(types.schemas["Money"], "money::Money<u64>");
        assert_eq!(
            types.dependencies["rust_decimal"],
            r#"{ version = "1", features = ["serde-with-str"] }"#
        );
        // A bare version is written as one.
        assert_eq!(types.dependencies["money"], r#""0.4""#);

        let not_a_type = loaded(&format!(
            "{head}[client.types.formats]\ndecimal = \"not a type\"\n"
        ))
        .unwrap_err();
        assert!(
            not_a_type.message.contains("does not name a Rust type"),
            "{}",
            not_a_type.message
        );
        let bad_table = loaded(&format!(
            "{head}[client.dependencies]\nmoney = '{{ version = 1'\n"
        ))
        .unwrap_err();
        assert!(
            bad_table
                .message
                .contains("dependency `money` is not an inline table"),
            "{}",
            bad_table.message
        );
    }

    #[test]
    fn derives_are_those_the_models_can_take() {
        let head = "[[client]]\ncrate-name = \"pets\"\nspecs = [\"a.yaml\"]\nout = \"o\"\n";
        let jobs = loaded(&format!("{head}derives = [\"Eq\", \"Hash\"]\n")).unwrap();
        assert_eq!(jobs[0].derives, ["Eq", "Hash"]);
        let unknown = loaded(&format!("{head}derives = [\"Serialize\"]\n")).unwrap_err();
        assert!(
            unknown.message.contains("`Serialize` is not a derive"),
            "{}",
            unknown.message
        );
        let ord = loaded(&format!("{head}derives = [\"Ord\", \"Eq\"]\n")).unwrap_err();
        assert!(ord.message.contains("`Ord` needs"), "{}", ord.message);
    }
}
