//! `AWS::Serverless::SimpleTable` → AWS::DynamoDB::Table (../shared/reference/sam-cdk.md A.12).

use crate::error::Cause;
use crate::template::Template;

/// Translates SimpleTable `logical_id`, recording errors on the template.
pub(crate) fn translate(template: &mut Template<'_>, logical_id: &str) {
    template.errors.push(Cause::resource(
        logical_id,
        "gantry: SimpleTable is not translated yet.",
    ));
}
