//! Typed async client for Alibaba Cloud's Domain API (version `2018-01-29`).
//!
//! The code under `src/generated/` is written by `cargo xtask codegen` from the
//! Markdown pages in `api-docs/`; the code under `src/runtime/` is written by
//! hand. See the repository README for how the two fit together.

// Formatted by the generator (prettyplease); rustfmt must not touch it, or
// `cargo xtask codegen --check` would see a hand edit.
#[rustfmt::skip]
mod generated;
pub mod runtime;
pub mod waiter;

pub use generated::{operation, product, types};
pub use runtime::{Client, Config, ConfigBuilder, Credentials, Error, ResponseFormat, RetryConfig};

/// The README's Rust examples, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
