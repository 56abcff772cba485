//! `GatewayResponses` of an `AWS::Serverless::Api` → `x-amazon-apigateway-gateway-responses`
//! (`responseParameters` with the `gatewayresponse.header.` / `path.` / `querystring.`
//! prefixes, `responseTemplates`, `statusCode` as a string).

use serde_json::Value;

use crate::error::Cause;
use crate::template::Template;

/// The gateway responses step of the RestApi (after `Auth`): reads `GatewayResponses`
/// from Api `api_id` and writes them into `body` (`None` without an inline body, which
/// `GatewayResponses` refuses).
pub(crate) fn add(
    template: &Template<'_>,
    api_id: &str,
    body: Option<&mut Value>,
) -> Result<(), Cause> {
    let _ = body;
    let has_responses = template
        .resource(api_id)
        .and_then(|api| api.get("Properties"))
        .and_then(|properties| properties.get("GatewayResponses"))
        .is_some();
    if has_responses {
        return Err(Cause::resource(
            api_id,
            "gantry: Api GatewayResponses are not translated yet.",
        ));
    }
    Ok(())
}
