//! Turning a [`CodeSource`] into a task root (`LAMBDA_TASK_ROOT`) on disk.
//!
//! A directory is used in place. Inline source and `.zip` archives are written into
//! `<work dir>/functions/<name>-<id>/`, a directory owned by the deployment and removed
//! with it. Archive paths that would escape the directory are refused and Unix
//! permissions (a custom runtime's executable `bootstrap`) are kept. A function's layers
//! are laid out beside it (`layers`).

mod layers;

use std::path::{Path, PathBuf};

use crate::config::{CodeSource, FunctionConfig};
use crate::error::{Error, Result};

/// The task root of a deployed function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PreparedCode {
    pub(crate) task_root: PathBuf,
    /// Set when gantry created the task root and must remove it with the function.
    pub(crate) owned: Option<PathBuf>,
    /// The function's layers, laid out as in Lambda's `/opt`; `None` without layers.
    /// Always created by gantry, and removed with the function.
    pub(crate) opt_dir: Option<PathBuf>,
}

impl PreparedCode {
    /// Removes the task root (if gantry created it) and the layers' directory; used code
    /// directories are left alone.
    pub(crate) fn remove(&self) {
        for dir in self.owned.iter().chain(&self.opt_dir) {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Fails like [`prepare`] would when local code is missing, without writing anything.
pub(crate) fn check_exists(config: &FunctionConfig) -> Result<()> {
    layers::check_exist(&config.function_name, &config.layers)?;
    let (CodeSource::Directory(path) | CodeSource::Zip(path)) = &config.code else {
        return Ok(());
    };
    match std::fs::metadata(path) {
        Ok(_) => Ok(()),
        Err(err) => Err(Error::CodeUnavailable {
            function_name: config.function_name.clone(),
            path: path.clone(),
            reason: err.to_string(),
        }),
    }
}

pub(crate) async fn prepare(work_dir: &Path, config: &FunctionConfig) -> Result<PreparedCode> {
    let mut code = prepare_task_root(work_dir, config).await?;
    let (work, name, layers) = (
        work_dir.to_owned(),
        config.function_name.clone(),
        config.layers.clone(),
    );
    let laid_out = tokio::task::spawn_blocking(move || layers::prepare(&work, &name, &layers))
        .await
        .map_err(|err| Error::io("laying out layers", std::io::Error::other(err)));
    match laid_out {
        Ok(Ok(opt_dir)) => {
            code.opt_dir = opt_dir;
            Ok(code)
        }
        Ok(Err(err)) | Err(err) => {
            code.remove();
            Err(err)
        }
    }
}

async fn prepare_task_root(work_dir: &Path, config: &FunctionConfig) -> Result<PreparedCode> {
    let name = config.function_name.clone();
    match &config.code {
        CodeSource::Directory(dir) => {
            let unavailable = |reason: String| Error::CodeUnavailable {
                function_name: name.clone(),
                path: dir.clone(),
                reason,
            };
            let task_root =
                std::fs::canonicalize(dir).map_err(|err| unavailable(err.to_string()))?;
            if !task_root.is_dir() {
                return Err(unavailable("is not a directory".to_owned()));
            }
            Ok(PreparedCode {
                task_root,
                owned: None,
                opt_dir: None,
            })
        }
        CodeSource::Inline(source) => {
            let file_name = config.runtime.inline_file_name().ok_or_else(|| Error::InvalidFunctionConfig {
                function_name: name.clone(),
                field: "Code",
                reason: format!(
                    "inline code (ZipFile) is only supported for Node.js and Python runtimes, not {}",
                    config.runtime
                ),
            })?;
            let dir = owned_dir(work_dir, &name)?;
            let file = dir.join(file_name);
            std::fs::write(&file, source)
                .map_err(|err| Error::io(format!("writing {}", file.display()), err))?;
            Ok(PreparedCode {
                task_root: dir.clone(),
                owned: Some(dir),
                opt_dir: None,
            })
        }
        CodeSource::Zip(archive) => {
            let dir = owned_dir(work_dir, &name)?;
            let target = dir.clone();
            let archive = archive.clone();
            let extracted = tokio::task::spawn_blocking(move || extract(&name, &archive, &target))
                .await
                .map_err(|err| {
                    Error::io("extracting a code archive", std::io::Error::other(err))
                })?;
            if let Err(err) = extracted {
                let _ = std::fs::remove_dir_all(&dir);
                return Err(err);
            }
            Ok(PreparedCode {
                task_root: dir.clone(),
                owned: Some(dir),
                opt_dir: None,
            })
        }
    }
}

fn owned_dir(work_dir: &Path, function_name: &str) -> Result<PathBuf> {
    let dir = work_dir
        .join("functions")
        .join(format!("{function_name}-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)
        .map_err(|err| Error::io(format!("creating {}", dir.display()), err))?;
    Ok(dir)
}

fn extract(function_name: &str, archive: &Path, target: &Path) -> Result<()> {
    let file = std::fs::File::open(archive).map_err(|err| Error::CodeUnavailable {
        function_name: function_name.to_owned(),
        path: archive.to_owned(),
        reason: err.to_string(),
    })?;
    let zip_error = |source| Error::Zip {
        function_name: function_name.to_owned(),
        archive: archive.to_owned(),
        source,
    };
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(zip_error)?;
    zip.extract(target).map_err(zip_error)
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn config(code: CodeSource, runtime: &str) -> FunctionConfig {
        FunctionConfig::new(
            "fn",
            runtime.parse().unwrap(),
            Some("index.handler".into()),
            code,
        )
    }

    #[tokio::test]
    async fn inline_code_becomes_index_js_or_index_py() {
        let work = tempfile::tempdir().unwrap();
        let node = prepare(
            work.path(),
            &config(CodeSource::Inline("js".into()), "nodejs20.x"),
        )
        .await
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(node.task_root.join("index.js")).unwrap(),
            "js"
        );
        let python = prepare(
            work.path(),
            &config(CodeSource::Inline("py".into()), "python3.12"),
        )
        .await
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(python.task_root.join("index.py")).unwrap(),
            "py"
        );
        python.remove();
        assert!(!python.task_root.exists());
    }

    #[tokio::test]
    async fn inline_code_is_refused_for_custom_runtimes() {
        let work = tempfile::tempdir().unwrap();
        let err = prepare(
            work.path(),
            &config(CodeSource::Inline("x".into()), "provided.al2023"),
        )
        .await
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("only supported for Node.js and Python"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn zip_archives_are_extracted_with_permissions() {
        let work = tempfile::tempdir().unwrap();
        let archive = work.path().join("code.zip");
        let mut writer = zip::ZipWriter::new(std::fs::File::create(&archive).unwrap());
        let executable = zip::write::SimpleFileOptions::default().unix_permissions(0o755);
        writer.start_file("bootstrap", executable).unwrap();
        writer.write_all(b"#!/bin/sh\n").unwrap();
        writer
            .start_file("lib/data.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(b"data").unwrap();
        writer.finish().unwrap();
        let prepared = prepare(
            work.path(),
            &config(CodeSource::Zip(archive), "provided.al2023"),
        )
        .await
        .unwrap();
        let mode = std::fs::metadata(prepared.task_root.join("bootstrap"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111);
        assert_eq!(
            std::fs::read_to_string(prepared.task_root.join("lib/data.txt")).unwrap(),
            "data"
        );
    }

    #[tokio::test]
    async fn a_corrupt_archive_is_a_clear_error() {
        let work = tempfile::tempdir().unwrap();
        let archive = work.path().join("broken.zip");
        std::fs::write(&archive, b"not a zip").unwrap();
        let err = prepare(work.path(), &config(CodeSource::Zip(archive), "nodejs20.x"))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("cannot extract"), "{err}");
        assert_eq!(
            std::fs::read_dir(work.path().join("functions"))
                .unwrap()
                .count(),
            0
        );
    }
}
