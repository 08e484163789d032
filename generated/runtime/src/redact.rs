//! Keeping secrets out of errors and logs.
//!
//! A service may echo what it received: an error message can quote the
//! string-to-sign, a proxy's error page the request URL. Every text the
//! runtime keeps from a response passes through a [`Redactor`] holding the
//! attempt's secrets (access key secret, security token, signature).

/// Replaces sensitive values (and their percent-encoded forms, as they appear
/// in an echoed string-to-sign) with `<redacted>`.
#[derive(Debug, Default)]
pub(crate) struct Redactor<'a> {
    secrets: Vec<&'a str>,
}

impl<'a> Redactor<'a> {
    pub(crate) fn new(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            secrets: secrets.into_iter().filter(|s| s.len() >= 4).collect(),
        }
    }

    pub(crate) fn apply(&self, text: &str) -> String {
        let mut out = text.to_owned();
        // An encoded form that differs from the secret contains `%`; a text
        // without one (a request id, most messages) can only hold the
        // secret as it is, and the encoded forms need not be computed.
        let may_hold_encoded_forms = text.contains('%');
        for secret in &self.secrets {
            if out.contains(secret) {
                out = out.replace(secret, "<redacted>");
            }
            if !may_hold_encoded_forms {
                continue;
            }
            let once = super::signer::percent_encode(secret);
            let twice = super::signer::percent_encode(&once);
            for form in [once.as_str(), twice.as_str()] {
                if out.contains(form) {
                    out = out.replace(form, "<redacted>");
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redactor_replaces_raw_and_encoded_forms() {
        let r = Redactor::new(["tok/en+1"]);
        let text = "a tok/en+1 b tok%2Fen%2B1 c tok%252Fen%252B1";
        assert_eq!(r.apply(text), "a <redacted> b <redacted> c <redacted>");
    }

    #[test]
    fn a_text_without_percent_signs_is_checked_for_the_raw_form() {
        let r = Redactor::new(["tok/en+1", "plainsecret"]);
        assert_eq!(r.apply("x tok/en+1 y"), "x <redacted> y");
        assert_eq!(r.apply("plainsecret!"), "<redacted>!");
        assert_eq!(r.apply("tok%2Fen%2B1"), "<redacted>");
        assert_eq!(r.apply("nothing here"), "nothing here");
    }
}
