//! The CloudFormation template language: parsing (JSON and YAML with short-form tags),
//! the template model, intrinsic functions, the dependency graph and diagnostics.
//!
//! Pure by design: no I/O, no clock, no randomness, no environment. Everything the
//! template needs from the outside world (region, account, parameter values, what
//! deployed resources return for `Ref`/`Fn::GetAtt`) comes in as arguments.
