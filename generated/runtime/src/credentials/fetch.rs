//! HTTP for the providers that fetch credentials (metadata service, STS,
//! credentials URI), through the transport of the client they serve:
//! explicit time limits, a size limit on answers, and errors that never
//! carry a URL's query (an STS URL holds a signature and possibly a
//! security token).

use std::sync::OnceLock;
use std::time::Duration;

use reqwest::Url;
use serde_json::{Map, Value};

use super::error::{json_error, RequestFailure};
use crate::transport::{check_answer, HttpError, HttpErrorKind, HttpRequest, Method, Transport};

/// The most a credentials endpoint may answer with, in bytes; a credentials
/// document is well under 4 KiB.
pub const MAX_ANSWER_SIZE: u64 = 64 * 1024;

/// One HTTP answer, read whole.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

/// One request for credentials.
pub(crate) struct Fetch<'a> {
    pub(crate) method: Method,
    pub(crate) url: &'a Url,
    pub(crate) headers: &'a [(&'a str, &'a str)],
    /// An `application/x-www-form-urlencoded` body.
    pub(crate) form: Option<String>,
    /// The time the whole exchange may take, connecting included.
    pub(crate) timeout: Duration,
    /// Never through a proxy (the metadata service).
    pub(crate) direct: bool,
}

impl Fetch<'_> {
    /// Sends the request through `transport` and reads the whole answer,
    /// within the time limit and [`MAX_ANSWER_SIZE`].
    pub(crate) async fn send(self, transport: &dyn Transport) -> Result<Response, RequestFailure> {
        let mut request = HttpRequest::new(self.method, self.url.as_str());
        request.max_response_size = MAX_ANSWER_SIZE;
        request.direct = self.direct;
        let mut headers = vec![("user-agent", user_agent())];
        headers.extend(self.headers.iter().copied());
        if self.form.is_some() {
            headers.push(("content-type", "application/x-www-form-urlencoded"));
        }
        for (name, value) in headers {
            request.headers.insert(name, value).map_err(failure)?;
        }
        request.body = self.form.map(String::into_bytes).unwrap_or_default();
        let answer = tokio::time::timeout(self.timeout, transport.send(request))
            .await
            .map_err(|_| RequestFailure::Timeout {
                limit: self.timeout,
            })?
            .and_then(|answer| check_answer(answer, MAX_ANSWER_SIZE))
            .map_err(failure)?;
        Ok(Response {
            status: answer.status,
            body: answer.body,
        })
    }
}

/// What a transport's error means for a credentials request.
fn failure(error: HttpError) -> RequestFailure {
    match error.kind() {
        HttpErrorKind::ConnectTimeout { limit } => {
            let mut message = match limit {
                Some(limit) => format!("no connection within {limit:?}"),
                None => "no connection in time".to_owned(),
            };
            if let Some(proxy) = error.proxy() {
                message.push_str(&format!(" (through proxy {proxy})"));
            }
            RequestFailure::Connect { message }
        }
        HttpErrorKind::Connect | HttpErrorKind::Refused => RequestFailure::Connect {
            message: error.cause(),
        },
        HttpErrorKind::TooLarge { .. } => RequestFailure::TooLarge {
            limit: MAX_ANSWER_SIZE as usize,
        },
        _ => RequestFailure::Transport {
            message: error.cause(),
        },
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
        Err(e) => Err(json_error(&e).to_string()),
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
        let url = parse_http_url("https://sts.aliyuncs.com").unwrap();
        assert_eq!(display_url(&url), "https://sts.aliyuncs.com/");
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
