//! CloudFormation's own resource types.

pub(crate) mod custom_resource;
