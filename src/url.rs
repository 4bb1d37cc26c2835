//! Percent-encoding for URLs and forms: a leaf module that the request
//! builder, the data-centre table and the edge all use.

#[allow(unused_imports)]
use crate::prelude::*;

use percent_encoding::{percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters is encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a value as it is (a `%` too): form fields and secrets.
pub fn encode_component(raw: &str) -> String {
    percent_encode(raw.as_bytes(), COMPONENT).collect()
}

/// `url` with `key=value` added to its query (`value` percent-encoded).
pub fn with_query(url: &str, key: &str, value: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    let mut out = String::with_capacity(url.len() + key.len() + value.len() + 2);
    out.push_str(url);
    out.push(separator);
    out.push_str(key);
    out.push('=');
    out.push_str(value);
    out
}

/// Percent-encodes one path segment or query value. Escapes that are
/// already there (`%20` in `1709038327622%2029706114886`) are kept, so an id
/// copied from a Cliq URL is not encoded twice.
pub fn encode_segment(raw: &str) -> String {
    // Works on bytes: no `str` slicing (and none of its panic paths in the wasm).
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let escape = match bytes.get(i..i + 3) {
            Some([b'%', a, b]) if a.is_ascii_hexdigit() && b.is_ascii_hexdigit() => Some([*a, *b]),
            _ => None,
        };
        if let Some([a, b]) = escape {
            out.extend(percent_encode(
                bytes.get(start..i).unwrap_or_default(),
                COMPONENT,
            ));
            out.push('%');
            out.push(char::from(a));
            out.push(char::from(b));
            i += 3;
            start = i;
        } else {
            i += 1;
        }
    }
    out.extend(percent_encode(
        bytes.get(start..).unwrap_or_default(),
        COMPONENT,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_segment_encodes_reserved_and_unicode_characters() {
        assert_eq!(encode_segment("a b/c?d#e"), "a%20b%2Fc%3Fd%23e");
        assert_eq!(encode_segment("😍"), "%F0%9F%98%8D");
        assert_eq!(encode_segment("CT_12_34-B2.x~"), "CT_12_34-B2.x~");
    }

    #[test]
    fn encode_segment_keeps_existing_escapes() {
        assert_eq!(
            encode_segment("1709038327622%2029706114886"),
            "1709038327622%2029706114886"
        );
        assert_eq!(encode_segment("50%"), "50%25");
        assert_eq!(encode_segment("%zz"), "%25zz");
    }
}
