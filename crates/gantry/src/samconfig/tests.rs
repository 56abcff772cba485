use super::*;

#[test]
fn overrides_split_as_sam_cli_writes_them() {
    assert_eq!(
        split_overrides(r#"Stage=dev Greeting="hello world" Name='a b' ParameterKey=K,ParameterValue=v=1 Q="say \"hi\"""#)
            .unwrap(),
        [
            "Stage=dev",
            "Greeting=hello world",
            "Name=a b",
            "K=v=1",
            r#"Q=say "hi""#
        ]
    );
    assert_eq!(split_overrides("  ").unwrap(), Vec::<String>::new());
    assert!(split_overrides("Stage").is_err());
    assert!(split_overrides("A=\"open").is_err());
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_command_s_table_wins_over_global_and_environments_are_separate() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "samconfig.toml",
        r#"version = 0.1
[default.global.parameters]
stack_name = "app"
region = "eu-west-1"
[default.deploy.parameters]
parameter_overrides = "Stage=deploy Other=x"
[default.local_start_api.parameters]
parameter_overrides = ["Stage=local"]
[prod.deploy.parameters]
stack_name = "app-prod"
"#,
    );
    let config = read(&path, "default").unwrap();
    assert_eq!(config.stack_name.as_deref(), Some("app"));
    assert_eq!(config.region.as_deref(), Some("eu-west-1"));
    assert_eq!(config.parameter_overrides.unwrap(), ["Stage=local"]);
    let prod = read(&path, "prod").unwrap();
    assert_eq!(prod.stack_name.as_deref(), Some("app-prod"));
    assert_eq!(prod.region, None);
    let missing = read(&path, "staging").unwrap();
    assert_eq!(missing.stack_name, None);
}

#[test]
fn yaml_files_and_the_project_of_a_sam_build_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let build = dir.path().join(".aws-sam/build");
    std::fs::create_dir_all(&build).unwrap();
    let path = write(
        dir.path(),
        "samconfig.yaml",
        "version: 0.1\ndefault:\n  deploy:\n    parameters:\n      stack_name: from-yaml\n",
    );
    assert_eq!(find(&build.join("template.yaml"), None), Some(path.clone()));
    assert_eq!(
        read(&path, "default").unwrap().stack_name.as_deref(),
        Some("from-yaml")
    );
    assert_eq!(find(&dir.path().join("other/template.yaml"), None), None);
}

#[test]
fn malformed_files_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "samconfig.toml", "[default\n");
    assert!(
        read(&bad, "default")
            .unwrap_err()
            .contains("samconfig.toml")
    );
    let wrong = write(
        dir.path(),
        "x.toml",
        "[default.deploy.parameters]\nstack_name = 3\n",
    );
    assert!(read(&wrong, "default").unwrap_err().contains("stack_name"));
}

#[test]
fn config_file_names_the_file_whatever_is_next_to_the_template() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "samconfig.toml", "version = 0.1\n");
    let other = write(dir.path(), "ci.toml", "version = 0.1\n");
    let template = dir.path().join("template.yaml");
    assert_eq!(find(&template, Some(&other)), Some(other));
    assert_eq!(
        find(&template, None),
        Some(dir.path().join("samconfig.toml"))
    );
}
