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
    customer_counts (category_id, visible) {
        category_id -> BigInt,
        visible -> Bool,
        n -> BigInt,
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
    products,
    locations,
    suppliers,
    warranty_tickets,
    warranty_ticket_history,
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

diesel::table! {
    products (id) {
        id -> Text,
        name -> Text,
        reference -> Nullable<Text>,
        search -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    locations (id) {
        id -> Text,
        name -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    suppliers (id) {
        id -> Text,
        name -> Text,
        search -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    warranty_tickets (id) {
        id -> Text,
        reference -> Text,
        product_name -> Text,
        product_search -> Text,
        product_qty -> Integer,
        product_status -> Text,
        product_img -> Text,
        supplier_name -> Nullable<Text>,
        supplier_search -> Text,
        note -> Nullable<Text>,
        customer_name -> Nullable<Text>,
        customer_search -> Text,
        customer_phone -> Nullable<Text>,
        customer_address -> Nullable<Text>,
        warranty_type -> Nullable<Text>,
        person_name -> Text,
        receiver -> Text,
        location_id -> Text,
        cust_received_date -> Timestamp,
        cust_return_date -> Nullable<Timestamp>,
        supplier_send_date -> Nullable<Timestamp>,
        supplier_return_date -> Nullable<Timestamp>,
        repair_cost_cents -> Nullable<BigInt>,
        warranty_expenses_cents -> Nullable<BigInt>,
        other_cost -> Nullable<Text>,
        failure_reason -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    warranty_ticket_history (id) {
        id -> Text,
        warranty_id -> Text,
        person_name -> Text,
        date -> Timestamp,
        log -> Text,
        image -> Nullable<Text>,
    }
}

diesel::joinable!(warranty_tickets -> locations (location_id));
diesel::joinable!(warranty_ticket_history -> warranty_tickets (warranty_id));
