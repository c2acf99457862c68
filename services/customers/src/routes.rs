//! Every path of the customers service, on one screen (seed 002, plus the point of sale's feed
//! under `/pos`). `/healthz`, `/readyz` and `/metrics` come from the platform. Each route answers
//! through [`crate::media::negotiate_media`] (406, 415, the negotiated `Content-Type`).
//!
//! Permissions (token `permissions`): one per action, named in each handler; the feed needs the
//! scope `customers_feed` (tickets, loyalty categories, products, locations, suppliers).

use actix_web::middleware::from_fn;
use actix_web::web;

use crate::catalog::handlers as catalog;
use crate::categories::handlers as categories;
use crate::config::CustomersSettings;
use crate::customers::{edit, handlers as customers};
use crate::images::ImageStore;
use crate::loyal_categories::handlers as loyal;
use crate::media::negotiate_media;
use crate::tickets::handlers as tickets;
use crate::warranty_info::{handlers as warranty, write as warranty_write};
use crate::warranty_tickets::{handlers as tickets_status, write as status_write};

pub fn configure(
    cfg: &mut web::ServiceConfig,
    images: web::Data<ImageStore>,
    rules: web::Data<CustomersSettings>,
) {
    // Images answer their own type, outside the negotiation of JSON answers.
    cfg.app_data(images).app_data(rules).route(
        "/warranty-info/images/{file}",
        web::get().to(crate::images::serve),
    );
    cfg.service(
        web::scope("")
            .wrap(from_fn(negotiate_media))
            .route("/customer-cats", web::get().to(categories::list))
            .route("/customer-cats", web::post().to(categories::create))
            .route("/customer-cats/{cat_id}", web::put().to(categories::edit))
            .route(
                "/customer-cats/{cat_id}",
                web::delete().to(categories::delete),
            )
            .route("/customers", web::get().to(customers::list))
            .route("/customers", web::post().to(customers::create))
            .route("/customers/{customer_id}", web::get().to(customers::get))
            .route("/customers/{customer_id}", web::put().to(edit::edit))
            .route(
                "/customers/{customer_id}",
                web::delete().to(customers::delete),
            )
            .route("/customer-loyal-cats", web::get().to(loyal::list))
            .route("/customer-loyal-cats/{cat_id}", web::get().to(loyal::get))
            .route("/pos/loyal-categories/{cat_id}", web::put().to(loyal::put))
            .route("/warranty-info", web::get().to(warranty::list))
            .route("/warranty-info", web::post().to(warranty_write::create))
            .route(
                "/warranty-info/{warranty_id}",
                web::put().to(warranty_write::edit),
            )
            .route(
                "/warranty-info/{warranty_id}",
                web::delete().to(warranty_write::delete),
            )
            .route("/warranty-status", web::get().to(tickets_status::list))
            .route("/warranty-status", web::post().to(status_write::create))
            .route(
                "/warranty-status/{warranty_id}",
                web::put().to(status_write::edit),
            )
            .route(
                "/warranty-status/{warranty_id}",
                web::delete().to(status_write::delete),
            )
            .route("/pos/tickets/{ticket_id}", web::put().to(tickets::put))
            .route(
                "/pos/products/{product_id}",
                web::put().to(catalog::put_product),
            )
            .route(
                "/pos/locations/{location_id}",
                web::put().to(catalog::put_location),
            )
            .route(
                "/pos/suppliers/{supplier_id}",
                web::put().to(catalog::put_supplier),
            ),
    );
}
