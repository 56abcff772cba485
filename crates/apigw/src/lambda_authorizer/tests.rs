//! Unit tests of the Lambda authorizer.
