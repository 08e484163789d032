//! The common parameters every request carries, built fresh for each attempt.

use rand::Rng;
use time::OffsetDateTime;

use crate::generated::product::API_VERSION;

use super::config::ResponseFormat;
use super::credentials::Credentials;
use super::params::Params;

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

/// All parameters of one attempt except `Signature`: the common ones
/// (`Action`, `Version`, `Format`, `AccessKeyId`, `SignatureMethod`,
/// `SignatureVersion`, `SignatureNonce`, `Timestamp`, and `SecurityToken`
/// with STS credentials) followed by the operation's own.
///
/// Operation parameters that reuse a common name are dropped: the common
/// ones are the protocol's and must not be overridden.
pub fn build_params(
    action: &str,
    operation: &Params,
    credentials: &Credentials,
    format: ResponseFormat,
    stamp: &AttemptStamp,
) -> Params {
    const COMMON: [&str; 10] = [
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
    let mut params = Params::with_capacity(operation.len() + 9);
    params.push("Action", action);
    params.push("Version", API_VERSION);
    params.push("Format", format.as_param());
    params.push("AccessKeyId", credentials.access_key_id());
    params.push("SignatureMethod", "HMAC-SHA1");
    params.push("SignatureVersion", "1.0");
    params.push("SignatureNonce", stamp.nonce.as_str());
    params.push("Timestamp", stamp.timestamp.as_str());
    if let Some(token) = credentials.security_token() {
        params.push("SecurityToken", token);
    }
    for (name, value) in operation.iter() {
        if !COMMON.contains(&name) {
            params.push(name, value);
        }
    }
    params
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
}
