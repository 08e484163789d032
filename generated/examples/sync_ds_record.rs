//! Synchronizes the DS records of domains and waits for the result.
//!
//! ```text
//! cargo run -p alibabacloud-domain --example sync_ds_record -- [OPTIONS] DOMAIN...
//!
//!   --endpoint URL        send to this endpoint (e.g. http://127.0.0.1:8080)
//!   --timeout SECS        wait at most this long for each task (default 600)
//!   --initial-delay MS    first delay between two polls (default 2000)
//!   --max-delay MS        longest delay between two polls (default 30000)
//! ```
//!
//! Credentials come from the default chain: `ALIBABA_CLOUD_ACCESS_KEY_ID` /
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (and `ALIBABA_CLOUD_SECURITY_TOKEN`),
//! then an OIDC role, the aliyun CLI profile, the credentials file, the ECS
//! instance RAM role and a credentials URI (see the README's *Credentials*);
//! the region from `ALIBABA_CLOUD_REGION_ID`.
//!
//! For each domain the example submits `SaveSingleTaskForSynchronizingDSRecord`
//! once (a submission is not idempotent, so it is never retried), waits for
//! the task with `Client::wait_for_task`, and prints one line per domain of
//! the task. It exits with 0 when every domain succeeded, 1 when one failed
//! or a task did not finish in time, and 2 on a usage or call error.
//!
//! The logic is in [`run`], which the crate's tests call against a local
//! mock server.

use std::error::Error as StdError;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use alibabacloud_domain::operation::save_single_task_for_synchronizing_ds_record::SaveSingleTaskForSynchronizingDsRecordInput;
use alibabacloud_domain::waiter::{TaskReport, WaitError};
use alibabacloud_domain::{Client, ConfigBuilder, RetryConfig};

/// The command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Domains to synchronize, one task each.
    pub domains: Vec<String>,
    /// An endpoint other than the default one.
    pub endpoint: Option<String>,
    /// How long to wait for each task.
    pub timeout: Duration,
    /// First delay between two polls.
    pub initial_delay: Duration,
    /// Longest delay between two polls.
    pub max_delay: Duration,
}

impl Options {
    /// Reads the arguments (without the program name).
    ///
    /// # Errors
    ///
    /// A message naming the bad argument.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options {
            domains: Vec::new(),
            endpoint: None,
            timeout: Duration::from_secs(600),
            initial_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(30),
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            let number = |name: &str, text: String| {
                text.parse::<u64>()
                    .map_err(|_| format!("{name} expects a whole number, not {text:?}"))
            };
            match arg.as_str() {
                "--endpoint" => options.endpoint = Some(value("--endpoint")?),
                "--timeout" => {
                    options.timeout = Duration::from_secs(number("--timeout", value("--timeout")?)?)
                }
                "--initial-delay" => {
                    options.initial_delay =
                        Duration::from_millis(number("--initial-delay", value("--initial-delay")?)?)
                }
                "--max-delay" => {
                    options.max_delay =
                        Duration::from_millis(number("--max-delay", value("--max-delay")?)?)
                }
                flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
                domain => options.domains.push(domain.to_owned()),
            }
        }
        if options.domains.is_empty() {
            return Err("give at least one domain name".into());
        }
        Ok(options)
    }
}

/// What [`run`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every domain of every task succeeded.
    AllSucceeded,
    /// A domain failed, or a task did not finish in time.
    NotAllSucceeded,
}

/// Submits one synchronization per domain, waits for each, and writes one
/// line per domain to `out`. `config` is the starting configuration (the
/// defaults, in `main`); `--endpoint` is applied on top of it.
///
/// # Errors
///
/// An invalid configuration, a failed submission, or a poll that failed for
/// good.
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
    // A submission has no idempotency token: never send it twice.
    let submit = client.with_retry_config(RetryConfig::disabled());
    let mut outcome = Outcome::AllSucceeded;
    for domain in &options.domains {
        let input = SaveSingleTaskForSynchronizingDsRecordInput::new(domain.as_str());
        let submitted = submit
            .save_single_task_for_synchronizing_ds_record(input)
            .await?;
        let task_no = submitted
            .task_no
            .ok_or_else(|| format!("{domain}: the service returned no TaskNo"))?;
        writeln!(out, "{domain}: submitted task {task_no}")?;
        let waited = client
            .wait_for_task(&task_no)
            .initial_delay(options.initial_delay)
            .max_delay(options.max_delay)
            .wait(options.timeout)
            .await;
        match waited {
            Ok(report) => {
                print_report(&report, out)?;
                if !report.all_succeeded() {
                    outcome = Outcome::NotAllSucceeded;
                }
            }
            Err(WaitError::Timeout(timeout)) => {
                writeln!(out, "task {task_no}: {timeout}")?;
                if let Some(report) = timeout.last_seen() {
                    print_report(report, out)?;
                }
                outcome = Outcome::NotAllSucceeded;
            }
            Err(other) => return Err(other.into()),
        }
    }
    Ok(outcome)
}

fn print_report(report: &TaskReport, out: &mut dyn Write) -> std::io::Result<()> {
    for domain in &report.succeeded {
        writeln!(out, "  {}: succeeded", domain.domain_name)?;
    }
    for domain in &report.failed {
        let why = domain.error_msg.as_deref().unwrap_or("no reason given");
        writeln!(out, "  {}: failed: {why}", domain.domain_name)?;
    }
    for domain in &report.pending {
        writeln!(out, "  {}: still {}", domain.domain_name, domain.status)?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match Options::parse(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("usage: sync_ds_record [--endpoint URL] [--timeout SECS] [--initial-delay MS] [--max-delay MS] DOMAIN...");
            return ExitCode::from(2);
        }
    };
    // `Config::builder()` defaults (default credentials chain) plus the
    // region from `ALIBABA_CLOUD_REGION_ID`.
    let config = ConfigBuilder::from_env();
    match run(&options, config, &mut std::io::stdout()).await {
        Ok(Outcome::AllSucceeded) => ExitCode::SUCCESS,
        Ok(Outcome::NotAllSucceeded) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
