//! Any bytes as a spec (YAML or JSON, by the first byte): `generate` returns output or located
//! diagnostics, and never panics, hangs or runs out of memory.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = if data.first() == Some(&b'{') {
        "fuzz.json"
    } else {
        "fuzz.yaml"
    };
    let spec = generator::Spec {
        path: path.to_string(),
        header: path.to_string(),
        text: Arc::from(text.as_ref()),
        module: "api".to_string(),
        // No directory: a `$ref` to another file is an error, never a read.
        dir: None,
        ..Default::default()
    };
    let settings = generator::CrateSettings {
        name: "fuzz-client".to_string(),
        version: "0.1.0".to_string(),
    };
    if let Err(generator::Error::Spec(diagnostics)) = generator::generate(&[spec], &settings) {
        // Locating and rendering the errors must not panic either.
        let _ = diagnostics.render_plain();
    }
});
