//! The default [`Transport`]: `reqwest` with rustls, built from the
//! configuration's transport settings (proxy, extra root certificates,
//! pool, connect timeout), or a caller's own `reqwest::Client`.
//!
//! Each route a request can take (direct, or through one of the proxies)
//! has its own `reqwest::Client` and connection pool, built when first
//! needed; the route is decided per request ([`Proxies::route`]), so that
//! one transport serves the API endpoint, STS and the metadata service
//! alike.

use std::fmt;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

use reqwest::Url;

use crate::proxy::{Proxies, Route};
use crate::signer::percent_decode;
use crate::transport::{
    Headers, HttpError, HttpRequest, HttpResponse, Method, Transport, TransportFuture,
};

/// What the default transport is built from: the configuration's checked
/// settings.
#[derive(Clone)]
pub(crate) struct HttpSettings {
    /// The configured proxy and its `no_proxy` list, or nothing.
    pub(crate) proxy: Option<crate::proxy::ProxySettings>,
    pub(crate) no_proxy: Vec<String>,
    /// Whether the proxy variables of the environment are honoured when no
    /// proxy is configured.
    pub(crate) proxy_from_env: bool,
    /// Extra root certificates, DER.
    pub(crate) root_certificates: Vec<Vec<u8>>,
    pub(crate) connect_timeout: Duration,
    pub(crate) pool_idle_timeout: Option<Duration>,
    pub(crate) pool_max_idle_per_host: Option<usize>,
    /// A caller's own client, used as it is for every request.
    pub(crate) http_client: Option<reqwest::Client>,
}

impl HttpSettings {
    /// The defaults: no proxy but the environment's, the built-in roots, a
    /// 5 s connect timeout, reqwest's pool.
    pub(crate) fn new(connect_timeout: Duration) -> Self {
        Self {
            proxy: None,
            no_proxy: Vec::new(),
            proxy_from_env: true,
            root_certificates: Vec::new(),
            connect_timeout,
            pool_idle_timeout: None,
            pool_max_idle_per_host: None,
            http_client: None,
        }
    }
}

impl fmt::Debug for HttpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("proxy", &self.proxy)
            .field("no_proxy", &self.no_proxy)
            .field("proxy_from_env", &self.proxy_from_env)
            .field("root_certificates", &self.root_certificates.len())
            .field(
                "http_client",
                &self.http_client.as_ref().map(|_| "<custom>"),
            )
            .field("connect_timeout", &self.connect_timeout)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .finish()
    }
}

/// The default transport.
pub(crate) struct ReqwestTransport {
    settings: HttpSettings,
    proxies: Proxies,
    /// One client per [`Route`], built on first use.
    clients: [OnceLock<Result<reqwest::Client, String>>; Route::COUNT],
    /// The last URL before its query (`https://host/`) and its parse: the
    /// API calls of a client all go to one, and then only their query is
    /// parsed.
    last_base: Mutex<Option<(String, Url)>>,
}

impl fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReqwestTransport")
            .field("proxies", &self.proxies)
            .field("custom_client", &self.settings.http_client.is_some())
            .finish_non_exhaustive()
    }
}

impl ReqwestTransport {
    /// The transport for `settings`, reading the proxy variables from the
    /// process environment (once, now).
    ///
    /// # Errors
    ///
    /// A proxy variable that is not a URL, a root certificate rustls
    /// rejects, TLS initialisation failing; the message names the setting.
    pub(crate) fn new(settings: HttpSettings) -> Result<Self, String> {
        Self::with_env(settings, &|name| std::env::var(name).ok())
    }

    pub(crate) fn with_env(
        settings: HttpSettings,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        let proxies = Proxies::new(
            settings.proxy.clone(),
            &settings.no_proxy,
            settings.proxy_from_env && settings.http_client.is_none(),
            env,
        )?;
        let transport = Self {
            settings,
            proxies,
            clients: Default::default(),
            last_base: Mutex::new(None),
        };
        // Build one client now, so that a setting rustls refuses is an
        // error of the configuration, not of the first call; the others are
        // built alike, when first needed.
        transport.client(Route::Direct)?;
        Ok(transport)
    }

    fn client(&self, route: Route) -> Result<&reqwest::Client, String> {
        if let Some(custom) = &self.settings.http_client {
            return Ok(custom);
        }
        self.clients[route.index()]
            .get_or_init(|| self.build(route))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// A client for `route`: no redirects, the connect timeout, the route's
    /// proxy (reqwest's own reading of the environment is off: [`Proxies`]
    /// does it), extra root certificates, pool limits.
    fn build(&self, route: Route) -> Result<reqwest::Client, String> {
        let settings = &self.settings;
        let mut builder = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        if let Some(proxy) = self.proxies.proxy(route) {
            let mut p = reqwest::Proxy::all(proxy.url.as_str()).map_err(|e| {
                format!(
                    "{}: {:?} cannot be used as a proxy ({e})",
                    proxy.source,
                    proxy.shown()
                )
            })?;
            if let Some((user, password)) = &proxy.credentials {
                p = p.basic_auth(user, password);
            }
            builder = builder.proxy(p);
        }
        for der in &settings.root_certificates {
            let certificate = reqwest::Certificate::from_der(der)
                .map_err(|e| format!("add_root_certificate: unusable certificate ({e})"))?;
            builder = builder.add_root_certificate(certificate);
        }
        if let Some(timeout) = settings.pool_idle_timeout {
            builder = builder.pool_idle_timeout(timeout);
        }
        if let Some(max) = settings.pool_max_idle_per_host {
            builder = builder.pool_max_idle_per_host(max);
        }
        builder.build().map_err(|e| {
            let mut message = format!("could not set up the HTTP client: {e}");
            let mut cause = std::error::Error::source(&e);
            while let Some(c) = cause {
                message.push_str(&format!(": {c}"));
                cause = c.source();
            }
            if !settings.root_certificates.is_empty() {
                message.push_str(" (check the certificates given to add_root_certificate)");
            }
            message
        })
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let HttpRequest {
            method,
            url,
            headers,
            body,
            max_response_size: limit,
            direct,
            ..
        } = request;
        let mut url = self
            .parse_url(&url)
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| HttpError::refused("the request's URL is not an http(s) URL"))?;
        let mut headers = headers.into_map();
        move_user_info_to_header(&mut url, &mut headers);
        let route = if self.settings.http_client.is_some() {
            Route::Direct
        } else {
            self.proxies.route(&url, direct)
        };
        let proxy = self.proxies.proxy(route).map(|p| p.shown());
        let failed = |error: reqwest::Error| {
            let error = self.error(error);
            match &proxy {
                Some(proxy) => error.through_proxy(proxy.clone()),
                None => error,
            }
        };
        let client = self.client(route).map_err(HttpError::refused)?;
        let method = match method {
            Method::Get => reqwest::Method::GET,
            Method::Put => reqwest::Method::PUT,
            _ => reqwest::Method::POST,
        };
        let mut http = reqwest::Request::new(method, url);
        *http.headers_mut() = headers;
        if !body.is_empty() {
            *http.body_mut() = Some(body.into());
        }
        let mut response = client.execute(http).await.map_err(failed)?;
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let declared = response.content_length();
        if let Some(length) = declared.filter(|length| *length > limit) {
            return Err(HttpError::too_large(
                status,
                Headers::from_map(headers),
                Some(length),
                0,
            ));
        }
        // Reserve what was declared, but not more than 1 MiB up front: a
        // server may declare a length it never sends.
        let reserve = declared.unwrap_or(0).min(limit).min(1 << 20);
        let mut body = Vec::with_capacity(usize::try_from(reserve).unwrap_or(0));
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            let total = body.len() as u64 + chunk.len() as u64;
            if total > limit {
                return Err(HttpError::too_large(
                    status,
                    Headers::from_map(headers),
                    declared,
                    total,
                ));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(HttpResponse::new(status, Headers::from_map(headers), body))
    }

    /// Parses `text`; the part before the query is parsed once for all the
    /// requests that share it, which then only have their query parsed.
    fn parse_url(&self, text: &str) -> Option<Url> {
        let Some((base, query)) = text.split_once('?').filter(|_| !text.contains('#')) else {
            return Url::parse(text).ok();
        };
        let cached = {
            let last = self
                .last_base
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            match &*last {
                Some((text, url)) if text == base => Some(url.clone()),
                _ => None,
            }
        };
        let mut url = match cached {
            Some(url) => url,
            None => {
                let url = Url::parse(base).ok()?;
                *self
                    .last_base
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = Some((base.to_owned(), url.clone()));
                url
            }
        };
        url.set_query(Some(query));
        Some(url)
    }

    /// The transport's error for a reqwest error, without the URL (it
    /// carries the signature).
    fn error(&self, error: reqwest::Error) -> HttpError {
        let error = error.without_url();
        if error.is_connect() && error.is_timeout() {
            let limit = self
                .settings
                .http_client
                .is_none()
                .then_some(self.settings.connect_timeout);
            HttpError::connect_timeout(limit)
        } else if error.is_connect() {
            HttpError::connect(error)
        } else {
            HttpError::io(error)
        }
    }
}

/// Moves the user and password of `url` (`http://user:pass@host/…`, as a
/// credentials URI may have) into a `Basic` `authorization` header, unless
/// there is one, as `reqwest`'s request builder does: a URL with user info
/// would reach the connection pool, and its logs, as it is.
fn move_user_info_to_header(url: &mut Url, headers: &mut reqwest::header::HeaderMap) {
    use base64::Engine as _;
    if url.username().is_empty() && url.password().is_none() {
        return;
    }
    let decode = |s: &str| percent_decode(s).unwrap_or_else(|| s.to_owned());
    let user = decode(url.username());
    let password = url.password().map(decode).unwrap_or_default();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    if headers.contains_key(reqwest::header::AUTHORIZATION) {
        return;
    }
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    if let Ok(mut value) = reqwest::header::HeaderValue::from_str(&format!("Basic {token}")) {
        value.set_sensitive(true);
        headers.insert(reqwest::header::AUTHORIZATION, value);
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        TransportFuture::new(ReqwestTransport::send(self, request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proxy::parse_proxy;

    fn settings() -> HttpSettings {
        HttpSettings::new(Duration::from_secs(5))
    }

    #[test]
    fn routes_have_their_own_clients_built_once() {
        let mut with_proxy = settings();
        with_proxy.proxy = Some(parse_proxy("proxy", "http://u:p@proxy:3128", None).unwrap());
        let transport = ReqwestTransport::with_env(with_proxy, &|_| None).unwrap();
        // The direct client is built at once; the proxy's when first needed.
        assert!(transport.clients[Route::Direct.index()].get().is_some());
        assert!(transport.clients[Route::Explicit.index()].get().is_none());
        let first: *const reqwest::Client = transport.client(Route::Explicit).unwrap();
        let again: *const reqwest::Client = transport.client(Route::Explicit).unwrap();
        assert_eq!(first, again);
        assert!(!format!("{transport:?}").contains("u:p"));
    }

    #[test]
    fn an_invalid_proxy_variable_fails_the_transport() {
        let err = ReqwestTransport::with_env(settings(), &|name| {
            (name == "HTTPS_PROXY").then(|| "http://user:pw-secret@:9".to_owned())
        })
        .unwrap_err();
        assert!(err.contains("environment variable HTTPS_PROXY"), "{err}");
        assert!(!err.contains("pw-secret"), "{err}");
        // A caller's own client reads no variable.
        let mut custom = settings();
        custom.http_client = Some(reqwest::Client::new());
        assert!(ReqwestTransport::with_env(custom, &|_| Some("::bad::".to_owned())).is_ok());
    }

    #[test]
    fn user_info_leaves_the_url_for_a_basic_header() {
        let mut url = Url::parse("http://agent:p%40ss@127.0.0.1:8/creds?x=1").unwrap();
        let mut headers = reqwest::header::HeaderMap::new();
        move_user_info_to_header(&mut url, &mut headers);
        assert_eq!(url.as_str(), "http://127.0.0.1:8/creds?x=1");
        // base64("agent:p@ss")
        assert_eq!(headers["authorization"], "Basic YWdlbnQ6cEBzcw==");
        assert!(headers["authorization"].is_sensitive());
        let mut given = reqwest::header::HeaderMap::new();
        given.insert("authorization", "Bearer t".parse().unwrap());
        let mut url = Url::parse("http://u:p@h/").unwrap();
        move_user_info_to_header(&mut url, &mut given);
        assert_eq!(
            (url.as_str(), &given["authorization"]),
            (
                "http://h/",
                &"Bearer t".parse::<reqwest::header::HeaderValue>().unwrap()
            )
        );
    }

    #[test]
    fn urls_parse_alike_whether_their_base_was_seen_or_not() {
        let transport = ReqwestTransport::with_env(settings(), &|_| None).unwrap();
        for text in [
            "https://ecs.aliyuncs.com/?A=1&B=%E4%BE%8B",
            "https://ecs.aliyuncs.com/?C=3",
            "http://127.0.0.1:8/latest/api/token",
            "https://ecs.aliyuncs.com/?C=3",
            "http://u:p@h:1/x?y=1",
            "https://h/?q#fragment",
            "https://ecs.aliyuncs.com/?",
        ] {
            let expected = Url::parse(text).unwrap();
            assert_eq!(transport.parse_url(text), Some(expected.clone()), "{text}");
            assert_eq!(transport.parse_url(text), Some(expected), "{text}, again");
        }
        assert_eq!(transport.parse_url("not a url?x=1"), None);
    }

    #[tokio::test]
    async fn an_endless_body_without_a_length_is_cut_off_just_past_the_limit() {
        use std::io::{Read, Write};
        use std::sync::atomic::{AtomicU64, Ordering};
        use std::sync::Arc;

        const LIMIT: u64 = 256 * 1024;
        // Far more than the limit: the server stops there by itself, so
        // that a reader that does not stop still ends.
        const SAFETY_STOP: u64 = 64 * 1024 * 1024;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let written = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&written);
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            // No length and no chunking: the body ends when the connection
            // does, which is never while the client reads.
            let answer =
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
            if stream.write_all(answer.as_bytes()).is_err() {
                return;
            }
            let spaces = [b' '; 16 * 1024];
            while counter.load(Ordering::Relaxed) < SAFETY_STOP {
                if stream.write_all(&spaces).is_err() {
                    break;
                }
                counter.fetch_add(spaces.len() as u64, Ordering::Relaxed);
            }
        });
        let transport = ReqwestTransport::with_env(settings(), &|_| None).unwrap();
        let mut request = HttpRequest::new(Method::Get, url);
        request.max_response_size = LIMIT;
        let answer = Transport::send(&transport, request).await;
        let err = match answer {
            Ok(answer) => panic!(
                "read a body of {} bytes past the {LIMIT}-byte limit",
                answer.body.len()
            ),
            Err(err) => err,
        };
        let crate::transport::HttpErrorKind::TooLarge {
            status,
            content_length,
            received,
            ..
        } = err.kind().clone()
        else {
            panic!("expected TooLarge, got {err:?}");
        };
        assert_eq!((status, content_length), (200, None));
        // Reading stopped with the chunk that crossed the limit.
        assert!(received > LIMIT && received <= 2 * LIMIT, "{received}");
        // The connection task runs on this runtime: wait for the server
        // without blocking it.
        tokio::task::spawn_blocking(move || server.join().unwrap())
            .await
            .unwrap();
        assert!(written.load(Ordering::Relaxed) < SAFETY_STOP);
    }

    #[tokio::test]
    async fn a_request_that_is_not_http_is_refused_without_sending() {
        let transport = ReqwestTransport::with_env(settings(), &|_| None).unwrap();
        let err = Transport::send(
            &transport,
            HttpRequest::new(Method::Get, "file:///etc/passwd"),
        )
        .await
        .unwrap_err();
        assert_eq!(err.kind(), &crate::transport::HttpErrorKind::Refused);
    }
}
