//! Which template a command takes when it is given none, or a folder: SAM CLI's search
//! (docs/sam.md §7), then a CDK cloud assembly.
//!
//! SAM CLI looks for `.aws-sam/build/template.yaml` (what `sam build` wrote) before
//! `template.yaml`, `template.yml` and `template.json`; gantry does the same, then takes
//! `cdk.out/` when it holds a cloud assembly.

use std::path::{Path, PathBuf};

use crate::cdk::CloudAssembly;

/// The places looked at, in order, relative to the folder.
pub const SEARCH_ORDER: [&str; 5] = [
    ".aws-sam/build/template.yaml",
    "template.yaml",
    "template.yml",
    "template.json",
    "cdk.out",
];

/// The template (or cloud assembly) found in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// What to deploy.
    pub path: PathBuf,
    /// Other candidates that were also there and not taken (e.g. `template.yaml` next to
    /// `.aws-sam/build/template.yaml`), for a note.
    pub passed_over: Vec<PathBuf>,
}

/// Nothing to deploy was found.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NotFound {
    /// A CDK app (`cdk.json`) that has not been synthesized.
    #[error(
        "{dir} has a CDK app (cdk.json) but no cloud assembly: run `npx cdk synth` there first, then `gantry up` (or pass the template to serve)"
    )]
    UnsynthesizedCdkApp {
        /// The folder searched.
        dir: String,
    },
    /// None of the candidates.
    #[error(
        "no template in {dir}: looked for {searched}; pass the template (or a CDK cloud assembly folder) as an argument"
    )]
    Nothing {
        /// The folder searched.
        dir: String,
        /// The names looked for.
        searched: String,
    },
}

/// The first of [`SEARCH_ORDER`] that exists in `dir`.
pub fn find_template(dir: &Path) -> Result<Discovered, NotFound> {
    let mut found = SEARCH_ORDER
        .iter()
        .map(|candidate| dir.join(candidate))
        .filter(|path| is_candidate(path));
    let Some(path) = found.next() else {
        let dir_name = shown_folder(dir);
        if dir.join("cdk.json").is_file() {
            return Err(NotFound::UnsynthesizedCdkApp { dir: dir_name });
        }
        return Err(NotFound::Nothing {
            dir: dir_name,
            searched: SEARCH_ORDER.join(", "),
        });
    };
    Ok(Discovered {
        path,
        passed_over: found.collect(),
    })
}

fn is_candidate(path: &Path) -> bool {
    if path.ends_with("cdk.out") {
        CloudAssembly::is_assembly(path)
    } else {
        path.is_file()
    }
}

/// A folder as the user typed it (`.` for the current one).
pub fn shown_folder(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        ".".to_owned()
    } else {
        dir.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "{}").unwrap();
        }
        dir
    }

    #[test]
    fn the_sam_build_template_comes_first_and_the_source_template_is_passed_over() {
        let dir = folder(&[".aws-sam/build/template.yaml", "template.yaml"]);
        let found = find_template(dir.path()).unwrap();
        assert_eq!(found.path, dir.path().join(".aws-sam/build/template.yaml"));
        assert_eq!(found.passed_over, [dir.path().join("template.yaml")]);
    }

    #[test]
    fn yaml_then_yml_then_json() {
        let dir = folder(&["template.yml", "template.json"]);
        assert_eq!(
            find_template(dir.path()).unwrap().path,
            dir.path().join("template.yml")
        );
        let dir = folder(&["template.json"]);
        assert_eq!(
            find_template(dir.path()).unwrap().path,
            dir.path().join("template.json")
        );
    }

    #[test]
    fn a_cdk_out_folder_counts_only_with_a_manifest() {
        let dir = folder(&["cdk.out/manifest.json"]);
        assert_eq!(
            find_template(dir.path()).unwrap().path,
            dir.path().join("cdk.out")
        );
        let dir = folder(&["cdk.out/tree.json", "cdk.json"]);
        assert!(matches!(
            find_template(dir.path()),
            Err(NotFound::UnsynthesizedCdkApp { .. })
        ));
    }

    #[test]
    fn an_empty_folder_names_what_was_looked_for() {
        let dir = folder(&["README.md"]);
        let error = find_template(dir.path()).unwrap_err().to_string();
        assert!(
            error.contains(
                ".aws-sam/build/template.yaml, template.yaml, template.yml, template.json, cdk.out"
            ),
            "{error}"
        );
        assert!(error.contains("pass the template"), "{error}");
    }
}
