//! The coverage tables of the types CDK apps bring: nested stacks, the CDK's metadata and
//! SSM parameters (cdk.md §3, §5.2, §6).

use super::Coverage;

pub(super) const STACK: Coverage = Coverage {
    resource_type: "AWS::CloudFormation::Stack",
    read: &["TemplateURL", "Parameters"],
    // Stack tags label the child's resources; nothing served depends on them.
    no_local_effect: &["Tags"],
    not_emulated: &[
        (
            "NotificationARNs",
            "gantry publishes no stack events to SNS; they are printed instead",
        ),
        (
            "TimeoutInMinutes",
            "a local nested stack has no creation timeout",
        ),
    ],
};

pub(super) const CDK_METADATA: Coverage = Coverage {
    resource_type: "AWS::CDK::Metadata",
    read: &[],
    // The CDK's usage analytics, for AWS only.
    no_local_effect: &["Analytics", "Modules"],
    not_emulated: &[],
};

pub(super) const SSM_PARAMETER: Coverage = Coverage {
    resource_type: "AWS::SSM::Parameter",
    read: &["Name", "Type", "Value", "Description"],
    // A tier sets size limits and price; the local store keeps every value, so even
    // `Standard`, the default, would otherwise warn.
    no_local_effect: &["Tier"],
    not_emulated: &[
        (
            "AllowedPattern",
            "the local parameter store does not check values against AllowedPattern",
        ),
        (
            "DataType",
            "the local parameter store keeps every value as text; an aws:ec2:image value is not checked",
        ),
        (
            "Policies",
            "parameter policies (expiration, notifications) are not applied locally",
        ),
        ("Tags", "the local parameter store keeps no tags"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_settable_property_of_a_nested_stack_is_classified_once() {
        let schema =
            cfn_template::schema::resource_type(STACK.resource_type).expect("in the schema");
        for property in &schema.properties {
            let places = usize::from(STACK.read.contains(&property.as_str()))
                + usize::from(STACK.no_local_effect.contains(&property.as_str()))
                + usize::from(STACK.not_emulated.iter().any(|(name, _)| name == property));
            assert_eq!(places, 1, "{property}");
        }
    }
}
