//! SAM's `Globals` section merged into every SAM resource (`../shared/reference/sam-cdk.md` A.2).

use crate::error::Cause;
use crate::template::Template;

/// Merges `Globals` into the resources they apply to and removes the section.
pub(crate) fn apply(template: &mut Template<'_>) -> Result<(), Cause> {
    if template.document.contains_key("Globals") {
        return Err(Cause::globals("gantry: Globals are not merged yet."));
    }
    Ok(())
}
