//! Reading the token from the identity source (§2.2 step 1, §2.3).

use std::borrow::Cow;

use http::HeaderMap;

use super::config::IdentitySource;
use super::deny::DenyReason;

const BEARER_SCHEME: &str = "bearer";

/// The parts of a request an identity source can read.
#[derive(Debug, Clone, Copy)]
pub struct IdentityRequest<'a> {
    /// The request headers as received.
    pub headers: &'a HeaderMap,
    /// The query string as received, still percent-encoded, without `?`.
    pub raw_query: &'a str,
}

/// The token at the identity source: bare, or after `Bearer `.
// Unconfirmed: the scheme word is matched case-insensitively (RFC 6750) and any run of
// spaces after it is accepted (§2.3: emulators differ).
pub(crate) fn extract_token<'a>(
    source: &IdentitySource,
    request: &IdentityRequest<'a>,
) -> Result<Cow<'a, str>, DenyReason> {
    let raw = raw_value(source, request)?;
    let value = trim(raw);
    if value.is_empty() || value.eq_ignore_ascii_case(BEARER_SCHEME) {
        return Err(missing(source));
    }
    let Some((scheme, rest)) = split_scheme(&value) else {
        return Ok(value);
    };
    if scheme.contains('.') {
        return Err(DenyReason::Malformed {
            detail: "the token contains a space".to_owned(),
        });
    }
    if !scheme.eq_ignore_ascii_case(BEARER_SCHEME) {
        return Err(DenyReason::UnsupportedScheme {
            identity_source: source.expression(),
            scheme: scheme.to_owned(),
        });
    }
    let token = rest.trim_start_matches(' ');
    if token.is_empty() {
        return Err(missing(source));
    }
    Ok(match value {
        Cow::Borrowed(all) => Cow::Borrowed(&all[all.len() - token.len()..]),
        Cow::Owned(_) => Cow::Owned(token.to_owned()),
    })
}

fn raw_value<'a>(
    source: &IdentitySource,
    request: &IdentityRequest<'a>,
) -> Result<Cow<'a, str>, DenyReason> {
    match source {
        IdentitySource::Header(name) => {
            let mut values = request.headers.get_all(name).iter();
            let Some(first) = values.next() else {
                return Err(missing(source));
            };
            let extra = values.count();
            if extra > 0 {
                return Err(ambiguous(source, extra + 1));
            }
            std::str::from_utf8(first.as_bytes())
                .map(Cow::Borrowed)
                .map_err(|_| DenyReason::Malformed {
                    detail: format!("{} is not valid UTF-8", source.expression()),
                })
        }
        IdentitySource::QueryString(name) => {
            let mut found = form_urlencoded::parse(request.raw_query.as_bytes())
                .filter(|(key, _)| key == name)
                .map(|(_, value)| value);
            let Some(first) = found.next() else {
                return Err(missing(source));
            };
            let extra = found.count();
            if extra > 0 {
                return Err(ambiguous(source, extra + 1));
            }
            Ok(Cow::Owned(first.into_owned()))
        }
    }
}

fn trim(value: Cow<'_, str>) -> Cow<'_, str> {
    match value {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
        Cow::Owned(text) => Cow::Owned(text.trim().to_owned()),
    }
}

fn split_scheme(value: &str) -> Option<(&str, &str)> {
    value.split_once(' ')
}

fn missing(source: &IdentitySource) -> DenyReason {
    DenyReason::MissingToken {
        identity_source: source.expression(),
    }
}

fn ambiguous(source: &IdentitySource, count: usize) -> DenyReason {
    DenyReason::AmbiguousToken {
        identity_source: source.expression(),
        count,
    }
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;
    use http::header::AUTHORIZATION;

    use super::*;

    fn from_header(values: &[&str]) -> Result<String, DenyReason> {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        }
        let request = IdentityRequest {
            headers: &headers,
            raw_query: "",
        };
        extract_token(&IdentitySource::Header(AUTHORIZATION), &request).map(Cow::into_owned)
    }

    fn from_query(query: &str) -> Result<String, DenyReason> {
        let headers = HeaderMap::new();
        let request = IdentityRequest {
            headers: &headers,
            raw_query: query,
        };
        extract_token(&IdentitySource::QueryString("token".into()), &request).map(Cow::into_owned)
    }

    #[test]
    fn token_is_accepted_bare_or_after_bearer() {
        assert_eq!(from_header(&["a.b.c"]).unwrap(), "a.b.c");
        assert_eq!(from_header(&["Bearer a.b.c"]).unwrap(), "a.b.c");
        assert_eq!(from_header(&["bearer  a.b.c "]).unwrap(), "a.b.c");
    }

    #[test]
    fn basic_scheme_is_refused_with_the_scheme_named() {
        let reason = from_header(&["Basic dXNlcjpwYXNz"]).unwrap_err();
        assert_eq!(
            reason,
            DenyReason::UnsupportedScheme {
                identity_source: "$request.header.authorization".into(),
                scheme: "Basic".into()
            }
        );
        assert!(reason.to_string().contains("\"Basic\" scheme"));
    }

    #[test]
    fn missing_or_empty_token_is_missing() {
        for values in [&[][..], &[""], &["Bearer"], &["Bearer   "]] {
            assert!(
                matches!(from_header(values), Err(DenyReason::MissingToken { .. })),
                "{values:?}"
            );
        }
    }

    #[test]
    fn repeated_identity_header_is_ambiguous() {
        assert!(matches!(
            from_header(&["a.b.c", "d.e.f"]),
            Err(DenyReason::AmbiguousToken { count: 2, .. })
        ));
    }

    #[test]
    fn query_string_token_is_decoded() {
        assert_eq!(from_query("x=1&token=a.b%2Ec").unwrap(), "a.b.c");
        assert_eq!(from_query("token=Bearer+a.b.c").unwrap(), "a.b.c");
        assert!(matches!(
            from_query("Token=a.b.c"),
            Err(DenyReason::MissingToken { .. })
        ));
        assert!(matches!(
            from_query("token=a&token=b"),
            Err(DenyReason::AmbiguousToken { .. })
        ));
    }
}
