//! `AWS::Lambda::*`: functions, their resource-based policy statements, versions, aliases,
//! layers and URLs.

pub(crate) mod alias;
pub(crate) mod function;
pub(crate) mod layer_version;
pub(crate) mod permission;
pub(crate) mod url;
pub(crate) mod version;

use arn::Arn;
use store::model::ResourceModel;

use crate::provider::ProviderRequest;

/// The unqualified ARN of the function a `FunctionName` names (a name, an ARN or a
/// partial ARN `123456789012:function:name`, any of them with a `:qualifier`), and the
/// qualifier if there is one. A function of this stack is found by name or ARN; any
/// other is taken to be in the stack's account and region.
pub(crate) fn function_named(
    request: &ProviderRequest<'_>,
    function_name: &str,
) -> (String, Option<String>) {
    let (name, qualifier) = split_qualifier(function_name);
    let declared = request.deployed_models().find_map(|model| match model {
        ResourceModel::Function(f) if f.function_name == name || f.function_arn == name => {
            Some(f.function_arn.clone())
        }
        _ => None,
    });
    let arn = declared.unwrap_or_else(|| {
        if name.starts_with("arn:") {
            name.to_owned()
        } else {
            let bare = name
                .rsplit_once(":function:")
                .map_or(name, |(_, bare)| bare);
            lambda_function_arn(request, bare)
        }
    });
    (arn, qualifier.map(str::to_owned))
}

fn lambda_function_arn(request: &ProviderRequest<'_>, name: &str) -> String {
    Arn::lambda_function(
        request.stack.partition,
        &request.stack.region,
        &request.stack.account_id,
        name,
    )
    .to_string()
}

/// `...function:name:qualifier` or `name:qualifier` → (without it, the qualifier).
fn split_qualifier(function_name: &str) -> (&str, Option<&str>) {
    let after = match function_name.find(":function:") {
        Some(at) => at + ":function:".len(),
        None => 0,
    };
    match function_name[after..].split_once(':') {
        Some((name, qualifier)) => (&function_name[..after + name.len()], Some(qualifier)),
        None => (function_name, None),
    }
}

#[cfg(test)]
mod tests {
    use super::split_qualifier;

    #[test]
    fn qualifiers_are_split_off_names_and_arns() {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:f";
        assert_eq!(split_qualifier(arn), (arn, None));
        assert_eq!(split_qualifier(&format!("{arn}:live")), (arn, Some("live")));
        assert_eq!(split_qualifier("f:3"), ("f", Some("3")));
        assert_eq!(split_qualifier("f"), ("f", None));
        assert_eq!(
            split_qualifier("123456789012:function:f:live"),
            ("123456789012:function:f", Some("live"))
        );
    }
}
