//! No secret material leaks: the access key secret, the security token and
//! the signatures sent appear in no tracing output (captured at TRACE level)
//! and in no `Display`/`Debug` text of errors, clients or configurations,
//! even when the server echoes them back.

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alibabacloud_domain::{
    Client, Credentials, Error, ResponseFormat, RetryConfig, SignatureVersion,
};
use alibabacloud_domain_tests::ops::renew;
use alibabacloud_domain_tests::{sigv1, Fault, MockResponse, MockServer, RecordedRequest};
use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;

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

fn sts() -> Credentials {
    Credentials::new(ACCESS_KEY_ID, SECRET).with_security_token(TOKEN)
}

fn client_for(
    server: &MockServer,
    format: ResponseFormat,
    retry: RetryConfig,
    version: SignatureVersion,
) -> Client {
    let config = server
        .config_builder()
        .credentials(sts())
        .signature_version(version)
        .response_format(format)
        .attempt_timeout(Duration::from_millis(300))
        .retry_config(
            retry
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    Client::new(config).unwrap()
}

/// Echoes everything the server received (raw query and headers, signature,
/// token, V3's canonical request) into a response, as a careless or hostile
/// server might.
fn echo(req: &RecordedRequest) -> String {
    format!(
        "query={:?} headers={:?} signature={} token={} sts={} canonical={}",
        req.query,
        req.headers,
        req.signature().unwrap_or_default(),
        req.security_token().unwrap_or_default(),
        req.string_to_sign,
        req.canonical_request
    )
}

fn describe(err: &Error, out: &mut Vec<String>) {
    out.push(err.to_string());
    out.push(format!("{err:?}"));
    out.push(format!("{err:#?}"));
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        out.push(s.to_string());
        out.push(format!("{s:?}"));
        source = s.source();
    }
}

#[tokio::test]
async fn secrets_never_appear_in_logs_or_errors() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut texts = Vec::new();
    let mut signatures = Vec::new();
    let run = async {
        type Handler = fn(&RecordedRequest) -> MockResponse;
        let scenarios: Vec<(&str, Handler, ResponseFormat, RetryConfig)> = vec![
            (
                "success json",
                |r| MockResponse::ok(r, json!({"TaskNo": "T"})),
                ResponseFormat::Json,
                RetryConfig::standard(),
            ),
            (
                "success xml",
                |r| MockResponse::ok(r, json!({"TaskNo": "T"})),
                ResponseFormat::Xml,
                RetryConfig::standard(),
            ),
            (
                "server errors",
                |r| MockResponse::error(r, 503, "ServiceUnavailable", "down"),
                ResponseFormat::Json,
                RetryConfig::standard(),
            ),
            (
                "echo in json error",
                |r| MockResponse::error(r, 400, "InvalidParameter", &echo(r)),
                ResponseFormat::Json,
                RetryConfig::standard(),
            ),
            (
                "echo in xml error",
                |r| MockResponse::error(r, 403, "Forbidden", &echo(r)),
                ResponseFormat::Xml,
                RetryConfig::disabled(),
            ),
            (
                "echo in html",
                |r| MockResponse::text(502, "text/html", format!("<html>{}</html>", echo(r))),
                ResponseFormat::Json,
                RetryConfig::standard(),
            ),
            (
                "echo in bad success",
                |r| MockResponse::text(200, "application/json", echo(r)),
                ResponseFormat::Json,
                RetryConfig::standard(),
            ),
            (
                "echo in access denied detail",
                |r| {
                    MockResponse::json(
                        403,
                        &json!({"Code": "NoPermission", "Message": "no", "AccessDeniedDetail": {"Echo": echo(r)}}),
                    )
                },
                ResponseFormat::Json,
                RetryConfig::disabled(),
            ),
            (
                "truncated",
                |r| MockResponse::ok(r, json!({"TaskNo": "T"})).fault(Fault::TruncateBody),
                ResponseFormat::Json,
                RetryConfig::standard(),
            ),
            (
                "closed",
                |r| MockResponse::ok(r, json!({"TaskNo": "T"})).fault(Fault::CloseWithoutResponse),
                ResponseFormat::Json,
                RetryConfig::standard(),
            ),
            (
                "slow",
                |r| MockResponse::ok(r, json!({"TaskNo": "T"})).delay(Duration::from_secs(2)),
                ResponseFormat::Json,
                RetryConfig::disabled(),
            ),
        ];
        let runs = [SignatureVersion::V3, SignatureVersion::V1]
            .into_iter()
            .flat_map(|version| scenarios.iter().map(move |s| (version, *s)));
        for (version, (name, handler, format, retry)) in runs {
            let server = MockServer::start(SECRET, handler).await;
            let client = client_for(&server, format, retry, version);
            texts.push(format!("{client:?}"));
            texts.push(format!("{:?}", client.config()));
            match client.send(&renew()).await {
                Ok(out) => texts.push(format!("{out:?}")),
                Err(err) => describe(&err, &mut texts),
            }
            let requests = server.requests();
            assert!(!requests.is_empty(), "{name}: no request arrived");
            for req in &requests {
                assert!(
                    req.signature_valid,
                    "{version:?} {name}: the client's signature must verify"
                );
                signatures.push(req.signature().unwrap().to_owned());
            }
        }

        // The server's own SignatureDoesNotMatch echo carries the token in
        // its string-to-sign with V1; the client must scrub it. (With V3 the
        // string to sign is a hash; the token is in the canonical request.)
        for version in [SignatureVersion::V1, SignatureVersion::V3] {
            let server = MockServer::start("a-different-server-secret", |r| {
                MockResponse::ok(r, json!({}))
            })
            .await;
            let client = client_for(
                &server,
                ResponseFormat::Json,
                RetryConfig::standard(),
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
            signatures.extend(
                server
                    .requests()
                    .iter()
                    .map(|r| r.signature().unwrap().to_owned()),
            );
        }
    };
    tokio::time::timeout(Duration::from_secs(30), run)
        .await
        .expect("scenarios took longer than 30 s");

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("domain_call"),
        "the call span was captured:\n{logs}"
    );
    assert!(logs.contains("SaveSingleTaskForCreatingOrderRenew"));
    assert!(logs.contains("http_status=503"), "{logs}");
    assert!(signatures.len() >= 24);

    let mut forbidden: Vec<(String, String)> = Vec::new();
    for (label, value) in [("secret", SECRET), ("token", TOKEN)] {
        forbidden.push((label.into(), value.into()));
        forbidden.push((format!("{label} encoded"), sigv1::encode(value)));
        forbidden.push((
            format!("{label} encoded twice"),
            sigv1::encode(&sigv1::encode(value)),
        ));
    }
    for signature in &signatures {
        forbidden.push(("signature".into(), signature.clone()));
        forbidden.push(("signature encoded".into(), sigv1::encode(signature)));
    }
    let everything = std::iter::once(("tracing output", logs.as_str()))
        .chain(texts.iter().map(|t| ("error or debug text", t.as_str())));
    for (origin, text) in everything {
        for (label, value) in &forbidden {
            assert!(
                !text.contains(value.as_str()),
                "{label} {value:?} leaked into {origin}:\n{text}"
            );
        }
    }
    // The scrubbed echoes say so.
    assert!(texts.iter().any(|t| t.contains("<redacted>")));
}
