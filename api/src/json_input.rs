//! Reading a JSON document that a person or a program wrote, with errors that say where it is
//! wrong: not JSON at all (with line and column), or JSON of the wrong shape (with an RFC 6901
//! pointer to the field). Used by every front end — the HTTP extractors turn a [`JsonError`]
//! into problem+json (`crate::error`), the CLI into a message naming the file — and by the
//! registry import for each JSON line.

use serde::de::DeserializeOwned;
use serde_json::error::Category;

/// Why a JSON document could not be read as the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonError {
    /// Not JSON: what is wrong, with line and column.
    Malformed(String),
    /// JSON of the wrong shape: where (a JSON pointer, empty for the whole document) and what.
    Shape {
        /// RFC 6901 pointer to the field, `""` for the document itself.
        pointer: String,
        /// What is wrong there.
        detail: String,
    },
}

impl JsonError {
    /// The error of `error`, found at `pointer` (`""` when unknown).
    pub fn from_serde(error: serde_json::Error, pointer: String) -> Self {
        match error.classify() {
            Category::Syntax | Category::Eof | Category::Io => JsonError::Malformed(format!(
                "the body is not valid JSON: {} (line {}, column {})",
                strip_position(&error),
                error.line(),
                error.column()
            )),
            Category::Data => JsonError::Shape {
                pointer,
                detail: strip_position(&error),
            },
        }
    }
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsonError::Malformed(detail) => f.write_str(detail),
            JsonError::Shape { pointer, detail } if pointer.is_empty() => f.write_str(detail),
            JsonError::Shape { pointer, detail } => write!(f, "{pointer}: {detail}"),
        }
    }
}

/// Deserialises `bytes` as `T`; a failure says whether the text is not JSON or where its shape
/// is wrong.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, JsonError> {
    // A body that reads is read once. Only a failure pays for the diagnosis below (a syntax
    // pass, then a pass that tracks the path), which gives the same error as always: a valid
    // body used to be parsed twice, the second time through a path tracker, on every request.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    // Syntax first: a truncated body (`{"answers": [1,2`) is malformed, even if the part that
    // arrived already has the wrong type for a field.
    if let Err(error) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
        return Err(JsonError::from_serde(error, String::new()));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => value,
        Err(error) => {
            let pointer = json_pointer(error.path());
            let inner = error.into_inner();
            // serde_json reports some type mismatches (a number where an enum's string is
            // expected) as syntax errors; a body that is well-formed JSON is a shape problem.
            if inner.classify() != Category::Data
                && serde_json::from_slice::<serde_json::Value>(bytes).is_ok()
            {
                return Err(JsonError::Shape {
                    pointer,
                    detail: strip_position(&inner),
                });
            }
            return Err(JsonError::from_serde(inner, pointer));
        }
    };
    deserializer
        .end()
        .map_err(|e| JsonError::from_serde(e, String::new()))?;
    Ok(value)
}

/// serde_json's message without its " at line L column C" suffix.
fn strip_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(index) => text[..index].to_owned(),
        None => text,
    }
}

/// An RFC 6901 pointer for a serde path (`answers` → `q.A.5.1` → `value` becomes
/// `/answers/q.A.5.1/value`).
pub fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        let token = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;
    use annexa_shared::AnswersDocument;

    #[test]
    fn unknown_field_points_at_the_field() {
        let error = parse_json::<AnswersDocument>(
            br#"{"questionnaire_version":"x","mode":"quick","answers":{"q.A.5.1":{"value":"yes","colour":1}}}"#,
        )
        .unwrap_err();
        match error {
            JsonError::Shape { pointer, detail } => {
                assert!(pointer.starts_with("/answers/q.A.5.1"), "{pointer}");
                assert!(detail.contains("colour"), "{detail}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_truncated_body_is_malformed_even_with_a_wrong_type_inside() {
        assert!(matches!(
            parse_json::<AnswersDocument>(br#"{"answers": [1,2"#),
            Err(JsonError::Malformed(_))
        ));
        assert!(matches!(
            parse_json::<AnswersDocument>(br#"{"answers": [1,2]}"#),
            Err(JsonError::Shape { .. })
        ));
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let error = parse_json::<AnswersDocument>(b"{\n  \"mode\": ,\n}").unwrap_err();
        match error {
            JsonError::Malformed(detail) => assert!(detail.contains("line 2"), "{detail}"),
            other => panic!("unexpected {other:?}"),
        }
    }
}
