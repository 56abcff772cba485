//! Unit tests of the RestApi provider.
