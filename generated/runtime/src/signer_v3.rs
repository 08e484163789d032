//! Alibaba Cloud signature V3 (`ACS3-HMAC-SHA256`), the official SDKs'
//! default.
//!
//! Everything here is a pure function of its inputs, so it can be tested
//! against known-answer vectors and benchmarked without a network:
//!
//! 1. the **canonical request** is
//!    `METHOD \n / \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload`,
//!    where the canonical query is built exactly as for V1 (names sorted
//!    byte-wise, names and values strictly percent-encoded, `&`-joined; see
//!    [`super::signer::canonical_query_string`]),
//!    each canonical header is `lowercase-name:trimmed-value\n` in name
//!    order, the signed headers are those names joined with `;`, and the
//!    hashed payload is the lowercase hex SHA-256 of the body (also sent as
//!    `x-acs-content-sha256`);
//! 2. `StringToSign = "ACS3-HMAC-SHA256\n" + hex(SHA-256(canonical request))`;
//! 3. the signature is the lowercase hex HMAC-SHA256 of it, keyed with the
//!    access key secret (no `&` appended, unlike V1);
//! 4. it travels in the `Authorization` header:
//!    `ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>`.
//!
//! The signature covers every header passed in; the caller decides which
//! (`host`, `content-type` and every `x-acs-*` header must be among them).
//!
//! ```
//! use alibabacloud_runtime::unstable::signer_v3::{self, EMPTY_PAYLOAD_SHA256};
//!
//! let headers = [
//!     ("host", "ecs.aliyuncs.com"),
//!     ("x-acs-action", "DescribeInstances"),
//!     ("x-acs-content-sha256", EMPTY_PAYLOAD_SHA256),
//! ];
//! let signed = signer_v3::sign(
//!     "POST",
//!     [("RegionId", "cn-hangzhou")],
//!     &headers,
//!     EMPTY_PAYLOAD_SHA256,
//!     "my-access-key-id",
//!     "my-secret",
//! );
//! assert_eq!(signed.signed_headers, "host;x-acs-action;x-acs-content-sha256");
//! assert_eq!(signed.signature.len(), 64);
//! assert!(signed.authorization.starts_with("ACS3-HMAC-SHA256 Credential=my-access-key-id,"));
//! ```

use std::borrow::Cow;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::signer;

/// The signature algorithm: the first word of the `Authorization` header and
/// of the string to sign.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// The hex SHA-256 of an empty body, the `x-acs-content-sha256` of every
/// request without one.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// Lowercase hex of a 32-byte digest, on the stack.
fn hex32(digest: &[u8]) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (pair, &byte) in out.chunks_exact_mut(2).zip(digest) {
        pair[0] = LOWER_HEX[usize::from(byte >> 4)];
        pair[1] = LOWER_HEX[usize::from(byte & 0x0f)];
    }
    out
}

/// Lowercase hex of a 32-byte digest, as a string.
fn hex(digest: &[u8]) -> String {
    let text = hex32(digest);
    // Hex digits are ASCII, so this never falls back to the empty string.
    std::str::from_utf8(&text).unwrap_or_default().to_owned()
}

/// The lowercase hex SHA-256 of `payload`: the `x-acs-content-sha256` header
/// and the last line of the canonical request.
///
/// ```
/// use alibabacloud_runtime::unstable::signer_v3::{payload_sha256, EMPTY_PAYLOAD_SHA256};
/// assert_eq!(payload_sha256(b""), EMPTY_PAYLOAD_SHA256);
/// ```
pub fn payload_sha256(payload: &[u8]) -> String {
    if payload.is_empty() {
        return EMPTY_PAYLOAD_SHA256.to_owned();
    }
    hex(&Sha256::digest(payload))
}

/// The headers to sign, lowercased, trimmed, sorted by name, with repeated
/// names merged (their values sorted and joined with `,`).
fn canonical_headers<'a>(headers: &'a [(&'a str, &'a str)]) -> Vec<(Cow<'a, str>, Cow<'a, str>)> {
    let mut sorted: Vec<(Cow<'a, str>, &'a str)> = headers
        .iter()
        .map(|(name, value)| {
            let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(*name)
            };
            (name, value.trim())
        })
        .collect();
    sorted.sort_unstable();
    let mut merged: Vec<(Cow<'a, str>, Cow<'a, str>)> = Vec::with_capacity(sorted.len());
    for (name, value) in sorted {
        match merged.last_mut() {
            Some((last, joined)) if *last == name => {
                let mut both = joined.to_string();
                both.push(',');
                both.push_str(value);
                *joined = Cow::Owned(both);
            }
            _ => merged.push((name, Cow::Borrowed(value))),
        }
    }
    merged
}

/// Calls `f` with `headers` in canonical form: the runtime passes its
/// headers so (lowercase names in strictly increasing order, trimmed
/// values), and then they are used as they are; anything else is
/// canonicalized first.
fn with_canonical_headers<R>(headers: &[(&str, &str)], f: impl FnOnce(&[(&str, &str)]) -> R) -> R {
    let canonical = headers.windows(2).all(|pair| pair[0].0 < pair[1].0)
        && headers.iter().all(|(name, value)| {
            !name.bytes().any(|b| b.is_ascii_uppercase()) && value.trim() == *value
        });
    if canonical {
        return f(headers);
    }
    let merged = canonical_headers(headers);
    let borrowed: Vec<(&str, &str)> = merged
        .iter()
        .map(|(n, v)| (n.as_ref(), v.as_ref()))
        .collect();
    f(&borrowed)
}

/// Writes the canonical request into `out`.
fn write_canonical_request(
    out: &mut String,
    method: &str,
    canonical_query: &str,
    headers: &[(&str, &str)],
    signed_headers: &str,
    payload_sha256: &str,
) {
    out.push_str(method);
    out.push_str("\n/\n");
    out.push_str(canonical_query);
    out.push('\n');
    for (name, value) in headers {
        out.push_str(name);
        out.push(':');
        out.push_str(value);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(signed_headers);
    out.push('\n');
    out.push_str(payload_sha256);
}

fn signed_header_names(headers: &[(&str, &str)]) -> String {
    let mut names = String::with_capacity(headers.iter().map(|(n, _)| n.len() + 1).sum());
    for (index, (name, _)) in headers.iter().enumerate() {
        if index > 0 {
            names.push(';');
        }
        names.push_str(name);
    }
    names
}

/// A canonical request, with the list of headers it signs.
///
/// `Debug` shows the signed header names and the length of the text, not
/// the text, which holds the security token when one is signed.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CanonicalRequest {
    /// The canonical request itself (six parts separated by newlines).
    pub text: String,
    /// The signed header names, lowercase, sorted, joined with `;`.
    pub signed_headers: String,
}

impl std::fmt::Debug for CanonicalRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CanonicalRequest")
            .field("text_len", &self.text.len())
            .field("signed_headers", &self.signed_headers)
            .finish()
    }
}

/// The canonical request for `method` (the real HTTP method) on `/`, with
/// query parameters `params` (names and values unencoded; sorted and
/// encoded here), the headers to sign and the body's hex SHA-256.
///
/// It contains the security token when one is signed, so never log it.
pub fn canonical_request<'a, I>(
    method: &str,
    params: I,
    headers: &[(&str, &str)],
    payload_sha256: &str,
) -> CanonicalRequest
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    build(method, params, headers, payload_sha256).1
}

/// The canonical query (also the query sent) and the canonical request.
fn build<'a, I>(
    method: &str,
    params: I,
    headers: &[(&str, &str)],
    payload_sha256: &str,
) -> (String, CanonicalRequest)
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let query = canonical_query(params);
    let request = with_canonical_headers(headers, |headers| {
        let signed_headers = signed_header_names(headers);
        let mut text = String::with_capacity(
            method.len()
                + query.len()
                + signed_headers.len()
                + payload_sha256.len()
                + headers
                    .iter()
                    .map(|(n, v)| n.len() + v.len() + 2)
                    .sum::<usize>()
                + 8,
        );
        write_canonical_request(
            &mut text,
            method,
            &query,
            headers,
            &signed_headers,
            payload_sha256,
        );
        CanonicalRequest {
            text,
            signed_headers,
        }
    });
    (query, request)
}

/// The query as V3 signs it, which is also what goes on the wire: V1's
/// canonical query string (a `Signature` pair is not special in V3, but the
/// runtime never sends one).
fn canonical_query<'a, I>(params: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut pairs: Vec<(&str, &str)> = params.into_iter().collect();
    pairs.sort_unstable_by(signer::pair_order);
    let mut out = String::with_capacity(pairs.iter().map(|(n, v)| n.len() + v.len() + 8).sum());
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        signer::encode_into(&mut out, name);
        out.push('=');
        signer::encode_into(&mut out, value);
    }
    out
}

/// `ACS3-HMAC-SHA256\n` followed by the hex SHA-256 of `canonical_request`.
pub fn string_to_sign(canonical_request: &str) -> String {
    let hash = hex(&Sha256::digest(canonical_request.as_bytes()));
    let mut out = String::with_capacity(ALGORITHM.len() + 1 + hash.len());
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(&hash);
    out
}

/// The signature: lowercase hex of HMAC-SHA256 over `string_to_sign`, keyed
/// with the access key secret itself.
pub fn signature(access_key_secret: &str, string_to_sign: &str) -> String {
    signature_over(access_key_secret, &[string_to_sign.as_bytes()])
}

/// [`signature`] over the concatenation of `parts`, which need not be
/// joined first.
fn signature_over(access_key_secret: &str, parts: &[&[u8]]) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(access_key_secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC-SHA256 accepts keys of any length"),
    };
    for part in parts {
        mac.update(part);
    }
    hex(&mac.finalize().into_bytes())
}

/// The `Authorization` header value.
pub fn authorization(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    const CREDENTIAL: &str = " Credential=";
    const SIGNED_HEADERS: &str = ",SignedHeaders=";
    const SIGNATURE: &str = ",Signature=";
    // Exactly as long as it will be, so that the HTTP client can take the
    // text as it is.
    let mut out = String::with_capacity(
        ALGORITHM.len()
            + CREDENTIAL.len()
            + access_key_id.len()
            + SIGNED_HEADERS.len()
            + signed_headers.len()
            + SIGNATURE.len()
            + signature.len(),
    );
    out.push_str(ALGORITHM);
    out.push_str(CREDENTIAL);
    out.push_str(access_key_id);
    out.push_str(SIGNED_HEADERS);
    out.push_str(signed_headers);
    out.push_str(SIGNATURE);
    out.push_str(signature);
    debug_assert_eq!(out.len(), out.capacity());
    out
}

/// The result of [`sign`].
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct V3Signature {
    /// The query string to send (without `?`): the canonical query, which
    /// decodes to exactly the parameters signed.
    pub query: String,
    /// The signed header names, `;`-separated.
    pub signed_headers: String,
    /// The signature, 64 lowercase hex characters.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

impl std::fmt::Debug for V3Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("V3Signature")
            .field("signed_headers", &self.signed_headers)
            .finish_non_exhaustive()
    }
}

/// Signs a request: `params` go in the query, `headers` are all signed, and
/// `payload_sha256` is the body's hex SHA-256 ([`EMPTY_PAYLOAD_SHA256`]
/// without a body).
///
/// The canonical request is built as [`canonical_request`] builds it, and
/// hashed in one pass.
pub fn sign<'a, I>(
    method: &str,
    params: I,
    headers: &[(&str, &str)],
    payload_sha256: &str,
    access_key_id: &str,
    access_key_secret: &str,
) -> V3Signature
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    // The canonical request is written out once and hashed in one pass
    // (cheaper than feeding the hash thirty short pieces); the string to
    // sign is hashed where it lies, never built.
    let (query, canonical) = build(method, params, headers, payload_sha256);
    let CanonicalRequest {
        text,
        signed_headers,
    } = canonical;
    let hash = hex32(&Sha256::digest(text.as_bytes()));
    let signature = signature_over(access_key_secret, &[ALGORITHM.as_bytes(), b"\n", &hash]);
    let authorization = authorization(access_key_id, &signed_headers, &signature);
    V3Signature {
        query,
        signed_headers,
        signature,
        authorization,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Alibaba's worked example (see `tests/it/signer.rs` for where it is
    /// from and what is wrong around it).
    #[test]
    fn alibaba_worked_example() {
        let headers = [
            ("host", "ecs.cn-shanghai.aliyuncs.com"),
            ("x-acs-action", "RunInstances"),
            ("x-acs-content-sha256", EMPTY_PAYLOAD_SHA256),
            ("x-acs-date", "2023-10-26T10:22:32Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-version", "2014-05-26"),
        ];
        let params = [
            ("RegionId", "cn-shanghai"),
            (
                "ImageId",
                "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
            ),
        ];
        let canonical = canonical_request("POST", params, &headers, EMPTY_PAYLOAD_SHA256);
        assert_eq!(
            string_to_sign(&canonical.text),
            "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
        );
        let signed = sign(
            "POST",
            params,
            &headers,
            EMPTY_PAYLOAD_SHA256,
            "YourAccessKeyId",
            "YourAccessKeySecret",
        );
        assert_eq!(
            signed.signature,
            "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
        assert_eq!(
            signed.query,
            "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai"
        );
    }

    #[test]
    fn headers_in_canonical_order_sign_as_any_order_does() {
        let canonical = [
            ("accept", "application/json"),
            ("host", "h"),
            ("x-acs-action", "A"),
            ("x-acs-date", "2024-01-02T03:04:05Z"),
        ];
        let mut shuffled = canonical;
        shuffled.reverse();
        shuffled[0].0 = "X-Acs-Date";
        shuffled[1].1 = " A ";
        let sign_with = |headers: &[(&str, &str)]| {
            sign(
                "POST",
                [("B", "2"), ("A", "1")],
                headers,
                EMPTY_PAYLOAD_SHA256,
                "id",
                "secret",
            )
        };
        assert_eq!(sign_with(&canonical), sign_with(&shuffled));
        assert_eq!(
            sign_with(&canonical).signed_headers,
            "accept;host;x-acs-action;x-acs-date"
        );
        // A repeated name is merged, in or out of order.
        let repeated = [("host", "h"), ("x-acs-b", "two"), ("x-acs-b", "one")];
        let canonical_request = canonical_request("POST", [], &repeated, EMPTY_PAYLOAD_SHA256);
        assert!(canonical_request.text.contains("x-acs-b:one,two\n"));
    }

    #[test]
    fn headers_are_lowercased_trimmed_sorted_and_merged() {
        let headers = [
            ("X-Acs-B", " two "),
            ("host", "h"),
            ("x-acs-b", "one"),
            ("Content-Type", "\tapplication/x-www-form-urlencoded "),
        ];
        let canonical = canonical_request("POST", [], &headers, EMPTY_PAYLOAD_SHA256);
        assert_eq!(
            canonical.text,
            format!(
                "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:h\nx-acs-b:one,two\n\ncontent-type;host;x-acs-b\n{EMPTY_PAYLOAD_SHA256}"
            )
        );
        assert_eq!(canonical.signed_headers, "content-type;host;x-acs-b");
        let token = canonical_request("POST", [], &[("x-acs-security-token", "CAIS-value")], "");
        assert!(token.text.contains("CAIS-value"));
        assert!(!format!("{token:?}").contains("CAIS-value"));
    }

    #[test]
    fn the_signature_is_the_hmac_of_the_canonical_requests_string_to_sign() {
        let headers = [("host", "h"), ("x-acs-date", "d")];
        let params = [("B", "例 *~"), ("A", "")];
        let canonical = canonical_request("POST", params, &headers, EMPTY_PAYLOAD_SHA256);
        let expected = signature("s", &string_to_sign(&canonical.text));
        let signed = sign("POST", params, &headers, EMPTY_PAYLOAD_SHA256, "id", "s");
        assert_eq!(signed.signature, expected);
        assert_eq!(signed.query, "A=&B=%E4%BE%8B%20%2A~");
        assert!(!format!("{signed:?}").contains(&expected));
    }

    #[test]
    fn payload_hash() {
        assert_eq!(
            payload_sha256(b"InstanceName=example-1"),
            "507f2e3f75e1554f4c781b935b58a300538cd34e54ea19debf96645ca06210b0"
        );
        assert_eq!(hex(&Sha256::digest(b"")), EMPTY_PAYLOAD_SHA256);
    }
}
