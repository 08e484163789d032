//! Hard to misuse, as a user meets it: error codes as each operation's enum
//! (and the page's passing codes retried for read-only operations only),
//! required parameters set by name on a builder, and the `serde` feature.

use std::time::Duration;

use alibabacloud_domain::error::{CommonErrorCode, ErrorCode};
use alibabacloud_domain::operation::query_domain_by_domain_name::{
    QueryDomainByDomainNameErrorCode, QueryDomainByDomainNameInput,
};
use alibabacloud_domain::operation::query_task_detail_list::QueryTaskDetailListInput;
use alibabacloud_domain::operation::save_batch_task_for_creating_order_renew::{
    OrderRenewParam, SaveBatchTaskForCreatingOrderRenewInput,
};
use alibabacloud_domain::operation::save_single_task_for_creating_order_renew::SaveSingleTaskForCreatingOrderRenewInput;
use alibabacloud_domain::operation::save_single_task_for_modifying_dns_host::{
    SaveSingleTaskForModifyingDnsHostErrorCode, SaveSingleTaskForModifyingDnsHostInput,
};
use alibabacloud_domain::test_util::{MockResponse, MockTransport};
use alibabacloud_domain::{Error, RetryConfig};
use serde_json::json;

fn quick_retries() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(2))
}

fn domain(name: &str) -> serde_json::Value {
    json!({"RequestId": "R", "DomainName": name})
}

#[tokio::test(start_paused = true)]
async fn a_code_the_page_lists_is_its_variant() {
    let transport = MockTransport::new().reply::<QueryDomainByDomainNameInput>(
        MockResponse::error(400, "ParameterIllegal", "Parameter illegal."),
    );
    let client = transport.client().with_retry_config(quick_retries());
    let err = client
        .query_domain_by_domain_name(QueryDomainByDomainNameInput::new("example.com"))
        .await
        .expect_err("the mock answers with an error");
    assert_eq!(
        err.code_for::<QueryDomainByDomainNameInput>(),
        Some(QueryDomainByDomainNameErrorCode::ParameterIllegal)
    );
    // Not passing: one attempt only.
    assert_eq!(transport.request_count(), 1);
}

#[tokio::test(start_paused = true)]
async fn other_codes_are_common_codes_or_kept_as_sent() {
    let transport = MockTransport::new()
        .reply::<QueryDomainByDomainNameInput>(MockResponse::error(
            403,
            "Forbidden.RiskControl",
            "no",
        ))
        .reply::<QueryDomainByDomainNameInput>(MockResponse::error(400, "Brand.NewCode", "new"));
    let client = transport
        .client()
        .with_retry_config(RetryConfig::disabled());
    let input = QueryDomainByDomainNameInput::new("example.com");

    let err = client
        .query_domain_by_domain_name(input.clone())
        .await
        .unwrap_err();
    assert_eq!(
        err.code_for::<QueryDomainByDomainNameInput>(),
        Some(QueryDomainByDomainNameErrorCode::Other(
            CommonErrorCode::ForbiddenRiskControl
        ))
    );

    let err = client.query_domain_by_domain_name(input).await.unwrap_err();
    let code = err
        .code_for::<QueryDomainByDomainNameInput>()
        .expect("a service error");
    assert!(matches!(
        &code,
        QueryDomainByDomainNameErrorCode::Other(CommonErrorCode::Unknown(unknown))
            if unknown.as_str() == "Brand.NewCode"
    ));
    assert_eq!(code.as_str(), "Brand.NewCode");
    assert_eq!(code.to_string(), "Brand.NewCode");
}

#[tokio::test(start_paused = true)]
async fn an_operation_whose_page_lists_no_codes_reads_common_codes() {
    let transport = MockTransport::new().reply::<QueryTaskDetailListInput>(MockResponse::error(
        400,
        "Throttling.User",
        "slow down",
    ));
    let client = transport
        .client()
        .with_retry_config(RetryConfig::disabled());
    let input = QueryTaskDetailListInput::builder()
        .task_no("T")
        .page_num(1)
        .page_size(10)
        .build();
    let err = client.query_task_detail_list(input).await.unwrap_err();
    let code: Option<CommonErrorCode> = err.code_for::<QueryTaskDetailListInput>();
    assert_eq!(code, Some(CommonErrorCode::ThrottlingUser));
}

#[tokio::test(start_paused = true)]
async fn no_code_before_the_service_answered() {
    let transport = MockTransport::new()
        .reply::<QueryDomainByDomainNameInput>(MockResponse::raw(502, "<html>bad gateway</html>"));
    let client = transport
        .client()
        .with_retry_config(RetryConfig::disabled());
    let err = client
        .query_domain_by_domain_name(QueryDomainByDomainNameInput::new("example.com"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(err.code_for::<QueryDomainByDomainNameInput>(), None);
}

#[tokio::test(start_paused = true)]
async fn a_passing_code_is_retried_for_a_read_only_operation() {
    let transport = MockTransport::new()
        .reply::<QueryDomainByDomainNameInput>(MockResponse::error(
            400,
            "NetworkIOError",
            "Network IO Error.",
        ))
        .reply::<QueryDomainByDomainNameInput>(MockResponse::error(
            400,
            "NetworkIOError",
            "Network IO Error.",
        ))
        .reply::<QueryDomainByDomainNameInput>(domain("example.com"));
    let client = transport.client().with_retry_config(quick_retries());
    let out = client
        .query_domain_by_domain_name(QueryDomainByDomainNameInput::new("example.com"))
        .await
        .expect("the third attempt succeeds");
    assert_eq!(out.domain_name.as_deref(), Some("example.com"));
    assert_eq!(transport.request_count(), 3);
    assert!(QueryDomainByDomainNameErrorCode::from_code("NetworkIOError").is_transient());
}

#[tokio::test(start_paused = true)]
async fn a_passing_code_is_not_resent_for_a_mutating_operation() {
    let transport = MockTransport::new().reply::<SaveSingleTaskForModifyingDnsHostInput>(
        MockResponse::error(400, "TaskIsBeingProcessed", "Please try again later."),
    );
    let client = transport.client().with_retry_config(quick_retries());
    let input = SaveSingleTaskForModifyingDnsHostInput::builder()
        .instance_id("S1")
        .dns_name("ns1")
        .ip(["192.0.2.1"])
        .build();
    let err = client
        .save_single_task_for_modifying_dns_host(input)
        .await
        .unwrap_err();
    let code = err.code_for::<SaveSingleTaskForModifyingDnsHostInput>();
    assert_eq!(
        code,
        Some(SaveSingleTaskForModifyingDnsHostErrorCode::TaskIsBeingProcessed)
    );
    // The page calls it passing, but a second submission could act twice.
    assert!(code.is_some_and(|c| c.is_transient()));
    assert_eq!(transport.request_count(), 1);
}

#[tokio::test]
async fn builders_set_required_parameters_by_name_in_any_order() {
    let transport = MockTransport::new()
        .reply::<SaveSingleTaskForCreatingOrderRenewInput>(
            json!({"RequestId": "R", "TaskNo": "T1"}),
        )
        .reply::<SaveBatchTaskForCreatingOrderRenewInput>(
            json!({"RequestId": "R", "TaskNo": "T2"}),
        );
    let client = transport.client();
    let input = SaveSingleTaskForCreatingOrderRenewInput::builder()
        .subscription_duration(2)
        .domain_name("example.com")
        .current_expiration_date(1_522_080_000_000_i64)
        .build()
        .use_coupon(false);
    assert_eq!(input.get_subscription_duration(), 2);
    client
        .save_single_task_for_creating_order_renew(input)
        .await
        .expect("renewal queued");

    let batch = SaveBatchTaskForCreatingOrderRenewInput::new([
        OrderRenewParam::builder()
            .domain_name("a.example")
            .current_expiration_date(1_600_000_000_000_i64)
            .subscription_duration(1)
            .build(),
        OrderRenewParam::builder()
            .current_expiration_date(1_700_000_000_000_i64)
            .subscription_duration(3)
            .domain_name("b.example")
            .build(),
    ]);
    client
        .save_batch_task_for_creating_order_renew(batch)
        .await
        .expect("batch queued");

    let sent = transport.requests();
    assert_eq!(sent[0].param("SubscriptionDuration"), Some("2"));
    assert_eq!(sent[0].param("DomainName"), Some("example.com"));
    assert_eq!(
        sent[0].param("CurrentExpirationDate"),
        Some("1522080000000")
    );
    assert_eq!(sent[0].param("UseCoupon"), Some("false"));
    assert_eq!(
        sent[1].param("OrderRenewParam.1.DomainName"),
        Some("a.example")
    );
    assert_eq!(
        sent[1].param("OrderRenewParam.2.DomainName"),
        Some("b.example")
    );
    assert_eq!(
        sent[1].param("OrderRenewParam.2.SubscriptionDuration"),
        Some("3")
    );
    assert_eq!(
        sent[1].param("OrderRenewParam.2.CurrentExpirationDate"),
        Some("1700000000000")
    );
}

#[test]
fn a_setter_called_twice_keeps_the_last_value() {
    let input = SaveSingleTaskForCreatingOrderRenewInput::builder()
        .domain_name("first.example")
        .subscription_duration(1)
        .current_expiration_date(1_i64)
        .domain_name("second.example")
        .build();
    assert_eq!(input.get_domain_name(), "second.example");
}

#[test]
fn inputs_and_outputs_serialize_with_wire_names() {
    let input = SaveSingleTaskForCreatingOrderRenewInput::builder()
        .domain_name("example.com")
        .subscription_duration(1)
        .current_expiration_date(1_522_080_000_000_i64)
        .build()
        .lang("zh");
    let json = serde_json::to_value(&input).expect("serializes");
    assert_eq!(json["DomainName"], "example.com");
    assert_eq!(json["CurrentExpirationDate"], 1_522_080_000_000_i64);
    assert_eq!(json["Lang"], "zh");
    let back: SaveSingleTaskForCreatingOrderRenewInput =
        serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, input);

    // A required parameter missing from the document is an error, not a
    // default.
    let missing = json!({"DomainName": "example.com", "SubscriptionDuration": 1});
    let err = serde_json::from_value::<SaveSingleTaskForCreatingOrderRenewInput>(missing)
        .expect_err("CurrentExpirationDate is required");
    assert!(err.to_string().contains("CurrentExpirationDate"), "{err}");
}
