//! Long-form intrinsic function calls (`{"Fn::Join": [...]}`) to [`Intrinsic`] values,
//! with a diagnostic for each malformed call.

use indexmap::IndexMap;

use super::{FUNCTION_NAMES, Intrinsic, parse_sub};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::syntax::{Entry, Node, NodeKind, Spanned};
use crate::value::{Context, Value, ValueKind};

/// Parses the single entry of a one-key mapping as an intrinsic function call.
///
/// `None`: the key names no function, so the mapping is plain data. `Some(None)`: it
/// names a function but the call is malformed (reported in `diagnostics`).
pub(crate) fn parse(
    entry: &Entry,
    context: Context,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Option<Intrinsic>> {
    let key = entry.key.as_str();
    let is_function = key == "Ref"
        || key.starts_with("Fn::")
        || (key == "Condition" && context == Context::Condition);
    if !is_function {
        return None;
    }
    let mut call = Call {
        name: key,
        node: &entry.value,
        path: format!("{path}/{key}"),
        diagnostics,
    };
    Some(call.parse(context))
}

/// One call being parsed: its name, argument node and where to report problems.
struct Call<'a> {
    name: &'a str,
    node: &'a Node,
    path: String,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl<'a> Call<'a> {
    fn parse(&mut self, context: Context) -> Option<Intrinsic> {
        let condition_only = matches!(self.name, "Fn::And" | "Fn::Or" | "Fn::Not" | "Fn::Equals");
        if condition_only && context == Context::Value {
            self.fail(
                format!("{} can only be used in the Conditions section", self.name),
                "declare the test under Conditions and use its name with Fn::If or a resource's Condition",
            );
            return None;
        }
        match self.name {
            "Ref" => self
                .string("the name of a parameter or resource")
                .map(Intrinsic::Ref),
            "Condition" => self.string("a condition name").map(Intrinsic::Condition),
            "Fn::GetAtt" => self.get_att(),
            "Fn::Sub" => self.sub(),
            "Fn::Join" => {
                let [delimiter, values] = self.args("[delimiter, [values]]")?;
                let delimiter = self.literal(delimiter, "the delimiter")?;
                Some(Intrinsic::Join {
                    delimiter,
                    values: self.value(values, 1, Context::Value),
                })
            }
            "Fn::Select" => {
                let [index, list] = self.args("[index, list]")?;
                Some(Intrinsic::Select {
                    index: self.value(index, 0, Context::Value),
                    list: self.value(list, 1, Context::Value),
                })
            }
            "Fn::Split" => {
                let [delimiter, source] = self.args("[delimiter, string]")?;
                let delimiter = self.literal(delimiter, "the delimiter")?;
                Some(Intrinsic::Split {
                    delimiter,
                    source: self.value(source, 1, Context::Value),
                })
            }
            "Fn::If" => {
                let [condition, if_true, if_false] =
                    self.args("[condition name, value if true, value if false]")?;
                let name = self.literal(condition, "the condition name")?;
                Some(Intrinsic::If {
                    condition: Spanned::new(name, condition.position),
                    if_true: self.value(if_true, 1, Context::Value),
                    if_false: self.value(if_false, 2, Context::Value),
                })
            }
            "Fn::Equals" => {
                let [left, right] = self.args("[value, value]")?;
                Some(Intrinsic::Equals(
                    self.value(left, 0, Context::Value),
                    self.value(right, 1, Context::Value),
                ))
            }
            "Fn::And" | "Fn::Or" => self.conditions(),
            "Fn::Not" => {
                let [condition] = self.args("[condition]")?;
                Some(Intrinsic::Not(self.value(condition, 0, Context::Condition)))
            }
            "Fn::FindInMap" => {
                let [map_name, top, second] =
                    self.args("[MapName, TopLevelKey, SecondLevelKey]")?;
                Some(Intrinsic::FindInMap {
                    map_name: self.value(map_name, 0, Context::Value),
                    top_level_key: self.value(top, 1, Context::Value),
                    second_level_key: self.value(second, 2, Context::Value),
                })
            }
            "Fn::GetAZs" => Some(Intrinsic::GetAZs(self.whole(Context::Value))),
            "Fn::Base64" => Some(Intrinsic::Base64(self.whole(Context::Value))),
            "Fn::ImportValue" => Some(Intrinsic::ImportValue(self.whole(Context::Value))),
            "Fn::Cidr" => {
                let [ip_block, count, cidr_bits] = self.args("[ipBlock, count, cidrBits]")?;
                Some(Intrinsic::Cidr {
                    ip_block: self.value(ip_block, 0, Context::Value),
                    count: self.value(count, 1, Context::Value),
                    cidr_bits: self.value(cidr_bits, 2, Context::Value),
                })
            }
            "Fn::Transform" => self.transform(),
            unknown => {
                let help = did_you_mean(unknown, FUNCTION_NAMES.iter().copied()).unwrap_or_else(|| {
                    "CloudFormation supports Ref, Condition and the Fn:: functions listed in its intrinsic function reference".to_owned()
                });
                self.fail(format!("unsupported intrinsic function `{unknown}`"), &help);
                None
            }
        }
    }

    fn get_att(&mut self) -> Option<Intrinsic> {
        let node = self.node;
        match &node.kind {
            NodeKind::String(text) => match text.split_once('.') {
                Some((logical_id, attribute))
                    if !logical_id.is_empty() && !attribute.is_empty() =>
                {
                    Some(Intrinsic::GetAtt {
                        logical_id: logical_id.to_owned(),
                        attribute: Value::string(attribute, node.position),
                    })
                }
                _ => {
                    self.fail(
                        format!("Fn::GetAtt `{text}` does not name an attribute"),
                        "write LogicalId.AttributeName, e.g. `!GetAtt MyRole.Arn`",
                    );
                    None
                }
            },
            _ => {
                let [logical_id, attribute] = self.args("[LogicalId, AttributeName]")?;
                let logical_id = self.literal(logical_id, "the logical ID")?;
                let attribute = self.value(attribute, 1, Context::Value);
                let computed = matches!(attribute.kind, ValueKind::String(_))
                    || matches!(attribute.as_intrinsic(), Some(Intrinsic::Ref(_)));
                if !computed {
                    self.fail(
                        "the attribute name of Fn::GetAtt must be a string or a Ref",
                        "write `!GetAtt [LogicalId, AttributeName]`",
                    );
                    return None;
                }
                Some(Intrinsic::GetAtt {
                    logical_id,
                    attribute,
                })
            }
        }
    }

    fn sub(&mut self) -> Option<Intrinsic> {
        let node = self.node;
        let (template, variables) = match &node.kind {
            NodeKind::String(_) => (node, IndexMap::new()),
            NodeKind::Sequence(items) if items.len() == 2 => {
                let Some(entries) = items[1].as_mapping() else {
                    self.fail(
                        "the second element of Fn::Sub must be a mapping of variables",
                        "write `!Sub [\"text with ${Var}\", {Var: value}]`",
                    );
                    return None;
                };
                let variables = entries
                    .iter()
                    .map(|entry| {
                        let path = format!("{}/1/{}", self.path, entry.key);
                        let value =
                            Value::from_node(&entry.value, Context::Value, &path, self.diagnostics);
                        (entry.key.clone(), value)
                    })
                    .collect();
                (&items[0], variables)
            }
            _ => {
                self.fail(
                    "Fn::Sub takes a string, or a list of a string and a variable mapping",
                    "write `!Sub \"text with ${Var}\"` or `!Sub [\"text with ${Var}\", {Var: value}]`",
                );
                return None;
            }
        };
        let Some(text) = template.as_str() else {
            self.fail(
                "the string of Fn::Sub must be a literal string",
                "intrinsic functions go in the variable mapping, not in the string itself",
            );
            return None;
        };
        match parse_sub(text) {
            Ok(parts) => Some(Intrinsic::Sub { parts, variables }),
            Err(problem) => {
                self.fail(
                    problem,
                    "write variables as ${Name}, and a literal ${ as ${!",
                );
                None
            }
        }
    }

    fn conditions(&mut self) -> Option<Intrinsic> {
        let node = self.node;
        let NodeKind::Sequence(items) = &node.kind else {
            self.fail(
                format!("{} takes a list of 2 to 10 conditions", self.name),
                "write e.g. `!And [!Condition IsProd, !Equals [!Ref Env, prod]]`",
            );
            return None;
        };
        if !(2..=10).contains(&items.len()) {
            self.fail(
                format!(
                    "{} takes 2 to 10 conditions, not {}",
                    self.name,
                    items.len()
                ),
                "nest another Fn::And or Fn::Or to combine more",
            );
            return None;
        }
        let values = items
            .iter()
            .enumerate()
            .map(|(index, item)| self.value(item, index, Context::Condition))
            .collect();
        Some(if self.name == "Fn::And" {
            Intrinsic::And(values)
        } else {
            Intrinsic::Or(values)
        })
    }

    fn transform(&mut self) -> Option<Intrinsic> {
        let node = self.node;
        let name = node.get("Name").and_then(Node::as_str).map(str::to_owned);
        let Some(name) = name else {
            self.fail(
                "Fn::Transform needs a `Name`",
                "write `Fn::Transform: {Name: MacroName, Parameters: {...}}`",
            );
            return None;
        };
        let parameters = match node.get("Parameters") {
            Some(node) => Value::from_node(
                node,
                Context::Value,
                &format!("{}/Parameters", self.path),
                self.diagnostics,
            ),
            None => Value {
                position: node.position,
                kind: ValueKind::Map(IndexMap::new()),
            },
        };
        Some(Intrinsic::Transform { name, parameters })
    }

    /// The argument list, which must have exactly `N` elements.
    fn args<const N: usize>(&mut self, shape: &str) -> Option<[&'a Node; N]> {
        let node = self.node;
        let items = match &node.kind {
            NodeKind::Sequence(items) if items.len() == N => items,
            _ => {
                self.fail(
                    format!("{} takes a list of {N} elements: {shape}", self.name),
                    &format!("write `{}: {shape}`", self.name),
                );
                return None;
            }
        };
        let mut refs = items.iter();
        Some(std::array::from_fn(|_| refs.next().unwrap_or(node)))
    }

    /// The whole argument as a value (for one-argument functions).
    fn whole(&mut self, context: Context) -> Value {
        Value::from_node(self.node, context, &self.path, self.diagnostics)
    }

    fn value(&mut self, node: &Node, index: usize, context: Context) -> Value {
        Value::from_node(
            node,
            context,
            &format!("{}/{index}", self.path),
            self.diagnostics,
        )
    }

    /// A literal string argument (numbers are accepted as their text).
    fn literal(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.kind {
            NodeKind::String(text) | NodeKind::Number(text) => Some(text.clone()),
            _ => {
                self.fail(
                    format!(
                        "{what} of {} must be a literal string, not {}",
                        self.name,
                        node.kind_name()
                    ),
                    "intrinsic functions are not allowed in this position",
                );
                None
            }
        }
    }

    fn string(&mut self, what: &str) -> Option<String> {
        let node = self.node;
        match node.as_str() {
            Some(text) => Some(text.to_owned()),
            None => {
                self.fail(
                    format!("{} takes {what}, not {}", self.name, node.kind_name()),
                    &format!("write `{}: Name`", self.name),
                );
                None
            }
        }
    }

    fn fail(&mut self, message: impl Into<String>, help: &str) {
        self.diagnostics.push(
            Diagnostic::error(message, self.path.clone(), self.node.position).with_help(help),
        );
    }
}
