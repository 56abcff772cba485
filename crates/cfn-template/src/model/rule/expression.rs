//! Rule functions (cdk.md §4.2) from syntax nodes to a [`RuleExpression`] tree, with a
//! diagnostic at the line of each malformed call and of each function rules may not
//! use.

use serde_json::Value as Json;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::intrinsic::FUNCTION_NAMES;
use crate::syntax::{Node, NodeKind, Position, Spanned};

// Unconfirmed: AWS lists these for rules; other template functions (`Fn::Join`,
// `Fn::Select`, ...) and `{"Condition": ...}` are refused rather than guessed at.
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

/// A value in a rule, with where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleExpression {
    /// Template path, e.g. `Rules/R/Assertions/0/Assert/Fn::Not/0`.
    pub path: String,
    /// Where it starts.
    pub position: Position,
    /// What it is.
    pub kind: RuleExpressionKind,
}

/// The shape of a [`RuleExpression`].
#[derive(Clone, Debug, PartialEq)]
pub enum RuleExpressionKind {
    /// A literal scalar: strings and numbers as their text, booleans as booleans.
    Literal(Json),
    /// A literal list, whose items may be functions.
    List(Vec<RuleExpression>),
    /// A rule function call.
    Call(Box<RuleFunction>),
}

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
    fn is_boolean(&self) -> bool {
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

impl RuleExpression {
    /// The function call, if this is one.
    pub fn as_call(&self) -> Option<&RuleFunction> {
        match &self.kind {
            RuleExpressionKind::Call(call) => Some(call),
            _ => None,
        }
    }

    /// Calls `visit` on this expression and every one nested in it, depth first.
    pub fn walk<'e>(&'e self, visit: &mut impl FnMut(&'e RuleExpression)) {
        visit(self);
        match &self.kind {
            RuleExpressionKind::Literal(_) => {}
            RuleExpressionKind::List(items) => items.iter().for_each(|item| item.walk(visit)),
            RuleExpressionKind::Call(call) => match call.as_ref() {
                RuleFunction::Ref(_)
                | RuleFunction::RefAll(_)
                | RuleFunction::ValueOf { .. }
                | RuleFunction::ValueOfAll { .. } => {}
                RuleFunction::And(items) | RuleFunction::Or(items) => {
                    items.iter().for_each(|item| item.walk(visit));
                }
                RuleFunction::Not(item) => item.walk(visit),
                RuleFunction::If {
                    if_true, if_false, ..
                } => {
                    if_true.walk(visit);
                    if_false.walk(visit);
                }
                RuleFunction::Equals(a, b)
                | RuleFunction::Contains(a, b)
                | RuleFunction::EachMemberEquals(a, b)
                | RuleFunction::EachMemberIn(a, b) => {
                    a.walk(visit);
                    b.walk(visit);
                }
            },
        }
    }

    /// Parses a `RuleCondition`, an `Assert` or an operand of `Fn::And`/`Fn::Or`/
    /// `Fn::Not`: a function that answers true or false.
    pub(crate) fn boolean(
        node: &Node,
        path: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Self> {
        let expression = Self::parse(node, path, diagnostics)?;
        if expression.as_call().is_some_and(RuleFunction::is_boolean) {
            return Some(expression);
        }
        let what = match &expression.kind {
            RuleExpressionKind::Call(call) => call.name().to_owned(),
            _ => node.kind_name().to_owned(),
        };
        diagnostics.push(
            Diagnostic::error(
                format!("a rule condition or assertion must be a rule function that is true or false, not {what}"),
                path,
                node.position,
            )
            .with_help("use Fn::Equals, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::And, Fn::Or or Fn::Not"),
        );
        None
    }

    /// Parses any value of a rule. `None` when it is malformed (reported).
    pub(crate) fn parse(
        node: &Node,
        path: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Self> {
        let kind = match &node.kind {
            NodeKind::Null => RuleExpressionKind::Literal(Json::Null),
            NodeKind::Bool(flag) => RuleExpressionKind::Literal(Json::Bool(*flag)),
            NodeKind::Number(text) | NodeKind::String(text) => {
                RuleExpressionKind::Literal(Json::String(text.clone()))
            }
            NodeKind::Sequence(items) => {
                let items: Option<Vec<RuleExpression>> = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| Self::parse(item, &format!("{path}/{i}"), diagnostics))
                    .collect();
                RuleExpressionKind::List(items?)
            }
            NodeKind::Mapping(entries) => match entries.as_slice() {
                [entry] if is_function_key(&entry.key) => {
                    let mut call = Call {
                        name: &entry.key,
                        node: &entry.value,
                        path: format!("{path}/{}", entry.key),
                        diagnostics,
                    };
                    RuleExpressionKind::Call(Box::new(call.parse()?))
                }
                _ => {
                    diagnostics.push(
                        Diagnostic::error("a mapping is not a rule value", path, node.position)
                            .with_help("rules compare strings and lists of strings, made with Ref and the rule functions"),
                    );
                    return None;
                }
            },
        };
        Some(Self {
            path: path.to_owned(),
            position: node.position,
            kind,
        })
    }
}

fn is_function_key(key: &str) -> bool {
    key == "Ref" || key == "Condition" || key.starts_with("Fn::")
}

/// One call being parsed.
struct Call<'a> {
    name: &'a str,
    node: &'a Node,
    path: String,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl<'a> Call<'a> {
    fn parse(&mut self) -> Option<RuleFunction> {
        let call = match self.name {
            "Ref" => RuleFunction::Ref(self.literal(self.node, "the parameter name")?),
            "Fn::And" | "Fn::Or" => {
                let items = self.list()?;
                if !(2..=10).contains(&items.len()) {
                    return self.fail(
                        format!(
                            "{} takes 2 to 10 conditions, not {}",
                            self.name,
                            items.len()
                        ),
                        "nest another Fn::And or Fn::Or to combine more",
                    );
                }
                let operands: Option<Vec<RuleExpression>> = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| RuleExpression::boolean(item, &self.at(i), self.diagnostics))
                    .collect();
                if self.name == "Fn::And" {
                    RuleFunction::And(operands?)
                } else {
                    RuleFunction::Or(operands?)
                }
            }
            "Fn::Not" => {
                let [operand] = self.args("[condition]")?;
                RuleFunction::Not(RuleExpression::boolean(
                    operand,
                    &self.at(0),
                    self.diagnostics,
                )?)
            }
            "Fn::Equals" => {
                let [left, right] = self.args("[value, value]")?;
                RuleFunction::Equals(self.value(left, 0)?, self.value(right, 1)?)
            }
            "Fn::If" => {
                let [condition, if_true, if_false] =
                    self.args("[condition name, value if true, value if false]")?;
                let name = self.literal(condition, "the condition name")?;
                RuleFunction::If {
                    condition: Spanned::new(name, condition.position),
                    if_true: self.value(if_true, 1)?,
                    if_false: self.value(if_false, 2)?,
                }
            }
            "Fn::Contains" | "Fn::EachMemberEquals" => {
                let [list, string] = self.args("[[list of strings], string]")?;
                let (list, string) = (self.value(list, 0)?, self.value(string, 1)?);
                if self.name == "Fn::Contains" {
                    RuleFunction::Contains(list, string)
                } else {
                    RuleFunction::EachMemberEquals(list, string)
                }
            }
            "Fn::EachMemberIn" => {
                let [check, allowed] = self.args("[[strings to check], [strings to match]]")?;
                RuleFunction::EachMemberIn(self.value(check, 0)?, self.value(allowed, 1)?)
            }
            "Fn::RefAll" => RuleFunction::RefAll(self.literal(self.node, "the parameter type")?),
            // Fn::ValueOf and Fn::ValueOfAll take literal strings only: no nested functions.
            "Fn::ValueOf" => {
                let [parameter, attribute] = self.args("[ParameterLogicalId, attribute]")?;
                RuleFunction::ValueOf {
                    parameter: self.literal(parameter, "the parameter's logical ID")?,
                    attribute: self.literal(attribute, "the attribute")?,
                }
            }
            "Fn::ValueOfAll" => {
                let [parameter_type, attribute] = self.args("[parameter type, attribute]")?;
                RuleFunction::ValueOfAll {
                    parameter_type: self.literal(parameter_type, "the parameter type")?,
                    attribute: self.literal(attribute, "the attribute")?,
                }
            }
            "Condition" => {
                return self.fail(
                    "`Condition` cannot be used in Rules: a rule cannot refer to a template condition".to_owned(),
                    "repeat the condition's test in the rule with Fn::Equals, Fn::And, Fn::Or or Fn::Not",
                );
            }
            "Fn::GetAtt" => {
                return self.fail(
                    "Fn::GetAtt cannot be used in Rules: rules are checked before any resource exists".to_owned(),
                    "rules may use only parameters: Ref a parameter, or move the check out of Rules",
                );
            }
            other if FUNCTION_NAMES.contains(&other) => {
                return self.fail(
                    format!("{other} cannot be used in Rules"),
                    &format!(
                        "rules may use only the rule functions: {}",
                        RULE_FUNCTIONS.join(", ")
                    ),
                );
            }
            unknown => {
                let help =
                    did_you_mean(unknown, RULE_FUNCTIONS.iter().copied()).unwrap_or_else(|| {
                        format!(
                            "rules may use only the rule functions: {}",
                            RULE_FUNCTIONS.join(", ")
                        )
                    });
                return self.fail(format!("unknown rule function `{unknown}`"), &help);
            }
        };
        Some(call)
    }

    fn at(&self, index: usize) -> String {
        format!("{}/{index}", self.path)
    }

    fn value(&mut self, node: &Node, index: usize) -> Option<RuleExpression> {
        RuleExpression::parse(node, &self.at(index), self.diagnostics)
    }

    fn list(&mut self) -> Option<&'a [Node]> {
        let node = self.node;
        match &node.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => self.fail(
                format!(
                    "{} takes a list of conditions, not {}",
                    self.name,
                    node.kind_name()
                ),
                &format!("write `{}: [condition, condition]`", self.name),
            ),
        }
    }

    /// The argument list, which must have exactly `N` elements.
    fn args<const N: usize>(&mut self, shape: &str) -> Option<[&'a Node; N]> {
        let node = self.node;
        let NodeKind::Sequence(items) = &node.kind else {
            return self.fail(
                format!("{} takes a list of {N} elements: {shape}", self.name),
                &format!("write `{}: {shape}`", self.name),
            );
        };
        match <&[Node; N]>::try_from(items.as_slice()) {
            Ok(items) => Some(items.each_ref()),
            Err(_) => self.fail(
                format!(
                    "{} takes a list of {N} elements, not {}: {shape}",
                    self.name,
                    items.len()
                ),
                &format!("write `{}: {shape}`", self.name),
            ),
        }
    }

    /// A literal string argument (numbers are accepted as their text).
    fn literal(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.kind {
            NodeKind::String(text) | NodeKind::Number(text) => Some(text.clone()),
            _ => {
                let message = format!(
                    "{what} of {} must be a literal string, not {}",
                    self.name,
                    node.kind_name()
                );
                self.diagnostics.push(
                    Diagnostic::error(message, self.path.clone(), node.position)
                        .with_help("functions are not allowed in this position"),
                );
                None
            }
        }
    }

    fn fail<T>(&mut self, message: impl Into<String>, help: &str) -> Option<T> {
        self.diagnostics.push(
            Diagnostic::error(message, self.path.clone(), self.node.position).with_help(help),
        );
        None
    }
}
