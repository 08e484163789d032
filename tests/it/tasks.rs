//! Tasks: the generated `QueryTaskDetailList` paginator, the task waiter and
//! the `sync_ds_record` example, against local mock servers that verify
//! every request's signature.
//!
//! The waiter's tests run on Tokio's paused clock (`start_paused = true`):
//! time only moves when every task waits, straight to the next timer, so
//! polls take no time and back-off, deadlines and poll counts are exact
//! rather than measured on a loaded machine.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use alibabacloud_domain::credentials::{DefaultCredentialsChain, Env};
use alibabacloud_domain::operation::query_task_detail_list::{
    QueryTaskDetailListInput, QueryTaskDetailListOutput,
};
use alibabacloud_domain::paginator::{StopReason, DEFAULT_MAX_PAGES};
use alibabacloud_domain::types::Lang;
use alibabacloud_domain::types::TaskStatus;
use alibabacloud_domain::waiter::WaitError;
use alibabacloud_domain::{Client, Config, Error, ResponseFormat};
use alibabacloud_domain_tests::mock::MOCK_ACCESS_KEY_ID;
use alibabacloud_domain_tests::{MockResponse, MockServer, RecordedRequest};
use serde_json::{json, Value};

use crate::sync_ds_record;

const SECRET: &str = "tasks-secret-value";
const TASK: &str = "9f6e2a41-6d3c-4a55-8c0e-1b7f3d2c5a10";
/// Every test finishes well within this, or fails.
const LIMIT: Duration = Duration::from_secs(60);

async fn bounded<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(LIMIT, future)
        .await
        .expect("the test finishes in time")
}

fn client(server: &MockServer) -> Client {
    Client::new(server.config_builder().build().expect("config")).expect("client")
}

fn param_num(req: &RecordedRequest, name: &str) -> usize {
    req.param(name)
        .unwrap_or_else(|| panic!("{name} is sent"))
        .parse()
        .unwrap_or_else(|_| panic!("{name} is a number"))
}

fn detail(domain: &str, status: &str, error_msg: &str) -> Value {
    let code = match status {
        "WAITING_EXECUTE" => 0,
        "EXECUTING" => 1,
        "EXECUTE_SUCCESS" => 2,
        "EXECUTE_FAILURE" => 3,
        _ => 9,
    };
    json!({
        "TaskNo": TASK,
        "TaskDetailNo": format!("detail-{domain}"),
        "DomainName": domain,
        "InstanceId": format!("S-{domain}"),
        "TaskType": "SYNC_DS_RECORD",
        "TaskTypeDescription": "Synchronize DS records",
        "TaskStatus": status,
        "TaskStatusCode": code,
        "TryCount": 1,
        "ErrorMsg": error_msg,
        "TaskResult": "",
        "CreateTime": "2024-03-05 10:12:41",
        "UpdateTime": "2024-03-05 10:13:02",
    })
}

/// One page of `details`, `size` per page, in the service's shape.
fn page_of(details: &[Value], page: usize, size: usize) -> Value {
    let pages = details.len().div_ceil(size);
    let start = (page - 1) * size;
    let items: Vec<Value> = details.iter().skip(start).take(size).cloned().collect();
    json!({
        "CurrentPageNum": page,
        "PageSize": size,
        "TotalItemNum": details.len(),
        "TotalPageNum": pages,
        "PrePage": page > 1,
        "NextPage": page < pages,
        "Data": {"TaskDetail": items},
    })
}

fn domains(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("d{i}.example.com")).collect()
}

/// A server with a fixed list of details, paged by the requested `PageSize`.
async fn fixed_server(details: Vec<Value>) -> MockServer {
    MockServer::start(SECRET, move |req| {
        assert_eq!(req.action(), "QueryTaskDetailList");
        let page = param_num(req, "PageNum");
        let size = param_num(req, "PageSize");
        MockResponse::ok(req, page_of(&details, page, size))
    })
    .await
}

// ---------------------------------------------------------------- paginator

#[tokio::test]
async fn paginator_walks_every_page_and_sends_the_other_parameters_each_time() {
    for format in [ResponseFormat::Json, ResponseFormat::Xml] {
        let details: Vec<Value> = domains(5)
            .iter()
            .map(|d| detail(d, "EXECUTE_SUCCESS", ""))
            .collect();
        let server = fixed_server(details).await;
        let config = server
            .config_builder()
            .response_format(format)
            .build()
            .expect("config");
        let client = Client::new(config).expect("client");
        let input = QueryTaskDetailListInput::builder()
            .task_no(TASK)
            .page_num(1)
            .page_size(2)
            .build()
            .lang(Lang::En);

        let mut pages = input.clone().into_paginator(&client).send();
        let mut seen = Vec::new();
        while let Some(page) = bounded(pages.next()).await {
            let page = page.expect("every page succeeds");
            seen.push((page.current_page_num, page.data.len()));
        }
        assert_eq!(
            seen,
            [(Some(1), 2), (Some(2), 2), (Some(3), 1)],
            "{format:?}"
        );
        assert_eq!(pages.stop_reason(), Some(StopReason::NoNextPage));
        assert_eq!(pages.pages_fetched(), 3);
        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        for (i, req) in requests.iter().enumerate() {
            assert_eq!(req.param("PageNum"), Some((i + 1).to_string().as_str()));
            assert_eq!(req.param("PageSize"), Some("2"));
            assert_eq!(req.param("TaskNo"), Some(TASK));
            assert_eq!(req.param("Lang"), Some("en"));
            assert!(req.signature_valid);
        }

        // The items of every page, in order, through the `Stream` impl.
        let items: Vec<Result<_, Error>> = bounded(futures::StreamExt::collect(
            input.into_paginator(&client).items(),
        ))
        .await;
        let names: Vec<String> = items
            .into_iter()
            .map(|d| d.expect("no error").domain_name.expect("a domain"))
            .collect();
        assert_eq!(names, domains(5), "{format:?}");
    }
}

#[tokio::test]
async fn paginator_starts_at_the_inputs_page_number() {
    let details: Vec<Value> = domains(5)
        .iter()
        .map(|d| detail(d, "EXECUTING", ""))
        .collect();
    let server = fixed_server(details).await;
    let client = client(&server);
    let items = bounded(
        QueryTaskDetailListInput::builder()
            .task_no(TASK)
            .page_num(2)
            .page_size(2)
            .build()
            .into_paginator(&client)
            .items()
            .try_collect(),
    )
    .await
    .expect("the walk succeeds");
    let names: Vec<_> = items.into_iter().filter_map(|d| d.domain_name).collect();
    assert_eq!(names, domains(5)[2..]);
}

#[tokio::test]
async fn paginator_stops_at_total_page_num_even_if_next_page_says_more() {
    let server = MockServer::start(SECRET, |req| {
        let page = param_num(req, "PageNum");
        MockResponse::ok(
            req,
            json!({
                "CurrentPageNum": page,
                "TotalPageNum": 2,
                "NextPage": true,
                "Data": {"TaskDetail": [detail(&format!("p{page}.com"), "EXECUTING", "")]},
            }),
        )
    })
    .await;
    let client = client(&server);
    let mut pages = QueryTaskDetailListInput::builder()
        .task_no(TASK)
        .page_num(1)
        .page_size(1)
        .build()
        .into_paginator(&client)
        .send();
    let mut count = 0;
    while let Some(page) = bounded(pages.next()).await {
        page.expect("the page succeeds");
        count += 1;
    }
    assert_eq!(count, 2);
    assert_eq!(pages.stop_reason(), Some(StopReason::TotalPagesReached));
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn an_empty_result_is_one_empty_page_and_no_items() {
    // No details at all: the service may leave `Data` out, or send an
    // empty list; either way the walk stops after one call, even though
    // this server claims another page follows.
    for data in [json!(null), json!({"TaskDetail": []}), json!({})] {
        let data_for_server = data.clone();
        let server = MockServer::start(SECRET, move |req| {
            let mut body = json!({
                "CurrentPageNum": 1, "PageSize": 10, "TotalItemNum": 0,
                "NextPage": true, "PrePage": false,
            });
            if !data_for_server.is_null() {
                body["Data"] = data_for_server.clone();
            }
            MockResponse::ok(req, body)
        })
        .await;
        let client = client(&server);
        let pages = bounded(
            QueryTaskDetailListInput::builder()
                .task_no(TASK)
                .page_num(1)
                .page_size(10)
                .build()
                .into_paginator(&client)
                .send()
                .try_collect(),
        )
        .await
        .expect("the walk succeeds");
        assert_eq!(pages.len(), 1, "{data}");
        assert!(pages[0].data.is_empty());
        assert_eq!(pages[0].total_item_num, Some(0));

        let mut items = QueryTaskDetailListInput::builder()
            .task_no(TASK)
            .page_num(1)
            .page_size(10)
            .build()
            .into_paginator(&client)
            .items();
        assert!(bounded(items.next()).await.is_none(), "{data}");
        assert_eq!(items.stop_reason(), Some(StopReason::EmptyPage));
        assert_eq!(server.request_count(), 2, "{data}");
    }
}

#[tokio::test]
async fn without_next_page_or_total_a_short_or_empty_page_is_the_last() {
    for (count, pages, reason) in [(5, 3, StopReason::ShortPage), (4, 3, StopReason::EmptyPage)] {
        let details: Vec<Value> = domains(count)
            .iter()
            .map(|d| detail(d, "EXECUTING", ""))
            .collect();
        let server = MockServer::start(SECRET, move |req| {
            let mut body = page_of(
                &details,
                param_num(req, "PageNum"),
                param_num(req, "PageSize"),
            );
            let map = body.as_object_mut().expect("an object");
            map.remove("NextPage");
            map.remove("TotalPageNum");
            MockResponse::ok(req, body)
        })
        .await;
        let client = client(&server);
        let mut items = QueryTaskDetailListInput::builder()
            .task_no(TASK)
            .page_num(1)
            .page_size(2)
            .build()
            .into_paginator(&client)
            .items();
        let mut names = Vec::new();
        while let Some(item) = bounded(items.next()).await {
            names.extend(item.expect("the item arrives").domain_name);
        }
        assert_eq!(names, domains(count));
        assert_eq!(items.pages_fetched(), pages, "{count} items");
        assert_eq!(items.stop_reason(), Some(reason), "{count} items");
    }
}

/// A server that always has one more page.
async fn endless_server() -> MockServer {
    MockServer::start(SECRET, |req| {
        let page = param_num(req, "PageNum");
        MockResponse::ok(
            req,
            json!({
                "CurrentPageNum": page,
                "NextPage": true,
                "Data": {"TaskDetail": [detail(&format!("p{page}.com"), "EXECUTING", "")]},
            }),
        )
        // A fresh connection per page: on a reused one the mock's separate
        // head and body writes meet delayed ACKs (~40 ms a response).
        .header("connection", "close")
    })
    .await
}

#[tokio::test]
async fn a_server_that_always_says_next_page_is_cut_off_by_max_pages() {
    let server = endless_server().await;
    let client = client(&server);
    let mut pages = QueryTaskDetailListInput::builder()
        .task_no(TASK)
        .page_num(1)
        .page_size(1)
        .build()
        .into_paginator(&client)
        .max_pages(5)
        .send();
    let mut count = 0;
    while let Some(page) = bounded(pages.next()).await {
        page.expect("the page succeeds");
        count += 1;
    }
    assert_eq!(count, 5);
    assert_eq!(pages.stop_reason(), Some(StopReason::MaxPages));
    assert!(!StopReason::MaxPages.is_complete());
    assert_eq!(server.request_count(), 5);
    let last = server.requests().pop().expect("a request");
    assert_eq!(last.param("PageNum"), Some("5"));
}

#[tokio::test]
async fn the_default_page_limit_cuts_off_an_endless_server() {
    let server = endless_server().await;
    let client = client(&server);
    let paginator = QueryTaskDetailListInput::builder()
        .task_no(TASK)
        .page_num(1)
        .page_size(1)
        .build()
        .into_paginator(&client);
    assert_eq!(paginator.get_max_pages(), DEFAULT_MAX_PAGES);
    let mut items = paginator.items();
    let mut count = 0usize;
    while let Some(item) = bounded(items.next()).await {
        item.expect("the item arrives");
        count += 1;
    }
    assert_eq!(count, DEFAULT_MAX_PAGES as usize);
    assert_eq!(items.stop_reason(), Some(StopReason::MaxPages));
    assert_eq!(server.request_count(), DEFAULT_MAX_PAGES as usize);
}

#[tokio::test]
async fn an_error_is_yielded_and_ends_the_walk() {
    let server = MockServer::start(SECRET, |req| {
        let page = param_num(req, "PageNum");
        if page == 2 {
            return MockResponse::error(req, 400, "InvalidParameter", "PageNum is invalid.");
        }
        MockResponse::ok(
            req,
            json!({
                "CurrentPageNum": page,
                "NextPage": true,
                "Data": {"TaskDetail": [detail("a.com", "EXECUTING", "")]},
            }),
        )
    })
    .await;
    let client = client(&server);
    let mut pages = QueryTaskDetailListInput::builder()
        .task_no(TASK)
        .page_num(1)
        .page_size(1)
        .build()
        .into_paginator(&client)
        .send();
    assert!(bounded(pages.next()).await.expect("page 1").is_ok());
    let err = bounded(pages.next())
        .await
        .expect("page 2")
        .expect_err("page 2 fails");
    assert_eq!(err.code(), Some("InvalidParameter"));
    assert!(bounded(pages.next()).await.is_none());
    assert_eq!(pages.stop_reason(), Some(StopReason::Error));
    assert_eq!(
        server.request_count(),
        2,
        "a non-retryable error is not retried"
    );

    let collected = bounded(
        QueryTaskDetailListInput::builder()
            .task_no(TASK)
            .page_num(1)
            .page_size(1)
            .build()
            .into_paginator(&client)
            .send()
            .try_collect(),
    )
    .await;
    assert_eq!(
        collected.expect_err("the walk fails").code(),
        Some("InvalidParameter")
    );
}

#[tokio::test]
async fn zero_max_pages_sends_nothing() {
    let server = endless_server().await;
    let client = client(&server);
    let pages: Vec<QueryTaskDetailListOutput> = bounded(
        QueryTaskDetailListInput::builder()
            .task_no(TASK)
            .page_num(1)
            .page_size(1)
            .build()
            .into_paginator(&client)
            .max_pages(0)
            .send()
            .try_collect(),
    )
    .await
    .expect("nothing fails");
    assert!(pages.is_empty());
    assert_eq!(server.request_count(), 0);
}

// ------------------------------------------------------------------- waiter

/// A task whose details go through `script[i]` on poll `i + 1` (the last
/// entry repeats), served `per_page` details a page whatever `PageSize`
/// says. Polls are counted by the requests for page 1.
async fn scripted_task(script: Vec<Vec<Value>>, per_page: usize) -> (MockServer, Arc<AtomicUsize>) {
    let polls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&polls);
    let server = MockServer::start(SECRET, move |req| match req.action() {
        "SaveSingleTaskForSynchronizingDSRecord" => MockResponse::ok(req, json!({"TaskNo": TASK})),
        "QueryTaskDetailList" => {
            assert_eq!(req.param("TaskNo"), Some(TASK));
            let page = param_num(req, "PageNum");
            let poll = if page == 1 {
                counter.fetch_add(1, Ordering::SeqCst) + 1
            } else {
                counter.load(Ordering::SeqCst)
            };
            let details = &script[(poll - 1).min(script.len() - 1)];
            // A fresh connection per call keeps calls fast (see
            // `endless_server`), so that poll counts reflect the back-off.
            MockResponse::ok(req, page_of(details, page, per_page)).header("connection", "close")
        }
        other => MockResponse::error(req, 400, "UnsupportedOperation", other),
    })
    .await;
    (server, polls)
}

fn states(pairs: &[(&str, &str, &str)]) -> Vec<Value> {
    pairs.iter().map(|(d, s, m)| detail(d, s, m)).collect()
}

fn walk_to(final_states: &[(&str, &str, &str)]) -> Vec<Vec<Value>> {
    let waiting: Vec<_> = final_states
        .iter()
        .map(|(d, _, _)| (*d, "WAITING_EXECUTE", ""))
        .collect();
    let executing: Vec<_> = final_states
        .iter()
        .map(|(d, _, _)| (*d, "EXECUTING", ""))
        .collect();
    vec![states(&waiting), states(&executing), states(final_states)]
}

const FAST: Duration = Duration::from_millis(10);

#[tokio::test(start_paused = true)]
async fn waiter_returns_when_every_domain_succeeded() {
    let script = walk_to(&[
        ("a.com", "EXECUTE_SUCCESS", "The operation is successful."),
        ("b.com", "EXECUTE_SUCCESS", "The operation is successful."),
    ]);
    let (server, polls) = scripted_task(script, 1).await;
    let client = client(&server);
    let report = bounded(
        client
            .wait_for_task(TASK)
            .initial_delay(FAST)
            .max_delay(FAST * 4)
            .wait(Duration::from_secs(20)),
    )
    .await
    .expect("the task finishes");
    assert!(report.is_finished() && report.all_succeeded());
    assert_eq!(report.task_no, TASK);
    let names: Vec<&str> = report
        .succeeded
        .iter()
        .map(|d| d.domain_name.as_str())
        .collect();
    assert_eq!(names, ["a.com", "b.com"]);
    assert!(report.failed.is_empty() && report.pending.is_empty());
    assert_eq!(report.polls, 3);
    assert_eq!(polls.load(Ordering::SeqCst), 3);
    // Three polls of two pages each.
    assert_eq!(server.request_count(), 6);
}

#[tokio::test(start_paused = true)]
async fn waiter_reports_failed_domains_with_their_message() {
    let script = walk_to(&[
        ("a.com", "EXECUTE_SUCCESS", "The operation is successful."),
        (
            "b.com",
            "EXECUTE_FAILURE",
            "The domain has no DS record to synchronize.",
        ),
    ]);
    let (server, _) = scripted_task(script, 1).await;
    let client = client(&server);
    let report = bounded(
        client
            .wait_for_task(TASK)
            .initial_delay(FAST)
            .wait(Duration::from_secs(20)),
    )
    .await
    .expect("the task finishes");
    assert!(report.is_finished());
    assert!(!report.all_succeeded());
    assert_eq!(report.succeeded.len(), 1);
    assert_eq!(report.failed.len(), 1);
    let failed = &report.failed[0];
    assert_eq!(failed.domain_name, "b.com");
    assert_eq!(failed.status, TaskStatus::ExecuteFailure);
    assert_eq!(
        failed.error_msg.as_deref(),
        Some("The domain has no DS record to synchronize.")
    );
    assert_eq!(
        failed.detail.task_detail_no.as_deref(),
        Some("detail-b.com")
    );
}

#[tokio::test(start_paused = true)]
async fn waiter_times_out_and_returns_what_it_saw_last() {
    let script = vec![states(&[
        ("a.com", "EXECUTE_SUCCESS", "ok"),
        ("b.com", "EXECUTING", ""),
    ])];
    let (server, polls) = scripted_task(script, 1).await;
    let client = client(&server);
    let max_wait = Duration::from_millis(1000);
    let started = tokio::time::Instant::now();
    let err = bounded(
        client
            .wait_for_task(TASK)
            .initial_delay(Duration::from_millis(20))
            .max_delay(Duration::from_millis(80))
            .wait(max_wait),
    )
    .await
    .expect_err("the task never finishes");
    // The waiter gave up at the deadline, not a poll interval later.
    let elapsed = started.elapsed();
    assert!(elapsed >= max_wait, "gave up early: {elapsed:?}");
    assert!(
        elapsed < max_wait + Duration::from_millis(20),
        "overran: {elapsed:?}"
    );
    let WaitError::Timeout(timeout) = &err else {
        panic!("expected a timeout, got {err:?}");
    };
    assert_eq!(timeout.task_no(), TASK);
    assert_eq!(timeout.waited(), elapsed);
    // Back-off: polls take no time on the paused clock, and the delays are
    // 20 ms, then 20–40 ms, then 40–80 ms (each doubling, jittered down to
    // at most half, never below the initial 20 ms). Polls start at 0, 20,
    // 40–60 ms and then every 40–80 ms before the 1 s deadline: 14 to 26
    // polls. A delay that did not grow would give about 50, none hundreds.
    assert!(
        (14..=26).contains(&timeout.polls()),
        "polls: {}",
        timeout.polls()
    );
    // The deadline may cut a poll short after the server saw its first page.
    let started_polls = polls.load(Ordering::SeqCst);
    let finished_polls = timeout.polls() as usize;
    assert!(
        started_polls == finished_polls || started_polls == finished_polls + 1,
        "server saw {started_polls} polls, the waiter finished {finished_polls}"
    );
    assert!(timeout.last_error().is_none());
    let seen = err.last_seen().expect("the last report is kept");
    assert!(!seen.is_finished());
    assert_eq!(seen.succeeded.len(), 1);
    assert_eq!(seen.pending.len(), 1);
    assert_eq!(seen.pending[0].domain_name, "b.com");
    assert_eq!(seen.pending[0].status, TaskStatus::Executing);
    assert!(
        err.to_string().contains("1 succeeded, 0 failed, 1 pending"),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn waiter_keeps_polling_while_the_task_has_no_details_yet() {
    let script = vec![
        Vec::new(),
        Vec::new(),
        states(&[("a.com", "EXECUTE_SUCCESS", "")]),
    ];
    let (server, polls) = scripted_task(script, 10).await;
    let client = client(&server);
    let report = bounded(
        client
            .wait_for_task(TASK)
            .initial_delay(FAST)
            .wait(Duration::from_secs(20)),
    )
    .await
    .expect("the task finishes");
    assert!(report.all_succeeded());
    assert_eq!(polls.load(Ordering::SeqCst), 3);
}

#[tokio::test(start_paused = true)]
async fn waiter_counts_a_detail_seen_on_two_pages_once() {
    // The list shifted while it was read: `b.com` is on both pages, and its
    // later state wins. `Duration::MAX` means no practical limit.
    let server = MockServer::start(SECRET, |req| {
        let page = param_num(req, "PageNum");
        let details = if page == 1 {
            states(&[("a.com", "EXECUTE_SUCCESS", ""), ("b.com", "EXECUTING", "")])
        } else {
            states(&[
                ("b.com", "EXECUTE_SUCCESS", ""),
                ("c.com", "EXECUTE_SUCCESS", ""),
            ])
        };
        MockResponse::ok(
            req,
            json!({
                "CurrentPageNum": page,
                "TotalPageNum": 2,
                "NextPage": page < 2,
                "Data": {"TaskDetail": details},
            }),
        )
    })
    .await;
    let client = client(&server);
    let report = bounded(client.wait_for_task(TASK).wait(Duration::MAX))
        .await
        .expect("the task finishes");
    let names: Vec<&str> = report.domains().map(|d| d.domain_name.as_str()).collect();
    assert_eq!(names, ["a.com", "b.com", "c.com"]);
    assert!(report.all_succeeded());
    assert_eq!(server.request_count(), 2);
}

#[tokio::test(start_paused = true)]
async fn waiter_gives_up_at_once_on_an_error_polling_cannot_fix() {
    let server = MockServer::start(SECRET, |req| {
        MockResponse::error(req, 400, "InvalidParameter", "The TaskNo is invalid.")
    })
    .await;
    let client = client(&server);
    let err = bounded(
        client
            .wait_for_task(TASK)
            .initial_delay(FAST)
            .wait(Duration::from_secs(20)),
    )
    .await
    .expect_err("the poll fails");
    let WaitError::Query(error) = &err else {
        panic!("expected a query error, got {err:?}");
    };
    assert_eq!(error.code(), Some("InvalidParameter"));
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(server.request_count(), 1);
}

#[tokio::test(start_paused = true)]
async fn waiter_rides_out_transient_errors() {
    // The first five requests fail with 503: more than the client's three
    // attempts, so the waiter's next poll has to pick up.
    let failures = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&failures);
    let server = MockServer::start(SECRET, move |req| {
        if counter.fetch_add(1, Ordering::SeqCst) < 5 {
            return MockResponse::error(req, 503, "ServiceUnavailable", "Try again.");
        }
        MockResponse::ok(
            req,
            page_of(&states(&[("a.com", "EXECUTE_SUCCESS", "")]), 1, 10),
        )
    })
    .await;
    let client = client(&server);
    let report = bounded(
        client
            .wait_for_task(TASK)
            .initial_delay(FAST)
            .wait(Duration::from_secs(20)),
    )
    .await
    .expect("the task finishes");
    assert!(report.all_succeeded());
    assert_eq!(report.polls, 2);
    assert_eq!(server.request_count(), 6);
}

#[tokio::test(start_paused = true)]
async fn waiter_timeout_keeps_the_last_transient_error() {
    let server = MockServer::start(SECRET, |req| {
        MockResponse::error(req, 503, "ServiceUnavailable", "Try again.")
            .header("connection", "close")
    })
    .await;
    let client = client(&server);
    // Polls (three attempts each) take no time on the paused clock: several
    // finish before the deadline.
    let err = bounded(
        client
            .wait_for_task(TASK)
            .initial_delay(FAST)
            .wait(Duration::from_millis(1000)),
    )
    .await
    .expect_err("the task never shows");
    let WaitError::Timeout(timeout) = &err else {
        panic!("expected a timeout, got {err:?}");
    };
    assert!(timeout.last_seen().is_none());
    assert!(timeout.polls() > 1, "polls: {}", timeout.polls());
    assert_eq!(
        timeout.last_error().and_then(Error::code),
        Some("ServiceUnavailable")
    );
}

/// A detail as some answers give it: the numeric `TaskStatusCode` alone,
/// or beside a `TaskStatus` name this crate does not know.
fn coded_detail(domain: &str, code: u8, status: Option<&str>) -> Value {
    let mut detail = json!({
        "TaskNo": TASK,
        "TaskDetailNo": format!("detail-{domain}"),
        "DomainName": domain,
        "TaskStatusCode": code,
        "ErrorMsg": if code == 3 { "The registry refused it." } else { "" },
    });
    if let Some(status) = status {
        detail["TaskStatus"] = status.into();
    }
    detail
}

#[tokio::test(start_paused = true)]
async fn waiter_reads_task_status_code_3_as_a_failure() {
    let script = vec![
        vec![
            coded_detail("a.com", 1, None),
            coded_detail("b.com", 0, None),
        ],
        vec![
            coded_detail("a.com", 2, None),
            coded_detail("b.com", 3, None),
            coded_detail("c.com", 3, Some("EXECUTE_REJECTED")),
        ],
    ];
    let (server, polls) = scripted_task(script, 10).await;
    let client = client(&server);
    let report = bounded(
        client
            .wait_for_task(TASK)
            .initial_delay(FAST)
            .wait(Duration::from_secs(20)),
    )
    .await
    .expect("the task finishes");
    assert_eq!(polls.load(Ordering::SeqCst), 2);
    assert!(report.is_finished());
    assert!(!report.all_succeeded(), "code 3 is EXECUTE_FAILURE");
    let names = |list: &[alibabacloud_domain::waiter::DomainResult]| -> Vec<String> {
        list.iter().map(|d| d.domain_name.clone()).collect()
    };
    assert_eq!(names(&report.succeeded), ["a.com"]);
    assert_eq!(names(&report.failed), ["b.com", "c.com"]);
    for failed in &report.failed {
        assert_eq!(failed.status, TaskStatus::ExecuteFailure);
        assert_eq!(
            failed.error_msg.as_deref(),
            Some("The registry refused it.")
        );
    }
}

#[tokio::test(start_paused = true)]
async fn waiter_does_not_finish_on_a_poll_cut_short_by_max_pages() {
    // Three details, one a page; the waiter may read two pages a poll. The
    // two it sees are final, the third is never read: the task is not
    // known to be over, however long the wait.
    let script = vec![states(&[
        ("a.com", "EXECUTE_SUCCESS", ""),
        ("b.com", "EXECUTE_FAILURE", "refused"),
        ("c.com", "EXECUTING", ""),
    ])];
    let (server, polls) = scripted_task(script, 1).await;
    let client = client(&server);
    let err = bounded(
        client
            .wait_for_task(TASK)
            .initial_delay(FAST)
            .max_pages(2)
            .wait(Duration::from_secs(1)),
    )
    .await
    .expect_err("an incomplete poll never finishes the task");
    let WaitError::Timeout(timeout) = &err else {
        panic!("expected a timeout, got {err:?}");
    };
    assert!(timeout.polls() > 1, "polls: {}", timeout.polls());
    let seen = timeout.last_seen().expect("a report was seen");
    assert!(!seen.complete);
    assert!(!seen.is_finished());
    assert_eq!((seen.succeeded.len(), seen.failed.len()), (1, 1));
    assert!(seen.pending.is_empty(), "c.com was never read");
    // Page 3 was never asked for.
    assert!(server
        .requests()
        .iter()
        .all(|r| r.param("PageNum") != Some("3")));
    assert!(polls.load(Ordering::SeqCst) >= timeout.polls() as usize);
}

// ------------------------------------------------------------------ example

#[tokio::test(start_paused = true)]
async fn example_submits_waits_and_prints_each_domain() {
    // One task whose two details arrive one per page: WAITING_EXECUTE, then
    // EXECUTING, then a success and a failure.
    let script = walk_to(&[
        (
            "example.com",
            "EXECUTE_SUCCESS",
            "The operation is successful.",
        ),
        (
            "example.net",
            "EXECUTE_FAILURE",
            "No DS record found at the registry.",
        ),
    ]);
    let (server, polls) = scripted_task(script, 1).await;
    let args: Vec<String> = [
        "--endpoint",
        &server.endpoint(),
        "--timeout",
        "20",
        "--initial-delay",
        "10",
        "--max-delay",
        "40",
        "example.com",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let options = sync_ds_record::Options::parse(&args).expect("valid arguments");
    // What `main` does, with the default credentials chain reading a
    // prepared environment instead of the process's.
    let env = Env::from_pairs([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", MOCK_ACCESS_KEY_ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
    ]);
    let config =
        Config::builder().credentials_provider(Arc::new(DefaultCredentialsChain::with_env(env)));
    let mut out = Vec::new();
    let outcome = bounded(sync_ds_record::run(&options, config, &mut out))
        .await
        .expect("the example runs");
    let out = String::from_utf8(out).expect("text");
    assert_eq!(outcome, sync_ds_record::Outcome::NotAllSucceeded, "{out}");
    assert_eq!(
        out,
        format!(
            "example.com: submitted task {TASK}\n  example.com: succeeded\n  example.net: failed: No DS record found at the registry.\n"
        )
    );
    assert_eq!(polls.load(Ordering::SeqCst), 3);
    let requests = server.requests();
    let submissions: Vec<_> = requests
        .iter()
        .filter(|r| r.action() == "SaveSingleTaskForSynchronizingDSRecord")
        .collect();
    assert_eq!(submissions.len(), 1);
    assert_eq!(submissions[0].param("DomainName"), Some("example.com"));
    assert!(requests
        .iter()
        .all(|r| r.signature_valid && r.rejected_with.is_none()));
    assert_eq!(
        requests.len(),
        1 + 3 * 2,
        "one submission, three polls of two pages"
    );
}

#[test]
fn example_arguments_are_checked() {
    let parse = |args: &[&str]| {
        sync_ds_record::Options::parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    };
    assert!(parse(&[]).is_err());
    assert!(parse(&["--endpoint"]).is_err());
    assert!(parse(&["--timeout", "soon", "a.com"]).is_err());
    assert!(parse(&["--verbose", "a.com"]).is_err());
    let options = parse(&["a.com", "b.com", "--timeout", "5"]).expect("valid");
    assert_eq!(options.domains, ["a.com", "b.com"]);
    assert_eq!(options.timeout, Duration::from_secs(5));
    assert_eq!(options.endpoint, None);
}
