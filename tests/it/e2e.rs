//! End to end: generated and hand-written operations call a local server
//! that checks every request the way Alibaba's gateway does, with its own
//! signature V1 and V3 code (`tests/support`): the signature, the timestamp
//! against its clock, and nonce reuse. The server answers with the sample
//! responses from the operation's page.

use std::path::Path;
use std::time::Duration;

use alibabacloud_domain::operation::save_single_task_for_synchronizing_ds_record::{
    SaveSingleTaskForSynchronizingDsRecordInput, SaveSingleTaskForSynchronizingDsRecordOutput,
};
use alibabacloud_domain::types::Lang;
use alibabacloud_domain::{Client, Config, Credentials, Error, ResponseFormat, SignatureVersion};
use alibabacloud_domain_codegen::model::{Operation as PageOperation, SampleFormat};
use alibabacloud_domain_tests::mock::{epoch_seconds, MOCK_ACCESS_KEY_ID};
use alibabacloud_domain_tests::{
    sigv1, sigv3, MockResponse, MockServer, RecordedRequest, SigVersion,
};
use alibabacloud_runtime::unstable::{Operation, Params};
use serde_json::{json, Value};

const SECRET: &str = "e2e-secret-value";
const PAGE: &str = "SaveSingleTaskForSynchronizingDSRecord";
const VERSIONS: [SignatureVersion; 2] = [SignatureVersion::V1, SignatureVersion::V3];

/// The operation as the generator reads it from `api-docs/`.
fn page() -> PageOperation {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let pages = alibabacloud_domain_codegen::load_dir(&root.join("api-docs"), "api-docs")
        .expect("api-docs");
    let generated =
        alibabacloud_domain_codegen::generate(&pages, None).expect("api-docs generates");
    generated
        .api
        .operations
        .into_iter()
        .find(|op| op.name == PAGE)
        .expect("the page is in api-docs")
}

fn sample(op: &PageOperation, format: SampleFormat) -> String {
    op.samples
        .iter()
        .find(|s| s.format == format && s.invalid.is_none())
        .map(|s| s.text.clone())
        .expect("the page has a valid sample of this format")
}

/// A server that answers `PAGE` with the page's own sample responses.
async fn sample_server(op: &PageOperation) -> MockServer {
    let json = sample(op, SampleFormat::Json);
    let xml = sample(op, SampleFormat::Xml);
    MockServer::start(SECRET, move |req| {
        assert_eq!(req.action(), PAGE, "unexpected action");
        if req.wants_xml() {
            MockResponse::xml(200, xml.clone())
        } else {
            MockResponse::text(200, "application/json;charset=utf-8", json.clone())
        }
    })
    .await
}

fn client_for(server: &MockServer, version: SignatureVersion) -> Client {
    let config = server
        .config_builder()
        .signature_version(version)
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

async fn bounded<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("the test finishes in time")
}

async fn call(client: &Client) -> Result<SaveSingleTaskForSynchronizingDsRecordOutput, Error> {
    let input = SaveSingleTaskForSynchronizingDsRecordInput::new("example.com")
        .lang(Lang::En)
        .user_client_ip("127.0.0.1");
    bounded(client.save_single_task_for_synchronizing_ds_record(input)).await
}

/// The names of the query parameters, sorted.
fn query_names(req: &RecordedRequest) -> Vec<&str> {
    let mut names: Vec<&str> = req.query.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    names
}

/// Checks the common parts of a request as `version` sends them.
fn assert_wire_format(req: &RecordedRequest, version: SignatureVersion, format: &str) {
    assert!(req.signature_valid, "{}", req.string_to_sign);
    assert_eq!(req.rejected_with, None);
    assert_eq!((req.method.as_str(), req.path.as_str()), ("POST", "/"));
    assert_eq!(req.action(), PAGE);
    assert_eq!(req.api_version(), Some("2018-01-29"));
    assert_eq!(req.param("Format"), Some(format));
    assert_eq!(req.header("x-acs-action"), Some(PAGE));
    assert_eq!(req.header("x-acs-version"), Some("2018-01-29"));
    let nonce = req.nonce().expect("a nonce");
    assert_eq!(nonce.len(), 32);
    assert!(epoch_seconds(req.timestamp().expect("a timestamp")).is_some());
    match version {
        SignatureVersion::V1 => {
            assert_eq!(req.version, SigVersion::V1);
            assert_eq!(req.param("SignatureMethod"), Some("HMAC-SHA1"));
            assert_eq!(req.param("SignatureVersion"), Some("1.0"));
            assert_eq!(req.param("AccessKeyId"), Some(MOCK_ACCESS_KEY_ID));
            assert_eq!(req.header("authorization"), None);
        }
        _ => {
            assert_eq!(req.version, SigVersion::V3);
            // Only the operation's parameters and `Format` are in the URL.
            assert_eq!(
                query_names(req),
                ["DomainName", "Format", "Lang", "UserClientIp"]
            );
            let auth = req.authorization.as_ref().expect("an Authorization header");
            assert_eq!(auth.credential, MOCK_ACCESS_KEY_ID);
            assert_eq!(
                auth.signed_headers.join(";"),
                "accept;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
            );
            assert_eq!(auth.signature.len(), 64);
            assert_eq!(
                req.header("x-acs-content-sha256"),
                Some(sigv3::sha256_hex(b"").as_str())
            );
            let accept = if format == "XML" {
                "application/xml"
            } else {
                "application/json"
            };
            assert_eq!(req.header("accept"), Some(accept));
            assert!(req.body.is_empty());
        }
    }
}

#[tokio::test]
async fn json_response_decodes_task_no_and_request_id() {
    let op = page();
    for version in VERSIONS {
        let server = sample_server(&op).await;
        let output = call(&client_for(&server, version))
            .await
            .expect("the call succeeds");
        assert_eq!(
            output.task_no.as_deref(),
            Some("e893148f-6343-4ae1-9eba-6e2a4116e142")
        );
        assert_eq!(
            output.request_id.as_deref(),
            Some("E2598CAF-DBFE-494E-95EF-B42A33C178AA")
        );
        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        let req = &requests[0];
        assert_wire_format(req, version, "JSON");
        assert_eq!(req.param("DomainName"), Some("example.com"));
        assert_eq!(req.param("Lang"), Some("en"));
        assert_eq!(req.param("UserClientIp"), Some("127.0.0.1"));
    }
}

#[tokio::test]
async fn xml_response_decodes_task_no_and_request_id() {
    let op = page();
    for version in VERSIONS {
        let server = sample_server(&op).await;
        let config = server
            .config_builder()
            .signature_version(version)
            .response_format(ResponseFormat::Xml)
            .build()
            .expect("config");
        let output = call(&Client::new(config).expect("client"))
            .await
            .expect("the call succeeds");
        assert_eq!(
            output.task_no.as_deref(),
            Some("3cbc5b9f-080d-4b5f-a04b-29f54bffdeab")
        );
        assert_eq!(
            output.request_id.as_deref(),
            Some("722D0361-93BD-4289-824F-D17B218D8BF4")
        );
        assert_wire_format(&server.requests()[0], version, "XML");
    }
}

#[tokio::test]
async fn the_default_is_v3() {
    let op = page();
    let server = sample_server(&op).await;
    let config = server.config_builder().build().expect("config");
    assert_eq!(config.signature_version(), SignatureVersion::V3);
    assert_eq!(
        Config::builder()
            .build()
            .expect("config")
            .signature_version(),
        SignatureVersion::V3
    );
    call(&Client::new(config).expect("client"))
        .await
        .expect("the call succeeds");
    assert_wire_format(&server.requests()[0], SignatureVersion::V3, "JSON");
}

#[tokio::test]
async fn optional_parameters_left_unset_are_not_sent() {
    let op = page();
    let server = sample_server(&op).await;
    let client = Client::new(server.config_builder().build().expect("config")).expect("client");
    let input = SaveSingleTaskForSynchronizingDsRecordInput::new("例子 a*b~c.com");
    bounded(client.save_single_task_for_synchronizing_ds_record(input))
        .await
        .expect("the call succeeds");
    let req = &server.requests()[0];
    assert_eq!(req.param("DomainName"), Some("例子 a*b~c.com"));
    assert_eq!(req.param("Lang"), None);
    assert_eq!(req.param("UserClientIp"), None);
}

#[tokio::test]
async fn wrong_secret_gives_the_service_error_with_its_code() {
    let op = page();
    let server = sample_server(&op).await;
    for version in VERSIONS {
        for format in [ResponseFormat::Json, ResponseFormat::Xml] {
            let config = server
                .config_builder()
                .credentials(Credentials::new(MOCK_ACCESS_KEY_ID, "not-the-secret"))
                .response_format(format)
                .signature_version(version)
                .build()
                .expect("config");
            let client = Client::new(config).expect("client");
            let err = call(&client).await.expect_err("a wrong secret is refused");
            let label = format!("{version:?} {format:?}");
            assert_eq!(err.code(), Some("SignatureDoesNotMatch"), "{label}: {err}");
            assert_eq!(err.http_status(), Some(403));
            assert!(
                err.request_id().is_some(),
                "{label}: the request id is kept"
            );
            assert!(matches!(err, Error::Service(_)), "{err:?}");
            let shown = format!("{err} {err:?}");
            assert!(
                !shown.contains("not-the-secret"),
                "the secret leaks: {shown}"
            );
        }
    }
}

#[tokio::test]
async fn sts_token_travels_in_a_header_with_v3_and_in_the_query_with_v1() {
    const TOKEN: &str = "CAIS+tok/en==Ω";
    let op = page();
    for version in VERSIONS {
        let server = sample_server(&op).await;
        let config = server
            .config_builder()
            .credentials(
                Credentials::new("STS.temp-id", SECRET).with_security_token("CAIS+tok/en=="),
            )
            .signature_version(version)
            .build()
            .expect("config");
        call(&Client::new(config).expect("client"))
            .await
            .expect("the call succeeds");
        let req = &server.requests()[0];
        assert!(req.signature_valid, "{version:?}");
        assert_eq!(req.security_token(), Some("CAIS+tok/en=="));
        assert_eq!(req.access_key_id(), Some("STS.temp-id"));
        let token_in_url = req.query.iter().any(|(_, v)| v.contains("tok/en"));
        let signature_in_url = req.query.iter().any(|(n, _)| n == "Signature");
        match version {
            SignatureVersion::V1 => assert!(token_in_url && signature_in_url),
            _ => {
                assert!(!token_in_url && !signature_in_url, "{:?}", req.query);
                assert!(req.query.iter().all(|(n, _)| n != "AccessKeyId"));
                assert_eq!(req.header("x-acs-accesskey-id"), Some("STS.temp-id"));
                let signed = &req.authorization.as_ref().unwrap().signed_headers;
                assert!(signed.iter().any(|h| h == "x-acs-security-token"));
                assert!(signed.iter().any(|h| h == "x-acs-accesskey-id"));
            }
        }
    }

    // A token a header cannot carry is a clear credentials error with V3,
    // before anything is sent; V1 carries it percent-encoded.
    let server = sample_server(&op).await;
    for version in VERSIONS {
        let config = server
            .config_builder()
            .credentials(Credentials::new("STS.temp-id", SECRET).with_security_token(TOKEN))
            .signature_version(version)
            .build()
            .expect("config");
        let result = call(&Client::new(config).expect("client")).await;
        match version {
            SignatureVersion::V1 => {
                result.expect("V1 sends any token");
                assert_eq!(
                    server.requests().last().unwrap().security_token(),
                    Some(TOKEN)
                );
            }
            _ => {
                let err = result.expect_err("V3 cannot send this token");
                assert!(matches!(err, Error::Credentials(_)), "{err:?}");
                assert!(!err.is_retryable());
                assert!(!format!("{err} {err:?}").contains("tok/en"), "{err}");
            }
        }
    }
    assert_eq!(server.request_count(), 1, "V3 sent nothing");
}

/// A hand-written operation with a repeated parameter and awkward values.
struct UpdateBatch {
    domains: Vec<&'static str>,
    remark: &'static str,
}

impl Operation for UpdateBatch {
    const ACTION: &'static str = "SaveBatchDomainRemark";
    type Output = Value;

    fn write_params(&self, params: &mut Params) {
        for (index, domain) in self.domains.iter().enumerate() {
            params.push(format!("Remarks.{}.DomainName", index + 1), *domain);
        }
        params.push("Remark", self.remark);
        params.push("Empty", "");
    }
}

fn batch() -> UpdateBatch {
    UpdateBatch {
        // Eleven entries, so that `Remarks.10` and `Remarks.11` sort before
        // `Remarks.2` in the canonical query.
        domains: vec![
            "例子.中国",
            "a b.com",
            "a*b.com",
            "a~b.com",
            "a+b.com",
            "a/b.com",
            "a=b&c.com",
            "ü.de",
            "😀.com",
            "%41.com",
            "z.com",
        ],
        remark: "备注: *~+/=&%20 \"quoted\" 'single'\n",
    }
}

#[tokio::test]
async fn unicode_and_list_parameters_are_signed_and_arrive_intact() {
    for version in VERSIONS {
        let server =
            MockServer::start(SECRET, |req| MockResponse::ok(req, json!({"TaskNo": "T"}))).await;
        let client = client_for(&server, version);
        let out = bounded(client.send(&batch()))
            .await
            .expect("the call succeeds");
        assert_eq!(out["TaskNo"], "T");
        let req = &server.requests()[0];
        assert!(req.signature_valid, "{version:?}: {}", req.string_to_sign);
        assert_eq!(req.rejected_with, None);
        let expected = batch();
        for (index, domain) in expected.domains.iter().enumerate() {
            let name = format!("Remarks.{}.DomainName", index + 1);
            assert_eq!(req.param(&name), Some(*domain), "{version:?} {name}");
        }
        assert_eq!(req.param("Remark"), Some(expected.remark));
        assert_eq!(req.param("Empty"), Some(""));
    }
}

/// The form-body operation of `fault.rs`, with a unicode value.
struct SubmitCredential;

impl Operation for SubmitCredential {
    const ACTION: &'static str = "SaveTaskForUpdatingRegistrantInfoByIdentityCredential";
    type Output = Value;

    fn write_params(&self, params: &mut Params) {
        params.push("IdentityCredential", "QUJD+/= 身份证");
        params.push("IdentityCredentialType", "ID card");
        params.push("DomainName.1", "例子.com");
    }
}

#[tokio::test]
async fn v3_signs_the_hash_of_a_form_body() {
    let server =
        MockServer::start(SECRET, |req| MockResponse::ok(req, json!({"TaskNo": "T"}))).await;
    let client = client_for(&server, SignatureVersion::V3);
    bounded(client.send_with_form_fields(&SubmitCredential, &["IdentityCredential"]))
        .await
        .expect("the call succeeds");
    let req = server.requests()[0].clone();
    assert!(req.signature_valid, "{}", req.canonical_request);
    assert_eq!(
        req.form,
        [("IdentityCredential".to_owned(), "QUJD+/= 身份证".to_owned())]
    );
    assert_eq!(
        query_names(&req),
        ["DomainName.1", "Format", "IdentityCredentialType"]
    );
    assert_eq!(
        req.header("x-acs-content-sha256"),
        Some(sigv3::sha256_hex(&req.body).as_str())
    );
    assert_ne!(sigv3::sha256_hex(&req.body), sigv3::sha256_hex(b""));
    let signed = &req.authorization.as_ref().unwrap().signed_headers;
    assert!(signed.iter().any(|h| h == "content-type"), "{signed:?}");

    // The same request with one byte of the body changed is refused: the
    // body is covered by the signature. (The signature check comes before
    // the nonce check, so the reused nonce does not matter here.)
    let mut tampered = req.body.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 0x01;
    let answer = server.send_raw(&replay(&req, &tampered, &[])).await;
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(answer.contains("SignatureDoesNotMatch"), "{answer}");
    // Unchanged, it is a replay.
    let answer = server.send_raw(&replay(&req, &req.body, &[])).await;
    assert!(answer.contains("SignatureNonceUsed"), "{answer}");
}

/// The raw bytes of `req` sent again, with `body` and with the headers in
/// `replace` swapped in.
fn replay(req: &RecordedRequest, body: &[u8], replace: &[(&str, &str)]) -> Vec<u8> {
    let query: Vec<String> = req
        .query
        .iter()
        .map(|(n, v)| format!("{}={}", sigv1::encode(n), sigv1::encode(v)))
        .collect();
    let mut raw = format!(
        "{} {}?{} HTTP/1.1\r\n",
        req.method,
        req.path,
        query.join("&")
    );
    for (name, value) in &req.headers {
        if name == "content-length" || name == "connection" {
            continue;
        }
        let value = replace
            .iter()
            .find(|(n, _)| n == name)
            .map_or(value.as_str(), |(_, v)| *v);
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    raw.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = raw.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

#[tokio::test]
async fn v3_replays_are_refused_and_the_nonce_is_signed() {
    let server =
        MockServer::start(SECRET, |req| MockResponse::ok(req, json!({"TaskNo": "T"}))).await;
    let client = client_for(&server, SignatureVersion::V3);
    bounded(client.send(&batch()))
        .await
        .expect("the call succeeds");
    let req = server.requests()[0].clone();

    let answer = server.send_raw(&replay(&req, &req.body, &[])).await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("SignatureNonceUsed"), "{answer}");
    assert_eq!(
        server.requests()[1].rejected_with.as_deref(),
        Some("SignatureNonceUsed")
    );
    // A fresh nonce does not help a replay: the nonce is signed.
    let fresh = [("x-acs-signature-nonce", "00000000000000000000000000000000")];
    let answer = server.send_raw(&replay(&req, &req.body, &fresh)).await;
    assert!(answer.contains("SignatureDoesNotMatch"), "{answer}");
}

#[tokio::test]
async fn v3_signs_the_retry_header() {
    let server = MockServer::start(SECRET, |req| {
        if req.header("x-acs-retry-attempts").is_none() {
            MockResponse::error(req, 503, "ServiceUnavailable", "try again")
        } else {
            MockResponse::ok(req, json!({"TaskNo": "T"}))
        }
    })
    .await;
    let client = client_for(&server, SignatureVersion::V3);
    bounded(client.send(&batch()))
        .await
        .expect("the retry succeeds");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.signature_valid));
    let signed = &requests[1].authorization.as_ref().unwrap().signed_headers;
    assert!(
        signed.iter().any(|h| h == "x-acs-retry-attempts"),
        "{signed:?}"
    );
    assert_ne!(requests[0].nonce(), requests[1].nonce());

    // The gateway refuses an `x-acs-*` header that is sent but not signed.
    let answer = server
        .send_raw(&replay(&requests[1], &[], &[]).replacen(
            b"\r\nconnection: close",
            b"\r\nx-acs-extra: 1\r\nconnection: close",
        ))
        .await;
    assert!(answer.contains("IncompleteSignature"), "{answer}");
    assert!(answer.contains("x-acs-extra"), "{answer}");
}

trait ReplaceBytes {
    fn replacen(self, from: &[u8], to: &[u8]) -> Vec<u8>;
}

impl ReplaceBytes for Vec<u8> {
    fn replacen(self, from: &[u8], to: &[u8]) -> Vec<u8> {
        match self.windows(from.len()).position(|w| w == from) {
            Some(at) => [&self[..at], to, &self[at + from.len()..]].concat(),
            None => panic!("{:?} not found", String::from_utf8_lossy(from)),
        }
    }
}

#[tokio::test]
async fn a_clock_more_than_15_minutes_off_is_refused_as_the_gateway_does() {
    let op = page();
    for version in VERSIONS {
        let server = sample_server(&op).await;
        let client = client_for(&server, version);
        for minutes in [20, -20] {
            server.set_clock_offset(minutes * 60);
            let err = call(&client)
                .await
                .expect_err("a stale timestamp is refused");
            assert_eq!(
                err.code(),
                Some("InvalidTimeStamp.Expired"),
                "{version:?}: {err}"
            );
            assert_eq!(err.http_status(), Some(400));
            assert!(!err.is_retryable(), "retrying cannot fix a clock");
        }
        assert_eq!(server.request_count(), 2, "{version:?}: no retries");
        // Within the window, the same client is accepted.
        for minutes in [10, -10] {
            server.set_clock_offset(minutes * 60);
            call(&client).await.expect("within 15 minutes");
        }
    }
}

/// A raw V1 request for `PAGE` signed (correctly) by the tests' own signer.
fn raw_v1(timestamp: &str, nonce: &str) -> Vec<u8> {
    let params: Vec<(String, String)> = [
        ("AccessKeyId", MOCK_ACCESS_KEY_ID),
        ("Action", PAGE),
        ("DomainName", "example.com"),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", nonce),
        ("SignatureVersion", "1.0"),
        ("Timestamp", timestamp),
        ("Version", "2018-01-29"),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect();
    let signature = sigv1::signature(SECRET, &sigv1::string_to_sign("POST", &params));
    let query: Vec<String> = params
        .iter()
        .chain(&[("Signature".to_owned(), signature)])
        .map(|(n, v)| format!("{}={}", sigv1::encode(n), sigv1::encode(v)))
        .collect();
    format!(
        "POST /?{} HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        query.join("&")
    )
    .into_bytes()
}

/// A raw V3 request for `PAGE` signed (correctly) by the tests' own signer.
fn raw_v3(host: &str, date: &str, nonce: &str) -> Vec<u8> {
    let query = vec![("DomainName".to_owned(), "example.com".to_owned())];
    let empty = sigv3::sha256_hex(b"");
    let headers: Vec<(String, String)> = [
        ("host", host),
        ("x-acs-action", PAGE),
        ("x-acs-version", "2018-01-29"),
        ("x-acs-date", date),
        ("x-acs-signature-nonce", nonce),
        ("x-acs-content-sha256", empty.as_str()),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect();
    let mut signed: Vec<String> = headers.iter().map(|(n, _)| n.clone()).collect();
    signed.sort();
    let canonical = sigv3::canonical_request("POST", "/", &query, &headers, &signed, &empty);
    let signature = sigv3::signature(SECRET, &sigv3::string_to_sign(&canonical));
    let mut raw = String::from("POST /?DomainName=example.com HTTP/1.1\r\n");
    for (name, value) in &headers {
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    raw.push_str(&format!(
        "authorization: ACS3-HMAC-SHA256 Credential={MOCK_ACCESS_KEY_ID},SignedHeaders={},Signature={signature}\r\n",
        signed.join(";")
    ));
    raw.push_str("content-length: 0\r\nconnection: close\r\n\r\n");
    raw.into_bytes()
}

#[tokio::test]
async fn a_correctly_signed_request_from_1970_is_refused() {
    // What a client with a hard-coded timestamp would send: everything right
    // but the time. Without the server's clock check it would pass.
    let op = page();
    let server = sample_server(&op).await;
    let host = server.endpoint().trim_start_matches("http://").to_owned();
    let now = time_now();
    for (label, raw) in [
        ("V1 1970", raw_v1("1970-01-01T00:00:00Z", "nonce-v1-1970")),
        (
            "V3 1970",
            raw_v3(&host, "1970-01-01T00:00:00Z", "nonce-v3-1970"),
        ),
        ("V1 now", raw_v1(&now, "nonce-v1-now")),
        ("V3 now", raw_v3(&host, &now, "nonce-v3-now")),
    ] {
        let answer = server.send_raw(&raw).await;
        if label.ends_with("1970") {
            assert!(answer.starts_with("HTTP/1.1 400"), "{label}: {answer}");
            assert!(
                answer.contains("InvalidTimeStamp.Expired"),
                "{label}: {answer}"
            );
        } else {
            assert!(answer.starts_with("HTTP/1.1 200"), "{label}: {answer}");
        }
    }
    let verdicts: Vec<(bool, Option<String>)> = server
        .requests()
        .into_iter()
        .map(|r| (r.signature_valid, r.rejected_with))
        .collect();
    let expired = Some("InvalidTimeStamp.Expired".to_owned());
    assert_eq!(
        verdicts,
        [
            (true, expired.clone()),
            (true, expired),
            (true, None),
            (true, None)
        ]
    );
}

/// The current UTC time as `YYYY-MM-DDThh:mm:ssZ`, computed here (not with
/// the crate's formatter).
fn time_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let days = i64::try_from(secs / 86_400).expect("fits");
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let text = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    );
    assert_eq!(
        epoch_seconds(&text),
        Some(i64::try_from(secs).expect("fits")),
        "{text}"
    );
    text
}
