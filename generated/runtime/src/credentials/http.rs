//! HTTP for the providers that fetch credentials (metadata service, STS,
//! credentials URI): reqwest with rustls, explicit time limits, a size limit
//! on answers, no redirects, and errors that never carry a URL (an STS URL
//! holds a signature and possibly a security token).

use std::sync::OnceLock;
use std::time::Duration;

use reqwest::header::USER_AGENT;
use reqwest::{Method, Url};
use serde_json::{Map, Value};

use super::error::RequestFailure;
use crate::error::deepest_cause;
use crate::transport::is_loopback;

/// The most a credentials endpoint may answer with; a credentials document is
/// well under 4 KiB.
pub(crate) const MAX_BODY: usize = 64 * 1024;

/// One HTTP answer, read whole.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

/// The reqwest clients of one provider, built on first use: one that goes
/// through the proxies the environment names, one that never does (for the
/// metadata service, a link-local address, and for loopback test servers).
#[derive(Debug)]
pub(crate) struct HttpClient {
    connect_timeout: Duration,
    always_direct: bool,
    direct: OnceLock<Result<reqwest::Client, String>>,
    proxied: OnceLock<Result<reqwest::Client, String>>,
}

impl HttpClient {
    /// Clients with this connect time limit. `always_direct` bypasses proxies
    /// for every host.
    pub(crate) fn new(connect_timeout: Duration, always_direct: bool) -> Self {
        Self {
            connect_timeout,
            always_direct,
            direct: OnceLock::new(),
            proxied: OnceLock::new(),
        }
    }

    fn client(&self, url: &Url) -> Result<&reqwest::Client, RequestFailure> {
        let direct = self.always_direct || is_loopback(url);
        let slot = if direct { &self.direct } else { &self.proxied };
        slot.get_or_init(|| {
            let mut builder = reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .pool_max_idle_per_host(1);
            if direct {
                builder = builder.no_proxy();
            }
            builder.build().map_err(|e| innermost(&e.without_url()))
        })
        .as_ref()
        .map_err(|message| RequestFailure::Connect {
            message: format!("could not set up the HTTP client: {message}"),
        })
    }

    /// Sends one request and reads the whole answer, within `timeout` from
    /// start to end.
    pub(crate) async fn send(
        &self,
        method: Method,
        url: &Url,
        headers: &[(&str, &str)],
        form: Option<String>,
        timeout: Duration,
    ) -> Result<Response, RequestFailure> {
        let client = self.client(url)?;
        let mut request = client
            .request(method, url.clone())
            .timeout(timeout)
            .header(USER_AGENT, user_agent());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(form) = form {
            request = request
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(form);
        }
        let failure = |e: reqwest::Error| self.failure(e, timeout);
        let mut response = request.send().await.map_err(failure)?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failure)? {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(RequestFailure::TooLarge { limit: MAX_BODY });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response { status, body })
    }

    fn failure(&self, error: reqwest::Error, timeout: Duration) -> RequestFailure {
        let error = error.without_url();
        if error.is_connect() {
            let message = if error.is_timeout() {
                format!("no connection within {:?}", self.connect_timeout)
            } else {
                innermost(&error)
            };
            RequestFailure::Connect { message }
        } else if error.is_timeout() {
            RequestFailure::Timeout { limit: timeout }
        } else {
            RequestFailure::Transport {
                message: innermost(&error),
            }
        }
    }
}

fn user_agent() -> &'static str {
    static AGENT: OnceLock<String> = OnceLock::new();
    AGENT.get_or_init(|| {
        format!(
            "{}/{} (rust; {}; {}) credentials",
            env!("CARGO_PKG_NAME"),
            env!("CARGO_PKG_VERSION"),
            std::env::consts::OS,
            std::env::consts::ARCH
        )
    })
}

/// The innermost cause of an error, which names the real problem
/// ("Connection refused (os error 111)").
fn innermost(error: &reqwest::Error) -> String {
    deepest_cause(error).map_or_else(|| error.to_string(), ToString::to_string)
}

/// Parses an `http(s)` URL with a host; `None` otherwise.
pub(crate) fn parse_http_url(text: &str) -> Option<Url> {
    let url = Url::parse(text.trim()).ok()?;
    let scheme_ok = url.scheme() == "http" || url.scheme() == "https";
    (scheme_ok && url.host_str().is_some_and(|h| !h.is_empty())).then_some(url)
}

/// A URL as it may be shown: scheme, host, port and path, without user
/// info, query or fragment (which may hold secrets).
pub(crate) fn display_url(url: &Url) -> String {
    let mut shown = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default());
    if let Some(port) = url.port() {
        shown.push_str(&format!(":{port}"));
    }
    shown.push_str(url.path());
    if url.query().is_some() {
        shown.push_str("?…");
    }
    shown
}

/// Parses a body as a JSON object. The error says where the JSON breaks and
/// what the parser expected, never what the body holds.
pub(crate) fn json_object(body: &[u8]) -> Result<Map<String, Value>, String> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("the body is not a JSON object".to_owned()),
        Err(e) => Err(super::profile::json_error(&e).to_string()),
    }
}

/// A non-empty string member of `map`; the error names the key only.
pub(crate) fn string_member<'m>(map: &'m Map<String, Value>, key: &str) -> Result<&'m str, String> {
    match map.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) => Err(format!("`{key}` is empty")),
        None | Some(Value::Null) => Err(format!("`{key}` is missing")),
        Some(_) => Err(format!("`{key}` is not a string")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_secrets() {
        let url = parse_http_url("http://user:pass@127.0.0.1:8080/creds?token=abc#x").unwrap();
        assert_eq!(display_url(&url), "http://127.0.0.1:8080/creds?…");
        assert!(is_loopback(&url));
        let url = parse_http_url("https://sts.aliyuncs.com").unwrap();
        assert_eq!(display_url(&url), "https://sts.aliyuncs.com/");
        assert!(!is_loopback(&url));
        assert!(is_loopback(&parse_http_url("http://[::1]:1/").unwrap()));
        assert!(is_loopback(&parse_http_url("http://localhost:1/").unwrap()));
        for bad in [
            "",
            "sts.aliyuncs.com",
            "ftp://x/",
            "http://",
            "file:///etc/passwd",
        ] {
            assert!(parse_http_url(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn json_errors_do_not_quote_the_body() {
        let err = json_object(b"{\"AccessKeySecret\": \"SECRET-x\",, }").unwrap_err();
        assert!(err.starts_with("invalid JSON at line 1"), "{err}");
        assert!(!err.contains("SECRET"));
        assert_eq!(
            json_object(b"[1]").unwrap_err(),
            "the body is not a JSON object"
        );
        let map = json_object(br#"{"a": "x", "b": "", "c": 1}"#).unwrap();
        assert_eq!(string_member(&map, "a"), Ok("x"));
        assert_eq!(string_member(&map, "b").unwrap_err(), "`b` is empty");
        assert_eq!(string_member(&map, "c").unwrap_err(), "`c` is not a string");
        assert_eq!(string_member(&map, "d").unwrap_err(), "`d` is missing");
    }
}
