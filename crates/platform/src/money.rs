//! Money is integer cents. Amounts arrive as `"158,45"` (seed 001), `"2404.50"`, `12` or
//! `2404.5`; each is parsed exactly from its decimal text, never through a float.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cents(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an amount: expected digits with at most two decimals, like 158.45 or 158,45")]
pub struct BadAmount(pub String);

impl Cents {
    /// The largest whole part an amount may have: far above any sale, far below overflow.
    pub const MAX_UNITS: i64 = 999_999_999;

    /// Parses `"158,45"`, `"158.45"`, `"158.4"`, `"158"`, `"-3.5"`; rejects more than two
    /// decimals, thousands separators, exponents, more than [`Cents::MAX_UNITS`] and anything
    /// else.
    pub fn parse(text: &str) -> Result<Self, BadAmount> {
        let bad = || BadAmount(text.to_string());
        let trimmed = text.trim();
        let (negative, unsigned) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
        };
        let (units, decimals) = match unsigned.split_once(['.', ',']) {
            Some((units, decimals)) => (units, decimals),
            None => (unsigned, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if units.is_empty() || !digits(units) || !digits(decimals) || decimals.len() > 2 {
            return Err(bad());
        }
        if unsigned.contains('.') && decimals.is_empty() {
            return Err(bad());
        }
        let units: i64 = units.parse().map_err(|_| bad())?;
        let fraction: i64 = match decimals.len() {
            0 => 0,
            1 => decimals.parse::<i64>().map_err(|_| bad())? * 10,
            _ => decimals.parse().map_err(|_| bad())?,
        };
        if units > Self::MAX_UNITS {
            return Err(bad());
        }
        let cents = units * 100 + fraction;
        Ok(Cents(if negative { -cents } else { cents }))
    }

    /// An amount as JSON: text as [`Cents::parse`] reads it, or a number. A number with more
    /// than two decimals is taken when it is a cent but for binary rounding (`0.57` computed as
    /// `0.5700000000000001` by a client's float arithmetic), refused otherwise (`12.345`).
    pub fn from_json(value: &serde_json::Value) -> Result<Self, BadAmount> {
        let bad = || BadAmount(value.to_string());
        match value {
            serde_json::Value::String(text) => Self::parse(text),
            serde_json::Value::Number(number) => Self::parse(&number.to_string()).or_else(|_| {
                let hundredths = number.as_f64().ok_or_else(bad)? * 100.0;
                let cents = hundredths.round();
                // 1e-6 of a cent is far below any amount's meaning and far above f64's error
                // on amounts up to a billion.
                let max = (Self::MAX_UNITS * 100 + 99) as f64;
                if (hundredths - cents).abs() < 1e-6 && cents.abs() <= max {
                    // In range and whole: the cast is exact.
                    Ok(Cents(cents as i64))
                } else {
                    Err(bad())
                }
            }),
            _ => Err(bad()),
        }
    }

    /// `"158.45"`: the decimal text of the amount.
    pub fn to_decimal_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// A JSON number as the seeds print them: `20` for whole amounts, `20.5` otherwise.
    pub fn to_json_number(self) -> serde_json::Value {
        if self.0 % 100 == 0 {
            serde_json::Value::from(self.0 / 100)
        } else {
            self.to_decimal_string()
                .parse::<serde_json::Number>()
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null)
        }
    }

    /// `self × percent / 100`, rounded half away from zero to the cent. `percent` is in
    /// hundredths of a percent (1000 = 10 %), so it too stays exact.
    pub fn percent_of(self, basis_points: i64) -> Cents {
        let product = i128::from(self.0) * i128::from(basis_points);
        let denominator = 10_000i128;
        let rounded = (product.abs() + denominator / 2) / denominator;
        let signed = if product < 0 { -rounded } else { rounded };
        Cents(i64::try_from(signed).unwrap_or(i64::MAX))
    }
}

impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_decimal_string())
    }
}

impl Serialize for Cents {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json_number().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Cents {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmountVisitor;
        impl Visitor<'_> for AmountVisitor {
            type Value = Cents;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an amount such as 158.45, \"158.45\" or \"158,45\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Cents, E> {
                Cents::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Cents, E> {
                v.checked_mul(100)
                    .map(Cents)
                    .ok_or_else(|| E::custom("amount too large"))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cents, E> {
                i64::try_from(v)
                    .ok()
                    .and_then(|v| v.checked_mul(100))
                    .map(Cents)
                    .ok_or_else(|| E::custom("amount too large"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Cents, E> {
                // The shortest decimal text that reads back as this float is what the client wrote.
                Cents::parse(&v.to_string()).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(AmountVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_are_read_to_the_cent_despite_float_artefacts() {
        use serde_json::json;
        assert_eq!(Cents::from_json(&json!(158.45)), Ok(Cents(15845)));
        assert_eq!(Cents::from_json(&json!(12)), Ok(Cents(1200)));
        assert_eq!(Cents::from_json(&json!("158,45")), Ok(Cents(15845)));
        assert_eq!(Cents::from_json(&json!(57.0 * 0.01)), Ok(Cents(57)));
        assert_eq!(Cents::from_json(&json!(0.1 + 0.2)), Ok(Cents(30)));
        assert!(Cents::from_json(&json!(12.345)).is_err());
        assert!(Cents::from_json(&json!("0.5700000000000001")).is_err());
        assert!(Cents::from_json(&json!(true)).is_err());
        assert!(Cents::from_json(&json!(1e300)).is_err());
    }

    #[test]
    fn documented_formats_parse_exactly() {
        assert_eq!(Cents::parse("158,45"), Ok(Cents(15845)));
        assert_eq!(Cents::parse("158.45"), Ok(Cents(15845)));
        assert_eq!(Cents::parse("2404.50"), Ok(Cents(240450)));
        assert_eq!(Cents::parse("2404.5"), Ok(Cents(240450)));
        assert_eq!(Cents::parse("12"), Ok(Cents(1200)));
        assert_eq!(Cents::parse(" 0,01 "), Ok(Cents(1)));
        assert_eq!(Cents::parse("-3.5"), Ok(Cents(-350)));
        // 0.1 + 0.2 style float error cannot happen: 0.29 stays 29 cents.
        assert_eq!(Cents::parse("0.29"), Ok(Cents(29)));
    }

    #[test]
    fn bad_strings_are_rejected() {
        for bad in [
            "",
            " ",
            "abc",
            "12.345",
            "1,234.56",
            "1 234,56",
            "1e3",
            "12.",
            ".5",
            "--1",
            "12,3,4",
            "99999999999999999999",
        ] {
            assert!(Cents::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn json_numbers_and_strings_deserialize_exactly() {
        let parsed: Vec<Cents> =
            serde_json::from_str(r#"[12, 2404.50, "158,45", 0.29, 158.45]"#).unwrap();
        assert_eq!(
            parsed,
            vec![
                Cents(1200),
                Cents(240450),
                Cents(15845),
                Cents(29),
                Cents(15845)
            ]
        );
        assert!(serde_json::from_str::<Cents>(r#""12.345""#).is_err());
        assert!(serde_json::from_str::<Cents>("true").is_err());
    }

    #[test]
    fn amounts_print_as_the_seeds_do() {
        assert_eq!(serde_json::to_string(&Cents(2000)).unwrap(), "20");
        assert_eq!(serde_json::to_string(&Cents(15845)).unwrap(), "158.45");
        assert_eq!(Cents(-5).to_decimal_string(), "-0.05");
    }

    #[test]
    fn percentages_round_half_up_to_the_cent() {
        assert_eq!(Cents(20000).percent_of(1000), Cents(2000));
        assert_eq!(Cents(12345).percent_of(1000), Cents(1235));
        assert_eq!(Cents(1).percent_of(5000), Cents(1));
    }
}
