//! A fake ECS instance metadata service and a fake credentials URI, both
//! handing out temporary credentials whose expiry follows a test clock.
//!
//! ```no_run
//! use std::time::{Duration, SystemTime};
//! use alibabacloud_domain::credentials::{EcsRamRoleProvider, ManualClock, ProviderConfig, Env};
//! use alibabacloud_domain_tests::metadata::FakeMetadata;
//!
//! # async fn run() {
//! let clock = ManualClock::new(SystemTime::now());
//! let metadata = FakeMetadata::start(clock.clone(), "issued-secret").await;
//! let provider = EcsRamRoleProvider::with_provider_config(
//!     ProviderConfig::new()
//!         .with_env(Env::empty())
//!         .with_clock(clock)
//!         .with_ecs_metadata_endpoint(metadata.url()),
//! );
//! # let _ = provider; }
//! ```

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use alibabacloud_domain::credentials::{Clock, ManualClock};
use serde_json::json;

use crate::fake_http::{format_utc, lock, FakeHttp, Reply, Request};

/// A way for a credentials endpoint to misbehave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this HTTP status and a small JSON error body.
    Status(u16),
    /// Answer 200 with a body that is not JSON (it holds the issued secret).
    MalformedJson,
    /// Answer 200 with a document that lacks this member.
    MissingField(&'static str),
    /// Answer 200 with `Code` = `Failure`.
    CodeFailure,
    /// Answer 200 with an `Expiration` that is not a time.
    BadExpiration,
    /// Never answer.
    Hang,
    /// Answer 500, echoing this text in the body and in an `x-echo` header.
    Echo(String),
}

/// Hands out numbered temporary credentials that expire `lifetime` after the
/// clock's time of issue.
#[derive(Debug)]
pub struct Issuer {
    clock: ManualClock,
    prefix: &'static str,
    secret: String,
    lifetime: Mutex<Duration>,
    delay: Mutex<Duration>,
    fault: Mutex<Option<Fault>>,
    attempts: AtomicUsize,
    issued: AtomicUsize,
}

impl Issuer {
    fn new(clock: ManualClock, prefix: &'static str, secret: &str) -> Self {
        Self {
            clock,
            prefix,
            secret: secret.to_owned(),
            lifetime: Mutex::new(Duration::from_secs(3600)),
            delay: Mutex::new(Duration::ZERO),
            fault: Mutex::new(None),
            attempts: AtomicUsize::new(0),
            issued: AtomicUsize::new(0),
        }
    }

    /// The access key id of the `n`th credentials issued (from 1).
    pub fn access_key_id(&self, n: usize) -> String {
        format!("STS.{}-{n}", self.prefix)
    }

    /// The security token of the `n`th credentials issued (from 1).
    pub fn security_token(&self, n: usize) -> String {
        format!("{}-token-{n}", self.prefix)
    }

    fn unix_now(&self) -> u64 {
        self.clock
            .now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default()
    }

    /// Answers one request for credentials, after the configured delay.
    fn answer(&self) -> Reply {
        let delay = *lock(&self.delay);
        self.answer_now().delay(delay)
    }

    fn answer_now(&self) -> Reply {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        let now = self.unix_now();
        let expiration = format_utc(now + lock(&self.lifetime).as_secs());
        let fault = lock(&self.fault).clone();
        let next = self.issued.load(Ordering::SeqCst) + 1;
        let mut document = json!({
            "Code": "Success",
            "AccessKeyId": self.access_key_id(next),
            "AccessKeySecret": self.secret,
            "SecurityToken": self.security_token(next),
            "Expiration": expiration,
            "LastUpdated": format_utc(now),
        });
        match fault {
            None => {}
            Some(Fault::Status(status)) => {
                return Reply::json(
                    status,
                    &json!({"Code": "InternalError", "Message": "fake failure"}),
                )
            }
            Some(Fault::MalformedJson) => {
                return Reply::text(
                    200,
                    format!("{{\"AccessKeySecret\": \"{}\", oops", self.secret),
                )
            }
            Some(Fault::MissingField(field)) => {
                document.as_object_mut().map(|m| m.remove(field));
                return Reply::json(200, &document);
            }
            Some(Fault::CodeFailure) => {
                document["Code"] = json!("Failure");
                return Reply::json(200, &document);
            }
            Some(Fault::BadExpiration) => {
                document["Expiration"] = json!("in an hour");
                return Reply::json(200, &document);
            }
            Some(Fault::Hang) => return Reply::hang(),
            Some(Fault::Echo(text)) => {
                return Reply::json(500, &json!({"Code": "Echo", "Message": text}))
                    .header("x-echo", &text)
            }
        }
        self.issued.fetch_add(1, Ordering::SeqCst);
        Reply::json(200, &document)
    }

    /// How many credentials were handed out.
    pub fn issued(&self) -> usize {
        self.issued.load(Ordering::SeqCst)
    }

    /// How many requests for credentials arrived (faulty answers included).
    pub fn attempts(&self) -> usize {
        self.attempts.load(Ordering::SeqCst)
    }

    /// Misbehave from now on (`None`: behave).
    pub fn set_fault(&self, fault: Option<Fault>) {
        *lock(&self.fault) = fault;
    }

    /// Waits this long before each answer (default: not at all), so that
    /// concurrent callers overlap.
    pub fn set_delay(&self, delay: Duration) {
        *lock(&self.delay) = delay;
    }

    /// How long credentials issued from now on last (default 1 hour).
    pub fn set_lifetime(&self, lifetime: Duration) {
        *lock(&self.lifetime) = lifetime;
    }
}

const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";

/// How the fake metadata service is set up.
#[derive(Debug)]
struct Setup {
    role: Mutex<Option<String>>,
    imds_v2: AtomicBool,
    require_token: AtomicBool,
    reject_tokens: AtomicBool,
    silent: AtomicBool,
    tokens: AtomicUsize,
}

/// A fake ECS metadata service on `127.0.0.1`: IMDSv2 session tokens
/// (`PUT /latest/api/token`, checked on later requests), the role list and
/// the role's credentials, with [faults](Fault) on demand. The role is
/// `fake-ecs-role` until changed.
#[derive(Debug)]
pub struct FakeMetadata {
    http: FakeHttp,
    issuer: Arc<Issuer>,
    setup: Arc<Setup>,
}

impl FakeMetadata {
    /// Starts the service; the credentials it issues carry `secret` and
    /// expire one hour after `clock`'s time of issue.
    pub async fn start(clock: ManualClock, secret: &str) -> Self {
        let issuer = Arc::new(Issuer::new(clock, "ecs", secret));
        let setup = Arc::new(Setup {
            role: Mutex::new(Some("fake-ecs-role".to_owned())),
            imds_v2: AtomicBool::new(true),
            require_token: AtomicBool::new(false),
            reject_tokens: AtomicBool::new(false),
            silent: AtomicBool::new(false),
            tokens: AtomicUsize::new(0),
        });
        let (i, s) = (Arc::clone(&issuer), Arc::clone(&setup));
        let http = FakeHttp::start(move |req| handle(&i, &s, req)).await;
        Self {
            http,
            issuer,
            setup,
        }
    }

    /// The base URL to configure as the metadata endpoint.
    pub fn url(&self) -> String {
        self.http.url()
    }

    /// The credentials issuer (counts, faults, lifetime).
    pub fn issuer(&self) -> &Issuer {
        &self.issuer
    }

    /// Every request received.
    pub fn requests(&self) -> Vec<Request> {
        self.http.requests()
    }

    /// The paths of every request, with their methods (`PUT /latest/api/token`).
    pub fn calls(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }

    /// The role attached to the instance (`None`: no role).
    pub fn set_role(&self, role: Option<&str>) {
        *lock(&self.setup.role) = role.map(str::to_owned);
    }

    /// Whether session tokens (IMDSv2) are offered.
    pub fn set_imds_v2(&self, enabled: bool) {
        self.setup.imds_v2.store(enabled, Ordering::SeqCst);
    }

    /// Whether requests without a valid session token are refused (401).
    pub fn set_require_token(&self, required: bool) {
        self.setup.require_token.store(required, Ordering::SeqCst);
    }

    /// Whether requests carrying a session token are refused (401), as a
    /// service that lost its tokens would.
    pub fn set_reject_tokens(&self, reject: bool) {
        self.setup.reject_tokens.store(reject, Ordering::SeqCst);
    }

    /// While `silent`, no request is ever answered (connections stay open).
    pub fn set_silent(&self, silent: bool) {
        self.setup.silent.store(silent, Ordering::SeqCst);
    }

    /// While `down`, requests are answered by closing the connection.
    pub fn set_down(&self, down: bool) {
        self.http.set_down(down);
    }
}

fn handle(issuer: &Issuer, setup: &Setup, req: &Request) -> Reply {
    if setup.silent.load(Ordering::SeqCst) {
        return Reply::hang();
    }
    if req.path == TOKEN_PATH {
        if req.method != "PUT" {
            return Reply::text(405, "method not allowed");
        }
        if !setup.imds_v2.load(Ordering::SeqCst) {
            return Reply::text(403, "forbidden");
        }
        if req.header("x-aliyun-ecs-metadata-token-ttl-seconds") != Some("21600") {
            return Reply::text(400, "missing ttl");
        }
        let n = setup.tokens.fetch_add(1, Ordering::SeqCst) + 1;
        return Reply::text(200, format!("fake-imds-token-{n}"));
    }
    if req.method != "GET" {
        return Reply::text(405, "method not allowed");
    }
    let token_ok = req.header("x-aliyun-ecs-metadata-token").is_some_and(|t| {
        t.strip_prefix("fake-imds-token-")
            .and_then(|n| n.parse::<usize>().ok())
            .is_some_and(|n| n >= 1 && n <= setup.tokens.load(Ordering::SeqCst))
    });
    let has_token = req.header("x-aliyun-ecs-metadata-token").is_some();
    if has_token && setup.reject_tokens.load(Ordering::SeqCst) {
        return Reply::text(401, "token rejected");
    }
    if has_token && !token_ok {
        return Reply::text(401, "invalid token");
    }
    if setup.require_token.load(Ordering::SeqCst) && !token_ok {
        return Reply::text(401, "token required");
    }
    let role = lock(&setup.role).clone();
    if req.path == CREDENTIALS_PATH {
        return match role {
            Some(role) => Reply::text(200, role),
            None => Reply::text(404, "not found"),
        };
    }
    match req.path.strip_prefix(CREDENTIALS_PATH) {
        Some(asked) if role.as_deref() == Some(asked) => issuer.answer(),
        _ => Reply::text(404, "not found"),
    }
}

/// A fake credentials URI on `127.0.0.1` (any path serves the document).
#[derive(Debug)]
pub struct FakeCredentialsUri {
    http: FakeHttp,
    issuer: Arc<Issuer>,
}

impl FakeCredentialsUri {
    /// Starts the server; the credentials it issues carry `secret` and
    /// expire one hour after `clock`'s time of issue.
    pub async fn start(clock: ManualClock, secret: &str) -> Self {
        let issuer = Arc::new(Issuer::new(clock, "uri", secret));
        let i = Arc::clone(&issuer);
        let http = FakeHttp::start(move |req| {
            if req.method == "GET" {
                i.answer()
            } else {
                Reply::text(405, "method not allowed")
            }
        })
        .await;
        Self { http, issuer }
    }

    /// The URI to configure, e.g. `http://127.0.0.1:38211/credentials`.
    pub fn uri(&self) -> String {
        format!("{}/credentials", self.http.url())
    }

    /// The credentials issuer (counts, faults, lifetime).
    pub fn issuer(&self) -> &Issuer {
        &self.issuer
    }

    /// Every request received.
    pub fn requests(&self) -> Vec<Request> {
        self.http.requests()
    }

    /// While `down`, requests are answered by closing the connection.
    pub fn set_down(&self, down: bool) {
        self.http.set_down(down);
    }
}
