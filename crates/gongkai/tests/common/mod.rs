//! Helpers shared by the integration tests and the benchmark. Each test binary uses some of
//! them.
#![allow(dead_code)]

pub mod server;
