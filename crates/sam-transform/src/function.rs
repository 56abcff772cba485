//! `AWS::Serverless::Function` → `AWS::Lambda::Function`, its role, version and alias,
//! URL, and what its events generate (`../shared/reference/sam-cdk.md` A.3–A.8).

pub(crate) mod alias;

use crate::error::Cause;
use crate::template::Template;

/// Translates function `logical_id`, recording errors on the template.
pub(crate) fn translate(template: &mut Template<'_>, logical_id: &str) {
    template.errors.push(Cause::resource(
        logical_id,
        "gantry: functions are not translated yet.",
    ));
}
