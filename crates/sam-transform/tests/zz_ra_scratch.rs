mod golden_support;
#[test]
fn scratch() {
    let Ok(path) = std::env::var("RA_FILE") else {
        return;
    };
    let input = golden_support::load_template(std::path::Path::new(&path));
    match sam_transform::transform(&input, &sam_transform::Options::default()) {
        Ok(t) => std::fs::write(
            "/tmp/ra_ours.json",
            serde_json::to_string_pretty(&t.template).unwrap(),
        )
        .unwrap(),
        Err(e) => std::fs::write(
            "/tmp/ra_ours.json",
            serde_json::to_string(&serde_json::json!({"errorMessage": e.message()})).unwrap(),
        )
        .unwrap(),
    }
}
