//! The common parameters every request carries, built fresh for each attempt.

use rand::Rng;
use time::OffsetDateTime;

use crate::generated::product::API_VERSION;

use super::config::ResponseFormat;
use super::credentials::Credentials;
use super::params::Params;
use super::signer;

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
            timestamp: format_timestamp(OffsetDateTime::now_utc()),
        }
    }
}

/// A fresh `SignatureNonce`: 128 random bits as 32 lowercase hex characters.
pub fn new_nonce() -> String {
    format!("{:032x}", rand::thread_rng().gen::<u128>())
}

/// Formats `at` (converted to UTC) as `YYYY-MM-DDThh:mm:ssZ`, with no
/// fraction and no offset, as the `Timestamp` parameter requires.
///
/// ```
/// use alibabacloud_domain::runtime::request::format_timestamp;
/// let t = time::macros::datetime!(2024-01-02 03:04:05.678 +01:00);
/// assert_eq!(format_timestamp(t), "2024-01-02T02:04:05Z");
/// ```
pub fn format_timestamp(at: OffsetDateTime) -> String {
    let utc = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
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
    operation: &'a Params,
    credentials: &'a Credentials,
    format: ResponseFormat,
    stamp: &'a AttemptStamp,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    let common = [
        ("Action", action),
        ("Version", API_VERSION),
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
    operation: &Params,
    credentials: &Credentials,
    format: ResponseFormat,
    stamp: &AttemptStamp,
) -> Params {
    let mut params = Params::with_capacity(operation.len() + 9);
    for (name, value) in signing_pairs(action, operation, credentials, format, stamp) {
        params.push(name, value);
    }
    params
}

/// One attempt's request, signed: what goes in the URL's query, what goes
/// in a form body (when the operation has body parameters), and the
/// signature itself (kept to redact echoes of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The query string, `Signature` included, without the leading `?`.
    pub query: String,
    /// The `application/x-www-form-urlencoded` body, when some parameters
    /// travel in it.
    pub form: Option<String>,
    /// The signature, Base64.
    pub signature: String,
}

/// Signs one attempt with signature V1 (HMAC-SHA1 over every parameter).
///
/// The parameters named in `form_fields` (and their flattened children,
/// `Name.1`, `Name.1.Field`, …) go in the form body instead of the query;
/// the signature covers both.
pub fn sign_v1(
    action: &str,
    operation: &Params,
    credentials: &Credentials,
    format: ResponseFormat,
    stamp: &AttemptStamp,
    form_fields: &[&str],
) -> SignedRequest {
    let pairs = signing_pairs(action, operation, credentials, format, stamp);
    if form_fields.is_empty() {
        let (query, signature) =
            signer::signed_query_and_signature(METHOD, pairs, credentials.access_key_secret());
        return SignedRequest {
            query,
            form: None,
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
    SignedRequest {
        query,
        form: Some(signer::canonical_query_string(body)),
        signature,
    }
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

    #[test]
    fn nonces_are_32_lowercase_hex_and_differ() {
        let a = new_nonce();
        assert_eq!(a.len(), 32);
        assert!(a
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        assert_ne!(a, new_nonce());
    }

    #[test]
    fn common_parameters_come_first_and_cannot_be_overridden() {
        let mut op = Params::new();
        op.push("DomainName", "example.com");
        op.push("Action", "Evil");
        let creds = Credentials::new("id", "secret").with_security_token("tok");
        let stamp = AttemptStamp {
            nonce: "n".into(),
            timestamp: "t".into(),
        };
        let p = build_params("QueryTaskList", &op, &creds, ResponseFormat::Xml, &stamp);
        assert_eq!(p.get("Action"), Some("QueryTaskList"));
        assert_eq!(p.iter().filter(|(n, _)| *n == "Action").count(), 1);
        assert_eq!(p.get("Version"), Some(API_VERSION));
        assert_eq!(p.get("Format"), Some("XML"));
        assert_eq!(p.get("SecurityToken"), Some("tok"));
        assert_eq!(p.get("DomainName"), Some("example.com"));
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
        op.push("DomainName", "example.com");
        op.push("Credentials.1.Type", "ID");
        let creds = Credentials::new("id", "secret");
        let stamp = AttemptStamp {
            nonce: "n".into(),
            timestamp: "t".into(),
        };
        let all = sign_v1("A", &op, &creds, ResponseFormat::Json, &stamp, &[]);
        let split = sign_v1(
            "A",
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
        assert!(split.query.contains("DomainName=example.com"));
    }
}
