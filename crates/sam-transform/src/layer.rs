//! `AWS::Serverless::LayerVersion` → AWS::Lambda::LayerVersion (../shared/reference/sam-cdk.md A.7).

use crate::error::Cause;
use crate::template::Template;

/// Translates LayerVersion `logical_id`, recording errors on the template.
pub(crate) fn translate(template: &mut Template<'_>, logical_id: &str) {
    template.errors.push(Cause::resource(
        logical_id,
        "gantry: LayerVersion is not translated yet.",
    ));
}
