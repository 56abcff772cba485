//! AWS Systems Manager's resource types.

pub(super) mod parameter;
