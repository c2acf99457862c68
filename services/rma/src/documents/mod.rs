//! Documents on a demand (agreements, pictures, reports, quotes, transport labels) and the
//! tracking labels of the parcels between customer and center. Each write use case is a plain
//! function called inside the demand's transaction (`demands::write`).

pub mod handlers;
pub mod model;
pub mod responses;
pub mod store;

use platform::AppError;
use platform::db::DbConn;

use crate::demands::Act;
use crate::demands::model::Demand;
use crate::input::file_name;
use model::{DocumentMeta, TrackingLabel};

/// A document as sent, checked and decoded.
pub struct NewDocument {
    pub name: String,
    pub doc_type: &'static str,
    pub content: Vec<u8>,
}

/// Section 3.7: a document on a demand open to the caller's side.
pub fn add_document(
    conn: &mut DbConn,
    act: &Act,
    demand: &mut Demand,
    file: &NewDocument,
) -> Result<DocumentMeta, AppError> {
    demand.open_to(&act.side)?;
    let (name, doc_type, side) = (&file.name, file.doc_type, &act.side);
    let document = store::insert(
        conn,
        demand.id,
        name,
        doc_type,
        &file.content,
        side,
        act.now,
    )?;
    demand.touch(act.now);
    Ok(document)
}

/// A transport label as sent, checked and decoded.
pub struct Parcel {
    pub tracking_number: String,
    pub carrier: String,
    pub direction: &'static str,
    pub label: Option<Vec<u8>>,
}

/// Section 3.6: the label (kept as a TRANSPORT document when sent), and its number and
/// carrier as the demand's.
pub fn add_label(
    conn: &mut DbConn,
    act: &Act,
    demand: &mut Demand,
    parcel: &Parcel,
) -> Result<TrackingLabel, AppError> {
    demand.workable_by(&act.side)?;
    let (side, now) = (&act.side, act.now);
    let number = parcel.tracking_number.as_str();
    let document_id = match &parcel.label {
        Some(bytes) => {
            let name = file_name(&format!("label-{number}.pdf"))?;
            Some(store::insert(conn, demand.id, &name, "TRANSPORT", bytes, side, now)?.id)
        }
        None => None,
    };
    let (carrier, direction) = (parcel.carrier.as_str(), parcel.direction);
    let label = store::add_label(
        conn,
        demand.id,
        number,
        carrier,
        direction,
        document_id,
        now,
    )?;
    demand.ship(number, carrier, now);
    Ok(label)
}
