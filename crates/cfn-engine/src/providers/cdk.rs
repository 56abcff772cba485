//! The AWS CDK's own resource types.

pub(super) mod metadata;
