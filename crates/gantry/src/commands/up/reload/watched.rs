//! What `up` watches, computed from what it deployed, and what a changed path means: a
//! template-side file (the stack's template, local files it names, the samconfig file,
//! `--env-vars` and `--ssm-file`, a cloud assembly's `manifest.json`) asks for a new
//! deployment; a file in a function's or layer's code asks for that function to be
//! started again on its new code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use gantry::cdk::CloudAssembly;
use lambda_host::{CodeSource, FunctionConfig};

use crate::args::UpArgs;
use crate::commands::up::plan::PlannedStack;
use crate::watch::Targets;

/// How deep local files naming further local files (nested templates) are followed.
const MAX_REFERENCE_DEPTH: usize = 4;
/// Longer strings are not paths a template names.
const MAX_PATH_LEN: usize = 1024;

/// The watched paths, canonical.
#[derive(Debug, Default)]
pub(crate) struct Watched {
    /// Files whose change asks for a new deployment.
    templates: BTreeSet<PathBuf>,
    /// A code folder or archive (of a function, or a layer it uses) → the functions
    /// that run it.
    code: BTreeMap<PathBuf, BTreeSet<String>>,
}

/// What a burst of changed paths asks for.
#[derive(Debug, Default)]
pub(crate) struct Change {
    /// Template-side files that changed.
    pub(crate) templates: BTreeSet<PathBuf>,
    /// Function name → its changed code files.
    pub(crate) code: BTreeMap<String, BTreeSet<PathBuf>>,
}

impl Watched {
    /// What the planned stacks and their functions depend on.
    pub(crate) fn of(
        args: &UpArgs,
        stacks: &[PlannedStack],
        functions: &BTreeMap<String, FunctionConfig>,
    ) -> Watched {
        let mut code: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
        for (name, config) in functions {
            for source in std::iter::once(&config.code).chain(&config.layers) {
                if let CodeSource::Directory(path) | CodeSource::Zip(path) = source {
                    code.entry(canonical(path))
                        .or_default()
                        .insert(name.clone());
                }
            }
        }
        let mut templates = BTreeSet::new();
        let given = [args.env_vars.as_deref(), args.stack.ssm_file.as_deref()];
        templates.extend(given.into_iter().flatten().map(canonical));
        for stack in stacks {
            let settings = &stack.settings;
            let template = canonical(&settings.template_path);
            if let Some(dir) = template.parent().filter(|d| CloudAssembly::is_assembly(d)) {
                templates.insert(dir.join("manifest.json"));
            }
            templates.extend(settings.sam_config.as_deref().map(canonical));
            let mut found = BTreeSet::new();
            referenced_files(&template, &code, 0, &mut found);
            templates.extend(found);
            templates.insert(template);
        }
        Watched { templates, code }
    }

    /// The files and folders to hand the watcher.
    pub(crate) fn targets(&self) -> Targets {
        Targets {
            files: self.templates.clone(),
            dirs: self.code.keys().cloned().collect(),
        }
    }

    /// How many template-side files and code folders or archives are watched.
    pub(crate) fn counts(&self) -> (usize, usize) {
        (self.templates.len(), self.code.len())
    }

    /// What the changed `paths` ask for; paths neither side depends on are dropped (a
    /// template file's folder holds other files too).
    pub(crate) fn classify(&self, paths: &BTreeSet<PathBuf>) -> Change {
        let mut change = Change::default();
        for path in paths {
            if self.templates.contains(path) {
                change.templates.insert(path.clone());
                continue;
            }
            for (root, functions) in &self.code {
                if path.starts_with(root) {
                    for function in functions {
                        (change.code.entry(function.clone()).or_default()).insert(path.clone());
                    }
                }
            }
        }
        change
    }
}

/// The path as the watcher reports it (symbolic links resolved); as given if it does
/// not exist (yet).
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| std::path::absolute(path).unwrap_or_else(|_| path.to_owned()))
}

/// The local files a template (or a file it names) names, by relative or absolute path:
/// nested stack templates (`TemplateURL`, an application's `Location`), OpenAPI
/// definitions (`DefinitionUri`, `BodyS3Location`), `AWS::Include` locations, a CDK
/// template's nested templates. Any string naming an existing file counts, which needs
/// no list of properties; code (folders, archives) is left to `code`.
fn referenced_files(
    file: &Path,
    code: &BTreeMap<PathBuf, BTreeSet<String>>,
    depth: usize,
    found: &mut BTreeSet<PathBuf>,
) {
    let (Some(dir), Ok(text)) = (file.parent(), std::fs::read_to_string(file)) else {
        return;
    };
    let Some(root) = cfn_template::syntax::parse(&text).root else {
        return;
    };
    let mut strings = Vec::new();
    collect_strings(&root.to_json(), &mut strings);
    for string in strings {
        if string.is_empty() || string.len() > MAX_PATH_LEN || string.contains('\n') {
            continue;
        }
        let path = dir.join(&string);
        if !path.is_file() {
            continue;
        }
        let path = canonical(&path);
        if path == file || code.keys().any(|root| path.starts_with(root)) {
            continue;
        }
        if found.insert(path.clone()) && depth < MAX_REFERENCE_DEPTH {
            referenced_files(&path, code, depth + 1, found);
        }
    }
}

fn collect_strings(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => into.push(text.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, into)),
        serde_json::Value::Object(entries) => {
            for (key, v) in entries {
                into.push(key.clone());
                collect_strings(v, into);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_a_template_names_are_found_through_nested_templates_but_code_is_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        std::fs::create_dir_all(root.join("src")).expect("code folder");
        std::fs::write(root.join("src/index.js"), "").expect("code");
        std::fs::write(root.join("api.yaml"), "openapi: 3.0.1\n").expect("definition");
        std::fs::write(
            root.join("child.yaml"),
            "Resources:\n  Api:\n    Properties:\n      DefinitionUri: api.yaml\n",
        )
        .expect("child");
        let template = root.join("template.yaml");
        std::fs::write(
            &template,
            "Resources:\n  Child:\n    Properties:\n      Location: ./child.yaml\n  Fn:\n    Properties:\n      CodeUri: src/\n      Handler: src/index.js\n",
        )
        .expect("template");
        let code = BTreeMap::from([(root.join("src"), BTreeSet::from(["fn".to_owned()]))]);
        let mut found = BTreeSet::new();
        referenced_files(&template, &code, 0, &mut found);
        assert_eq!(
            found,
            BTreeSet::from([root.join("child.yaml"), root.join("api.yaml")])
        );
        let watched = Watched {
            templates: [template.clone()].into(),
            code,
        };
        let change = watched.classify(&BTreeSet::from([
            template.clone(),
            root.join("src/index.js"),
            root.join("README.md"),
        ]));
        assert_eq!(change.templates, BTreeSet::from([template]));
        assert_eq!(
            change.code,
            BTreeMap::from([("fn".to_owned(), BTreeSet::from([root.join("src/index.js")]))])
        );
    }
}
