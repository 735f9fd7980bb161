//! How errors are shown on a terminal, beyond the plain text the snapshots hold.

use std::sync::Arc;

use generator::{CrateSettings, Spec};

/// A minified JSON spec is one line; the error sits 100,000 columns into it. The report shows
/// a window of that line with the real line and column, instead of failing to indent that far.
#[test]
fn an_error_far_into_a_minified_spec_renders_a_window_of_its_line() {
    let padding = "x".repeat(100_000);
    let text = format!(
        r##"{{"openapi":"3.0.3","info":{{"title":"t","version":"1","description":"{padding}"}},"paths":{{"/a":{{"get":{{"responses":{{"200":{{"$ref":"#/components/responses/Missing"}}}}}}}}}}}}"##
    );
    let spec = Spec {
        path: "minified.json".to_string(),
        header: "minified.json".to_string(),
        text: Arc::from(text.as_str()),
        module: "api".to_string(),
        dir: None,
        ..Default::default()
    };
    let settings = CrateSettings::new("fixture-client", "0.1.0");
    let Err(generator::Error::Spec(diagnostics)) = generator::generate(&[spec], &settings) else {
        panic!("the response is a dangling `$ref`: generation must fail");
    };
    let error = &diagnostics.errors[0];
    let column = text.find(r#""200""#).unwrap() + 1;
    assert_eq!((error.line, error.column), (1, column));
    let mut rendered = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .render_report(&mut rendered, error)
        .unwrap();
    assert!(
        rendered.contains(&format!("minified.json:1:{column}")),
        "{rendered}"
    );
    assert!(rendered.contains(r#""responses":{"200""#), "{rendered}");
    let widest = rendered.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest < 200, "a line of {widest} characters:\n{rendered}");
}

/// A description that mentions `$ref: other.yaml` is text, not a reference: the spec needs no
/// directory and generates.
#[test]
fn a_description_that_mentions_a_ref_is_not_a_reference() {
    let text = r#"openapi: 3.0.3
info:
  title: t
  version: "1"
  description: "Shared models live in another file: $ref: common.yaml"
paths:
  /a:
    get:
      operationId: GetA
      responses:
        "204": {description: ok}
"#;
    let spec = Spec {
        path: "spec.yaml".to_string(),
        header: "spec.yaml".to_string(),
        text: Arc::from(text),
        module: "api".to_string(),
        dir: None,
        ..Default::default()
    };
    let settings = CrateSettings::new("fixture-client", "0.1.0");
    let output = generator::generate(&[spec], &settings)
        .unwrap_or_else(|e| panic!("{:?}", miette::Report::new(e)));
    assert_eq!(output.operations, 1);
}
