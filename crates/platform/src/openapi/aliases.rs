//! The seeds' field aliases (`demand_numero` for `demand_number`), said in the schema itself.
//!
//! A serde alias is invisible to the derived schema, and serde refuses a body carrying both
//! spellings ("duplicate field"). So the input schema gets each alias as a property of the
//! field's schema, and a rule that two spellings are never sent together; where the field is
//! required, any spelling satisfies it.

use serde_json::{Value, json};

/// The other spellings the seed uses for a field of one input schema.
#[derive(Debug, Clone, Copy)]
pub struct Alias {
    /// The schema's name among `components.schemas` (`AcceptInput`).
    pub schema: &'static str,
    pub field: &'static str,
    pub aliases: &'static [&'static str],
}

/// `document` (a derived document) with each alias said in its schema. An alias whose schema
/// or field the document lacks is returned as an error: the list has drifted from the types.
pub fn with_aliases(mut document: Value, aliases: &[Alias]) -> Result<Value, Alias> {
    for alias in aliases {
        let declared = document
            .pointer_mut(&format!("/components/schemas/{}", alias.schema))
            .and_then(|schema| declaring(schema, alias.field));
        match declared {
            Some(schema) => say_aliases(schema, alias),
            None => return Err(*alias),
        }
    }
    Ok(document)
}

/// The object schema declaring `field`: `schema` itself, or the member of its `allOf` that
/// does (a type with a `#[serde(flatten)]` field derives as an `allOf`).
fn declaring<'a>(schema: &'a mut Value, field: &str) -> Option<&'a mut Value> {
    let declares = |schema: &Value| schema.pointer(&format!("/properties/{field}")).is_some();
    if declares(schema) {
        return Some(schema);
    }
    schema
        .get_mut("allOf")?
        .as_array_mut()?
        .iter_mut()
        .find(|member| declares(member))
}

fn say_aliases(schema: &mut Value, alias: &Alias) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let spellings: Vec<&str> = std::iter::once(alias.field)
        .chain(alias.aliases.iter().copied())
        .collect();
    let mut rules: Vec<Value> = Vec::new();
    for (i, one) in spellings.iter().enumerate() {
        for other in &spellings[i + 1..] {
            rules.push(json!({"not": {"required": [one, other]}}));
        }
    }
    if let Some(required) = object.get_mut("required").and_then(Value::as_array_mut) {
        let before = required.len();
        required.retain(|name| name != alias.field);
        if required.len() < before {
            let any: Vec<Value> = spellings.iter().map(|s| json!({"required": [s]})).collect();
            rules.push(json!({"anyOf": any}));
        }
        if required.is_empty() {
            object.remove("required");
        }
    }
    if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut)
        && let Some(property) = properties.get(alias.field).cloned()
    {
        for spelling in alias.aliases {
            properties.insert((*spelling).to_string(), property.clone());
        }
    }
    match object.get_mut("allOf").and_then(Value::as_array_mut) {
        Some(all_of) => all_of.extend(rules),
        None => {
            object.insert("allOf".into(), Value::Array(rules));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMERO: Alias = Alias {
        schema: "Input",
        field: "demand_number",
        aliases: &["demand_numero"],
    };

    fn document(schema: Value) -> Value {
        json!({"components": {"schemas": {"Input": schema}}})
    }

    #[test]
    fn a_required_field_is_satisfied_by_either_spelling_never_both() {
        let out = with_aliases(
            document(json!({
                "type": "object",
                "properties": {"demand_number": {"type": "string"}, "comment": {"type": "string"}},
                "required": ["demand_number", "comment"],
            })),
            &[NUMERO],
        )
        .unwrap();
        assert_eq!(
            out["components"]["schemas"]["Input"],
            json!({
                "type": "object",
                "properties": {
                    "demand_number": {"type": "string"},
                    "demand_numero": {"type": "string"},
                    "comment": {"type": "string"},
                },
                "required": ["comment"],
                "allOf": [
                    {"not": {"required": ["demand_number", "demand_numero"]}},
                    {"anyOf": [{"required": ["demand_number"]}, {"required": ["demand_numero"]}]},
                ],
            })
        );
    }

    #[test]
    fn an_optional_field_only_forbids_two_spellings_at_once() {
        let three = Alias {
            schema: "Input",
            field: "message",
            aliases: &["content", "body"],
        };
        let out = with_aliases(
            document(json!({"type": "object", "properties": {"message": {"type": "string"}}})),
            &[three],
        )
        .unwrap();
        let schema = &out["components"]["schemas"]["Input"];
        assert_eq!(schema["properties"]["body"], json!({"type": "string"}));
        assert_eq!(
            schema["allOf"],
            json!([
                {"not": {"required": ["message", "content"]}},
                {"not": {"required": ["message", "body"]}},
                {"not": {"required": ["content", "body"]}},
            ])
        );
        assert!(schema.get("required").is_none());
    }

    #[test]
    fn an_alias_of_a_missing_schema_or_field_is_refused() {
        let input = document(json!({"type": "object", "properties": {"other": {}}}));
        assert!(with_aliases(input.clone(), &[NUMERO]).is_err());
        let elsewhere = Alias {
            schema: "Missing",
            ..NUMERO
        };
        assert!(with_aliases(input, &[elsewhere]).is_err());
    }
}
