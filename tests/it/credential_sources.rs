//! The credential sources behind HTTP, end to end against fake servers on
//! 127.0.0.1 that the tests start: the ECS metadata service, STS
//! (`AssumeRole` checked with the independent signer, `AssumeRoleWithOIDC`)
//! and a credentials URI; refreshing ahead of expiry with a manual clock,
//! concurrent callers sharing one refresh, stale credentials while a source
//! is down, every kind of bad answer, the chain's order over all six
//! sources, and Domain calls signed (V3 and V1) with refreshed credentials.
//!
//! Nothing here reads the real environment or home directory, or leaves the
//! machine, and no assertion depends on how long anything took: expiry is
//! driven by a [`ManualClock`] shared with the fakes.

use std::fs;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alibabacloud_domain::credentials::{
    AssumeRoleProvider, Clock, Credentials, CredentialsErrorKind, CredentialsUriProvider,
    DefaultCredentialsChain, EcsRamRoleProvider, Env, ManualClock, OidcRoleProvider,
    ProfileProvider, ProvideCredentials, ProviderConfig, RequestFailure,
};
use alibabacloud_domain::{Client, Error, SignatureVersion};
use alibabacloud_domain_tests::metadata::{FakeCredentialsUri, FakeMetadata, Fault};
use alibabacloud_domain_tests::ops::renew;
use alibabacloud_domain_tests::sts::FakeSts;
use alibabacloud_domain_tests::{sigv1, MockResponse, MockServer};
use serde_json::json;

use crate::credentials::{key_id, test_clock, CLOSED};

/// The secret of every temporary credential the fakes issue (so that the
/// Domain mock can verify requests signed with them).
const ISSUED_SECRET: &str = "ISSUED-SECRET-do-not-print";
const SOURCE_ID: &str = "LTAI-source-id";
const SOURCE_SECRET: &str = "SOURCE-SECRET-do-not-print";
const SOURCE_TOKEN: &str = "SOURCE-TOKEN-do-not-print";
const ROLE_ARN: &str = "acs:ram::1234567890123456:role/domain-admin";
const OIDC_PROVIDER_ARN: &str = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c0ffee";
const OIDC_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.OIDC-TOKEN-do-not-print.sig";

const HOUR: Duration = Duration::from_secs(3600);
/// The refresh buffer of every provider: 3 minutes before expiry.
const BUFFER: Duration = Duration::from_secs(180);
const SECOND: Duration = Duration::from_secs(1);

/// Surroundings for a provider: these variables, the test clock, and the
/// given metadata service and STS (a closed port when not given).
fn config(
    clock: &ManualClock,
    vars: &[(&str, &str)],
    metadata: Option<&FakeMetadata>,
    sts: Option<&FakeSts>,
) -> ProviderConfig {
    ProviderConfig::new()
        .with_env(Env::from_pairs(vars.iter().map(|&(k, v)| (k, v))))
        .with_clock(clock.clone())
        .with_ecs_metadata_endpoint(metadata.map_or(CLOSED.to_owned(), FakeMetadata::url))
        .with_sts_endpoint(sts.map_or(CLOSED.to_owned(), FakeSts::url))
}

/// Captured `tracing` output (all levels).
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Logs {
    /// Captures what this thread logs until the guard is dropped.
    fn capture() -> (Self, tracing::subscriber::DefaultGuard) {
        let logs = Self::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        (logs, tracing::subscriber::set_default(subscriber))
    }

    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// A temporary directory, removed on drop.
struct Dir(PathBuf);

impl Dir {
    fn new(label: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "alibabacloud-domain-sources-{}-{}-{label}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.0.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }

    fn home(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn assert_hidden(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{secret:?} leaked into:\n{text}");
    }
}

// ----------------------------------------------------------- ECS metadata

const TOKEN_CALL: &str = "PUT /latest/api/token";
const ROLES_CALL: &str = "GET /latest/meta-data/ram/security-credentials/";
const ROLE_CALL: &str = "GET /latest/meta-data/ram/security-credentials/fake-ecs-role";

async fn ecs_setup(vars: &[(&str, &str)]) -> (ManualClock, FakeMetadata, EcsRamRoleProvider) {
    let clock = test_clock();
    let metadata = FakeMetadata::start(clock.clone(), ISSUED_SECRET).await;
    let provider =
        EcsRamRoleProvider::with_provider_config(config(&clock, vars, Some(&metadata), None));
    (clock, metadata, provider)
}

#[tokio::test]
async fn ecs_uses_a_session_token_discovers_the_role_and_caches() {
    let (clock, metadata, provider) = ecs_setup(&[]).await;
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.ecs-1");
    assert_eq!(creds.access_key_secret(), ISSUED_SECRET);
    assert_eq!(creds.security_token(), Some("ecs-token-1"));
    assert_eq!(creds.expiry(), Some(clock.now() + HOUR));
    assert_eq!(metadata.calls(), [TOKEN_CALL, ROLES_CALL, ROLE_CALL]);
    let requests = metadata.requests();
    assert_eq!(
        requests[0].header("x-aliyun-ecs-metadata-token-ttl-seconds"),
        Some("21600")
    );
    for request in &requests[1..] {
        assert_eq!(
            request.header("x-aliyun-ecs-metadata-token"),
            Some("fake-imds-token-1")
        );
    }

    // Cached: no more requests, and the future is ready at once.
    let again = provider.provide_credentials();
    assert!(again.is_ready());
    assert_eq!(again.await.unwrap(), creds);
    assert_eq!(metadata.requests().len(), 3);
    assert_hidden(&format!("{provider:?}"), &[ISSUED_SECRET, "ecs-token-1"]);
}

#[tokio::test]
async fn ecs_role_named_by_variable_or_setting_is_not_discovered() {
    let (_clock, metadata, provider) =
        ecs_setup(&[("ALIBABA_CLOUD_ECS_METADATA", "fake-ecs-role")]).await;
    provider.provide_credentials().await.unwrap();
    assert_eq!(metadata.calls(), [TOKEN_CALL, ROLE_CALL]);

    let clock = test_clock();
    let metadata = FakeMetadata::start(clock.clone(), ISSUED_SECRET).await;
    let provider =
        EcsRamRoleProvider::with_provider_config(config(&clock, &[], Some(&metadata), None))
            .with_role_name("fake-ecs-role");
    provider.provide_credentials().await.unwrap();
    assert_eq!(metadata.calls(), [TOKEN_CALL, ROLE_CALL]);
}

#[tokio::test]
async fn ecs_falls_back_to_imds_v1_only_when_allowed() {
    let (_clock, metadata, provider) = ecs_setup(&[]).await;
    metadata.set_imds_v2(false);
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.ecs-1");
    let requests = metadata.requests();
    assert_eq!(metadata.calls(), [TOKEN_CALL, ROLES_CALL, ROLE_CALL]);
    assert!(requests[1..]
        .iter()
        .all(|r| r.header("x-aliyun-ecs-metadata-token").is_none()));

    // Forbidden by the variable, or by the setting.
    let (_clock, metadata, by_variable) =
        ecs_setup(&[("ALIBABA_CLOUD_IMDSV1_DISABLED", "true")]).await;
    metadata.set_imds_v2(false);
    let clock = test_clock();
    let by_setting =
        EcsRamRoleProvider::with_provider_config(config(&clock, &[], Some(&metadata), None))
            .with_imds_v1_disabled(true);
    for provider in [by_variable, by_setting] {
        let err = provider.provide_credentials().await.unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "ECS instance RAM role: PUT {}/latest/api/token (IMDSv2 session token; falling \
                 back to IMDSv1 is disabled): HTTP 403",
                metadata.url()
            )
        );
    }
    assert!(metadata.calls().iter().all(|c| c == TOKEN_CALL));
}

#[tokio::test]
async fn ecs_retries_without_a_token_the_service_refuses() {
    let (_clock, metadata, provider) = ecs_setup(&[]).await;
    metadata.set_reject_tokens(true);
    provider.provide_credentials().await.unwrap();
    let requests = metadata.requests();
    let with_token: Vec<bool> = requests
        .iter()
        .map(|r| r.header("x-aliyun-ecs-metadata-token").is_some())
        .collect();
    assert_eq!(
        metadata.calls(),
        [TOKEN_CALL, ROLES_CALL, ROLES_CALL, ROLE_CALL, ROLE_CALL]
    );
    assert_eq!(with_token, [false, true, false, true, false]);
}

#[tokio::test]
async fn ecs_refreshes_three_minutes_before_expiry() {
    let (clock, metadata, provider) = ecs_setup(&[]).await;
    assert_eq!(key_id(&provider).await, "STS.ecs-1");
    clock.advance(HOUR - BUFFER - SECOND);
    assert_eq!(key_id(&provider).await, "STS.ecs-1");
    assert_eq!(metadata.issuer().issued(), 1);
    clock.advance(SECOND);
    let fresh = provider.provide_credentials().await.unwrap();
    assert_eq!(fresh.access_key_id(), "STS.ecs-2");
    assert_eq!(fresh.security_token(), Some("ecs-token-2"));
    assert_eq!(fresh.expiry(), Some(clock.now() + HOUR));
    assert_eq!(metadata.issuer().issued(), 2);
    assert_eq!(
        metadata.calls().iter().filter(|c| *c == TOKEN_CALL).count(),
        2,
        "each refresh asks for a session token"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ecs_hundred_concurrent_calls_cause_one_fetch_and_one_refresh() {
    let (clock, metadata, provider) = ecs_setup(&[]).await;
    // Slow answers, so that the callers overlap (the count holds either way).
    metadata.issuer().set_delay(Duration::from_millis(50));
    let provider = Arc::new(provider);
    let call_all = || {
        let tasks: Vec<_> = (0..100)
            .map(|_| {
                let provider = Arc::clone(&provider);
                tokio::spawn(async move { provider.provide_credentials().await })
            })
            .collect();
        futures::future::join_all(tasks)
    };
    for result in call_all().await {
        assert_eq!(result.unwrap().unwrap().access_key_id(), "STS.ecs-1");
    }
    assert_eq!(metadata.issuer().issued(), 1);
    assert_eq!(metadata.requests().len(), 3);

    // Inside the refresh buffer: still exactly one refresh. Callers that
    // arrive while it runs get the still-valid credentials.
    clock.advance(HOUR - BUFFER + SECOND);
    for result in call_all().await {
        let id = result.unwrap().unwrap().access_key_id().to_owned();
        assert!(id == "STS.ecs-1" || id == "STS.ecs-2", "{id}");
    }
    assert_eq!(metadata.issuer().issued(), 2);
    assert_eq!(key_id(&provider).await, "STS.ecs-2");
}

#[tokio::test]
async fn ecs_down_during_refresh_keeps_the_cached_credentials_until_they_expire() {
    let (logs, _guard) = Logs::capture();
    let (clock, metadata, provider) = ecs_setup(&[]).await;
    provider.provide_credentials().await.unwrap();
    let after_first = metadata.requests().len();

    clock.advance(HOUR - Duration::from_secs(60));
    metadata.set_down(true);
    let stale = provider.provide_credentials().await.unwrap();
    assert_eq!(stale.access_key_id(), "STS.ecs-1");
    let after_failure = metadata.requests().len();
    assert!(after_failure > after_first, "a refresh was tried");
    let log = logs.text();
    assert!(
        log.contains("WARN")
            && log
                .contains("could not refresh credentials; using the cached ones until they expire"),
        "{log}"
    );
    assert_hidden(&log, &[ISSUED_SECRET, "ecs-token-1"]);

    // Within 10 s of the failure, no new attempt; then one.
    clock.advance(Duration::from_secs(9));
    assert_eq!(key_id(&provider).await, "STS.ecs-1");
    assert_eq!(metadata.requests().len(), after_failure);
    clock.advance(SECOND);
    assert_eq!(key_id(&provider).await, "STS.ecs-1");
    assert!(metadata.requests().len() > after_failure);

    // Expired, still down: the refresh's error.
    clock.advance(Duration::from_secs(60));
    let err = provider.provide_credentials().await.unwrap_err();
    assert!(
        matches!(
            err.kind(),
            CredentialsErrorKind::Request {
                failure: RequestFailure::Transport { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with("ECS instance RAM role"),
        "{err}"
    );

    // Back up: fresh credentials.
    metadata.set_down(false);
    assert_eq!(key_id(&provider).await, "STS.ecs-2");
}

#[tokio::test]
async fn ecs_bad_answers_are_errors_that_quote_nothing() {
    let (_clock, metadata, _) = ecs_setup(&[]).await;
    let url = format!(
        "{}/latest/meta-data/ram/security-credentials/fake-ecs-role",
        metadata.url()
    );
    for (fault, problem) in [
        (Fault::Status(500), "HTTP 500".to_owned()),
        (
            Fault::MalformedJson,
            "unusable answer: invalid JSON at line 1, column".to_owned(),
        ),
        (
            Fault::CodeFailure,
            "unusable answer: `Code` is not `Success`".to_owned(),
        ),
        (
            Fault::MissingField("SecurityToken"),
            "unusable answer: `SecurityToken` is missing".to_owned(),
        ),
        (
            Fault::BadExpiration,
            "unusable answer: `Expiration` is not a UTC time like `2024-01-02T03:04:05Z`"
                .to_owned(),
        ),
        (
            Fault::Echo(format!("{ISSUED_SECRET} ecs-token-1")),
            "HTTP 500".to_owned(),
        ),
    ] {
        metadata.issuer().set_fault(Some(fault.clone()));
        let clock = test_clock();
        let provider =
            EcsRamRoleProvider::with_provider_config(config(&clock, &[], Some(&metadata), None));
        let err = provider.provide_credentials().await.unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with(&format!(
                "ECS instance RAM role `fake-ecs-role`: GET {url}: {problem}"
            )),
            "{fault:?}: {text}"
        );
        assert_hidden(&format!("{text} {err:?}"), &[ISSUED_SECRET, "ecs-token"]);
    }
}

#[tokio::test]
async fn ecs_missing_role() {
    let (_clock, metadata, provider) = ecs_setup(&[]).await;
    metadata.set_role(None);
    let err = provider.provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), &CredentialsErrorKind::NoRoleAttached);
    assert_eq!(
        err.to_string(),
        "ECS instance RAM role: the metadata service lists no RAM role for this instance; attach \
         one to the instance, or name it in `ALIBABA_CLOUD_ECS_METADATA`"
    );

    let (_clock, _metadata, provider) =
        ecs_setup(&[("ALIBABA_CLOUD_ECS_METADATA", "renamed-role")]).await;
    let err = provider.provide_credentials().await.unwrap_err();
    assert_eq!(
        err.kind(),
        &CredentialsErrorKind::RoleNotFound {
            role: "renamed-role".into()
        }
    );
    assert!(err.to_string().starts_with(
        "ECS instance RAM role `renamed-role`: the metadata service has no RAM role `renamed-role`"
    ));
}

#[tokio::test]
async fn ecs_slow_service_times_out_after_one_second() {
    let (_clock, metadata, provider) = ecs_setup(&[]).await;
    metadata.issuer().set_fault(Some(Fault::Hang));
    let err = provider.provide_credentials().await.unwrap_err();
    assert!(
        matches!(
            err.kind(),
            CredentialsErrorKind::Request {
                failure: RequestFailure::Timeout { limit },
                ..
            } if *limit == Duration::from_secs(1)
        ),
        "{err:?}"
    );
    assert!(err.to_string().ends_with(": timed out after 1s"), "{err}");
}

#[tokio::test]
async fn ecs_disabled_by_variable_sends_nothing() {
    let (_clock, metadata, provider) =
        ecs_setup(&[("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")]).await;
    let err = provider.provide_credentials().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "ECS instance RAM role: skipped because `ALIBABA_CLOUD_ECS_METADATA_DISABLED` is `true`"
    );
    assert!(metadata.requests().is_empty());
}

#[tokio::test]
async fn chain_off_ecs_moves_on_after_one_silent_second() {
    let clock = test_clock();
    let metadata = FakeMetadata::start(clock.clone(), ISSUED_SECRET).await;
    metadata.set_silent(true);
    let chain =
        DefaultCredentialsChain::with_provider_config(config(&clock, &[], Some(&metadata), None));
    let err = chain.provide_credentials().await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(&format!(
            "; ECS instance RAM role: PUT {}/latest/api/token: timed out after 1s; credentials URI:",
            metadata.url()
        )),
        "{text}"
    );
    // No fallback to IMDSv1 after silence: one request, one second at most.
    assert_eq!(metadata.calls(), [TOKEN_CALL]);
}

// -------------------------------------------------------------- AssumeRole

async fn sts_setup(vars: &[(&str, &str)]) -> (ManualClock, FakeSts, ProviderConfig) {
    let clock = test_clock();
    let sts = FakeSts::start(clock.clone(), ISSUED_SECRET).await;
    sts.allow(SOURCE_ID, SOURCE_SECRET, None);
    let config = config(&clock, vars, None, Some(&sts));
    (clock, sts, config)
}

#[tokio::test]
async fn assume_role_signs_with_the_source_credentials() {
    let (clock, sts, config) = sts_setup(&[]).await;
    let provider = AssumeRoleProvider::new(ROLE_ARN, Credentials::new(SOURCE_ID, SOURCE_SECRET))
        .with_provider_config(config)
        .with_session_name("domain-test")
        .with_duration(Duration::from_secs(1800));
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.role-1");
    assert_eq!(creds.access_key_secret(), ISSUED_SECRET);
    assert_eq!(creds.security_token(), Some("role-token-1"));
    assert_eq!(
        creds.expiry(),
        Some(clock.now() + Duration::from_secs(1800))
    );

    let calls = sts.calls();
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert_eq!(call.action, "AssumeRole");
    assert!(call.authenticated, "the fake STS verified the signature");
    assert!(call.in_body, "role parameters travel in the form body");
    assert_eq!(
        (call.role_arn.as_str(), call.session_name.as_str()),
        (ROLE_ARN, "domain-test")
    );
    assert_eq!(call.duration, "1800");
    assert_eq!(call.access_key_id.as_deref(), Some(SOURCE_ID));
    let request = &sts.requests()[0];
    assert_eq!(request.method, "POST");
    assert!(request.query.iter().any(|(n, _)| n == "Signature"));
    assert!(request.query.iter().all(|(n, _)| n != "RoleArn"));

    // Cached.
    provider.provide_credentials().await.unwrap();
    assert_eq!(sts.issued(), 1);
}

#[tokio::test]
async fn assume_role_with_temporary_source_credentials_and_default_session_name() {
    let (clock, sts, config) = sts_setup(&[]).await;
    sts.allow("STS.source", SOURCE_SECRET, Some(SOURCE_TOKEN));
    let source = Credentials::new("STS.source", SOURCE_SECRET).with_security_token(SOURCE_TOKEN);
    let provider = AssumeRoleProvider::new(ROLE_ARN, source).with_provider_config(config);
    provider.provide_credentials().await.unwrap();
    clock.advance(HOUR);
    provider.provide_credentials().await.unwrap();
    let calls = sts.calls();
    assert_eq!(calls.len(), 2);
    assert!(calls
        .iter()
        .all(|c| c.authenticated && c.duration == "3600"));
    assert!(calls[0].session_name.starts_with("alibabacloud-rust-"));
    assert_eq!(
        calls[0].session_name, calls[1].session_name,
        "stable for one provider"
    );

    // The session name variable.
    let (_clock, sts, config) = sts_setup(&[("ALIBABA_CLOUD_ROLE_SESSION_NAME", "from-env")]).await;
    AssumeRoleProvider::new(ROLE_ARN, Credentials::new(SOURCE_ID, SOURCE_SECRET))
        .with_provider_config(config)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(sts.calls()[0].session_name, "from-env");
}

#[tokio::test]
async fn assume_role_rejected_signature_is_reported_scrubbed() {
    let (_clock, sts, config) = sts_setup(&[]).await;
    sts.allow("STS.source", "what-sts-knows", Some(SOURCE_TOKEN));
    sts.set_echo(true);
    let source = Credentials::new("STS.source", SOURCE_SECRET).with_security_token(SOURCE_TOKEN);
    let provider = AssumeRoleProvider::new(ROLE_ARN, source).with_provider_config(config);
    let err = provider.provide_credentials().await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "assumed RAM role `{ROLE_ARN}`: STS AssumeRole at {}/: HTTP 400 SignatureDoesNotMatch: \
             Specified signature is not matched with our calculation. server string to sign is:POST&%2F&",
            sts.url()
        )),
        "{text}"
    );
    assert!(text.ends_with(" (request id FAKE-STS-REQUEST)"), "{text}");
    assert!(
        text.contains("<redacted>"),
        "the echoed token was scrubbed: {text}"
    );
    let signature = sts.requests()[0]
        .query
        .iter()
        .find(|(n, _)| n == "Signature")
        .map(|(_, v)| v.clone())
        .unwrap();
    let shown = format!("{text} {err:?}");
    assert_hidden(
        &shown,
        &[
            SOURCE_SECRET,
            SOURCE_TOKEN,
            &sigv1::encode(SOURCE_TOKEN),
            &sigv1::encode(&sigv1::encode(SOURCE_TOKEN)),
            &signature,
        ],
    );
}

#[tokio::test]
async fn assume_role_errors_before_any_request() {
    let (_clock, sts, config) = sts_setup(&[]).await;
    let short = AssumeRoleProvider::new(ROLE_ARN, Credentials::new(SOURCE_ID, SOURCE_SECRET))
        .with_provider_config(config.clone())
        .with_duration(Duration::from_secs(899));
    let err = short.provide_credentials().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("assumed RAM role `{ROLE_ARN}`: session duration is invalid: expected at least 900 seconds")
    );

    // The source fails: its error is the cause.
    let from_env = AssumeRoleProvider::new(
        ROLE_ARN,
        alibabacloud_domain::credentials::EnvironmentProvider::with_env(Env::empty()),
    )
    .with_provider_config(config);
    let err = from_env.provide_credentials().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "assumed RAM role `{ROLE_ARN}`: environment: `ALIBABA_CLOUD_ACCESS_KEY_ID` is not set"
        )
    );
    let cause = std::error::Error::source(&err).unwrap();
    assert_eq!(
        cause.to_string(),
        "environment: `ALIBABA_CLOUD_ACCESS_KEY_ID` is not set"
    );
    assert!(sts.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn assume_role_hundred_concurrent_calls_one_sts_call_and_stale_while_down() {
    let (clock, sts, config) = sts_setup(&[]).await;
    let provider = Arc::new(
        AssumeRoleProvider::new(ROLE_ARN, Credentials::new(SOURCE_ID, SOURCE_SECRET))
            .with_provider_config(config),
    );
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let provider = Arc::clone(&provider);
            tokio::spawn(async move { provider.provide_credentials().await })
        })
        .collect();
    for result in futures::future::join_all(tasks).await {
        assert_eq!(result.unwrap().unwrap().access_key_id(), "STS.role-1");
    }
    assert_eq!(sts.calls().len(), 1);

    clock.advance(HOUR - Duration::from_secs(30));
    sts.set_down(true);
    assert_eq!(key_id(&provider).await, "STS.role-1");
    clock.advance(Duration::from_secs(30));
    let err = provider.provide_credentials().await.unwrap_err();
    assert!(err.to_string().contains("STS AssumeRole at"), "{err}");
    sts.set_down(false);
    assert_eq!(key_id(&provider).await, "STS.role-2");
}

#[tokio::test]
async fn cli_profiles_assume_roles_chained_through_source_profiles() {
    let dir = Dir::new("cli-roles");
    let (clock, sts, _) = sts_setup(&[]).await;
    let metadata = FakeMetadata::start(clock.clone(), ISSUED_SECRET).await;
    let path = dir.write(
        ".aliyun/config.json",
        &json!({
            "current": "deep",
            "profiles": [
                {"name": "base", "mode": "AK", "access_key_id": SOURCE_ID, "access_key_secret": SOURCE_SECRET},
                {"name": "first", "mode": "RamRoleArn", "access_key_id": SOURCE_ID, "access_key_secret": SOURCE_SECRET,
                 "ram_role_arn": "acs:ram::1:role/first", "ram_session_name": "cli-first", "expired_seconds": 900},
                {"name": "deep", "mode": "ChainableRamRoleArn", "source_profile": "first",
                 "ram_role_arn": "acs:ram::2:role/second", "ram_session_name": "cli-second"},
                {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "fake-ecs-role"}
            ]
        })
        .to_string(),
    );
    let cfg = config(&clock, &[("HOME", dir.home())], Some(&metadata), Some(&sts));
    let deep = ProfileProvider::with_provider_config(cfg.clone());
    let creds = deep.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.role-2");
    let calls = sts.calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(
        (
            calls[0].role_arn.as_str(),
            calls[0].session_name.as_str(),
            calls[0].duration.as_str()
        ),
        ("acs:ram::1:role/first", "cli-first", "900")
    );
    assert_eq!(calls[0].access_key_id.as_deref(), Some(SOURCE_ID));
    // The second role is assumed with the first role's temporary credentials.
    assert_eq!(calls[1].role_arn, "acs:ram::2:role/second");
    assert_eq!(calls[1].access_key_id.as_deref(), Some("STS.role-1"));
    assert!(calls.iter().all(|c| c.authenticated));

    let ecs = ProfileProvider::with_provider_config(cfg).with_profile("ecs");
    assert_eq!(key_id(&ecs).await, "STS.ecs-1");
    assert_eq!(metadata.calls(), [TOKEN_CALL, ROLE_CALL]);
    drop(path);
}

// -------------------------------------------------------------------- OIDC

fn oidc_vars(token_file: &str) -> Vec<(&str, &str)> {
    vec![
        ("ALIBABA_CLOUD_ROLE_ARN", ROLE_ARN),
        ("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", OIDC_PROVIDER_ARN),
        ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", token_file),
        ("ALIBABA_CLOUD_ROLE_SESSION_NAME", "rrsa-pod"),
    ]
}

#[tokio::test]
async fn oidc_exchanges_the_token_file_unsigned_and_rereads_it_on_refresh() {
    let dir = Dir::new("oidc");
    let token_file = dir.write("token", &format!("{OIDC_TOKEN}\n"));
    let token_path = token_file.to_str().unwrap().to_owned();
    let clock = test_clock();
    let sts = FakeSts::start(clock.clone(), ISSUED_SECRET).await;
    sts.allow_oidc(OIDC_PROVIDER_ARN, OIDC_TOKEN);
    let provider = OidcRoleProvider::with_provider_config(config(
        &clock,
        &oidc_vars(&token_path),
        None,
        Some(&sts),
    ));
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.role-1");
    let call = &sts.calls()[0];
    assert_eq!(call.action, "AssumeRoleWithOIDC");
    assert!(call.authenticated && call.in_body);
    assert_eq!(
        (call.role_arn.as_str(), call.session_name.as_str()),
        (ROLE_ARN, "rrsa-pod")
    );
    let request = &sts.requests()[0];
    assert!(request
        .query
        .iter()
        .all(|(n, _)| n != "Signature" && n != "OIDCToken" && n != "AccessKeyId"));

    // Kubernetes rotates the token; the next refresh sends the new one.
    fs::write(&token_file, "rotated-token").unwrap();
    sts.allow_oidc(OIDC_PROVIDER_ARN, "rotated-token");
    clock.advance(HOUR - BUFFER);
    assert_eq!(key_id(&provider).await, "STS.role-2");
    assert!(sts.calls()[1].authenticated);
    assert_hidden(
        &format!("{provider:?}"),
        &[OIDC_TOKEN, "rotated-token", ISSUED_SECRET],
    );
}

#[tokio::test]
async fn oidc_errors() {
    let dir = Dir::new("oidc-errors");
    let clock = test_clock();
    let sts = FakeSts::start(clock.clone(), ISSUED_SECRET).await;
    sts.set_echo(true);
    let token_file = dir.write("token", OIDC_TOKEN);
    let token_path = token_file.to_str().unwrap().to_owned();

    // STS refuses the token and quotes it: scrubbed.
    let provider = OidcRoleProvider::with_provider_config(config(
        &clock,
        &oidc_vars(&token_path),
        None,
        Some(&sts),
    ));
    let err = provider.provide_credentials().await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "OIDC role `{ROLE_ARN}`: STS AssumeRoleWithOIDC at {}/: HTTP 400 \
             AuthenticationFail.OIDCToken.Invalid: The OIDC token <redacted> is invalid",
            sts.url()
        )),
        "{text}"
    );
    assert_hidden(&format!("{text} {err:?}"), &[OIDC_TOKEN]);

    // A variable missing.
    let mut vars = oidc_vars(&token_path);
    vars.retain(|(n, _)| *n != "ALIBABA_CLOUD_OIDC_PROVIDER_ARN");
    let err = OidcRoleProvider::with_provider_config(config(&clock, &vars, None, Some(&sts)))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("OIDC role `{ROLE_ARN}`: `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` is not set")
    );

    // The token file missing, then empty.
    let gone = dir.0.join("gone");
    let gone_path = gone.to_str().unwrap().to_owned();
    let provider = OidcRoleProvider::with_provider_config(config(
        &clock,
        &oidc_vars(&gone_path),
        None,
        Some(&sts),
    ));
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string(),
        format!(
            "OIDC role `{ROLE_ARN}`: cannot use the OIDC token file {gone_path}: file not found"
        )
    );
    fs::write(&gone, "  \n").unwrap();
    assert!(provider
        .provide_credentials()
        .await
        .unwrap_err()
        .to_string()
        .ends_with(": the file is empty"));
    assert_eq!(sts.calls().len(), 1, "only the first case reached STS");
}

// --------------------------------------------------------- credentials URI

#[tokio::test]
async fn credentials_uri_from_the_variable_refreshes_and_hides_its_query() {
    let clock = test_clock();
    let server = FakeCredentialsUri::start(clock.clone(), ISSUED_SECRET).await;
    let uri = server.uri();
    let provider = CredentialsUriProvider::with_provider_config(config(
        &clock,
        &[("ALIBABA_CLOUD_CREDENTIALS_URI", uri.as_str())],
        None,
        None,
    ));
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.uri-1");
    assert_eq!(creds.expiry(), Some(clock.now() + HOUR));
    clock.advance(HOUR - BUFFER);
    assert_eq!(key_id(&provider).await, "STS.uri-2");
    assert_eq!(server.requests().len(), 2);
    assert!(server
        .requests()
        .iter()
        .all(|r| r.method == "GET" && r.path == "/credentials"));

    // `Code` may be left out.
    server.issuer().set_fault(Some(Fault::MissingField("Code")));
    let plain = CredentialsUriProvider::with_provider_config(config(&clock, &[], None, None))
        .with_uri(&uri);
    assert!(plain.provide_credentials().await.is_ok());

    // Errors show neither user info, nor query, nor the answer.
    server
        .issuer()
        .set_fault(Some(Fault::Echo(ISSUED_SECRET.to_owned())));
    let with_secrets =
        uri.replace("http://", "http://agent:PASSWORD-do-not-print@") + "?sig=QUERY-do-not-print";
    let provider = CredentialsUriProvider::with_provider_config(config(&clock, &[], None, None))
        .with_uri(&with_secrets);
    let err = provider.provide_credentials().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("credentials URI {uri}?…: GET: HTTP 500")
    );
    let shown = format!("{err} {err:?} {provider:?}");
    assert_hidden(
        &shown,
        &["PASSWORD-do-not-print", "QUERY-do-not-print", ISSUED_SECRET],
    );
    assert_eq!(
        server.requests().last().unwrap().query,
        [("sig".to_owned(), "QUERY-do-not-print".to_owned())]
    );
}

#[tokio::test]
async fn credentials_uri_bad_answers() {
    let clock = test_clock();
    let server = FakeCredentialsUri::start(clock.clone(), ISSUED_SECRET).await;
    for (fault, problem) in [
        (
            Fault::MalformedJson,
            "GET: unusable answer: invalid JSON at line 1",
        ),
        (
            Fault::CodeFailure,
            "GET: unusable answer: `Code` is not `Success`",
        ),
        (
            Fault::MissingField("Expiration"),
            "GET: unusable answer: `Expiration` is missing",
        ),
        (Fault::Status(503), "GET: HTTP 503"),
    ] {
        server.issuer().set_fault(Some(fault));
        let provider =
            CredentialsUriProvider::with_provider_config(config(&clock, &[], None, None))
                .with_uri(server.uri());
        let err = provider.provide_credentials().await.unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("credentials URI {}: {problem}", server.uri())),
            "{err}"
        );
        assert_hidden(&err.to_string(), &[ISSUED_SECRET]);
    }
    let unset = CredentialsUriProvider::with_provider_config(config(&clock, &[], None, None));
    assert_eq!(
        unset.provide_credentials().await.unwrap_err().to_string(),
        "credentials URI: `ALIBABA_CLOUD_CREDENTIALS_URI` is not set"
    );
    let bad = CredentialsUriProvider::with_provider_config(config(&clock, &[], None, None))
        .with_uri("ftp://x/creds");
    assert_eq!(
        bad.provide_credentials().await.unwrap_err().to_string(),
        "credentials URI (not an http(s) URL): credentials URI is invalid: expected an http(s) URL"
    );
}

// ------------------------------------------------------------------- chain

/// Every source of the chain at once, each handing out recognisable
/// credentials: the winner is the first one still present.
#[tokio::test]
async fn chain_order_over_all_six_sources() {
    let dir = Dir::new("chain-order");
    let clock = test_clock();
    let metadata = FakeMetadata::start(clock.clone(), ISSUED_SECRET).await;
    let sts = FakeSts::start(clock.clone(), ISSUED_SECRET).await;
    let uri = FakeCredentialsUri::start(clock.clone(), ISSUED_SECRET).await;
    sts.allow_oidc(OIDC_PROVIDER_ARN, OIDC_TOKEN);
    let token_file = dir.write("token", OIDC_TOKEN);
    dir.write(
        ".aliyun/config.json",
        &json!({"current": "default", "profiles": [
            {"name": "default", "mode": "AK", "access_key_id": "LTAI-cli", "access_key_secret": "cli-secret"}
        ]})
        .to_string(),
    );
    dir.write(
        ".alibabacloud/credentials.ini",
        "[default]\ntype = access_key\naccess_key_id = LTAI-ini\naccess_key_secret = ini-secret\n",
    );
    let uri_value = uri.uri();
    let mut vars: Vec<(&str, &str)> = vec![
        ("HOME", dir.home()),
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-env"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret"),
        ("ALIBABA_CLOUD_ROLE_ARN", ROLE_ARN),
        ("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", OIDC_PROVIDER_ARN),
        (
            "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
            token_file.to_str().unwrap(),
        ),
        ("ALIBABA_CLOUD_CREDENTIALS_URI", &uri_value),
    ];
    let winner = |vars: &[(&str, &str)]| {
        let chain = DefaultCredentialsChain::with_provider_config(config(
            &clock,
            vars,
            Some(&metadata),
            Some(&sts),
        ));
        async move {
            let creds = chain.provide_credentials().await.unwrap();
            (
                chain.resolved_source().unwrap(),
                creds.access_key_id().to_owned(),
            )
        }
    };
    assert_eq!(winner(&vars).await, ("environment", "LTAI-env".to_owned()));
    vars.retain(|(n, _)| !n.starts_with("ALIBABA_CLOUD_ACCESS_KEY"));
    assert_eq!(winner(&vars).await, ("OIDC role", "STS.role-1".to_owned()));
    vars.retain(|(n, _)| *n != "ALIBABA_CLOUD_ROLE_ARN");
    assert_eq!(
        winner(&vars).await,
        ("aliyun CLI profile", "LTAI-cli".to_owned())
    );
    fs::remove_file(dir.0.join(".aliyun/config.json")).unwrap();
    assert_eq!(
        winner(&vars).await,
        ("credentials file", "LTAI-ini".to_owned())
    );
    fs::remove_file(dir.0.join(".alibabacloud/credentials.ini")).unwrap();
    assert_eq!(
        winner(&vars).await,
        ("ECS instance RAM role", "STS.ecs-1".to_owned())
    );
    vars.push(("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"));
    assert_eq!(
        winner(&vars).await,
        ("credentials URI", "STS.uri-1".to_owned())
    );
    assert_eq!(metadata.issuer().issued(), 1);
    assert_eq!(uri.issuer().issued(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn chain_resolves_once_for_a_hundred_concurrent_first_calls_then_refreshes() {
    let clock = test_clock();
    let metadata = FakeMetadata::start(clock.clone(), ISSUED_SECRET).await;
    metadata.issuer().set_delay(Duration::from_millis(50));
    let chain = Arc::new(DefaultCredentialsChain::with_provider_config(config(
        &clock,
        &[],
        Some(&metadata),
        None,
    )));
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let chain = Arc::clone(&chain);
            tokio::spawn(async move { chain.provide_credentials().await })
        })
        .collect();
    for result in futures::future::join_all(tasks).await {
        assert_eq!(result.unwrap().unwrap().access_key_id(), "STS.ecs-1");
    }
    assert_eq!(chain.resolved_source(), Some("ECS instance RAM role"));
    assert_eq!(metadata.calls(), [TOKEN_CALL, ROLES_CALL, ROLE_CALL]);

    clock.advance(HOUR - BUFFER);
    assert_eq!(key_id(&chain).await, "STS.ecs-2");
    assert_eq!(metadata.issuer().issued(), 2);
}

// ------------------------------------------------------ Domain calls, e2e

#[tokio::test]
async fn domain_calls_are_signed_with_refreshed_ecs_credentials() {
    let clock = test_clock();
    let metadata = FakeMetadata::start(clock.clone(), ISSUED_SECRET).await;
    let domain = MockServer::start(ISSUED_SECRET, |r| {
        MockResponse::ok(r, json!({"TaskNo": "T-1"}))
    })
    .await;
    let chain =
        DefaultCredentialsChain::with_provider_config(config(&clock, &[], Some(&metadata), None));
    let client = Client::new(
        domain
            .config_builder()
            .credentials_provider(Arc::new(chain))
            .build()
            .unwrap(),
    )
    .unwrap();

    client.send(&renew()).await.unwrap();
    client.send(&renew()).await.unwrap();
    clock.advance(HOUR - BUFFER);
    client.send(&renew()).await.unwrap();

    let sent: Vec<(String, String)> = domain
        .requests()
        .iter()
        .map(|r| {
            assert!(r.signature_valid && r.rejected_with.is_none());
            (
                r.access_key_id().unwrap().to_owned(),
                r.security_token().unwrap().to_owned(),
            )
        })
        .collect();
    let pair = |n: usize| (format!("STS.ecs-{n}"), format!("ecs-token-{n}"));
    assert_eq!(sent, [pair(1), pair(1), pair(2)]);
    assert_eq!(metadata.issuer().issued(), 2);
}

#[tokio::test]
async fn domain_calls_with_an_assumed_role_and_a_failing_source() {
    let (_clock, sts, config) = sts_setup(&[]).await;
    let domain = MockServer::start(ISSUED_SECRET, |r| {
        MockResponse::ok(r, json!({"TaskNo": "T-1"}))
    })
    .await;
    let role = AssumeRoleProvider::new(ROLE_ARN, Credentials::new(SOURCE_ID, SOURCE_SECRET))
        .with_provider_config(config.clone());
    // Signature V1 here (the ECS test above signs with the default, V3).
    let client = Client::new(
        domain
            .config_builder()
            .credentials_provider(Arc::new(role))
            .signature_version(SignatureVersion::V1)
            .build()
            .unwrap(),
    )
    .unwrap();
    client.send(&renew()).await.unwrap();
    let request = &domain.requests()[0];
    assert_eq!(request.param("AccessKeyId"), Some("STS.role-1"));
    assert_eq!(request.param("SecurityToken"), Some("role-token-1"));
    assert!(request.signature_valid);

    // A role STS refuses: the call fails with Error::Credentials, sends
    // nothing to the Domain API, and is not retried.
    let refused =
        AssumeRoleProvider::new(ROLE_ARN, Credentials::new("LTAI-unknown", SOURCE_SECRET))
            .with_provider_config(config);
    let client = Client::new(
        domain
            .config_builder()
            .credentials_provider(Arc::new(refused))
            .build()
            .unwrap(),
    )
    .unwrap();
    let err = client.send(&renew()).await.unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert!(!err.is_retryable());
    assert!(
        err.to_string()
            .contains("HTTP 404 InvalidAccessKeyId.NotFound"),
        "{err}"
    );
    assert_eq!(domain.request_count(), 1);
    assert_eq!(sts.calls().len(), 2);
}
