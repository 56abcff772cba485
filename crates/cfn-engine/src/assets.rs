//! Local assets: where the S3 objects a template names (a function's `Code.S3Bucket` and
//! `S3Key`, a layer's `Content`, a nested stack's `TemplateURL`) are on this machine.
//!
//! The CDK and `sam package` upload code and templates to S3 before CloudFormation reads
//! them; locally nothing is uploaded, so whoever read the assembly (the binary, from a CDK
//! asset manifest or CDK v1 asset parameters) says which folder or file each object came
//! from (sam-cdk.md B.4, B.5).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// S3 objects (bucket, key) and the local folder or file each stands for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalAssets {
    objects: BTreeMap<(String, String), PathBuf>,
}

impl LocalAssets {
    /// No assets: every S3 location is remote.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that `s3://bucket/key` is the local `path` (a folder for a `zip` asset
    /// packaged from a directory, else a file).
    pub fn insert(&mut self, bucket: impl Into<String>, key: impl Into<String>, path: PathBuf) {
        self.objects.insert((bucket.into(), key.into()), path);
    }

    /// The local folder or file of `s3://bucket/key`, if it is an asset.
    pub fn find(&self, bucket: &str, key: &str) -> Option<&Path> {
        self.objects
            .get(&(bucket.to_owned(), key.to_owned()))
            .map(PathBuf::as_path)
    }

    /// The local file of an S3 object URL (`https://s3.<region>.<suffix>/<bucket>/<key>`,
    /// `https://<bucket>.s3.amazonaws.com/<key>`, `s3://<bucket>/<key>`), as a nested
    /// stack's `TemplateURL` names it.
    pub fn find_url(&self, url: &str) -> Option<&Path> {
        self.objects
            .iter()
            .find(|((bucket, key), _)| {
                url.ends_with(&format!("/{bucket}/{key}"))
                    || url.ends_with(&format!("{bucket}.s3.amazonaws.com/{key}"))
                    || url == format!("s3://{bucket}/{key}")
            })
            .map(|(_, path)| path.as_path())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_is_found_by_bucket_and_key_and_by_its_url() {
        let mut assets = LocalAssets::new();
        assets.insert(
            "cdk-hnb659fds-assets-123456789012-us-east-1",
            "abc.json",
            PathBuf::from("/out/Child.nested.template.json"),
        );
        assert_eq!(
            assets.find("cdk-hnb659fds-assets-123456789012-us-east-1", "abc.json"),
            Some(Path::new("/out/Child.nested.template.json"))
        );
        assert_eq!(assets.find("other", "abc.json"), None);
        assert_eq!(
            assets.find_url("https://s3.us-east-1.amazonaws.com/cdk-hnb659fds-assets-123456789012-us-east-1/abc.json"),
            Some(Path::new("/out/Child.nested.template.json"))
        );
        assert_eq!(
            assets.find_url("https://s3.us-east-1.amazonaws.com/other/abc.json"),
            None
        );
    }
}
