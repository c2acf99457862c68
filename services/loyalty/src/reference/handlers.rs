//! `/address/countries`, `/address/countries/{country}/cities`, `/tools/civilities/`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use platform::auth::Caller;
use platform::error::PlatformCode;
use platform::{AppError, Dialect};
use serde::Serialize;
use utoipa::ToSchema;

use super::data;

#[derive(Debug, Serialize, ToSchema)]
pub struct CountryItem {
    /// ISO 3166 alpha-2.
    code: &'static str,
    /// As `address.country` takes it.
    name: &'static str,
    /// The phone prefix, without `+`.
    #[serde(rename = "callingCode")]
    calling_code: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CityItem {
    name: &'static str,
    #[serde(rename = "zipCodes")]
    zip_codes: Vec<&'static str>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CivilityItem {
    code: &'static str,
    label: &'static str,
}

#[utoipa::path(get, path = "/api/v1/address/countries",
    description = "The countries `address.country` takes.",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),(status = 200, description = "The countries.", body = [CountryItem])))]
pub async fn countries(_caller: Caller) -> HttpResponse {
    let items: Vec<CountryItem> = data::COUNTRIES
        .iter()
        .map(|c| CountryItem {
            code: c.code,
            name: c.name,
            calling_code: c.calling_code,
        })
        .collect();
    Dialect::Loyalty.success(StatusCode::OK, items)
}

#[utoipa::path(get, path = "/api/v1/address/countries/{country}/cities",
    params(("country" = String, Path, description = "A country's name or code.")),
    description = "The cities of a country, with their zip codes.",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),
        (status = 200, description = "The cities.", body = [CityItem]),
        (status = 404, description = "Unknown country (NOT_FOUND)."),
    ))]
pub async fn cities(_caller: Caller, country: web::Path<String>) -> Result<HttpResponse, AppError> {
    let country = data::country(&country)
        .ok_or_else(|| AppError::coded(PlatformCode::NotFound, "This country is unknown."))?;
    let items: Vec<CityItem> = data::cities(country.name)
        .into_iter()
        .map(|(name, zips)| CityItem {
            name,
            zip_codes: zips.to_vec(),
        })
        .collect();
    Ok(Dialect::Loyalty.success(StatusCode::OK, items))
}

#[utoipa::path(get, path = "/api/v1/tools/civilities/",
    description = "The civilities `civility` takes.",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),(status = 200, description = "The civilities.", body = [CivilityItem])))]
pub async fn civilities(_caller: Caller) -> HttpResponse {
    let items: Vec<CivilityItem> = data::CIVILITIES
        .iter()
        .map(|&(code, label)| CivilityItem { code, label })
        .collect();
    Dialect::Loyalty.success(StatusCode::OK, items)
}
