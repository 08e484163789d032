//! End to end: the generated `save_single_task_for_synchronizing_ds_record`
//! calls a local server that checks the signature with its own code and
//! answers with the sample responses from the operation's page.

use std::path::Path;
use std::time::Duration;

use alibabacloud_domain::operation::save_single_task_for_synchronizing_ds_record::SaveSingleTaskForSynchronizingDsRecordInput;
use alibabacloud_domain::types::Lang;
use alibabacloud_domain::{Client, Credentials, Error, ResponseFormat};
use alibabacloud_domain_codegen::model::{Operation, SampleFormat};
use alibabacloud_domain_tests::{MockResponse, MockServer};

const SECRET: &str = "e2e-secret-value";
const PAGE: &str = "SaveSingleTaskForSynchronizingDSRecord";

/// The operation as the generator reads it from `api-docs/`.
fn page() -> Operation {
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

fn sample(op: &Operation, format: SampleFormat) -> String {
    op.samples
        .iter()
        .find(|s| s.format == format && s.invalid.is_none())
        .map(|s| s.text.clone())
        .expect("the page has a valid sample of this format")
}

/// A server that answers `PAGE` with the page's own sample responses.
async fn sample_server(op: &Operation) -> MockServer {
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

async fn call(client: &Client) -> Result<alibabacloud_domain::operation::save_single_task_for_synchronizing_ds_record::SaveSingleTaskForSynchronizingDsRecordOutput, Error>{
    let input = SaveSingleTaskForSynchronizingDsRecordInput::new("example.com")
        .lang(Lang::En)
        .user_client_ip("127.0.0.1");
    tokio::time::timeout(
        Duration::from_secs(20),
        client.save_single_task_for_synchronizing_ds_record(input),
    )
    .await
    .expect("the call finishes in time")
}

#[tokio::test]
async fn json_response_decodes_task_no_and_request_id() {
    let op = page();
    let server = sample_server(&op).await;
    let client = Client::new(server.config_builder().build().expect("config")).expect("client");

    let output = call(&client).await.expect("the call succeeds");
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
    assert_eq!(req.method, "POST");
    assert_eq!(req.param("Action"), Some(PAGE));
    assert_eq!(req.param("Version"), Some("2018-01-29"));
    assert_eq!(req.param("DomainName"), Some("example.com"));
    assert_eq!(req.param("Lang"), Some("en"));
    assert_eq!(req.param("UserClientIp"), Some("127.0.0.1"));
    assert_eq!(req.param("SignatureMethod"), Some("HMAC-SHA1"));
}

#[tokio::test]
async fn xml_response_decodes_task_no_and_request_id() {
    let op = page();
    let server = sample_server(&op).await;
    let config = server
        .config_builder()
        .response_format(ResponseFormat::Xml)
        .build()
        .expect("config");
    let client = Client::new(config).expect("client");

    let output = call(&client).await.expect("the call succeeds");
    assert_eq!(
        output.task_no.as_deref(),
        Some("3cbc5b9f-080d-4b5f-a04b-29f54bffdeab")
    );
    assert_eq!(
        output.request_id.as_deref(),
        Some("722D0361-93BD-4289-824F-D17B218D8BF4")
    );
    assert_eq!(server.requests()[0].param("Format"), Some("XML"));
}

#[tokio::test]
async fn optional_parameters_left_unset_are_not_sent() {
    let op = page();
    let server = sample_server(&op).await;
    let client = Client::new(server.config_builder().build().expect("config")).expect("client");
    let input = SaveSingleTaskForSynchronizingDsRecordInput::new("例子 a*b~c.com");
    client
        .save_single_task_for_synchronizing_ds_record(input)
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
    for format in [ResponseFormat::Json, ResponseFormat::Xml] {
        let config = server
            .config_builder()
            .credentials(Credentials::new("mock-access-key-id", "not-the-secret"))
            .response_format(format)
            .build()
            .expect("config");
        let client = Client::new(config).expect("client");
        let err = call(&client).await.expect_err("a wrong secret is refused");
        assert_eq!(
            err.code(),
            Some("SignatureDoesNotMatch"),
            "{format:?}: {err}"
        );
        assert_eq!(err.http_status(), Some(403));
        assert!(
            err.request_id().is_some(),
            "{format:?}: the request id is kept"
        );
        assert!(matches!(err, Error::Service(_)), "{err:?}");
        let shown = format!("{err} {err:?}");
        assert!(
            !shown.contains("not-the-secret"),
            "the secret leaks: {shown}"
        );
    }
}
