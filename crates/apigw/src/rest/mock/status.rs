//! Reading `statusCode` from a MOCK request template's output, leniently: CDK writes
//! `{ statusCode: 200 }`, which AWS accepts (aws-rest-api.md §6, aws-rest-api.md §8.1).

/// The digits after `statusCode` (quoted or not) and `:`, if any.
pub(super) fn status_code(text: &str) -> Option<String> {
    const KEY: &str = "statusCode";
    let start = text.find(KEY)? + KEY.len();
    let rest = text.get(start..)?;
    let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let digits = rest.get(..end)?;
    (!digits.is_empty()).then(|| digits.to_owned())
}

#[cfg(test)]
mod tests {
    use super::status_code;

    #[test]
    fn strict_and_lenient_forms_give_the_status() {
        assert_eq!(
            status_code("{\n  \"statusCode\" : 200\n}\n").as_deref(),
            Some("200")
        );
        assert_eq!(status_code("{ statusCode: 204 }").as_deref(), Some("204"));
        assert_eq!(
            status_code("{\"statusCode\": \"404\"}").as_deref(),
            Some("404")
        );
        assert_eq!(status_code("{}"), None);
        assert_eq!(status_code("{\"statusCode\": \"x\"}"), None);
    }
}
