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

diesel::joinable!(sale_lines -> sales (sale_id));
diesel::joinable!(savs -> sales (sale_id));
diesel::joinable!(sav_products -> savs (sav_id));
diesel::joinable!(sav_status_history -> savs (sav_id));
diesel::allow_tables_to_appear_in_same_query!(
    sales,
    sale_lines,
    savs,
    sav_products,
    sav_status_history,
    pre_refunds
);
