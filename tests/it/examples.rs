//! The `list_domains` and `renew_expiring` examples, run through their `run`
//! functions against a mock account on a local server that verifies every
//! request's signature.
//!
//! Expiry dates are built from the current time with an hour of margin on
//! the side that matters, so that "within 30 days" and "in 5 days" hold
//! however long the test takes. Tests that wait for tasks run on Tokio's
//! paused clock (`start_paused = true`), so the waiter's back-off takes no
//! real time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use alibabacloud_domain::credentials::{DefaultCredentialsChain, Env};
use alibabacloud_domain::paginator::DEFAULT_MAX_PAGES;
use alibabacloud_domain::{Config, ConfigBuilder, RetryConfig};
use alibabacloud_domain_tests::mock::{Fault, MOCK_ACCESS_KEY_ID};
use alibabacloud_domain_tests::{MockResponse, MockServer, RecordedRequest};
use serde_json::{json, Value};

use crate::{list_domains, renew_expiring};

const SECRET: &str = "examples-secret-value";
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const HOUR_MS: i64 = 60 * 60 * 1000;
/// Every test finishes well within this, or fails.
const LIMIT: Duration = Duration::from_secs(60);

const RENEW: &str = "SaveSingleTaskForCreatingOrderRenew";
const LIST: &str = "QueryDomainList";
const POLL: &str = "QueryTaskDetailList";

async fn bounded<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(LIMIT, future)
        .await
        .expect("the test finishes in time")
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn now_ms() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(since.as_millis()).expect("fits")
}

/// What the examples' `main` passes to `run`: the default configuration,
/// whose credentials chain here reads a prepared environment instead of the
/// process's.
fn main_config() -> ConfigBuilder {
    let env = Env::from_pairs([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", MOCK_ACCESS_KEY_ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
    ]);
    Config::builder().credentials_provider(Arc::new(DefaultCredentialsChain::with_env(env)))
}

fn param_num(req: &RecordedRequest, name: &str) -> usize {
    req.param(name)
        .unwrap_or_else(|| panic!("{name} is sent"))
        .parse()
        .unwrap_or_else(|_| panic!("{name} is a number"))
}

/// The `ExpirationDateLong` of a domain that expires `days` days from now:
/// an hour later than that for a future date, an hour earlier for a past
/// one, so that whole-day counts cannot change while the test runs.
fn expiry_in(days: i64) -> i64 {
    let margin = if days >= 0 { HOUR_MS } else { -HOUR_MS };
    now_ms() + days * DAY_MS + margin
}

/// A `QueryDomainList` item. `status` is the `DomainStatus` wire value
/// (`1` renewal due, `2` redemption due, `3` normal).
fn domain(name: &str, expires_ms: Option<i64>, status: &str) -> Value {
    let mut item = json!({
        "DomainName": name,
        "InstanceId": format!("S-{name}"),
        "DomainType": "gTLD",
        "ExpirationDate": format!("date of {name}"),
        "DomainStatus": status,
        "Premium": false,
    });
    if let Some(ms) = expires_ms {
        item["ExpirationDateLong"] = ms.into();
    }
    item
}

/// One page of `domains`, `PageNum` and `PageSize` as requested.
fn domain_page(req: &RecordedRequest, domains: &[Value]) -> MockResponse {
    let page = param_num(req, "PageNum");
    let size = param_num(req, "PageSize");
    let pages = domains.len().div_ceil(size).max(1);
    let items: Vec<Value> = domains
        .iter()
        .skip((page - 1) * size)
        .take(size)
        .cloned()
        .collect();
    MockResponse::ok(
        req,
        json!({
            "CurrentPageNum": page,
            "PageSize": size,
            "TotalItemNum": domains.len(),
            "TotalPageNum": pages,
            "PrePage": page > 1,
            "NextPage": page < pages,
            "Data": {"Domain": items},
        }),
    )
}

fn names(requests: &[RecordedRequest], action: &str) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.action() == action)
        .map(|r| r.param("DomainName").unwrap_or_default().to_owned())
        .collect()
}

fn count(requests: &[RecordedRequest], action: &str) -> usize {
    requests.iter().filter(|r| r.action() == action).count()
}

fn all_signed_and_accepted(requests: &[RecordedRequest]) -> bool {
    requests
        .iter()
        .all(|r| r.signature_valid && r.rejected_with.is_none())
}

// ------------------------------------------------------------ list_domains

async fn list(
    server: &MockServer,
    extra: &[&str],
) -> (
    Result<list_domains::Outcome, Box<dyn std::error::Error>>,
    String,
) {
    let endpoint = server.endpoint();
    let mut all = vec!["--endpoint", endpoint.as_str()];
    all.extend_from_slice(extra);
    let options = list_domains::Options::parse(&args(&all)).expect("valid arguments");
    let mut out = Vec::new();
    let result = bounded(list_domains::run(&options, main_config(), &mut out)).await;
    (result, String::from_utf8(out).expect("text"))
}

async fn account(domains: Vec<Value>) -> MockServer {
    MockServer::start(SECRET, move |req| {
        assert_eq!(req.action(), LIST);
        domain_page(req, &domains)
    })
    .await
}

#[tokio::test]
async fn list_domains_prints_every_domain_of_every_page_once_and_in_order() {
    let expiries = [3, 12, 40, 41, 365].map(expiry_in);
    let domains = vec![
        domain("a.example.com", Some(expiries[0]), "1"),
        domain("b.example.com", Some(expiries[1]), "3"),
        domain("c.example.com", Some(expiry_in(-2)), "2"),
        domain("d.example.com", None, "3"),
        domain("e.example.com", Some(expiries[3]), "9"),
        domain("f.example.com", Some(expiries[4]), "3"),
    ];
    let server = account(domains).await;
    let (result, out) = list(&server, &["--page-size", "2"]).await;
    let outcome = result.expect("the example runs");
    assert_eq!(
        out,
        "a.example.com: expires in 3 days (date of a.example.com); status: renewal due\n\
         b.example.com: expires in 12 days (date of b.example.com); status: normal\n\
         c.example.com: expired 2 days ago (date of c.example.com); status: redemption due\n\
         d.example.com: expiry unknown (no ExpirationDateLong); status: normal\n\
         e.example.com: expires in 41 days (date of e.example.com); status: unknown (9)\n\
         f.example.com: expires in 365 days (date of f.example.com); status: normal\n\
         6 domains listed\n"
    );
    // Without a filter, a domain without an expiry is simply listed.
    assert_eq!(outcome, list_domains::Outcome::Complete);

    let requests = server.requests();
    let pages: Vec<(usize, usize)> = requests
        .iter()
        .map(|r| (param_num(r, "PageNum"), param_num(r, "PageSize")))
        .collect();
    assert_eq!(pages, [(1, 2), (2, 2), (3, 2)]);
    for req in &requests {
        assert_eq!(req.action(), LIST);
        assert_eq!(req.param("OrderKeyType"), Some("ExpirationDate"));
        assert_eq!(req.param("OrderByType"), Some("ASC"));
    }
    assert!(all_signed_and_accepted(&requests));
}

#[tokio::test]
async fn list_domains_expiring_within_keeps_what_expires_before_the_horizon() {
    let mut domains = vec![
        domain("expired.example.com", Some(expiry_in(-2)), "1"),
        domain("soon.example.com", Some(expiry_in(5)), "1"),
        domain("edge.example.com", Some(expiry_in(29)), "3"),
        // 30 days and an hour: just past the horizon of 30 days.
        domain("past-edge.example.com", Some(expiry_in(30)), "3"),
        domain("later.example.com", Some(expiry_in(400)), "3"),
    ];
    let server = account(domains.clone()).await;
    let (result, out) = list(&server, &["--expiring-within", "30"]).await;
    assert_eq!(
        result.expect("the example runs"),
        list_domains::Outcome::Complete
    );
    assert_eq!(
        out,
        "expired.example.com: expired 2 days ago (date of expired.example.com); status: renewal due\n\
         soon.example.com: expires in 5 days (date of soon.example.com); status: renewal due\n\
         edge.example.com: expires in 29 days (date of edge.example.com); status: normal\n\
         3 of 5 domains listed: expiring within 30 days, or expiry unknown\n"
    );
    // One page of the default size.
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].param("PageNum"), Some("1"));
    assert_eq!(
        requests[0].param("PageSize"),
        Some(list_domains::DEFAULT_PAGE_SIZE.to_string().as_str())
    );

    // A domain whose expiry is unknown is shown, and makes the answer
    // incomplete; `0` days keeps only what has already expired.
    domains.insert(2, domain("mystery.example.com", None, "3"));
    let server = account(domains).await;
    let (result, out) = list(&server, &["--expiring-within", "0"]).await;
    assert_eq!(
        result.expect("the example runs"),
        list_domains::Outcome::SomeUnknown
    );
    assert_eq!(
        out,
        "expired.example.com: expired 2 days ago (date of expired.example.com); status: renewal due\n\
         mystery.example.com: expiry unknown (no ExpirationDateLong); status: normal\n\
         2 of 6 domains listed: expiring within 0 days, or expiry unknown\n"
    );
}

#[tokio::test]
async fn list_domains_fails_with_the_error_of_a_page_after_printing_the_pages_before() {
    let domains: Vec<Value> = (1..=4)
        .map(|i| domain(&format!("d{i}.example.com"), Some(expiry_in(i)), "3"))
        .collect();
    let server = MockServer::start(SECRET, move |req| {
        if param_num(req, "PageNum") == 2 {
            MockResponse::error(req, 400, "InvalidParameter", "PageNum is out of range.")
        } else {
            domain_page(req, &domains)
        }
    })
    .await;
    let (result, out) = list(&server, &["--page-size", "2"]).await;
    let error = result.expect_err("page 2 fails");
    let message = error.to_string();
    assert!(
        message.starts_with("QueryDomainList failed: ") && message.contains("InvalidParameter"),
        "{message}"
    );
    assert_eq!(
        out,
        "d1.example.com: expires in 1 day (date of d1.example.com); status: normal\n\
         d2.example.com: expires in 2 days (date of d2.example.com); status: normal\n"
    );
    // A rejected page is not asked for again, and nothing follows it.
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn list_domains_says_so_when_the_walk_is_cut_short() {
    // A server that always has one more page: the paginator stops at its
    // page limit, and the example must not present that as the whole list.
    let server = MockServer::start(SECRET, |req| {
        let page = param_num(req, "PageNum");
        MockResponse::ok(
            req,
            json!({
                "CurrentPageNum": page,
                "NextPage": true,
                "Data": {"Domain": [domain(&format!("p{page}.example.com"), Some(expiry_in(1)), "3")]},
            }),
        )
    })
    .await;
    let (result, out) = list(&server, &["--page-size", "1"]).await;
    assert_eq!(
        result.expect("the example runs"),
        list_domains::Outcome::SomeUnknown
    );
    let max = usize::try_from(DEFAULT_MAX_PAGES).expect("fits");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        max + 2,
        "one line per page, the warning, the count"
    );
    assert_eq!(
        lines[max],
        format!("the listing stopped after {max} pages (the page limit was reached while the service announced more pages): more domains may exist")
    );
    assert_eq!(lines[max + 1], format!("{max} domains listed"));
    assert_eq!(server.request_count(), max);
}

#[test]
fn list_domains_arguments_are_checked() {
    let parse = |list: &[&str]| list_domains::Options::parse(&args(list));
    let error = |list: &[&str]| parse(list).expect_err("invalid arguments");

    let defaults = parse(&[]).expect("no argument is needed");
    assert_eq!(defaults.endpoint, None);
    assert_eq!(defaults.expiring_within_days, None);
    assert_eq!(defaults.page_size, list_domains::DEFAULT_PAGE_SIZE);
    let options = parse(&[
        "--expiring-within",
        "30",
        "--page-size",
        "7",
        "--endpoint",
        "http://127.0.0.1:8080",
    ])
    .expect("valid");
    assert_eq!(options.expiring_within_days, Some(30));
    assert_eq!(options.page_size, 7);
    assert_eq!(options.endpoint.as_deref(), Some("http://127.0.0.1:8080"));

    assert_eq!(
        error(&["--expiring-within"]),
        "--expiring-within needs a value"
    );
    assert_eq!(
        error(&["--expiring-within", "soon"]),
        "--expiring-within expects a whole number of days, not \"soon\""
    );
    assert!(error(&["--expiring-within", "-1"]).starts_with("--expiring-within "));
    for bad in ["0", "-3", "many", "99999999999"] {
        assert!(
            error(&["--page-size", bad]).starts_with("--page-size expects"),
            "{bad}"
        );
    }
    assert_eq!(error(&["--endpoint"]), "--endpoint needs a value");
    assert_eq!(error(&["--verbose"]), "unknown option --verbose");
    assert_eq!(
        error(&["example.com"]),
        "unexpected argument \"example.com\""
    );
}

// ---------------------------------------------------------- renew_expiring

/// How the mock service treats a renewal of one domain.
#[derive(Debug, Clone, Copy)]
enum Renewal {
    /// Accepted; the task ends in `EXECUTE_SUCCESS`.
    Succeeds,
    /// Accepted; the task ends in `EXECUTE_FAILURE` with this message.
    Fails(&'static str),
    /// Accepted; the task never leaves `EXECUTING`.
    NeverFinishes,
    /// Turned down with an error answer (HTTP 400).
    Rejected,
    /// HTTP 500 `InternalError`: the service may or may not have acted.
    InternalError,
    /// The connection is closed once the request has been read.
    ConnectionClosed,
}

fn task_no(domain: &str) -> String {
    format!("task-{domain}")
}

fn task_detail(domain: &str, status: &str, code: u8, error_msg: &str) -> Value {
    json!({
        "TaskNo": task_no(domain),
        "TaskDetailNo": format!("detail-{domain}"),
        "DomainName": domain,
        "InstanceId": format!("S-{domain}"),
        "TaskType": "ORDER_RENEW",
        "TaskStatus": status,
        "TaskStatusCode": code,
        "TryCount": 1,
        "ErrorMsg": error_msg,
        "CreateTime": "2024-03-05 10:12:41",
        "UpdateTime": "2024-03-05 10:13:02",
    })
}

/// An account holding `domains`, whose renewals go as `renewals` says. A
/// renewal of any other domain fails the test. Each renewal task is
/// `EXECUTING` at its first poll and final from the second on.
async fn renewals_account(domains: Vec<Value>, renewals: &[(&'static str, Renewal)]) -> MockServer {
    let renewals: HashMap<&'static str, Renewal> = renewals.iter().copied().collect();
    let polls: Mutex<HashMap<String, usize>> = Mutex::new(HashMap::new());
    MockServer::start(SECRET, move |req| match req.action() {
        LIST => domain_page(req, &domains),
        RENEW => {
            let name = req.param("DomainName").unwrap_or_default();
            let Some(renewal) = renewals.get(name) else {
                panic!("{name} must not be renewed");
            };
            match renewal {
                Renewal::Rejected => MockResponse::error(
                    req,
                    400,
                    "InvalidParameter",
                    "The specified CurrentExpirationDate is not valid.",
                ),
                Renewal::InternalError => MockResponse::error(
                    req,
                    500,
                    "InternalError",
                    "The request processing has failed due to some unknown error.",
                ),
                Renewal::ConnectionClosed => {
                    MockResponse::ok(req, json!({"TaskNo": task_no(name)}))
                        .fault(Fault::CloseWithoutResponse)
                }
                _ => MockResponse::ok(req, json!({"TaskNo": task_no(name)})),
            }
        }
        POLL => {
            let task = req.param("TaskNo").unwrap_or_default().to_owned();
            let name = task.strip_prefix("task-").unwrap_or_default();
            let renewal = renewals.get(name).copied();
            let poll = {
                let mut polls = polls.lock().expect("poll counts");
                let n = polls.entry(task.clone()).or_default();
                *n += 1;
                *n
            };
            let detail = match renewal {
                _ if poll == 1 => task_detail(name, "EXECUTING", 1, ""),
                Some(Renewal::Succeeds) => {
                    task_detail(name, "EXECUTE_SUCCESS", 2, "The operation is successful.")
                }
                Some(Renewal::Fails(why)) => task_detail(name, "EXECUTE_FAILURE", 3, why),
                Some(Renewal::NeverFinishes) => task_detail(name, "EXECUTING", 1, ""),
                other => panic!("no task was created for {name} ({other:?})"),
            };
            MockResponse::ok(
                req,
                json!({
                    "CurrentPageNum": 1,
                    "PageSize": param_num(req, "PageSize"),
                    "TotalItemNum": 1,
                    "TotalPageNum": 1,
                    "PrePage": false,
                    "NextPage": false,
                    "Data": {"TaskDetail": [detail]},
                }),
            )
        }
        other => panic!("unexpected call {other}"),
    })
    .await
}

async fn renew(server: &MockServer, extra: &[&str]) -> (renew_expiring::Outcome, String) {
    let (result, out) = renew_with(server, main_config(), extra).await;
    (result.expect("the example runs"), out)
}

async fn renew_with(
    server: &MockServer,
    config: ConfigBuilder,
    extra: &[&str],
) -> (
    Result<renew_expiring::Outcome, Box<dyn std::error::Error>>,
    String,
) {
    let endpoint = server.endpoint();
    let mut all = vec!["--endpoint", endpoint.as_str()];
    all.extend_from_slice(extra);
    let options = renew_expiring::Options::parse(&args(&all)).expect("valid arguments");
    let mut out = Vec::new();
    let result = bounded(renew_expiring::run(&options, config, &mut out)).await;
    (result, String::from_utf8(out).expect("text"))
}

#[tokio::test]
async fn renew_dry_run_shows_the_plan_and_submits_nothing() {
    let domains = vec![
        domain("late.example.com", Some(expiry_in(-3)), "1"),
        domain("soon.example.com", Some(expiry_in(5)), "1"),
        domain("gone.example.com", Some(expiry_in(-50)), "2"),
        domain("mystery.example.com", None, "3"),
        domain("later.example.com", Some(expiry_in(40)), "3"),
    ];
    let server = renewals_account(domains, &[]).await;
    let (outcome, out) = renew(&server, &["--within", "30", "--years", "2"]).await;
    assert_eq!(
        out,
        "late.example.com: expired 3 days ago (date of late.example.com); renew for 2 years\n\
         soon.example.com: expires in 5 days (date of soon.example.com); renew for 2 years\n\
         gone.example.com: expired 50 days ago (date of gone.example.com); must be redeemed, not renewed (SaveSingleTaskForCreatingOrderRedeem)\n\
         mystery.example.com: expiry unknown (no ExpirationDateLong); not renewed, check it by hand\n\
         dry run: nothing was submitted; run again with --yes to renew 2 domains\n"
    );
    // The domains that cannot be renewed as planned need a look.
    assert_eq!(outcome, renew_expiring::Outcome::NeedsAttention);
    let requests = server.requests();
    assert_eq!(count(&requests, RENEW), 0);
    assert_eq!(count(&requests, POLL), 0);
    assert_eq!(requests.len(), 1, "one page of domains, nothing else");
    assert_eq!(requests[0].param("OrderKeyType"), Some("ExpirationDate"));
    assert_eq!(requests[0].param("OrderByType"), Some("ASC"));
    assert!(all_signed_and_accepted(&requests));

    // `--dry-run` says the same explicitly; a plan without problems is good.
    let domains = vec![
        domain("soon.example.com", Some(expiry_in(5)), "1"),
        domain("later.example.com", Some(expiry_in(40)), "3"),
    ];
    let server = renewals_account(domains, &[]).await;
    let (outcome, out) = renew(&server, &["--within", "30", "--dry-run"]).await;
    assert_eq!(
        out,
        "soon.example.com: expires in 5 days (date of soon.example.com); renew for 1 year\n\
         dry run: nothing was submitted; run again with --yes to renew 1 domain\n"
    );
    assert_eq!(outcome, renew_expiring::Outcome::AllGood);
    assert_eq!(count(&server.requests(), RENEW), 0);

    // Nothing expiring: nothing to do, and nothing wrong.
    let server = renewals_account(
        vec![domain("later.example.com", Some(expiry_in(40)), "3")],
        &[],
    )
    .await;
    let (outcome, out) = renew(&server, &["--within", "30", "--yes"]).await;
    assert_eq!(out, "nothing to renew within 30 days\n");
    assert_eq!(outcome, renew_expiring::Outcome::AllGood);
    assert_eq!(count(&server.requests(), RENEW), 0);
}

#[tokio::test(start_paused = true)]
async fn renew_with_yes_submits_one_renewal_per_expiring_domain_and_reports_each() {
    let expiries = [-2, 4, 40, 10, 20].map(expiry_in);
    let domains = vec![
        domain("late.example.com", Some(expiries[0]), "1"),
        domain("soon.example.com", Some(expiries[1]), "1"),
        domain("later.example.com", Some(expiries[2]), "3"),
        domain("poor.example.com", Some(expiries[3]), "3"),
        domain("stuck.example.com", Some(expiries[4]), "3"),
        domain("gone.example.com", Some(expiry_in(-60)), "2"),
    ];
    let server = renewals_account(
        domains,
        &[
            ("late.example.com", Renewal::Succeeds),
            ("soon.example.com", Renewal::Succeeds),
            (
                "poor.example.com",
                Renewal::Fails("The account balance is insufficient."),
            ),
            ("stuck.example.com", Renewal::NeverFinishes),
        ],
    )
    .await;
    // The stuck task is given up after 30 s (of the paused clock).
    let args = ["--within", "30", "--yes", "--years", "3", "--timeout", "30"];
    let (outcome, out) = renew(&server, &args).await;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..9],
        [
            "late.example.com: expired 2 days ago (date of late.example.com); renew for 3 years",
            "soon.example.com: expires in 4 days (date of soon.example.com); renew for 3 years",
            "poor.example.com: expires in 10 days (date of poor.example.com); renew for 3 years",
            "stuck.example.com: expires in 20 days (date of stuck.example.com); renew for 3 years",
            "gone.example.com: expired 60 days ago (date of gone.example.com); must be redeemed, not renewed (SaveSingleTaskForCreatingOrderRedeem)",
            "late.example.com: renewal submitted as task task-late.example.com",
            "soon.example.com: renewal submitted as task task-soon.example.com",
            "poor.example.com: renewal submitted as task task-poor.example.com",
            "stuck.example.com: renewal submitted as task task-stuck.example.com",
        ],
        "{out}"
    );
    assert_eq!(
        lines[9..12],
        [
            "late.example.com: renewed (task task-late.example.com)",
            "soon.example.com: renewed (task task-soon.example.com)",
            "poor.example.com: renewal failed: The account balance is insufficient. (task task-poor.example.com)",
        ],
        "{out}"
    );
    assert_eq!(lines.len(), 13, "{out}");
    assert!(
        lines[12]
            .starts_with("stuck.example.com: task task-stuck.example.com did not finish within ")
            && lines[12].ends_with(
                "; check QueryTaskDetailList with TaskNo task-stuck.example.com \
                 before running this again"
            ),
        "{out}"
    );
    assert_eq!(outcome, renew_expiring::Outcome::NeedsAttention);

    // Exactly one renewal per planned domain, with its listed expiry and the
    // years asked for; none for the domain that expires later or must be
    // redeemed.
    let requests = server.requests();
    let submitted: Vec<(&str, &str, &str)> = requests
        .iter()
        .filter(|r| r.action() == RENEW)
        .map(|r| {
            (
                r.param("DomainName").unwrap_or_default(),
                r.param("CurrentExpirationDate").unwrap_or_default(),
                r.param("SubscriptionDuration").unwrap_or_default(),
            )
        })
        .collect();
    let expected = [
        ("late.example.com", expiries[0].to_string()),
        ("soon.example.com", expiries[1].to_string()),
        ("poor.example.com", expiries[3].to_string()),
        ("stuck.example.com", expiries[4].to_string()),
    ];
    assert_eq!(submitted.len(), expected.len());
    for ((name, date, years), (want_name, want_date)) in submitted.iter().zip(&expected) {
        assert_eq!(name, want_name);
        assert_eq!(date, want_date, "{name}");
        assert_eq!(*years, "3", "{name}");
    }
    // Each finished task was polled until its final state: EXECUTING, then
    // final; the one that never finishes, until the timeout.
    for name in ["late", "soon", "poor"] {
        let task = task_no(&format!("{name}.example.com"));
        let polls = requests
            .iter()
            .filter(|r| r.action() == POLL && r.param("TaskNo") == Some(task.as_str()))
            .count();
        assert_eq!(polls, 2, "{task}");
    }
    assert!(all_signed_and_accepted(&requests));
}

#[tokio::test(start_paused = true)]
async fn renew_with_yes_is_all_good_when_every_renewal_succeeds() {
    let domains = vec![
        domain("a.example.com", Some(expiry_in(1)), "1"),
        domain("b.example.com", Some(expiry_in(2)), "1"),
    ];
    let server = renewals_account(
        domains,
        &[
            ("a.example.com", Renewal::Succeeds),
            ("b.example.com", Renewal::Succeeds),
        ],
    )
    .await;
    let (outcome, out) = renew(&server, &["--yes", "--within", "7"]).await;
    assert_eq!(outcome, renew_expiring::Outcome::AllGood, "{out}");
    assert!(
        out.ends_with(
            "a.example.com: renewed (task task-a.example.com)\n\
             b.example.com: renewed (task task-b.example.com)\n"
        ),
        "{out}"
    );
    let requests = server.requests();
    assert_eq!(names(&requests, RENEW), ["a.example.com", "b.example.com"]);
    assert!(requests
        .iter()
        .filter(|r| r.action() == RENEW)
        .all(|r| r.param("SubscriptionDuration") == Some("1")));
}

#[tokio::test(start_paused = true)]
async fn an_ambiguous_renewal_failure_is_not_resent_and_stops_the_submissions() {
    // The example keeps the client from resending a submission even when
    // the configuration it is given allows it.
    let bold = || {
        main_config().retry_config(RetryConfig::standard().with_retry_on_ambiguous_failures(true))
    };
    let cases = [
        (Renewal::InternalError, main_config()),
        (Renewal::ConnectionClosed, main_config()),
        (Renewal::InternalError, bold()),
        (Renewal::ConnectionClosed, bold()),
    ];
    for (fault, config) in cases {
        let domains = vec![
            domain("a.example.com", Some(expiry_in(3)), "1"),
            domain("b.example.com", Some(expiry_in(6)), "1"),
            domain("c.example.com", Some(expiry_in(9)), "1"),
            domain("d.example.com", Some(expiry_in(12)), "3"),
        ];
        // A renewal of c or d would fail the test (the handler panics).
        let server = renewals_account(
            domains,
            &[
                ("a.example.com", Renewal::Succeeds),
                ("b.example.com", fault),
            ],
        )
        .await;
        let (result, out) = renew_with(&server, config, &["--within", "30", "--yes"]).await;
        assert_eq!(
            result.expect("the example runs"),
            renew_expiring::Outcome::NeedsAttention,
            "{fault:?}"
        );

        let requests = server.requests();
        assert_eq!(
            names(&requests, RENEW),
            ["a.example.com", "b.example.com"],
            "{fault:?}: b once, c and d never"
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 8, "{fault:?}: {out}");
        assert_eq!(
            lines[4],
            "a.example.com: renewal submitted as task task-a.example.com"
        );
        assert!(
            lines[5].starts_with("b.example.com: the renewal may have been submitted: ")
                && lines[5].contains("may have taken effect"),
            "{fault:?}: {}",
            lines[5]
        );
        assert_eq!(
            lines[6],
            "stopped submitting: check QueryTaskList / QueryTaskDetailList for b.example.com \
             before renewing it again; not submitted: c.example.com, d.example.com",
            "{fault:?}"
        );
        // The renewal that was submitted is still followed to its end.
        assert_eq!(
            lines[7], "a.example.com: renewed (task task-a.example.com)",
            "{fault:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_rejected_renewal_is_reported_and_the_next_domains_are_still_renewed() {
    let domains = vec![
        domain("a.example.com", Some(expiry_in(3)), "1"),
        domain("b.example.com", Some(expiry_in(6)), "1"),
    ];
    let server = renewals_account(
        domains,
        &[
            ("a.example.com", Renewal::Rejected),
            ("b.example.com", Renewal::Succeeds),
        ],
    )
    .await;
    let (outcome, out) = renew(&server, &["--within", "30", "--yes"]).await;
    assert_eq!(outcome, renew_expiring::Outcome::NeedsAttention);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(
        lines[2].starts_with("a.example.com: not renewed: ")
            && lines[2].contains("InvalidParameter"),
        "{out}"
    );
    assert!(!lines[2].contains("may have"), "{out}");
    assert_eq!(
        lines[3..],
        [
            "b.example.com: renewal submitted as task task-b.example.com",
            "b.example.com: renewed (task task-b.example.com)",
        ]
    );
    assert_eq!(
        names(&server.requests(), RENEW),
        ["a.example.com", "b.example.com"]
    );
}

#[tokio::test]
async fn renew_submits_nothing_unless_every_domain_could_be_listed() {
    // Page 1 holds expiring domains and says a page 2 follows; page 2
    // cannot be read.
    let page_1: Vec<Value> = (1..=2)
        .map(|i| domain(&format!("d{i}.example.com"), Some(expiry_in(i)), "1"))
        .collect();
    let server = MockServer::start(SECRET, move |req| match req.action() {
        LIST if param_num(req, "PageNum") == 1 => MockResponse::ok(
            req,
            json!({
                "CurrentPageNum": 1,
                "TotalPageNum": 2,
                "NextPage": true,
                "Data": {"Domain": page_1.clone()},
            }),
        ),
        LIST => MockResponse::error(req, 403, "Forbidden.RAM", "User not authorized."),
        other => panic!("unexpected call {other}"),
    })
    .await;
    let (result, out) = renew_with(&server, main_config(), &["--within", "30", "--yes"]).await;
    let message = result.expect_err("the listing fails").to_string();
    assert!(
        message.starts_with("QueryDomainList failed: ") && message.contains("Forbidden.RAM"),
        "{message}"
    );
    assert!(!out.contains("submitted"), "{out}");
    let requests = server.requests();
    assert_eq!(count(&requests, RENEW), 0);
    assert_eq!(count(&requests, LIST), 2);
}

#[test]
fn renew_expiring_arguments_are_checked() {
    let parse = |list: &[&str]| renew_expiring::Options::parse(&args(list));
    let error = |list: &[&str]| parse(list).expect_err("invalid arguments");

    let options = parse(&["--within", "30"]).expect("valid");
    assert_eq!(options.within_days, 30);
    assert_eq!(options.years, 1);
    assert!(!options.submit, "a dry run unless --yes");
    assert_eq!(options.timeout, Duration::from_secs(600));
    assert_eq!(options.endpoint, None);
    let options =
        parse(&["--yes", "--years", "10", "--within", "0", "--timeout", "5"]).expect("valid");
    assert!(options.submit);
    assert_eq!((options.years, options.within_days), (10, 0));
    assert_eq!(options.timeout, Duration::from_secs(5));
    assert!(
        !parse(&["--within", "3", "--dry-run"])
            .expect("valid")
            .submit
    );

    assert!(error(&[]).starts_with("--within DAYS is required"));
    assert!(error(&["--yes"]).starts_with("--within DAYS is required"));
    assert_eq!(error(&["--within"]), "--within needs a value");
    assert_eq!(
        error(&["--within", "a month"]),
        "--within expects a whole number of days, not \"a month\""
    );
    for bad in ["0", "11", "-1", "one"] {
        assert_eq!(
            error(&["--within", "30", "--years", bad]),
            format!("--years expects a whole number from 1 to 10, not {bad:?}")
        );
    }
    assert_eq!(
        error(&["--within", "30", "--yes", "--dry-run"]),
        "--yes and --dry-run exclude each other"
    );
    assert_eq!(
        error(&["--within", "30", "--timeout", "later"]),
        "--timeout expects a whole number of seconds, not \"later\""
    );
    assert_eq!(
        error(&["--within", "30", "--force"]),
        "unknown option --force"
    );
    assert_eq!(
        error(&["--within", "30", "example.com"]),
        "unexpected argument \"example.com\""
    );
}
