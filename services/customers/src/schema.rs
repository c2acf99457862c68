//! The tables of the customers database.

/// Events for other services, written in the same transaction as the change (platform-owned).
pub use platform::outbox::outbox;

diesel::table! {
    customer_categories (id) {
        id -> BigInt,
        name -> Text,
        is_default -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    loyal_categories (id) {
        id -> BigInt,
        name -> Text,
    }
}

diesel::table! {
    customers (id) {
        id -> BigInt,
        searchkey -> Nullable<Text>,
        taxid -> Nullable<Text>,
        name -> Text,
        name_search -> Text,
        card -> Nullable<Text>,
        category_id -> BigInt,
        loyal_cat_id -> Nullable<BigInt>,
        loyal_score -> BigInt,
        maxdebt_cents -> BigInt,
        curdebt_cents -> BigInt,
        curdate -> Nullable<Timestamp>,
        address -> Nullable<Text>,
        city -> Nullable<Text>,
        region -> Nullable<Text>,
        visible -> Bool,
        phone -> Text,
        notes -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tickets (id) {
        id -> Text,
        customer_id -> Nullable<BigInt>,
        sold_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    ticket_lines (ticket_id, line) {
        ticket_id -> Text,
        line -> Integer,
        product_id -> Text,
        product_name -> Text,
    }
}

diesel::table! {
    score_history (id) {
        id -> BigInt,
        customer_id -> BigInt,
        ticket_id -> Text,
        transaction_type -> Text,
        score -> BigInt,
        content -> Text,
        admin_name -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(customers -> customer_categories (category_id));
diesel::joinable!(customers -> loyal_categories (loyal_cat_id));
diesel::joinable!(ticket_lines -> tickets (ticket_id));
diesel::joinable!(score_history -> customers (customer_id));

diesel::allow_tables_to_appear_in_same_query!(
    customer_categories,
    loyal_categories,
    customers,
    tickets,
    ticket_lines,
    score_history,
    warranty_info,
    warranty_info_history,
);

diesel::table! {
    warranty_info (id) {
        id -> Text,
        ticket_id -> Text,
        product_id -> Text,
        product_name -> Text,
        model -> Nullable<Text>,
        serial_num -> Nullable<Text>,
        serial_key -> Nullable<Text>,
        private_code -> Nullable<Text>,
        product_search -> Text,
        image -> Nullable<Text>,
        customer_id -> BigInt,
        cust_phone -> Text,
        time_warranty -> Integer,
        active_date -> Date,
        expired_date -> Date,
        status -> Bool,
        note -> Nullable<Text>,
        person_id -> Text,
        person_name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    warranty_info_history (id) {
        id -> Text,
        warranty_id -> Text,
        person_name -> Text,
        date -> Timestamp,
        log -> Text,
    }
}

diesel::joinable!(warranty_info -> customers (customer_id));
diesel::joinable!(warranty_info -> tickets (ticket_id));
diesel::joinable!(warranty_info_history -> warranty_info (warranty_id));
