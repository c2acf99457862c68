//! The tables of the gateway database.

/// Events for other services, written in the same transaction as the change (platform-owned).
pub use platform::outbox::outbox;

diesel::table! {
    api_clients (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        username -> Nullable<Text>,
        terminal -> Nullable<Text>,
        secret_hash -> Text,
        token_lookup -> Nullable<Text>,
        scopes -> Text,
        permissions -> Text,
        partner -> Nullable<Text>,
        enabled -> Bool,
        created_at -> Timestamp,
        rotated_at -> Nullable<Timestamp>,
        token_format -> Nullable<Text>,
        rate_per_sec -> Nullable<Integer>,
        burst -> Nullable<Integer>,
    }
}

diesel::table! {
    opaque_tokens (token_hash) {
        token_hash -> Text,
        client_id -> Text,
        scopes -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(opaque_tokens -> api_clients (client_id));
diesel::allow_tables_to_appear_in_same_query!(api_clients, opaque_tokens);

diesel::table! {
    signing_keys (kid) {
        kid -> Text,
        private_key -> Text,
        created_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
    }
}
