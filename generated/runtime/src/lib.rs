//! The runtime of the generated Alibaba Cloud RPC clients: request
//! parameters, signing, transport, retries, credentials, response decoding,
//! errors and paginators, for any product.
//!
//! A product crate is generated from the product's API reference pages; it holds the product's facts
//! ([`Product`]), its operations, and a `Client` that wraps this crate's
//! [`Client`]. Nothing here is generated, and nothing here names a product.

mod client;
mod config;
pub mod credentials;
pub mod decode;
mod error;
mod http;
pub mod lenient;
mod operation;
pub mod paginator;
pub mod params;
mod pem;
mod product;
mod proxy;
mod redact;
pub mod request;
mod response;
mod retry;
pub mod signer;
pub mod signer_v3;
#[cfg(feature = "test-util")]
pub mod test_util;
mod timestamp;
pub mod transport;
pub mod tree;
mod wire_enum;
pub mod xml;

pub use client::{Client, ProductClient};
pub use config::{
    Config, ConfigBuilder, ResponseFormat, SignatureVersion, DEFAULT_ATTEMPT_TIMEOUT,
    DEFAULT_CONNECT_TIMEOUT, REGION_ENV_VAR,
};
pub use credentials::{
    Credentials, CredentialsError, DefaultCredentialsChain, ProvideCredentials,
    ProvideCredentialsFuture,
};
pub use error::{
    ConfigError, Error, InvalidResponse, ResponseTooLarge, ServiceError, TimeoutError, TimeoutKind,
    TransportError,
};
pub use operation::{Operation, OperationKind};
pub use params::{ParamValue, Params, WriteParams};
pub use product::Product;
pub use retry::{RetryBudget, RetryConfig};
pub use transport::DEFAULT_MAX_RESPONSE_SIZE;
