//! Test support for `alibabacloud-domain`: a mock Domain API endpoint
//! ([`mock::MockServer`]) and an independent signature V1 implementation
//! ([`sigv1`]) it verifies requests with.

pub mod mock;
pub mod ops;
pub mod sigv1;

pub use mock::{Fault, MockResponse, MockServer, RecordedRequest};
