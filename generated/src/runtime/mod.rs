//! The hand-written runtime that every generated operation calls: request
//! parameters, signing, transport, response decoding and errors.
//!
//! Nothing in this module is generated; code under `src/generated/` is.

mod client;
mod config;
pub mod credentials;
pub mod decode;
mod error;
pub mod lenient;
mod operation;
pub mod paginator;
pub mod params;
mod redact;
pub mod request;
mod response;
mod retry;
pub mod signer;
pub mod signer_v3;
pub(crate) mod transport;
pub mod tree;
#[macro_use]
mod wire_enum;
pub mod xml;

pub use client::Client;
pub use config::{
    endpoint_for_region, Config, ConfigBuilder, ResponseFormat, DEFAULT_ATTEMPT_TIMEOUT,
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
pub use request::SignatureVersion;
pub use retry::{RetryBudget, RetryConfig};
pub use transport::DEFAULT_MAX_RESPONSE_SIZE;
#[doc(hidden)]
pub(crate) use wire_enum::wire_enum;
