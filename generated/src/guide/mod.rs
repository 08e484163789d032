//! How to use the crate, one topic per module: the chapters of the user
//! guide, with examples that are compiled and run as doc tests. Hand-written.
//!
//! - [`configuring`]: regions, endpoints, timeouts, proxies, certificates,
//!   response formats, your own transport;
//! - [`credentials`]: the default chain, each source, and your own provider;
//! - [`signing`]: signature V3 (the default) and V1;
//! - [`retries`]: what is retried, how often, and what never is;
//! - [`errors`]: matching an error, its code, status and request ID;
//! - [`testing`]: a mock transport for testing code that uses the client;
//! - [`logging`]: the `tracing` spans and events the client emits;
//! - [`waiting`]: following a submitted task to its end;
//! - [`paging`]: walking every page of a paged operation.
//!
//! Moments (expiry dates, creation times) are read and set as
//! `SystemTime`; see [`date`](crate::date).

#[doc = include_str!("configuring.md")]
pub mod configuring {}

#[doc = include_str!("credentials.md")]
pub mod credentials {}

#[doc = include_str!("signing.md")]
pub mod signing {}

#[doc = include_str!("retries.md")]
pub mod retries {}

#[doc = include_str!("errors.md")]
pub mod errors {}

#[doc = include_str!("testing.md")]
pub mod testing {}

#[doc = include_str!("logging.md")]
pub mod logging {}

#[doc = include_str!("waiting.md")]
pub mod waiting {}

#[doc = include_str!("paging.md")]
pub mod paging {}
