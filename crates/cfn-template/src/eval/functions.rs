//! One evaluation rule per intrinsic function.
//!
//! Reference: AWS CloudFormation Template Reference, "Intrinsic function reference"
//! (one page per function; the examples there are this module's unit tests).

use base64::Engine as _;
use serde_json::Value as Json;

use super::{Evaluated, Evaluator, cidr};
use crate::error::{Error, Location, Result};
use crate::value::{Intrinsic, SubPart, Value};

impl Evaluator<'_> {
    pub(super) fn intrinsic(
        &mut self,
        call: &Intrinsic,
        value: &Value,
        path: &str,
    ) -> Result<Evaluated> {
        let name = call.name();
        let location = Location::new(path, value.position);
        let arg = |index: usize| format!("{path}/{name}/{index}");
        match call {
            Intrinsic::Ref(target) => self.reference(target, location),
            Intrinsic::GetAtt {
                logical_id,
                attribute,
            } => {
                let Some(attribute) = self.string(attribute, &arg(1), name)? else {
                    return Ok(Evaluated::Unknown);
                };
                self.attribute(logical_id, &attribute, location)
            }
            Intrinsic::Sub { parts, variables } => self.sub(parts, variables, path, location),
            Intrinsic::Join { delimiter, values } => {
                let Some(items) = self.list(values, &arg(1), name)? else {
                    return Ok(Evaluated::Unknown);
                };
                let mut texts = Vec::with_capacity(items.len());
                for item in &items {
                    match text_of(item) {
                        Some(text) => texts.push(text),
                        None => {
                            return self.fail(invalid(
                                name,
                                format!("can only join strings, but the list holds {}", kind(item)),
                                location,
                            ));
                        }
                    }
                }
                Ok(Evaluated::Value(Json::String(texts.join(delimiter))))
            }
            Intrinsic::Select { index, list } => {
                let index_text = self.string(index, &arg(0), name)?;
                let items = self.list(list, &arg(1), name)?;
                let (Some(index_text), Some(items)) = (index_text, items) else {
                    return Ok(Evaluated::Unknown);
                };
                let Ok(index) = index_text.trim().parse::<usize>() else {
                    return self.fail(invalid(
                        name,
                        format!("the index `{index_text}` is not a whole number of 0 or more"),
                        location,
                    ));
                };
                match items.get(index) {
                    None => self.fail(Error::SelectOutOfRange {
                        index,
                        length: items.len(),
                        location,
                    }),
                    Some(Json::Null) => {
                        self.fail(invalid(name, format!("element {index} is null"), location))
                    }
                    Some(item) => Ok(Evaluated::Value(item.clone())),
                }
            }
            Intrinsic::Split { delimiter, source } => {
                let Some(text) = self.string(source, &arg(1), name)? else {
                    return Ok(Evaluated::Unknown);
                };
                if delimiter.is_empty() {
                    return self.fail(invalid(name, "the delimiter is empty".to_owned(), location));
                }
                let parts = text
                    .split(delimiter.as_str())
                    .map(|part| Json::String(part.to_owned()));
                Ok(Evaluated::Value(Json::Array(parts.collect())))
            }
            Intrinsic::If {
                condition,
                if_true,
                if_false,
            } => match self.scope().conditions.get(&condition.value).copied() {
                Some(true) => self.eval(if_true, &arg(1)),
                Some(false) => self.eval(if_false, &arg(2)),
                None => self.unresolved(Error::UnknownCondition {
                    name: condition.value.clone(),
                    location: Location::new(arg(0), condition.position),
                }),
            },
            Intrinsic::FindInMap {
                map_name,
                top_level_key,
                second_level_key,
            } => {
                let map_name = self.string(map_name, &arg(0), name)?;
                let top = self.string(top_level_key, &arg(1), name)?;
                let second = self.string(second_level_key, &arg(2), name)?;
                let (Some(map_name), Some(top), Some(second)) = (map_name, top, second) else {
                    return Ok(Evaluated::Unknown);
                };
                let Some(mapping) = self.scope().template.mappings.get(&map_name) else {
                    return self.unresolved(invalid(
                        name,
                        format!("there is no mapping named `{map_name}`"),
                        location,
                    ));
                };
                let Some(values) = mapping.entries.get(&top) else {
                    return self.fail(Error::MappingKeyMissing {
                        map_name,
                        key: top,
                        location,
                    });
                };
                let Some(found) = values.get(&second) else {
                    return self.fail(Error::MappingKeyMissing {
                        map_name,
                        key: format!("{top}/{second}"),
                        location,
                    });
                };
                let mapping_path = format!("Mappings/{map_name}/{top}/{second}");
                self.eval(found, &mapping_path)
            }
            Intrinsic::GetAZs(region) => {
                let Some(region) = self.string(region, &format!("{path}/{name}"), name)? else {
                    return Ok(Evaluated::Unknown);
                };
                let region = if region.is_empty() {
                    self.scope().pseudo.region.clone()
                } else {
                    region
                };
                // Deviation from AWS: the real list depends on the account and region;
                // gantry returns three zones, a to c, for every region.
                let zones = ["a", "b", "c"].map(|zone| Json::String(format!("{region}{zone}")));
                Ok(Evaluated::Value(Json::Array(zones.to_vec())))
            }
            Intrinsic::Base64(input) => {
                let Some(text) = self.string(input, &format!("{path}/{name}"), name)? else {
                    return Ok(Evaluated::Unknown);
                };
                let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
                Ok(Evaluated::Value(Json::String(encoded)))
            }
            Intrinsic::Cidr {
                ip_block,
                count,
                cidr_bits,
            } => {
                let block = self.string(ip_block, &arg(0), name)?;
                let count = self.string(count, &arg(1), name)?;
                let bits = self.string(cidr_bits, &arg(2), name)?;
                let (Some(block), Some(count), Some(bits)) = (block, count, bits) else {
                    return Ok(Evaluated::Unknown);
                };
                match cidr::subnets(&block, &count, &bits) {
                    Ok(blocks) => Ok(Evaluated::Value(Json::Array(
                        blocks.into_iter().map(Json::String).collect(),
                    ))),
                    Err(problem) => self.fail(invalid(name, problem, location)),
                }
            }
            Intrinsic::ImportValue(export) => {
                let Some(export_name) = self.string(export, &format!("{path}/{name}"), name)?
                else {
                    return Ok(Evaluated::Unknown);
                };
                self.import(&export_name, location)
            }
            Intrinsic::Transform {
                name: macro_name, ..
            } => self.fail(Error::Unsupported {
                what: format!("Fn::Transform (macro `{macro_name}`)"),
                location,
            }),
            Intrinsic::Equals(..)
            | Intrinsic::And(_)
            | Intrinsic::Or(_)
            | Intrinsic::Not(_)
            | Intrinsic::Condition(_) => self.fail(invalid(
                name,
                "can only be used in the Conditions section".to_owned(),
                location,
            )),
        }
    }

    fn sub(
        &mut self,
        parts: &[SubPart],
        variables: &indexmap::IndexMap<String, Value>,
        path: &str,
        location: Location,
    ) -> Result<Evaluated> {
        let mut out = String::new();
        let mut unknown = false;
        for part in parts {
            let variable = match part {
                SubPart::Literal(text) => {
                    out.push_str(text);
                    continue;
                }
                SubPart::Variable(variable) => variable,
            };
            let result = if let Some(value) = variables.get(variable) {
                self.eval(value, &format!("{path}/Fn::Sub/1/{variable}"))?
            } else if let Some((logical_id, attribute)) = variable.split_once('.') {
                self.attribute(logical_id, attribute, location.clone())?
            } else {
                self.reference(variable, location.clone())?
            };
            match result {
                Evaluated::Value(json) => match text_of(&json) {
                    Some(text) => out.push_str(&text),
                    None => {
                        return self.fail(invalid(
                            "Fn::Sub",
                            format!("the variable `{variable}` is {}, not a string; use Fn::Join or Fn::Select first", kind(&json)),
                            location,
                        ));
                    }
                },
                Evaluated::NoValue => {
                    return self.fail(invalid(
                        "Fn::Sub",
                        format!("the variable `{variable}` is AWS::NoValue"),
                        location,
                    ));
                }
                Evaluated::Unknown => unknown = true,
            }
        }
        Ok(if unknown {
            Evaluated::Unknown
        } else {
            Evaluated::Value(Json::String(out))
        })
    }

    /// Evaluates an argument that must be a string (numbers and booleans count, as
    /// their text). `None` when it is unknown, or wrong and collected in dry mode.
    pub(crate) fn string(
        &mut self,
        value: &Value,
        path: &str,
        function: &'static str,
    ) -> Result<Option<String>> {
        let location = Location::new(path, value.position);
        match self.eval(value, path)? {
            Evaluated::Value(json) => match text_of(&json) {
                Some(text) => Ok(Some(text)),
                None => {
                    self.fail(invalid(
                        function,
                        format!("expected a string here, not {}", kind(&json)),
                        location,
                    ))?;
                    Ok(None)
                }
            },
            Evaluated::NoValue => {
                self.fail(invalid(
                    function,
                    "expected a string here, not AWS::NoValue".to_owned(),
                    location,
                ))?;
                Ok(None)
            }
            Evaluated::Unknown => Ok(None),
        }
    }

    /// Evaluates an argument that must be a list.
    fn list(
        &mut self,
        value: &Value,
        path: &str,
        function: &'static str,
    ) -> Result<Option<Vec<Json>>> {
        let location = Location::new(path, value.position);
        match self.eval(value, path)? {
            Evaluated::Value(Json::Array(items)) => Ok(Some(items)),
            Evaluated::Value(other) => {
                self.fail(invalid(
                    function,
                    format!("expected a list here, not {}", kind(&other)),
                    location,
                ))?;
                Ok(None)
            }
            Evaluated::NoValue => {
                self.fail(invalid(
                    function,
                    "expected a list here, not AWS::NoValue".to_owned(),
                    location,
                ))?;
                Ok(None)
            }
            Evaluated::Unknown => Ok(None),
        }
    }
}

/// The text of a scalar JSON value.
pub(crate) fn text_of(json: &Json) -> Option<String> {
    match json {
        Json::String(text) => Some(text.clone()),
        Json::Bool(flag) => Some(flag.to_string()),
        Json::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn kind(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "a mapping",
    }
}

fn invalid(function: &'static str, problem: String, location: Location) -> Error {
    Error::InvalidArgument {
        function,
        problem,
        location,
    }
}
