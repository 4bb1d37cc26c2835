//! Lenient deserializers for the loose spots in Cliq's JSON.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// `true`, `false`, `"true"`, `"false"` or null.
pub(crate) fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b)),
        Value::String(s) if s == "true" => Ok(Some(true)),
        Value::String(s) if s == "false" => Ok(Some(false)),
        other => Err(D::Error::custom(format!("expected a boolean, got {other}"))),
    }
}

/// A string, or a boolean kept as `"true"` / `"false"` (confirm `mandatory`).
pub(crate) fn opt_bool_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::String(s) => Ok(Some(s)),
        other => Err(D::Error::custom(format!("expected a string, got {other}"))),
    }
}

/// A string, or a number kept as its decimal text (ids sometimes arrive as numbers).
pub(crate) fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(D::Error::custom(format!("expected a string, got {other}"))),
    }
}

/// Like [`string_or_number`], keeping absence.
pub(crate) fn opt_string_or_number<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        other => Err(D::Error::custom(format!("expected a string, got {other}"))),
    }
}

/// Epoch milliseconds from a number, a numeric string or an RFC 3339 date.
pub(crate) fn epoch_ms<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let v = Value::deserialize(d)?;
    epoch_ms_of(&v).ok_or_else(|| D::Error::custom(format!("expected epoch milliseconds, got {v}")))
}

/// Reads epoch milliseconds from a JSON value; `None` when it is not a time.
pub(crate) fn epoch_ms_of(v: &Value) -> Option<i64> {
    match v {
        Value::Null => Some(0),
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>()
                .ok()
                .or_else(|| {
                    s.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .map(|f| f as i64)
                })
                .or_else(|| rfc3339_ms(s))
        }
        _ => None,
    }
}

/// Parses `YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH:MM]` into epoch milliseconds.
fn rfc3339_ms(s: &str) -> Option<i64> {
    let num = |t: &str| -> Option<i64> {
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let (date, rest) = (s.get(..10)?, s.get(10..)?);
    let mut dp = date.split('-');
    let (y, m, d) = (num(dp.next()?)?, num(dp.next()?)?, num(dp.next()?)?);
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, zone) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let (hms, frac) = clock.split_once('.').unwrap_or((clock, ""));
    let mut tp = hms.split(':');
    let (hh, mm, ss) = (num(tp.next()?)?, num(tp.next()?)?, num(tp.next()?)?);
    let in_range = (1..=12).contains(&m) && (1..=31).contains(&d) && hh < 24 && mm < 60 && ss <= 60;
    if tp.next().is_some() || !in_range {
        return None;
    }
    let millis = if frac.is_empty() {
        0
    } else {
        num(&format!("{:0<3}", frac.get(..frac.len().min(3))?))?
    };
    let offset_min = match zone {
        "" | "Z" | "z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let digits: String = z[1..].chars().filter(|c| *c != ':').collect();
            let (oh, om) = (num(digits.get(..2)?)?, num(digits.get(2..)?)?);
            if oh >= 24 || om >= 60 {
                return None;
            }
            sign * (oh * 60 + om)
        }
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hh * 3600 + mm * 60 + ss - offset_min * 60;
    Some(secs * 1000 + millis)
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;
    use serde_json::json;

    #[test]
    fn epoch_ms_reads_numbers_numeric_strings_and_rfc3339_dates() {
        assert_eq!(epoch_ms_of(&json!(1542798001273_i64)), Some(1542798001273));
        assert_eq!(epoch_ms_of(&json!("1493707283711")), Some(1493707283711));
        assert_eq!(epoch_ms_of(&json!(1.5e12)), Some(1_500_000_000_000));
        assert_eq!(epoch_ms_of(&json!("1970-01-01T00:00:01.5Z")), Some(1500));
        assert_eq!(
            epoch_ms_of(&json!("2026-05-28T09:00:03+05:30")),
            Some(1_779_939_003_000)
        );
        assert_eq!(epoch_ms_of(&json!("yesterday")), None);
        for odd in [
            "2020-01-01T9223372036854775807:00:00Z",
            "2020-01-01T00:00:00+99999999999999:00",
            "2020-01-01T00:00:00.é",
            "9999-99-99",
        ] {
            assert_eq!(epoch_ms_of(&json!(odd)), None, "{odd}");
        }
        assert_eq!(epoch_ms_of(&json!({})), None);
    }
}
