//! An independent implementation of Alibaba Cloud signature V3
//! (`ACS3-HMAC-SHA256`), written from Alibaba's published description
//! (`shared/alibaba-rpc.md` §4, "Request syntax and signature method V3")
//! with `sha2` and `hmac` directly. Like [`crate::sigv1`], it shares no code
//! with the crate's signer, so that the mock server can catch mistakes in it.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::sigv1;

/// The algorithm name at the start of `Authorization` and the string to sign.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    to_hex(&Sha256::digest(data))
}

/// The parts of an `Authorization: ACS3-HMAC-SHA256 …` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// `Credential`: the access key id.
    pub credential: String,
    /// `SignedHeaders`, split on `;`.
    pub signed_headers: Vec<String>,
    /// `Signature`.
    pub signature: String,
}

/// Parses an `Authorization` header value; `None` unless it is
/// `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
pub fn parse_authorization(value: &str) -> Option<Authorization> {
    let rest = value.trim().strip_prefix(ALGORITHM)?.strip_prefix(' ')?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (key, val) = part.trim().split_once('=')?;
        match key {
            "Credential" => credential = Some(val.to_owned()),
            "SignedHeaders" => {
                signed_headers = Some(val.split(';').map(str::to_owned).collect::<Vec<_>>())
            }
            "Signature" => signature = Some(val.to_owned()),
            _ => return None,
        }
    }
    Some(Authorization {
        credential: credential?,
        signed_headers: signed_headers?,
        signature: signature?,
    })
}

/// The canonical request for `method` on `path`, with the decoded query
/// pairs, the request's headers (names lowercase) restricted to
/// `signed_headers`, and the body's hex SHA-256.
pub fn canonical_request(
    method: &str,
    path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    signed_headers: &[String],
    payload_sha256: &str,
) -> String {
    let mut sorted: Vec<&(String, String)> = query.iter().collect();
    sorted.sort_by(|a, b| {
        a.0.as_bytes()
            .cmp(b.0.as_bytes())
            .then(a.1.as_bytes().cmp(b.1.as_bytes()))
    });
    let pairs: Vec<(String, String)> = sorted
        .iter()
        .map(|(n, v)| (sigv1::encode(n), sigv1::encode(v)))
        .collect();
    let canonical_query = pairs
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut names: Vec<String> = signed_headers.iter().map(|n| n.to_lowercase()).collect();
    names.sort();
    names.dedup();
    let canonical_headers: String = names
        .iter()
        .map(|name| {
            let mut values: Vec<&str> = headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim())
                .collect();
            values.sort();
            format!("{name}:{}\n", values.join(","))
        })
        .collect();
    format!(
        "{method}\n{path}\n{canonical_query}\n{canonical_headers}\n{}\n{payload_sha256}",
        names.join(";")
    )
}

/// `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", sha256_hex(canonical_request.as_bytes()))
}

/// Hex HMAC-SHA256(secret, string_to_sign), keyed with the bare secret.
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes any key length");
    mac.update(string_to_sign.as_bytes());
    to_hex(&mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_round_trip() {
        let a = parse_authorization(
            "ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host;x-acs-date,Signature=ab12",
        )
        .unwrap();
        assert_eq!(a.credential, "id");
        assert_eq!(a.signed_headers, ["host", "x-acs-date"]);
        assert_eq!(a.signature, "ab12");
        assert!(
            parse_authorization("ACS3-HMAC-SHA1 Credential=a,SignedHeaders=b,Signature=c")
                .is_none()
        );
        assert!(parse_authorization("ACS3-HMAC-SHA256 Credential=a,Signature=c").is_none());
    }
}
