//! `gantry up` with no template argument takes what SAM CLI would: the `sam build`
//! output first, then template.yaml/.yml/.json, then a `cdk.out` assembly; and says
//! which it took (docs/sam.md §7).

use std::path::Path;

use crate::support::{Up, client, fixture};

/// Writes the fixture template into `dir/name`, its function answering `body`.
fn template(dir: &Path, name: &str, body: &str) {
    let text = std::fs::read_to_string(fixture("discover/template.yaml")).unwrap();
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text.replace("'BODY'", &format!("'{body}'"))).unwrap();
}

#[test]
fn up_without_a_template_serves_the_template_yaml_of_the_current_folder() {
    let project = tempfile::tempdir().unwrap();
    template(project.path(), "template.yaml", "from template.yaml");
    template(project.path(), "template.json", "from template.json");
    let gantry = Up::new(Path::new(""), Path::new(".gantry"))
        .in_dir(project.path())
        .start()
        .unwrap();
    assert!(
        gantry
            .output()
            .contains("gantry: using template.yaml (found in .)"),
        "{}",
        gantry.output()
    );
    let response = client().get(format!("{}/", gantry.base)).send().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().unwrap(), "from template.yaml");
    assert!(project.path().join(".gantry/state.db").is_file());
}

#[test]
fn the_sam_build_template_wins_and_gantry_says_the_source_template_was_passed_over() {
    let project = tempfile::tempdir().unwrap();
    template(project.path(), "template.yaml", "from the source");
    template(
        project.path(),
        ".aws-sam/build/template.yaml",
        "from the build",
    );
    let gantry = Up::new(Path::new(""), Path::new(".gantry"))
        .in_dir(project.path())
        .start()
        .unwrap();
    let output = gantry.output();
    assert!(
        output.contains("gantry: using .aws-sam/build/template.yaml (found in .)"),
        "{output}"
    );
    assert!(
        output
            .contains("is what `sam build` wrote (SAM CLI prefers it); template.yaml is there too"),
        "{output}"
    );
    let response = client().get(format!("{}/", gantry.base)).send().unwrap();
    assert_eq!(response.text().unwrap(), "from the build");
}

#[test]
fn a_folder_argument_is_searched_like_the_current_folder() {
    let project = tempfile::tempdir().unwrap();
    template(project.path(), "template.yml", "from template.yml");
    let state = tempfile::tempdir().unwrap();
    let gantry = Up::new(project.path(), state.path()).start().unwrap();
    assert!(
        gantry.output().contains(&format!(
            "gantry: using {} (found in {})",
            project.path().join("template.yml").display(),
            project.path().display()
        )),
        "{}",
        gantry.output()
    );
    let response = client().get(format!("{}/", gantry.base)).send().unwrap();
    assert_eq!(response.text().unwrap(), "from template.yml");
}

/// `gantry up` with no argument in `project`, which must refuse as a usage error; its
/// output.
fn refusal_in(project: &Path) -> String {
    let (status, output) = Up::new(Path::new(""), Path::new(".gantry"))
        .in_dir(project)
        .start()
        .err()
        .expect("gantry refuses");
    assert_eq!(status.code(), Some(2), "{output}");
    output
}

#[test]
fn a_folder_with_nothing_to_deploy_is_a_usage_error_naming_what_was_looked_for() {
    let project = tempfile::tempdir().unwrap();
    let output = refusal_in(project.path());
    assert!(
        output.contains(
            "no template in .: looked for .aws-sam/build/template.yaml, template.yaml, template.yml, template.json, cdk.out; pass the template"
        ),
        "{output}"
    );
    assert!(!project.path().join(".gantry").exists());

    std::fs::write(project.path().join("cdk.json"), r#"{"app": "node app.js"}"#).unwrap();
    let output = refusal_in(project.path());
    assert!(
        output.contains(
            "has a CDK app (cdk.json) but no cloud assembly: run `npx cdk synth` there first"
        ),
        "{output}"
    );
}
