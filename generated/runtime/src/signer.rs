//! Alibaba Cloud signature version 1 (`HMAC-SHA1`) for RPC-style requests.
//!
//! Everything here is a pure function of its inputs, so it can be tested
//! against known-answer vectors and benchmarked without a network:
//!
//! 1. every parameter except `Signature` is sorted by name (plain byte
//!    order, so `InstanceId.10` sorts before `InstanceId.2`);
//! 2. names and values are percent-encoded (RFC 3986, strict) and joined as
//!    `name=value` pairs with `&`: the canonicalized query string;
//! 3. `StringToSign = METHOD + "&%2F&" + percent_encode(canonical query)`;
//! 4. the signature is Base64 of HMAC-SHA1 over it, keyed with the access
//!    key secret followed by `&`.
//!
//! ```
//! use alibabacloud_runtime::unstable::signer;
//!
//! let params = [("Action", "DescribeRegions"), ("AccessKeyId", "testid")];
//! let signature = signer::sign("GET", params, "testsecret");
//! assert_eq!(signature.len(), 28);
//! ```

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Whether a byte is left as it is: `A-Z a-z 0-9 - _ . ~`; every other
/// byte is written as `%XX` with uppercase hex.
const fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
}

const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The name of the parameter that carries the signature.
pub const SIGNATURE_PARAM: &str = "Signature";

/// Percent-encodes `input` (its UTF-8 bytes) the strict RFC 3986 way that the
/// signature requires: space becomes `%20`, `*` becomes `%2A`, `~` stays.
///
/// ```
/// use alibabacloud_runtime::unstable::signer::percent_encode;
/// assert_eq!(percent_encode("a b*c~d/例"), "a%20b%2Ac~d%2F%E4%BE%8B");
/// ```
pub fn percent_encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 2);
    encode_into(&mut out, input);
    out
}

/// Appends the strict percent-encoding of `input` to `out`.
pub fn encode_into(out: &mut String, input: &str) {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        if is_unreserved(byte) {
            continue;
        }
        if start < index {
            // `start..index` holds only unreserved ASCII, so both ends are
            // character boundaries.
            out.push_str(&input[start..index]);
        }
        out.push('%');
        out.push(char::from(UPPER_HEX[usize::from(byte >> 4)]));
        out.push(char::from(UPPER_HEX[usize::from(byte & 0x0f)]));
        start = index + 1;
    }
    out.push_str(&input[start..]);
}

/// Orders two `(name, value)` pairs as their tuples compare (names byte by
/// byte, then values), looking at the names' first bytes before comparing
/// whole strings: parameter names mostly differ there, and this runs for
/// every call.
pub(crate) fn pair_order(a: &(&str, &str), b: &(&str, &str)) -> std::cmp::Ordering {
    let first = |s: &str| s.as_bytes().first().copied();
    first(a.0).cmp(&first(b.0)).then_with(|| a.cmp(b))
}

/// Sorts `(name, value)` pairs by name (byte order, then by value so that
/// the order of repeated names is deterministic), leaving out `Signature`.
fn sorted<'a, I>(params: I) -> Vec<(&'a str, &'a str)>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut pairs: Vec<(&str, &str)> = params
        .into_iter()
        .filter(|(name, _)| *name != SIGNATURE_PARAM)
        .collect();
    pairs.sort_unstable_by(pair_order);
    pairs
}

/// Appends `input` to the canonical query (`query`, encoded once) and to the
/// string to sign (`to_sign`, encoded twice: an escape `%XX` becomes
/// `%25XX`), in one pass.
fn encode_both(query: &mut Vec<u8>, to_sign: &mut Vec<u8>, input: &[u8]) {
    let mut start = 0;
    for (index, &byte) in input.iter().enumerate() {
        if is_unreserved(byte) {
            continue;
        }
        let run = &input[start..index];
        let hex = [
            UPPER_HEX[usize::from(byte >> 4)],
            UPPER_HEX[usize::from(byte & 0x0f)],
        ];
        query.extend_from_slice(run);
        query.push(b'%');
        query.extend_from_slice(&hex);
        to_sign.extend_from_slice(run);
        to_sign.extend_from_slice(b"%25");
        to_sign.extend_from_slice(&hex);
        start = index + 1;
    }
    query.extend_from_slice(&input[start..]);
    to_sign.extend_from_slice(&input[start..]);
}

/// The canonical query string and the string to sign, built together.
struct Canonical {
    query: String,
    to_sign: String,
}

fn canonicalize<'a, I>(method: &str, params: I) -> Canonical
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let pairs = sorted(params);
    let estimate: usize = pairs.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let mut query = Vec::with_capacity(estimate + estimate / 4 + 32);
    let mut to_sign = Vec::with_capacity(method.len() + 5 + estimate * 3 / 2);
    to_sign.extend_from_slice(method.as_bytes());
    to_sign.extend_from_slice(b"&%2F&");
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            query.push(b'&');
            to_sign.extend_from_slice(b"%26");
        }
        encode_both(&mut query, &mut to_sign, name.as_bytes());
        query.push(b'=');
        to_sign.extend_from_slice(b"%3D");
        encode_both(&mut query, &mut to_sign, value.as_bytes());
    }
    // Both buffers hold the method plus ASCII written above; the method is
    // a `&str`, so they are UTF-8 and the lossy path is never taken.
    Canonical {
        query: String::from_utf8(query)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        to_sign: String::from_utf8(to_sign)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

/// The canonicalized query string: the parameters (except `Signature`)
/// sorted by name, each name and value percent-encoded, joined with `&`.
pub fn canonical_query_string<'a, I>(params: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    canonicalize("", params).query
}

/// The string the signature is computed over:
/// `METHOD&%2F&percent_encode(canonical_query_string)`.
///
/// `method` must be the HTTP method the request is really sent with.
pub fn string_to_sign<'a, I>(method: &str, params: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    canonicalize(method, params).to_sign
}

fn hmac_base64(access_key_secret: &str, string_to_sign: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha1>::new_from_slice(format!("{access_key_secret}&").as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC-SHA1 accepts keys of any length"),
    };
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The signature value (Base64 of HMAC-SHA1) for `params` sent with
/// `method`, keyed with `access_key_secret` + `&`.
///
/// A `Signature` pair in `params`, if any, is ignored.
pub fn sign<'a, I>(method: &str, params: I, access_key_secret: &str) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    hmac_base64(access_key_secret, &string_to_sign(method, params))
}

/// The complete query string to send: the canonical query string followed by
/// `&Signature=<encoded signature>`.
///
/// The result is what goes after `?` in the request URL. It contains the
/// signature (and the security token, when there is one), so never log it.
///
/// ```
/// use alibabacloud_runtime::unstable::signer::signed_query_string;
///
/// let query = signed_query_string("POST", [("Action", "DescribeRegions")], "secret");
/// assert!(query.starts_with("Action=DescribeRegions&Signature="));
/// ```
pub fn signed_query_string<'a, I>(method: &str, params: I, access_key_secret: &str) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    signed_query_and_signature(method, params, access_key_secret).0
}

/// Like [`signed_query_string`], also returning the raw signature (which
/// the client needs in order to keep it out of error messages).
pub(crate) fn signed_query_and_signature<'a, I>(
    method: &str,
    params: I,
    access_key_secret: &str,
) -> (String, String)
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let Canonical { mut query, to_sign } = canonicalize(method, params);
    let signature = hmac_base64(access_key_secret, &to_sign);
    if !query.is_empty() {
        query.push('&');
    }
    query.push_str(SIGNATURE_PARAM);
    query.push('=');
    encode_into(&mut query, &signature);
    (query, signature)
}

/// Decodes `%XX` escapes; `None` for a broken escape or invalid UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A fresh `SignatureNonce`: 128 random bits as 32 lowercase hex characters.
pub fn new_nonce() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bits = rand::Rng::gen::<u128>(&mut rand::thread_rng());
    let mut text = [0u8; 32];
    for (index, digit) in text.iter_mut().enumerate() {
        *digit = HEX[(bits >> (4 * (31 - index))) as usize & 0xf];
    }
    // Hex digits are ASCII, so this never falls back to the empty string.
    std::str::from_utf8(&text).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ecs_params() -> Vec<(&'static str, &'static str)> {
        vec![
            ("Version", "2014-05-26"),
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("Format", "XML"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2016-02-23T12:46:24Z"),
        ]
    }

    #[test]
    fn pair_order_is_the_tuples_order() {
        let pairs = [
            ("", ""),
            ("", "a"),
            ("A", "2"),
            ("A", "10"),
            ("AB", ""),
            ("Ab", "x"),
            ("B", ""),
            ("a", ""),
            ("Name.1", "z"),
            ("Name.10", "a"),
            ("Name.2", "m"),
            ("例子", "1"),
            ("例", "1"),
        ];
        for a in &pairs {
            for b in &pairs {
                assert_eq!(pair_order(a, b), a.cmp(b), "{a:?} against {b:?}");
            }
        }
    }

    #[test]
    fn ecs_documentation_vector() {
        assert_eq!(
            string_to_sign("GET", ecs_params()),
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
        );
        assert_eq!(
            sign("GET", ecs_params(), "testsecret"),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
        );
    }

    #[test]
    fn signature_is_not_its_own_input_and_is_encoded_in_the_query() {
        let mut with_signature = ecs_params();
        with_signature.push(("Signature", "ignored"));
        assert_eq!(
            sign("GET", with_signature.iter().copied(), "testsecret"),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
        );
        let query = signed_query_string("GET", with_signature, "testsecret");
        assert!(
            query.ends_with("&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D"),
            "{query}"
        );
        assert_eq!(query.matches("Signature=").count(), 1);
    }

    #[test]
    fn empty_parameter_list() {
        assert_eq!(canonical_query_string([]), "");
        assert!(signed_query_string("POST", [], "s").starts_with("Signature="));
    }
}
