//! The dispatcher's step of a repair ([`super::TOPIC`]): the warranty asked once of the
//! customers service and kept, then the demand asked of the RMA when the SAV wants one.
//! Retried with the outbox's backoff while a peer is down; each attempt's failure is kept on
//! the repair (`last_error`), which `GET /api/sav/{id}` shows.

use std::sync::Arc;

use chrono::{NaiveDateTime, Utc};
use platform::db::{self, DbConn, Pool};
use platform::outbox::{OutboxEvent, Outcome};

use super::model::{Repair, Warranty, demand_number};
use super::peers::{DemandAsk, Failure, Peers};
use super::{Asked, store};
use crate::savs::model::{Product, Sav};
use crate::savs::store as savs;

/// What the demand is made of.
struct Case {
    repair: Repair,
    sav: Sav,
    products: Vec<Product>,
}

fn case_of(conn: &mut DbConn, sav_id: i64) -> diesel::QueryResult<Option<Case>> {
    let (Some(repair), Some((sav, _))) = (store::find(conn, sav_id)?, savs::find(conn, sav_id)?)
    else {
        return Ok(None);
    };
    Ok(Some(Case {
        repair,
        sav,
        products: savs::products(conn, sav_id)?,
    }))
}

async fn write<F>(pool: &Pool, work: F) -> Result<(), String>
where
    F: FnOnce(&mut DbConn, NaiveDateTime) -> diesel::QueryResult<usize> + Send + 'static,
{
    db::run(pool, move |conn| work(conn, Utc::now().naive_utc()))
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Keeps why the attempt failed on the repair, and settles the event as the failure says.
async fn failed(pool: &Pool, sav_id: i64, failure: Failure) -> Outcome {
    let (why, outcome) = match failure {
        Failure::Retry(why) => (why.clone(), Outcome::Failed(why)),
        Failure::Refused(why) => (why.clone(), Outcome::Discard(why)),
    };
    if let Err(err) = write(pool, move |conn, now| {
        store::record_error(conn, sav_id, &why, now)
    })
    .await
    {
        return Outcome::Failed(err);
    }
    outcome
}

pub async fn deliver(peers: Arc<Peers>, pool: Pool, event: OutboxEvent) -> Outcome {
    let asked: Asked = match serde_json::from_str(&event.payload) {
        Ok(asked) => asked,
        Err(err) => return Outcome::Discard(format!("unreadable repair event: {err}")),
    };
    let sav_id = asked.sav_id;
    // The asking request's id, or the event's: the peers' logs name the case either way.
    let request_id = asked.request_id.unwrap_or_else(|| event.event_id.clone());
    let case = match db::run(&pool, move |conn| case_of(conn, sav_id)).await {
        Ok(Some(case)) => case,
        Ok(None) => return Outcome::Discard(format!("SAV {sav_id} has no repair")),
        Err(err) => return Outcome::Failed(err.to_string()),
    };
    let mut repair = case.repair;
    if repair.demand_number.is_some() {
        return Outcome::Delivered;
    }
    if repair.warranty() == Warranty::Pending {
        let today = Utc::now().date_naive();
        let registered = match peers
            .warranty(&repair.serial_number, today, &request_id)
            .await
        {
            Ok(registered) => registered,
            Err(failure) => return failed(&pool, sav_id, failure).await,
        };
        let (warranty, until) = (registered.warranty, registered.until);
        if let Err(err) = write(&pool, move |conn, now| {
            store::record_warranty(conn, sav_id, warranty, until, now)
        })
        .await
        {
            return Outcome::Failed(err);
        }
        repair.warranty = warranty.name().to_string();
    }
    if !repair.wants_demand() {
        return Outcome::Delivered;
    }
    let center = peers.center_for(repair.brand.as_deref()).to_string();
    let product = case.products.first();
    let fields = case.sav.fields;
    let ask = DemandAsk {
        demand_number: demand_number(sav_id),
        demand_type: "REP",
        repair_center: center.clone(),
        serial_number: repair.serial_number.clone(),
        brand: repair.brand.clone(),
        part_number: product.map(|p| p.sku.clone()),
        problem_description: fields
            .observations
            .clone()
            .or_else(|| product.map(|p| format!("{} ({})", p.name, fields.type_pb))),
        client_name: fields.customer_name.clone(),
        client_mail: fields.customer_email.clone(),
        client_phone: fields.customer_phone.clone(),
        sav_id,
    };
    match peers.open_demand(&ask, &request_id).await {
        Ok(number) => match write(&pool, move |conn, now| {
            store::link_demand(conn, sav_id, &number, &center, now)
        })
        .await
        {
            Ok(()) => Outcome::Delivered,
            Err(err) => Outcome::Failed(err),
        },
        Err(failure) => failed(&pool, sav_id, failure).await,
    }
}
