//! SAM's resource references (`Fn.Alias`, `Fn.Version`, `Api.Stage`, `Api.Deployment`,
//! `HttpApi.Stage`, ...) and `Ref`s and `DependsOn` to SAM resources whose id changed
//! (`../shared/reference/sam-cdk.md` A.1 step 7).

use crate::template::Template;

/// Rewrites every reference to a SAM resource property or a renamed resource.
pub(crate) fn resolve(_template: &mut Template<'_>) {}
