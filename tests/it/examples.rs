//! The `list_domains` example, run through its `run` function against a
//! mock account on a local server that verifies every request's signature.
//!
//! Expiry dates are built from the current time with an hour of margin on
//! the side that matters, so that "within 30 days" and "in 5 days" hold
//! however long the test takes.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use alibabacloud_domain::runtime::credentials::{DefaultCredentialsChain, Env};
use alibabacloud_domain::{Config, ConfigBuilder};
use alibabacloud_domain_tests::mock::MOCK_ACCESS_KEY_ID;
use alibabacloud_domain_tests::{MockResponse, MockServer, RecordedRequest};
use serde_json::{json, Value};

use crate::list_domains;

const SECRET: &str = "examples-secret-value";
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const HOUR_MS: i64 = 60 * 60 * 1000;
/// Every test finishes well within this, or fails.
const LIMIT: Duration = Duration::from_secs(60);

const LIST: &str = "QueryDomainList";

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
