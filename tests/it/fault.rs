//! End-to-end behaviour of the client against the mock endpoint: success,
//! error bodies, retries, timeouts and broken responses. Every test is
//! bounded with `tokio::time::timeout`.

use std::collections::HashSet;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use alibabacloud_domain::runtime::{
    CredentialsError, Operation, Params, ProvideCredentials, TimeoutKind,
};
use alibabacloud_domain::{Client, Credentials, Error, ResponseFormat, RetryConfig};
use alibabacloud_domain_tests::ops::{renew, RenewOutput};
use alibabacloud_domain_tests::{sigv1, Fault, MockResponse, MockServer, RecordedRequest};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SECRET: &str = "mock-secret-value";

async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("test took longer than 20 s")
}

fn ok_task(req: &RecordedRequest) -> MockResponse {
    MockResponse::ok(req, json!({"RequestId": "REQ-OK", "TaskNo": "TASK-1"}))
}

fn client(server: &MockServer) -> Client {
    Client::new(server.config_builder().build().unwrap()).unwrap()
}

fn service(err: &Error) -> &alibabacloud_domain::runtime::ServiceError {
    match err {
        Error::Service(e) => e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn decode(err: &Error) -> &alibabacloud_domain::runtime::InvalidResponse {
    match err {
        Error::Decode(e) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn success_in_json_is_a_signed_post_with_an_empty_body() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let out = client(&server).send(&renew()).await.unwrap();
        assert_eq!(
            (out.request_id.as_str(), out.task_no.as_str()),
            ("REQ-OK", "TASK-1")
        );
        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        let req = &requests[0];
        assert!(req.signature_valid, "{}", req.string_to_sign);
        assert_eq!(req.method, "POST");
        assert_eq!(req.path, "/");
        assert!(req.body.is_empty());
        assert_eq!(
            req.param("Action"),
            Some("SaveSingleTaskForCreatingOrderRenew")
        );
        assert_eq!(
            req.param("Version"),
            Some(alibabacloud_domain::product::API_VERSION)
        );
        assert_eq!(req.param("Format"), Some("JSON"));
        assert_eq!(req.param("AccessKeyId"), Some("mock-access-key-id"));
        assert_eq!(req.param("SignatureMethod"), Some("HMAC-SHA1"));
        assert_eq!(req.param("SignatureVersion"), Some("1.0"));
        assert_eq!(req.param("DomainName"), Some("例子 a*b~c/d+e=f&g.com"));
        assert_eq!(req.param("SecurityToken"), None);
        assert_eq!(
            req.header("x-acs-action"),
            Some("SaveSingleTaskForCreatingOrderRenew")
        );
        assert_eq!(
            req.header("x-acs-version"),
            Some(alibabacloud_domain::product::API_VERSION)
        );
        assert!(req
            .header("user-agent")
            .unwrap()
            .starts_with("alibabacloud-domain/"));
        let nonce = req.param("SignatureNonce").unwrap();
        assert_eq!(nonce.len(), 32);
        assert!(nonce
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    })
    .await;
}

#[tokio::test]
async fn success_in_xml() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let config = server
            .config_builder()
            .response_format(ResponseFormat::Xml)
            .build()
            .unwrap();
        let out = Client::new(config).unwrap().send(&renew()).await.unwrap();
        assert_eq!(out.task_no, "TASK-1");
        assert_eq!(server.requests()[0].param("Format"), Some("XML"));
    })
    .await;
}

#[tokio::test]
async fn sts_token_is_sent_and_signed() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let config = server
            .config_builder()
            .credentials(Credentials::new("sts-id", SECRET).with_security_token("CAIS+tok/en=="))
            .build()
            .unwrap();
        Client::new(config).unwrap().send(&renew()).await.unwrap();
        let req = &server.requests()[0];
        assert!(req.signature_valid);
        assert_eq!(req.param("SecurityToken"), Some("CAIS+tok/en=="));
        assert_eq!(req.param("AccessKeyId"), Some("sts-id"));
    })
    .await;
}

#[tokio::test]
async fn json_error_body_is_a_service_error_and_not_retried() {
    bounded(async {
        let server = MockServer::start(SECRET, |req| {
            MockResponse::error(req, 400, "DomainNotExist", "The domain does not exist.")
        })
        .await;
        let err = client(&server).send(&renew()).await.unwrap_err();
        let e = service(&err);
        assert_eq!(
            (e.status(), e.code(), e.message()),
            (400, "DomainNotExist", "The domain does not exist.")
        );
        assert!(e.request_id().is_some());
        assert_eq!(e.host_id(), Some("domain.aliyuncs.com"));
        assert!(e.recommend().unwrap().contains("DomainNotExist"));
        assert_eq!(err.code(), Some("DomainNotExist"));
        assert_eq!(err.request_id(), e.request_id());
        assert!(!err.is_retryable() && !err.is_throttling());
        let text = err.to_string();
        assert!(
            text.starts_with(&format!(
                "Domain API error DomainNotExist (HTTP 400, request id {})",
                e.request_id().unwrap()
            )),
            "{text}"
        );
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

#[tokio::test]
async fn xml_error_body_is_a_service_error() {
    bounded(async {
        let server = MockServer::start(SECRET, |req| {
            MockResponse::error(req, 400, "InvalidParameter", "bad <value> & more")
        })
        .await;
        let config = server
            .config_builder()
            .response_format(ResponseFormat::Xml)
            .build()
            .unwrap();
        let err = Client::new(config)
            .unwrap()
            .send(&renew())
            .await
            .unwrap_err();
        let e = service(&err);
        assert_eq!(
            (e.status(), e.code(), e.message()),
            (400, "InvalidParameter", "bad <value> & more")
        );
        assert!(e.recommend().unwrap().contains("&product=Domain"));
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

#[tokio::test]
async fn lower_camel_json_error_keys_are_read() {
    bounded(async {
        let server = MockServer::start(SECRET, |_| {
            MockResponse::json(
                400,
                &json!({"requestId": "R-lc", "code": "Forbidden.RiskControl", "message": "risk"}),
            )
        })
        .await;
        let err = client(&server).send(&renew()).await.unwrap_err();
        let e = service(&err);
        assert_eq!(
            (e.code(), e.message(), e.request_id()),
            ("Forbidden.RiskControl", "risk", Some("R-lc"))
        );
    })
    .await;
}

#[tokio::test]
async fn wrong_secret_is_signature_does_not_match() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let config = server
            .config_builder()
            .credentials(Credentials::new("mock-access-key-id", "not-the-secret"))
            .build()
            .unwrap();
        let err = Client::new(config)
            .unwrap()
            .send(&renew())
            .await
            .unwrap_err();
        let e = service(&err);
        assert_eq!((e.status(), e.code()), (403, "SignatureDoesNotMatch"));
        assert!(e
            .message()
            .contains("server string to sign is:POST&%2F&AccessKeyId%3Dmock-access-key-id"));
        assert!(!err.is_retryable());
        assert_eq!(server.request_count(), 1);
        assert!(!server.requests()[0].signature_valid);
    })
    .await;
}

#[tokio::test]
async fn unavailable_then_throttled_then_success_is_retried_with_fresh_nonces() {
    bounded(async {
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&calls);
        let server = MockServer::start(SECRET, move |req| {
            match seen.fetch_add(1, Ordering::SeqCst) {
                0 => MockResponse::error(
                    req,
                    503,
                    "ServiceUnavailable",
                    "The request has failed due to a temporary failure of the server.",
                ),
                1 => MockResponse::error(
                    req,
                    400,
                    "Throttling.User",
                    "Request was denied due to user flow control.",
                ),
                _ => ok_task(req),
            }
        })
        .await;
        let out = client(&server).send(&renew()).await.unwrap();
        assert_eq!(out.task_no, "TASK-1");
        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        assert!(requests
            .iter()
            .all(|r| r.signature_valid && r.rejected_with.is_none()));
        let nonces: HashSet<_> = requests
            .iter()
            .map(|r| r.param("SignatureNonce").unwrap())
            .collect();
        assert_eq!(nonces.len(), 3, "every attempt has its own nonce");
        let signatures: HashSet<_> = requests
            .iter()
            .map(|r| r.param("Signature").unwrap())
            .collect();
        assert_eq!(signatures.len(), 3, "every attempt is signed anew");
        assert_eq!(requests[0].header("x-acs-retry-attempts"), None);
        assert_eq!(requests[2].header("x-acs-retry-attempts"), Some("2"));
    })
    .await;
}

#[tokio::test]
async fn server_errors_beyond_the_budget_return_the_last_error() {
    bounded(async {
        let server = MockServer::start(SECRET, |req| {
            MockResponse::error(req, 500, "InternalError", "oops")
        })
        .await;
        let err = client(&server).send(&renew()).await.unwrap_err();
        assert_eq!(service(&err).code(), "InternalError");
        assert!(err.is_retryable());
        assert_eq!(server.request_count(), 3);

        let four = client(&server).with_retry_config(
            RetryConfig::standard()
                .with_max_attempts(4)
                .with_initial_backoff(Duration::from_millis(1)),
        );
        four.send(&renew()).await.unwrap_err();
        assert_eq!(server.request_count(), 7);
    })
    .await;
}

#[tokio::test]
async fn retries_disabled_means_exactly_one_attempt() {
    bounded(async {
        let server = MockServer::start(SECRET, |req| {
            MockResponse::error(req, 503, "ServiceUnavailable", "down")
        })
        .await;
        // Per call.
        let err = client(&server)
            .with_retry_config(RetryConfig::disabled())
            .send(&renew())
            .await
            .unwrap_err();
        assert_eq!(service(&err).status(), 503);
        assert_eq!(server.request_count(), 1);
        // Per client.
        let config = server
            .config_builder()
            .retry_config(RetryConfig::disabled())
            .build()
            .unwrap();
        Client::new(config)
            .unwrap()
            .send(&renew())
            .await
            .unwrap_err();
        assert_eq!(server.request_count(), 2);
    })
    .await;
}

#[tokio::test]
async fn retry_after_header_is_honoured_as_milliseconds() {
    bounded(async {
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&calls);
        let server = MockServer::start(SECRET, move |req| {
            if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                MockResponse::error(req, 400, "Throttling", "slow down")
                    .header("x-acs-retry-after", "150")
            } else {
                ok_task(req)
            }
        })
        .await;
        let started = Instant::now();
        client(&server).send(&renew()).await.unwrap();
        // The mock's config caps back-off at 200 ms, so 150 ms is used as is.
        assert!(
            started.elapsed() >= Duration::from_millis(150),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(server.request_count(), 2);

        // Without retries, the throttling error exposes the delay.
        let server = MockServer::start(SECRET, |req| {
            MockResponse::error(req, 400, "Throttling.Api", "slow down")
                .header("x-acs-retry-after", "1500")
        })
        .await;
        let err = client(&server)
            .with_retry_config(RetryConfig::disabled())
            .send(&renew())
            .await
            .unwrap_err();
        assert!(err.is_throttling());
        assert_eq!(err.retry_after(), Some(Duration::from_millis(1500)));
    })
    .await;
}

#[tokio::test]
async fn html_body_is_a_decode_error() {
    bounded(async {
        let server = MockServer::start(SECRET, |_| MockResponse::html(502)).await;
        let err = client(&server).send(&renew()).await.unwrap_err();
        let e = decode(&err);
        assert_eq!(e.status(), 502);
        assert!(e.body_snippet().starts_with("<html>"));
        assert!(err.is_retryable(), "a 5xx page from a proxy is transient");
        assert_eq!(server.request_count(), 3);
        assert!(err.to_string().contains("HTTP 502"), "{err}");

        let server = MockServer::start(SECRET, |_| MockResponse::html(200)).await;
        let err = client(&server).send(&renew()).await.unwrap_err();
        assert_eq!(decode(&err).status(), 200);
        assert!(!err.is_retryable());
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

#[tokio::test]
async fn empty_body_is_a_decode_error() {
    bounded(async {
        let server = MockServer::start(SECRET, |_| MockResponse::empty(200)).await;
        let err = client(&server).send(&renew()).await.unwrap_err();
        let e = decode(&err);
        assert_eq!((e.status(), e.body_len()), (200, 0));
        assert!(err.to_string().contains("empty"), "{err}");
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_a_bounded_snippet() {
    bounded(async {
        let long = "例".repeat(500);
        let body = format!(r#"{{"RequestId":"R","TaskNo":"{long}"#);
        let server = MockServer::start(SECRET, move |_| {
            MockResponse::text(200, "application/json", body.clone())
        })
        .await;
        let err = client(&server).send(&renew()).await.unwrap_err();
        let e = decode(&err);
        assert!(e.body_snippet().chars().count() <= 201);
        assert!(e.body_snippet().starts_with(r#"{"RequestId":"R""#));
        assert!(std::error::Error::source(&err).is_some());
    })
    .await;
}

#[tokio::test]
async fn success_with_the_wrong_shape_is_a_decode_error() {
    bounded(async {
        let server =
            MockServer::start(SECRET, |req| MockResponse::ok(req, json!({"Nothing": 1}))).await;
        let err = client(&server).send(&renew()).await.unwrap_err();
        assert!(
            decode(&err).request_id().is_some(),
            "the RequestId of the body is kept"
        );
    })
    .await;
}

#[tokio::test]
async fn body_shorter_than_its_content_length_is_a_transport_error() {
    bounded(async {
        let server = MockServer::start(SECRET, |req| ok_task(req).fault(Fault::TruncateBody)).await;
        let err = client(&server)
            .with_retry_config(RetryConfig::disabled())
            .send(&renew())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
        assert!(err.is_retryable());
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

#[tokio::test]
async fn connection_closed_before_the_response_is_a_transport_error() {
    bounded(async {
        let server = MockServer::start(SECRET, |req| {
            ok_task(req).fault(Fault::CloseWithoutResponse)
        })
        .await;
        let err = client(&server).send(&renew()).await.unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
        assert!(err.to_string().contains("may have been processed"), "{err}");
        assert_eq!(server.request_count(), 3);

        // The safe setting for task submissions does not retry it.
        let careful = client(&server)
            .with_retry_config(server_retry().with_retry_on_ambiguous_failures(false));
        careful.send(&renew()).await.unwrap_err();
        assert_eq!(server.request_count(), 4);
    })
    .await;
}

fn server_retry() -> RetryConfig {
    RetryConfig::standard().with_initial_backoff(Duration::from_millis(1))
}

#[tokio::test]
async fn slow_response_times_out_per_attempt() {
    bounded(async {
        let server =
            MockServer::start(SECRET, |req| ok_task(req).delay(Duration::from_secs(3))).await;
        let config = server
            .config_builder()
            .attempt_timeout(Duration::from_millis(200))
            .retry_config(RetryConfig::disabled())
            .build()
            .unwrap();
        let started = Instant::now();
        let err = Client::new(config)
            .unwrap()
            .send(&renew())
            .await
            .unwrap_err();
        match &err {
            Error::Timeout(t) => {
                assert_eq!(t.kind(), TimeoutKind::Attempt);
                assert_eq!(t.limit(), Duration::from_millis(200));
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
        assert!(started.elapsed() < Duration::from_secs(2));
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

#[tokio::test]
async fn total_timeout_bounds_all_attempts() {
    bounded(async {
        let server =
            MockServer::start(SECRET, |req| ok_task(req).delay(Duration::from_secs(3))).await;
        let config = server
            .config_builder()
            .attempt_timeout(Duration::from_millis(150))
            .total_timeout(Duration::from_millis(250))
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(10)
                    .with_initial_backoff(Duration::from_millis(1)),
            )
            .build()
            .unwrap();
        let started = Instant::now();
        let err = Client::new(config)
            .unwrap()
            .send(&renew())
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Timeout(t) if t.kind() == TimeoutKind::Total),
            "{err:?}"
        );
        assert!(!err.is_retryable());
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(server.request_count() <= 2);
    })
    .await;
}

#[tokio::test]
async fn refused_connection_is_a_connect_error() {
    bounded(async {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let config = alibabacloud_domain::Config::builder()
            .endpoint(format!("http://127.0.0.1:{port}"))
            .credentials(Credentials::new("id", SECRET))
            .retry_config(server_retry())
            .build()
            .unwrap();
        let err = Client::new(config)
            .unwrap()
            .send(&renew())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Connect(_)), "{err:?}");
        assert!(err.is_retryable());
        assert!(err.to_string().starts_with("could not connect"), "{err}");
    })
    .await;
}

#[tokio::test]
async fn nonce_reuse_would_be_caught_by_the_mock() {
    // Guards the guard: a replayed request is refused, so the distinct-nonce
    // assertions above are meaningful.
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let c = client(&server);
        c.send(&renew()).await.unwrap();
        let first = &server.requests()[0];
        let query: Vec<String> = first
            .query
            .iter()
            .map(|(n, v)| format!("{}={}", sigv1::encode(n), sigv1::encode(v)))
            .collect();
        let raw = format!(
            "POST /?{} HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            query.join("&")
        );
        let mut stream = TcpStream::connect(server.endpoint().trim_start_matches("http://"))
            .await
            .unwrap();
        stream.write_all(raw.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
        assert!(answer.contains("SignatureNonceUsed"), "{answer}");
        assert_eq!(
            server.requests()[1].rejected_with.as_deref(),
            Some("SignatureNonceUsed")
        );
    })
    .await;
}

#[tokio::test]
async fn clones_share_one_client_and_run_concurrently() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let c = client(&server);
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let c = c.clone();
                tokio::spawn(async move { c.send(&renew()).await.map(|o| o.task_no) })
            })
            .collect();
        for h in handles {
            assert_eq!(h.await.unwrap().unwrap(), "TASK-1");
        }
        assert_eq!(server.request_count(), 8);
    })
    .await;
}

/// A provider that always fails, like an expired or missing credential.
#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        Err(CredentialsError::custom("vault", "lease expired"))
    }
}

#[tokio::test]
async fn credentials_failure_sends_nothing_and_is_not_retried() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let config = server
            .config_builder()
            .credentials_provider(Arc::new(NoCredentials))
            .build()
            .unwrap();
        let err = Client::new(config)
            .unwrap()
            .send(&renew())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Credentials(_)), "{err:?}");
        assert!(!err.is_retryable());
        assert!(err.to_string().contains("vault"), "{err}");
        assert!(std::error::Error::source(&err).is_some());
        assert_eq!(server.request_count(), 0);
    })
    .await;
}

#[tokio::test]
async fn invalid_per_call_retry_policy_is_a_config_error() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let err = client(&server)
            .with_retry_config(RetryConfig::standard().with_max_attempts(0))
            .send(&renew())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert_eq!(server.request_count(), 0);
    })
    .await;
}

/// An operation with a large value that belongs in a form body.
struct SubmitCredential {
    credential: String,
}

impl Operation for SubmitCredential {
    const ACTION: &'static str = "SaveTaskForUpdatingRegistrantInfoByIdentityCredential";
    type Output = RenewOutput;

    fn write_params(&self, params: &mut Params) {
        params.push("IdentityCredential", self.credential.as_str());
        params.push("DomainName.1", "例子.com");
        params.push("DomainName.2", "b.com");
    }
}

#[tokio::test]
async fn form_fields_travel_in_a_signed_body() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        // 150 KB of Base64-like text: too long for a URL.
        let credential: String = "AZaz09+/=".repeat(150_000 / 9);
        let input = SubmitCredential {
            credential: credential.clone(),
        };
        let out = client(&server)
            .send_with_form_fields(&input, &["IdentityCredential"])
            .await
            .unwrap();
        assert_eq!(out.task_no, "TASK-1");
        let req = &server.requests()[0];
        assert!(req.signature_valid, "the signature covers query and body");
        assert_eq!(
            req.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert!(req.query.iter().all(|(n, _)| n != "IdentityCredential"));
        assert_eq!(req.form.len(), 1);
        assert_eq!(req.param("IdentityCredential"), Some(credential.as_str()));
        assert_eq!(req.param("DomainName.1"), Some("例子.com"));
        assert!(req.query.iter().any(|(n, _)| n == "Signature"));
    })
    .await;
}

#[tokio::test]
async fn a_panicking_mock_handler_fails_the_test_clearly() {
    bounded(async {
        let server = MockServer::start(SECRET, |_| -> MockResponse { panic!("boom") }).await;
        let err = client(&server)
            .with_retry_config(RetryConfig::disabled())
            .send(&renew())
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some("MockHandlerPanicked"));
        assert_eq!(server.handler_panics(), ["boom"]);
        let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(server)));
        assert!(dropped.is_err(), "dropping the server reports the panic");
    })
    .await;
}
