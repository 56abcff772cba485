//! The event's `headers` and `cookies` (§4.1).
//!
//! Names are lower-case (the `http` crate stores them so), repeated headers are joined
//! with `,` (no space), the `Cookie` header moves to `cookies` (one entry per cookie) and
//! is removed from `headers`, and API Gateway's own headers are set: `content-length`
//! (even `0` for a GET), `x-amzn-trace-id`, `x-forwarded-for`, `x-forwarded-port`,
//! `x-forwarded-proto`.

use std::borrow::Cow;

use http::HeaderMap;
use http::header::{CONTENT_LENGTH, COOKIE, TRANSFER_ENCODING};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::headers::{X_AMZN_TRACE_ID, X_FORWARDED_FOR, X_FORWARDED_PORT, X_FORWARDED_PROTO};

/// Header values API Gateway sets on the integration request.
#[derive(Debug, Clone)]
pub(crate) struct AddedHeaders<'a> {
    pub(crate) content_length: String,
    pub(crate) trace_id: &'a str,
    pub(crate) source_ip: String,
    pub(crate) forwarded_port: String,
    pub(crate) forwarded_proto: &'a str,
}

/// `headers` in request order, serialized as a JSON object.
#[derive(Debug, Clone, Default)]
pub(crate) struct EventHeaders<'a>(Vec<(&'a str, Cow<'a, str>)>);

impl<'a> EventHeaders<'a> {
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_ref())
    }
}

impl Serialize for EventHeaders<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

pub(crate) fn event_headers<'a>(
    headers: &'a HeaderMap,
    added: AddedHeaders<'a>,
) -> EventHeaders<'a> {
    let mut entries: Vec<(&'a str, Cow<'a, str>)> = Vec::with_capacity(headers.keys_len() + 5);
    let mut trace_sent = false;
    for name in headers.keys() {
        let name_str = name.as_str();
        // Unconfirmed: transfer-encoding is dropped because API Gateway hands the function
        // a complete body with a content-length.
        if name == COOKIE || name == TRANSFER_ENCODING {
            continue;
        }
        let value = match name_str {
            n if n == CONTENT_LENGTH.as_str() => Cow::Owned(added.content_length.clone()),
            X_FORWARDED_PORT => Cow::Owned(added.forwarded_port.clone()),
            X_FORWARDED_PROTO => Cow::Borrowed(added.forwarded_proto),
            // Unconfirmed: the client's x-forwarded-for is kept and the client address
            // appended, as proxies do (§4.1).
            X_FORWARDED_FOR => Cow::Owned(format!(
                "{}, {}",
                joined(headers, name_str),
                added.source_ip
            )),
            // Unconfirmed: a client-supplied trace header is passed on unchanged.
            X_AMZN_TRACE_ID => {
                trace_sent = true;
                joined(headers, name_str)
            }
            _ => joined(headers, name_str),
        };
        entries.push((name_str, value));
    }
    let mut add = |name: &'a str, value: Cow<'a, str>| {
        if !entries.iter().any(|(n, _)| *n == name) {
            entries.push((name, value));
        }
    };
    add(CONTENT_LENGTH.as_str(), Cow::Owned(added.content_length));
    if !trace_sent {
        add(X_AMZN_TRACE_ID, Cow::Borrowed(added.trace_id));
    }
    add(X_FORWARDED_FOR, Cow::Owned(added.source_ip));
    add(X_FORWARDED_PORT, Cow::Owned(added.forwarded_port));
    add(X_FORWARDED_PROTO, Cow::Borrowed(added.forwarded_proto));
    EventHeaders(entries)
}

/// Every `name=value` pair of every `Cookie` header; `None` when there are none.
pub(crate) fn cookies(headers: &HeaderMap) -> Option<Vec<Cow<'_, str>>> {
    let cookies: Vec<Cow<'_, str>> = headers
        .get_all(COOKIE)
        .iter()
        .flat_map(|value| {
            let text = String::from_utf8_lossy(value.as_bytes());
            match text {
                Cow::Borrowed(text) => split_cookies(text).map(Cow::Borrowed).collect::<Vec<_>>(),
                Cow::Owned(text) => split_cookies(&text)
                    .map(|c| Cow::Owned(c.to_owned()))
                    .collect(),
            }
        })
        .collect();
    (!cookies.is_empty()).then_some(cookies)
}

fn split_cookies(header: &str) -> impl Iterator<Item = &str> {
    header.split(';').map(str::trim).filter(|c| !c.is_empty())
}

/// All values of a header joined with `,`; borrowed when there is one UTF-8 value.
fn joined<'a>(headers: &'a HeaderMap, name: &str) -> Cow<'a, str> {
    let mut values = headers.get_all(name).iter();
    let Some(first) = values.next() else {
        return Cow::Borrowed("");
    };
    let mut text = String::from_utf8_lossy(first.as_bytes());
    for more in values {
        let owned = text.to_mut();
        owned.push(',');
        owned.push_str(&String::from_utf8_lossy(more.as_bytes()));
    }
    text
}
