//! The tables of the rma database.

/// Events for other services, written in the same transaction as the change (platform-owned).
pub use platform::outbox::outbox;

diesel::table! {
    demands (id) {
        id -> BigInt,
        demand_number -> Text,
        demand_type -> Text,
        partner_id -> Text,
        agreement_number -> Nullable<Text>,
        partner_reference -> Nullable<Text>,
        status_code -> Text,
        status_comment -> Nullable<Text>,
        accepted_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        purchase_date -> Nullable<Timestamp>,
        serial_number -> Nullable<Text>,
        imei_number -> Nullable<Text>,
        ean -> Nullable<Text>,
        part_number -> Nullable<Text>,
        brand -> Nullable<Text>,
        problem_description -> Nullable<Text>,
        fault_code -> Nullable<Text>,
        return_to -> Nullable<Text>,
        reseller_code -> Nullable<Text>,
        site -> Text,
        client -> Text,
        quote_treatment -> Nullable<Text>,
        tracking_number -> Nullable<Text>,
        carrier_name -> Nullable<Text>,
        sav_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    demand_status_history (id) {
        id -> BigInt,
        demand_id -> BigInt,
        status_code -> Text,
        comment -> Nullable<Text>,
        side -> Text,
        actor -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    demand_messages (id) {
        id -> BigInt,
        demand_id -> BigInt,
        side -> Text,
        author -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    demand_documents (id) {
        id -> BigInt,
        demand_id -> BigInt,
        file_name -> Text,
        doc_type -> Text,
        content -> Binary,
        size_bytes -> BigInt,
        side -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tracking_labels (id) {
        id -> BigInt,
        demand_id -> BigInt,
        tracking_number -> Text,
        carrier_name -> Text,
        direction -> Text,
        document_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    quotations (id) {
        id -> BigInt,
        demand_id -> BigInt,
        quote_number -> Text,
        total_cents -> BigInt,
        comment -> Nullable<Text>,
        document_id -> Nullable<BigInt>,
        answer -> Nullable<Text>,
        quote_treatment -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    quotation_lines (id) {
        id -> BigInt,
        quotation_id -> BigInt,
        label -> Text,
        quantity -> Integer,
        unit_price_cents -> BigInt,
        total_cents -> BigInt,
    }
}

diesel::table! {
    partner_endpoints (partner_id) {
        partner_id -> Text,
        url -> Text,
        secret -> Text,
        enabled -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(demand_status_history -> demands (demand_id));
diesel::joinable!(demand_messages -> demands (demand_id));
diesel::joinable!(demand_documents -> demands (demand_id));
diesel::joinable!(tracking_labels -> demands (demand_id));
diesel::joinable!(quotations -> demands (demand_id));
diesel::joinable!(quotation_lines -> quotations (quotation_id));

diesel::allow_tables_to_appear_in_same_query!(
    demands,
    demand_status_history,
    demand_messages,
    demand_documents,
    tracking_labels,
    quotations,
    quotation_lines,
    partner_endpoints,
);
