//! A function's layers laid out the way Lambda lays them out in `/opt` (lambda.md §5.2):
//! each layer's files extracted (a `.zip`) or copied (a directory) in the order of
//! `Layers`, into one directory, a later layer's file replacing an earlier one's.
//!
//! Deviation from AWS: the directory is `<work dir>/layers/<name>-<id>/`, not `/opt`:
//! gantry writes nothing outside its state directory and runs without root. The runtime
//! variables point at it (`process::variables`), so modules and executables of layers are
//! found as on Lambda; code that opens `/opt/...` by its literal path does not find them.

use std::path::{Path, PathBuf};

use crate::config::CodeSource;
use crate::error::{Error, Result};

/// Lays out `layers` into a new directory under `work_dir`; `None` when there are none.
pub(crate) fn prepare(
    work_dir: &Path,
    function_name: &str,
    layers: &[CodeSource],
) -> Result<Option<PathBuf>> {
    if layers.is_empty() {
        return Ok(None);
    }
    let dir = work_dir
        .join("layers")
        .join(format!("{function_name}-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)
        .map_err(|err| Error::io(format!("creating {}", dir.display()), err))?;
    for (index, layer) in layers.iter().enumerate() {
        if let Err(err) = add_layer(function_name, index, layer, &dir) {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(err);
        }
    }
    Ok(Some(dir))
}

/// Fails like [`prepare`] would when a layer's local content is missing.
pub(crate) fn check_exist(function_name: &str, layers: &[CodeSource]) -> Result<()> {
    for (index, layer) in layers.iter().enumerate() {
        if let CodeSource::Directory(path) | CodeSource::Zip(path) = layer
            && let Err(err) = std::fs::metadata(path)
        {
            return Err(unavailable(function_name, index, path, err.to_string()));
        }
    }
    Ok(())
}

fn add_layer(function_name: &str, index: usize, layer: &CodeSource, opt: &Path) -> Result<()> {
    match layer {
        CodeSource::Directory(source) => copy_tree(source, opt)
            .map_err(|err| unavailable(function_name, index, source, err.to_string())),
        CodeSource::Zip(archive) => {
            let file = std::fs::File::open(archive)
                .map_err(|err| unavailable(function_name, index, archive, err.to_string()))?;
            let zip_error = |source| Error::Zip {
                function_name: function_name.to_owned(),
                archive: archive.clone(),
                source,
            };
            zip::ZipArchive::new(std::io::BufReader::new(file))
                .map_err(zip_error)?
                .extract(opt)
                .map_err(zip_error)
        }
        CodeSource::Inline(_) => Err(Error::InvalidFunctionConfig {
            function_name: function_name.to_owned(),
            field: "Layers",
            reason: format!(
                "layer {} is inline source; a layer is a directory or a .zip archive",
                index + 1
            ),
        }),
    }
}

fn unavailable(function_name: &str, index: usize, path: &Path, reason: String) -> Error {
    Error::CodeUnavailable {
        function_name: function_name.to_owned(),
        path: path.to_owned(),
        reason: format!("layer {} of the function: {reason}", index + 1),
    }
}

/// Copies the contents of `source` into `target`, replacing files of the same path and
/// keeping symbolic links as links (a `node_modules/.bin` entry stays a link).
fn copy_tree(source: &Path, target: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(target)?;
    for entry in std::fs::read_dir(source)? {
        let entry = entry?;
        let from = entry.path();
        let to = target.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            let link = std::fs::read_link(&from)?;
            if std::fs::symlink_metadata(&to).is_ok() {
                remove_any(&to)?;
            }
            std::os::unix::fs::symlink(link, &to)?;
        } else if kind.is_dir() {
            if std::fs::symlink_metadata(&to).is_ok_and(|m| !m.is_dir()) {
                remove_any(&to)?;
            }
            copy_tree(&from, &to)?;
        } else {
            if std::fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir() || m.is_symlink()) {
                remove_any(&to)?;
            }
            std::fs::copy(&from, &to)?;
        }
    }
    Ok(())
}

fn remove_any(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_with(path: &Path, files: &[(&str, &str)]) {
        let mut writer = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        for (name, text) in files {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        writer.finish().unwrap();
    }

    #[test]
    fn layers_are_merged_in_order_a_later_file_replacing_an_earlier_one() {
        let work = tempfile::tempdir().unwrap();
        let first = work.path().join("first");
        std::fs::create_dir_all(first.join("python")).unwrap();
        std::fs::write(first.join("python/shared.py"), "first").unwrap();
        std::fs::write(first.join("python/only_first.py"), "1").unwrap();
        std::os::unix::fs::symlink("only_first.py", first.join("python/link.py")).unwrap();
        let second = work.path().join("second.zip");
        zip_with(
            &second,
            &[("python/shared.py", "second"), ("bin/tool", "#!/bin/sh\n")],
        );
        let opt = prepare(
            work.path(),
            "fn",
            &[CodeSource::Directory(first), CodeSource::Zip(second)],
        )
        .unwrap()
        .unwrap();
        assert!(opt.starts_with(work.path().join("layers")));
        let read = |path: &str| std::fs::read_to_string(opt.join(path)).unwrap();
        assert_eq!(read("python/shared.py"), "second");
        assert_eq!(read("python/only_first.py"), "1");
        assert_eq!(read("python/link.py"), "1");
        assert!(
            std::fs::symlink_metadata(opt.join("python/link.py"))
                .unwrap()
                .is_symlink()
        );
        assert_eq!(read("bin/tool"), "#!/bin/sh\n");
    }

    #[test]
    fn no_layers_no_directory_and_a_missing_layer_is_named() {
        let work = tempfile::tempdir().unwrap();
        assert_eq!(prepare(work.path(), "fn", &[]).unwrap(), None);
        let missing = CodeSource::Directory(work.path().join("absent"));
        let err = check_exist("fn", std::slice::from_ref(&missing)).unwrap_err();
        assert!(err.to_string().contains("layer 1 of the function"), "{err}");
        let err = prepare(work.path(), "fn", &[missing]).unwrap_err();
        assert!(err.to_string().contains("absent"), "{err}");
        assert_eq!(
            std::fs::read_dir(work.path().join("layers"))
                .unwrap()
                .count(),
            0
        );
    }
}
