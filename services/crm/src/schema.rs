//! The tables of the crm database.

/// Events for other services, written in the same transaction as the change (platform-owned).
pub use platform::outbox::outbox;

diesel::table! {
    clients (id) {
        id -> BigInt,
        id_client -> Text,
        nom -> Text,
        prenom -> Text,
        credit_cents -> BigInt,
        date_paiement -> Nullable<Date>,
        montant_cents -> BigInt,
        nb_refus -> BigInt,
        compte -> Nullable<Text>,
        age -> Nullable<BigInt>,
        sexe -> Nullable<Text>,
        email -> Nullable<Text>,
        email_key -> Nullable<Text>,
        phone -> Nullable<Text>,
        panier_moyen_cents -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    fidelity_cards (carte_fid) {
        carte_fid -> BigInt,
        client_id -> BigInt,
        attached_at -> Timestamp,
    }
}

diesel::table! {
    credits (id) {
        id -> BigInt,
        ticket_id -> Nullable<Text>,
        carte_fid -> BigInt,
        client_id -> BigInt,
        montant_cents -> BigInt,
        credited_cents -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    credit_requests (id) {
        id -> BigInt,
        client_id -> BigInt,
        montant_cents -> BigInt,
        scheduled_on -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tickets (id) {
        id -> BigInt,
        sold_at -> Timestamp,
        prix_cents -> BigInt,
        client_id -> BigInt,
        points_fidelite -> BigInt,
        mode_paiement -> Text,
        origin -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    ticket_articles (ticket_id, line) {
        ticket_id -> BigInt,
        line -> BigInt,
        code_produit -> Text,
        prix_avant_cents -> BigInt,
        prix_apres_cents -> BigInt,
        promo -> BigInt,
        quantity -> BigInt,
    }
}

diesel::table! {
    loyalty_sales (loyalty_ticket) {
        loyalty_ticket -> BigInt,
        ticket_id -> BigInt,
        client_id -> BigInt,
        carte_fid -> BigInt,
        paid_cents -> BigInt,
        credited_cents -> BigInt,
        returned_cents -> BigInt,
        taken_back_cents -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(fidelity_cards -> clients (client_id));
diesel::joinable!(loyalty_sales -> clients (client_id));
diesel::joinable!(credits -> clients (client_id));
diesel::joinable!(credit_requests -> clients (client_id));
diesel::joinable!(tickets -> clients (client_id));
diesel::joinable!(ticket_articles -> tickets (ticket_id));

diesel::allow_tables_to_appear_in_same_query!(
    clients,
    fidelity_cards,
    credits,
    credit_requests,
    tickets,
    ticket_articles,
    loyalty_sales,
);

diesel::table! {
    imports (id) {
        id -> Text,
        owner -> Text,
        filename -> Text,
        format -> Text,
        content -> Binary,
        row_count -> BigInt,
        actions -> Text,
        problems -> Text,
        state -> Text,
        created -> BigInt,
        updated -> BigInt,
        unchanged -> BigInt,
        message -> Nullable<Text>,
        created_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}
