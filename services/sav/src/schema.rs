//! The tables of the SAV database.

/// Events for other services, written in the same transaction as the change (platform-owned).
pub use platform::outbox::outbox;

diesel::table! {
    sales (id) {
        id -> BigInt,
        increment_id -> Text,
        customer_email -> Text,
        customer_name -> Nullable<Text>,
        customer_phone -> Nullable<Text>,
        grand_total_cents -> BigInt,
        coupon_code -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sale_lines (id) {
        id -> BigInt,
        sale_id -> BigInt,
        sku -> Text,
        name -> Text,
        quantity -> Integer,
        unit_price_cents -> BigInt,
    }
}

diesel::table! {
    savs (id) {
        id -> BigInt,
        sale_id -> BigInt,
        status -> Integer,
        type_pb -> Text,
        claim_date -> Nullable<Date>,
        created_at -> Timestamp,
        validated_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
        customer_name -> Nullable<Text>,
        customer_email -> Text,
        customer_phone -> Nullable<Text>,
        observations -> Nullable<Text>,
        propositions -> Nullable<Text>,
        final_action -> Nullable<Text>,
        date_retour -> Nullable<Date>,
        pickup_rdv_date -> Nullable<Date>,
        communication_type -> Nullable<Text>,
        archived -> Bool,
    }
}

diesel::table! {
    sav_products (id) {
        id -> BigInt,
        sav_id -> BigInt,
        sku -> Text,
        name -> Text,
        quantity -> Integer,
    }
}

diesel::table! {
    sav_status_history (id) {
        id -> BigInt,
        sav_id -> BigInt,
        from_status -> Nullable<Integer>,
        to_status -> Integer,
        actor -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    pre_refunds (id) {
        id -> BigInt,
        sav_id -> BigInt,
        sale_id -> BigInt,
        amount_cents -> BigInt,
        status -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sav_repairs (sav_id) {
        sav_id -> BigInt,
        serial_number -> Text,
        brand -> Nullable<Text>,
        warranty -> Text,
        warranty_until -> Nullable<Date>,
        warranty_checked_at -> Nullable<Timestamp>,
        asked_by -> Nullable<Text>,
        repair_center -> Nullable<Text>,
        demand_number -> Nullable<Text>,
        demand_status -> Nullable<Text>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sav_repair_events (id) {
        id -> BigInt,
        sav_id -> BigInt,
        demand_number -> Text,
        status -> Text,
        label -> Text,
        comment -> Nullable<Text>,
        occurred_at -> Timestamp,
        source -> Text,
        event_id -> Text,
    }
}

diesel::joinable!(sale_lines -> sales (sale_id));
diesel::joinable!(sav_repairs -> savs (sav_id));
diesel::joinable!(sav_repair_events -> savs (sav_id));
diesel::joinable!(savs -> sales (sale_id));
diesel::joinable!(sav_products -> savs (sav_id));
diesel::joinable!(sav_status_history -> savs (sav_id));
diesel::allow_tables_to_appear_in_same_query!(
    sales,
    sale_lines,
    savs,
    sav_products,
    sav_status_history,
    pre_refunds,
    sav_repairs,
    sav_repair_events
);
