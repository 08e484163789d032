//! End-to-end behaviour of the client against the mock endpoint: success,
//! error bodies, retries, timeouts and broken responses, and the retry
//! policy per kind of operation, counted at the server.
//!
//! No test measures wall-clock time. Tests about timeouts, back-off and
//! retry delays run on Tokio's paused clock (`start_paused = true`): time
//! only moves when every task waits, straight to the next timer, so "the
//! server is still working when the attempt times out" is a fact of the
//! test, not a race. Every test is bounded with `tokio::time::timeout`.
//!
//! A refused connection reaches no server, so no server can count it. Those
//! attempts are counted twice, independently: by the error
//! ([`Error::attempts`]) and by a credentials provider that counts how often
//! it is asked, which the client does once per attempt, before connecting.
//! The refusing port is held by a bound socket that does not listen, so no
//! other test can take it over.

use std::collections::HashSet;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use alibabacloud_domain::credentials::{
    CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
};
use alibabacloud_domain::error::TimeoutKind;
use alibabacloud_domain::operation::query_task_detail_list::QueryTaskDetailListInput;
use alibabacloud_domain::operation::save_single_task_for_synchronizing_ds_record::SaveSingleTaskForSynchronizingDsRecordInput;
use alibabacloud_domain::{
    Client, Credentials, Error, ResponseFormat, RetryBudget, RetryConfig, SignatureVersion,
};
use alibabacloud_domain_tests::mock::MOCK_ACCESS_KEY_ID;
use alibabacloud_domain_tests::ops::{renew, RenewOutput};
use alibabacloud_domain_tests::{sigv1, Fault, MockResponse, MockServer, RecordedRequest};
use alibabacloud_runtime::unstable::{Operation, OperationKind, Params};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::time::Instant;

const SECRET: &str = "mock-secret-value";

async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(60), future)
        .await
        .expect("test took longer than 60 s")
}

fn ok_task(req: &RecordedRequest) -> MockResponse {
    MockResponse::ok(req, json!({"RequestId": "REQ-OK", "TaskNo": "TASK-1"}))
}

fn client(server: &MockServer) -> Client {
    Client::new(server.config_builder().build().unwrap()).unwrap()
}

fn service(err: &Error) -> &alibabacloud_domain::error::ServiceError {
    match err {
        Error::Service(e) => e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn decode(err: &Error) -> &alibabacloud_domain::error::InvalidResponse {
    match err {
        Error::Decode(e) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// A read-only operation (generated): retried after every transient failure.
fn query() -> QueryTaskDetailListInput {
    QueryTaskDetailListInput::builder()
        .task_no("TASK-1")
        .page_num(1)
        .page_size(10)
        .build()
}

/// A mutating operation (generated): a task submission.
fn sync_ds() -> SaveSingleTaskForSynchronizingDsRecordInput {
    SaveSingleTaskForSynchronizingDsRecordInput::new("example.com")
}

/// A local port that refuses connections: a socket bound to it, never
/// listening, keeps it from being reused while the test runs.
fn refusing_port() -> (TcpSocket, SocketAddr) {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = socket.local_addr().unwrap();
    (socket, addr)
}

/// Static credentials that count how often the client asks for them.
#[derive(Debug, Default)]
struct CountingCredentials(AtomicUsize);

impl ProvideCredentials for CountingCredentials {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        self.0.fetch_add(1, Ordering::SeqCst);
        ProvideCredentialsFuture::ready(Ok(Credentials::new(MOCK_ACCESS_KEY_ID, SECRET)))
    }
}

#[tokio::test]
async fn success_in_json_is_a_signed_post_with_an_empty_body() {
    // The V1 wire format; `e2e.rs` checks V3's.
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let v1 = server
            .config_builder()
            .signature_version(SignatureVersion::V1)
            .build()
            .unwrap();
        let out = Client::new(v1).unwrap().send(&renew()).await.unwrap();
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
        assert_eq!(req.security_token(), Some("CAIS+tok/en=="));
        assert_eq!(req.access_key_id(), Some("sts-id"));
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
            .signature_version(SignatureVersion::V1)
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
        let nonces: HashSet<_> = requests.iter().map(|r| r.nonce().unwrap()).collect();
        assert_eq!(nonces.len(), 3, "every attempt has its own nonce");
        let signatures: HashSet<_> = requests.iter().map(|r| r.signature().unwrap()).collect();
        assert_eq!(signatures.len(), 3, "every attempt is signed anew");
        assert_eq!(requests[0].header("x-acs-retry-attempts"), None);
        assert_eq!(requests[2].header("x-acs-retry-attempts"), Some("2"));
    })
    .await;
}

// ------------------------------------------------ retries by operation kind

/// A way the endpoint fails, as real networks and services do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FaultMode {
    /// The server reads the request and closes the connection unanswered.
    Close,
    /// `500 InternalError`.
    InternalError,
    /// `502` with a load balancer's HTML page (an unreadable response).
    BadGateway,
    /// `504` with an error body.
    GatewayTimeout,
    /// The server is still working when the attempt times out.
    Slow,
    /// `400 Throttling.User`.
    Throttle,
    /// `503 ServiceUnavailable`.
    Unavailable,
    /// Nothing listens: the connection is refused.
    Refused,
}

impl FaultMode {
    const ALL: [FaultMode; 8] = [
        FaultMode::Close,
        FaultMode::InternalError,
        FaultMode::BadGateway,
        FaultMode::GatewayTimeout,
        FaultMode::Slow,
        FaultMode::Throttle,
        FaultMode::Unavailable,
        FaultMode::Refused,
    ];

    fn respond(self, req: &RecordedRequest) -> MockResponse {
        match self {
            FaultMode::Close => ok_task(req).fault(Fault::CloseWithoutResponse),
            FaultMode::InternalError => MockResponse::error(
                req,
                500,
                "InternalError",
                "The request processing has failed due to some unknown error.",
            ),
            FaultMode::BadGateway => MockResponse::html(502),
            FaultMode::GatewayTimeout => {
                MockResponse::error(req, 504, "GatewayTimeout", "The gateway timed out.")
            }
            // Far beyond the attempt timeout of `fault_client`.
            FaultMode::Slow => ok_task(req).delay(Duration::from_secs(3600)),
            FaultMode::Throttle => MockResponse::error(
                req,
                400,
                "Throttling.User",
                "Request was denied due to user flow control.",
            ),
            FaultMode::Unavailable => MockResponse::error(
                req,
                503,
                "ServiceUnavailable",
                "The request has failed due to a temporary failure of the server.",
            ),
            FaultMode::Refused => unreachable!("no server answers a refused connection"),
        }
    }

    /// Whether the failure leaves it open whether the request was processed.
    fn is_ambiguous(self) -> bool {
        !matches!(
            self,
            FaultMode::Throttle | FaultMode::Unavailable | FaultMode::Refused
        )
    }
}

/// A client for `endpoint` with the default retry policy (3 attempts), a
/// 2 s attempt timeout, and credentials that count attempts.
fn fault_client(endpoint: &str, credentials: &Arc<CountingCredentials>) -> Client {
    let config = alibabacloud_domain::Config::builder()
        .endpoint(endpoint)
        .credentials_provider(Arc::clone(credentials) as Arc<dyn ProvideCredentials>)
        .connect_timeout(Duration::from_secs(1))
        .attempt_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    Client::new(config).unwrap()
}

/// Sends `input` once against an endpoint failing in `mode`; returns the
/// error, how many requests the server received (`None` for a refused
/// connection) and how many attempts asked for credentials.
async fn run_fault<O: Operation>(mode: FaultMode, input: &O) -> (Error, Option<usize>, usize) {
    let credentials = Arc::new(CountingCredentials::default());
    if mode == FaultMode::Refused {
        let (_held, addr) = refusing_port();
        let client = fault_client(&format!("http://{addr}"), &credentials);
        let err = client.send(input).await.err().expect("the call fails");
        return (err, None, credentials.0.load(Ordering::SeqCst));
    }
    let server = MockServer::start(SECRET, move |req| mode.respond(req)).await;
    let client = fault_client(&server.endpoint(), &credentials);
    let err = client.send(input).await.err().expect("the call fails");
    let requests = server.requests();
    assert!(
        requests
            .iter()
            .all(|r| r.signature_valid && r.rejected_with.is_none()),
        "{mode:?}: every attempt is a valid, freshly signed request"
    );
    (
        err,
        Some(requests.len()),
        credentials.0.load(Ordering::SeqCst),
    )
}

#[tokio::test(start_paused = true)]
async fn a_mutating_call_is_sent_again_only_when_it_surely_did_not_take_effect() {
    bounded(async {
        assert_eq!(
            SaveSingleTaskForSynchronizingDsRecordInput::KIND,
            OperationKind::Mutating
        );
        for mode in FaultMode::ALL {
            let (err, received, asked) = run_fault(mode, &sync_ds()).await;
            let expected = if mode.is_ambiguous() { 1 } else { 3 };
            if let Some(received) = received {
                assert_eq!(received, expected, "{mode:?}: requests at the server");
            }
            assert_eq!(
                asked, expected,
                "{mode:?}: attempts that asked for credentials"
            );
            assert_eq!(err.attempts(), Some(expected as u32), "{mode:?}: {err}");
            assert_eq!(
                err.may_have_taken_effect(),
                mode.is_ambiguous(),
                "{mode:?}: {err}"
            );
            let text = err.to_string();
            if mode.is_ambiguous() {
                assert!(
                    text.contains(
                        "SaveSingleTaskForSynchronizingDSRecord may have taken effect: \
                         the service may have accepted the task before the failure, \
                         so it was not retried"
                    ),
                    "{mode:?}: {text}"
                );
                assert!(
                    text.contains(
                        "Check QueryTaskList or QueryTaskDetailList before submitting it again"
                    ),
                    "{mode:?}: {text}"
                );
            } else {
                assert!(!text.contains("may have"), "{mode:?}: {text}");
                assert!(
                    text.contains("gave up after 3 attempts"),
                    "{mode:?}: {text}"
                );
            }
        }
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_read_only_call_is_retried_after_every_transient_failure() {
    bounded(async {
        assert_eq!(QueryTaskDetailListInput::KIND, OperationKind::ReadOnly);
        for mode in FaultMode::ALL {
            let (err, received, asked) = run_fault(mode, &query()).await;
            if let Some(received) = received {
                assert_eq!(received, 3, "{mode:?}: requests at the server");
            }
            assert_eq!(asked, 3, "{mode:?}: attempts that asked for credentials");
            assert_eq!(err.attempts(), Some(3), "{mode:?}: {err}");
            assert!(!err.may_have_taken_effect(), "{mode:?}: {err}");
            let text = err.to_string();
            assert!(!text.contains("may have"), "{mode:?}: {text}");
            assert!(!text.contains("QueryTaskList"), "{mode:?}: {text}");
            assert!(
                text.ends_with("; gave up after 3 attempts"),
                "{mode:?}: {text}"
            );
        }
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn each_fault_is_the_error_kind_it_should_be() {
    bounded(async {
        for mode in FaultMode::ALL {
            let (err, _, _) = run_fault(mode, &query()).await;
            let kind_ok = match mode {
                FaultMode::Close => matches!(err, Error::Transport(_)),
                FaultMode::InternalError | FaultMode::GatewayTimeout => {
                    matches!(&err, Error::Service(e) if e.status() >= 500)
                }
                FaultMode::BadGateway => matches!(&err, Error::Decode(e) if e.status() == 502),
                FaultMode::Slow => {
                    matches!(&err, Error::Timeout(t) if t.kind() == TimeoutKind::Attempt
                        && t.limit() == Duration::from_secs(2))
                }
                FaultMode::Throttle => err.is_throttling(),
                FaultMode::Unavailable => err.code() == Some("ServiceUnavailable"),
                FaultMode::Refused => matches!(err, Error::Connect(_)),
            };
            assert!(kind_ok, "{mode:?}: {err:?}");
            assert!(err.is_retryable(), "{mode:?}");
        }
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn ambiguous_retries_of_mutating_calls_are_opt_in_per_client_or_per_call() {
    bounded(async {
        let server = MockServer::start(SECRET, |req| {
            MockResponse::error(req, 500, "InternalError", "oops")
        })
        .await;
        let opt_in = RetryConfig::standard().with_retry_on_ambiguous_failures(true);

        // Per call: this handle only.
        let base = client(&server);
        let err = base
            .with_retry_config(opt_in)
            .send(&sync_ds())
            .await
            .unwrap_err();
        assert_eq!(server.request_count(), 3);
        assert_eq!(err.attempts(), Some(3));
        assert!(err.may_have_taken_effect());
        let text = err.to_string();
        assert!(text.contains("gave up after 3 attempts"), "{text}");
        assert!(
            text.contains("may have taken effect, possibly more than once"),
            "{text}"
        );
        assert!(!text.contains("not retried"), "{text}");
        base.send(&sync_ds()).await.unwrap_err();
        assert_eq!(
            server.request_count(),
            4,
            "the original handle keeps the default"
        );

        // Per client.
        let config = server
            .config_builder()
            .retry_config(opt_in)
            .build()
            .unwrap();
        Client::new(config)
            .unwrap()
            .send(&sync_ds())
            .await
            .unwrap_err();
        assert_eq!(server.request_count(), 7);
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_hand_written_operation_is_mutating_unless_it_says_otherwise() {
    bounded(async {
        assert_eq!(
            <alibabacloud_domain_tests::ops::RenewDomain as Operation>::KIND,
            OperationKind::Mutating
        );
        let server = MockServer::start(SECRET, |req| {
            MockResponse::error(req, 500, "InternalError", "oops")
        })
        .await;
        let err = client(&server).send(&renew()).await.unwrap_err();
        assert_eq!(server.request_count(), 1);
        assert!(err.may_have_taken_effect());
        assert!(
            err.to_string()
                .contains("SaveSingleTaskForCreatingOrderRenew may have taken effect"),
            "{err}"
        );
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_rejected_mutating_call_claims_nothing() {
    bounded(async {
        // `Busy` is transient, so a read is retried; for a submission the
        // 400 answer proves nothing was done, and it is not retried either.
        let server =
            MockServer::start(SECRET, |req| MockResponse::error(req, 400, "Busy", "busy")).await;
        let err = client(&server).send(&sync_ds()).await.unwrap_err();
        assert_eq!(server.request_count(), 1);
        assert!(err.is_retryable() && !err.may_have_taken_effect());
        assert!(!err.to_string().contains("may have"), "{err}");
        client(&server).send(&query()).await.unwrap_err();
        assert_eq!(server.request_count(), 4);
    })
    .await;
}

/// Credentials that work once, then fail: an STS token that expired
/// between two attempts.
#[derive(Debug, Default)]
struct ExpiringCredentials(AtomicUsize);

impl ProvideCredentials for ExpiringCredentials {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        ProvideCredentialsFuture::ready(match self.0.fetch_add(1, Ordering::SeqCst) {
            0 => Ok(Credentials::new(MOCK_ACCESS_KEY_ID, SECRET)),
            _ => Err(CredentialsError::custom("sts", "the token expired")),
        })
    }
}

#[tokio::test(start_paused = true)]
async fn a_retry_that_cannot_be_signed_keeps_the_error_that_may_have_taken_effect() {
    bounded(async {
        let server = MockServer::start(SECRET, |req| {
            ok_task(req).fault(Fault::CloseWithoutResponse)
        })
        .await;
        let config = server
            .config_builder()
            .credentials_provider(Arc::new(ExpiringCredentials::default()))
            .retry_config(RetryConfig::standard().with_retry_on_ambiguous_failures(true))
            .build()
            .unwrap();
        let err = Client::new(config)
            .unwrap()
            .send(&sync_ds())
            .await
            .unwrap_err();
        assert_eq!(server.request_count(), 1);
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
        assert!(err.may_have_taken_effect());
        assert_eq!(err.attempts(), Some(1));
        let text = err.to_string();
        assert!(
            text.contains("attempt 2 could not be made: could not load credentials: sts"),
            "{text}"
        );
        assert!(text.contains("may have taken effect"), "{text}");
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn server_errors_are_retried_up_to_max_attempts() {
    bounded(async {
        let server = MockServer::start(SECRET, |req| {
            MockResponse::error(req, 500, "InternalError", "oops")
        })
        .await;
        let err = client(&server).send(&query()).await.unwrap_err();
        assert_eq!(service(&err).code(), "InternalError");
        assert!(err.is_retryable());
        assert_eq!(server.request_count(), 3);

        let four = client(&server).with_retry_config(
            RetryConfig::standard()
                .with_max_attempts(4)
                .with_initial_backoff(Duration::from_millis(1)),
        );
        let err = four.send(&query()).await.unwrap_err();
        assert_eq!(server.request_count(), 7);
        assert_eq!(err.attempts(), Some(4));
    })
    .await;
}

// ------------------------------------------------------------ retry budget

#[tokio::test(start_paused = true)]
async fn an_empty_retry_budget_stops_retries_and_says_so() {
    bounded(async {
        let failing = Arc::new(AtomicBool::new(true));
        let switch = Arc::clone(&failing);
        let server = MockServer::start(SECRET, move |req| {
            if switch.load(Ordering::SeqCst) {
                MockResponse::error(req, 503, "ServiceUnavailable", "down")
            } else {
                MockResponse::ok(req, json!({"TotalItemNum": 0}))
            }
        })
        .await;
        // Two retries' worth of tokens.
        let config = server
            .config_builder()
            .retry_budget(RetryBudget::standard().with_capacity(10))
            .build()
            .unwrap();
        let client = Client::new(config.clone()).unwrap();

        let err = client.send(&query()).await.unwrap_err();
        assert_eq!(
            server.request_count(),
            3,
            "the first call spends the budget"
        );
        assert!(!err.is_retry_budget_exhausted());

        // Clones, per-call overrides included, share the bucket.
        let err = client
            .with_retry_config(RetryConfig::standard().with_max_attempts(5))
            .send(&query())
            .await
            .unwrap_err();
        assert_eq!(server.request_count(), 4, "one attempt, no retry");
        assert!(err.is_retry_budget_exhausted());
        assert_eq!(err.attempts(), Some(1));
        assert_eq!(err.code(), Some("ServiceUnavailable"));
        let text = err.to_string();
        assert!(
            text.contains("not retried after 1 attempt: this client's retry budget is exhausted"),
            "{text}"
        );

        // Another client has a budget of its own.
        Client::new(config)
            .unwrap()
            .send(&query())
            .await
            .unwrap_err();
        assert_eq!(server.request_count(), 7);

        // Five calls that succeed at once earn a token each: one retry.
        failing.store(false, Ordering::SeqCst);
        for _ in 0..5 {
            client.send(&query()).await.unwrap();
        }
        assert_eq!(server.request_count(), 12);
        failing.store(true, Ordering::SeqCst);
        let err = client.send(&query()).await.unwrap_err();
        assert_eq!(
            server.request_count(),
            14,
            "one retry, then the budget is empty"
        );
        assert!(err.is_retry_budget_exhausted());
        assert_eq!(err.attempts(), Some(2));
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_success_after_a_retry_gives_its_tokens_back() {
    bounded(async {
        // Every other request fails: each call needs exactly one retry.
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&calls);
        let server = MockServer::start(SECRET, move |req| {
            if seen.fetch_add(1, Ordering::SeqCst) % 2 == 0 {
                MockResponse::error(req, 503, "ServiceUnavailable", "down")
            } else {
                MockResponse::ok(req, json!({"TotalItemNum": 0}))
            }
        })
        .await;
        // Room for a single retry: without the refund the second call
        // would fail.
        let config = server
            .config_builder()
            .retry_budget(
                RetryBudget::standard()
                    .with_capacity(5)
                    .with_timeout_retry_cost(5),
            )
            .build()
            .unwrap();
        let client = Client::new(config).unwrap();
        for _ in 0..10 {
            client.send(&query()).await.unwrap();
        }
        assert_eq!(server.request_count(), 20);
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn an_unlimited_budget_never_stops_retries() {
    bounded(async {
        let server = MockServer::start(SECRET, |req| {
            MockResponse::error(req, 503, "ServiceUnavailable", "down")
        })
        .await;
        let config = server
            .config_builder()
            .retry_budget(RetryBudget::unlimited())
            .build()
            .unwrap();
        let client = Client::new(config).unwrap();
        for _ in 0..200 {
            let err = client.send(&query()).await.unwrap_err();
            assert!(!err.is_retry_budget_exhausted());
        }
        assert_eq!(server.request_count(), 600);
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
            .send(&query())
            .await
            .unwrap_err();
        assert_eq!(service(&err).status(), 503);
        assert_eq!(server.request_count(), 1);
        assert_eq!(err.attempts(), Some(1));
        // Per client.
        let config = server
            .config_builder()
            .retry_config(RetryConfig::disabled())
            .build()
            .unwrap();
        Client::new(config)
            .unwrap()
            .send(&query())
            .await
            .unwrap_err();
        assert_eq!(server.request_count(), 2);
    })
    .await;
}

#[tokio::test(start_paused = true)]
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
        // On the paused clock only timers move time: the wait was the
        // server's 150 ms, not the mock's jittered back-off (≤ 10 ms), and
        // below the 200 ms cap.
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(150) && waited < Duration::from_millis(200),
            "{waited:?}"
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
        let err = client(&server).send(&query()).await.unwrap_err();
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
        assert!(
            err.may_have_taken_effect(),
            "an unreadable success of a mutating call may well have taken effect"
        );
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
        let err = client(&server).send(&query()).await.unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
        assert!(err.is_retryable());
        assert_eq!(server.request_count(), 3);

        // The answer was on its way: a mutating call may have taken effect.
        let err = client(&server).send(&renew()).await.unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
        assert!(err.may_have_taken_effect());
        assert_eq!(server.request_count(), 4);
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
        let text = err.to_string();
        assert!(
            text.starts_with(
                "the connection to the Domain API failed before a full response arrived: "
            ),
            "{text}"
        );
        assert!(text.contains("may have taken effect"), "{text}");
        assert!(std::error::Error::source(&err).is_some());
        assert_eq!(server.request_count(), 1);

        // Retrying it anyway is an explicit choice.
        let bold = client(&server)
            .with_retry_config(server_retry().with_retry_on_ambiguous_failures(true));
        bold.send(&renew()).await.unwrap_err();
        assert_eq!(server.request_count(), 4);
    })
    .await;
}

fn server_retry() -> RetryConfig {
    RetryConfig::standard().with_initial_backoff(Duration::from_millis(1))
}

// ---------------------------------------------------------------- timeouts

#[tokio::test(start_paused = true)]
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
        assert!(
            err.to_string()
                .starts_with("timed out after 200ms waiting for the Domain API response"),
            "{err}"
        );
        // The client gave up while the server was still working.
        assert!(started.elapsed() < Duration::from_secs(3));
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

#[tokio::test(start_paused = true)]
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
            .send(&query())
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Timeout(t) if t.kind() == TimeoutKind::Total
                && t.limit() == Duration::from_millis(250)),
            "{err:?}"
        );
        assert!(!err.is_retryable());
        assert!(started.elapsed() < Duration::from_secs(3));
        // Attempt 1 timed out at 150 ms; attempt 2 was cut off at 250 ms.
        assert_eq!(server.request_count(), 2);
        assert_eq!(err.attempts(), Some(2));
        assert!(!err.may_have_taken_effect(), "a read-only call");
        assert!(err.to_string().ends_with("(after 2 attempts)"), "{err}");
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_back_off_that_does_not_fit_in_the_total_timeout_is_not_waited_for() {
    bounded(async {
        // The server asks for 5 s (below the standard 20 s cap); the call
        // has 2 s.
        let server = MockServer::start(SECRET, |req| {
            MockResponse::error(req, 400, "Throttling.User", "slow down")
                .header("x-acs-retry-after", "5000")
        })
        .await;
        let config = server
            .config_builder()
            .retry_config(RetryConfig::standard())
            .total_timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        // A mutating call: throttling proves it was not processed, so only
        // the time left stops the retry.
        let err = Client::new(config)
            .unwrap()
            .send(&renew())
            .await
            .unwrap_err();
        // The cause itself, not a bare total timeout after sleeping into
        // the limit.
        assert_eq!(service(&err).code(), "Throttling.User");
        assert_eq!(err.retry_after(), Some(Duration::from_secs(5)));
        assert_eq!(err.attempts(), Some(1));
        assert!(!err.may_have_taken_effect());
        assert!(
            err.to_string().contains(
                "not retried after 1 attempt: the next one would not fit in the total timeout"
            ),
            "{err}"
        );
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_total_timeout_during_a_mutating_attempt_may_have_taken_effect() {
    bounded(async {
        let server =
            MockServer::start(SECRET, |req| ok_task(req).delay(Duration::from_secs(3))).await;
        let config = server
            .config_builder()
            .total_timeout(Duration::from_secs(1))
            .build()
            .unwrap();
        let err = Client::new(config)
            .unwrap()
            .send(&sync_ds())
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Timeout(t) if t.kind() == TimeoutKind::Total),
            "{err:?}"
        );
        assert_eq!(server.request_count(), 1);
        assert!(err.may_have_taken_effect());
        assert!(err.to_string().contains("QueryTaskDetailList"), "{err}");
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn per_call_timeouts_apply_to_that_call_only() {
    bounded(async {
        // The server takes 10 s to answer.
        let server =
            MockServer::start(SECRET, |req| ok_task(req).delay(Duration::from_secs(10))).await;
        let config = server
            .config_builder()
            .attempt_timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let client = Client::new(config).unwrap();

        // One attempt of at most 1 s: a timeout, not retried (mutating).
        let hasty = client.with_attempt_timeout(Duration::from_secs(1));
        assert_eq!(hasty.attempt_timeout(), Duration::from_secs(1));
        let started = Instant::now();
        let err = hasty.send(&renew()).await.unwrap_err();
        assert!(
            matches!(&err, Error::Timeout(t) if t.kind() == TimeoutKind::Attempt
                && t.limit() == Duration::from_secs(1)),
            "{err:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(server.request_count(), 1);

        // 4 s for the whole read, 3 s per attempt: the second attempt is cut off.
        let bounded_read = client
            .with_attempt_timeout(Duration::from_secs(3))
            .with_total_timeout(Duration::from_secs(4));
        assert_eq!(bounded_read.total_timeout(), Some(Duration::from_secs(4)));
        let err = bounded_read.send(&query()).await.unwrap_err();
        assert!(
            matches!(&err, Error::Timeout(t) if t.kind() == TimeoutKind::Total
                && t.limit() == Duration::from_secs(4)),
            "{err:?}"
        );
        assert_eq!(server.request_count(), 3);

        // The client itself still waits up to 30 s per attempt, without a
        // total limit.
        assert_eq!(
            (client.attempt_timeout(), client.total_timeout()),
            (Duration::from_secs(30), None)
        );
        let started = Instant::now();
        let out = client.send(&renew()).await.unwrap();
        assert_eq!(out.task_no, "TASK-1");
        assert!(started.elapsed() >= Duration::from_secs(10));
        assert_eq!(server.request_count(), 4);

        // A per-call total above the configured one lifts it for that call.
        let config = server
            .config_builder()
            .attempt_timeout(Duration::from_secs(30))
            .total_timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        let strict = Client::new(config).unwrap();
        let err = strict.send(&renew()).await.unwrap_err();
        assert!(matches!(&err, Error::Timeout(t) if t.kind() == TimeoutKind::Total));
        strict
            .with_total_timeout(Duration::MAX)
            .send(&renew())
            .await
            .unwrap();
        assert_eq!(server.request_count(), 6);
    })
    .await;
}

#[tokio::test]
async fn zero_per_call_timeouts_are_config_errors() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        for handle in [
            client(&server).with_attempt_timeout(Duration::ZERO),
            client(&server).with_total_timeout(Duration::ZERO),
        ] {
            let err = handle.send(&renew()).await.unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{err:?}");
            assert!(
                err.to_string().contains("must be longer than zero"),
                "{err}"
            );
            assert_eq!(err.attempts(), None);
        }
        assert_eq!(server.request_count(), 0);
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn refused_connection_is_a_connect_error() {
    bounded(async {
        let (_held, addr) = refusing_port();
        let config = alibabacloud_domain::Config::builder()
            .endpoint(format!("http://{addr}"))
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
        assert!(!err.may_have_taken_effect());
        assert_eq!(err.attempts(), Some(3), "nothing was sent: retried");
        assert!(err.to_string().starts_with("could not connect"), "{err}");
    })
    .await;
}

#[tokio::test]
async fn nonce_reuse_would_be_caught_by_the_mock() {
    // Guards the guard: a replayed request is refused, so the distinct-nonce
    // assertions above are meaningful. (A V1 request replays from its query
    // alone; `e2e.rs` replays a V3 one.)
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let v1 = server
            .config_builder()
            .signature_version(SignatureVersion::V1)
            .build()
            .unwrap();
        let c = Client::new(v1).unwrap();
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
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        ProvideCredentialsFuture::ready(Err(CredentialsError::custom("vault", "lease expired")))
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
        assert!(req.signature().is_some());
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

/// Credentials that take a while (a slow STS refresh), then arrive.
#[derive(Debug)]
struct SlowCredentials(Duration);

impl ProvideCredentials for SlowCredentials {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        let wait = self.0;
        ProvideCredentialsFuture::new(async move {
            tokio::time::sleep(wait).await;
            Ok(Credentials::new(MOCK_ACCESS_KEY_ID, SECRET))
        })
    }
}

#[tokio::test(start_paused = true)]
async fn slow_credentials_do_not_use_up_the_attempt_timeout() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let config = server
            .config_builder()
            // Longer than an attempt may last: nothing has been sent while
            // credentials are fetched, so that time is not the attempt's.
            .credentials_provider(Arc::new(SlowCredentials(Duration::from_secs(3))))
            .attempt_timeout(Duration::from_secs(1))
            .build()
            .unwrap();
        let out = Client::new(config)
            .unwrap()
            .send(&sync_ds())
            .await
            .expect("the call succeeds once credentials arrive");
        assert_eq!(out.task_no.as_deref(), Some("TASK-1"));
        assert_eq!(server.request_count(), 1);
    })
    .await;
}
