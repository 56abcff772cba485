//! The operands of `Fn::Contains`, `Fn::EachMemberEquals` and `Fn::EachMemberIn`
//! (cdk.md §4.2): lists of strings and strings, compared by their text.

use serde_json::Value as Json;

use super::Judge;
use crate::eval::functions_text_of;
use crate::model::RuleExpression;

impl Judge<'_, '_> {
    /// A list of strings: a literal list or a `Ref` to a list parameter.
    pub(super) fn strings(
        &mut self,
        expression: &RuleExpression,
        function: &str,
        which: &str,
    ) -> Option<Vec<String>> {
        let value = self.value(expression)?;
        let texts = match &value {
            Json::Array(items) => items.iter().map(functions_text_of).collect(),
            _ => None,
        };
        if texts.is_none() {
            self.report(
                expression,
                format!(
                    "the {which} argument of {function} must be a list of strings, not `{value}`"
                ),
                "write a literal list, or Ref a list parameter (CommaDelimitedList, List<...>)",
            );
        }
        texts
    }

    /// One string (numbers and booleans by their text).
    pub(super) fn string(&mut self, expression: &RuleExpression, function: &str) -> Option<String> {
        let value = self.value(expression)?;
        let text = functions_text_of(&value);
        if text.is_none() {
            self.report(
                expression,
                format!("the second argument of {function} must be a string, not `{value}`"),
                "write a literal string, or Ref a parameter that is not a list",
            );
        }
        text
    }
}
