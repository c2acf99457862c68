//! Every path of the loyalty service, on one screen (seed 003, under `/api/v1/`). `/healthz`,
//! `/readyz` and `/metrics` come from the platform. Each route answers through
//! [`crate::media::negotiate_media`] (JSON or XML, 406 otherwise). Any valid token may call
//! them but the back office's voucher issue (scope `loyalty_vouchers`).

use actix_web::middleware::from_fn;
use actix_web::web;

use crate::cards::handlers as cards;
use crate::config::LoyaltySettings;
use crate::consumers::handlers as consumers;
use crate::media::negotiate_media;
use crate::reference::handlers as reference;
use crate::tickets::handlers as tickets;
use crate::vouchers::handlers as vouchers;

pub fn configure(cfg: &mut web::ServiceConfig, program: web::Data<LoyaltySettings>) {
    cfg.app_data(program).service(
        web::scope("/api/v1")
            .wrap(from_fn(negotiate_media))
            .route("/customers", web::get().to(consumers::list))
            .route("/customers", web::post().to(consumers::create))
            .route("/customers/", web::post().to(consumers::create_slash))
            .route("/customers/{id}", web::get().to(consumers::get))
            .route("/customers/{id}", web::put().to(consumers::update))
            .route("/customers/{id}", web::delete().to(consumers::delete))
            .route("/address/countries", web::get().to(reference::countries))
            .route(
                "/address/countries/{country}/cities",
                web::get().to(reference::cities),
            )
            .route("/tools/civilities/", web::get().to(reference::civilities))
            .route("/cards/{card}/balance", web::get().to(cards::get_balance))
            .route(
                "/cards/{card}/balances/{balance}/steps/{step}",
                web::post().to(cards::reward),
            )
            .route(
                "/cards/{card}/balances/{balance}/{step}",
                web::post().to(cards::reward_short),
            )
            .route("/cards/{card}/sales", web::post().to(tickets::create))
            .route("/cards/{card}/vouchers", web::get().to(vouchers::of_card))
            .route("/cards/{card}/vouchers", web::post().to(vouchers::issue))
            .route("/vouchers/{number}", web::get().to(vouchers::get)),
    );
}
