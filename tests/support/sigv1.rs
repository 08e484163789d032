//! An independent implementation of Alibaba Cloud signature V1, written from
//! the documented algorithm (`shared/alibaba-rpc.md` §4) with `hmac`, `sha1`
//! and `base64` directly. It deliberately shares no code with the crate's
//! signer, so that the mock server can catch mistakes in it.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// RFC 3986 strict encoding: keep `A-Z a-z 0-9 - _ . ~`, every other UTF-8
/// byte becomes `%XX` with uppercase hex.
pub fn encode(input: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(input.len() * 3);
    for &byte in input.as_bytes() {
        let unreserved = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~');
        if unreserved {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 0x0f)] as char);
        }
    }
    out
}

/// Decodes one `application/x-www-form-urlencoded` / query component:
/// `%XX` escapes and `+` for space; malformed escapes are kept literally.
pub fn decode(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Splits a query string or form body into decoded `(name, value)` pairs.
pub fn parse_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((name, value)) => (decode(name), decode(value)),
            None => (decode(part), String::new()),
        })
        .collect()
}

/// The StringToSign for `params` (every pair except `Signature`).
pub fn string_to_sign(method: &str, params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> =
        params.iter().filter(|(n, _)| n != "Signature").collect();
    sorted.sort_by(|a, b| {
        a.0.as_bytes()
            .cmp(b.0.as_bytes())
            .then(a.1.as_bytes().cmp(b.1.as_bytes()))
    });
    let canonical = sorted
        .iter()
        .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    format!("{method}&{}&{}", encode("/"), encode(&canonical))
}

/// Base64(HMAC-SHA1(secret + "&", string_to_sign)).
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    let key = format!("{secret}&");
    let mut mac =
        <Hmac<Sha1> as Mac>::new_from_slice(key.as_bytes()).expect("HMAC takes any key length");
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_edge_cases() {
        let s = "例子 a*b~c/d+e=f&g.com";
        assert_eq!(
            encode(s),
            "%E4%BE%8B%E5%AD%90%20a%2Ab~c%2Fd%2Be%3Df%26g.com"
        );
        assert_eq!(decode(&encode(s)), s);
        assert_eq!(decode("a+b%2"), "a b%2");
        assert_eq!(decode("%zz"), "%zz");
    }
}
