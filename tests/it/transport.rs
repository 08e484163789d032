//! Transport settings end to end: an explicit proxy (with credentials, a
//! no-proxy list, `CONNECT` for HTTPS), private root certificates against a
//! local TLS server, a caller's own `reqwest::Client`, pool settings, and
//! the configuration errors each setting can give. Every server is local
//! and started here; the mock endpoint checks signatures with its own code.

use std::future::Future;
use std::time::Duration;

use alibabacloud_domain::{Client, Config, Error, RetryConfig};
use alibabacloud_domain_tests::ops::renew;
use alibabacloud_domain_tests::proxy::HttpProxy;
use alibabacloud_domain_tests::tls::{TestPki, TlsFront};
use alibabacloud_domain_tests::{MockResponse, MockServer, RecordedRequest};
use serde_json::json;

const SECRET: &str = "transport-secret-value";

async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("test took longer than 20 s")
}

fn ok_task(req: &RecordedRequest) -> MockResponse {
    MockResponse::ok(req, json!({"RequestId": "REQ-OK", "TaskNo": "TASK-1"}))
}

fn config_error(result: Result<Config, alibabacloud_domain::error::ConfigError>) -> String {
    match result {
        Err(e) => {
            let err = Error::from(e);
            assert!(matches!(err, Error::Config(_)));
            err.to_string()
        }
        Ok(config) => panic!("expected a configuration error, got {config:?}"),
    }
}

#[tokio::test]
async fn requests_go_through_the_proxy_with_its_credentials() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let proxy = HttpProxy::start(Some(("corp-user", "p@ss:w/rd"))).await;
        let config = server
            .config_builder()
            .proxy(proxy.url())
            .proxy_credentials("corp-user", "p@ss:w/rd")
            .build()
            .unwrap();
        let client = Client::new(config).unwrap();
        for _ in 0..2 {
            assert_eq!(client.send(&renew()).await.unwrap().task_no, "TASK-1");
        }

        let seen = proxy.requests();
        assert_eq!(seen.len(), 2, "{seen:?}");
        for request in &seen {
            assert_eq!(request.method, "POST");
            assert!(
                request
                    .target
                    .starts_with(&format!("{}/?", server.endpoint())),
                "absolute-form target through the proxy: {}",
                request.target
            );
            assert_eq!(request.credentials.as_deref(), Some("corp-user:p@ss:w/rd"));
            assert!(request.allowed);
        }
        let received = server.requests();
        assert_eq!(received.len(), 2);
        assert!(received.iter().all(|r| r.signature_valid));
        assert!(
            received
                .iter()
                .all(|r| r.header("proxy-authorization").is_none()),
            "the proxy's credentials stop at the proxy"
        );
    })
    .await;
}

#[tokio::test]
async fn credentials_in_the_proxy_url_are_percent_decoded() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let proxy = HttpProxy::start(Some(("me", "p@ss word"))).await;
        let url = format!("http://me:p%40ss%20word@127.0.0.1:{}", proxy.port());
        let config = server.config_builder().proxy(url).build().unwrap();
        assert!(
            !format!("{config:?}").contains("p%40ss"),
            "Debug hides the proxy password: {config:?}"
        );
        Client::new(config).unwrap().send(&renew()).await.unwrap();
        assert_eq!(
            proxy.requests()[0].credentials.as_deref(),
            Some("me:p@ss word")
        );
    })
    .await;
}

#[tokio::test]
async fn no_proxy_hosts_bypass_the_proxy() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let proxy = HttpProxy::start(None).await;
        for no_proxy in [
            vec!["127.0.0.1"],
            vec!["example.com", "127.0.0.0/8"],
            vec!["*"],
        ] {
            let config = server
                .config_builder()
                .proxy(proxy.url())
                .no_proxy(no_proxy.clone())
                .build()
                .unwrap();
            Client::new(config).unwrap().send(&renew()).await.unwrap();
            assert!(
                proxy.requests().is_empty(),
                "{no_proxy:?} must bypass the proxy"
            );
            assert_eq!(proxy.connections(), 0);
        }
        assert_eq!(server.request_count(), 3);

        // A list that does not name the endpoint leaves the proxy in use.
        let config = server
            .config_builder()
            .proxy(proxy.url())
            .no_proxy(["example.com", "10.0.0.0/8"])
            .build()
            .unwrap();
        Client::new(config).unwrap().send(&renew()).await.unwrap();
        assert_eq!(proxy.requests().len(), 1);
        assert_eq!(server.request_count(), 4);
    })
    .await;
}

#[tokio::test]
async fn a_refused_proxy_password_is_reported_with_status_407_and_not_retried() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let proxy = HttpProxy::start(Some(("corp-user", "right"))).await;
        let config = server
            .config_builder()
            .proxy(proxy.url())
            .proxy_credentials("corp-user", "wrong-secret-pw")
            .build()
            .unwrap();
        let err = Client::new(config)
            .unwrap()
            .send(&renew())
            .await
            .unwrap_err();
        assert_eq!(err.http_status(), Some(407), "{err:?}");
        assert!(!err.is_retryable());
        assert!(!err.to_string().contains("wrong-secret-pw"), "{err}");
        assert!(!format!("{err:?}").contains("wrong-secret-pw"));
        assert_eq!(proxy.requests().len(), 1);
        assert!(!proxy.requests()[0].allowed);
        assert_eq!(server.request_count(), 0);
    })
    .await;
}

#[tokio::test]
async fn an_unreachable_proxy_is_a_connect_error_without_its_password() {
    bounded(async {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let server = MockServer::start(SECRET, ok_task).await;
        let config = server
            .config_builder()
            .proxy(format!("http://corp:pw-in-url-secret@127.0.0.1:{port}"))
            .retry_config(RetryConfig::disabled())
            .build()
            .unwrap();
        let err = Client::new(config)
            .unwrap()
            .send(&renew())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Connect(_)), "{err:?}");
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("pw-in-url-secret"), "{shown}");
        assert_eq!(server.request_count(), 0);
    })
    .await;
}

#[tokio::test]
async fn a_private_root_ca_is_rejected_without_add_root_certificate_and_trusted_with_it() {
    bounded(async {
        let pki = TestPki::new();
        let server = MockServer::start(SECRET, ok_task).await;
        let tls = TlsFront::start(&pki, &server.endpoint()).await;

        let untrusted = server
            .config_builder()
            .endpoint(tls.endpoint())
            .retry_config(RetryConfig::disabled())
            .build()
            .unwrap();
        let err = Client::new(untrusted)
            .unwrap()
            .send(&renew())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Connect(_)), "{err:?}");
        assert!(
            err.to_string().to_lowercase().contains("certificate"),
            "the error names the certificate problem: {err}"
        );
        assert_eq!(server.request_count(), 0, "nothing was sent");

        let trusted = server
            .config_builder()
            .endpoint(tls.endpoint())
            .add_root_certificate(&pki.ca_pem)
            .build()
            .unwrap();
        let client = Client::new(trusted).unwrap();
        let out = client.send(&renew()).await.unwrap();
        assert_eq!(out.task_no, "TASK-1");
        let received = server.requests();
        assert_eq!(received.len(), 1);
        assert!(received[0].signature_valid, "signed and sent over TLS");
    })
    .await;
}

#[tokio::test]
async fn https_through_a_proxy_uses_a_connect_tunnel() {
    bounded(async {
        let pki = TestPki::new();
        let server = MockServer::start(SECRET, ok_task).await;
        let tls = TlsFront::start(&pki, &server.endpoint()).await;
        let proxy = HttpProxy::start(Some(("u", "pw"))).await;
        let config = server
            .config_builder()
            .endpoint(tls.endpoint())
            .add_root_certificate(pki.ca_pem.as_bytes())
            .proxy(format!("http://u:pw@127.0.0.1:{}", proxy.port()))
            .build()
            .unwrap();
        let out = Client::new(config).unwrap().send(&renew()).await.unwrap();
        assert_eq!(out.task_no, "TASK-1");
        let seen = proxy.requests();
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!(seen[0].method, "CONNECT");
        assert_eq!(
            seen[0].target,
            tls.endpoint().trim_start_matches("https://")
        );
        assert_eq!(seen[0].credentials.as_deref(), Some("u:pw"));
        assert!(server.requests()[0].signature_valid);
    })
    .await;
}

#[tokio::test]
async fn a_callers_own_http_client_is_used_as_given() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-corp-trace", "trace-42".parse().unwrap());
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .no_proxy()
            .build()
            .unwrap();
        let config = server.config_builder().http_client(http.clone());
        // The mock server's builder sets a connect timeout, which a custom
        // client cannot take: that is refused, naming the setting.
        let message = config_error(config.build());
        assert!(
            message.contains("http_client") && message.contains("connect_timeout"),
            "{message}"
        );

        let config = Config::builder()
            .endpoint(server.endpoint())
            .credentials(alibabacloud_domain::Credentials::new(
                alibabacloud_domain_tests::mock::MOCK_ACCESS_KEY_ID,
                SECRET,
            ))
            .http_client(http)
            .build()
            .unwrap();
        let client = Client::new(config).unwrap();
        client.send(&renew()).await.unwrap();
        let received = &server.requests()[0];
        assert!(received.signature_valid);
        assert_eq!(received.header("x-corp-trace"), Some("trace-42"));
        assert!(received
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("alibabacloud-domain/")));
    })
    .await;
}

#[tokio::test]
async fn pool_settings_are_accepted_end_to_end() {
    bounded(async {
        let server = MockServer::start(SECRET, ok_task).await;
        let proxy = HttpProxy::start(None).await;
        // Through the proxy, which counts the client's connections.
        let config = server
            .config_builder()
            .proxy(proxy.url())
            .pool_idle_timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(4)
            .build()
            .unwrap();
        let client = Client::new(config).unwrap();
        let (one, two) = (renew(), renew());
        let (a, b) = tokio::join!(client.send(&one), client.send(&two));
        assert_eq!(a.unwrap().task_no, "TASK-1");
        assert_eq!(b.unwrap().task_no, "TASK-1");
        assert_eq!(proxy.requests().len(), 2);
        // One connection per call at most; whether the second call found
        // the first connection idle depends on timing, so only bounds.
        assert!((1..=2).contains(&proxy.connections()));
    })
    .await;
}

#[test]
fn bad_transport_settings_are_config_errors_naming_the_setting() {
    let cases: Vec<(alibabacloud_domain::ConfigBuilder, &str)> = vec![
        (Config::builder().proxy("http://"), "proxy URL"),
        (Config::builder().proxy("http://:8080"), "has no host"),
        (Config::builder().proxy(""), "proxy URL"),
        (Config::builder().proxy("socks5://127.0.0.1:1080"), "SOCKS"),
        (Config::builder().proxy("ftp://proxy:21"), "proxy URL"),
        (Config::builder().proxy("http://proxy:3128/path"), "path"),
        (
            Config::builder().proxy_credentials("u", "p"),
            "proxy_credentials was given without a proxy",
        ),
        (
            Config::builder().no_proxy(["a.com,b.com"]),
            "no_proxy entry",
        ),
        (Config::builder().no_proxy([""]), "no_proxy entry"),
        (
            Config::builder().add_root_certificate("not a certificate"),
            "add_root_certificate",
        ),
        (
            Config::builder().add_root_certificate(
                "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
            ),
            "Base64",
        ),
        (
            Config::builder().add_root_certificate(
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            ),
            "not a DER X.509 certificate",
        ),
        (
            Config::builder().add_root_certificate("-----BEGIN CERTIFICATE-----\nMAMwAQA="),
            "END CERTIFICATE",
        ),
        (
            Config::builder().add_root_certificate([0xff, 0xfe, 0x00]),
            "not text",
        ),
        (
            Config::builder().pool_max_idle_per_host(0),
            "pool_max_idle_per_host",
        ),
        (
            Config::builder().pool_idle_timeout(Duration::ZERO),
            "pool_idle_timeout",
        ),
        (Config::builder().max_response_size(0), "max_response_size"),
        (
            Config::builder()
                .http_client(reqwest::Client::new())
                .proxy("http://proxy:3128")
                .add_root_certificate("x"),
            "http_client was given together with proxy, add_root_certificate",
        ),
    ];
    for (builder, says) in cases {
        let message = config_error(builder.build());
        assert!(message.contains(says), "{message:?} should say {says:?}");
    }
}

#[test]
fn proxy_passwords_stay_out_of_errors_and_debug_output() {
    let message = config_error(
        Config::builder()
            .proxy("http://user:hunter2-secret@/no-host")
            .build(),
    );
    assert!(!message.contains("hunter2-secret"), "{message}");
    let message = config_error(
        Config::builder()
            .proxy("ftp://user:hunter2-secret@proxy:21")
            .build(),
    );
    assert!(!message.contains("hunter2-secret"), "{message}");
    assert!(message.contains("<redacted>@proxy:21"), "{message}");

    let builder = Config::builder()
        .proxy("http://user:hunter2-secret@proxy:3128")
        .proxy_credentials("other", "hunter3-secret");
    assert!(!format!("{builder:?}").contains("hunter"), "{builder:?}");
    let config = builder.build().unwrap();
    let shown = format!("{config:?}");
    assert!(!shown.contains("hunter"), "{shown}");
    assert!(shown.contains("proxy:3128"), "{shown}");
    let client = Client::new(config).unwrap();
    assert!(!format!("{client:?}").contains("hunter"));
}

#[test]
fn defaults_are_documented_values() {
    let config = Config::builder().build().unwrap();
    assert_eq!(config.max_response_size(), 16 * 1024 * 1024);
    assert_eq!(
        alibabacloud_domain::config::DEFAULT_MAX_RESPONSE_SIZE,
        16 * 1024 * 1024
    );
    let shown = format!("{config:?}");
    assert!(shown.contains("proxy_from_env: true"), "{shown}");
}
