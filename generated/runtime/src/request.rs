//! One attempt's request: the common parameters, built fresh for each
//! attempt (a new nonce and timestamp), signed with V1 or V3
//! ([`SignatureVersion`]) into a [`SignedRequest`].

use std::borrow::Cow;
use std::time::SystemTime;

use super::config::{ResponseFormat, SignatureVersion};
use super::credentials::{Credentials, CredentialsError};
use super::error::{ConfigError, Error};
use super::params::Params;
pub use super::signer::new_nonce;
use super::timestamp::format_timestamp;
use super::{signer, signer_v3};

/// The HTTP method used for every call, as the official SDK does.
pub const METHOD: &str = "POST";

/// The values that change on every attempt: a nonce and a timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptStamp {
    /// `SignatureNonce`: 32 lowercase hex characters.
    pub nonce: String,
    /// `Timestamp`: UTC, `YYYY-MM-DDThh:mm:ssZ`.
    pub timestamp: String,
}

impl AttemptStamp {
    /// A fresh random nonce and the current time.
    pub fn now() -> Self {
        Self {
            nonce: new_nonce(),
            timestamp: format_timestamp(SystemTime::now()),
        }
    }
}

/// Names the runtime sets itself; an operation parameter with one of these
/// names is dropped, because the protocol's values must not be overridden.
const COMMON_NAMES: [&str; 10] = [
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "SecurityToken",
    "Signature",
];

/// All parameters of one attempt except `Signature`, borrowed: the common
/// ones (`Action`, `Version`, `Format`, `AccessKeyId`, `SignatureMethod`,
/// `SignatureVersion`, `SignatureNonce`, `Timestamp`, and `SecurityToken`
/// with STS credentials) followed by the operation's own.
///
/// Operation parameters that reuse a common name are dropped. This is what
/// the client signs; nothing is copied.
pub fn signing_pairs<'a>(
    action: &'a str,
    version: &'a str,
    operation: &'a Params,
    credentials: &'a Credentials,
    format: ResponseFormat,
    stamp: &'a AttemptStamp,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    let common = [
        ("Action", action),
        ("Version", version),
        ("Format", format.as_param()),
        ("AccessKeyId", credentials.access_key_id()),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", stamp.nonce.as_str()),
        ("Timestamp", stamp.timestamp.as_str()),
    ];
    let token = credentials
        .security_token()
        .map(|token| ("SecurityToken", token));
    common.into_iter().chain(token).chain(
        operation
            .iter()
            .filter(|(name, _)| !COMMON_NAMES.contains(name)),
    )
}

/// The same pairs as [`signing_pairs`], copied into a [`Params`].
pub fn build_params(
    action: &str,
    version: &str,
    operation: &Params,
    credentials: &Credentials,
    format: ResponseFormat,
    stamp: &AttemptStamp,
) -> Params {
    let mut params = Params::with_capacity(operation.len() + 9);
    for (name, value) in signing_pairs(action, version, operation, credentials, format, stamp) {
        params.push(name, value);
    }
    params
}

/// One attempt's request, signed: what goes in the URL's query, what goes
/// in a form body (when the operation has body parameters), the headers to
/// send, and the signature itself (kept to redact echoes of it).
///
/// `Debug` shows the header names only: the query, the headers and the
/// signature can carry the signature and the security token.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedRequest {
    /// The query string without the leading `?`. With V1 it carries every
    /// parameter and `Signature`; with V3 the operation's parameters and
    /// `Format` only.
    pub query: String,
    /// The `application/x-www-form-urlencoded` body, when some parameters
    /// travel in it (its `content-type` header is in `headers`).
    pub form: Option<String>,
    /// The headers to send besides `host` (which the HTTP client derives
    /// from the URL, and V3 signs) and `user-agent`: with V1
    /// `x-acs-action` and `x-acs-version`; with V3 also `accept`,
    /// `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256`, the
    /// STS headers and `authorization`; plus the caller's extra headers.
    /// Values known when the program was built are borrowed, so that the
    /// HTTP client need not copy them.
    pub headers: Vec<(&'static str, Cow<'static, str>)>,
    /// The signature: Base64 with V1, lowercase hex with V3.
    pub signature: String,
}

impl SignedRequest {
    /// The value of the header called `name` (lowercase), if it is sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_ref())
    }
}

impl std::fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| *n).collect();
        f.debug_struct("SignedRequest")
            .field("query_len", &self.query.len())
            .field("form_len", &self.form.as_ref().map(String::len))
            .field("headers", &names)
            .finish_non_exhaustive()
    }
}

/// What one attempt sends, before it is signed.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct RequestParts<'a> {
    /// The operation's `Action`.
    pub action: &'static str,
    /// The product's API version (`Version`).
    pub version: &'static str,
    /// The operation's own parameters.
    pub operation: &'a Params,
    /// The response format asked for.
    pub format: ResponseFormat,
    /// Parameters (and their flattened children) that go in a form body.
    pub form_fields: &'a [&'a str],
    /// The `host` header the HTTP client will send: the endpoint's host,
    /// with `:port` when the port is not the scheme's default.
    pub host: &'a str,
    /// More headers to send, such as `x-acs-retry-attempts`. V3 signs them
    /// (the gateway expects every `x-acs-*` header signed); V1 signs no
    /// header.
    pub extra_headers: &'a [(&'static str, String)],
}

impl<'a> RequestParts<'a> {
    /// The parts of a request for `action` of API `version` with
    /// `operation`'s parameters, sent to `host`: JSON, no form body, no
    /// extra headers.
    pub fn new(
        action: &'static str,
        version: &'static str,
        operation: &'a Params,
        host: &'a str,
    ) -> Self {
        Self {
            action,
            version,
            operation,
            format: ResponseFormat::Json,
            form_fields: &[],
            host,
            extra_headers: &[],
        }
    }

    /// Asks for `format`.
    pub fn format(mut self, format: ResponseFormat) -> Self {
        self.format = format;
        self
    }

    /// Sends these parameters in a form body.
    pub fn form_fields(mut self, form_fields: &'a [&'a str]) -> Self {
        self.form_fields = form_fields;
        self
    }

    /// Sends (and with V3 signs) these headers too.
    pub fn extra_headers(mut self, headers: &'a [(&'static str, String)]) -> Self {
        self.extra_headers = headers;
        self
    }
}

/// Signs one attempt with `version`. The stamp is taken: V3 sends its nonce
/// and timestamp as headers, without copying them.
///
/// # Errors
///
/// [`Error::Credentials`] when V3 would have to send the access key id or
/// the security token in a header and it contains a character a header
/// cannot carry (a control character or non-ASCII); [`Error::Config`] when
/// an extra header or the action cannot be sent as a header. V1 sends
/// credentials in the query and cannot fail on them.
pub fn sign(
    version: SignatureVersion,
    parts: &RequestParts<'_>,
    credentials: &Credentials,
    stamp: AttemptStamp,
) -> Result<SignedRequest, Error> {
    check_header_value("x-acs-action", parts.action).map_err(config_error)?;
    for (name, value) in parts.extra_headers {
        check_header_value(name, value).map_err(config_error)?;
    }
    match version {
        SignatureVersion::V1 => {
            let mut signed = sign_v1(
                parts.action,
                parts.version,
                parts.operation,
                credentials,
                parts.format,
                &stamp,
                parts.form_fields,
            );
            signed.headers.extend(
                parts
                    .extra_headers
                    .iter()
                    .map(|(name, value)| (*name, Cow::Owned(value.clone()))),
            );
            Ok(signed)
        }
        SignatureVersion::V3 => sign_v3(parts, credentials, stamp),
    }
}

fn config_error(message: String) -> Error {
    Error::Config(ConfigError::new(message))
}

/// Whether `value` can be sent as a header value unchanged: printable ASCII
/// (space included), so that what is signed is what arrives.
fn check_header_value(name: &str, value: &str) -> Result<(), String> {
    if value.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Ok(())
    } else {
        Err(format!(
            "the `{name}` header value contains a control or non-ASCII character and cannot be sent"
        ))
    }
}

/// Signs one attempt with signature V1 (HMAC-SHA1 over every parameter).
///
/// The parameters named in `form_fields` (and their flattened children,
/// `Name.1`, `Name.1.Field`, …) go in the form body instead of the query;
/// the signature covers both. The headers are `x-acs-action` and
/// `x-acs-version` (unsigned, as the official SDK sends them) and
/// `content-type` with a form body.
pub fn sign_v1(
    action: &'static str,
    version: &'static str,
    operation: &Params,
    credentials: &Credentials,
    format: ResponseFormat,
    stamp: &AttemptStamp,
    form_fields: &[&str],
) -> SignedRequest {
    let mut headers = vec![
        ("x-acs-action", Cow::Borrowed(action)),
        ("x-acs-version", Cow::Borrowed(version)),
    ];
    let pairs = signing_pairs(action, version, operation, credentials, format, stamp);
    if form_fields.is_empty() {
        let (query, signature) =
            signer::signed_query_and_signature(METHOD, pairs, credentials.access_key_secret());
        return SignedRequest {
            query,
            form: None,
            headers,
            signature,
        };
    }
    let pairs: Vec<(&str, &str)> = pairs.collect();
    let signature = signer::sign(
        METHOD,
        pairs.iter().copied(),
        credentials.access_key_secret(),
    );
    let (body, url): (Vec<_>, Vec<_>) = pairs
        .into_iter()
        .partition(|(name, _)| is_form_field(name, form_fields));
    let mut query = signer::canonical_query_string(url);
    if !query.is_empty() {
        query.push('&');
    }
    query.push_str(signer::SIGNATURE_PARAM);
    query.push('=');
    signer::encode_into(&mut query, &signature);
    headers.push(("content-type", Cow::Borrowed(FORM_CONTENT_TYPE)));
    SignedRequest {
        query,
        form: Some(signer::canonical_query_string(body)),
        headers,
        signature,
    }
}

const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Signs one attempt with signature V3 (`ACS3-HMAC-SHA256`).
///
/// The query holds `Format` and the operation's parameters except those in
/// `parts.form_fields`, which go in a form body whose SHA-256 is signed.
/// The signed headers are `accept`, `host`, `x-acs-action`,
/// `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`,
/// `x-acs-content-sha256`, with STS credentials `x-acs-accesskey-id` and
/// `x-acs-security-token` (an empty token is not sent, as in the official
/// SDK), `content-type` with a body, and `parts.extra_headers`.
///
/// # Errors
///
/// [`Error::Credentials`] when the access key id or the security token
/// cannot be sent in a header (see [`sign`]).
pub fn sign_v3(
    parts: &RequestParts<'_>,
    credentials: &Credentials,
    stamp: AttemptStamp,
) -> Result<SignedRequest, Error> {
    let access_key_id = credentials.access_key_id();
    let id_ok = !access_key_id.is_empty()
        && access_key_id
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b',');
    if !id_ok {
        return Err(v3_credentials_error(
            "the access key id is empty or contains a character other than visible ASCII (or a comma)",
        ));
    }
    let token = credentials.security_token().filter(|t| !t.is_empty());
    if token.is_some_and(|t| check_header_value("x-acs-security-token", t).is_err()) {
        return Err(v3_credentials_error(
            "the security token contains a control or non-ASCII character",
        ));
    }
    let operation = parts
        .operation
        .iter()
        .filter(|(name, _)| !COMMON_NAMES.contains(name));
    let query_pairs = std::iter::once(("Format", parts.format.as_param()));
    let (form, query_pairs): (Option<String>, Vec<(&str, &str)>) = if parts.form_fields.is_empty() {
        (None, query_pairs.chain(operation).collect())
    } else {
        let (body, url): (Vec<_>, Vec<_>) =
            operation.partition(|(name, _)| is_form_field(name, parts.form_fields));
        (
            Some(signer::canonical_query_string(body)),
            query_pairs.chain(url).collect(),
        )
    };
    let payload_sha256 = match &form {
        Some(body) => Cow::Owned(signer_v3::payload_sha256(body.as_bytes())),
        None => Cow::Borrowed(signer_v3::EMPTY_PAYLOAD_SHA256),
    };
    let accept = match parts.format {
        ResponseFormat::Xml => "application/xml",
        _ => "application/json",
    };
    // In canonical order (lowercase names, sorted), so that the signer
    // need not sort or copy them; `host` is signed but not returned, as
    // the HTTP client sends it.
    let mut headers: Vec<(&'static str, Cow<'static, str>)> =
        Vec::with_capacity(11 + parts.extra_headers.len());
    headers.push(("accept", Cow::Borrowed(accept)));
    if form.is_some() {
        headers.push(("content-type", Cow::Borrowed(FORM_CONTENT_TYPE)));
    }
    let host_at = headers.len();
    if let Some(token) = token {
        headers.push(("x-acs-accesskey-id", Cow::Owned(access_key_id.to_owned())));
        headers.push(("x-acs-security-token", Cow::Owned(token.to_owned())));
    }
    headers.push(("x-acs-action", Cow::Borrowed(parts.action)));
    headers.push(("x-acs-content-sha256", payload_sha256.clone()));
    headers.push(("x-acs-date", Cow::Owned(stamp.timestamp)));
    headers.push(("x-acs-signature-nonce", Cow::Owned(stamp.nonce)));
    headers.push(("x-acs-version", Cow::Borrowed(parts.version)));
    headers.extend(
        parts
            .extra_headers
            .iter()
            .map(|(name, value)| (*name, Cow::Owned(value.clone()))),
    );
    let signed = {
        let mut to_sign: Vec<(&str, &str)> = Vec::with_capacity(headers.len() + 1);
        to_sign.extend(headers.iter().map(|(n, v)| (*n, v.as_ref())));
        to_sign.insert(host_at, ("host", parts.host));
        signer_v3::sign(
            METHOD,
            query_pairs,
            &to_sign,
            &payload_sha256,
            access_key_id,
            credentials.access_key_secret(),
        )
    };
    headers.push(("authorization", Cow::Owned(signed.authorization)));
    Ok(SignedRequest {
        query: signed.query,
        form,
        headers,
        signature: signed.signature,
    })
}

fn v3_credentials_error(problem: &str) -> Error {
    Error::Credentials(CredentialsError::custom(
        "signature V3",
        format!(
            "{problem}, so it cannot be sent in a header; check the credentials, or sign with SignatureVersion::V1, which sends them in the query"
        ),
    ))
}

/// Whether `name` is one of `fields` or flattened from one (`Name.…`).
pub(crate) fn is_form_field(name: &str, fields: &[&str]) -> bool {
    fields.iter().any(|field| {
        name == *field
            || name
                .strip_prefix(field)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERSION: &str = "2014-05-26";

    #[test]
    fn nonces_are_32_lowercase_hex_and_differ() {
        let a = new_nonce();
        assert_eq!(a.len(), 32);
        assert!(a
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        assert_ne!(a, new_nonce());
        // Every position carries random bits: over 64 nonces each one takes
        // more than one value (a fixed digit would do so with odds 16^-63).
        let many: Vec<Vec<u8>> = (0..64).map(|_| new_nonce().into_bytes()).collect();
        for position in 0..32 {
            assert!(
                many.iter().any(|n| n[position] != many[0][position]),
                "position {position} never changes"
            );
        }
    }

    #[test]
    fn common_parameters_come_first_and_cannot_be_overridden() {
        let mut op = Params::new();
        op.push("Description", "example-1");
        op.push("Action", "Evil");
        let creds = Credentials::new("id", "secret").with_security_token("tok");
        let stamp = AttemptStamp {
            nonce: "n".into(),
            timestamp: "t".into(),
        };
        let p = build_params(
            "DescribeInstances",
            VERSION,
            &op,
            &creds,
            ResponseFormat::Xml,
            &stamp,
        );
        assert_eq!(p.get("Action"), Some("DescribeInstances"));
        assert_eq!(p.iter().filter(|(n, _)| *n == "Action").count(), 1);
        assert_eq!(p.get("Version"), Some(VERSION));
        assert_eq!(p.get("Format"), Some("XML"));
        assert_eq!(p.get("SecurityToken"), Some("tok"));
        assert_eq!(p.get("Description"), Some("example-1"));
        assert_eq!(p.get("AccessKeyId"), Some("id"));
        assert!(p.iter().all(|(_, v)| v != "secret"));
    }

    #[test]
    fn timestamp_has_no_fraction() {
        let s = AttemptStamp::now().timestamp;
        assert_eq!(s.len(), 20);
        assert!(s.ends_with('Z') && s.as_bytes()[10] == b'T');
    }

    #[test]
    fn form_fields_match_flattened_children_only() {
        let fields = ["BizId", "Credentials"];
        assert!(is_form_field("BizId", &fields));
        assert!(is_form_field("Credentials.1.Type", &fields));
        assert!(!is_form_field("BizIdX", &fields));
        assert!(!is_form_field("Extend", &fields));
        assert!(!is_form_field("BizId", &[]));
    }

    #[test]
    fn form_parameters_leave_the_query_but_stay_signed() {
        let mut op = Params::new();
        op.push("Description", "example-1");
        op.push("Credentials.1.Type", "ID");
        let creds = Credentials::new("id", "secret");
        let stamp = AttemptStamp {
            nonce: "n".into(),
            timestamp: "t".into(),
        };
        let all = sign_v1("A", VERSION, &op, &creds, ResponseFormat::Json, &stamp, &[]);
        let split = sign_v1(
            "A",
            VERSION,
            &op,
            &creds,
            ResponseFormat::Json,
            &stamp,
            &["Credentials"],
        );
        assert_eq!(all.signature, split.signature);
        assert!(all.form.is_none() && all.query.contains("Credentials.1.Type=ID"));
        assert!(!split.query.contains("Credentials"));
        assert_eq!(split.form.as_deref(), Some("Credentials.1.Type=ID"));
        assert!(split.query.contains("Description=example-1"));
    }

    fn stamp() -> AttemptStamp {
        AttemptStamp {
            nonce: "3156853299f313e23d1673dc12e1703d".into(),
            timestamp: "2026-01-01T00:00:00Z".into(),
        }
    }

    fn operation() -> Params {
        let mut op = Params::new();
        op.push("Description", "例子.中国");
        op.push("Lang", "en");
        op.push("Signature", "not mine");
        op
    }

    #[test]
    fn v3_keeps_credentials_and_signature_out_of_the_query() {
        let op = operation();
        let creds = Credentials::new("testid", "testsecret").with_security_token("tok/en+1");
        let parts = RequestParts::new("RunInstances", VERSION, &op, "h:1");
        let signed = sign(SignatureVersion::V3, &parts, &creds, stamp()).unwrap();
        assert_eq!(
            signed.query,
            "Description=%E4%BE%8B%E5%AD%90.%E4%B8%AD%E5%9B%BD&Format=JSON&Lang=en"
        );
        assert!(signed.form.is_none());
        let names: Vec<&str> = signed.headers.iter().map(|(n, _)| *n).collect();
        // Signed headers in canonical order (the signer then borrows them as
        // they are), `authorization` last.
        assert_eq!(
            names,
            [
                "accept",
                "x-acs-accesskey-id",
                "x-acs-security-token",
                "x-acs-action",
                "x-acs-content-sha256",
                "x-acs-date",
                "x-acs-signature-nonce",
                "x-acs-version",
                "authorization"
            ]
        );
        assert_eq!(signed.header("accept"), Some("application/json"));
        assert_eq!(signed.header("x-acs-date"), Some("2026-01-01T00:00:00Z"));
        assert_eq!(signed.header("x-acs-security-token"), Some("tok/en+1"));
        assert_eq!(
            signed.header("x-acs-content-sha256"),
            Some(signer_v3::EMPTY_PAYLOAD_SHA256)
        );
        // The signature is the pure signer's over exactly these headers and `host`.
        let mut to_sign: Vec<(&str, &str)> = vec![("host", "h:1")];
        to_sign.extend(
            signed
                .headers
                .iter()
                .filter(|(n, _)| *n != "authorization")
                .map(|(n, v)| (*n, v.as_ref())),
        );
        let expected = signer_v3::sign(
            METHOD,
            [
                ("Description", "例子.中国"),
                ("Format", "JSON"),
                ("Lang", "en"),
            ],
            &to_sign,
            signer_v3::EMPTY_PAYLOAD_SHA256,
            "testid",
            "testsecret",
        );
        assert_eq!(signed.signature, expected.signature);
        assert_eq!(
            signed.header("authorization"),
            Some(expected.authorization.as_str())
        );
        assert_eq!(
            expected.signed_headers,
            "accept;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version"
        );
        let shown = format!("{signed:?}");
        assert!(
            !shown.contains(&signed.signature) && !shown.contains("tok/en"),
            "{shown}"
        );
    }

    #[test]
    fn v3_xml_asks_for_xml_and_an_empty_token_is_not_sent() {
        let op = Params::new();
        let creds = Credentials::new("id", "s").with_security_token("");
        let parts = RequestParts::new("A", VERSION, &op, "h").format(ResponseFormat::Xml);
        let signed = sign(SignatureVersion::V3, &parts, &creds, stamp()).unwrap();
        assert_eq!(signed.query, "Format=XML");
        assert_eq!(signed.header("accept"), Some("application/xml"));
        assert_eq!(signed.header("x-acs-security-token"), None);
        assert_eq!(signed.header("x-acs-accesskey-id"), None);
    }

    #[test]
    fn v3_form_body_is_hashed_and_its_content_type_signed() {
        let mut op = Params::new();
        op.push("Description", "example-1");
        op.push("Credentials.1.Type", "ID card");
        let creds = Credentials::new("id", "secret");
        let parts = RequestParts::new("A", VERSION, &op, "h").form_fields(&["Credentials"]);
        let signed = sign(SignatureVersion::V3, &parts, &creds, stamp()).unwrap();
        assert_eq!(signed.form.as_deref(), Some("Credentials.1.Type=ID%20card"));
        assert_eq!(signed.query, "Description=example-1&Format=JSON");
        assert_eq!(
            signed.header("x-acs-content-sha256"),
            Some(signer_v3::payload_sha256(b"Credentials.1.Type=ID%20card").as_str())
        );
        assert_eq!(
            signed.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert!(signed
            .header("authorization")
            .unwrap()
            .contains("SignedHeaders=accept;content-type;host;"));
    }

    #[test]
    fn extra_headers_are_signed_by_v3_and_passed_through_by_v1() {
        let op = Params::new();
        let creds = Credentials::new("id", "secret");
        let extra = [("x-acs-retry-attempts", "2".to_owned())];
        let parts = RequestParts::new("A", VERSION, &op, "h").extra_headers(&extra);
        let v3 = sign(SignatureVersion::V3, &parts, &creds, stamp()).unwrap();
        assert_eq!(v3.header("x-acs-retry-attempts"), Some("2"));
        assert!(v3
            .header("authorization")
            .unwrap()
            .contains(";x-acs-retry-attempts;"));
        let plain = sign(
            SignatureVersion::V3,
            &RequestParts::new("A", VERSION, &op, "h"),
            &creds,
            stamp(),
        )
        .unwrap();
        assert_ne!(v3.signature, plain.signature);

        let v1 = sign(SignatureVersion::V1, &parts, &creds, stamp()).unwrap();
        assert_eq!(
            v1.headers,
            [
                ("x-acs-action", Cow::Borrowed("A")),
                ("x-acs-version", Cow::Borrowed(VERSION)),
                ("x-acs-retry-attempts", Cow::Owned("2".to_owned()))
            ]
        );
        assert!(v1.query.contains("&Signature="));
    }

    #[test]
    fn v3_refuses_credentials_a_header_cannot_carry() {
        let op = Params::new();
        let parts = RequestParts::new("A", VERSION, &op, "h");
        for creds in [
            Credentials::new("id", "s").with_security_token("tok\nen-secret-part"),
            Credentials::new("id", "s").with_security_token("tök-secret-part"),
            Credentials::new("i,d", "s"),
            Credentials::new("", "s"),
        ] {
            let err = sign(SignatureVersion::V3, &parts, &creds, stamp()).unwrap_err();
            assert!(matches!(err, Error::Credentials(_)), "{err:?}");
            let shown = format!("{err} {err:?}");
            assert!(shown.contains("SignatureVersion::V1"), "{shown}");
            assert!(!shown.contains("secret-part"), "{shown}");
            // V1 carries them in the query, encoded.
            assert!(sign(SignatureVersion::V1, &parts, &creds, stamp()).is_ok());
        }
        let bad = [("x-acs-retry-attempts", "1\r\nx: y".to_owned())];
        let err = sign(
            SignatureVersion::V3,
            &parts.extra_headers(&bad),
            &Credentials::new("id", "s"),
            stamp(),
        )
        .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }
}
