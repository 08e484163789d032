//! Every request goes through the client's transport: credential fetches
//! through the client's proxy and root certificates (end to end, against a
//! fake STS behind a private CA, reachable only through a CONNECT proxy),
//! credential fetches answered by a `MockTransport`, a failing proxy in
//! front of a credential endpoint, and a custom transport's bad answers
//! getting the same errors as the built-in one's.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alibabacloud_domain::credentials::{
    AssumeRoleProvider, EcsRamRoleProvider, Env, ProfileProvider, ProviderConfig,
};
use alibabacloud_domain::operation::query_task_detail_list::QueryTaskDetailListInput;
use alibabacloud_domain::test_util::{MockResponse as Mocked, MockTransport};
use alibabacloud_domain::transport::{
    Headers, HttpError, HttpRequest, HttpResponse, Method, Transport, TransportFuture,
};
use alibabacloud_domain::{Client, Config, Credentials, Error, RetryConfig};
use alibabacloud_domain_tests::ops::renew;
use alibabacloud_domain_tests::proxy::HttpProxy;
use alibabacloud_domain_tests::sts::FakeSts;
use alibabacloud_domain_tests::tls::{TestPki, TlsFront};
use alibabacloud_domain_tests::{Fault, MockResponse, MockServer, RecordedRequest};
use serde_json::json;

use crate::credentials::test_clock;

const ISSUED_SECRET: &str = "ISSUED-SECRET-do-not-print";
const SOURCE_ID: &str = "LTAI-source-id";
const SOURCE_SECRET: &str = "SOURCE-SECRET-do-not-print";
const ROLE_ARN: &str = "acs:ram::1234567890123456:role/registrar";
/// A name DNS does not know (RFC 2606): only the test proxy resolves it.
const STS_HOST: &str = "sts.proxied.invalid";
const PROXY_PASSWORD: &str = "proxy-PASSWORD-do-not-print";

async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(30), future)
        .await
        .expect("test took longer than 30 s")
}

fn ok_task(req: &RecordedRequest) -> MockResponse {
    MockResponse::ok(req, json!({"RequestId": "REQ-OK", "TaskNo": "TASK-1"}))
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// An aliyun CLI file with one `RamRoleArn` profile, and a provider
/// reading it whose STS endpoint is `sts`.
fn ram_role_profile(label: &str, sts: &str) -> (ProfileProvider, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!(
        "alibabacloud-client-transport-{}-{label}.json",
        std::process::id()
    ));
    let file = json!({
        "current": "deploy",
        "profiles": [{
            "name": "deploy", "mode": "RamRoleArn",
            "access_key_id": SOURCE_ID, "access_key_secret": SOURCE_SECRET,
            "ram_role_arn": ROLE_ARN, "ram_session_name": "through-proxy",
        }]
    });
    std::fs::write(&path, file.to_string()).unwrap();
    let config = ProviderConfig::new()
        .with_env(Env::from_pairs([("HOME", "/nonexistent")]))
        .with_clock(test_clock())
        .with_sts_endpoint(sts);
    let provider = ProfileProvider::with_provider_config(config).with_config_path(&path);
    (provider, path)
}

#[tokio::test]
async fn a_ram_role_profile_assumes_its_role_through_the_clients_proxy_and_private_ca() {
    bounded(async {
        let sts = FakeSts::start(test_clock(), ISSUED_SECRET).await;
        sts.allow(SOURCE_ID, SOURCE_SECRET, None);
        let pki = TestPki::with_names(&[STS_HOST]);
        let tls = TlsFront::start(&pki, &sts.url()).await;
        let proxy = HttpProxy::start(Some(("corp", PROXY_PASSWORD))).await;
        proxy.route_host(STS_HOST, tls.addr());
        let domain = MockServer::start(ISSUED_SECRET, ok_task).await;
        let sts_endpoint = format!("https://{STS_HOST}:{}", tls.addr().port());
        let (profile, path) = ram_role_profile("e2e", &sts_endpoint);

        let config = Config::builder()
            .endpoint(domain.endpoint())
            .credentials_provider(Arc::new(profile))
            .proxy(format!(
                "http://corp:{PROXY_PASSWORD}@127.0.0.1:{}",
                proxy.port()
            ))
            // The API endpoint is local and reached directly; STS only
            // through the proxy.
            .no_proxy(["127.0.0.1"])
            .add_root_certificate(&pki.ca_pem)
            .retry_config(RetryConfig::disabled())
            .build()
            .unwrap();
        let client = Client::new(config).unwrap();
        let out = client.send(&renew()).await.unwrap();
        assert_eq!(out.task_no, "TASK-1");

        // STS was reached through the proxy, over TLS, with the proxy's
        // credentials, and verified the AssumeRole signature.
        let seen = proxy.requests();
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!(seen[0].method, "CONNECT");
        assert_eq!(seen[0].target, format!("{STS_HOST}:{}", tls.addr().port()));
        assert_eq!(
            seen[0].credentials.as_deref(),
            Some(format!("corp:{PROXY_PASSWORD}").as_str())
        );
        let calls = sts.calls();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].action, "AssumeRole");
        assert_eq!(calls[0].role_arn, ROLE_ARN);
        assert!(calls[0].authenticated);
        // The call was signed with the role's credentials.
        let received = domain.requests();
        assert_eq!(received.len(), 1);
        assert!(received[0].signature_valid);
        assert_eq!(received[0].access_key_id(), Some("STS.role-1"));
        assert_eq!(received[0].security_token(), Some("role-token-1"));

        // Without the private CA, the same fetch fails on the certificate,
        // as an error of the credentials, naming the STS endpoint.
        let (profile, untrusted_path) = ram_role_profile("untrusted", &sts_endpoint);
        let untrusted = Config::builder()
            .endpoint(domain.endpoint())
            .credentials_provider(Arc::new(profile))
            .proxy(format!(
                "http://corp:{PROXY_PASSWORD}@127.0.0.1:{}",
                proxy.port()
            ))
            .no_proxy(["127.0.0.1"])
            .build()
            .unwrap();
        let err = Client::new(untrusted)
            .unwrap()
            .send(&renew())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Credentials(_)), "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains(&format!("STS AssumeRole at {sts_endpoint}/")),
            "{text}"
        );
        assert!(text.to_lowercase().contains("certificate"), "{text}");
        assert_eq!(sts.calls().len(), 1, "nothing reached STS");
        assert_eq!(domain.request_count(), 1);
        std::fs::remove_file(path).unwrap();
        std::fs::remove_file(untrusted_path).unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_credential_endpoint_behind_a_failing_proxy_is_a_credentials_error_naming_both() {
    bounded(async {
        let domain = MockServer::start(ISSUED_SECRET, ok_task).await;
        let sts_endpoint = format!("https://{STS_HOST}");
        // A proxy that is not there, and one that refuses the password.
        let refusing = HttpProxy::start(Some(("corp", "the-right-one"))).await;
        let proxies = [
            format!("127.0.0.1:{}", closed_port()),
            format!("127.0.0.1:{}", refusing.port()),
        ];
        for proxy in proxies {
            let role =
                AssumeRoleProvider::new(ROLE_ARN, Credentials::new(SOURCE_ID, SOURCE_SECRET))
                    .with_provider_config(
                        ProviderConfig::new()
                            .with_env(Env::empty())
                            .with_clock(test_clock())
                            .with_sts_endpoint(&sts_endpoint),
                    );
            let config = Config::builder()
                .endpoint(domain.endpoint())
                .credentials_provider(Arc::new(role))
                .proxy(format!("http://corp:{PROXY_PASSWORD}@{proxy}"))
                .no_proxy(["127.0.0.1"])
                .build()
                .unwrap();
            let err = Client::new(config)
                .unwrap()
                .send(&renew())
                .await
                .unwrap_err();
            assert!(matches!(err, Error::Credentials(_)), "{err:?}");
            assert!(!err.is_retryable());
            let text = err.to_string();
            assert!(
                text.contains(&format!("STS AssumeRole at {sts_endpoint}/")),
                "{text}"
            );
            assert!(
                text.contains(&format!("through proxy http://<redacted>@{proxy}")),
                "{text}"
            );
            let shown = format!("{err} {err:?} {err:#?}");
            for secret in [PROXY_PASSWORD, SOURCE_SECRET] {
                assert!(!shown.contains(secret), "{secret} leaked: {shown}");
            }
        }
        assert_eq!(domain.request_count(), 0, "no call was signed");
    })
    .await;
}

#[tokio::test]
async fn a_mock_transport_answers_the_ecs_metadata_service_before_the_call() {
    let transport = MockTransport::new().respond_with(|request| {
        match (request.method().as_str(), request.path()) {
            ("PUT", "/latest/api/token") => Mocked::raw(200, "imds-token"),
            ("GET", "/latest/meta-data/ram/security-credentials/") => Mocked::raw(200, "ecs-role"),
            ("GET", "/latest/meta-data/ram/security-credentials/ecs-role") => Mocked::raw(
                200,
                json!({
                    "Code": "Success", "AccessKeyId": "STS.ecs-mock",
                    "AccessKeySecret": ISSUED_SECRET, "SecurityToken": "ecs-mock-token",
                    "Expiration": "2099-01-01T00:00:00Z",
                })
                .to_string(),
            ),
            ("POST", "/") => Mocked::ok(json!({"TotalItemNum": 0, "Data": {"TaskDetail": []}})),
            _ => Mocked::raw(404, ""),
        }
    });
    let ecs = EcsRamRoleProvider::with_provider_config(
        ProviderConfig::new()
            .with_env(Env::empty())
            .with_clock(test_clock()),
    );
    let config = Config::builder()
        .transport(transport.clone())
        .credentials_provider(Arc::new(ecs))
        .build()
        .unwrap();
    let client = Client::new(config).unwrap();
    let page = client
        .query_task_detail_list(
            QueryTaskDetailListInput::builder()
                .task_no("T-1")
                .page_num(1)
                .page_size(10)
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(page.total_item_num, Some(0));

    let sent = transport.requests();
    let shape: Vec<(String, &str, bool)> = sent
        .iter()
        .map(|r| (r.method().to_string(), r.path(), r.direct()))
        .collect();
    assert_eq!(
        shape,
        [
            ("PUT".to_owned(), "/latest/api/token", true),
            (
                "GET".to_owned(),
                "/latest/meta-data/ram/security-credentials/",
                true
            ),
            (
                "GET".to_owned(),
                "/latest/meta-data/ram/security-credentials/ecs-role",
                true
            ),
            ("POST".to_owned(), "/", false),
        ]
    );
    assert_eq!(sent[0].header("host"), Some("100.100.100.200"));
    assert_eq!(
        sent[1].header("x-aliyun-ecs-metadata-token"),
        Some("imds-token")
    );
    assert_eq!(sent[3].action(), "QueryTaskDetailList");
    assert_eq!(sent[3].header("x-acs-accesskey-id"), Some("STS.ecs-mock"));
    assert_eq!(
        sent[3].header("x-acs-security-token"),
        Some("ecs-mock-token")
    );
}

#[tokio::test]
async fn a_mock_transport_answers_sts_for_an_assumed_role() {
    let transport = MockTransport::new().respond_with(|request| match request.action() {
        "AssumeRole" => Mocked::raw(
            200,
            json!({"RequestId": "R", "Credentials": {
                "AccessKeyId": "STS.mock-role", "AccessKeySecret": ISSUED_SECRET,
                "SecurityToken": "mock-role-token", "Expiration": "2099-01-01T00:00:00Z"}})
            .to_string(),
        ),
        _ => Mocked::ok(json!({"TotalItemNum": 0, "Data": {"TaskDetail": []}})),
    });
    let role = AssumeRoleProvider::new(ROLE_ARN, Credentials::new(SOURCE_ID, SOURCE_SECRET))
        .with_provider_config(
            ProviderConfig::new()
                .with_env(Env::empty())
                .with_clock(test_clock()),
        );
    let config = Config::builder()
        .transport(transport.clone())
        .credentials_provider(Arc::new(role))
        .build()
        .unwrap();
    Client::new(config)
        .unwrap()
        .query_task_detail_list(
            QueryTaskDetailListInput::builder()
                .task_no("T-1")
                .page_num(1)
                .page_size(10)
                .build(),
        )
        .await
        .unwrap();
    let sent = transport.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].action(), "AssumeRole");
    assert_eq!(sent[0].header("host"), Some("sts.aliyuncs.com"));
    assert_eq!(sent[0].param("RoleArn"), Some(ROLE_ARN));
    assert_eq!(sent[0].param("AccessKeyId"), Some(SOURCE_ID));
    assert!(!sent[0].direct());
    assert_eq!(sent[1].header("x-acs-accesskey-id"), Some("STS.mock-role"));
}

/// A transport of one's own that answers every request with `answer` and
/// counts the requests.
#[derive(Debug, Clone)]
struct Canned {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    seen: Arc<Mutex<usize>>,
}

impl Canned {
    fn new(status: u16, headers: &[(&'static str, &str)], body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: headers.iter().map(|(n, v)| (*n, (*v).to_owned())).collect(),
            body: body.into(),
            seen: Arc::default(),
        }
    }
}

impl Transport for Canned {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        TransportFuture::new(async move {
            assert_eq!(request.method, Method::Post);
            *self.seen.lock().unwrap() += 1;
            let mut headers = Headers::new();
            for (name, value) in &self.headers {
                headers.insert(name, value)?;
            }
            // This transport ignores `max_response_size` on purpose.
            Ok::<_, HttpError>(HttpResponse::new(self.status, headers, self.body.clone()))
        })
    }
}

/// The error of one call (no retries) through `transport`, with a 1000-byte
/// response limit.
async fn through(transport: Canned) -> Error {
    let config = Config::builder()
        .endpoint("https://api.example.invalid")
        .credentials(Credentials::new("id", "secret"))
        .transport(transport)
        .max_response_size(1000)
        .retry_config(RetryConfig::disabled())
        .build()
        .unwrap();
    Client::new(config)
        .unwrap()
        .send(&renew())
        .await
        .unwrap_err()
}

/// The error of the same call over HTTP against a local server answering
/// with `response`.
async fn over_http(response: MockResponse) -> Error {
    let server = MockServer::start("secret", move |_| response.clone()).await;
    let config = server
        .config_builder()
        .max_response_size(1000)
        .retry_config(RetryConfig::disabled())
        .build()
        .unwrap();
    Client::new(config)
        .unwrap()
        .send(&renew())
        .await
        .unwrap_err()
}

#[tokio::test]
async fn a_custom_transports_bad_answers_get_the_same_errors_as_http() {
    // Garbage where JSON was expected.
    let garbage = "<<<not json>>>";
    let custom = through(Canned::new(200, &[("x-acs-request-id", "R-G")], garbage)).await;
    let http = over_http(
        MockResponse::text(200, "application/json", garbage).header("x-acs-request-id", "R-G"),
    )
    .await;
    for err in [&custom, &http] {
        let Error::Decode(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(
            (e.status(), e.request_id(), e.body_snippet()),
            (200, Some("R-G"), garbage)
        );
    }

    // Larger than the limit: the custom transport returned it all anyway.
    let big = "x".repeat(2000);
    let custom = through(Canned::new(200, &[], big.clone())).await;
    let http = over_http(MockResponse::text(200, "application/json", big)).await;
    for (err, content_length, received) in [(&custom, None, 2000), (&http, Some(2000), 0)] {
        let Error::ResponseTooLarge(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(
            (e.status(), e.limit(), e.content_length(), e.received()),
            (200, 1000, content_length, received)
        );
    }
    // A declared length over the limit is refused alike.
    let declared = through(Canned::new(200, &[("content-length", "5000")], "{}")).await;
    assert!(
        matches!(&declared, Error::ResponseTooLarge(e) if e.content_length() == Some(5000)),
        "{declared:?}"
    );

    // A body shorter than its Content-Length: the connection was cut.
    let custom = through(Canned::new(
        200,
        &[("content-length", "100")],
        r#"{"RequestId":"#,
    ))
    .await;
    let http = over_http(ok_task_response().fault(Fault::TruncateBody)).await;
    for err in [&custom, &http] {
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
        assert!(err.is_retryable());
        assert!(
            err.may_have_taken_effect(),
            "a mutating call cut short may have taken effect: {err}"
        );
    }
    assert!(
        custom.to_string().contains("Content-Length declared 100"),
        "{custom}"
    );
}

fn ok_task_response() -> MockResponse {
    MockResponse::json(200, &json!({"RequestId": "REQ-OK", "TaskNo": "TASK-1"}))
}
