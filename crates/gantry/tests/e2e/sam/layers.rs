//! A SAM layer (`ContentUri` a local folder) whose Node.js module (`nodejs/node_modules`)
//! and Python package (`python/`) the functions import, as Lambda puts a layer in `/opt`.

use crate::support::{Up, client, fixture};

#[test]
fn functions_import_modules_from_their_sam_layer() {
    let template = fixture("sam/layers/template.yaml");
    let state = tempfile::tempdir().unwrap();
    let gantry = Up::new(&template, state.path())
        .start()
        .unwrap_or_else(|(status, output)| panic!("{status}\n{output}"));
    for (path, greeting) in [
        ("/node", "hello node from a layer"),
        ("/python", "hello python from a layer"),
    ] {
        let response = client()
            .get(format!("{}{path}", gantry.base))
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{path}\n{}", gantry.output());
        assert_eq!(response.text().unwrap(), greeting);
    }
}
