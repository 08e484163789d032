//! No secret material leaks: the access key secret, the security token and
//! the signatures sent appear in no tracing output (captured at TRACE level)
//! and in no `Display`/`Debug` text of errors, clients or configurations,
//! even when the server echoes them back. The mock server's handlers put
//! the secret itself (which never travels), the token and the request's
//! signature into error messages, into every field of an error body, into
//! the `x-acs-request-id` header, and into the request id of a success.
//!
//! The same holds for the credential providers: secrets of the source
//! credentials, of issued credentials, OIDC tokens, metadata session tokens,
//! STS signatures and secrets in credentials URIs appear in no error, no
//! provider's `Debug` and no log line, also when a fake server echoes them.

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alibabacloud_domain::credentials::{
    AssumeRoleProvider, CredentialsError, CredentialsUriProvider, DefaultCredentialsChain,
    EcsRamRoleProvider, Env, ManualClock, OidcRoleProvider, ProvideCredentials, ProviderConfig,
};
use alibabacloud_domain::{
    Client, Credentials, Error, ResponseFormat, RetryConfig, SignatureVersion,
};
use alibabacloud_domain_tests::metadata::{FakeCredentialsUri, FakeMetadata, Fault as SourceFault};
use alibabacloud_domain_tests::ops::renew;
use alibabacloud_domain_tests::sts::FakeSts;
use alibabacloud_domain_tests::{sigv1, Fault, MockResponse, MockServer, RecordedRequest};
use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::credentials::test_clock;

const ACCESS_KEY_ID: &str = "LTAI-redaction-test-id";
const SECRET: &str = "SuperSecret/Value+1=";
const TOKEN: &str = "CAISToken+With/Chars==xyz";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Capture {
    /// Captures everything this thread logs, spans included, until the guard
    /// is dropped.
    fn start() -> (Self, tracing::subscriber::DefaultGuard) {
        let capture = Self::default();
        let writer = capture.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(FmtSpan::FULL)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        (capture, tracing::subscriber::set_default(subscriber))
    }

    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

fn sts() -> Credentials {
    Credentials::new(ACCESS_KEY_ID, SECRET).with_security_token(TOKEN)
}

fn client_for(
    server: &MockServer,
    format: ResponseFormat,
    retry: RetryConfig,
    attempt_timeout: Duration,
    version: SignatureVersion,
) -> Client {
    let config = server
        .config_builder()
        .credentials(sts())
        .signature_version(version)
        .response_format(format)
        .attempt_timeout(attempt_timeout)
        .retry_config(
            retry
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    Client::new(config).unwrap()
}

/// The signature received: `Signature` (V1) or the `Authorization`
/// header's (V3).
fn signature(req: &RecordedRequest) -> &str {
    req.signature().unwrap_or_default()
}

/// Echoes everything sensitive a careless or hostile server could know:
/// the secret (it never travels, but a server that verifies signatures
/// holds it), the token and the signature received, the raw query and
/// headers, the server's string-to-sign and V3's canonical request.
fn echo(req: &RecordedRequest) -> String {
    format!(
        "secret={SECRET} token={} signature={} query={:?} headers={:?} sts={} canonical={}",
        req.security_token().unwrap_or_default(),
        signature(req),
        req.query,
        req.headers,
        req.string_to_sign,
        req.canonical_request
    )
}

/// The same, in visible ASCII, for a header.
fn header_echo(req: &RecordedRequest) -> String {
    format!("{SECRET} {TOKEN} {}", signature(req))
}

fn describe(err: &Error, out: &mut Vec<String>) {
    out.push(err.to_string());
    out.push(format!("{err:?}"));
    out.push(format!("{err:#?}"));
    if let Some(id) = err.request_id() {
        out.push(id.to_owned());
    }
    if let Some(code) = err.code() {
        out.push(code.to_owned());
    }
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        out.push(s.to_string());
        out.push(format!("{s:?}"));
        source = s.source();
    }
}

fn forbidden_forms(values: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut forbidden = Vec::new();
    for (label, value) in values {
        forbidden.push(((*label).to_owned(), (*value).to_owned()));
        forbidden.push((format!("{label} encoded"), sigv1::encode(value)));
        forbidden.push((
            format!("{label} encoded twice"),
            sigv1::encode(&sigv1::encode(value)),
        ));
    }
    forbidden
}

fn assert_none_leaked<'a>(
    texts: impl IntoIterator<Item = (&'a str, &'a str)>,
    forbidden: &[(String, String)],
) {
    for (origin, text) in texts {
        for (label, value) in forbidden {
            assert!(
                !text.contains(value.as_str()),
                "{label} {value:?} leaked into {origin}:\n{text}"
            );
        }
    }
}

#[tokio::test]
async fn secrets_never_appear_in_logs_or_errors() {
    let (capture, _guard) = Capture::start();
    let mut texts = Vec::new();
    let mut signatures = Vec::new();

    type Handler = fn(&RecordedRequest) -> MockResponse;
    let normal = Duration::from_secs(10);
    let scenarios: Vec<(&str, Handler, ResponseFormat, RetryConfig, Duration)> = vec![
        (
            "success json",
            |r| MockResponse::ok(r, json!({"TaskNo": "T"})),
            ResponseFormat::Json,
            RetryConfig::standard(),
            normal,
        ),
        (
            "success xml",
            |r| MockResponse::ok(r, json!({"TaskNo": "T"})),
            ResponseFormat::Xml,
            RetryConfig::standard(),
            normal,
        ),
        (
            "server errors",
            |r| MockResponse::error(r, 503, "ServiceUnavailable", "down"),
            ResponseFormat::Json,
            RetryConfig::standard(),
            normal,
        ),
        (
            "echo in json error and request id header",
            |r| {
                MockResponse::error(r, 400, "InvalidParameter", &echo(r))
                    .header("x-acs-request-id", &header_echo(r))
            },
            ResponseFormat::Json,
            RetryConfig::standard(),
            normal,
        ),
        (
            "echo in xml error and request id header",
            |r| {
                MockResponse::error(r, 403, "Forbidden", &echo(r))
                    .header("x-acs-request-id", &header_echo(r))
            },
            ResponseFormat::Xml,
            RetryConfig::disabled(),
            normal,
        ),
        (
            "echo in every field of an error",
            |r| {
                MockResponse::json(
                    400,
                    &json!({
                        "Code": format!("Echo.{}", header_echo(r)),
                        "Message": echo(r),
                        "RequestId": header_echo(r),
                        "HostId": header_echo(r),
                        "Recommend": format!("https://error-center.example/?q={}", header_echo(r)),
                        "AccessDeniedDetail": {"Echo": echo(r)},
                    }),
                )
            },
            ResponseFormat::Json,
            RetryConfig::disabled(),
            normal,
        ),
        (
            "echo in html with request id header",
            |r| {
                MockResponse::text(502, "text/html", format!("<html>{}</html>", echo(r)))
                    .header("x-acs-request-id", &header_echo(r))
            },
            ResponseFormat::Json,
            RetryConfig::standard(),
            normal,
        ),
        (
            "echo in bad success",
            |r| {
                MockResponse::text(200, "application/json", echo(r))
                    .header("x-acs-request-id", &header_echo(r))
            },
            ResponseFormat::Json,
            RetryConfig::standard(),
            normal,
        ),
        (
            "echo in the request id of a success",
            |r| MockResponse::ok(r, json!({"TaskNo": "T", "RequestId": header_echo(r)})),
            ResponseFormat::Json,
            RetryConfig::standard(),
            normal,
        ),
        (
            "truncated",
            |r| MockResponse::ok(r, json!({"TaskNo": "T"})).fault(Fault::TruncateBody),
            ResponseFormat::Json,
            RetryConfig::standard(),
            normal,
        ),
        (
            "closed",
            |r| MockResponse::ok(r, json!({"TaskNo": "T"})).fault(Fault::CloseWithoutResponse),
            ResponseFormat::Json,
            RetryConfig::standard(),
            normal,
        ),
        (
            // The attempt's limit ends well before the answer would come.
            "slow",
            |r| MockResponse::ok(r, json!({"TaskNo": "T"})).delay(Duration::from_secs(2)),
            ResponseFormat::Json,
            RetryConfig::disabled(),
            Duration::from_millis(300),
        ),
    ];
    let runs = [SignatureVersion::V3, SignatureVersion::V1]
        .into_iter()
        .flat_map(|version| scenarios.iter().map(move |s| (version, *s)));
    for (version, (name, handler, format, retry, attempt_timeout)) in runs {
        let server = MockServer::start(SECRET, handler).await;
        let client = client_for(&server, format, retry, attempt_timeout, version);
        texts.push(format!("{client:?}"));
        texts.push(format!("{:?}", client.config()));
        // Successful outputs are the server's data, returned as sent; only
        // errors and logs are this crate's to keep clean.
        if let Err(err) = client.send(&renew()).await {
            describe(&err, &mut texts);
        }
        let requests = server.requests();
        assert!(!requests.is_empty(), "{name}: no request arrived");
        for req in &requests {
            assert!(
                req.signature_valid,
                "{version:?} {name}: the client's signature must verify"
            );
            signatures.push(signature(req).to_owned());
        }
    }

    // The server's own SignatureDoesNotMatch echo carries the token in its
    // string-to-sign with V1; the client must scrub it. (With V3 the string
    // to sign is a hash; the token is in the canonical request.)
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let server = MockServer::start("a-different-server-secret", |r| {
            MockResponse::ok(r, json!({}))
        })
        .await;
        let client = client_for(
            &server,
            ResponseFormat::Json,
            RetryConfig::standard(),
            normal,
            version,
        );
        let err = client.send(&renew()).await.unwrap_err();
        assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
        let req = &server.requests()[0];
        if version == SignatureVersion::V1 {
            assert!(
                err.to_string().contains(ACCESS_KEY_ID),
                "the access key id may stay: {err}"
            );
            assert!(req
                .string_to_sign
                .contains(&sigv1::encode(&sigv1::encode(TOKEN))));
        } else {
            assert!(req.canonical_request.contains(TOKEN));
        }
        describe(&err, &mut texts);
        signatures.extend(server.requests().iter().map(|r| signature(r).to_owned()));
    }

    let logs = capture.text();
    assert!(
        logs.contains("api_call") && logs.contains("product=\"Domain\""),
        "the call span was captured:\n{logs}"
    );
    assert!(logs.contains("SaveSingleTaskForCreatingOrderRenew"));
    assert!(logs.contains("http_status=503"), "{logs}");
    assert!(signatures.len() >= 24);

    let mut forbidden = forbidden_forms(&[("secret", SECRET), ("token", TOKEN)]);
    for signature in &signatures {
        forbidden.push(("signature".into(), signature.clone()));
        forbidden.push(("signature encoded".into(), sigv1::encode(signature)));
    }
    assert_none_leaked(
        std::iter::once(("tracing output", logs.as_str()))
            .chain(texts.iter().map(|t| ("error or debug text", t.as_str()))),
        &forbidden,
    );
    // The scrubbed echoes say so, in messages and in request ids.
    assert!(texts.iter().any(|t| t.contains("<redacted>")));
    assert!(
        logs.contains("request_id=\"<redacted> <redacted> <redacted>\"")
            || logs.contains("request_id=<redacted> <redacted> <redacted>"),
        "{logs}"
    );
}

// ------------------------------------------------------ credential providers

const SOURCE_ID: &str = "STS.redaction-source";
const SOURCE_SECRET: &str = "Source/Secret+Value=1";
const SOURCE_TOKEN: &str = "Source+Token/With==chars";
const ISSUED_SECRET: &str = "Issued/Secret+Value=2";
const OIDC_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.oidc+token/value.sig";
const ROLE_ARN: &str = "acs:ram::1:role/redaction";

fn provider_config(
    clock: &ManualClock,
    vars: &[(&str, &str)],
    metadata: &FakeMetadata,
    sts: &FakeSts,
) -> ProviderConfig {
    ProviderConfig::new()
        .with_env(Env::from_pairs(vars.iter().map(|&(k, v)| (k, v))))
        .with_clock(clock.clone())
        .with_ecs_metadata_endpoint(metadata.url())
        .with_sts_endpoint(sts.url())
}

/// Collects everything a provider and its outcome show.
fn record(
    texts: &mut Vec<String>,
    provider: &dyn ProvideCredentials,
    result: Result<Credentials, CredentialsError>,
) {
    texts.push(format!("{provider:?}"));
    texts.push(format!("{provider:#?}"));
    match result {
        Ok(creds) => texts.push(format!("{creds:?} {creds}")),
        Err(err) => {
            texts.push(err.to_string());
            texts.push(format!("{err:?}"));
            let mut source = std::error::Error::source(&err);
            while let Some(s) = source {
                texts.push(s.to_string());
                source = s.source();
            }
            let client_error = Error::Credentials(err);
            texts.push(client_error.to_string());
            texts.push(format!("{client_error:#?}"));
        }
    }
}

#[tokio::test]
async fn credential_providers_never_leak_secrets() {
    let (capture, _guard) = Capture::start();
    let clock = test_clock();
    let metadata = FakeMetadata::start(clock.clone(), ISSUED_SECRET).await;
    let sts = FakeSts::start(clock.clone(), ISSUED_SECRET).await;
    let uri = FakeCredentialsUri::start(clock.clone(), ISSUED_SECRET).await;
    sts.set_echo(true);
    let dir = std::env::temp_dir().join(format!(
        "alibabacloud-domain-redaction-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let token_file = dir.join("oidc-token");
    std::fs::write(&token_file, OIDC_TOKEN).unwrap();
    let cfg = |vars: &[(&str, &str)]| provider_config(&clock, vars, &metadata, &sts);
    let mut texts: Vec<String> = Vec::new();

    // ECS: success, then a refresh that fails with the secret echoed (the
    // stale credentials are kept and a warning logged), then answers that
    // quote the secret in a broken document and in a 500.
    let ecs = EcsRamRoleProvider::with_provider_config(cfg(&[]));
    let result = ecs.provide_credentials().await;
    record(&mut texts, &ecs, result);
    clock.advance(Duration::from_secs(3600 - 60));
    metadata.issuer().set_fault(Some(SourceFault::Echo(format!(
        "{ISSUED_SECRET} ecs-token-1"
    ))));
    let result = ecs.provide_credentials().await;
    assert!(result.is_ok(), "stale credentials kept");
    record(&mut texts, &ecs, result);
    for fault in [
        SourceFault::MalformedJson,
        SourceFault::Echo(ISSUED_SECRET.into()),
    ] {
        metadata.issuer().set_fault(Some(fault));
        let fresh = EcsRamRoleProvider::with_provider_config(cfg(&[]));
        let result = fresh.provide_credentials().await;
        assert!(result.is_err());
        record(&mut texts, &fresh, result);
    }
    metadata.issuer().set_fault(None);

    // AssumeRole with temporary source credentials that STS refuses: the
    // echoed string-to-sign carries the source token; then accepted.
    sts.allow(SOURCE_ID, "not-the-source-secret", Some(SOURCE_TOKEN));
    let source = Credentials::new(SOURCE_ID, SOURCE_SECRET).with_security_token(SOURCE_TOKEN);
    let role = AssumeRoleProvider::new(ROLE_ARN, source.clone())
        .with_provider_config(cfg(&[]))
        .with_external_id("EXTERNAL-ID-value");
    let result = role.provide_credentials().await;
    assert!(result.is_err());
    record(&mut texts, &role, result);
    sts.allow(SOURCE_ID, SOURCE_SECRET, Some("another-token"));
    let role = AssumeRoleProvider::new(ROLE_ARN, source).with_provider_config(cfg(&[]));
    let result = role.provide_credentials().await;
    assert!(result.is_err(), "token mismatch, echoed by the fake");
    record(&mut texts, &role, result);

    // OIDC: a token STS refuses and quotes.
    let token_path = token_file.to_str().unwrap().to_owned();
    let oidc = OidcRoleProvider::with_provider_config(cfg(&[
        ("ALIBABA_CLOUD_ROLE_ARN", ROLE_ARN),
        (
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
            "acs:ram::1:oidc-provider/x",
        ),
        ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", &token_path),
    ]));
    let result = oidc.provide_credentials().await;
    assert!(result.is_err());
    record(&mut texts, &oidc, result);

    // A credentials URI with a password and a signed query, answering with
    // the secret in a 500.
    uri.issuer()
        .set_fault(Some(SourceFault::Echo(ISSUED_SECRET.into())));
    let secret_uri =
        uri.uri().replace("http://", "http://agent:URI-PASSWORD@") + "?sig=URI-QUERY-SECRET";
    let by_uri = CredentialsUriProvider::with_provider_config(cfg(&[])).with_uri(&secret_uri);
    let result = by_uri.provide_credentials().await;
    assert!(result.is_err());
    record(&mut texts, &by_uri, result);

    // The chain over all of it, failing everywhere: one error naming them all.
    metadata.set_role(None);
    let chain = DefaultCredentialsChain::with_provider_config(cfg(&[
        ("ALIBABA_CLOUD_ROLE_ARN", ROLE_ARN),
        (
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
            "acs:ram::1:oidc-provider/x",
        ),
        ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", &token_path),
        ("ALIBABA_CLOUD_CREDENTIALS_URI", &secret_uri),
        (
            "ALIBABA_CLOUD_CREDENTIALS_FILE",
            dir.join("none.ini").to_str().unwrap(),
        ),
    ]));
    let result = chain.provide_credentials().await;
    assert!(result.is_err());
    record(&mut texts, &chain, result);

    let logs = capture.text();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(logs.contains("could not refresh credentials"), "{logs}");

    let sts_signatures: Vec<String> = sts
        .requests()
        .iter()
        .filter_map(|r| {
            r.query
                .iter()
                .find(|(n, _)| n == "Signature")
                .map(|(_, v)| v.clone())
        })
        .collect();
    assert!(sts_signatures.len() >= 2);
    let mut forbidden = forbidden_forms(&[
        ("source secret", SOURCE_SECRET),
        ("source token", SOURCE_TOKEN),
        ("issued secret", ISSUED_SECRET),
        ("OIDC token", OIDC_TOKEN),
        ("external id", "EXTERNAL-ID-value"),
    ]);
    for (label, value) in [
        ("issued token", "ecs-token-1"),
        ("metadata session token", "fake-imds-token-1"),
        ("URI password", "URI-PASSWORD"),
        ("URI query", "URI-QUERY-SECRET"),
    ] {
        forbidden.push((label.to_owned(), value.to_owned()));
    }
    for signature in sts_signatures {
        forbidden.push(("STS signature encoded".into(), sigv1::encode(&signature)));
        forbidden.push(("STS signature".into(), signature));
    }
    assert_none_leaked(
        std::iter::once(("tracing output", logs.as_str()))
            .chain(texts.iter().map(|t| ("error or debug text", t.as_str()))),
        &forbidden,
    );
    assert!(
        texts.iter().any(|t| t.contains("<redacted>")),
        "STS echoes were scrubbed, not dropped"
    );
}

/// A success's request id reaches the call span when something records
/// spans (the client reads it only then), redacted like every other text.
#[tokio::test]
async fn a_successful_call_records_its_redacted_request_id_in_the_span() {
    use alibabacloud_domain::operation::query_task_detail_list::QueryTaskDetailListInput;
    use alibabacloud_domain::test_util::{MockTransport, MOCK_ACCESS_KEY_SECRET};

    let (capture, _guard) = Capture::start();
    let echoed = format!("R-{MOCK_ACCESS_KEY_SECRET}");
    let transport = MockTransport::new()
        .reply::<QueryTaskDetailListInput>(json!({"RequestId": "R-plain", "Data": {}}))
        .reply::<QueryTaskDetailListInput>(json!({"RequestId": echoed, "Data": {}}));
    let client = transport.client();
    let input = QueryTaskDetailListInput::builder()
        .task_no("T-1")
        .page_num(1)
        .page_size(10)
        .build();
    for _ in 0..2 {
        client.query_task_detail_list(input.clone()).await.unwrap();
    }
    let logs = capture.text();
    assert!(
        logs.contains("request_id=\"R-plain\"") || logs.contains("request_id=R-plain"),
        "{logs}"
    );
    assert!(logs.contains("R-<redacted>"), "{logs}");
    assert!(!logs.contains(MOCK_ACCESS_KEY_SECRET), "{logs}");
    // The timings are there too: the attempt's in its debug event, the
    // call's in its span.
    assert!(
        logs.lines()
            .any(|l| l.contains("response received") && l.contains("elapsed_ms=")),
        "{logs}"
    );
    assert!(
        logs.lines()
            .any(|l| l.contains(" elapsed_ms=") && l.contains(": close ")),
        "{logs}"
    );
}
