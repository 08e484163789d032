//! Typed async client for Alibaba Cloud's Domain API (version `2018-01-29`).
//!
//! Every operation of the API is one async method on [`Client`], taking a
//! request type whose required parameters are arguments of its `new` and
//! whose optional ones are setters, and returning a typed response:
//!
//! ```no_run
//! use alibabacloud_domain::operation::save_single_task_for_synchronizing_ds_record::SaveSingleTaskForSynchronizingDsRecordInput;
//! use alibabacloud_domain::Client;
//!
//! # async fn run() -> Result<(), alibabacloud_domain::Error> {
//! // Credentials from the default chain: environment, OIDC role, aliyun CLI
//! // profile, credentials file, ECS instance RAM role, credentials URI.
//! let client = Client::from_env()?;
//! let output = client
//!     .save_single_task_for_synchronizing_ds_record(SaveSingleTaskForSynchronizingDsRecordInput::new("example.com"))
//!     .await?;
//! println!("task {:?}", output.task_no);
//! # Ok(())
//! # }
//! ```
//!
//! - [`operation`]: one module per operation, with its `…Input` and
//!   `…Output` types and the enums and structures they use;
//! - [`types`]: enums shared by several operations, such as [`types::Lang`];
//! - [`Client`], [`Config`], [`Credentials`], [`Error`], [`RetryConfig`]
//!   and the modules [`config`], [`credentials`], [`error`], [`retry`],
//!   [`paginator`], [`transport`]: configuration, signing, transport,
//!   retries, errors and paged walks, from the product-neutral runtime
//!   crate, [`alibabacloud_runtime`] (whose `unstable` module, for
//!   generated code, is not part of this crate's API);
//! - [`waiter`]: following a submitted task to its end;
//! - `test_util` (feature `test-util`): a mock transport for testing code
//!   that uses the client without a network;
//! - [`product`]: the product code, API version and endpoints.
//!
//! The code under `src/generated/` is written by `cargo xtask codegen` from the
//! Markdown pages in `api-docs/`; `src/root.rs` and `src/waiter.rs` are
//! written by hand, and so is the runtime crate. See the repository README
//! for how they fit together.

include!("root.rs");
pub mod waiter;

/// The README's Rust examples, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
