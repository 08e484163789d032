//! Renews the domains that expire within a given number of days, after
//! showing what it would renew. **A renewal is charged to the account.**
//!
//! ```text
//! cargo run -p alibabacloud-domain --example renew_expiring -- --within DAYS [OPTIONS]
//!
//!   --within DAYS       renew the domains that expire within DAYS days from now
//!                       (required; expired ones included)
//!   --years N           years to add to each domain, 1 to 10 (default 1)
//!   --dry-run           only show what would be renewed (the default)
//!   --yes               submit the renewals
//!   --endpoint URL      send to this endpoint (e.g. http://127.0.0.1:8080)
//!   --timeout SECS      wait at most this long for each renewal task (default 600)
//! ```
//!
//! Credentials come from the default chain: `ALIBABA_CLOUD_ACCESS_KEY_ID` /
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (and `ALIBABA_CLOUD_SECURITY_TOKEN`),
//! then an OIDC role, the aliyun CLI profile, the credentials file, the ECS
//! instance RAM role and a credentials URI (see the README's *Credentials*);
//! the region from `ALIBABA_CLOUD_REGION_ID`.
//!
//! It walks every page of `QueryDomainList` (soonest expiry first) and
//! prints the plan, one line per domain whose `ExpirationDateLong` is at
//! most DAYS days from now:
//!
//! ```text
//! example.com: expires in 12 days (Jun 05,2026 04:00:45); renew for 1 year
//! example.net: expiry unknown (no ExpirationDateLong); not renewed, check it by hand
//! dry run: nothing was submitted; run again with --yes to renew 1 domain
//! ```
//!
//! A domain whose expiry is unknown, or whose status says it must be
//! redeemed rather than renewed, is shown and left alone. Without `--yes`
//! nothing else happens. With `--yes`, the example submits
//! `SaveSingleTaskForCreatingOrderRenew` once per planned domain (with the
//! listed expiry as `CurrentExpirationDate`), then waits for each task with
//! `Client::wait_for_task` and prints whether the renewal went through.
//!
//! A submission is never sent twice, by the client or by the example:
//!
//! - If it fails in a way that leaves open whether the service took it
//!   (`Error::may_have_taken_effect`: a timeout or a broken connection after
//!   the request was sent, a 5xx answer), the renewal may have been ordered
//!   and charged. The example says so, **stops submitting** (the domains not
//!   yet submitted are listed), and still waits for the tasks already
//!   submitted. Look for the task with `QueryTaskList` or
//!   `QueryTaskDetailList` before running it again.
//! - If the service rejects it with an error code (`InvalidParameter`, …),
//!   nothing was ordered: the example reports it and goes on with the next
//!   domain.
//! - Any other failure (credentials, no connection) would fail the same way
//!   for the next domains: the example reports it and stops submitting.
//!
//! A renewal task still running when `--timeout` ends is reported with its
//! `TaskNo`. Until it has finished the domain's expiry has not moved, so
//! running the example again would renew that domain again: check the task
//! first.
//!
//! Exit codes: 0 when everything planned went through (or, for a dry run,
//! can be submitted as planned), 1 when a renewal failed, may have been
//! submitted, did not finish in time, or a domain could not be planned, 2 on
//! a usage error or when the domains could not be listed.
//!
//! The logic is in [`run`], which the crate's tests call against a local
//! mock server.

use std::error::Error as StdError;
use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use alibabacloud_domain::operation::query_domain_list::{
    Domain, DomainStatus, OrderByType, OrderKeyType, QueryDomainListInput,
};
use alibabacloud_domain::operation::save_single_task_for_creating_order_renew::SaveSingleTaskForCreatingOrderRenewInput;
use alibabacloud_domain::waiter::WaitError;
use alibabacloud_domain::{Client, ConfigBuilder, Error};

/// One day in milliseconds.
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Domains per `QueryDomainList` page.
const PAGE_SIZE: i32 = 100;

/// The command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Renew the domains that expire within this many days from now.
    pub within_days: u32,
    /// Years to add to each domain (`SubscriptionDuration`), 1 to 10.
    pub years: i32,
    /// `--yes`: submit the renewals. Without it, only the plan is shown.
    pub submit: bool,
    /// An endpoint other than the default one.
    pub endpoint: Option<String>,
    /// How long to wait for each renewal task.
    pub timeout: Duration,
}

impl Options {
    /// Reads the arguments (without the program name).
    ///
    /// # Errors
    ///
    /// A message naming the bad or missing argument.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut within_days = None;
        let mut years = 1;
        let (mut yes, mut dry_run) = (false, false);
        let mut endpoint = None;
        let mut timeout = Duration::from_secs(600);
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match arg.as_str() {
                "--within" => {
                    let text = value("--within")?;
                    within_days = Some(text.parse::<u32>().map_err(|_| {
                        format!("--within expects a whole number of days, not {text:?}")
                    })?);
                }
                "--years" => {
                    let text = value("--years")?;
                    years = text
                        .parse::<i32>()
                        .ok()
                        .filter(|years| (1..=10).contains(years))
                        .ok_or_else(|| {
                            format!("--years expects a whole number from 1 to 10, not {text:?}")
                        })?;
                }
                "--yes" => yes = true,
                "--dry-run" => dry_run = true,
                "--endpoint" => endpoint = Some(value("--endpoint")?),
                "--timeout" => {
                    let text = value("--timeout")?;
                    let secs = text.parse::<u64>().map_err(|_| {
                        format!("--timeout expects a whole number of seconds, not {text:?}")
                    })?;
                    timeout = Duration::from_secs(secs);
                }
                flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
                other => return Err(format!("unexpected argument {other:?}")),
            }
        }
        if yes && dry_run {
            return Err("--yes and --dry-run exclude each other".into());
        }
        let within_days =
            within_days.ok_or("--within DAYS is required: which expiry dates to renew")?;
        Ok(Options {
            within_days,
            years,
            submit: yes,
            endpoint,
            timeout,
        })
    }
}

/// What [`run`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every planned renewal went through (with `--yes`), or can be
    /// submitted as planned (dry run). Also when nothing expires.
    AllGood,
    /// A renewal failed, may have been submitted, or did not finish in time,
    /// or an expiring domain could not be planned: read the output.
    NeedsAttention,
}

/// A domain to renew.
struct Renewal {
    name: String,
    /// `ExpirationDateLong` as listed: the renewal's `CurrentExpirationDate`.
    expires_ms: i64,
}

/// Lists the expiring domains, prints the plan and, with `--yes`, renews
/// them, writing one line per step to `out`. `config` is the starting
/// configuration (the defaults, in `main`); `--endpoint` is applied on top
/// of it.
///
/// # Errors
///
/// An invalid configuration, or a `QueryDomainList` call that failed (then
/// nothing was submitted). Failed renewals are reported in `out` and in the
/// [`Outcome`], not as errors.
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
    let mut outcome = Outcome::AllGood;

    // 1. The plan: every domain expiring within the window, soonest first.
    let now_ms = now_ms()?;
    let horizon_ms = now_ms + i64::from(options.within_days) * DAY_MS;
    let mut plan = Vec::new();
    let mut domains = QueryDomainListInput::builder()
        .page_num(1)
        .page_size(PAGE_SIZE)
        .build()
        .order_key_type(OrderKeyType::ExpirationDate)
        .order_by_type(OrderByType::Asc)
        .into_paginator(&client)
        .items();
    while let Some(domain) = domains.next().await {
        let domain = domain.map_err(|e| format!("QueryDomainList failed: {e}"))?;
        let name = domain.domain_name.clone().unwrap_or_default();
        let not_planned = match domain.expiration_date_long {
            Some(expires_ms) if expires_ms > horizon_ms => continue,
            None => {
                "expiry unknown (no ExpirationDateLong); not renewed, check it by hand".to_owned()
            }
            Some(expires_ms) => {
                let expiry = describe_expiry(&domain, expires_ms, now_ms);
                if name.is_empty() {
                    format!("{expiry}; not renewed: the service gave no DomainName")
                } else if domain.domain_status == Some(DomainStatus::RedemptionDue) {
                    format!("{expiry}; must be redeemed, not renewed (SaveSingleTaskForCreatingOrderRedeem)")
                } else {
                    let years = count(options.years, "year");
                    writeln!(out, "{name}: {expiry}; renew for {years}")?;
                    plan.push(Renewal { name, expires_ms });
                    continue;
                }
            }
        };
        let name = if name.is_empty() { "(no name)" } else { &name };
        writeln!(out, "{name}: {not_planned}")?;
        outcome = Outcome::NeedsAttention;
    }
    // Only `max_pages` (default 1000) or a page number overflow end a walk
    // early without an error.
    if let Some(reason) = domains.stop_reason().filter(|r| !r.is_complete()) {
        writeln!(
            out,
            "the listing stopped after {} pages ({reason}): more domains may expire",
            domains.pages_fetched()
        )?;
        outcome = Outcome::NeedsAttention;
    }
    if plan.is_empty() {
        writeln!(
            out,
            "nothing to renew within {}",
            count(options.within_days, "day")
        )?;
        return Ok(outcome);
    }
    if !options.submit {
        writeln!(
            out,
            "dry run: nothing was submitted; run again with --yes to renew {}",
            count(plan.len(), "domain")
        )?;
        return Ok(outcome);
    }

    // 2. One submission per domain. Whatever the caller's configuration,
    // never resend one after a failure that may have reached the service.
    let submit = client.with_retry_config(
        client
            .retry_config()
            .with_retry_on_ambiguous_failures(false),
    );
    let mut tasks = Vec::new();
    for (i, renewal) in plan.iter().enumerate() {
        let name = &renewal.name;
        let input = SaveSingleTaskForCreatingOrderRenewInput::builder()
            .current_expiration_date(renewal.expires_ms)
            .domain_name(name)
            .subscription_duration(options.years)
            .build();
        let stopped = match submit
            .save_single_task_for_creating_order_renew(input)
            .await
        {
            Ok(submitted) => {
                match submitted.task_no {
                    Some(task_no) => {
                        writeln!(out, "{name}: renewal submitted as task {task_no}")?;
                        tasks.push((name, task_no));
                    }
                    None => {
                        writeln!(out, "{name}: renewal submitted, but the service returned no TaskNo; check QueryTaskList before renewing it again")?;
                        outcome = Outcome::NeedsAttention;
                    }
                }
                None
            }
            Err(error) if error.may_have_taken_effect() => {
                writeln!(out, "{name}: the renewal may have been submitted: {error}")?;
                Some(format!(
                    "check QueryTaskList / QueryTaskDetailList for {name} before renewing it again"
                ))
            }
            // An error answer: the service turned this renewal down, and
            // nothing was ordered.
            Err(error @ Error::Service(_)) => {
                writeln!(out, "{name}: not renewed: {error}")?;
                outcome = Outcome::NeedsAttention;
                None
            }
            Err(error) => {
                writeln!(out, "{name}: not renewed: {error}")?;
                Some("the next renewals would fail the same way".to_owned())
            }
        };
        if let Some(why) = stopped {
            outcome = Outcome::NeedsAttention;
            let rest: Vec<&str> = plan[i + 1..].iter().map(|r| r.name.as_str()).collect();
            if rest.is_empty() {
                writeln!(out, "stopped submitting: {why}")?;
            } else {
                let rest = rest.join(", ");
                writeln!(out, "stopped submitting: {why}; not submitted: {rest}")?;
            }
            break;
        }
    }

    // 3. The outcome of each submitted renewal.
    for (name, task_no) in tasks {
        let waited = client.wait_for_task(&task_no).wait(options.timeout).await;
        match waited {
            Ok(report) => {
                for domain in &report.succeeded {
                    writeln!(out, "{}: renewed (task {task_no})", domain.domain_name)?;
                }
                for domain in &report.failed {
                    let why = domain.error_msg.as_deref().unwrap_or("no reason given");
                    writeln!(
                        out,
                        "{}: renewal failed: {why} (task {task_no})",
                        domain.domain_name
                    )?;
                }
                if !report.all_succeeded() {
                    outcome = Outcome::NeedsAttention;
                }
            }
            Err(WaitError::Timeout(timeout)) => {
                writeln!(
                    out,
                    "{name}: {timeout}; check QueryTaskDetailList with TaskNo {task_no} before running this again"
                )?;
                outcome = Outcome::NeedsAttention;
            }
            Err(error) => {
                writeln!(
                    out,
                    "{name}: {error}; check QueryTaskDetailList with TaskNo {task_no}"
                )?;
                outcome = Outcome::NeedsAttention;
            }
        }
    }
    Ok(outcome)
}

/// Milliseconds since the Unix epoch, the unit of `ExpirationDateLong`.
fn now_ms() -> Result<i64, Box<dyn StdError>> {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH)?;
    Ok(i64::try_from(since_epoch.as_millis())?)
}

/// `expires in 12 days (Jun 05,2026 04:00:45)` or `expired 3 days ago (…)`:
/// the days are counted from `ExpirationDateLong`, the date is the
/// service's display text.
fn describe_expiry(domain: &Domain, expires_ms: i64, now_ms: i64) -> String {
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

/// `1 year`, `2 years`.
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
            eprintln!("usage: renew_expiring --within DAYS [--years N] [--dry-run | --yes] [--endpoint URL] [--timeout SECS]");
            return ExitCode::from(2);
        }
    };
    // `Config::builder()` defaults (default credentials chain) plus the
    // region from `ALIBABA_CLOUD_REGION_ID`.
    let config = ConfigBuilder::from_env();
    match run(&options, config, &mut std::io::stdout()).await {
        Ok(Outcome::AllGood) => ExitCode::SUCCESS,
        Ok(Outcome::NeedsAttention) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
