//! The local Systems Manager parameter store that `AWS::SSM::Parameter::Value<...>`
//! parameters resolve from (cdk.md §1.4). Its sources, strongest first: `--ssm NAME=VALUE`,
//! `--ssm-file FILE`, the `AWS::SSM::Parameter` resources of deployed stacks, and built-in
//! values for the names the CDK bootstrap stack defines (so a CDK stack's
//! `CheckBootstrapVersion` rule passes with no bootstrap).
//!
//! Not here: resolving parameters (cfn-template does that from the store), `SecureString`
//! values, parameter versions or labels.

use std::collections::BTreeMap;
use std::path::Path;

use cfn_template::model::ParameterType;
use store::StackRecord;
use store::model::ResourceModel;

/// The version the CDK bootstrap template (`CdkBootstrapVersion`) is at; what
/// `/cdk-bootstrap/<qualifier>/version` holds in a freshly bootstrapped account
/// (cdk.md §1.4).
pub const CDK_BOOTSTRAP_VERSION: &str = "32";

/// The store's sources given on the command line.
#[derive(Debug, Clone, Default)]
pub struct SsmSources {
    /// `--ssm NAME=VALUE`.
    flags: BTreeMap<String, String>,
    /// `--ssm-file`'s entries.
    file: BTreeMap<String, String>,
}

/// A store for one deployment, and what the user should be told of it.
#[derive(Debug, Clone, Default)]
pub struct SsmStore {
    /// Name -> value (a `StringList`'s items joined with commas).
    pub parameters: BTreeMap<String, String>,
    /// One line per built-in value used.
    pub notes: Vec<String>,
}

impl SsmSources {
    /// Reads `--ssm` items and the `--ssm-file`: a JSON object of name -> string, or name
    /// -> list of strings (a `StringList`, stored comma-joined).
    pub fn from_args(flags: &[String], file: Option<&Path>) -> Result<Self, String> {
        let flags = flags
            .iter()
            .map(|item| match item.split_once('=') {
                Some((name, value)) if !name.trim().is_empty() => {
                    Ok((name.trim().to_owned(), value.to_owned()))
                }
                _ => Err(format!(
                    "--ssm {item:?} is not NAME=VALUE, e.g. --ssm /app/table=orders"
                )),
            })
            .collect::<Result<_, _>>()?;
        let file = file.map(read_file).transpose()?.unwrap_or_default();
        Ok(Self { flags, file })
    }

    /// The store for deploying a template whose SSM-typed parameters name `referenced`,
    /// with the `resources` of deployed stacks: flags over the file over resources, and a
    /// built-in value for a bootstrap name nothing else gives.
    pub fn store(&self, resources: &BTreeMap<String, String>, referenced: &[String]) -> SsmStore {
        let mut parameters = resources.clone();
        parameters.extend(self.file.clone());
        parameters.extend(self.flags.clone());
        let mut notes = Vec::new();
        for name in referenced {
            if parameters.contains_key(name) {
                continue;
            }
            if let Some(value) = builtin(name) {
                notes.push(format!(
                    "SSM parameter {name} is not given, so its built-in value {value} is used (the version `cdk bootstrap` writes); --ssm {name}=VALUE sets another"
                ));
                parameters.insert(name.clone(), value.to_owned());
            }
        }
        SsmStore { parameters, notes }
    }
}

/// A name the CDK bootstrap stack defines, and its value there:
/// `/cdk-bootstrap/<qualifier>/version`.
pub fn builtin(name: &str) -> Option<&'static str> {
    let qualifier = name
        .strip_prefix("/cdk-bootstrap/")?
        .strip_suffix("/version")?;
    (!qualifier.is_empty() && !qualifier.contains('/')).then_some(CDK_BOOTSTRAP_VERSION)
}

/// The values of the `AWS::SSM::Parameter` resources of `stacks` (nested stacks
/// included), by name.
pub fn resource_parameters<'a>(
    stacks: impl IntoIterator<Item = &'a StackRecord>,
) -> BTreeMap<String, String> {
    stacks
        .into_iter()
        .flat_map(StackRecord::stacks)
        .flat_map(|stack| &stack.resources)
        .filter_map(|record| match &record.model {
            ResourceModel::SsmParameter(parameter) => {
                Some((parameter.name.clone(), parameter.value.clone()))
            }
            _ => None,
        })
        .collect()
}

/// The SSM names a template's `AWS::SSM::Parameter::Value<...>` parameters name: their
/// value from `given`, else their `Default`.
pub fn referenced_names(
    template_body: &str,
    given: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    let (Some(template), _) = cfn_template::Template::parse(template_body) else {
        return Vec::new();
    };
    template
        .parameters
        .values()
        .filter(|p| matches!(p.parameter_type, Some(ParameterType::SsmValue { .. })))
        .filter_map(|p| given(&p.logical_id).or_else(|| p.default.clone()))
        .collect()
}

fn read_file(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read --ssm-file {}: {e}", path.display()))?;
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).map_err(|e| {
            format!(
                "--ssm-file {} is not a JSON object of parameter name -> value: {e}",
                path.display()
            )
        })?;
    object
        .into_iter()
        .map(|(name, value)| {
            let value = match value {
                serde_json::Value::String(text) => Some(text),
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .map(|items| items.join(",")),
                _ => None,
            };
            value.map(|value| (name.clone(), value)).ok_or_else(|| {
                format!(
                    "--ssm-file {}: parameter {name} must be a string, or a list of strings for a StringList",
                    path.display()
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_the_file_which_wins_over_resources() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ssm.json");
        std::fs::write(
            &file,
            r#"{"/a": "file", "/b": "file", "/list": ["x", "y"]}"#,
        )
        .unwrap();
        let sources = SsmSources::from_args(&["/a=flag".into()], Some(&file)).unwrap();
        let resources = BTreeMap::from([
            ("/b".to_owned(), "resource".to_owned()),
            ("/c".to_owned(), "resource".to_owned()),
        ]);
        let store = sources.store(&resources, &[]);
        assert_eq!(store.parameters["/a"], "flag");
        assert_eq!(store.parameters["/b"], "file");
        assert_eq!(store.parameters["/c"], "resource");
        assert_eq!(store.parameters["/list"], "x,y");
    }

    #[test]
    fn a_bootstrap_version_is_built_in_only_when_nothing_gives_it() {
        let names = vec![
            "/cdk-bootstrap/hnb659fds/version".to_owned(),
            "/app/x".to_owned(),
        ];
        let store = SsmSources::default().store(&BTreeMap::new(), &names);
        assert_eq!(store.parameters["/cdk-bootstrap/hnb659fds/version"], "32");
        assert!(!store.parameters.contains_key("/app/x"));
        assert_eq!(store.notes.len(), 1);
        let given = SsmSources::from_args(&["/cdk-bootstrap/hnb659fds/version=5".into()], None)
            .unwrap()
            .store(&BTreeMap::new(), &names);
        assert_eq!(given.parameters["/cdk-bootstrap/hnb659fds/version"], "5");
        assert!(given.notes.is_empty());
        assert_eq!(builtin("/cdk-bootstrap/a/b/version"), None);
    }

    #[test]
    fn a_malformed_flag_or_file_entry_is_refused_with_its_name() {
        let error = SsmSources::from_args(&["novalue".into()], None).unwrap_err();
        assert!(error.contains("--ssm \"novalue\""), "{error}");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ssm.json");
        std::fs::write(&file, r#"{"/n": 3}"#).unwrap();
        let error = SsmSources::from_args(&[], Some(&file)).unwrap_err();
        assert!(error.contains("parameter /n"), "{error}");
    }

    #[test]
    fn referenced_names_are_the_ssm_typed_parameters_values() {
        let template = r#"{"Parameters": {
            "BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/hnb659fds/version"},
            "Table": {"Type": "AWS::SSM::Parameter::Value<String>"},
            "Plain": {"Type": "String", "Default": "/not/ssm"}},
            "Resources": {}}"#;
        let given = |name: &str| (name == "Table").then(|| "/app/table".to_owned());
        assert_eq!(
            referenced_names(template, &given),
            ["/cdk-bootstrap/hnb659fds/version", "/app/table"]
        );
    }
}
