//! The rows of an import file, read one at a time so that a file of 100,000 rows is never held
//! as a tree: the `update_db` JSON (`{"clients": [...]}`), or CSV with the same columns (a
//! header line naming them; `,` or `;` between cells, `"` quoting). No I/O.

use std::fmt;

use platform::{AppError, FieldError};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The columns of a row, in the order the bad-rows CSV writes them.
pub const COLUMNS: [&str; 13] = [
    "Nom",
    "Prenom",
    "Credit",
    "Paiement",
    "Date_paiement",
    "Montant",
    "Compte",
    "Email",
    "Age",
    "Sexe",
    "Phone",
    "NbRefus",
    "PanierMoyen",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

impl Format {
    /// By the file's name (`.json`, `.csv`), else by its first character (`{`: JSON).
    pub fn of(filename: Option<&str>, data: &[u8]) -> Self {
        let name = filename.unwrap_or("").to_ascii_lowercase();
        if name.ends_with(".json") {
            return Self::Json;
        }
        if name.ends_with(".csv") {
            return Self::Csv;
        }
        let first = strip_bom(data).iter().find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'{') {
            Self::Json
        } else {
            Self::Csv
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
        }
    }

    pub fn from_name(name: &str) -> Self {
        if name == "csv" { Self::Csv } else { Self::Json }
    }
}

/// An import file: its format and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub format: Format,
    pub data: &'a [u8],
}

/// What is called with each row (its index from 0, and the row as a JSON value); an error
/// stops the reading.
pub type EachRow<'f> = dyn FnMut(usize, &Value) -> Result<(), AppError> + 'f;

impl Source<'_> {
    /// The rows from index `from` to `to` (excluded), as the file gives them.
    pub fn rows_between(&self, from: usize, to: usize) -> Result<Vec<(usize, Value)>, AppError> {
        let mut rows = Vec::new();
        self.each(&mut |index, row| {
            if (from..to).contains(&index) {
                rows.push((index, row.clone()));
            }
            Ok(())
        })?;
        Ok(rows)
    }

    /// Calls `each` with every row in order; how many rows there were.
    pub fn each(&self, each: &mut EachRow<'_>) -> Result<usize, AppError> {
        match self.format {
            Format::Json => json_rows(self.data, each),
            Format::Csv => csv_rows(self.data, each),
        }
    }
}

fn strip_bom(data: &[u8]) -> &[u8] {
    data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data)
}

fn json_rows(data: &[u8], each: &mut EachRow<'_>) -> Result<usize, AppError> {
    let mut stopped = None;
    let mut count = 0;
    let seed = Body {
        each,
        stopped: &mut stopped,
        count: &mut count,
    };
    let outcome = platform::web::decode_json_seed(strip_bom(data), seed);
    match (stopped, outcome) {
        (Some(err), _) => Err(err),
        (None, Err(err)) => Err(err),
        (None, Ok(())) => Ok(count),
    }
}

/// `{"clients": [...]}`: the rows of `clients`, other keys ignored.
struct Body<'a, 'f> {
    each: &'a mut EachRow<'f>,
    stopped: &'a mut Option<AppError>,
    count: &'a mut usize,
}

impl<'de> DeserializeSeed<'de> for Body<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Body<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(r#"an object {"clients": [...]}"#)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "clients" && !seen {
                seen = true;
                map.next_value_seed(Rows {
                    each: &mut *self.each,
                    stopped: &mut *self.stopped,
                    count: &mut *self.count,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct Rows<'a, 'f> {
    each: &'a mut EachRow<'f>,
    stopped: &'a mut Option<AppError>,
    count: &'a mut usize,
}

impl<'de> DeserializeSeed<'de> for Rows<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of rows")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(row) = seq.next_element::<Value>()? {
            if let Err(err) = (self.each)(*self.count, &row) {
                *self.stopped = Some(err);
                return Err(de::Error::custom("stopped"));
            }
            *self.count += 1;
        }
        Ok(())
    }
}

fn bad_file(message: impl Into<String>) -> AppError {
    AppError::invalid_field("file", message)
}

/// The cells of one CSV record from `text` at `at`, and where the next record starts.
fn record(text: &str, at: usize, delimiter: char) -> Result<(Vec<String>, usize), AppError> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text[at..].char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek().is_some_and(|(_, n)| *n == '"') => {
                    cell.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            c if c == delimiter => cells.push(std::mem::take(&mut cell)),
            '\r' => {}
            '\n' => {
                cells.push(cell);
                return Ok((cells, at + offset + 1));
            }
            _ => cell.push(c),
        }
    }
    if quoted {
        return Err(bad_file("a quoted cell is not closed"));
    }
    cells.push(cell);
    Ok((cells, text.len()))
}

fn csv_rows(data: &[u8], each: &mut EachRow<'_>) -> Result<usize, AppError> {
    let text = std::str::from_utf8(strip_bom(data))
        .map_err(|_| bad_file("the CSV file must be UTF-8 text"))?;
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains(';') && !first_line.contains(',') {
        ';'
    } else {
        ','
    };
    let (header, mut at) = record(text, 0, delimiter)?;
    let columns: Vec<Option<&'static str>> = header
        .iter()
        .map(|name| {
            COLUMNS
                .iter()
                .find(|c| c.eq_ignore_ascii_case(name.trim()))
                .copied()
        })
        .collect();
    for required in ["Nom", "Prenom"] {
        if !columns.contains(&Some(required)) {
            return Err(bad_file(format!(
                "the CSV header must name the columns {}; it has no {required}",
                COLUMNS.join(", ")
            )));
        }
    }
    let mut count = 0;
    while at < text.len() {
        let (cells, next) = record(text, at, delimiter)?;
        at = next;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut row = Map::new();
        for (column, cell) in columns.iter().zip(cells) {
            let cell = cell.trim();
            if let Some(column) = column
                && !cell.is_empty()
            {
                row.insert((*column).to_string(), Value::String(cell.to_string()));
            }
        }
        each(count, &Value::Object(row))?;
        count += 1;
    }
    Ok(count)
}

/// A row's cell as text, for the bad-rows CSV (`""` when absent).
pub fn cell(row: &Value, column: &str) -> String {
    match row.get(column) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// One CSV cell, quoted when it must be (and neutralised when a spreadsheet would read it as
/// a formula).
pub fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The problems of `problems` that belong to row `index` (`clients[3].Email`, `clients[3]`),
/// as (field, message).
pub fn of_row(problems: &[FieldError], index: usize) -> Vec<(String, String)> {
    let prefix = format!("clients[{index}]");
    problems
        .iter()
        .filter_map(|p| {
            let rest = p.field.strip_prefix(&prefix)?;
            let field = match rest.strip_prefix('.') {
                Some(field) => field.to_string(),
                None if rest.is_empty() => String::new(),
                None => return None,
            };
            Some((field, p.message.clone()))
        })
        .collect()
}

/// The row index a problem's field names (`clients[3].Email`: 3).
pub fn row_of(field: &str) -> Option<usize> {
    field
        .strip_prefix("clients[")?
        .split(']')
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde_json::json;

    use super::*;

    fn rows(source: Source) -> Result<Vec<Value>, AppError> {
        let mut seen = Vec::new();
        source.each(&mut |_, row| {
            seen.push(row.clone());
            Ok(())
        })?;
        Ok(seen)
    }

    #[test]
    fn json_rows_are_read_one_by_one() {
        let data = br#"{"other": [1, {"a": 2}], "clients": [{"Nom": "A"}, "x"]}"#;
        let source = Source {
            format: Format::Json,
            data,
        };
        assert_eq!(rows(source).unwrap(), [json!({"Nom": "A"}), json!("x")]);
        let none = Source {
            format: Format::Json,
            data: b"{}",
        };
        assert!(rows(none).unwrap().is_empty());
        let wrong = Source {
            format: Format::Json,
            data: br#"{"clients": "x"}"#,
        };
        assert_eq!(rows(wrong).unwrap_err().fields()[0].field, "clients");
        let broken = Source {
            format: Format::Json,
            data: br#"{"clients": [{"#,
        };
        assert_eq!(rows(broken).unwrap_err().status().as_u16(), 400);
    }

    #[test]
    fn csv_rows_have_the_json_columns() {
        let data =
            "\u{feff}nom;Prenom;Credit;Other\r\n\"Dupont; fils\";Jean;12,5;x\r\n\r\n;Anne;;\n";
        let source = Source {
            format: Format::of(Some("clients.CSV"), data.as_bytes()),
            data: data.as_bytes(),
        };
        assert_eq!(source.format, Format::Csv);
        assert_eq!(
            rows(source).unwrap(),
            [
                json!({"Nom": "Dupont; fils", "Prenom": "Jean", "Credit": "12,5"}),
                json!({"Prenom": "Anne"})
            ]
        );
        let headless = Source {
            format: Format::Csv,
            data: b"a,b\n1,2\n",
        };
        assert_eq!(rows(headless).unwrap_err().fields()[0].field, "file");
        assert_eq!(Format::of(None, b"  {\"clients\": []}"), Format::Json);
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=cmd()"), "'=cmd()");
        assert_eq!(csv_cell("-12"), "-12");
        assert_eq!(row_of("clients[12].Email"), Some(12));
        let problems = [
            FieldError::new("clients[1].Email", "bad"),
            FieldError::new("clients[12]", "must be an object"),
        ];
        assert_eq!(
            of_row(&problems, 1),
            [("Email".to_string(), "bad".to_string())]
        );
        assert_eq!(
            of_row(&problems, 12),
            [(String::new(), "must be an object".to_string())]
        );
    }
}
