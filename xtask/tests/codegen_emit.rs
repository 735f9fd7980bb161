//! How `codegen` treats the output directory: only changed files are written, orphans are
//! deleted, `--check` writes nothing, and a failed generation leaves everything as it was.

use std::path::{Path, PathBuf};

use xtask::codegen::{self, Options};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-emit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn options(out: &Path, specs: Vec<PathBuf>, check: bool) -> Options {
    Options {
        specs,
        out: out.to_path_buf(),
        crate_name: "emit-test".into(),
        check,
    }
}

/// Every file under `dir` with its contents, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

fn fixture(name: &str) -> PathBuf {
    codegen::workspace_root()
        .join("generator/tests/fixtures")
        .join(name)
        .join("spec.yaml")
}

#[test]
fn writes_changes_deletes_orphans_and_checks() {
    let out = temp_dir("sync");
    let specs = vec![fixture("models-and-params")];
    let root = codegen::workspace_root();
    let first = codegen::run(&options(&out, specs.clone(), false), &root).unwrap();
    assert_eq!(first.written.len(), first.files);

    // Unchanged: nothing written. Then one edited file and one orphan.
    let again = codegen::run(&options(&out, specs.clone(), false), &root).unwrap();
    assert!(again.written.is_empty() && again.deleted.is_empty());
    std::fs::write(out.join("src/lib.rs"), "// edited by hand\n").unwrap();
    std::fs::write(out.join("src/stray.rs"), "// not generated\n").unwrap();

    let check = codegen::run(&options(&out, specs.clone(), true), &root).unwrap();
    assert_eq!(check.stale.len(), 2, "{:?}", check.stale);
    assert!(
        check.stale[0].starts_with("differs: src/lib.rs")
            && check.stale[0].contains("-// edited by hand")
    );
    assert_eq!(check.stale[1], "should not exist: src/stray.rs");
    assert_eq!(
        std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
        "// edited by hand\n",
        "check mode writes nothing"
    );

    let fixed = codegen::run(&options(&out, specs, false), &root).unwrap();
    assert_eq!(fixed.written, ["src/lib.rs"]);
    assert_eq!(fixed.deleted, ["src/stray.rs"]);
    assert!(!out.join("src/stray.rs").exists());
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn failed_generation_leaves_output_untouched() {
    let out = temp_dir("failure");
    let root = codegen::workspace_root();
    codegen::run(&options(&out, vec![fixture("recursion")], false), &root).unwrap();
    let before = snapshot(&out);
    // A good spec and a broken one: nothing may be written for either.
    let result = codegen::run(
        &options(
            &out,
            vec![fixture("models-and-params"), fixture("error-composition")],
            false,
        ),
        &root,
    );
    assert!(result.is_err());
    assert_eq!(snapshot(&out), before);
    let _ = std::fs::remove_dir_all(&out);
}
