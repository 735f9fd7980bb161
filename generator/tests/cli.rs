//! The ready binary, `openapi-codegen` (`cargo install --path generator`), run from a directory
//! outside this repository: it explains itself, and an incomplete command line or a missing
//! configuration is an error that says what to give, never a fallback to this repository's
//! specs, output or crate name.

use std::process::Command;

#[test]
fn the_binary_explains_itself_and_refuses_an_incomplete_command_line() {
    let binary = env!("CARGO_BIN_EXE_openapi-codegen");
    let outside = std::env::temp_dir().join(format!("codegen-outside-{}", std::process::id()));
    std::fs::create_dir_all(&outside).unwrap();
    let run = |args: &[&str]| {
        Command::new(binary)
            .args(args)
            .current_dir(&outside)
            .output()
            .unwrap()
    };
    let help = run(&["--help"]);
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("usage: openapi-codegen") && text.contains("[[client]]"),
        "{text}"
    );

    let incomplete = run(&["--spec", "pets.yaml"]);
    assert_eq!(incomplete.status.code(), Some(2));
    let text = String::from_utf8_lossy(&incomplete.stderr);
    assert!(
        text.contains("--out DIR") && text.contains("--crate-name NAME"),
        "{text}"
    );

    // No configuration anywhere above a temporary directory: nothing falls back to this
    // repository's.
    let nothing = run(&["--check"]);
    assert_eq!(nothing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("no `codegen.toml`"));

    let unknown = run(&["--chek"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown argument `--chek`"));
    let _ = std::fs::remove_dir_all(&outside);
}
