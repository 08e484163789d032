//! Every integration test of the workspace, in one binary.
//!
//! One binary links `reqwest`, `rustls` and `tokio` once instead of once per
//! test file, which is what makes `cargo test` quick to build on a small
//! machine. Each module is one area; `support/` (the crate's library) holds
//! the mock servers and the independent signers the tests check against.

mod agreement;
mod architecture;
mod client_transport;
mod credential_sources;
mod credentials;
mod diagnostics;
mod doc_lints;
mod e2e;
mod examples;
mod fault;
mod fidelity;
mod freshness;
mod limits;
mod mock_transport;
mod redaction;
mod signer;
mod snapshots;
mod tasks;
mod transport;
mod typed;

/// Counts the bytes each thread holds, so that `limits` can bound the memory
/// of one call.
#[global_allocator]
static ALLOCATOR: alibabacloud_domain_tests::alloc::CountingAllocator =
    alibabacloud_domain_tests::alloc::CountingAllocator;

/// The `sync_ds_record` example, compiled into the tests so that its `run`
/// can be called against the mock server.
#[allow(dead_code)]
#[path = "../../generated/examples/sync_ds_record.rs"]
mod sync_ds_record;

/// The `list_domains` example, compiled in for the same reason.
#[allow(dead_code)]
#[path = "../../generated/examples/list_domains.rs"]
mod list_domains;

/// The `renew_expiring` example, compiled in for the same reason.
#[allow(dead_code)]
#[path = "../../generated/examples/renew_expiring.rs"]
mod renew_expiring;
