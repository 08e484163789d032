//! The runtime of the generated Alibaba Cloud RPC clients: request
//! parameters, signing, transport, retries, credentials, response decoding,
//! errors and paginators, for any product.
//!
//! A product crate (generated from the product's API reference pages)
//! holds the product's facts, its operations and its own `Client`, which
//! wraps this crate's [`Client`]; users depend on the product crate, which
//! re-exports what they need from here. Nothing here is generated, and
//! nothing here names a product.
//!
//! # What is stable
//!
//! Everything public except the [`unstable`] module follows semantic
//! versioning: the client and its configuration ([`Client`], [`config`]),
//! [`credentials`], [`error`]s, [`retry`] settings, [`paginator`]s, the
//! [`transport`] abstraction, [`UnknownValue`] (what a generated enum keeps
//! of a value its reference page does not list), and `test_util` (feature
//! `test-util`). The
//! [`unstable`] module holds what generated code needs and users do not
//! (request parameters, signing, the response tree and its lenient
//! decoders, the XML reader, the product facts); it may change in any
//! release, with the product crates generated against it.
//!
//! Third-party types in the API are there on purpose: `reqwest::Client`
//! in [`ConfigBuilder::http_client`] (an opt-in), `futures::Stream` for
//! paginators, `serde_json::Value` for untyped fields and in `test_util`.
//!
//! # Features
//!
//! - `client` (default): everything but the decoding half of [`unstable`];
//!   it brings `reqwest` (with rustls), `tokio` and the signing crates.
//!   The generator depends on this crate without it, for the XML reader
//!   alone ([`unstable::xml`]), so that building it compiles no HTTP stack.
//! - `test-util`: `test_util::MockTransport`, a transport answering in
//!   memory, for testing code that uses a client.

pub mod builder;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod codes;
#[cfg(feature = "client")]
pub mod config;
#[cfg(feature = "client")]
pub mod credentials;
mod decode;
#[cfg(feature = "client")]
pub mod error;
#[cfg(feature = "client")]
mod http;
mod lenient;
mod operation;
#[cfg(feature = "client")]
pub mod paginator;
mod params;
#[cfg(feature = "client")]
mod pem;
mod product;
#[cfg(feature = "client")]
mod proxy;
#[cfg(feature = "client")]
mod redact;
#[cfg(feature = "client")]
mod request;
#[cfg(feature = "client")]
mod response;
#[cfg(feature = "client")]
pub mod retry;
mod serde_wire;
#[cfg(feature = "client")]
mod signer;
#[cfg(feature = "client")]
mod signer_v3;
#[cfg(feature = "test-util")]
pub mod test_util;
#[cfg(feature = "client")]
mod timestamp;
#[cfg(feature = "client")]
pub mod transport;
mod tree;
mod unknown;
pub mod unstable;
mod wire_enum;
mod xml;

#[cfg(feature = "client")]
pub use client::Client;
#[cfg(feature = "client")]
pub use config::{Config, ConfigBuilder, ResponseFormat, SignatureVersion};
#[cfg(feature = "client")]
pub use credentials::Credentials;
#[cfg(feature = "client")]
pub use error::Error;
#[cfg(feature = "client")]
pub use retry::{RetryBudget, RetryConfig};
pub use unknown::UnknownValue;
