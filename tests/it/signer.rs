//! Signature V1: known-answer vectors and encoding edge cases, checked
//! against both the crate's signer and the mock server's independent one.

use alibabacloud_domain::runtime::signer::{
    canonical_query_string, percent_encode, sign, signed_query_string, string_to_sign,
};
use alibabacloud_domain_tests::sigv1;

fn ecs_params() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AccessKeyId", "testid"),
        ("Action", "DescribeRegions"),
        ("Format", "XML"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2016-02-23T12:46:24Z"),
        ("Version", "2014-05-26"),
    ]
}

fn domain_params() -> Vec<(&'static str, &'static str)> {
    // Deliberately not in sorted order.
    vec![
        ("Version", "2018-01-29"),
        ("UseCoupon", "false"),
        ("Timestamp", "2024-01-02T03:04:05Z"),
        ("SubscriptionDuration", "1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", "nonce-1"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("Lang", "zh"),
        ("Format", "json"),
        ("DomainName", "例子 a*b~c/d+e=f&g.com"),
        ("CurrentExpirationDate", "1700000000000"),
        ("Action", "SaveSingleTaskForCreatingOrderRenew"),
        ("AccessKeyId", "testid"),
    ]
}

fn owned(params: &[(&str, &str)]) -> Vec<(String, String)> {
    params
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

#[test]
fn ecs_documentation_example() {
    let expected_sts = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26";
    assert_eq!(string_to_sign("GET", ecs_params()), expected_sts);
    assert_eq!(
        sign("GET", ecs_params(), "testsecret"),
        "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    );
    // The mock's independent implementation agrees.
    assert_eq!(
        sigv1::string_to_sign("GET", &owned(&ecs_params())),
        expected_sts
    );
    assert_eq!(
        sigv1::signature("testsecret", expected_sts),
        "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    );
}

#[test]
fn domain_vector_post_and_get() {
    assert_eq!(
        sign("POST", domain_params(), "testsecret"),
        "k+IRIAQewMQ7V8RM5SoH7J5VRlM="
    );
    assert_eq!(
        sign("GET", domain_params(), "testsecret"),
        "QlMcszBSdPVY/N7OHu9xeQBdmDo="
    );
    let cqs = canonical_query_string(domain_params());
    assert!(
        cqs.contains("&DomainName=%E4%BE%8B%E5%AD%90%20a%2Ab~c%2Fd%2Be%3Df%26g.com&"),
        "{cqs}"
    );
    assert!(cqs.starts_with("AccessKeyId=testid&Action=SaveSingleTaskForCreatingOrderRenew&"));
    for (method, expected) in [
        ("POST", "k+IRIAQewMQ7V8RM5SoH7J5VRlM="),
        ("GET", "QlMcszBSdPVY/N7OHu9xeQBdmDo="),
    ] {
        let sts = sigv1::string_to_sign(method, &owned(&domain_params()));
        assert_eq!(sigv1::signature("testsecret", &sts), expected);
    }
}

#[test]
fn signed_query_carries_the_encoded_signature_once() {
    let query = signed_query_string("POST", domain_params(), "testsecret");
    assert!(
        query.ends_with("&Signature=k%2BIRIAQewMQ7V8RM5SoH7J5VRlM%3D"),
        "{query}"
    );
    // The query decodes to the same parameters, which verify.
    let pairs = sigv1::parse_pairs(&query);
    assert_eq!(pairs.len(), domain_params().len() + 1);
    let sts = sigv1::string_to_sign("POST", &pairs);
    let sent = pairs
        .iter()
        .find(|(n, _)| n == "Signature")
        .map(|(_, v)| v.as_str());
    assert_eq!(sent, Some(sigv1::signature("testsecret", &sts).as_str()));
}

#[test]
fn percent_encoding_edge_cases() {
    let cases = [
        (" ", "%20"),
        ("*", "%2A"),
        ("~", "~"),
        ("+", "%2B"),
        ("/", "%2F"),
        (":", "%3A"),
        ("=", "%3D"),
        ("&", "%26"),
        ("%", "%25"),
        ("例", "%E4%BE%8B"),
        ("é", "%C3%A9"),
        ("😀", "%F0%9F%98%80"),
        ("AZaz09-_.", "AZaz09-_."),
        ("\n", "%0A"),
        ("", ""),
    ];
    for (input, expected) in cases {
        assert_eq!(percent_encode(input), expected, "{input:?}");
        assert_eq!(sigv1::encode(input), expected, "mock encoder, {input:?}");
    }
    // Hex is uppercase, never `%2a`.
    assert!(!percent_encode("*/:")
        .chars()
        .any(|c| c.is_ascii_lowercase()));
}

#[test]
fn names_sort_bytewise_so_ten_comes_before_two() {
    let cqs = canonical_query_string([
        ("DomainName.2", "b.com"),
        ("DomainName.10", "j.com"),
        ("DomainName.1", "a.com"),
        ("Lang", "en"),
        ("lang", "x"),
    ]);
    assert_eq!(
        cqs,
        "DomainName.1=a.com&DomainName.10=j.com&DomainName.2=b.com&Lang=en&lang=x"
    );
}

#[test]
fn empty_values_are_kept_and_signature_is_excluded() {
    assert_eq!(
        canonical_query_string([("B", ""), ("A", "1"), ("Signature", "x")]),
        "A=1&B="
    );
}

#[test]
fn method_and_secret_change_the_signature() {
    let post = sign("POST", domain_params(), "testsecret");
    assert_ne!(post, sign("GET", domain_params(), "testsecret"));
    assert_ne!(post, sign("POST", domain_params(), "testsecret2"));
    let mut changed = domain_params();
    changed[0] = ("Version", "2017-12-18");
    assert_ne!(post, sign("POST", changed, "testsecret"));
}

/// A small deterministic generator (xorshift) so the comparison below needs
/// no extra dependency and always checks the same inputs.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn string(&mut self) -> String {
        const ALPHABET: [&str; 24] = [
            "a", "Z", "0", "9", "-", "_", ".", "~", " ", "*", "+", "/", "=", "&", "%", ":", "?",
            "#", "例", "é", "😀", "\"", "'", ",",
        ];
        let len = (self.next() % 12) as usize;
        (0..len)
            .map(|_| ALPHABET[(self.next() % ALPHABET.len() as u64) as usize])
            .collect()
    }
}

#[test]
fn crate_signer_and_mock_signer_agree_on_generated_inputs() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for round in 0..500 {
        let count = (rng.next() % 8) as usize;
        let params: Vec<(String, String)> = (0..count)
            .map(|i| (format!("{}{i}", rng.string()), rng.string()))
            .collect();
        let borrowed: Vec<(&str, &str)> = params
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let method = if round % 2 == 0 { "POST" } else { "GET" };
        let ours = string_to_sign(method, borrowed.iter().copied());
        let theirs = sigv1::string_to_sign(method, &params);
        assert_eq!(ours, theirs, "{params:?}");
        assert_eq!(
            sign(method, borrowed.iter().copied(), "s3cr3t"),
            sigv1::signature("s3cr3t", &theirs)
        );
    }
}
