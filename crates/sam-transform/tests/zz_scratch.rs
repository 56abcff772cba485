mod golden_support;
#[test]
fn scratch() {
    let input: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(std::env::var("IN").unwrap()).unwrap())
            .unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(std::env::var("OUT").unwrap()).unwrap())
            .unwrap();
    match sam_transform::transform(&input, &sam_transform::Options::default()) {
        Ok(t) => {
            for d in golden_support::compare::differences(&expected, &t.template) {
                eprintln!("{d}");
            }
            eprintln!("warnings: {:?}", t.warnings.len());
        }
        Err(e) => eprintln!("ERROR {}", e.message()),
    }
}
