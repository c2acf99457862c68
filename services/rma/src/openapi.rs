//! The rma service's endpoints in its OpenAPI document (`proto-docs/rma.openapi.json`).
//!
//! Seed 001's dialect: `{"status": "OK", "message": "Success", "data": …}` on success,
//! `{"status": "KO", "message", "error_code"}` on failure (a 422 adds `errors`, one message per
//! field). The examples of this service's own errors are built from [`RmaError`], so their codes,
//! messages and statuses cannot drift from what the handlers answer.

use platform::codes::rma_status::RmaStatus;
use serde_json::{Map, Value, json};

use crate::demands::model::{
    CLIENT_FIELDS, DEMAND_TYPES, QUOTE_TREATMENTS, RETURN_TO, SITE_FIELDS,
};
use crate::documents::model::{DIRECTIONS, DOCUMENT_TYPES};
use crate::errors::RmaError;

fn response(description: &str, example: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"example": example}}})
}

/// One response, several named examples (the error codes one HTTP status can carry).
fn responses(description: &str, examples: &[(String, Value)]) -> Value {
    let examples: Map<String, Value> = examples
        .iter()
        .map(|(name, value)| (name.clone(), json!({"value": value})))
        .collect();
    json!({"description": description, "content": {"application/json": {"examples": examples}}})
}

fn ok(description: &str, data: Value) -> Value {
    response(
        description,
        json!({"status": "OK", "message": "Success", "data": data}),
    )
}

fn ko(code: &str, message: &str) -> Value {
    json!({"status": "KO", "message": message, "error_code": code})
}

fn error(description: &str, code: &str, message: &str) -> Value {
    response(description, ko(code, message))
}

/// A failure carrying `errors`, as a 422 (or a 400 on the query string) names its field.
fn ko_field(code: &str, field: &str, message: &str) -> Value {
    let mut body = ko(code, &format!("{field}: {message}"));
    body["errors"] = json!({ field: message });
    body
}

/// A 422 example, named after its field.
fn invalid(field: &str, message: &str) -> (String, Value) {
    (
        field.to_string(),
        ko_field("VALIDATION_ERROR", field, message),
    )
}

fn rma(err: RmaError) -> (String, Value) {
    (err.code().to_string(), ko(err.code(), err.message()))
}

/// One response for several of this service's errors, all of one HTTP status.
fn rma_errors(description: &str, errs: &[RmaError]) -> Value {
    let examples: Vec<_> = errs.iter().map(|e| rma(*e)).collect();
    responses(description, &examples)
}

/// A 422: `errs`' examples after the field ones.
fn unprocessable(description: &str, fields: &[(String, Value)], errs: &[RmaError]) -> Value {
    let mut examples = fields.to_vec();
    examples.extend(errs.iter().map(|e| rma(*e)));
    responses(description, &examples)
}

fn unauthorized() -> Value {
    responses(
        "No valid token: missing, malformed or expired (with `WWW-Authenticate: Bearer`).",
        &[
            (
                "missing".to_string(),
                ko(
                    "UNAUTHORIZED",
                    "Missing bearer token in the Authorization header.",
                ),
            ),
            (
                "invalid".to_string(),
                ko("UNAUTHORIZED", "Invalid or expired token."),
            ),
        ],
    )
}

fn lacks(scope: &str) -> (String, Value) {
    (
        "FORBIDDEN".to_string(),
        ko("FORBIDDEN", &format!("This token lacks the scope {scope}.")),
    )
}

/// Either side may call: only the scope is checked.
fn forbidden(scope: &str) -> Value {
    responses(
        &format!("The token lacks the scope {scope} (FORBIDDEN)."),
        &[lacks(scope)],
    )
}

/// A repair center's route: the scope, then a token bound to a partner.
fn partner_only(scope: &str) -> Value {
    responses(
        &format!(
            "The token lacks the scope {scope} (FORBIDDEN), or is the retailer's, not bound to a repair center (PARTNER_ONLY)."
        ),
        &[lacks(scope), rma(RmaError::PartnerOnly)],
    )
}

/// The retailer's route: the scope, then a token bound to no partner.
fn retailer_only(scope: &str) -> Value {
    responses(
        &format!(
            "The token lacks the scope {scope} (FORBIDDEN), or is a repair center's (RETAILER_ONLY)."
        ),
        &[lacks(scope), rma(RmaError::RetailerOnly)],
    )
}

/// Reads need any `demands_*` scope.
fn no_demands_scope() -> (String, Value) {
    (
        "FORBIDDEN".to_string(),
        ko("FORBIDDEN", "This token has no demands_* scope."),
    )
}

fn not_found() -> Value {
    rma_errors(
        "No such demand, or one assigned to another repair center (DEMAND_NOT_FOUND).",
        &[RmaError::DemandNotFound],
    )
}

/// 400: a JSON body that is not JSON.
fn malformed() -> Value {
    error(
        "The JSON body is not well-formed (MALFORMED_JSON).",
        "MALFORMED_JSON",
        "Malformed JSON body: EOF while parsing an object at line 1 column 31",
    )
}

/// 415: a body of another type (such as multipart/form-data).
fn unsupported(form: bool) -> Value {
    let expected = if form {
        "application/json or application/x-www-form-urlencoded"
    } else {
        "application/json"
    };
    error(
        &format!("The Content-Type is not {expected} (UNSUPPORTED_MEDIA_TYPE)."),
        "UNSUPPORTED_MEDIA_TYPE",
        &format!("Content-Type must be {expected}."),
    )
}

/// 413: a base64 document beyond `RMA__SERVICE__MAX_DOCUMENT_BYTES` once decoded (10 MiB by
/// default), or a body beyond the HTTP limit (16 MiB by default).
fn too_large(field: &str) -> Value {
    let limit = 10 * 1024 * 1024;
    let err = RmaError::DocumentTooLarge;
    let mut document = ko(
        err.code(),
        &format!("{} ({field}: {limit} octets au plus)", err.message()),
    );
    document["errors"] = json!({ field: format!("exceeds {limit} bytes once decoded") });
    responses(
        &format!(
            "{field} exceeds the document limit once decoded (DOCUMENT_TOO_LARGE, RMA__SERVICE__MAX_DOCUMENT_BYTES, 10 MiB by default), or the body exceeds the HTTP limit (PAYLOAD_TOO_LARGE, 16 MiB by default)."
        ),
        &[
            (err.code().to_string(), document),
            (
                "PAYLOAD_TOO_LARGE".to_string(),
                ko(
                    "PAYLOAD_TOO_LARGE",
                    "The request body exceeds the limit of 16777216 bytes.",
                ),
            ),
        ],
    )
}

fn bad_base64(field: &str) -> (String, Value) {
    (
        "INVALID_BASE64".to_string(),
        ko_field(
            "INVALID_BASE64",
            field,
            "is not valid base64 (Invalid symbol 33, offset 3.)",
        ),
    )
}

/// A field the service reads as text, also sent as a JSON number (`"quantity": 1`).
fn text(description: &str) -> Value {
    let mut schema = json!({"type": ["string", "number"]});
    if !description.is_empty() {
        schema["description"] = json!(description);
    }
    schema
}

fn base64(description: &str) -> Value {
    json!({"type": "string", "contentEncoding": "base64", "description": description})
}

fn choice(values: &[&str], description: &str) -> Value {
    json!({"type": "string", "enum": values, "description": description})
}

fn content(schema: Value, form: bool) -> Value {
    let mut content = json!({"application/json": {"schema": schema}});
    if form {
        content["application/x-www-form-urlencoded"] = json!({"schema": schema});
    }
    json!({"required": true, "content": content})
}

fn body(properties: Value, required: &[&str], form: bool) -> Value {
    content(
        json!({"type": "object", "properties": properties, "required": required}),
        form,
    )
}

/// A body naming a demand, by `demand_number` or by `demand_numero` as sections 3.2 and 3.3
/// write it: exactly one of the two.
fn demand_body(mut properties: Value, required: &[&str], form: bool) -> Value {
    properties["demand_number"] = text("The demand's number, such as ACH-9001-0001.");
    properties["demand_numero"] = text(
        "Alias of demand_number, as sections 3.2 and 3.3 write it; send one of the two, not both (422).",
    );
    content(
        json!({
            "type": "object", "properties": properties, "required": required,
            "oneOf": [{"required": ["demand_number"]}, {"required": ["demand_numero"]}],
        }),
        form,
    )
}

fn query(name: &str, kind: &str, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": kind}})
}

fn path(name: &str, description: &str) -> Value {
    json!([{"name": name, "in": "path", "required": true, "description": description, "schema": {"type": "string"}}])
}

/// A demand as section 3.9 shows it (`Demand::view`), in `status`.
fn demand(status: RmaStatus, comment: Option<&str>) -> Value {
    let mut demand = json!({
        "type": "REP", "demand_number": "ACH-9001-0008", "agreement_number": "9999999915",
        "date": "2021-09-22 09:45:17", "current_status_code": status.code(),
        "current_status_label": status.label(), "current_status_comment": comment,
        "purchase_date": "2021-08-28 09:45:17", "serial_number": "1111111111111",
        "imei_number": "123456789123456", "ean": "8710103818724", "part_number": "1111111111",
        "brand": "Test", "problem_description": "TEST REVERSIO", "fault_code": "AutreProbleme",
        "return_to": "USER", "reseller_code": "AUCHAN", "quote_treatment": null,
        "tracking_number": null, "carrier_name": null, "internal_reference": "CR-2021-0042",
        "repair_center": "center-1", "closed": false, "updated_at": "2021-09-23 10:12:00",
    });
    let site = json!({
        "name": "AUCHAN TRAPPES", "mail": "rma_auchan@monsav.com", "code": "AUCHAN_TRAPPES",
        "address_street": "Allée du Ruisseau de Gironde", "address_zip_code": "78190",
        "address_city": "TRAPPES", "address_country": "FR",
    });
    let client = json!({
        "name": "Dupont Jean", "mail": "jean_dupont@toulouse.fr", "phone": "0600000000",
        "address_street": "rue de Metz", "address_street_number": "12",
        "address_zip_code": "31000", "address_city": "TOULOUSE", "address_country": "FR",
    });
    for (prefix, fields, values) in [
        ("site", SITE_FIELDS, site),
        ("client", CLIENT_FIELDS, client),
    ] {
        for field in fields {
            demand[format!("{prefix}_{field}")] =
                values.get(*field).cloned().unwrap_or(Value::Null);
        }
    }
    demand
}

/// A demand just created: no agreement yet (`""`, as section 3.9 shows it), no reference.
fn new_demand() -> Value {
    let mut demand = demand(RmaStatus::AwaitingPartner, None);
    demand["agreement_number"] = json!("");
    demand["internal_reference"] = Value::Null;
    demand
}

/// A quote as `Quote::view` shows it: prices exact, as decimal strings.
fn quote(state: &str, treatment: Option<&str>) -> Value {
    let answered = (state != "PENDING").then_some("2021-09-25 08:30:00");
    json!({
        "demand_number": "ACH-9001-0008", "quote_number": "DEV-2021-118",
        "quote_comment": "Carte mère à remplacer", "quote_document_id": 14,
        "prestation": [
            {"label_prestation": "Prestation 1", "quantity": 1, "price": "158.45", "total": "158.45"},
            {"label_prestation": "Prestation 2", "quantity": 2, "price": "0.10", "total": "0.20"},
        ],
        "total": "158.65", "total_cents": 15865, "state": state, "quote_treatment": treatment,
        "answered_at": answered, "date": "2021-09-24 14:03:00",
    })
}

fn message() -> Value {
    json!({"id": 7, "demand_number": "ACH-9001-0008", "message": "Merci de corriger le numéro de série",
        "side": "partner", "author": "center-1", "date": "2021-09-23 11:02:41"})
}

fn document() -> Value {
    json!({"id": 12, "file_name": "rapport1.txt", "type": "REPORT", "size": 11, "side": "partner",
        "date": "2021-09-24 16:20:05"})
}

fn label() -> Value {
    json!({"id": 3, "tracking_number": "XFR14512345", "carrier_name": "chronopost",
        "type": "CLIENT_TO_CENTER", "label_document_id": 13, "date": "2021-09-23 10:12:00"})
}

fn endpoint() -> Value {
    json!({"partner": "center-1", "url": "https://center.example/rma/events", "enabled": true,
        "updated_at": "2021-09-20 08:00:00"})
}

/// The 409s of a write by a repair center on a demand that is not (or no longer) its to change.
const CLOSED_TO_PARTNER: &[RmaError] = &[RmaError::DemandRefused, RmaError::DemandClosed];
const NOT_WORKABLE: &[RmaError] = &[
    RmaError::DemandNotAccepted,
    RmaError::DemandRefused,
    RmaError::DemandClosed,
];

/// `GET` and `POST` of a read route: the same operation under two ids.
fn both_methods(get_id: &str, post_id: &str, mut operation: Value) -> Value {
    let mut get = operation.clone();
    get["operationId"] = json!(get_id);
    operation["operationId"] = json!(post_id);
    json!({"get": get, "post": operation})
}

pub fn paths() -> Value {
    let site: Map<String, Value> = SITE_FIELDS
        .iter()
        .map(|f| {
            (
                format!("site_{f}"),
                text("The store (section 3.9's site_*)."),
            )
        })
        .collect();
    let client: Map<String, Value> = CLIENT_FIELDS
        .iter()
        .map(|f| {
            (
                format!("client_{f}"),
                text("The end customer (section 3.9's client_*)."),
            )
        })
        .collect();
    let mut create_fields = json!({
        "demand_number": text("Optional: generated as RMA-0000042 when absent; at most 64 characters."),
        "demand_numero": text("Alias of demand_number; send one of the two, not both (422)."),
        "type": choice(DEMAND_TYPES, "REP (repair) or PAD (dead on arrival)."),
        "repair_center": text("The repair center's partner id (the `partner` claim of its tokens)."),
        "partner": text("Alias of repair_center."),
        "agreement_number": text("The brand's agreement, already known for a PAD: the center may then update the demand without accepting it."),
        "agreement_numero": text("Alias of agreement_number."),
        "purchase_date": text("2021-08-28 09:45:17, 2021-08-28T09:45:17Z or 2021-08-28."),
        "serial_number": text(""), "imei_number": text(""), "ean": text(""), "part_number": text(""),
        "brand": text(""), "problem_description": text(""), "fault_code": text(""),
        "return_to": choice(RETURN_TO, "Where the product goes back: the end customer or the store."),
        "reseller_code": text("AUCHAN, CARREFOUR, BOULANGER, RDC, FNAC…"),
        "status_comment": text("The comment of the first status, RMAD."),
    });
    if let Some(fields) = create_fields.as_object_mut() {
        fields.extend(site);
        fields.extend(client);
    }
    let line = json!({"type": "object", "required": ["label_prestation", "quantity", "price"], "properties": {
        "label_prestation": text(""),
        "quantity": text("A whole number from 1 to 100000: \"1\" or 1."),
        "price": text("The unit price, exact to the cent: \"158,45\" (the document's form), \"158.45\" or 158.45."),
    }});
    let demand_number = [
        query(
            "demand_number",
            "string",
            "The demand (here or in the body).",
        ),
        query("demand_numero", "string", "Alias of demand_number."),
        query(
            "type",
            "string",
            &format!(
                "Only documents of this type, case-insensitive: {}.",
                DOCUMENT_TYPES.join(", ")
            ),
        ),
    ];
    let mut full = demand(RmaStatus::QuoteIssued, Some("Carte mère à remplacer"));
    full["history"] = json!([
        {"status_code": "RMAD", "status_label": RmaStatus::AwaitingPartner.label(), "comment": null, "side": "retailer", "actor": "backoffice", "date": "2021-09-22 09:45:17"},
        {"status_code": "RMAOK", "status_label": RmaStatus::Accepted.label(), "comment": null, "side": "partner", "actor": "center-1", "date": "2021-09-23 10:12:00"},
    ]);
    full["messages"] = json!([message()]);
    full["documents"] = json!([document()]);
    full["tracking"] = json!([label()]);
    full["quotes"] = json!([quote("PENDING", None)]);
    let mut answered = demand(RmaStatus::QuoteRefused, Some("RETURN - trop cher"));
    answered["quote_treatment"] = json!("RETURN");
    answered["quote"] = quote("RDE", Some("RETURN"));
    let mut closed = demand(RmaStatus::Returned, Some("XFR14512399"));
    closed["closed"] = json!(true);
    let mut listed = document();
    listed["file_content"] = json!("VEVYVEUgVEVTVFM=");
    let mut added = document();
    added["demand_number"] = json!("ACH-9001-0008");
    let mut tracked = label();
    tracked["demand_number"] = json!("ACH-9001-0008");
    let reserved = rma(RmaError::StatusReservedToRetailer).1;
    let mut accept_forbidden = partner_only("demands_accept");
    accept_forbidden["description"] = json!(
        "The token lacks the scope demands_accept (FORBIDDEN), is the retailer's (PARTNER_ONLY), or status_code is one of the retailer's codes RMAD, INFREV, VDE, RDE (STATUS_RESERVED_TO_RETAILER)."
    );
    accept_forbidden["content"]["application/json"]["examples"]["STATUS_RESERVED_TO_RETAILER"] =
        json!({"value": reserved});
    let mut status_forbidden = forbidden("demands_status");
    status_forbidden["description"] = json!(
        "The token lacks the scope demands_status (FORBIDDEN), or a repair center sent one of the retailer's codes RMAD, INFREV, VDE, RDE (STATUS_RESERVED_TO_RETAILER)."
    );
    status_forbidden["content"]["application/json"]["examples"]["STATUS_RESERVED_TO_RETAILER"] =
        json!({"value": reserved});
    let mut create_body = body(create_fields, &["type"], false);
    create_body["content"]["application/json"]["schema"]["oneOf"] =
        json!([{"required": ["repair_center"]}, {"required": ["partner"]}]);
    let documents_body = body(
        json!({
            "demand_number": text("The demand, here or in the query string."),
            "demand_numero": text("Alias of demand_number."),
            "type": choice(DOCUMENT_TYPES, "Only documents of this type, case-insensitive."),
        }),
        &[],
        true,
    );
    let mut documents = both_methods(
        "retrieveDocumentsGet",
        "retrieveDocuments",
        json!({
            "summary": "Section 3.10: a demand's documents with their content in base64 (any demands_* scope).",
            "description": "GET or POST, the same. The demand (demand_number, or its alias demand_numero) and the optional type come in the query string or in the body (JSON or form); the query string wins. Either side: a repair center reads only its own demands.",
            "parameters": demand_number,
            "responses": {
                "200": ok("The documents, oldest first.", json!([listed])),
                "401": unauthorized(),
                "403": responses("The token has no demands_* scope (FORBIDDEN).", &[no_demands_scope()]),
                "404": not_found(),
                "422": unprocessable("demand_number missing, or an unknown type.",
                    &[invalid("demand_number", "is required")], &[]),
            },
        }),
    );
    documents["post"]["requestBody"] =
        json!({"required": false, "content": documents_body["content"]});
    documents["post"]["responses"]["400"] = malformed();
    json!({
        "/api/demands/accept": {"post": {
            "summary": "Section 3.2: a repair center accepts a demand with the brand's agreement number (scope demands_accept).",
            "description": "Records the agreement number, optionally its document (base64, stored as an AGREEMENT document), the center's internal reference, and the next status at once (status_code, as in section 3.2's example ATTEXP). agreement_number may be left out when the demand already has one (a PAD). Accepting again with the same agreement changes nothing and answers the demand (a retried call); with another agreement it is a 409. JSON or form; the document's names demand_numero and agreement_numero are accepted as aliases.",
            "operationId": "acceptDemand",
            "requestBody": demand_body(json!({
                "agreement_number": text("The brand's agreement number; required unless the demand already has one."),
                "agreement_numero": text("Alias of agreement_number, as section 3.2 writes it."),
                "agreement_content": base64("The agreement document, base64 (\"\" for none)."),
                "status_code": text("Optional next status of annex 5.1, set right after RMAOK (not RMAD, INFREV, VDE, RDE, nor a code that has its own route)."),
                "status_comment": text("The comment of that next status."),
                "internal_reference": text("The center's own reference, shown back as internal_reference."),
                "reference": text("Alias of internal_reference."),
            }), &[], true),
            "responses": {
                "200": ok("The demand, accepted (RMAOK, or the next status given).", demand(RmaStatus::AwaitingShipment, None)),
                "400": malformed(), "401": unauthorized(), "403": accept_forbidden,
                "404": not_found(),
                "409": rma_errors("Already accepted under another agreement number, refused, or closed.", &[RmaError::DemandAlreadyAccepted, RmaError::DemandRefused, RmaError::DemandClosed]),
                "413": too_large("agreement_content"), "415": unsupported(true),
                "422": unprocessable("A field is missing or invalid: demand_number, agreement_number, agreement_content (INVALID_BASE64), or status_code (unknown, or one with its own route).",
                    &[invalid("agreement_number", "is required"), bad_base64("agreement_content")],
                    &[RmaError::UnknownStatusCode, RmaError::StatusHasItsOwnRoute]),
            },
        }},
        "/api/demands/refuse": {"post": {
            "summary": "Section 3.3: a repair center refuses a demand with its reason (scope demands_refuse).",
            "description": "Status RMANOK with the reason as its comment. Only before accepting; the demand is then closed to the center until the retailer resubmits it. JSON or form; demand_numero is accepted as an alias of demand_number.",
            "operationId": "refuseDemand",
            "requestBody": demand_body(json!({"reason": text("Why the center refuses it.")}), &["reason"], true),
            "responses": {
                "200": ok("The demand, refused.", demand(RmaStatus::Refused, Some("Produit hors de notre périmètre"))),
                "400": malformed(), "401": unauthorized(), "403": partner_only("demands_refuse"),
                "404": not_found(),
                "409": rma_errors("Already accepted, already refused, or closed.", &[RmaError::DemandAlreadyAccepted, RmaError::DemandRefused, RmaError::DemandClosed]),
                "415": unsupported(true),
                "422": unprocessable("demand_number or reason missing.", &[invalid("reason", "is required")], &[]),
            },
        }},
        "/api/demands/message": {"post": {
            "summary": "Section 3.4: a message on a demand, for the other side to read (scope demands_messagecenter).",
            "description": "Either side may write: a repair center on its own demands (not once refused or closed), the retailer on any demand not closed. A retailer's message is pushed to the center when it has a PUSH endpoint (event message.created). JSON or form; demand_numero is an alias of demand_number, content and body of message.",
            "operationId": "sendMessage",
            "requestBody": demand_body(json!({
                "message": text("The text."),
                "content": text("Alias of message."),
                "body": text("Alias of message."),
            }), &[], true),
            "responses": {
                "201": ok("The message.", message()),
                "400": malformed(), "401": unauthorized(), "403": forbidden("demands_messagecenter"),
                "404": not_found(),
                "409": rma_errors("The demand is refused (to its center) or closed.", CLOSED_TO_PARTNER),
                "415": unsupported(true),
                "422": unprocessable("demand_number or message missing.", &[invalid("message", "is required")], &[]),
            },
        }},
        "/api/demands/status": {"post": {
            "summary": "Section 3.5: a new status of annex 5.1 on a demand (scope demands_status).",
            "description": "A repair center sends any code of annex 5.1 except the retailer's (RMAD, INFREV, VDE, RDE), once the demand is accepted, or at once on a PAD that came with its agreement. The retailer may send INFREV and the centers' codes. Nobody sends here the codes that have their own route: RMAOK (accept), RMANOK (refuse), EDE (quotation), VDE and RDE (responsequote), RMAD (resubmit). JSON or form; demand_numero is an alias of demand_number, status of status_code, comment of status_comment.",
            "operationId": "updateDemandStatus",
            "requestBody": demand_body(json!({
                "status_code": text("A code of annex 5.1, such as D, IEXP, REPPROG, RPR."),
                "status": text("Alias of status_code."),
                "status_comment": text("Optional comment, such as the tracking number with RPR."),
                "comment": text("Alias of status_comment."),
            }), &[], true),
            "responses": {
                "200": ok("The demand in its new status.", demand(RmaStatus::Received, None)),
                "400": malformed(), "401": unauthorized(), "403": status_forbidden,
                "404": not_found(),
                "409": rma_errors("To a repair center: not yet accepted, refused or closed. To the retailer: closed.", NOT_WORKABLE),
                "415": unsupported(true),
                "422": unprocessable("demand_number or status_code missing, an unknown code, or one that has its own route.",
                    &[invalid("status_code", "is required")],
                    &[RmaError::UnknownStatusCode, RmaError::StatusHasItsOwnRoute]),
            },
        }},
        "/api/demands/tracking": {"post": {
            "summary": "Section 3.6: a transport label on a demand (scope demands_update).",
            "description": "Its number and carrier become the demand's tracking_number and carrier_name; the label itself (base64, optional) is stored as a TRANSPORT document. Either side; a repair center once the demand is accepted (or a PAD with its agreement), not once refused or closed. JSON or form; demand_numero is an alias of demand_number.",
            "operationId": "addTrackingLabel",
            "requestBody": demand_body(json!({
                "tracking_number": text("The carrier's tracking number."),
                "carrier_name": text("Such as chronopost."),
                "type": choice(DIRECTIONS, "Which way the parcel goes."),
                "label_content": base64("The label, base64 (optional)."),
            }), &["tracking_number", "carrier_name", "type"], true),
            "responses": {
                "201": ok("The label.", tracked),
                "400": malformed(), "401": unauthorized(), "403": forbidden("demands_update"),
                "404": not_found(),
                "409": rma_errors("To a repair center: not yet accepted, refused or closed. To the retailer: closed.", NOT_WORKABLE),
                "413": too_large("label_content"), "415": unsupported(true),
                "422": unprocessable("A field is missing or invalid (type must be CLIENT_TO_CENTER or CENTER_TO_CLIENT), or label_content is not base64 (INVALID_BASE64).",
                    &[invalid("type", "must be one of CLIENT_TO_CENTER, CENTER_TO_CLIENT"), bad_base64("label_content")], &[]),
            },
        }},
        "/api/demands/adddocument": {"post": {
            "summary": "Section 3.7: a document on a demand, in base64 (scope demands_adddocument).",
            "description": "Either side, on a demand not closed (nor refused, for its center). The file name loses any directory and reserved character. JSON or form; demand_numero is an alias of demand_number.",
            "operationId": "addDocument",
            "requestBody": demand_body(json!({
                "file_name": text("Such as rapport1.txt."),
                "file_content": base64("The file, base64 (line breaks tolerated)."),
                "type": choice(DOCUMENT_TYPES, "Optional but recommended, case-insensitive; OTHER when absent."),
            }), &["file_name", "file_content"], true),
            "responses": {
                "201": ok("The document, without its content.", added),
                "400": malformed(), "401": unauthorized(), "403": forbidden("demands_adddocument"),
                "404": not_found(),
                "409": rma_errors("The demand is refused (to its center) or closed.", CLOSED_TO_PARTNER),
                "413": too_large("file_content"), "415": unsupported(true),
                "422": unprocessable("A field is missing or invalid, or file_content is not base64 (INVALID_BASE64).",
                    &[invalid("file_name", "is required"), bad_base64("file_content")], &[]),
            },
        }},
        "/api/demands/quotation": {"post": {
            "summary": "Section 3.8: a repair center's quote, line by line (scope demands_update).",
            "description": "Status EDE. Prices are exact to the cent and may be written \"158,45\" (the document's form), \"158.45\" or as JSON numbers; quantities \"1\" or 1. The answer shows prices as \"158.45\". A new quote replaces one still waiting for its answer; sending the same quote_number again answers that quote (200) and changes nothing. Once the demand is accepted (or a PAD with its agreement), not once refused or closed. JSON or form, but a form cannot carry the prestation lines: send JSON. demand_numero is an alias of demand_number.",
            "operationId": "issueQuotation",
            "requestBody": demand_body(json!({
                "quote_number": text("The center's reference of its quote."),
                "quote_file": base64("The quote as a PDF, base64 (optional)."),
                "quote_comment": text("Optional; also the comment of status EDE."),
                "prestation": {"type": "array", "minItems": 1, "items": line},
            }), &["quote_number", "prestation"], true),
            "responses": {
                "201": ok("The quote, created.", quote("PENDING", None)),
                "200": ok("This quote_number was already sent: that quote, unchanged.", quote("PENDING", None)),
                "400": malformed(), "401": unauthorized(), "403": partner_only("demands_update"),
                "404": not_found(),
                "409": rma_errors("Not yet accepted, refused or closed.", NOT_WORKABLE),
                "413": too_large("quote_file"), "415": unsupported(true),
                "422": unprocessable("A field is missing or invalid; each wrong line field is named (prestation[1].price).",
                    &[invalid("prestation[1].price", "must be an amount such as 158,45 or 158.45"),
                      invalid("prestation", "needs at least one line"), bad_base64("quote_file")], &[]),
            },
        }},
        "/api/demands/retrieverequests": both_methods("retrieveRequestsGet", "retrieveRequests", json!({
            "summary": "Section 3.9: the repair center's demands, oldest first, paged (PULL mode; any demands_* scope).",
            "description": "POST as in the document (the parameters in the query string, no body; any body is ignored) or GET, the same. Only the demands assigned to the token's repair center. The answer adds page, limit and total beside data.",
            "parameters": [
                query("status", "string", "Only demands in this status of annex 5.1: RMAD for new ones, VDE or RDE for answered quotes."),
                query("updated_since", "string", "Only demands changed at or after: 2021-09-22 09:45:17, 2021-09-22T09:45:17Z or 2021-09-22 (UTC)."),
                query("page", "integer", "From 1 (default 1)."),
                query("limit", "integer", "Per page, 1 to 1000 (default 500)."),
            ],
            "responses": {
                "200": response("A page of demands, each with the fields of section 3.9.", json!({
                    "status": "OK", "message": "Success", "data": [new_demand()], "page": 1, "limit": 500, "total": 1,
                })),
                "400": responses("A parameter is invalid (INVALID_QUERY); `errors` names it.", &[
                    ("status".to_string(), ko_field("INVALID_QUERY", "status", "must be a code of annex 5.1")),
                    ("limit".to_string(), ko_field("INVALID_QUERY", "limit", "must be between 1 and 1000")),
                ]),
                "401": unauthorized(),
                "403": responses("The token has no demands_* scope (FORBIDDEN), or is the retailer's, not bound to a repair center (PARTNER_ONLY).",
                    &[no_demands_scope(), rma(RmaError::PartnerOnly)]),
            },
        })),
        "/api/demands/documents": documents,
        "/api/demands": {"post": {
            "summary": "The retailer creates a demand for a repair center, status RMAD (scope demands_create).",
            "description": "Every field of section 3.9 the retailer knows, flat as section 3.9 shows them (site_*, client_*). The number is generated (RMA-0000042) when none is given. The center finds it with retrieverequests?status=RMAD, or is told at once when it has a PUSH endpoint (event demand.assigned). JSON only; demand_numero, agreement_numero and partner are aliases.",
            "operationId": "createDemand",
            "requestBody": create_body,
            "responses": {
                "201": ok("The demand.", new_demand()),
                "200": ok("A retried creation: the same demand under the same number, as it is now.", new_demand()),
                "400": malformed(), "401": unauthorized(), "403": retailer_only("demands_create"),
                "409": rma_errors("Another demand has this number already.", &[RmaError::DemandNumberExists]),
                "415": unsupported(false),
                "422": unprocessable("Every missing or invalid field, each named (type, repair_center, return_to, purchase_date, an unknown site_*/client_* field).",
                    &[("fields".to_string(), json!({"status": "KO", "error_code": "VALIDATION_ERROR",
                        "message": "type: is required; repair_center: is required",
                        "errors": {"type": "is required", "repair_center": "is required"}}))], &[]),
            },
        }},
        "/api/demands/responsequote": {"post": {
            "summary": "The retailer answers the pending quote: VDE (accepted) or RDE (refused) (scope demands_responsequote).",
            "description": "A refusal needs quote_treatment, DESTRUCT or RETURN, also written at the head of the status comment (section 4, step 9: \"RETURN - trop cher\") and in the demand's quote_treatment. The center finds the answer with retrieverequests?status=VDE or RDE, or is told at once when it has a PUSH endpoint (event quote.answered). JSON or form; demand_numero is an alias of demand_number, answer and status_code of response, status_comment of comment.",
            "operationId": "respondToQuote",
            "requestBody": demand_body(json!({
                "response": text("VDE or RDE; also accept, accepted, validate / refuse, refused, reject (case-insensitive)."),
                "answer": text("Alias of response."),
                "status_code": text("Alias of response."),
                "quote_treatment": choice(QUOTE_TREATMENTS, "Required when refused: destroy or return the product (case-insensitive)."),
                "comment": text("Optional comment of the new status."),
                "status_comment": text("Alias of comment."),
            }), &[], true),
            "responses": {
                "200": ok("The demand in VDE or RDE, with the answered quote.", answered),
                "400": malformed(), "401": unauthorized(), "403": retailer_only("demands_responsequote"),
                "404": not_found(),
                "409": rma_errors("The demand is closed, or has no quote waiting for an answer.", &[RmaError::DemandClosed, RmaError::NoPendingQuote]),
                "415": unsupported(true),
                "422": unprocessable("response missing or not an answer, or quote_treatment missing on a refusal or invalid.",
                    &[invalid("quote_treatment", "is required when the quote is refused: DESTRUCT or RETURN")], &[]),
            },
        }},
        "/api/demands/resubmit": {"post": {
            "summary": "The retailer sends a refused demand back to its repair center, status RMAD (scope demands_resubmit).",
            "description": "The comment says what changed. The center is told at once when it has a PUSH endpoint (event demand.resubmitted). JSON or form; demand_numero is an alias of demand_number, status_comment of comment.",
            "operationId": "resubmitDemand",
            "requestBody": demand_body(json!({
                "comment": text("What changed since the refusal."),
                "status_comment": text("Alias of comment."),
            }), &[], true),
            "responses": {
                "200": ok("The demand, back in RMAD.", demand(RmaStatus::AwaitingPartner, Some("Numéro de série corrigé"))),
                "400": malformed(), "401": unauthorized(), "403": retailer_only("demands_resubmit"),
                "404": not_found(),
                "409": rma_errors("The demand is closed, or not refused.", &[RmaError::DemandClosed, RmaError::DemandNotRefused]),
                "415": unsupported(true),
                "422": unprocessable("demand_number or comment missing.", &[invalid("comment", "is required")], &[]),
            },
        }},
        "/api/demands/close": {"post": {
            "summary": "The retailer closes a demand, the last step of every case of section 4 (scope demands_update).",
            "description": "Nothing more can be written on it afterwards, by either side. The optional comment is kept as a retailer's message. JSON or form; demand_numero is an alias of demand_number, status_comment of comment.",
            "operationId": "closeDemand",
            "requestBody": demand_body(json!({
                "comment": text("Optional, kept as a message."),
                "status_comment": text("Alias of comment."),
            }), &[], true),
            "responses": {
                "200": ok("The demand, closed.", closed),
                "400": malformed(), "401": unauthorized(), "403": retailer_only("demands_update"),
                "404": not_found(),
                "409": rma_errors("Already closed.", &[RmaError::DemandClosed]),
                "415": unsupported(true),
                "422": unprocessable("demand_number missing.", &[invalid("demand_number", "is required")], &[]),
            },
        }},
        "/api/demands/{number}": {"get": {
            "summary": "One demand whole: the fields of section 3.9, its status history, messages, documents (without content), tracking labels and quotes (any demands_* scope).",
            "description": "Either side: a repair center reads only its own demands. The numbers retrieverequests and documents name the routes above, not demands.",
            "operationId": "getDemand",
            "parameters": path("number", "The demand's number."),
            "responses": {
                "200": ok("The demand.", full),
                "401": unauthorized(),
                "403": responses("The token has no demands_* scope (FORBIDDEN).", &[no_demands_scope()]),
                "404": not_found(),
            },
        }},
        "/api/partners/{partner}/push-endpoint": {
            "put": {
                "summary": "Puts a repair center in PUSH mode: where its events go (scope partners_manage).",
                "description": "Creates or replaces the endpoint. Events (demand.assigned, quote.answered, message.created, demand.resubmitted) are POSTed as JSON {event, event_id, occurred_at, partner, demand, …}, at least once, retried with backoff; the partner deduplicates on event_id (also in X-RMA-Event-Id). X-RMA-Signature is sha256= and the hex HMAC-SHA256, keyed by the secret, of \"{X-RMA-Timestamp}.{body}\". The secret is never shown again. JSON only.",
                "operationId": "putPushEndpoint",
                "parameters": path("partner", "The repair center's partner id."),
                "requestBody": body(json!({
                    "url": {"type": "string", "format": "uri", "description": "An absolute http:// or https:// URL."},
                    "secret": {"type": "string", "minLength": 16, "description": "The HMAC key, at least 16 characters."},
                    "enabled": {"type": "boolean", "description": "false pauses deliveries (default true)."},
                }), &["url", "secret"], false),
                "responses": {
                    "200": ok("The endpoint, without its secret.", endpoint()),
                    "400": malformed(), "401": unauthorized(), "403": retailer_only("partners_manage"),
                    "409": error("Saved at the same time by another request: retry.", "CONCURRENT_UPDATE",
                        "The endpoint was being saved by another request: retry."),
                    "415": unsupported(false),
                    "422": unprocessable("url missing or not absolute http(s), or secret shorter than 16 characters.",
                        &[invalid("url", "must be an absolute http:// or https:// URL"), invalid("secret", "must be at least 16 characters")], &[]),
                },
            },
            "get": {
                "summary": "A repair center's PUSH endpoint, without its secret (scope partners_manage).",
                "operationId": "getPushEndpoint",
                "parameters": path("partner", "The repair center's partner id."),
                "responses": {
                    "200": ok("The endpoint.", endpoint()),
                    "401": unauthorized(), "403": retailer_only("partners_manage"),
                    "404": error("The partner has no endpoint (it is in PULL mode).", "ENDPOINT_NOT_FOUND",
                        "Ce partenaire n'a pas d'adresse PUSH"),
                },
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operations() -> Vec<(String, String, Value)> {
        let paths = paths();
        let mut out = Vec::new();
        for (path, item) in paths.as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                out.push((path.clone(), method.clone(), operation.clone()));
            }
        }
        out
    }

    #[test]
    fn every_route_is_documented_once() {
        let mut ids: Vec<String> = operations()
            .iter()
            .map(|(_, _, op)| op["operationId"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), 18);
        for id in &ids {
            assert!(id.starts_with(|c: char| c.is_ascii_lowercase()), "{id}");
            assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 18);
    }

    #[test]
    fn every_operation_answers_401_and_403_and_describes_each_response() {
        for (path, method, op) in operations() {
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.contains_key("401"), "{method} {path}");
            assert!(responses.contains_key("403"), "{method} {path}");
            for (status, response) in responses {
                assert!(
                    response["description"]
                        .as_str()
                        .is_some_and(|d| !d.is_empty()),
                    "{method} {path} {status}"
                );
            }
        }
    }

    #[test]
    fn service_errors_are_documented_under_their_status() {
        for (path, method, op) in operations() {
            for (status, response) in op["responses"].as_object().unwrap() {
                let json = &response["content"]["application/json"];
                let mut bodies = vec![json["example"].clone()];
                if let Some(examples) = json["examples"].as_object() {
                    bodies.extend(examples.values().map(|e| e["value"].clone()));
                }
                for body in bodies {
                    let Some(code) = body["error_code"].as_str() else {
                        continue;
                    };
                    assert_eq!(body["status"], "KO", "{method} {path} {status}");
                    if let Some(err) = RmaError::ALL.iter().find(|e| e.code() == code) {
                        assert_eq!(err.status().as_str(), status, "{method} {path}: {code}");
                    }
                }
            }
        }
    }

    #[test]
    fn demand_examples_have_every_party_field() {
        let demand = new_demand();
        for field in SITE_FIELDS {
            assert!(demand.get(format!("site_{field}")).is_some());
        }
        for field in CLIENT_FIELDS {
            assert!(demand.get(format!("client_{field}")).is_some());
        }
        assert_eq!(demand["current_status_code"], "RMAD");
    }
}
