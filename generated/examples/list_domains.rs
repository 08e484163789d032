//! Lists every domain of the account, optionally only those expiring soon.
//!
//! ```text
//! cargo run -p alibabacloud-domain --example list_domains -- [OPTIONS]
//!
//!   --endpoint URL             send to this endpoint (e.g. http://127.0.0.1:8080)
//!   --expiring-within DAYS     only domains that expire within DAYS days from now
//!                              (expired ones included)
//!   --page-size N              domains per QueryDomainList page (default 100)
//! ```
//!
//! Credentials come from the default chain: `ALIBABA_CLOUD_ACCESS_KEY_ID` /
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (and `ALIBABA_CLOUD_SECURITY_TOKEN`),
//! then an OIDC role, the aliyun CLI profile, the credentials file, the ECS
//! instance RAM role and a credentials URI (see the README's *Credentials*);
//! the region from `ALIBABA_CLOUD_REGION_ID`.
//!
//! The example walks every page of `QueryDomainList` with the generated
//! paginator, soonest expiry first, and prints one line per domain:
//!
//! ```text
//! example.net: expired 3 days ago (May 20,2026 04:00:45); status: redemption due
//! example.com: expires in 12 days (Jun 05,2026 04:00:45); status: renewal due
//! example.org: expiry unknown (no ExpirationDateLong); status: normal
//! 3 domains listed
//! ```
//!
//! `--expiring-within` is applied here, to `ExpirationDateLong`
//! (milliseconds since the Unix epoch), not by the service's
//! `EndExpirationDate` filter: that one compares whole days only and would
//! leave out, without a word, a domain whose expiry the service does not
//! give. A domain without `ExpirationDateLong` is listed as "expiry unknown"
//! instead of being dropped, and makes the exit code 1.
//!
//! Exit codes: 0 when every domain was listed (and, with
//! `--expiring-within`, every expiry was known), 1 when an expiry was unknown
//! or the walk stopped before the last page, 2 on a usage or call error.
//!
//! The logic is in [`run`], which the crate's tests call against a local
//! mock server.

use std::error::Error as StdError;
use std::io::Write;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use alibabacloud_domain::operation::query_domain_list::{
    Domain, DomainStatus, OrderByType, OrderKeyType, QueryDomainListInput,
};
use alibabacloud_domain::{Client, ConfigBuilder};

/// The `PageSize` asked for unless `--page-size` says otherwise.
pub const DEFAULT_PAGE_SIZE: i32 = 100;

/// One day in milliseconds.
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// An endpoint other than the default one.
    pub endpoint: Option<String>,
    /// Only domains that expire within this many days from now.
    pub expiring_within_days: Option<u32>,
    /// Domains per page.
    pub page_size: i32,
}

impl Options {
    /// Reads the arguments (without the program name).
    ///
    /// # Errors
    ///
    /// A message naming the bad argument.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options {
            endpoint: None,
            expiring_within_days: None,
            page_size: DEFAULT_PAGE_SIZE,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match arg.as_str() {
                "--endpoint" => options.endpoint = Some(value("--endpoint")?),
                "--expiring-within" => {
                    let text = value("--expiring-within")?;
                    let days = text.parse::<u32>().map_err(|_| {
                        format!("--expiring-within expects a whole number of days, not {text:?}")
                    })?;
                    options.expiring_within_days = Some(days);
                }
                "--page-size" => {
                    let text = value("--page-size")?;
                    options.page_size = text
                        .parse::<i32>()
                        .ok()
                        .filter(|size| *size >= 1)
                        .ok_or_else(|| {
                            format!("--page-size expects a whole number from 1 up, not {text:?}")
                        })?;
                }
                flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
                other => return Err(format!("unexpected argument {other:?}")),
            }
        }
        Ok(options)
    }
}

/// What [`run`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every domain was listed and, with `--expiring-within`, every listed
    /// domain's expiry was known.
    Complete,
    /// With `--expiring-within`, a domain's expiry was unknown; or the walk
    /// stopped before the last page.
    SomeUnknown,
}

/// Lists the account's domains, one line each, to `out`. `config` is the
/// starting configuration (the defaults, in `main`); `--endpoint` is applied
/// on top of it.
///
/// # Errors
///
/// An invalid configuration, or a `QueryDomainList` call that failed (the
/// lines of the pages before it have been written).
pub async fn run(
    options: &Options,
    config: ConfigBuilder,
    out: &mut dyn Write,
) -> Result<Outcome, Box<dyn StdError>> {
    let config = match &options.endpoint {
        Some(endpoint) => config.endpoint(endpoint),
        None => config,
    };
    let client = Client::new(config.build()?)?;
    let now_ms = now_ms()?;
    // Whatever expires up to here is "expiring"; `u32` days cannot overflow.
    let horizon_ms = options
        .expiring_within_days
        .map(|days| now_ms + i64::from(days) * DAY_MS);

    let mut outcome = Outcome::Complete;
    let (mut seen, mut listed) = (0_usize, 0_usize);
    let mut domains = QueryDomainListInput::builder()
        .page_num(1)
        .page_size(options.page_size)
        .build()
        .order_key_type(OrderKeyType::ExpirationDate)
        .order_by_type(OrderByType::Asc)
        .into_paginator(&client)
        .items();
    while let Some(domain) = domains.next().await {
        let domain = domain.map_err(|e| format!("QueryDomainList failed: {e}"))?;
        seen += 1;
        if let Some(horizon_ms) = horizon_ms {
            match domain.expiration_date_long {
                Some(expires_ms) if expires_ms > horizon_ms => continue,
                Some(_) => {}
                // Not known to expire later: shown, and the answer is
                // incomplete.
                None => outcome = Outcome::SomeUnknown,
            }
        }
        listed += 1;
        let name = domain.domain_name.as_deref().unwrap_or("(no name)");
        writeln!(
            out,
            "{name}: {}; status: {}",
            describe_expiry(&domain, now_ms),
            describe_status(domain.domain_status.as_ref())
        )?;
    }
    // Only `max_pages` (default 1000) or a page number overflow end a walk
    // early without an error.
    if let Some(reason) = domains.stop_reason().filter(|r| !r.is_complete()) {
        writeln!(
            out,
            "the listing stopped after {} pages ({reason}): more domains may exist",
            domains.pages_fetched()
        )?;
        outcome = Outcome::SomeUnknown;
    }
    match options.expiring_within_days {
        None => writeln!(out, "{} listed", count(listed, "domain"))?,
        Some(days) => writeln!(
            out,
            "{listed} of {} listed: expiring within {}, or expiry unknown",
            count(seen, "domain"),
            count(days, "day")
        )?,
    }
    Ok(outcome)
}

/// Milliseconds since the Unix epoch, the unit of `ExpirationDateLong`.
fn now_ms() -> Result<i64, Box<dyn StdError>> {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH)?;
    Ok(i64::try_from(since_epoch.as_millis())?)
}

/// `expires in 12 days (Jun 05,2026 04:00:45)`, `expired 3 days ago (…)`
/// or `expiry unknown (…)`: the days are counted from `ExpirationDateLong`,
/// the date is the service's display text.
fn describe_expiry(domain: &Domain, now_ms: i64) -> String {
    let Some(expires_ms) = domain.expiration_date_long else {
        return "expiry unknown (no ExpirationDateLong)".to_owned();
    };
    let left_ms = expires_ms.saturating_sub(now_ms);
    let when = if left_ms >= 0 {
        format!("expires in {}", count(left_ms / DAY_MS, "day"))
    } else {
        format!(
            "expired {} ago",
            count(left_ms.saturating_neg() / DAY_MS, "day")
        )
    };
    match &domain.expiration_date {
        Some(date) => format!("{when} ({date})"),
        None => when,
    }
}

fn describe_status(status: Option<&DomainStatus>) -> String {
    match status {
        Some(DomainStatus::RenewalDue) => "renewal due".to_owned(),
        Some(DomainStatus::RedemptionDue) => "redemption due".to_owned(),
        Some(DomainStatus::Normal) => "normal".to_owned(),
        // `Unknown` and values added to the API later: the wire value.
        Some(other) => format!("unknown ({other})"),
        None => "not given".to_owned(),
    }
}

/// `1 day`, `12 days`.
fn count(n: impl std::fmt::Display, what: &str) -> String {
    let n = n.to_string();
    let plural = if n == "1" { "" } else { "s" };
    format!("{n} {what}{plural}")
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match Options::parse(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!(
                "usage: list_domains [--endpoint URL] [--expiring-within DAYS] [--page-size N]"
            );
            return ExitCode::from(2);
        }
    };
    // `Config::builder()` defaults (default credentials chain) plus the
    // region from `ALIBABA_CLOUD_REGION_ID`.
    let config = ConfigBuilder::from_env();
    match run(&options, config, &mut std::io::stdout()).await {
        Ok(Outcome::Complete) => ExitCode::SUCCESS,
        Ok(Outcome::SomeUnknown) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
