//! End-to-end tests of `gantry up` and friends: the real binary, real sockets on
//! 127.0.0.1, real Node.js functions, a real issuer with RSA keys made by the test.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod cdk;
mod cdk_apps;
mod cdk_example;
mod corpus;
mod cors;
mod custom_resources;
mod discover;
mod domains;
mod event;
mod example;
mod exposure;
mod features;
mod http_proxy;
mod hygiene;
mod iam;
mod inspector;
mod invoke;
mod jwt;
mod lambda_authorizer;
mod layers;
mod lifecycle;
mod limits;
mod nested;
mod openapi;
mod payload_v1;
mod permissions;
mod reload;
mod responses;
mod rest;
mod robustness;
mod rules;
mod sam;
mod stack;
mod stages;
mod state;
mod support;
mod unsupported;
mod validate;
