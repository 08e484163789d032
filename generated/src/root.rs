// The crate's modules and root re-exports: everything the generated code
// reaches through `crate::…`. `lib.rs` includes this file, and so does the
// scratch crate that `cargo xtask corpus` builds from other pages, which is
// why it holds nothing else (no docs, no hand-written module built on
// particular operations, such as the task waiter).

// Formatted by the generator (prettyplease); rustfmt must not touch it, or
// `cargo xtask codegen --check` would see a hand edit.
#[rustfmt::skip]
mod generated;
pub mod runtime;

pub use generated::{operation, product, types};
pub use runtime::{
    Client, Config, ConfigBuilder, Credentials, Error, ResponseFormat, RetryBudget, RetryConfig,
    SignatureVersion,
};
