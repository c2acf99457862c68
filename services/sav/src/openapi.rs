//! The SAV service's endpoints in its OpenAPI document (`proto-docs/sav.openapi.json`).

use serde_json::{Value, json};

fn response(description: &str, example: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"example": example}}})
}

fn error(description: &str, code: &str, message: &str) -> Value {
    response(
        description,
        json!({"success": false, "message": message, "error_code": code}),
    )
}

fn unauthorized() -> Value {
    error(
        "No valid token.",
        "UNAUTHORIZED",
        "Invalid or expired token.",
    )
}

fn forbidden(scope: &str) -> Value {
    error(
        &format!("The token lacks the scope {scope}."),
        "FORBIDDEN",
        &format!("This token lacks the scope {scope}."),
    )
}

fn body(properties: Value, required: &[&str], form: bool) -> Value {
    let schema = json!({"type": "object", "properties": properties, "required": required});
    let mut content = json!({"application/json": {"schema": schema}});
    if form {
        content["application/x-www-form-urlencoded"] = json!({"schema": schema});
    }
    json!({"required": true, "content": content})
}

fn query(name: &str, required: bool, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": required, "description": description, "schema": {"type": "string"}})
}

fn sav_fields() -> Value {
    let text = json!({"type": "string"});
    let date = json!({"type": "string", "format": "date"});
    json!({
        "sale_ref": {"type": ["string", "integer"], "description": "the order's increment_id"}, "customer_email": text, "customer_name": text, "customer_phone": text,
        "type_pb": text, "status": {"type": ["integer", "string"], "enum": [0, 1, 2, 4, 5, 6, 7, "0", "1", "2", "4", "5", "6", "7"]},
        "claim_date": date, "observations": text, "propositions": text, "final_action": text,
        "date_retour": date, "pickup_rdv_date": date, "communication_type": text,
        "archived": {"type": "boolean"},
        "products": {"description": "JSON: [{\"sku\", \"quantity\"}] or SKUs; form: \"SKU1:2,SKU2\""},
    })
}

pub fn paths() -> Value {
    let chatbot_fields = json!({
        "increment_id": {"type": ["string", "integer"]}, "coupon_code": {"type": "string"},
        "commercial_offer_percentage": {"type": ["number", "string"], "description": "10, \"10\" or \"12,5\""},
    });
    let mut ticket_fields = chatbot_fields.clone();
    ticket_fields["sav_type"] = json!({"type": "string", "description": "oublie de code promo, forgotten-coupon or forgot-coupon"});
    let path_id =
        json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    json!({
        "/api/sales": {"post": {
            "summary": "The shop's order feed: one order or a list, upserted by increment_id, all or nothing (scope sales_write).",
            "operationId": "upsertSales",
            "requestBody": body(json!({"increment_id": {"type": ["string", "integer"]}, "customer_email": {"type": "string"},
                "grand_total": {"description": "158.45, \"158,45\" or a number"}, "status": {"type": "string"},
                "coupon_code": {"type": "string"}, "created_at": {"type": "string"},
                "lines": {"type": "array", "items": {"type": "object"}}}), &["increment_id", "customer_email", "grand_total", "status"], false),
            "responses": {
                "200": response("Stored.", json!({"success": true, "upserted": 1, "sales": [{"increment_id": "100000123", "sale_id": 456}]})),
                "401": unauthorized(), "403": forbidden("sales_write"),
                "422": error("A field is invalid; `errors` names each.", "VALIDATION_ERROR", "[0].grand_total: must be an amount such as 158.45 or \"158,45\""),
            },
        }},
        "/api/customer/sav-status": {"get": {
            "summary": "A customer's unarchived SAV, newest first (scope sav_read).",
            "operationId": "customerSavStatus",
            "parameters": [query("email", true, "Matched case-insensitively after trimming."),
                query("product_sku", false, "Only SAV containing this product."),
                query("page", false, "From 1."), query("per_page", false, "Default 50, at most 200.")],
            "responses": {
                "200": response("The customer's SAV.", json!({"success": true, "customerEmail": "customer@example.com",
                    "productSku": "SKU123", "hasSav": true, "totalSav": 1, "page": 1, "perPage": 50,
                    "savRecords": [{"savId": 123, "status": 1, "statusLabel": "Validé", "saleRef": "ORDER123",
                        "typePb": "garantie", "products": [{"sku": "SKU123", "name": "Canapé", "quantity": 1}]}]})),
                "400": error("email missing (MISSING_EMAIL) or malformed (INVALID_EMAIL).", "MISSING_EMAIL", "Le paramètre email est obligatoire"),
                "401": unauthorized(), "403": forbidden("sav_read"),
            },
        }},
        "/sav/create-sale-sav": {"post": {
            "summary": "Creates a SAV on a known order; pickup_rdv_date overrides date_retour (scope sav_write).",
            "operationId": "createSaleSav",
            "requestBody": body(sav_fields(), &["sale_ref"], true),
            "responses": {
                "201": response("Created.", json!({"success": true, "sav_id": 123})),
                "401": unauthorized(), "403": forbidden("sav_write"),
                "404": error("Unknown order.", "SALE_NOT_FOUND", "Commande introuvable"),
                "422": error("A field is invalid.", "VALIDATION_ERROR", "pickup_rdv_date: must be a real date written YYYY-MM-DD"),
            },
        }},
        "/sav/update-new-sale-sav/{id}": {"post": {
            "summary": "Partial update; every status change goes to the history (scope sav_write).",
            "operationId": "updateSaleSav",
            "parameters": path_id,
            "requestBody": body(sav_fields(), &[], true),
            "responses": {
                "200": response("Updated.", json!({"success": true, "sav_id": 123, "status": 1})),
                "401": unauthorized(), "403": forbidden("sav_write"),
                "404": error("Unknown SAV.", "SAV_NOT_FOUND", "SAV introuvable"),
                "409": error("Archived SAV.", "SAV_ARCHIVED", "Ce SAV est archivé et ne peut plus être modifié"),
                "422": error("A field is invalid.", "VALIDATION_ERROR", "status: must be one of 0, 1, 2, 4, 5, 6, 7"),
            },
        }},
        "/api/sav/forgotten-coupon/eligibility": {"post": {
            "summary": "Whether the chatbot may open a forgotten-coupon ticket; changes nothing (scope sav_read).",
            "operationId": "forgottenCouponEligibility",
            "requestBody": body(chatbot_fields, &["increment_id", "coupon_code", "commercial_offer_percentage"], false),
            "responses": {
                "200": response("Allowed, or a business rejection with allowed: false and its error_code (SALE_NOT_CANCELABLE, SALE_ALREADY_HAS_COUPON, FORGOTTEN_COUPON_SAV_ALREADY_EXISTS, INVALID_COUPON_CODE, INVALID_COMMERCIAL_OFFER_PERCENTAGE).",
                    json!({"success": true, "allowed": true, "sale_id": 456, "coupon_code": "SUMMER10",
                        "commercial_offer_percentage": 10, "proposed_gesture_amount": 20, "type": "forgotten_coupon_eligibility"})),
                "401": unauthorized(), "403": forbidden("sav_read"),
                "404": error("Unknown order.", "SALE_NOT_FOUND", "Commande introuvable"),
                "422": error("A field is missing.", "VALIDATION_ERROR", "commercial_offer_percentage: is required"),
            },
        }},
        "/api/sav": {
            "post": {
                "summary": "The chatbot's forgotten-coupon ticket: a commercial-gesture SAV and its pre-refund; the order is never changed (scope sav_write).",
                "operationId": "chatbotTicket",
                "requestBody": body(ticket_fields, &["increment_id", "sav_type", "coupon_code", "commercial_offer_percentage"], false),
                "responses": {
                    "201": response("Created.", json!({"success": true, "sav_id": 123, "sale_id": 456, "coupon_code": "SUMMER10",
                        "commercial_offer_percentage": 10, "proposed_gesture_amount": 20, "type": "forgotten_coupon_ticket"})),
                    "401": unauthorized(), "403": forbidden("sav_write"),
                    "404": error("Unknown order.", "SALE_NOT_FOUND", "Commande introuvable"),
                    "409": error("A business rule refuses it (SALE_NOT_CANCELABLE, SALE_ALREADY_HAS_COUPON, FORGOTTEN_COUPON_SAV_ALREADY_EXISTS).",
                        "FORGOTTEN_COUPON_SAV_ALREADY_EXISTS", "Un SAV oubli de code promo existe déjà pour cette commande"),
                    "422": error("Invalid payload, sav_type, coupon or percentage.", "INVALID_COMMERCIAL_OFFER_PERCENTAGE", "Le pourcentage de geste commercial est invalide"),
                },
            },
            "get": {
                "summary": "SAV for quality monitoring, newest first (scope sav_read).",
                "operationId": "listSavs",
                "parameters": [query("status", false, "A status code."), query("type_pb", false, "A problem type."),
                    query("from", false, "YYYY-MM-DD, inclusive."), query("to", false, "YYYY-MM-DD, inclusive."),
                    query("page", false, "From 1."), query("per_page", false, "Default 50, at most 200.")],
                "responses": {
                    "200": response("A page.", json!({"success": true, "total": 1, "page": 1, "perPage": 50, "savRecords": []})),
                    "400": error("A filter is invalid.", "INVALID_QUERY", "status: must be one of 0, 1, 2, 4, 5, 6, 7"),
                    "401": unauthorized(), "403": forbidden("sav_read"),
                },
            },
        },
        "/api/sav/{id}": {"get": {
            "summary": "One SAV with products, status history and pre-refund (scope sav_read).",
            "operationId": "getSav",
            "parameters": path_id,
            "responses": {
                "200": response("The SAV.", json!({"success": true, "sav": {"savId": 123, "history": [], "preRefund": null}})),
                "401": unauthorized(), "403": forbidden("sav_read"),
                "404": error("Unknown SAV.", "SAV_NOT_FOUND", "SAV introuvable"),
            },
        }},
    })
}
