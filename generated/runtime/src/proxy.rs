//! Proxies: reading a proxy URL, and deciding which proxy, if any, a request
//! goes through (the configured one, or the environment's for the URL's
//! scheme), with the hosts that are reached directly.

use std::fmt;
use std::net::IpAddr;

use reqwest::Url;

use crate::signer::percent_decode;

/// A proxy, its credentials taken out of the URL.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct ProxySettings {
    /// The proxy's URL, without user info.
    pub(crate) url: Url,
    /// User and password (`Proxy-Authorization: Basic …`).
    pub(crate) credentials: Option<(String, String)>,
    /// Where it was set: `proxy` or `environment variable HTTPS_PROXY`.
    pub(crate) source: String,
}

impl ProxySettings {
    /// The proxy as messages show it: `http://<redacted>@proxy:3128` when it
    /// has credentials, never the password.
    pub(crate) fn shown(&self) -> String {
        let host = self.url.host_str().unwrap_or_default();
        let port = self.url.port().map(|p| format!(":{p}")).unwrap_or_default();
        let user = if self.credentials.is_some() {
            "<redacted>@"
        } else {
            ""
        };
        format!("{}://{user}{host}{port}", self.url.scheme())
    }
}

impl fmt::Debug for ProxySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxy")
            .field("url", &self.url.as_str())
            .field(
                "credentials",
                &self
                    .credentials
                    .as_ref()
                    .map(|(user, _)| (user, "<redacted>")),
            )
            .field("source", &self.source)
            .finish()
    }
}

/// `raw` with any user info between the scheme and the host replaced, so
/// that a proxy password never reaches an error or a log.
pub(crate) fn hide_user_info(raw: &str) -> String {
    let (scheme, rest) = match raw.find("://") {
        Some(i) => raw.split_at(i + 3),
        None => ("", raw),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}<redacted>@{}", &rest[at + 1..]),
        None => raw.to_owned(),
    }
}

/// Parses a proxy URL set by `setting`; user info moves into the
/// credentials unless `credentials` are given.
pub(crate) fn parse_proxy(
    setting: &str,
    raw: &str,
    credentials: Option<(String, String)>,
) -> Result<ProxySettings, String> {
    let shown = hide_user_info(raw.trim());
    let bad = |why: &str| format!("{setting} URL {shown:?} {why}");
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(bad("is empty"));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("http://{trimmed}")
    };
    let authority = with_scheme
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or_default())
        .unwrap_or_default();
    let host_part = authority.rsplit('@').next().unwrap_or_default();
    if host_part.is_empty() || host_part.starts_with(':') {
        return Err(bad("has no host"));
    }
    let mut url =
        Url::parse(&with_scheme).map_err(|e| bad(&format!("is not a valid URL ({e})")))?;
    match url.scheme() {
        "http" | "https" => {}
        scheme if scheme.starts_with("socks") => {
            return Err(bad(
                "is a SOCKS proxy, which is not supported; use an HTTP proxy",
            ))
        }
        _ => return Err(bad("must start with http:// or https://")),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("has no host"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a path, query or fragment"));
    }
    let from_url = if url.username().is_empty() && url.password().is_none() {
        None
    } else {
        let decode = |s: &str| {
            percent_decode(s)
                .ok_or_else(|| bad("has user info that is not valid percent-encoded UTF-8"))
        };
        Some((
            decode(url.username())?,
            decode(url.password().unwrap_or_default())?,
        ))
    };
    // Cannot fail for http(s) URLs with a host.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Ok(ProxySettings {
        url,
        credentials: credentials.or(from_url),
        source: setting.to_owned(),
    })
}

/// Whether the URL's host is `localhost` or a loopback address.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host_str() {
        Some(host) if host.eq_ignore_ascii_case("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

/// Which proxy a request goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    /// Straight to the host.
    Direct,
    /// Through the configured proxy.
    Explicit,
    /// Through the environment's proxy for HTTPS URLs.
    EnvHttps,
    /// Through the environment's proxy for HTTP URLs.
    EnvHttp,
    /// Through the environment's proxy for any URL.
    EnvAll,
}

impl Route {
    /// Every route, in the order of [`index`](Self::index).
    pub(crate) const COUNT: usize = 5;

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// The proxies of one transport: the configured one, or those the
/// environment names, and the hosts reached directly.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Proxies {
    explicit: Option<ProxySettings>,
    env_https: Option<ProxySettings>,
    env_http: Option<ProxySettings>,
    env_all: Option<ProxySettings>,
    /// Hosts reached directly: the configured list, and for the
    /// environment's proxies `NO_PROXY` too.
    no_proxy: Vec<String>,
}

impl fmt::Debug for Proxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxies")
            .field("explicit", &self.explicit)
            .field("env_https", &self.env_https)
            .field("env_http", &self.env_http)
            .field("env_all", &self.env_all)
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

impl Proxies {
    /// The proxies for a transport: `explicit` (with the hosts `no_proxy`
    /// names reached directly), else, when `from_env`, those the
    /// environment read through `env` names (`HTTPS_PROXY` for HTTPS URLs,
    /// `HTTP_PROXY` for HTTP ones, but not in a CGI program, `ALL_PROXY`
    /// for both; lowercase names too), with `NO_PROXY` added to `no_proxy`.
    ///
    /// # Errors
    ///
    /// A variable that is not a proxy URL, named in the message.
    pub(crate) fn new(
        explicit: Option<ProxySettings>,
        no_proxy: &[String],
        from_env: bool,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        let mut proxies = Self {
            explicit,
            no_proxy: no_proxy.to_vec(),
            ..Self::default()
        };
        if proxies.explicit.is_some() || !from_env {
            return Ok(proxies);
        }
        let get = |name: &'static str| {
            env(name)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (name, v))
        };
        let parse = |found: Option<(&'static str, String)>| {
            found
                .map(|(name, value)| {
                    parse_proxy(&format!("environment variable {name}"), &value, None)
                        .map_err(|e| format!("{e}; fix the variable or turn proxy_from_env off"))
                })
                .transpose()
        };
        proxies.env_https = parse(get("HTTPS_PROXY").or_else(|| get("https_proxy")))?;
        // A CGI program: `HTTP_PROXY` may come from a request header.
        let cgi = get("REQUEST_METHOD").is_some();
        let http = if cgi {
            get("http_proxy")
        } else {
            get("HTTP_PROXY").or_else(|| get("http_proxy"))
        };
        proxies.env_http = parse(http)?;
        proxies.env_all = parse(get("ALL_PROXY").or_else(|| get("all_proxy")))?;
        let mut listed: Vec<String> = env("NO_PROXY")
            .or_else(|| env("no_proxy"))
            .map(|list| {
                list.split(',')
                    .map(|h| h.trim().to_owned())
                    .filter(|h| !h.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        listed.append(&mut proxies.no_proxy);
        proxies.no_proxy = listed;
        Ok(proxies)
    }

    /// Whether any request can go through a proxy.
    pub(crate) fn any(&self) -> bool {
        self.explicit.is_some()
            || self.env_https.is_some()
            || self.env_http.is_some()
            || self.env_all.is_some()
    }

    /// How a request to `url` goes: `direct` requests, hosts `no_proxy`
    /// names and, for the environment's proxies, loopback hosts straight to
    /// the host; others through the configured proxy, else the
    /// environment's for the URL's scheme.
    pub(crate) fn route(&self, url: &Url, direct: bool) -> Route {
        if direct || !self.any() {
            return Route::Direct;
        }
        let host = url.host_str().unwrap_or_default();
        let bypassed = self.no_proxy.iter().any(|entry| matches_host(entry, host));
        if self.explicit.is_some() {
            return if bypassed {
                Route::Direct
            } else {
                Route::Explicit
            };
        }
        if bypassed || is_loopback(url) {
            return Route::Direct;
        }
        let specific = match url.scheme() {
            "https" => self.env_https.as_ref().map(|_| Route::EnvHttps),
            _ => self.env_http.as_ref().map(|_| Route::EnvHttp),
        };
        specific
            .or_else(|| self.env_all.as_ref().map(|_| Route::EnvAll))
            .unwrap_or(Route::Direct)
    }

    /// The proxy of `route`.
    pub(crate) fn proxy(&self, route: Route) -> Option<&ProxySettings> {
        match route {
            Route::Direct => None,
            Route::Explicit => self.explicit.as_ref(),
            Route::EnvHttps => self.env_https.as_ref(),
            Route::EnvHttp => self.env_http.as_ref(),
            Route::EnvAll => self.env_all.as_ref(),
        }
    }
}

/// Whether a `no_proxy` entry names `host`: `*`; an IP address; a CIDR
/// range (`10.0.0.0/8`); or a host name, which also names the names under
/// it (`example.com` and `.example.com` both name `api.example.com`).
fn matches_host(entry: &str, host: &str) -> bool {
    let entry = entry.trim();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if entry == "*" {
        return true;
    }
    let ip = host.parse::<IpAddr>().ok();
    if let Some((network, bits)) = entry.split_once('/') {
        let (Ok(network), Ok(bits), Some(ip)) =
            (network.parse::<IpAddr>(), bits.parse::<u32>(), ip)
        else {
            return false;
        };
        return match (network, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) if bits <= 32 => {
                let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) if bits <= 128 => {
                let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        };
    }
    let entry_trimmed = entry.trim_start_matches('[').trim_end_matches(']');
    if let Ok(address) = entry_trimmed.parse::<IpAddr>() {
        return ip == Some(address);
    }
    let name = entry.trim_start_matches('.').to_ascii_lowercase();
    let host = host.to_ascii_lowercase();
    !name.is_empty() && (host == name || host.ends_with(&format!(".{name}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn proxies(
        explicit: Option<&str>,
        no_proxy: &[&str],
        from_env: bool,
        vars: &[(&str, &str)],
    ) -> Result<Proxies, String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let explicit = explicit.map(|p| parse_proxy("proxy", p, None).unwrap());
        let no_proxy: Vec<String> = no_proxy.iter().map(|h| (*h).to_owned()).collect();
        Proxies::new(explicit, &no_proxy, from_env, &|name| {
            vars.get(name).cloned()
        })
    }

    /// The proxy a request to `url` goes through, as `(url, source)`.
    fn via(proxies: &Proxies, url: &str) -> Option<(String, String)> {
        let route = proxies.route(&Url::parse(url).unwrap(), false);
        proxies
            .proxy(route)
            .map(|p| (p.url.to_string(), p.source.clone()))
    }

    #[test]
    fn the_environment_supplies_a_proxy_by_scheme() {
        let env = proxies(
            None,
            &[],
            true,
            &[
                ("HTTPS_PROXY", "http://secure:1"),
                ("http_proxy", "plain:2"),
                ("ALL_PROXY", "http://all:3"),
                ("NO_PROXY", "internal.example, 10.0.0.0/8"),
            ],
        )
        .unwrap();
        assert_eq!(
            via(&env, "https://ecs.aliyuncs.com"),
            Some((
                "http://secure:1/".into(),
                "environment variable HTTPS_PROXY".into()
            ))
        );
        assert_eq!(
            via(&env, "http://ecs.aliyuncs.com"),
            Some((
                "http://plain:2/".into(),
                "environment variable http_proxy".into()
            ))
        );
        assert_eq!(via(&env, "https://api.internal.example"), None);
        assert_eq!(via(&env, "http://10.1.2.3:80"), None);
        // ALL_PROXY is the fallback.
        let all = proxies(None, &[], true, &[("all_proxy", "http://all:3")]).unwrap();
        assert_eq!(
            via(&all, "https://x.com").map(|v| v.1),
            Some("environment variable all_proxy".into())
        );
        // Empty values count as unset.
        let empty = proxies(None, &[], true, &[("HTTPS_PROXY", " ")]).unwrap();
        assert_eq!(via(&empty, "https://x.com"), None);
        assert!(!empty.any());
    }

    #[test]
    fn cgi_programs_ignore_http_proxy() {
        let evil = proxies(
            None,
            &[],
            true,
            &[("REQUEST_METHOD", "GET"), ("HTTP_PROXY", "http://evil:1")],
        )
        .unwrap();
        assert_eq!(via(&evil, "http://x.com"), None);
        let ok = proxies(
            None,
            &[],
            true,
            &[("REQUEST_METHOD", "GET"), ("http_proxy", "http://ok:1")],
        )
        .unwrap();
        assert!(via(&ok, "http://x.com").is_some());
    }

    #[test]
    fn environment_proxies_can_be_turned_off_and_skip_loopback_hosts() {
        let vars = [("HTTPS_PROXY", "http://p:1"), ("HTTP_PROXY", "http://p:1")];
        let off = proxies(None, &[], false, &vars).unwrap();
        assert_eq!(via(&off, "https://x.com"), None);
        let env = proxies(None, &[], true, &vars).unwrap();
        for local in [
            "http://127.0.0.1:8080",
            "http://localhost:1",
            "http://[::1]:1",
        ] {
            assert_eq!(via(&env, local), None, "{local}");
        }
        // An explicit proxy applies to a loopback host, and wins over the
        // environment.
        let explicit = proxies(Some("corp:3128"), &[], true, &vars).unwrap();
        assert_eq!(
            via(&explicit, "http://127.0.0.1:1"),
            Some(("http://corp:3128/".into(), "proxy".into()))
        );
    }

    #[test]
    fn direct_requests_and_no_proxy_hosts_skip_the_proxy() {
        let explicit = proxies(
            Some("http://p:1"),
            &["b.com", "127.0.0.0/8", "[::1]"],
            true,
            &[],
        )
        .unwrap();
        let url = Url::parse("https://x.com").unwrap();
        assert_eq!(explicit.route(&url, false), Route::Explicit);
        assert_eq!(explicit.route(&url, true), Route::Direct);
        for bypassed in [
            "https://b.com",
            "https://api.b.com",
            "http://127.0.0.1:8",
            "http://[::1]:8",
        ] {
            assert_eq!(via(&explicit, bypassed), None, "{bypassed}");
        }
        assert!(via(&explicit, "https://notb.com").is_some());
        let star = proxies(Some("http://p:1"), &["*"], true, &[]).unwrap();
        assert_eq!(via(&star, "https://x.com"), None);
        let env_star = proxies(
            None,
            &[],
            true,
            &[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "a.com,*")],
        )
        .unwrap();
        assert_eq!(via(&env_star, "https://x.com"), None);
        // The configured list joins the environment's.
        let joined = proxies(
            None,
            &["b.com"],
            true,
            &[("HTTPS_PROXY", "http://p:1"), ("no_proxy", "a.com")],
        )
        .unwrap();
        assert_eq!(via(&joined, "https://a.com"), None);
        assert_eq!(via(&joined, "https://b.com"), None);
        assert!(via(&joined, "https://c.com").is_some());
    }

    #[test]
    fn an_invalid_proxy_variable_is_an_error_naming_it() {
        let err = proxies(
            None,
            &[],
            true,
            &[("HTTPS_PROXY", "http://user:pw-secret@:9")],
        )
        .unwrap_err();
        assert!(err.contains("environment variable HTTPS_PROXY"), "{err}");
        assert!(err.contains("proxy_from_env"), "{err}");
        assert!(!err.contains("pw-secret"), "{err}");
    }

    #[test]
    fn proxy_credentials_come_from_the_url_unless_given() {
        let p = parse_proxy("proxy", "http://a%20b:c%3Ad@h:1", None).unwrap();
        assert_eq!(p.credentials, Some(("a b".to_owned(), "c:d".to_owned())));
        assert_eq!(p.url.as_str(), "http://h:1/");
        assert_eq!(p.shown(), "http://<redacted>@h:1");
        let given = Some(("x".to_owned(), "given-secret".to_owned()));
        let p = parse_proxy("proxy", "http://a:b@h:1", given.clone()).unwrap();
        assert_eq!(p.credentials, given);
        assert!(!format!("{p:?}").contains("given-secret"), "{p:?}");
        let plain = parse_proxy("proxy", "h:3128", None).unwrap();
        assert_eq!(plain.shown(), "http://h:3128");
    }

    #[test]
    fn user_info_is_hidden() {
        assert_eq!(
            hide_user_info("http://u:p@h:1/x"),
            "http://<redacted>@h:1/x"
        );
        assert_eq!(hide_user_info("u:p@h:1"), "<redacted>@h:1");
        assert_eq!(hide_user_info("http://h:1/a@b"), "http://h:1/a@b");
    }

    #[test]
    fn loopback_hosts() {
        for (url, loopback) in [
            ("http://127.0.0.1:8080/creds", true),
            ("http://[::1]:1/", true),
            ("http://localhost:1/", true),
            ("https://sts.aliyuncs.com", false),
            ("http://100.100.100.200", false),
        ] {
            assert_eq!(is_loopback(&Url::parse(url).unwrap()), loopback, "{url}");
        }
    }
}
