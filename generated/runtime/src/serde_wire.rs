//! Reading a generated enum's wire value with serde (the product crate's
//! `serde` feature): the value is text on the wire, but a JSON document
//! written by hand may hold an integer-coded value as a number.

/// A wire value for a generated enum's `Deserialize`: a string, or a number
/// or boolean as its text.
pub fn wire_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Text;

    impl serde::de::Visitor<'_> for Text {
        type Value = String;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string, number or boolean")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }

        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<String, E> {
            Ok(v.to_string())
        }
    }

    deserializer.deserialize_any(Text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn wire_text_reads_strings_numbers_and_booleans() {
        let text = |json: &str| {
            super::wire_text(&mut serde_json::Deserializer::from_str(json))
                .map_err(|e| e.to_string())
        };
        assert_eq!(text(r#""OPEN""#).as_deref(), Ok("OPEN"));
        assert_eq!(text("2").as_deref(), Ok("2"));
        assert_eq!(text("-1").as_deref(), Ok("-1"));
        assert_eq!(text("true").as_deref(), Ok("true"));
        assert!(text("[1]").is_err());
    }
}
