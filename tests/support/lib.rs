//! Test support for `alibabacloud-domain`: a mock Domain API endpoint
//! ([`mock::MockServer`]) and independent signature V1 and V3
//! implementations ([`sigv1`], [`sigv3`]) it verifies requests with; fake
//! credentials endpoints ([`metadata::FakeMetadata`],
//! [`metadata::FakeCredentialsUri`], [`sts::FakeSts`]) on [`fake_http`].

pub mod alloc;
pub mod fake_http;
mod http1;
pub mod metadata;
pub mod mock;
pub mod ops;
pub mod proxy;
pub mod sigv1;
pub mod sigv3;
pub mod sts;
pub mod tls;

pub use mock::{Fault, MockResponse, MockServer, RecordedRequest, SigVersion};
