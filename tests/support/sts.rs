//! A fake STS endpoint: `AssumeRole` (signature V1, checked with
//! [`crate::sigv1`], which shares no code with the crate) and
//! `AssumeRoleWithOIDC` (unsigned; the OIDC token is checked).
//!
//! Callers are known by access key id: the test registers long-term keys
//! with [`FakeSts::allow`]; credentials the fake issues are registered too,
//! with their security token, so that a chained role can assume another.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use alibabacloud_domain::credentials::{Clock, ManualClock};
use serde_json::json;

use crate::fake_http::{format_utc, lock, FakeHttp, Reply, Request};
use crate::sigv1;

/// One call as the fake STS saw it.
#[derive(Debug, Clone)]
pub struct StsCall {
    /// `AssumeRole` or `AssumeRoleWithOIDC`.
    pub action: String,
    /// The `RoleArn`.
    pub role_arn: String,
    /// The `RoleSessionName`.
    pub session_name: String,
    /// The `DurationSeconds`.
    pub duration: String,
    /// The caller's `AccessKeyId` (AssumeRole).
    pub access_key_id: Option<String>,
    /// Whether the signature verified (AssumeRole), or the OIDC token matched.
    pub authenticated: bool,
    /// Whether `RoleArn`, `RoleSessionName` and the OIDC token travelled in
    /// the form body, not the URL.
    pub in_body: bool,
    /// The error code answered, if any.
    pub rejected_with: Option<String>,
}

#[derive(Debug)]
struct Identity {
    secret: String,
    token: Option<String>,
}

#[derive(Debug)]
struct State {
    clock: ManualClock,
    issued_secret: String,
    identities: Mutex<HashMap<String, Identity>>,
    oidc: Mutex<Option<(String, String)>>,
    calls: Mutex<Vec<StsCall>>,
    issued: AtomicUsize,
    lifetime: Mutex<Option<Duration>>,
    echo: Mutex<bool>,
}

/// A fake STS on `127.0.0.1`.
#[derive(Debug)]
pub struct FakeSts {
    http: FakeHttp,
    state: Arc<State>,
}

impl FakeSts {
    /// Starts the service. Credentials it issues carry `issued_secret` and
    /// expire `DurationSeconds` after `clock`'s time of issue.
    pub async fn start(clock: ManualClock, issued_secret: &str) -> Self {
        let state = Arc::new(State {
            clock,
            issued_secret: issued_secret.to_owned(),
            identities: Mutex::new(HashMap::new()),
            oidc: Mutex::new(None),
            calls: Mutex::new(Vec::new()),
            issued: AtomicUsize::new(0),
            lifetime: Mutex::new(None),
            echo: Mutex::new(false),
        });
        let s = Arc::clone(&state);
        let http = FakeHttp::start(move |req| handle(&s, req)).await;
        Self { http, state }
    }

    /// The endpoint to configure, e.g. `http://127.0.0.1:38211`.
    pub fn url(&self) -> String {
        self.http.url()
    }

    /// Lets the holder of this key pair (and token) call `AssumeRole`.
    pub fn allow(&self, access_key_id: &str, secret: &str, token: Option<&str>) {
        lock(&self.state.identities).insert(
            access_key_id.to_owned(),
            Identity {
                secret: secret.to_owned(),
                token: token.map(str::to_owned),
            },
        );
    }

    /// Accepts `AssumeRoleWithOIDC` with this provider ARN and token.
    pub fn allow_oidc(&self, provider_arn: &str, token: &str) {
        *lock(&self.state.oidc) = Some((provider_arn.to_owned(), token.to_owned()));
    }

    /// Issues credentials lasting this long, whatever `DurationSeconds` says.
    pub fn set_lifetime(&self, lifetime: Duration) {
        *lock(&self.state.lifetime) = Some(lifetime);
    }

    /// When `true`, error messages quote what the caller sent: the
    /// string-to-sign (with the security token) and the OIDC token, as a
    /// careless server might.
    pub fn set_echo(&self, echo: bool) {
        *lock(&self.state.echo) = echo;
    }

    /// Every call, in order.
    pub fn calls(&self) -> Vec<StsCall> {
        lock(&self.state.calls).clone()
    }

    /// Every HTTP request, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.http.requests()
    }

    /// How many credentials were issued.
    pub fn issued(&self) -> usize {
        self.state.issued.load(Ordering::SeqCst)
    }

    /// The access key id of the `n`th credentials issued (from 1).
    pub fn access_key_id(n: usize) -> String {
        format!("STS.role-{n}")
    }

    /// The security token of the `n`th credentials issued (from 1).
    pub fn security_token(n: usize) -> String {
        format!("role-token-{n}")
    }

    /// While `down`, requests are answered by closing the connection.
    pub fn set_down(&self, down: bool) {
        self.http.set_down(down);
    }
}

fn error(status: u16, code: &str, message: &str) -> Reply {
    Reply::json(
        status,
        &json!({
            "RequestId": "FAKE-STS-REQUEST",
            "HostId": "sts.aliyuncs.com",
            "Code": code,
            "Message": message,
            "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}"),
        }),
    )
}

fn handle(state: &State, req: &Request) -> Reply {
    let params = req.params();
    let get = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let action = get("Action").unwrap_or_default();
    let form = req.form();
    let in_body = ["RoleArn", "RoleSessionName"]
        .iter()
        .all(|name| form.iter().any(|(n, _)| n == name))
        && req
            .query
            .iter()
            .all(|(n, _)| n != "OIDCToken" && n != "RoleArn");
    let mut call = StsCall {
        action: action.clone(),
        role_arn: get("RoleArn").unwrap_or_default(),
        session_name: get("RoleSessionName").unwrap_or_default(),
        duration: get("DurationSeconds").unwrap_or_default(),
        access_key_id: get("AccessKeyId"),
        authenticated: false,
        in_body,
        rejected_with: None,
    };
    let reply = answer(state, req, &params, &action, &mut call);
    lock(&state.calls).push(call);
    reply
}

fn answer(
    state: &State,
    req: &Request,
    params: &[(String, String)],
    action: &str,
    call: &mut StsCall,
) -> Reply {
    let echo = *lock(&state.echo);
    let mut reject = |status, code: &str, message: &str| {
        call.rejected_with = Some(code.to_owned());
        error(status, code, message)
    };
    let get = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if req.method != "POST" {
        return reject(400, "UnsupportedHTTPMethod", "use POST");
    }
    if get("Version") != Some("2015-04-01") || get("Format") != Some("JSON") {
        return reject(
            400,
            "InvalidVersion",
            "Specified parameter Version is not valid.",
        );
    }
    for name in ["Timestamp", "RoleArn", "RoleSessionName", "DurationSeconds"] {
        if get(name).is_none_or(str::is_empty) {
            return reject(400, "MissingParameter", &format!("{name} is mandatory"));
        }
    }
    let duration: u64 = match get("DurationSeconds").and_then(|d| d.parse().ok()) {
        Some(d) if d >= 900 => d,
        _ => {
            return reject(
                400,
                "InvalidParameter.DurationSeconds",
                "DurationSeconds must be at least 900",
            )
        }
    };
    match action {
        "AssumeRole" => {
            for name in [
                "AccessKeyId",
                "SignatureMethod",
                "SignatureVersion",
                "SignatureNonce",
                "Signature",
            ] {
                if get(name).is_none() {
                    return reject(400, "MissingParameter", &format!("{name} is mandatory"));
                }
            }
            let id = get("AccessKeyId").unwrap_or_default();
            let identities = lock(&state.identities);
            let Some(identity) = identities.get(id) else {
                return reject(
                    404,
                    "InvalidAccessKeyId.NotFound",
                    "Specified access key is not found.",
                );
            };
            let string_to_sign = sigv1::string_to_sign("POST", params);
            let expected = sigv1::signature(&identity.secret, &string_to_sign);
            if get("Signature") != Some(expected.as_str())
                || get("SignatureMethod") != Some("HMAC-SHA1")
            {
                let message = if echo {
                    format!("Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}")
                } else {
                    "Specified signature is not matched with our calculation.".to_owned()
                };
                return reject(400, "SignatureDoesNotMatch", &message);
            }
            if identity.token.as_deref() != get("SecurityToken") {
                let message = if echo {
                    format!(
                        "The security token you provided ({}) does not match.",
                        get("SecurityToken").unwrap_or_default()
                    )
                } else {
                    "The security token you provided does not match.".to_owned()
                };
                return reject(400, "InvalidSecurityToken.Mismatch", &message);
            }
            drop(identities);
            call.authenticated = true;
        }
        "AssumeRoleWithOIDC" => {
            if get("Signature").is_some() || get("AccessKeyId").is_some() {
                return reject(400, "InvalidParameter", "AssumeRoleWithOIDC is not signed");
            }
            let expected = lock(&state.oidc).clone();
            let sent = (
                get("OIDCProviderArn").unwrap_or_default(),
                get("OIDCToken").unwrap_or_default(),
            );
            match expected {
                Some((arn, token)) if arn == sent.0 && token == sent.1 => call.authenticated = true,
                _ => {
                    let message = if echo {
                        format!(
                            "The OIDC token {} is invalid for provider {}.",
                            sent.1, sent.0
                        )
                    } else {
                        "The OIDC token is invalid.".to_owned()
                    };
                    return reject(400, "AuthenticationFail.OIDCToken.Invalid", &message);
                }
            }
        }
        other => return reject(400, "InvalidAction.NotFound", &format!("no action {other}")),
    }
    let n = state.issued.fetch_add(1, Ordering::SeqCst) + 1;
    let id = FakeSts::access_key_id(n);
    let token = FakeSts::security_token(n);
    let now = state
        .clock
        .now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let lifetime = lock(&state.lifetime).map_or(duration, |l| l.as_secs());
    lock(&state.identities).insert(
        id.clone(),
        Identity {
            secret: state.issued_secret.clone(),
            token: Some(token.clone()),
        },
    );
    Reply::json(
        200,
        &json!({
            "RequestId": format!("FAKE-STS-{n}"),
            "AssumedRoleUser": {
                "Arn": format!("{}/{}", get("RoleArn").unwrap_or_default(), get("RoleSessionName").unwrap_or_default()),
                "AssumedRoleId": format!("3000{n}:{}", get("RoleSessionName").unwrap_or_default()),
            },
            "Credentials": {
                "AccessKeyId": id,
                "AccessKeySecret": state.issued_secret,
                "SecurityToken": token,
                "Expiration": format_utc(now + lifetime),
            },
        }),
    )
}
