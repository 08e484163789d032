//! Root certificates given as PEM text: the DER certificates in it, checked
//! enough to name the mistake (rustls checks the rest when a client is
//! built).

/// The DER certificates in a PEM text; `Err` says what is wrong with it.
pub(crate) fn parse_pem_certificates(pem: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    use base64::Engine as _;
    let text = std::str::from_utf8(pem)
        .map_err(|_| "is not text (not UTF-8); DER files must be converted to PEM".to_owned())?;
    let mut certificates = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + "-----BEGIN ".len()..];
        let label_end = after
            .find("-----")
            .ok_or_else(|| "has a BEGIN line without its closing dashes".to_owned())?;
        let label = &after[..label_end];
        let body = &after[label_end + 5..];
        let end_line = format!("-----END {label}-----");
        let body_end = body
            .find(&end_line)
            .ok_or_else(|| format!("has no `{end_line}` line"))?;
        if label == "CERTIFICATE" {
            let number = certificates.len() + 1;
            let base64: String = body[..body_end]
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            let der = base64::engine::general_purpose::STANDARD
                .decode(base64.as_bytes())
                .map_err(|e| {
                    format!("has a certificate ({number}) that is not valid Base64: {e}")
                })?;
            check_certificate_der(&der).map_err(|why| {
                format!("has a certificate ({number}) that is not a DER X.509 certificate: {why}")
            })?;
            certificates.push(der);
        }
        rest = &body[body_end + end_line.len()..];
    }
    if certificates.is_empty() {
        return Err("contains no `-----BEGIN CERTIFICATE-----` block".to_owned());
    }
    Ok(certificates)
}

/// A structural check of a DER certificate: an outer SEQUENCE spanning
/// the whole input whose first element (the TBS certificate) is a SEQUENCE.
/// rustls checks the rest when the client is built.
fn check_certificate_der(der: &[u8]) -> Result<(), &'static str> {
    fn header(input: &[u8]) -> Result<(usize, usize), &'static str> {
        // (header length, content length) of a SEQUENCE.
        match input {
            [0x30, len, ..] if *len < 0x80 => Ok((2, usize::from(*len))),
            [0x30, len, rest @ ..] if (0x81..=0x84).contains(len) => {
                let n = usize::from(len - 0x80);
                let bytes = rest.get(..n).ok_or("truncated length")?;
                let content = bytes
                    .iter()
                    .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
                Ok((2 + n, content))
            }
            [0x30, ..] => Err("unsupported length encoding"),
            [] => Err("empty"),
            _ => Err("does not start with a SEQUENCE"),
        }
    }
    let (head, len) = header(der)?;
    if head.checked_add(len) != Some(der.len()) {
        return Err("its length does not match its content");
    }
    let (inner_head, inner_len) = header(&der[head..])?;
    if inner_head + inner_len > len {
        return Err("its TBS certificate overruns it");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_blocks_are_found_and_checked() {
        let block =
            |b64: &str| format!("-----BEGIN CERTIFICATE-----\n{b64}\n-----END CERTIFICATE-----\n");
        // SEQUENCE { SEQUENCE { NULL } }: the smallest shape that passes.
        let ok = format!("junk\n{}{}", block("MAQwAgUA"), block("MAQwAgUA"));
        assert_eq!(parse_pem_certificates(ok.as_bytes()).unwrap().len(), 2);
        let key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert!(parse_pem_certificates(key.as_bytes())
            .unwrap_err()
            .contains("no `-----BEGIN CERTIFICATE"));
        let long_form = parse_pem_certificates(block("MIGA").as_bytes()).unwrap_err();
        assert!(long_form.contains("not a DER X.509"), "{long_form}");
    }
}
