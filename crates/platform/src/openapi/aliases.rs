//! The seeds' field aliases (`demand_numero` for `demand_number`), said in the schema itself.
//!
//! A serde alias is invisible to the derived schema, and serde refuses a body carrying both
//! spellings ("duplicate field"). So every object schema with the field gets the alias as a
//! property of the same schema, and a rule that the two are never sent together; where the
//! field is required, either spelling satisfies it.

use serde_json::{Value, json};

/// One spelling the seed uses beside the field's own.
#[derive(Debug, Clone, Copy)]
pub struct Alias {
    pub field: &'static str,
    pub alias: &'static str,
}

/// `document` (a derived document, or its components) with each alias said in every object
/// schema that has the field, among `components.schemas`.
pub fn with_aliases(mut document: Value, aliases: &[Alias]) -> Value {
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for schema in schemas.values_mut() {
            // Only the fields the type declares: an alias added here is not a field to alias.
            let declared: Vec<String> = schema
                .get("properties")
                .and_then(Value::as_object)
                .map(|properties| properties.keys().cloned().collect())
                .unwrap_or_default();
            for alias in aliases
                .iter()
                .filter(|a| declared.iter().any(|f| f == a.field))
            {
                say_alias(schema, *alias);
            }
        }
    }
    document
}

fn say_alias(schema: &mut Value, Alias { field, alias }: Alias) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let Some(property) = object
        .get("properties")
        .and_then(|properties| properties.get(field))
        .cloned()
    else {
        return;
    };
    let mut rules = vec![json!({"not": {"required": [field, alias]}})];
    if let Some(required) = object.get_mut("required").and_then(Value::as_array_mut) {
        let before = required.len();
        required.retain(|name| name != field);
        if required.len() < before {
            rules.push(json!({"anyOf": [{"required": [field]}, {"required": [alias]}]}));
        }
        if required.is_empty() {
            object.remove("required");
        }
    }
    if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
        properties.insert(alias.to_string(), property);
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
        field: "demand_number",
        alias: "demand_numero",
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
        );
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
    fn an_optional_field_only_forbids_both() {
        let out = with_aliases(
            document(
                json!({"type": "object", "properties": {"demand_number": {"type": "string"}}}),
            ),
            &[NUMERO],
        );
        let schema = &out["components"]["schemas"]["Input"];
        assert_eq!(
            schema["properties"]["demand_numero"],
            json!({"type": "string"})
        );
        assert_eq!(
            schema["allOf"],
            json!([{"not": {"required": ["demand_number", "demand_numero"]}}])
        );
        assert!(schema.get("required").is_none());
    }

    #[test]
    fn spellings_aliasing_each_other_are_said_once() {
        let both_ways = [
            Alias {
                field: "status_code",
                alias: "status",
            },
            Alias {
                field: "status",
                alias: "status_code",
            },
        ];
        let out = with_aliases(
            document(json!({"type": "object", "properties": {"status_code": {"type": "string"}}})),
            &both_ways,
        );
        assert_eq!(
            out["components"]["schemas"]["Input"]["allOf"],
            json!([{"not": {"required": ["status_code", "status"]}}])
        );
    }

    #[test]
    fn schemas_without_the_field_are_left_alone() {
        let input = document(json!({"type": "object", "properties": {"other": {}}}));
        assert_eq!(with_aliases(input.clone(), &[NUMERO]), input);
    }
}
