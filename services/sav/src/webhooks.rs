//! What a SAV's status changes tell the partners: every status a SAV takes (its first one
//! included) is published to the webhooks of the platform, mounted at `/api/webhooks`, in the
//! transaction of the change (document 000 names these webhooks as its next step).

use diesel::QueryResult;
use platform::AppError;
use platform::auth::{Caller, require_scope};
use platform::db::DbConn;
use platform::webhooks::{Event, Mount};
use serde::Serialize;

use crate::savs::model::NewStatusChange;
use crate::savs::responses::StatusChangeRecord;

pub const STATUS_CHANGED: &str = "sav.status_changed";

/// The routes of the platform's webhooks, for the SAV: scope `sav_read`; every SAV's events.
pub const MOUNT: Mount = Mount {
    authorize,
    events: &[STATUS_CHANGED],
};

fn authorize(caller: &Caller) -> Result<Option<String>, AppError> {
    require_scope(caller, "sav_read")?;
    Ok(None)
}

/// The `data` of a status event: the SAV and its change, as its history shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Data<'a> {
    sav_id: i64,
    sale_ref: &'a str,
    #[serde(flatten)]
    change: StatusChangeRecord,
}

/// Publishes `change` of the SAV on order `sale_ref`.
pub fn status_changed(
    conn: &mut DbConn,
    change: &NewStatusChange,
    sale_ref: &str,
) -> QueryResult<()> {
    let data = serde_json::to_value(Data {
        sav_id: change.sav_id,
        sale_ref,
        change: change.into(),
    })
    .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let stream = format!("sav:{}", change.sav_id);
    let event = Event {
        name: STATUS_CHANGED,
        stream: &stream,
        audience: None,
        data,
    };
    platform::webhooks::publish(conn, event, change.changed_at).map(|_| ())
}
