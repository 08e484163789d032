// The product crate's shell around the generated code: its modules, its
// root re-exports, the one private path from generated code to the runtime
// (`crate::runtime`), and the crate's own `Client`. `lib.rs` includes this
// file, and so does the scratch crate that `cargo xtask corpus` builds from
// other pages, which is why it holds nothing particular to one product (no
// module built on particular operations, such as the task waiter).

// Formatted by the generator (prettyplease); rustfmt must not touch it, or
// `cargo xtask codegen --check` would see a hand edit.
#[rustfmt::skip]
mod generated;

/// The runtime as generated code reaches it (`crate::runtime::…`), and the
/// only path it takes to `alibabacloud_runtime`: the runtime's unstable
/// module (for generated code, no semver guarantee), its paginators, the
/// enum macro and the enums' `UnknownValue` (public at the crate root).
/// Private, so that none of the rest is part of this crate's API.
#[allow(unused_imports)] // A product's operations may not need every item.
mod runtime {
    pub(crate) use alibabacloud_runtime::unstable::{
        decode, lenient, Operation, OperationKind, Params, Product, WriteParams,
    };
    pub(crate) use alibabacloud_runtime::builder::{Given, Missing};
    pub(crate) use alibabacloud_runtime::error::{CommonErrorCode, ErrorCode, OperationErrors};
    pub(crate) use alibabacloud_runtime::{paginator, wire_enum, UnknownValue};
}

pub use alibabacloud_runtime::{builder, config, credentials, error, paginator, retry, transport};
pub use alibabacloud_runtime::{
    Config, ConfigBuilder, Credentials, Error, ResponseFormat, RetryBudget, RetryConfig,
    SignatureVersion, UnknownValue,
};
pub use generated::{operation, product, types};

/// A client for the API: one async method per operation (see
/// [`operation`]).
///
/// Cloning is cheap (a reference count): clones share one connection pool
/// and configuration. The client is `Send + Sync`; calls need a Tokio
/// runtime with the time and IO drivers enabled (`#[tokio::main]` has both).
///
/// It wraps the runtime's client ([`alibabacloud_runtime::Client`]), whose
/// methods it has as well (through `Deref`): [`config`](alibabacloud_runtime::Client::config),
/// [`endpoint`](alibabacloud_runtime::Client::endpoint),
/// [`retry_config`](alibabacloud_runtime::Client::retry_config), [`send`](alibabacloud_runtime::Client::send), …
#[derive(Clone)]
pub struct Client {
    inner: alibabacloud_runtime::Client,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl Client {
    /// A client with this configuration: requests go to the configured
    /// endpoint, else to the product's endpoint for the configured region
    /// (see [`product`]), else to its default endpoint, over HTTPS.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if the HTTP client cannot be set up: a proxy
    /// environment variable that is not a valid URL, a root certificate
    /// rustls rejects, or TLS initialisation failing.
    pub fn new(config: Config) -> Result<Self, Error> {
        alibabacloud_runtime::Client::for_product(&product::PRODUCT, config).map(|inner| Self { inner })
    }

    /// A client with the default configuration: credentials from the
    /// [`DefaultCredentialsChain`](credentials::DefaultCredentialsChain)
    /// (environment variables, OIDC role, `~/.aliyun/config.json`,
    /// `~/.alibabacloud/credentials.ini`, ECS instance RAM role, credentials
    /// URI), the region from `ALIBABA_CLOUD_REGION_ID` if set, and the
    /// default endpoint otherwise.
    ///
    /// Credentials are looked up on each call, so a missing key shows up as
    /// [`Error::Credentials`] from the first call, not here.
    ///
    /// # Errors
    ///
    /// As for [`new`](Self::new).
    pub fn from_env() -> Result<Self, Error> {
        Self::new(ConfigBuilder::from_env().build()?)
    }

    /// A cheap clone of this client that uses `retry` for its calls; the
    /// original is unchanged. Clones share the connection pool and the
    /// [`RetryBudget`].
    ///
    /// An invalid policy (zero attempts) makes each call fail with
    /// [`Error::Config`].
    pub fn with_retry_config(&self, retry: RetryConfig) -> Self {
        Self {
            inner: self.inner.with_retry_config(retry),
        }
    }

    /// A cheap clone of this client whose calls allow each attempt
    /// `timeout` (sending the request and reading the whole response)
    /// instead of the configuration's
    /// [`attempt_timeout`](ConfigBuilder::attempt_timeout); the original is
    /// unchanged.
    ///
    /// A zero timeout makes each call fail with [`Error::Config`].
    pub fn with_attempt_timeout(&self, timeout: std::time::Duration) -> Self {
        Self {
            inner: self.inner.with_attempt_timeout(timeout),
        }
    }

    /// A cheap clone of this client whose calls, all attempts and back-off
    /// included, end after `timeout` with a timeout error, instead of the
    /// configuration's [`total_timeout`](ConfigBuilder::total_timeout); the
    /// original is unchanged. `Duration::MAX` lifts the limit.
    ///
    /// A zero timeout makes each call fail with [`Error::Config`].
    pub fn with_total_timeout(&self, timeout: std::time::Duration) -> Self {
        Self {
            inner: self.inner.with_total_timeout(timeout),
        }
    }
}

impl std::ops::Deref for Client {
    type Target = alibabacloud_runtime::Client;

    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl AsRef<alibabacloud_runtime::Client> for Client {
    fn as_ref(&self) -> &alibabacloud_runtime::Client {
        &self.inner
    }
}

impl alibabacloud_runtime::unstable::ProductClient for Client {
    fn from_config(config: Config) -> Result<Self, Error> {
        Self::new(config)
    }
}

/// Testing code that uses the client, without a network (feature
/// `test-util`): see [`alibabacloud_runtime::test_util`].
#[cfg(feature = "test-util")]
pub mod test_util {
    pub use alibabacloud_runtime::test_util::{
        MockRequest, MockResponse, MOCK_ACCESS_KEY_ID, MOCK_ACCESS_KEY_SECRET,
    };

    /// A transport that answers in memory, whose
    /// [`client`](alibabacloud_runtime::test_util::MockTransport::client)
    /// is this crate's [`Client`](crate::Client).
    pub type MockTransport = alibabacloud_runtime::test_util::MockTransport<crate::Client>;
}
