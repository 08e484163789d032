//! Per-call cost of getting credentials once they are cached, alone and
//! together with building the parameters and signing, as `Client::send`
//! does before every attempt.
//!
//! Run with
//! `cargo bench -p alibabacloud-domain --bench credentials -- --warm-up-time 1 --measurement-time 3`
//! and compare "provide + params + sign" with `request/params+sign (fresh
//! nonce/time, as Client::send)` of the `runtime` bench.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use alibabacloud_domain::credentials::{
    CredentialsCache, DefaultCredentialsChain, Env, ProvideCredentials,
};
use alibabacloud_domain::{Credentials, ResponseFormat};
use alibabacloud_runtime::unstable::request::{signing_pairs, AttemptStamp};
use alibabacloud_runtime::unstable::signer::signed_query_string;
use alibabacloud_runtime::unstable::Params;
use criterion::{criterion_group, criterion_main, Criterion};
use futures::FutureExt as _;

fn sts_credentials() -> Credentials {
    Credentials::new(
        "STS.NUgYrLnoC37mZZCNnAbez2zTx",
        "ExampleAccessKeySecret0123456789",
    )
    .with_security_token("CAIS8wF1q6Ft5B2yfSjIr5bSAt3mrbZ")
}

/// The credentials `provider` has cached; panics (before measuring) if it
/// has to do any work for them.
fn cached(provider: &dyn ProvideCredentials) -> Credentials {
    let future = provider.provide_credentials();
    assert!(future.is_ready(), "the provider has nothing cached");
    future.now_or_never().expect("ready").expect("credentials")
}

fn credentials(c: &mut Criterion) {
    let fixed = sts_credentials();
    let chain = DefaultCredentialsChain::with_env(Env::from_pairs([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tExampleAccessKeyId"),
        (
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ExampleAccessKeySecret0123456789",
        ),
    ]));
    // Resolve once: the environment wins, no network is involved.
    chain
        .provide_credentials()
        .now_or_never()
        .expect("the environment answers at once")
        .expect("credentials");
    let expiring =
        sts_credentials().with_expiry(SystemTime::now() + Duration::from_secs(24 * 3600));
    let cache = CredentialsCache::new(expiring);
    cache
        .provide_credentials()
        .now_or_never()
        .expect("the source answers at once")
        .expect("credentials");

    let mut group = c.benchmark_group("credentials");
    group.bench_function("fixed Credentials", |b| {
        b.iter(|| black_box(cached(black_box(&fixed))))
    });
    group.bench_function("default chain, resolved to the environment", |b| {
        b.iter(|| black_box(cached(black_box(&chain))))
    });
    group.bench_function("cache hit (expiring credentials, as ECS/STS/URI)", |b| {
        b.iter(|| black_box(cached(black_box(&cache))))
    });

    let mut operation = Params::new();
    operation.push("TaskNo", "e893148f-6343-4ae1-9eba-6e2a4116e142");
    operation.push("PageNum", "1");
    operation.push("PageSize", "10");
    operation.push("TaskStatus", "2");
    operation.push("DomainName", "例子.com");
    operation.push("Lang", "en");
    group.bench_function("provide (cache hit) + params + sign", |b| {
        b.iter(|| {
            let credentials = cached(black_box(&cache));
            let stamp = AttemptStamp::now();
            let pairs = signing_pairs(
                "QueryTaskDetailList",
                alibabacloud_domain::product::API_VERSION,
                black_box(&operation),
                &credentials,
                ResponseFormat::Json,
                &stamp,
            );
            black_box(signed_query_string(
                "POST",
                pairs,
                credentials.access_key_secret(),
            ))
        })
    });
    group.bench_function("fixed credentials + params + sign", |b| {
        b.iter(|| {
            let stamp = AttemptStamp::now();
            let pairs = signing_pairs(
                "QueryTaskDetailList",
                alibabacloud_domain::product::API_VERSION,
                black_box(&operation),
                &fixed,
                ResponseFormat::Json,
                &stamp,
            );
            black_box(signed_query_string(
                "POST",
                pairs,
                fixed.access_key_secret(),
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, credentials);
criterion_main!(benches);
