//! What a product crate tells the runtime about its product.

/// The facts about one Alibaba Cloud RPC product that the runtime needs:
/// its code, API version and endpoints, and the crate that calls it (for
/// the `User-Agent`).
///
/// A product crate's generator writes one as a constant (in its `product`
/// module) and builds its client with it (see
/// [`Client::for_product`](crate::Client::for_product)). Nothing in the
/// runtime knows any product otherwise.
///
/// ```
/// use alibabacloud_runtime::unstable::Product;
///
/// const ECS: Product = Product::new("Ecs", "2014-05-26", "ecs.aliyuncs.com")
///     .with_regional_endpoints(&[("cn-hangzhou", "ecs.cn-hangzhou.aliyuncs.com")])
///     .with_api_name("ECS API")
///     .with_crate("alibabacloud-ecs", "0.1.0");
/// assert_eq!(ECS.endpoint_for_region("cn-hangzhou"), "ecs.cn-hangzhou.aliyuncs.com");
/// assert_eq!(ECS.endpoint_for_region("eu-central-1"), "ecs.aliyuncs.com");
/// assert_eq!(ECS.api_name(), "ECS API");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Product {
    code: &'static str,
    api_version: &'static str,
    default_endpoint: &'static str,
    regional_endpoints: &'static [(&'static str, &'static str)],
    api_name: &'static str,
    task_lookup: Option<&'static str>,
    crate_name: &'static str,
    crate_version: &'static str,
}

impl Product {
    /// A product with this code (`Ecs`), API version (`2014-05-26`, sent as
    /// the `Version` parameter) and default endpoint host
    /// (`ecs.aliyuncs.com`), no regional endpoint, called `API` in errors,
    /// called by the crate `alibabacloud-runtime` itself.
    pub const fn new(
        code: &'static str,
        api_version: &'static str,
        default_endpoint: &'static str,
    ) -> Self {
        Self {
            code,
            api_version,
            default_endpoint,
            regional_endpoints: &[],
            api_name: "API",
            task_lookup: None,
            crate_name: env!("CARGO_PKG_NAME"),
            crate_version: env!("CARGO_PKG_VERSION"),
        }
    }

    /// Regions served by another host than the default endpoint, as
    /// `(region, host)` pairs.
    pub const fn with_regional_endpoints(
        mut self,
        endpoints: &'static [(&'static str, &'static str)],
    ) -> Self {
        self.regional_endpoints = endpoints;
        self
    }

    /// What errors call the API: `ECS API error InvalidRegionId.NotFound
    /// (HTTP 404, …)`, `could not connect to the ECS API endpoint`.
    pub const fn with_api_name(mut self, name: &'static str) -> Self {
        self.api_name = name;
        self
    }

    /// Where a submitted task can be looked up (`DescribeJobs or
    /// DescribeJobDetails`): a failed task submission that may have taken
    /// effect says to check there before submitting it again.
    pub const fn with_task_lookup(mut self, lookup: &'static str) -> Self {
        self.task_lookup = Some(lookup);
        self
    }

    /// The crate that calls the product, named first in the `User-Agent`
    /// (`<name>/<version> (rust; <os>; <arch>)`).
    pub const fn with_crate(mut self, name: &'static str, version: &'static str) -> Self {
        self.crate_name = name;
        self.crate_version = version;
        self
    }

    /// The product code, e.g. `Ecs`.
    pub const fn code(&self) -> &'static str {
        self.code
    }

    /// The API version, sent as the `Version` parameter.
    pub const fn api_version(&self) -> &'static str {
        self.api_version
    }

    /// The host serving every region without an endpoint of its own.
    pub const fn default_endpoint(&self) -> &'static str {
        self.default_endpoint
    }

    /// The regions served by another host, as `(region, host)` pairs.
    pub const fn regional_endpoints(&self) -> &'static [(&'static str, &'static str)] {
        self.regional_endpoints
    }

    /// What errors call the API, e.g. `ECS API`.
    pub const fn api_name(&self) -> &'static str {
        self.api_name
    }

    /// Where a submitted task can be looked up, if the product says.
    pub const fn task_lookup(&self) -> Option<&'static str> {
        self.task_lookup
    }

    /// The name of the crate that calls the product.
    pub const fn crate_name(&self) -> &'static str {
        self.crate_name
    }

    /// The version of the crate that calls the product.
    pub const fn crate_version(&self) -> &'static str {
        self.crate_version
    }

    /// The host serving `region`: its regional endpoint if it has one, else
    /// the default endpoint.
    pub fn endpoint_for_region(&self, region: &str) -> &'static str {
        self.regional_endpoints
            .iter()
            .find(|(r, _)| *r == region)
            .map_or(self.default_endpoint, |(_, host)| host)
    }

    /// The start of every `User-Agent` header:
    /// `<crate>/<version> (rust; <os>; <arch>)`.
    pub fn user_agent(&self) -> String {
        format!(
            "{}/{} (rust; {}; {})",
            self.crate_name,
            self.crate_version,
            std::env::consts::OS,
            std::env::consts::ARCH
        )
    }
}
