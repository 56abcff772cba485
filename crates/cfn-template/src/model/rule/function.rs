//! The rule functions (cdk.md §4.2): which exist, and one call with its arguments.

use super::expression::RuleExpression;
use crate::syntax::Spanned;

/// Every function a rule may call (cdk.md §4.2).
pub const RULE_FUNCTIONS: &[&str] = &[
    "Ref",
    "Fn::And",
    "Fn::Contains",
    "Fn::EachMemberEquals",
    "Fn::EachMemberIn",
    "Fn::Equals",
    "Fn::If",
    "Fn::Not",
    "Fn::Or",
    "Fn::RefAll",
    "Fn::ValueOf",
    "Fn::ValueOfAll",
];

/// One rule function call with its arguments.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleFunction {
    /// `Ref`: a parameter or pseudo parameter.
    Ref(String),
    /// `Fn::And`: 2 to 10 conditions.
    And(Vec<RuleExpression>),
    /// `Fn::Or`: 2 to 10 conditions.
    Or(Vec<RuleExpression>),
    /// `Fn::Not`: one condition.
    Not(RuleExpression),
    /// `Fn::Equals`: two values.
    Equals(RuleExpression, RuleExpression),
    /// `Fn::If`: a template condition and a value for each outcome.
    If {
        /// The condition name.
        condition: Spanned<String>,
        /// The value when it is true.
        if_true: RuleExpression,
        /// The value when it is false.
        if_false: RuleExpression,
    },
    /// `Fn::Contains [list, string]`: the string equals at least one member.
    Contains(RuleExpression, RuleExpression),
    /// `Fn::EachMemberEquals [list, string]`: every member equals the string.
    EachMemberEquals(RuleExpression, RuleExpression),
    /// `Fn::EachMemberIn [list, list]`: every member of the first is in the second.
    EachMemberIn(RuleExpression, RuleExpression),
    /// `Fn::RefAll parameter_type`: every value of an AWS-specific type in the account.
    RefAll(String),
    /// `Fn::ValueOf [parameter, attribute]`: an attribute of the resource a parameter names.
    ValueOf {
        /// The parameter's logical ID.
        parameter: String,
        /// The attribute, e.g. `VpcId` or `Tags.Department`.
        attribute: String,
    },
    /// `Fn::ValueOfAll [parameter_type, attribute]`: the attribute for every
    /// parameter of that type.
    ValueOfAll {
        /// The AWS-specific parameter type.
        parameter_type: String,
        /// The attribute.
        attribute: String,
    },
}

impl RuleFunction {
    /// The long-form name, e.g. `Fn::Contains`.
    pub fn name(&self) -> &'static str {
        match self {
            RuleFunction::Ref(_) => "Ref",
            RuleFunction::And(_) => "Fn::And",
            RuleFunction::Or(_) => "Fn::Or",
            RuleFunction::Not(_) => "Fn::Not",
            RuleFunction::Equals(..) => "Fn::Equals",
            RuleFunction::If { .. } => "Fn::If",
            RuleFunction::Contains(..) => "Fn::Contains",
            RuleFunction::EachMemberEquals(..) => "Fn::EachMemberEquals",
            RuleFunction::EachMemberIn(..) => "Fn::EachMemberIn",
            RuleFunction::RefAll(_) => "Fn::RefAll",
            RuleFunction::ValueOf { .. } => "Fn::ValueOf",
            RuleFunction::ValueOfAll { .. } => "Fn::ValueOfAll",
        }
    }

    /// Whether the function answers true or false (rather than a value).
    pub(super) fn is_boolean(&self) -> bool {
        matches!(
            self,
            RuleFunction::And(_)
                | RuleFunction::Or(_)
                | RuleFunction::Not(_)
                | RuleFunction::Equals(..)
                | RuleFunction::If { .. }
                | RuleFunction::Contains(..)
                | RuleFunction::EachMemberEquals(..)
                | RuleFunction::EachMemberIn(..)
        )
    }
}
