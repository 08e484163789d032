//! Reading one HTTP response: a typed output, a service error, or an
//! explanation of why the body could not be understood.
//!
//! [`read_response`] is pure (status, headers and body in, result out), so
//! every way a response can go wrong is tested here without a server.

use std::time::Duration;

use super::config::ResponseFormat;
use super::decode::{json_to_tree, xml_to_value, DecodeError};
use super::error::{Error, InvalidResponse, ServiceError};
use super::lenient::Tree;
use super::redact::Redactor;
use super::transport::Headers;

/// Reads one response. A 2xx body decodes into `T` (returned with the
/// request id from the body, or from `x-acs-request-id`); any other status
/// is a [`ServiceError`] when the body is an Alibaba error, and an
/// [`InvalidResponse`] when it is not. Texts kept from the body pass
/// through `redactor`.
/// Turns a success body's tree into the caller's output. It is a trait
/// object so that everything around it (retries, signing, sending, reading)
/// is compiled once, not once per operation.
pub(crate) type Decode<'a> = &'a mut (dyn FnMut(Tree<'_>) -> Result<(), DecodeError> + Send);

/// Reads one response, handing a success body's tree to `decode`; returns
/// the request id of a success when `want_request_id` (it is only logged,
/// so a caller without a log to write leaves it out).
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_response(
    api: &'static str,
    format: ResponseFormat,
    status: u16,
    headers: &Headers,
    body: &[u8],
    redactor: &Redactor<'_>,
    decode: Decode<'_>,
    want_request_id: bool,
) -> Result<Option<String>, Error> {
    // Request ids end up in errors and logs: an echo of a secret in them
    // must not. The header's is read only when the body has none.
    let header_request_id = || headers.get("x-acs-request-id").map(|id| redactor.apply(id));
    if (200..300).contains(&status) {
        let value = parse_body(format, body).map_err(|reason| {
            Error::Decode(Box::new(InvalidResponse::new(
                api,
                status,
                header_request_id(),
                body,
                reason,
                redactor,
            )))
        })?;
        let request_id = |value: &Tree<'_>| {
            value
                .get("RequestId")
                .or_else(|| value.get("requestId"))
                .and_then(Tree::as_str)
                .map(|id| redactor.apply(id))
                .or_else(header_request_id)
        };
        let wanted = want_request_id.then(|| request_id(&value)).flatten();
        return match decode(value) {
            Ok(()) => Ok(wanted),
            Err(reason) => {
                // The tree went to `decode`; the body is read again for the
                // id, as rarely as decoding fails.
                let request_id = match wanted {
                    Some(id) => Some(id),
                    None => parse_body(format, body).ok().and_then(|v| request_id(&v)),
                };
                Err(Error::Decode(Box::new(InvalidResponse::new(
                    api, status, request_id, body, reason, redactor,
                ))))
            }
        };
    }
    let retry_after = headers
        .get("x-acs-retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map(Duration::from_millis);
    match ServiceError::parse(api, status, body, retry_after) {
        Some(error) => Err(Error::Service(Box::new(error.redact(redactor)))),
        None => Err(Error::Decode(Box::new(InvalidResponse::new(
            api,
            status,
            header_request_id(),
            body,
            DecodeError::new(format!("HTTP {status} without an Alibaba Cloud error body")),
            redactor,
        )))),
    }
}

/// Parses a success body into a tree, by the requested format.
fn parse_body(format: ResponseFormat, body: &[u8]) -> Result<Tree<'_>, DecodeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        let expected = match format {
            ResponseFormat::Xml => "expected an XML document",
            _ => "expected a JSON document",
        };
        return Err(DecodeError::new(expected));
    }
    match format {
        ResponseFormat::Xml => xml_to_value(body).map(Tree::from),
        _ => json_to_tree(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Out {
        task_no: Option<String>,
        count: Option<i32>,
    }

    impl crate::lenient::FromTree for Out {
        fn from_tree(value: Tree<'_>, at: &crate::lenient::Path<'_>) -> Result<Self, DecodeError> {
            let mut f = crate::lenient::Fields::new(value, at)?;
            Ok(Self {
                task_no: f.scalar("TaskNo")?,
                count: f.scalar("Count")?,
            })
        }
    }

    fn read(
        format: ResponseFormat,
        status: u16,
        headers: &[(&'static str, &'static str)],
        body: &str,
    ) -> Result<(Out, Option<String>), Error> {
        let mut map = Headers::new();
        for (name, value) in headers {
            map.insert(name, value).unwrap();
        }
        let redactor = Redactor::new(["SECRET-VALUE"]);
        let mut out = None;
        let mut decode = |tree: Tree<'_>| -> Result<(), DecodeError> {
            out = Some(crate::decode::from_tree::<Out>(tree)?);
            Ok(())
        };
        let id = read_response(
            "ECS API",
            format,
            status,
            &map,
            body.as_bytes(),
            &redactor,
            &mut decode,
            true,
        )?;
        Ok((out.expect("decoded on success"), id))
    }

    #[test]
    fn success_in_json_and_xml() {
        let (out, id) = read(
            ResponseFormat::Json,
            200,
            &[],
            r#"{"RequestId":"R1","TaskNo":"T1","Count":"3"}"#,
        )
        .unwrap();
        assert_eq!(out.task_no.as_deref(), Some("T1"));
        assert_eq!(out.count, Some(3));
        assert_eq!(id.as_deref(), Some("R1"));
        let (out, id) = read(
            ResponseFormat::Xml,
            200,
            &[("x-acs-request-id", "H1")],
            "<R><TaskNo>T2</TaskNo></R>",
        )
        .unwrap();
        assert_eq!(out.task_no.as_deref(), Some("T2"));
        assert_eq!(
            id.as_deref(),
            Some("H1"),
            "header id when the body has none"
        );
    }

    #[test]
    fn a_request_id_nobody_logs_is_not_read_but_errors_still_carry_it() {
        let redactor = Redactor::new(["SECRET-VALUE"]);
        let headers = Headers::new();
        let read_unwanted = |body: &str| {
            let mut decode = |tree: Tree<'_>| -> Result<(), DecodeError> {
                crate::decode::from_tree::<Out>(tree).map(drop)
            };
            read_response(
                "ECS API",
                ResponseFormat::Json,
                200,
                &headers,
                body.as_bytes(),
                &redactor,
                &mut decode,
                false,
            )
        };
        let ok = read_unwanted(r#"{"RequestId":"R1","TaskNo":"T1"}"#).unwrap();
        assert_eq!(ok, None);
        match read_unwanted(r#"{"RequestId":"R2","Count":"many"}"#) {
            Err(Error::Decode(e)) => assert_eq!(e.request_id(), Some("R2")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_html_and_misshapen_success_bodies_are_decode_errors() {
        for (format, body, says) in [
            (ResponseFormat::Json, "", "expected a JSON document"),
            (ResponseFormat::Json, "<html>proxy</html>", "invalid JSON"),
            (ResponseFormat::Xml, "  ", "expected an XML document"),
            (ResponseFormat::Xml, "<R><A></R>", "invalid XML"),
            (ResponseFormat::Json, r#"{"Count":"many"}"#, "at `Count`"),
        ] {
            match read(format, 200, &[], body) {
                Err(Error::Decode(e)) => {
                    assert_eq!(e.status(), 200);
                    assert!(e.to_string().contains(says), "{e} should say {says}");
                }
                other => panic!("{body:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn error_bodies_are_service_errors_with_retry_after() {
        let err = read(
            ResponseFormat::Json,
            400,
            &[("x-acs-retry-after", "1500")],
            r#"{"Code":"Throttling.User","Message":"slow down","RequestId":"R9"}"#,
        )
        .unwrap_err();
        let Error::Service(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!((e.status(), e.code()), (400, "Throttling.User"));
        assert_eq!(e.request_id(), Some("R9"));
        assert_eq!(e.retry_after(), Some(Duration::from_millis(1500)));
    }

    #[test]
    fn a_non_alibaba_error_page_keeps_a_redacted_snippet() {
        let err = read(
            ResponseFormat::Json,
            502,
            &[("x-acs-request-id", "H2")],
            "<html>bad gateway for key SECRET-VALUE</html>",
        )
        .unwrap_err();
        let Error::Decode(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!((e.status(), e.request_id()), (502, Some("H2")));
        assert!(e.body_snippet().contains("bad gateway"));
        assert!(!e.body_snippet().contains("SECRET-VALUE"));
        assert!(e
            .to_string()
            .contains("without an Alibaba Cloud error body"));
    }

    #[test]
    fn service_error_messages_are_redacted() {
        let err = read(
            ResponseFormat::Json,
            403,
            &[],
            r#"{"Code":"SignatureDoesNotMatch","Message":"string to sign used SECRET-VALUE"}"#,
        )
        .unwrap_err();
        assert!(!err.to_string().contains("SECRET-VALUE"), "{err}");
    }
}
