//! SAM's `Tags` mapping as CloudFormation's list of `{Key, Value}`, with the tag SAM
//! adds to what it creates (`lambda:createdBy: SAM`, always first).

use serde_json::{Map, Value, json};

/// Tag keys SAM and the Serverless Application Repository reserve.
const RESERVED_TAGS: [&str; 3] = [
    "lambda:createdBy",
    "serverlessrepo:applicationId",
    "serverlessrepo:semanticVersion",
];

/// `[{Key: lambda:createdBy, Value: SAM}, ...tags]`; `Err` is the translator's message
/// when the user sets a reserved key.
pub(crate) fn sam_tag_list(tags: Option<&Map<String, Value>>) -> Result<Vec<Value>, String> {
    if let Some(tags) = tags {
        if let Some(reserved) = RESERVED_TAGS.iter().find(|key| tags.contains_key(**key)) {
            return Err(format!(
                "{reserved} is a reserved Tag key name and cannot be set on your resource. \
                 Please change the tag key in the input."
            ));
        }
    }
    let mut list = vec![json!({"Key": "lambda:createdBy", "Value": "SAM"})];
    list.extend(tag_list(tags));
    Ok(list)
}

/// `{K: V}` as `[{Key: K, Value: V}]` (a null value becomes `""`).
pub(crate) fn tag_list(tags: Option<&Map<String, Value>>) -> Vec<Value> {
    tags.into_iter()
        .flatten()
        .map(|(key, value)| {
            let value = if value.is_null() {
                json!("")
            } else {
                value.clone()
            };
            json!({"Key": key, "Value": value})
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sam_tag_comes_first_and_reserved_keys_are_refused() {
        let tags = json!({"b": "2", "a": null});
        let list = sam_tag_list(tags.as_object());
        assert_eq!(
            list,
            Ok(vec![
                json!({"Key": "lambda:createdBy", "Value": "SAM"}),
                json!({"Key": "b", "Value": "2"}),
                json!({"Key": "a", "Value": ""}),
            ])
        );
        let reserved = json!({"lambda:createdBy": "me"});
        assert!(
            sam_tag_list(reserved.as_object())
                .is_err_and(|message| message.starts_with("lambda:createdBy is a reserved"))
        );
    }
}
