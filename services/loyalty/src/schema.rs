//! The tables of the loyalty database.

/// Events for other services, written in the same transaction as the change (platform-owned).
pub use platform::outbox::outbox;

diesel::table! {
    consumers (id) {
        id -> BigInt,
        civility -> Text,
        lastname -> Text,
        firstname -> Text,
        phone -> Text,
        mobile -> Text,
        email -> Text,
        check_email -> Nullable<Bool>,
        check_email_date -> Nullable<Timestamp>,
        day_birthday -> Nullable<Integer>,
        month_birthday -> Nullable<Integer>,
        year_birthday -> Nullable<Integer>,
        source -> Text,
        no_fidelity -> Bool,
        is_active -> Bool,
        address1 -> Text,
        address2 -> Text,
        address3 -> Text,
        address4 -> Text,
        zip_code -> Text,
        city -> Text,
        country -> Text,
        consent_at -> Timestamp,
        created_at -> Timestamp,
        anonymised_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    cards (number) {
        number -> Text,
        consumer_id -> Nullable<BigInt>,
        points -> BigInt,
        wallet_cents -> BigInt,
        purchases -> BigInt,
        purchase_cents -> BigInt,
        discount_cents -> BigInt,
        purchases_cumulative -> BigInt,
        purchase_cents_cumulative -> BigInt,
        discount_cents_cumulative -> BigInt,
        first_purchase_at -> Nullable<Timestamp>,
        last_purchase_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tickets (id) {
        id -> BigInt,
        card -> Text,
        shop_id -> BigInt,
        receipt -> Text,
        sold_at -> Timestamp,
        gross_cents -> BigInt,
        deducted_cents -> BigInt,
        points -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    purchases (id) {
        id -> BigInt,
        ticket_id -> BigInt,
        line -> Integer,
        operation -> Integer,
        amount_cents -> BigInt,
        net_cents -> BigInt,
        quantity_hundredths -> BigInt,
        percentage_discount -> Text,
        item_code -> Text,
        item_label -> Text,
        item_type_code -> Text,
        item_type_label -> Text,
        points -> BigInt,
        returned_quantity_hundredths -> BigInt,
        returned_points -> BigInt,
    }
}

diesel::table! {
    point_entries (id) {
        id -> BigInt,
        card -> Text,
        ticket_id -> Nullable<BigInt>,
        purchase_id -> Nullable<BigInt>,
        operation -> Nullable<Integer>,
        kind -> Text,
        delta -> BigInt,
        remaining -> BigInt,
        created_at -> Timestamp,
        available_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    vouchers (number) {
        number -> Text,
        card -> Text,
        kind -> Text,
        value -> BigInt,
        remaining_cents -> BigInt,
        choices -> Text,
        label -> Text,
        state -> Text,
        expires_at -> Timestamp,
        created_at -> Timestamp,
        used_ticket_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    rewards (id) {
        id -> BigInt,
        card -> Text,
        step_index -> Integer,
        round -> BigInt,
        voucher -> Text,
        points -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(cards -> consumers (consumer_id));
diesel::joinable!(tickets -> cards (card));
diesel::joinable!(purchases -> tickets (ticket_id));
diesel::allow_tables_to_appear_in_same_query!(
    consumers,
    cards,
    tickets,
    purchases,
    point_entries,
    vouchers,
    rewards
);
