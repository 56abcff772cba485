use std::collections::BTreeMap;
use std::path::PathBuf;

use store::model::{LoggingConfig, PackageType};

use super::*;

fn function(code: Code) -> Function {
    Function {
        logical_id: "Fn".into(),
        function_name: "stack-Fn-ABC".into(),
        function_arn: "arn:aws:lambda:us-east-1:123456789012:function:stack-Fn-ABC".into(),
        role: "arn:aws:iam::123456789012:role/r".into(),
        package_type: PackageType::Zip,
        runtime: Some("nodejs22.x".into()),
        handler: Some("index.handler".into()),
        code,
        memory_size: 512,
        timeout: 30,
        environment: BTreeMap::from([("TABLE".into(), "orders".into())]),
        reserved_concurrent_executions: Some(4),
        architectures: vec![Architecture::X86_64],
        layers: Vec::new(),
        layer_contents: Vec::new(),
        logging_config: LoggingConfig {
            log_group: Some("/custom/orders".into()),
            log_format: None,
        },
    }
}

fn inline() -> Code {
    Code::Inline {
        zip_file: "exports.handler = async () => 1;".into(),
    }
}

#[test]
fn every_field_reaches_the_hosts_configuration() {
    let mapped = host_function(&function(inline()), Path::new("/project")).unwrap();
    let config = mapped.config;
    assert_eq!(config.function_name, "stack-Fn-ABC");
    assert_eq!(
        config.function_arn.as_deref(),
        Some("arn:aws:lambda:us-east-1:123456789012:function:stack-Fn-ABC")
    );
    assert_eq!(config.runtime, Runtime::Node { major: 22 });
    assert_eq!(config.handler.as_deref(), Some("index.handler"));
    assert_eq!(
        config.code,
        CodeSource::Inline("exports.handler = async () => 1;".into())
    );
    assert_eq!(config.memory_mb, 512);
    assert_eq!(config.timeout, Duration::from_secs(30));
    assert_eq!(config.environment["TABLE"], "orders");
    assert_eq!(config.reserved_concurrency, Some(4));
    assert_eq!(config.log_group_name(), "/custom/orders");
    assert!(mapped.warnings.is_empty());
}

#[test]
fn a_runtime_the_host_cannot_run_is_refused_naming_runtime() {
    let mut java = function(inline());
    java.runtime = Some("java21".into());
    let note = host_function(&java, Path::new("/")).unwrap_err();
    assert_eq!(note.property, Some("Runtime"));
    assert!(note.message.contains("java21"), "{note}");
}

#[test]
fn container_images_are_refused_naming_package_type() {
    let mut image = function(Code::Image {
        image_uri: "repo/app:1".into(),
    });
    image.package_type = PackageType::Image;
    image.runtime = None;
    let note = host_function(&image, Path::new("/")).unwrap_err();
    assert_eq!(note.property, Some("PackageType"));
}

#[test]
fn a_local_directory_is_the_task_root_and_a_zip_is_an_archive() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("fn.zip"), b"PK").unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"x").unwrap();
    // An S3 key's local copy without an extension: a zip by its signature.
    std::fs::write(dir.path().join("key"), b"PK\x03\x04rest").unwrap();
    let local = |name: &str| {
        host_function(
            &function(Code::LocalPath {
                path: dir.path().join(name),
            }),
            dir.path(),
        )
    };
    assert_eq!(
        local("src").unwrap().config.code,
        CodeSource::Directory(dir.path().join("src"))
    );
    assert_eq!(
        local("fn.zip").unwrap().config.code,
        CodeSource::Zip(dir.path().join("fn.zip"))
    );
    assert_eq!(
        local("key").unwrap().config.code,
        CodeSource::Zip(dir.path().join("key"))
    );
    let not_code = local("notes.txt").unwrap_err();
    assert!(
        not_code
            .message
            .contains("neither a directory nor a zip archive"),
        "{not_code}"
    );
    let missing = local("absent").unwrap_err();
    assert_eq!(missing.property, Some("Code"));
    assert!(missing.message.contains("cannot be read"), "{missing}");
}

#[test]
fn an_s3_object_is_used_from_a_local_copy_at_its_key_or_refused_saying_where_to_put_it() {
    let dir = tempfile::tempdir().unwrap();
    let s3 = |key: &str| {
        function(Code::S3 {
            bucket: "artifacts".into(),
            key: key.into(),
            object_version: None,
        })
    };
    std::fs::create_dir(dir.path().join("build")).unwrap();
    let found = host_function(&s3("build"), dir.path()).unwrap();
    assert_eq!(
        found.config.code,
        CodeSource::Directory(dir.path().join("build"))
    );
    let note = host_function(&s3("fn.zip"), dir.path()).unwrap_err();
    assert!(note.message.contains("s3://artifacts/fn.zip"), "{note}");
    assert!(
        note.message.contains(
            &PathBuf::from(dir.path())
                .join("fn.zip")
                .display()
                .to_string()
        ),
        "{note}"
    );
}

#[test]
fn a_custom_runtime_built_for_another_instruction_set_is_warned_about() {
    let other = match std::env::consts::ARCH {
        "aarch64" => Architecture::X86_64,
        _ => Architecture::Arm64,
    };
    let mut provided = function(Code::LocalPath {
        path: std::env::temp_dir(),
    });
    provided.runtime = Some("provided.al2023".into());
    provided.architectures = vec![other];
    let mapped = host_function(&provided, Path::new("/")).unwrap();
    assert_eq!(mapped.warnings.len(), 1);
    assert_eq!(mapped.warnings[0].property, Some("Architectures"));
    // Node.js code is not tied to an instruction set.
    let mut node = function(inline());
    node.architectures = vec![other];
    assert!(
        host_function(&node, Path::new("/"))
            .unwrap()
            .warnings
            .is_empty()
    );
}
