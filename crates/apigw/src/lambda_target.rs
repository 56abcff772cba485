//! Which deployed function an integration invokes, and whether API Gateway may.

use serde_json::{Value, json};
use store::model::{Alias, Function, Permission, Policy, Role, Version};

use crate::permission::{
    IntegrationRole, InvokeAccess, InvokeContext, InvokePermission, NamedPolicy,
    check_invoke_permission, lambda_permission_statement,
};

/// The resources of every deployed stack that invoke checks read.
#[derive(Debug, Default)]
pub(crate) struct LambdaResources<'a> {
    pub(crate) functions: Vec<&'a Function>,
    /// Aliases and versions: qualified ARNs that reach a function.
    pub(crate) aliases: Vec<&'a Alias>,
    pub(crate) versions: Vec<&'a Version>,
    pub(crate) permissions: Vec<&'a Permission>,
    pub(crate) roles: Vec<&'a Role>,
    pub(crate) policies: Vec<&'a Policy>,
}

/// The function ARN in an integration URI: a Lambda ARN, or the
/// `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations` form.
pub(crate) fn function_arn_of(integration_uri: &str) -> Option<&str> {
    if let Some((_, rest)) = integration_uri.split_once(":lambda:path/")
        && let Some(start) = rest.find("/functions/")
    {
        let arn = &rest[start + "/functions/".len()..];
        return arn.strip_suffix("/invocations").or(Some(arn));
    }
    integration_uri
        .contains(":lambda:")
        .then_some(integration_uri)
}

impl<'a> LambdaResources<'a> {
    /// The deployed function an ARN names: the function's own ARN (or `:$LATEST`), or the
    /// ARN of one of its deployed aliases or versions.
    // Deviation from AWS: an alias or version runs the function as currently deployed (no
    // snapshot of older code); the function sees the ARN invoked (`invokedFunctionArn`)
    // but `$LATEST` as its version (`AWS_LAMBDA_FUNCTION_VERSION`, `functionVersion`).
    pub(crate) fn function(&self, arn: &str) -> Result<&'a Function, String> {
        let (mut unqualified, qualifier) = split_qualifier(arn);
        if let Some(qualifier) = qualifier
            && qualifier != LATEST
        {
            let target = self
                .aliases
                .iter()
                .find(|alias| alias.alias_arn == arn)
                .map(|alias| alias.function_arn.as_str())
                .or_else(|| {
                    self.versions
                        .iter()
                        .find(|version| version.version_arn == arn)
                        .map(|version| version.function_arn.as_str())
                });
            unqualified = target.ok_or_else(|| {
                format!(
                    "the integration invokes {arn}, but {unqualified} has no deployed alias or version {qualifier:?}; declare it in the template (AWS::Lambda::Alias or AWS::Lambda::Version, or SAM's AutoPublishAlias), or drop the qualifier"
                )
            })?;
        }
        self.functions
            .iter()
            .find(|f| f.function_arn == unqualified)
            .copied()
            .ok_or_else(|| {
                format!(
                    "the integration invokes {unqualified}, which is not a function of any deployed stack; point IntegrationUri at a function of the template (e.g. !GetAtt MyFunction.Arn)"
                )
            })
    }

    /// The verdict of the invoke check for one source ARN, `invoked_arn` being the ARN
    /// the caller names (the function's, or one of its aliases' or versions').
    pub(crate) fn check(
        &self,
        function: &Function,
        invoked_arn: &str,
        credentials_arn: Option<&str>,
        source_arn: &str,
        account_id: &str,
    ) -> InvokePermission {
        let context = InvokeContext {
            function_arn: invoked_arn,
            source_arn,
            source_account: account_id,
        };
        match credentials_arn {
            None => {
                let policy = self.resource_policy(function, invoked_arn);
                check_invoke_permission(InvokeAccess::ResourcePolicy(policy.as_ref()), &context)
            }
            Some(role_arn) => match self.roles.iter().find(|role| role.arn == role_arn) {
                None => check_invoke_permission(InvokeAccess::UnknownRole { role_arn }, &context),
                Some(role) => {
                    let policies = self.identity_policies(role);
                    let integration_role = IntegrationRole {
                        role_arn: &role.arn,
                        trust_policy: &role.assume_role_policy_document,
                        policies,
                        managed_policy_arns: role
                            .managed_policy_arns
                            .iter()
                            .map(String::as_str)
                            .collect(),
                    };
                    check_invoke_permission(InvokeAccess::Role(&integration_role), &context)
                }
            },
        }
    }

    /// The resource-based policy that applies to invoking `invoked_arn`: one statement
    /// per `AWS::Lambda::Permission` naming the function with the same qualifier, as
    /// Lambda's `AddPermission` writes them. An alias or a version has its own policy: a
    /// permission on the function does not cover invoking its alias, nor the reverse
    /// (§9.1).
    fn resource_policy(&self, function: &Function, invoked_arn: &str) -> Option<Value> {
        let invoked_qualifier = qualifier_of(invoked_arn);
        let statements: Vec<Value> = self
            .permissions
            .iter()
            .filter(|permission| {
                names_function(&permission.function_name, function)
                    && qualifier_of(&permission.function_name) == invoked_qualifier
                    // Its condition `lambda:InvokedViaFunctionUrl` is never true for an
                    // invocation by API Gateway.
                    && !permission.invoked_via_function_url
            })
            .map(|permission| {
                lambda_permission_statement(
                    &permission.statement_id,
                    invoked_arn,
                    &permission.principal,
                    &permission.action,
                    permission.source_arn.as_deref(),
                    permission.source_account.as_deref(),
                )
            })
            .collect();
        (!statements.is_empty())
            .then(|| json!({"Version": "2012-10-17", "Id": "default", "Statement": statements}))
    }

    /// A role's inline policies plus the `AWS::IAM::Policy` resources attached to it.
    pub(crate) fn identity_policies(&self, role: &'a Role) -> Vec<NamedPolicy<'a>> {
        let inline = role.policies.iter().map(|policy| NamedPolicy {
            name: &policy.policy_name,
            document: &policy.policy_document,
        });
        let attached = self
            .policies
            .iter()
            .filter(|policy| policy.roles.contains(&role.role_name))
            .map(|policy| NamedPolicy {
                name: &policy.policy_name,
                document: &policy.policy_document,
            });
        inline.chain(attached).collect()
    }
}

/// The version name of the unpublished function.
const LATEST: &str = "$LATEST";

/// The qualifier of an ARN or name, `$LATEST` counting as none.
fn qualifier_of(function_name: &str) -> Option<&str> {
    split_qualifier(function_name)
        .1
        .filter(|qualifier| *qualifier != LATEST)
}

/// `FunctionName` of a permission names this function: a name, a full ARN or a partial
/// ARN (`123456789012:function:name`), with or without a qualifier.
fn names_function(function_name: &str, function: &Function) -> bool {
    let (unqualified, _) = split_qualifier(function_name);
    unqualified == function.function_name
        || unqualified == function.function_arn
        || function.function_arn.ends_with(&format!(":{unqualified}"))
            && unqualified.contains(":function:")
}

/// `arn:...:function:name:qualifier` → (`arn:...:function:name`, `Some(qualifier)`).
fn split_qualifier(arn: &str) -> (&str, Option<&str>) {
    match arn.find(":function:") {
        Some(at) => {
            let after = &arn[at + ":function:".len()..];
            match after.split_once(':') {
                Some((name, qualifier)) => (
                    &arn[..at + ":function:".len() + name.len()],
                    Some(qualifier),
                ),
                None => (arn, None),
            }
        }
        // A bare function name with a qualifier: `name:qualifier`.
        None => match arn.split_once(':') {
            Some((name, qualifier)) => (name, Some(qualifier)),
            None => (arn, None),
        },
    }
}

#[cfg(test)]
mod tests {
    use store::model::Code;

    use super::*;

    #[test]
    fn function_arn_is_read_from_both_uri_forms() {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:hello";
        assert_eq!(function_arn_of(arn), Some(arn));
        let uri = format!(
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations"
        );
        assert_eq!(function_arn_of(&uri), Some(arn));
        assert_eq!(function_arn_of("https://example.com/pets"), None);
    }

    #[test]
    fn qualifiers_are_split_off() {
        assert_eq!(
            split_qualifier("arn:aws:lambda:r:1:function:f:$LATEST"),
            ("arn:aws:lambda:r:1:function:f", Some("$LATEST"))
        );
        assert_eq!(
            split_qualifier("arn:aws:lambda:r:1:function:f"),
            ("arn:aws:lambda:r:1:function:f", None)
        );
        assert_eq!(split_qualifier("f"), ("f", None));
        assert_eq!(split_qualifier("f:live"), ("f", Some("live")));
    }

    #[test]
    fn permission_function_name_matches_name_arn_and_partial_arn() {
        let function = Function::zip(
            "F",
            "f",
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            "arn:aws:iam::123456789012:role/r",
            "nodejs22.x",
            Code::Inline {
                zip_file: String::new(),
            },
        );
        assert!(names_function("f", &function));
        assert!(names_function(
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            &function
        ));
        assert!(names_function("123456789012:function:f", &function));
        assert!(names_function("f:$LATEST", &function));
        assert!(names_function("f:prod", &function));
        assert!(!names_function("g", &function));
        assert_eq!(qualifier_of("f:$LATEST"), None);
        assert_eq!(
            qualifier_of("arn:aws:lambda:us-east-1:123456789012:function:f:prod"),
            Some("prod")
        );
    }

    fn permission(function_name: &str, principal: &str, via_url: bool) -> Permission {
        Permission {
            statement_id: format!("S{}", function_name.len()),
            function_name: function_name.to_owned(),
            action: "lambda:InvokeFunction".to_owned(),
            principal: principal.to_owned(),
            source_arn: None,
            source_account: None,
            invoked_via_function_url: via_url,
        }
    }

    #[test]
    fn an_alias_is_invoked_under_its_own_resource_policy() {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:f";
        let alias_arn = format!("{arn}:live");
        let function = Function::zip(
            "F",
            "f",
            arn,
            "arn:aws:iam::123456789012:role/r",
            "nodejs22.x",
            Code::Inline {
                zip_file: String::new(),
            },
        );
        let alias = Alias {
            name: "live".into(),
            function_arn: arn.into(),
            function_version: "1".into(),
            alias_arn: alias_arn.clone(),
        };
        let on_function = permission(arn, "apigateway.amazonaws.com", false);
        let on_alias = permission(&alias_arn, "apigateway.amazonaws.com", false);
        let url_only = permission(&alias_arn, "*", true);
        let source = "arn:aws:execute-api:us-east-1:123456789012:api/$default/GET/x";
        let verdict = |permissions: Vec<&Permission>| {
            let resources = LambdaResources {
                functions: vec![&function],
                aliases: vec![&alias],
                permissions,
                ..LambdaResources::default()
            };
            let found = resources.function(&alias_arn).unwrap();
            assert_eq!(found.function_arn, arn);
            matches!(
                resources.check(found, &alias_arn, None, source, "123456789012"),
                InvokePermission::Allowed { .. }
            )
        };
        assert!(verdict(vec![&on_alias]));
        assert!(
            !verdict(vec![&on_function]),
            "the function's policy is not the alias's"
        );
        assert!(
            !verdict(vec![&url_only]),
            "a function URL statement is not for API Gateway"
        );
        let resources = LambdaResources {
            functions: vec![&function],
            ..LambdaResources::default()
        };
        let err = resources.function(&alias_arn).unwrap_err();
        assert!(
            err.contains("no deployed alias or version \"live\""),
            "{err}"
        );
    }
}
