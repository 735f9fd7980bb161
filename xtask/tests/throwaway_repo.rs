//! The generator used from another repository, as a new user would: a throwaway repository
//! in a temporary directory with a `codegen.toml` and an `xtask` that depends on `generator` by
//! path; `cargo xtask codegen` writes the client, `--check` passes, and a program built against
//! the vendored crate compiles. (The ready binary is tested in `generator/tests/cli.rs`.)
//!
//! Compiles the generator and a client from scratch in their own target directory: run by
//! `.ci/run` (`cargo test -p xtask --test throwaway_repo -- --ignored`).

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::codegen;

const SPEC: &str = r##"openapi: 3.0.3
info: {title: Pets, version: "1"}
servers: [{url: "https://pets.example.com/v1"}]
paths:
  /pets/{id}:
    get:
      operationId: getPet
      summary: A pet.
      tags: [pets]
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
      responses:
        "200":
          description: The pet
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
  /admin/reset:
    post:
      operationId: resetEverything
      tags: [admin]
      responses:
        "204": {description: Done}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: integer, format: int64}
        name: {type: string}
"##;

/// An overlay kept in the repository: it fixes the published spec's summary.
const OVERLAY: &str = r#"overlay: 1.0.0
info: {title: Local fixes, version: "1"}
actions:
  - target: $.paths['/pets/{id}'].get
    update: {summary: "A pet, by its id (patched locally)."}
"#;

const CONFIG: &str = r#"[[client]]
crate-name = "pets-client"
specs = ["specs/pets.yaml"]
out = "vendor/pets-client"
exclude-tags = ["admin"]
patches = ["specs/overlay.yaml"]
"#;

const XTASK_MAIN: &str = r#"fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => generator::cli::main(&args[1..], "cargo xtask codegen"),
        _ => {
            eprintln!("usage: cargo xtask codegen [--check]");
            std::process::ExitCode::from(2)
        }
    }
}
"#;

const APP_MAIN: &str = r#"use pets_client::{Client, Config};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new(Config::from_env()?)?;
    let pet = client.pets().pets().get_pet(1).await?;
    println!("{} {:?}", pet.id, pet.name);
    Ok(())
}
"#;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs `cargo args` in `dir` with the shared target directory; panics with its output when it
/// fails.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "cargo {args:?} failed:\n{text}");
    text
}

/// The repository's `Cargo.toml`: a workspace of `members`.
fn workspace(repo: &Path, members: &[&str]) {
    write(
        &repo.join("Cargo.toml"),
        &format!("[workspace]\nresolver = \"3\"\nmembers = {members:?}\n"),
    );
}

fn repository(root: &Path) -> PathBuf {
    let repo = std::env::temp_dir().join(format!("codegen-throwaway-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    let generator = root.join("generator");
    workspace(&repo, &["xtask"]);
    write(
        &repo.join(".cargo/config.toml"),
        "[alias]\nxtask = \"run --quiet --package xtask --\"\n",
    );
    write(
        &repo.join("xtask/Cargo.toml"),
        &format!(
            "[package]\nname = \"xtask\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\ngenerator = {{ path = {:?} }}\n",
            generator.display().to_string()
        ),
    );
    write(&repo.join("xtask/src/main.rs"), XTASK_MAIN);
    write(&repo.join("codegen.toml"), CONFIG);
    write(&repo.join("specs/pets.yaml"), SPEC);
    write(&repo.join("specs/overlay.yaml"), OVERLAY);
    // The versions this workspace builds with, so that nothing new is resolved.
    std::fs::copy(root.join("Cargo.lock"), repo.join("Cargo.lock")).unwrap();
    repo
}

#[test]
#[ignore = "builds the generator and a client from scratch; run by .ci/run"]
fn another_repository_generates_vendors_and_builds_a_client() {
    let root = codegen::workspace_root();
    let target = root.join("target/throwaway");
    let repo = repository(&root);

    let generated = cargo(&repo, &target, &["xtask", "codegen"]);
    assert!(generated.contains("1 operations"), "{generated}");
    let api = std::fs::read_to_string(repo.join("vendor/pets-client/src/pets/apis/pets.rs"))
        .expect("the pets group is generated");
    assert!(api.contains("patched locally"), "the overlay applies");
    let all = std::fs::read_to_string(repo.join("vendor/pets-client/src/pets/mod.rs")).unwrap();
    assert!(!all.contains("admin"), "the admin tag is excluded:\n{all}");
    assert!(repo.join("vendor/pets-client/README.md").is_file());

    cargo(&repo, &target, &["xtask", "codegen", "--check"]);
    // Once the crate exists, a program depends on it by path.
    workspace(&repo, &["xtask", "app"]);
    write(
        &repo.join("app/Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\npets-client = { path = \"../vendor/pets-client\" }\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n",
    );
    write(&repo.join("app/src/main.rs"), APP_MAIN);
    cargo(&repo, &target, &["build", "--quiet", "-p", "app"]);

    // A stale crate fails the check and names the file.
    let readme = repo.join("vendor/pets-client/README.md");
    std::fs::write(&readme, "edited by hand\n").unwrap();
    let check = Command::new(env!("CARGO"))
        .args(["xtask", "codegen", "--check"])
        .current_dir(&repo)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(!check.status.success());
    assert!(String::from_utf8_lossy(&check.stderr).contains("README.md"));
    let _ = std::fs::remove_dir_all(&repo);
}
