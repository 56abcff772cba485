//! `AWS::Lambda::*`: functions and their resource-based policy statements.

pub(crate) mod function;
pub(crate) mod permission;
