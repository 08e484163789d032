//! The `test-util` mock transport as a user meets it: canned replies per
//! operation, a closure, recorded requests, errors, retries, XML, delays on
//! a paused clock. Signing runs as in production: the recorded parameters
//! carry a signature that the independent signer in `support/` verifies.

use std::time::Duration;

use alibabacloud_domain::error::TimeoutKind;
use alibabacloud_domain::operation::query_task_detail_list::{
    QueryTaskDetailListInput, TaskStatusCode,
};
use alibabacloud_domain::operation::save_single_task_for_synchronizing_ds_record::SaveSingleTaskForSynchronizingDsRecordInput;
use alibabacloud_domain::test_util::{
    MockRequest, MockResponse, MockTransport, MOCK_ACCESS_KEY_ID, MOCK_ACCESS_KEY_SECRET,
};
use alibabacloud_domain::{Error, ResponseFormat, RetryConfig, SignatureVersion};
use alibabacloud_domain_tests::{sigv1, sigv3};
use serde_json::json;

fn page(domains: &[&str]) -> serde_json::Value {
    let details: Vec<_> = domains
        .iter()
        .map(|d| json!({"DomainName": d, "TaskStatusCode": 3, "ErrorMsg": "registry refused"}))
        .collect();
    json!({"TotalItemNum": domains.len(), "NextPage": false, "Data": {"TaskDetail": details}})
}

/// Checks a recorded V1 request's signature with the independent signer.
fn v1_signature_is_valid(request: &MockRequest) -> bool {
    let signed: Vec<(String, String)> = request
        .params()
        .iter()
        .filter(|(name, _)| name != "Signature")
        .cloned()
        .collect();
    let expected = sigv1::signature(
        MOCK_ACCESS_KEY_SECRET,
        &sigv1::string_to_sign("POST", &signed),
    );
    request.param("Signature") == Some(expected.as_str())
}

/// Checks a recorded V3 request (no form body) with the independent signer.
fn v3_signature_is_valid(request: &MockRequest) -> bool {
    let Some(auth) = request
        .header("authorization")
        .and_then(sigv3::parse_authorization)
    else {
        return false;
    };
    let headers: Vec<(String, String)> = auth
        .signed_headers
        .iter()
        .filter_map(|n| request.header(n).map(|v| (n.clone(), v.to_owned())))
        .collect();
    let canonical = sigv3::canonical_request(
        "POST",
        "/",
        request.params(),
        &headers,
        &auth.signed_headers,
        &sigv3::sha256_hex(request.body().as_bytes()),
    );
    auth.credential == MOCK_ACCESS_KEY_ID
        && auth.signed_headers.iter().any(|h| h == "host")
        && auth.signature
            == sigv3::signature(MOCK_ACCESS_KEY_SECRET, &sigv3::string_to_sign(&canonical))
}

#[tokio::test]
async fn canned_replies_are_used_once_each_in_order_and_requests_are_recorded() {
    let transport = MockTransport::new()
        .reply::<QueryTaskDetailListInput>(page(&["a.com"]))
        .reply::<QueryTaskDetailListInput>(page(&["b.com", "c.com"]));
    let client = transport.client();
    let first = client
        .query_task_detail_list(
            QueryTaskDetailListInput::builder()
                .task_no("T-1")
                .page_num(1)
                .page_size(50)
                .build()
                .domain_name("a.com"),
        )
        .await
        .unwrap();
    assert_eq!(first.data[0].domain_name.as_deref(), Some("a.com"));
    assert_eq!(
        first.data[0].task_status_code,
        Some(TaskStatusCode::ExecuteFailure)
    );
    assert!(first.request_id.is_some(), "a RequestId is added");
    let second = client
        .query_task_detail_list(
            QueryTaskDetailListInput::builder()
                .task_no("T-1")
                .page_num(2)
                .page_size(50)
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(second.data.len(), 2);
    assert!(transport.pending_replies().is_empty());

    let sent = transport.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].action(), "QueryTaskDetailList");
    assert_eq!(sent[0].param("TaskNo"), Some("T-1"));
    assert_eq!(sent[0].param("DomainName"), Some("a.com"));
    assert_eq!(sent[1].param("PageNum"), Some("2"));
    assert_eq!(sent[1].param("DomainName"), None);
    for request in &sent {
        assert_eq!(request.param("Format"), Some("JSON"));
        assert_eq!(request.header("x-acs-action"), Some("QueryTaskDetailList"));
        assert_eq!(request.header("host"), Some("domain.aliyuncs.com"));
        assert_eq!(request.attempt(), 1);
        assert!(
            v3_signature_is_valid(request),
            "signed as in production: {request:?}"
        );
    }
    assert_ne!(
        sent[0].header("x-acs-signature-nonce"),
        sent[1].header("x-acs-signature-nonce")
    );

    // A third call finds the queue used up: a clear error naming the action.
    let err = client
        .query_task_detail_list(
            QueryTaskDetailListInput::builder()
                .task_no("T-1")
                .page_num(3)
                .page_size(50)
                .build(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("no reply for action QueryTaskDetailList"),
        "{message}"
    );
    assert!(
        message.contains("the 2 queued for it were used up"),
        "{message}"
    );
    assert_eq!(
        transport.request_count(),
        3,
        "the unanswered request is recorded too"
    );
}

#[tokio::test]
async fn signature_v1_requests_carry_the_common_parameters() {
    let transport = MockTransport::new().reply::<QueryTaskDetailListInput>(page(&["a.com"]));
    let config = transport
        .config_builder()
        .signature_version(SignatureVersion::V1)
        .build()
        .unwrap();
    alibabacloud_domain::Client::new(config)
        .unwrap()
        .query_task_detail_list(
            QueryTaskDetailListInput::builder()
                .task_no("T-1")
                .page_num(1)
                .page_size(50)
                .build(),
        )
        .await
        .unwrap();
    let sent = &transport.requests()[0];
    assert_eq!(sent.param("AccessKeyId"), Some(MOCK_ACCESS_KEY_ID));
    assert_eq!(sent.param("Action"), Some("QueryTaskDetailList"));
    assert!(sent.param("SignatureNonce").is_some());
    assert!(v1_signature_is_valid(sent), "{sent:?}");
    assert!(!v3_signature_is_valid(sent));
}

#[tokio::test]
async fn an_action_without_a_reply_is_an_error_naming_it() {
    let transport = MockTransport::new().reply::<QueryTaskDetailListInput>(page(&["a.com"]));
    let err = transport
        .client()
        .save_single_task_for_synchronizing_ds_record(
            SaveSingleTaskForSynchronizingDsRecordInput::new("example.com"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(!err.is_retryable());
    let message = err.to_string();
    assert!(
        message.contains("no reply for action SaveSingleTaskForSynchronizingDSRecord;"),
        "{message}"
    );
    assert!(
        message.contains(".reply::<"),
        "says how to fix it: {message}"
    );
    assert_eq!(transport.pending_replies(), ["QueryTaskDetailList"]);
}

#[tokio::test]
async fn a_closure_answers_requests_without_a_queued_reply() {
    let transport = MockTransport::new()
        .reply::<QueryTaskDetailListInput>(page(&["queued.com"]))
        .respond_with(|request| match request.action() {
            "QueryTaskDetailList" => {
                let domain = request.param("DomainName").unwrap_or("none");
                MockResponse::ok(page(&[domain]))
            }
            _ => MockResponse::ok(json!({"TaskNo": "TASK-9"})),
        });
    let client = transport.client();
    let queued = client
        .query_task_detail_list(
            QueryTaskDetailListInput::builder()
                .task_no("T")
                .page_num(1)
                .page_size(10)
                .build()
                .domain_name("x.com"),
        )
        .await
        .unwrap();
    assert_eq!(queued.data[0].domain_name.as_deref(), Some("queued.com"));
    let from_closure = client
        .query_task_detail_list(
            QueryTaskDetailListInput::builder()
                .task_no("T")
                .page_num(1)
                .page_size(10)
                .build()
                .domain_name("y.com"),
        )
        .await
        .unwrap();
    assert_eq!(from_closure.data[0].domain_name.as_deref(), Some("y.com"));
    let task = client
        .save_single_task_for_synchronizing_ds_record(
            SaveSingleTaskForSynchronizingDsRecordInput::new("z.com"),
        )
        .await
        .unwrap();
    assert_eq!(task.task_no.as_deref(), Some("TASK-9"));
}

#[tokio::test]
async fn service_errors_decode_as_in_production_and_transient_ones_are_retried() {
    let transport = MockTransport::new()
        .reply::<QueryTaskDetailListInput>(
            MockResponse::error(400, "Throttling.User", "slow down")
                .header("x-acs-retry-after", "1"),
        )
        .reply::<QueryTaskDetailListInput>(page(&["a.com"]))
        .reply::<QueryTaskDetailListInput>(MockResponse::error(
            400,
            "InvalidTaskNo",
            "no such task",
        ));
    let client = transport.client();
    let out = client
        .query_task_detail_list(
            QueryTaskDetailListInput::builder()
                .task_no("T")
                .page_num(1)
                .page_size(10)
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(out.data.len(), 1);
    let sent = transport.requests();
    assert_eq!(
        sent.iter().map(MockRequest::attempt).collect::<Vec<_>>(),
        [1, 2]
    );

    let err = client
        .query_task_detail_list(
            QueryTaskDetailListInput::builder()
                .task_no("T")
                .page_num(1)
                .page_size(10)
                .build(),
        )
        .await
        .unwrap_err();
    match &err {
        Error::Service(e) => {
            assert_eq!(
                (e.status(), e.code(), e.message()),
                (400, "InvalidTaskNo", "no such task")
            );
            assert!(e.request_id().is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        transport.request_count(),
        3,
        "a client error is not retried"
    );
}

#[tokio::test]
async fn xml_clients_get_xml_answers() {
    let transport =
        MockTransport::new().reply::<QueryTaskDetailListInput>(page(&["a&b.com", "c.com"]));
    let config = transport
        .config_builder()
        .response_format(ResponseFormat::Xml)
        .build()
        .unwrap();
    let client = alibabacloud_domain::Client::new(config).unwrap();
    let out = client
        .query_task_detail_list(
            QueryTaskDetailListInput::builder()
                .task_no("T")
                .page_num(1)
                .page_size(10)
                .build(),
        )
        .await
        .unwrap();
    let names: Vec<_> = out
        .data
        .iter()
        .filter_map(|d| d.domain_name.as_deref())
        .collect();
    assert_eq!(names, ["a&b.com", "c.com"]);
    assert_eq!(transport.requests()[0].param("Format"), Some("XML"));
}

#[tokio::test(start_paused = true)]
async fn a_delayed_reply_makes_the_attempt_time_out_on_a_paused_clock() {
    let transport = MockTransport::new().reply::<QueryTaskDetailListInput>(
        MockResponse::ok(page(&["a.com"])).delay(Duration::from_secs(60)),
    );
    let config = transport
        .config_builder()
        .attempt_timeout(Duration::from_secs(10))
        .retry_config(RetryConfig::disabled())
        .build()
        .unwrap();
    let err = alibabacloud_domain::Client::new(config)
        .unwrap()
        .query_task_detail_list(
            QueryTaskDetailListInput::builder()
                .task_no("T")
                .page_num(1)
                .page_size(10)
                .build(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Timeout(t) if t.kind() == TimeoutKind::Attempt && t.limit() == Duration::from_secs(10)),
        "{err:?}"
    );
}

#[tokio::test]
async fn raw_bodies_headers_and_the_size_limit_apply_to_mock_answers() {
    let transport = MockTransport::new()
        .reply::<QueryTaskDetailListInput>(
            MockResponse::raw(502, "<html>bad gateway</html>").header("x-acs-request-id", "H-1"),
        )
        .reply::<QueryTaskDetailListInput>(MockResponse::raw(200, " ".repeat(2000)))
        .reply::<QueryTaskDetailListInput>(MockResponse::raw(200, "{}").header("bad header", "x"));
    let config = transport
        .config_builder()
        .retry_config(RetryConfig::disabled())
        .max_response_size(1000)
        .build()
        .unwrap();
    let client = alibabacloud_domain::Client::new(config).unwrap();
    let call = || {
        client.query_task_detail_list(
            QueryTaskDetailListInput::builder()
                .task_no("T")
                .page_num(1)
                .page_size(10)
                .build(),
        )
    };

    let err = call().await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode(e) if e.body_snippet().contains("bad gateway")),
        "{err:?}"
    );
    assert_eq!(err.request_id(), Some("H-1"));
    let err = call().await.unwrap_err();
    assert!(
        matches!(&err, Error::ResponseTooLarge(e) if e.limit() == 1000),
        "{err:?}"
    );
    let err = call().await.unwrap_err();
    assert!(matches!(&err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("\"bad header\""), "{err}");
}

#[test]
fn debug_output_shows_no_secret() {
    let transport = MockTransport::new().reply::<QueryTaskDetailListInput>(page(&[]));
    let client = transport.client();
    let shown = format!("{client:?} {transport:?}");
    assert!(!shown.contains(MOCK_ACCESS_KEY_SECRET), "{shown}");
    assert!(shown.contains("pending_replies: 1"), "{shown}");
}
