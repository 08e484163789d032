//! What every provider reads its surroundings from: variables, the clock,
//! and the endpoints of the ECS metadata service and of STS.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::Url;

use super::clock::{Clock, SharedClock, SystemClock};
use super::env::Env;
use super::error::CredentialsErrorKind;
use super::error::RequestFailure;
use super::fetch::parse_http_url;
use super::vars::{STS_REGION_VAR, VPC_ENDPOINT_ENABLED_VAR};
use crate::http::{HttpSettings, ReqwestTransport};
use crate::transport::{SharedTransport, Transport};

/// The ECS metadata service, a link-local address reachable only from an
/// ECS instance (plain HTTP).
pub const DEFAULT_ECS_METADATA_ENDPOINT: &str = "http://100.100.100.200";

/// The global STS endpoint, used unless a region is named.
pub const DEFAULT_STS_ENDPOINT: &str = "sts.aliyuncs.com";

/// The surroundings providers read: environment variables (and `HOME`), the
/// clock, where the ECS metadata service and STS are, and the transport
/// their requests go through.
///
/// The defaults are the real ones: the process environment, the system
/// clock, `http://100.100.100.200`, and STS at `sts.aliyuncs.com` (or
/// `sts.<region>.aliyuncs.com` with `ALIBABA_CLOUD_STS_REGION`,
/// `sts-vpc.<region>.aliyuncs.com` when `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`
/// is `true` too). Requests go through the transport of the client the
/// provider serves (see
/// [`ProvideCredentials::attach_transport`](super::ProvideCredentials::attach_transport)),
/// else through [`with_transport`](Self::with_transport)'s, else through an
/// HTTP client of their own that honours the proxy environment variables.
/// Tests replace each of them, so that no test reads the real environment,
/// waits for real time to pass or leaves the machine:
///
/// ```
/// use std::time::SystemTime;
/// use alibabacloud_runtime::credentials::{
///     DefaultCredentialsChain, Env, ManualClock, ProviderConfig,
/// };
///
/// let config = ProviderConfig::new()
///     .with_env(Env::from_pairs([("HOME", "/nonexistent")]))
///     .with_clock(ManualClock::new(SystemTime::now()))
///     .with_ecs_metadata_endpoint("http://127.0.0.1:9")
///     .with_sts_endpoint("http://127.0.0.1:9");
/// let chain = DefaultCredentialsChain::with_provider_config(config);
/// # let _ = chain;
/// ```
///
/// Clones share the transport a client hands over, so that the providers
/// of one chain, made from clones of one configuration, all use it.
#[derive(Clone)]
pub struct ProviderConfig {
    env: Env,
    clock: SharedClock,
    ecs_metadata_endpoint: String,
    sts_endpoint: Option<String>,
    /// Given with `with_transport`: wins over the client's.
    transport: Option<SharedTransport>,
    /// The transport of the first client served.
    client_transport: Arc<OnceLock<SharedTransport>>,
    /// Built on first use when there is neither.
    own_transport: Arc<OnceLock<Result<SharedTransport, String>>>,
}

impl Default for ProviderConfig {
    fn default() -> Self {
        Self {
            env: Env::process(),
            clock: Arc::new(SystemClock),
            ecs_metadata_endpoint: DEFAULT_ECS_METADATA_ENDPOINT.to_owned(),
            sts_endpoint: None,
            transport: None,
            client_transport: Arc::default(),
            own_transport: Arc::default(),
        }
    }
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let transport = if let Some(transport) = &self.transport {
            format!("given: {transport:?}")
        } else if let Some(transport) = self.client_transport.get() {
            format!("the client's: {transport:?}")
        } else {
            "its own".to_owned()
        };
        f.debug_struct("ProviderConfig")
            .field("env", &self.env)
            .field("clock", &self.clock)
            .field("ecs_metadata_endpoint", &self.ecs_metadata_endpoint)
            .field("sts_endpoint", &self.sts_endpoint)
            .field("transport", &transport)
            .finish()
    }
}

/// The connect time limit of the transport a provider builds for itself.
const OWN_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

impl ProviderConfig {
    /// The real surroundings (see the type's documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads variables (and `HOME`) from `env`.
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Reads the time from `clock`.
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Asks this metadata service (a base URL such as
    /// `http://127.0.0.1:8080`) instead of `http://100.100.100.200`.
    pub fn with_ecs_metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.ecs_metadata_endpoint = endpoint.into();
        self
    }

    /// Sends every STS call (`AssumeRole`, `AssumeRoleWithOIDC`) to this
    /// endpoint: a host (HTTPS is used) or a base URL with a scheme. It wins
    /// over regions named in variables or profiles; an endpoint set on a
    /// provider itself wins over it.
    pub fn with_sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts_endpoint = Some(endpoint.into());
        self
    }

    /// Sends every request through `transport`, whatever client the
    /// provider serves.
    pub fn with_transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Takes the transport of a client the providers serve, unless one was
    /// given with [`with_transport`](Self::with_transport) or a client's
    /// was taken already.
    pub(crate) fn attach_transport(&self, transport: &SharedTransport) {
        let _ = self.client_transport.set(transport.clone());
    }

    /// The transport requests go through: the one given, else the client's,
    /// else the provider's own.
    pub(crate) fn transport(&self) -> Result<SharedTransport, RequestFailure> {
        if let Some(transport) = self.transport.as_ref().or(self.client_transport.get()) {
            return Ok(transport.clone());
        }
        self.own_transport
            .get_or_init(|| {
                ReqwestTransport::new(HttpSettings::new(OWN_CONNECT_TIMEOUT))
                    .map(|t| Arc::new(t) as SharedTransport)
            })
            .clone()
            .map_err(|message| RequestFailure::Connect { message })
    }

    /// Where variables are read from.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The clock.
    pub fn clock(&self) -> &dyn Clock {
        &*self.clock
    }

    /// The metadata service's base URL.
    pub fn ecs_metadata_endpoint(&self) -> &str {
        &self.ecs_metadata_endpoint
    }

    /// The STS endpoint for a call: `explicit` (set on the provider), else
    /// this configuration's, else from the region and VPC settings (the
    /// provider's, else the variables').
    pub(crate) fn sts_url(
        &self,
        explicit: Option<&str>,
        region: Option<&str>,
        vpc: Option<bool>,
    ) -> Result<Url, CredentialsErrorKind> {
        let endpoint = match explicit.or(self.sts_endpoint.as_deref()) {
            Some(endpoint) => endpoint.trim().to_owned(),
            None => {
                let region = region
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned)
                    .or_else(|| {
                        self.env
                            .non_empty(STS_REGION_VAR)
                            .map(|r| r.trim().to_owned())
                    });
                let vpc = vpc.unwrap_or_else(|| self.env.is_true(VPC_ENDPOINT_ENABLED_VAR));
                match region {
                    Some(region) if vpc => format!("sts-vpc.{region}.aliyuncs.com"),
                    Some(region) => format!("sts.{region}.aliyuncs.com"),
                    None => DEFAULT_STS_ENDPOINT.to_owned(),
                }
            }
        };
        let with_scheme = if endpoint.contains("://") {
            endpoint
        } else {
            format!("https://{endpoint}")
        };
        parse_http_url(&with_scheme)
            .filter(|url| {
                (url.path().is_empty() || url.path() == "/")
                    && url.query().is_none()
                    && url.username().is_empty()
                    && url.password().is_none()
            })
            .ok_or_else(|| CredentialsErrorKind::InvalidValue {
                name: "STS endpoint".to_owned(),
                expected: "a host name or an http(s) base URL without path, query or user info"
                    .to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sts(
        config: &ProviderConfig,
        explicit: Option<&str>,
        region: Option<&str>,
        vpc: Option<bool>,
    ) -> String {
        config.sts_url(explicit, region, vpc).unwrap().to_string()
    }

    #[test]
    fn sts_endpoint_resolution_order() {
        let plain = ProviderConfig::new().with_env(Env::empty());
        assert_eq!(sts(&plain, None, None, None), "https://sts.aliyuncs.com/");
        assert_eq!(
            sts(&plain, None, Some("cn-hangzhou"), None),
            "https://sts.cn-hangzhou.aliyuncs.com/"
        );
        assert_eq!(
            sts(&plain, None, Some("cn-hangzhou"), Some(true)),
            "https://sts-vpc.cn-hangzhou.aliyuncs.com/"
        );
        // A VPC endpoint needs a region, as in the official libraries.
        assert_eq!(
            sts(&plain, None, None, Some(true)),
            "https://sts.aliyuncs.com/"
        );

        let from_env = ProviderConfig::new().with_env(Env::from_pairs([
            ("ALIBABA_CLOUD_STS_REGION", "ap-southeast-1"),
            ("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "true"),
        ]));
        assert_eq!(
            sts(&from_env, None, None, None),
            "https://sts-vpc.ap-southeast-1.aliyuncs.com/"
        );
        assert_eq!(
            sts(&from_env, None, Some("cn-beijing"), Some(false)),
            "https://sts.cn-beijing.aliyuncs.com/"
        );

        let overridden = from_env.with_sts_endpoint("http://127.0.0.1:8080");
        assert_eq!(
            sts(&overridden, None, Some("cn-beijing"), None),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            sts(&overridden, Some("sts.example.com"), None, None),
            "https://sts.example.com/"
        );
        for bad in [
            "http://x/path",
            "https://u:p@x",
            "http://",
            "ftp://x",
            "http://x/?a=1",
        ] {
            assert!(overridden.sts_url(Some(bad), None, None).is_err(), "{bad}");
        }
    }
}
