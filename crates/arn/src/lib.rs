//! Amazon Resource Names and the partitions they live in, built in one place.
//!
//! Every ARN gantry makes (stack, function, role, log group, execute-api source ARNs) is
//! built here from a [`Partition`] chosen by region with AWS's own partition data
//! (`data/partitions.json`, vendored from the AWS SDK; see `data/PROVENANCE.md`), so that
//! `AWS::Partition`, generated ARNs and `SourceArn` checks always agree.
//!
//! Deliberately pure: no I/O, no clock, no environment.

mod partition;

use std::fmt;

pub use partition::Partition;

/// An ARN: `arn:{partition}:{service}:{region}:{account}:{resource}`.
///
/// ```
/// use arn::{Arn, Partition};
///
/// let partition = Partition::of_region("cn-north-1");
/// let arn = Arn::lambda_function(partition, "cn-north-1", "123456789012", "hello");
/// assert_eq!(arn.to_string(), "arn:aws-cn:lambda:cn-north-1:123456789012:function:hello");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    partition: &'static str,
    service: String,
    region: String,
    account_id: String,
    resource: String,
}

impl Arn {
    /// Any ARN. IAM's are global: pass an empty `region`.
    pub fn new(
        partition: &'static Partition,
        service: &str,
        region: &str,
        account_id: &str,
        resource: impl Into<String>,
    ) -> Self {
        Self {
            partition: partition.id(),
            service: service.to_owned(),
            region: region.to_owned(),
            account_id: account_id.to_owned(),
            resource: resource.into(),
        }
    }

    /// `AWS::CloudFormation::Stack`: `…:cloudformation:{region}:{account}:stack/{name}/{uuid}`.
    pub fn cloudformation_stack(
        partition: &'static Partition,
        region: &str,
        account_id: &str,
        stack_name: &str,
        unique_id: &str,
    ) -> Self {
        let resource = format!("stack/{stack_name}/{unique_id}");
        Self::new(partition, "cloudformation", region, account_id, resource)
    }

    /// `AWS::Lambda::Function`: `…:lambda:{region}:{account}:function:{name}`.
    pub fn lambda_function(
        partition: &'static Partition,
        region: &str,
        account_id: &str,
        function_name: &str,
    ) -> Self {
        let resource = format!("function:{function_name}");
        Self::new(partition, "lambda", region, account_id, resource)
    }

    /// `AWS::IAM::Role`: `…:iam::{account}:role{path}{name}` (`path` starts and ends with `/`).
    pub fn iam_role(
        partition: &'static Partition,
        account_id: &str,
        path: &str,
        role_name: &str,
    ) -> Self {
        Self::new(
            partition,
            "iam",
            "",
            account_id,
            format!("role{path}{role_name}"),
        )
    }

    /// An AWS managed policy: `…:iam::aws:policy/{path-and-name}`.
    pub fn aws_managed_policy(partition: &'static Partition, policy: &str) -> Self {
        Self::new(partition, "iam", "", "aws", format!("policy/{policy}"))
    }

    /// An account as an IAM principal: `…:iam::{account}:root`.
    pub fn account_root(partition: &'static Partition, account_id: &str) -> Self {
        Self::new(partition, "iam", "", account_id, "root")
    }

    /// `AWS::Logs::LogGroup`'s `Arn` attribute: `…:logs:{region}:{account}:log-group:{name}:*`.
    pub fn log_group(
        partition: &'static Partition,
        region: &str,
        account_id: &str,
        log_group_name: &str,
    ) -> Self {
        let resource = format!("log-group:{log_group_name}:*");
        Self::new(partition, "logs", region, account_id, resource)
    }

    /// An API's `execute-api` ARN; `path` is empty for the API itself
    /// (`…:execute-api:{region}:{account}:{apiId}`) or `/{stage}/{METHOD}{route}` for the
    /// source ARN of a request.
    pub fn execute_api(
        partition: &'static Partition,
        region: &str,
        account_id: &str,
        api_id: &str,
        path: &str,
    ) -> Self {
        Self::new(
            partition,
            "execute-api",
            region,
            account_id,
            format!("{api_id}{path}"),
        )
    }
}

/// The log group a CloudWatch Logs ARN names: `arn:{partition}:logs:{region}:{account}:log-group:{name}`,
/// with or without the `:*` that `AWS::Logs::LogGroup`'s `Arn` attribute ends with.
pub fn log_group_name(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(7, ':');
    let (Some("arn"), Some(_), Some("logs"), Some(_), Some(_), Some("log-group"), Some(name)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let name = name.strip_suffix(":*").unwrap_or(name);
    (!name.is_empty()).then_some(name)
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account_id, self.resource
        )
    }
}

impl From<Arn> for String {
    fn from(arn: Arn) -> Self {
        arn.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_have_the_shapes_aws_documents() {
        let aws = Partition::of_region("us-east-1");
        let cases = [
            (
                Arn::cloudformation_stack(aws, "us-east-1", "123456789012", "seed", "u-1"),
                "arn:aws:cloudformation:us-east-1:123456789012:stack/seed/u-1",
            ),
            (
                Arn::iam_role(aws, "123456789012", "/service/", "r"),
                "arn:aws:iam::123456789012:role/service/r",
            ),
            (
                Arn::aws_managed_policy(aws, "service-role/AWSLambdaRole"),
                "arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
            ),
            (
                Arn::account_root(aws, "123456789012"),
                "arn:aws:iam::123456789012:root",
            ),
            (
                Arn::log_group(aws, "us-east-1", "123456789012", "/aws/lambda/f"),
                "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*",
            ),
            (
                Arn::execute_api(aws, "us-east-1", "123456789012", "abc", "/$default/GET/x"),
                "arn:aws:execute-api:us-east-1:123456789012:abc/$default/GET/x",
            ),
        ];
        for (arn, expected) in cases {
            assert_eq!(arn.to_string(), expected);
        }
    }

    #[test]
    fn log_group_names_come_out_of_their_arns() {
        let aws = Partition::of_region("us-east-1");
        let arn = Arn::log_group(aws, "us-east-1", "123456789012", "/aws/x").to_string();
        assert_eq!(log_group_name(&arn), Some("/aws/x"));
        assert_eq!(
            log_group_name("arn:aws:logs:us-east-1:1:log-group:api-logs"),
            Some("api-logs")
        );
        assert_eq!(log_group_name("arn:aws:logs:us-east-1:1:log-group:"), None);
        assert_eq!(log_group_name("arn:aws:s3:::bucket"), None);
    }

    #[test]
    fn the_partition_of_the_region_is_in_every_arn() {
        let gov = Partition::of_region("us-gov-west-1");
        let arn = Arn::lambda_function(gov, "us-gov-west-1", "123456789012", "f");
        assert_eq!(
            String::from(arn),
            "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f"
        );
    }
}
