//! The import pages' HTTP: the upload form, the upload (checked and previewed at once), the
//! preview and progress page, the bad rows as CSV, and the run. Every page needs a session;
//! every form carries the session's CSRF token.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Duration, Utc};
use platform::AppError;
use platform::auth::session::random_hex;
use platform::db::{self, Pool};
use platform::web::{Form, Multipart};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::french::in_french;
use super::jobs::Jobs;
use super::store::{self, Import, NewImport};
use super::view;
use crate::clients::import::{self as engine, Mode};
use crate::clients::rows::{self, COLUMNS, Format, Source, csv_cell};
use crate::config::CrmSettings;
use crate::pages::html;
use crate::pages::session::{CsrfForm, Viewer, login_first};

/// How long an uploaded file is kept for its preview and import.
const KEPT_HOURS: i64 = 24;

#[utoipa::path(get, path = "/crm/import",
    description = "The import page (HTML): a form to upload a file of customers, JSON as `/api/update_db` takes it or CSV with the same columns.",
    responses(
        (status = 200, description = "The upload form.", body = String, content_type = "text/html"),
        (status = 303, description = "No session: to the login page."),
    ))]
pub async fn form(req: HttpRequest) -> Result<HttpResponse, AppError> {
    let Some(viewer) = Viewer::of(&req).await? else {
        return login_first(&req);
    };
    let body = view::upload_form(&viewer.csrf, None);
    Ok(html::page(
        StatusCode::OK,
        "Importer clients",
        &viewer.nav(),
        &body,
    ))
}

/// The upload form again, with what was wrong.
fn refused(viewer: &Viewer, problem: &str) -> HttpResponse {
    let body = view::upload_form(&viewer.csrf, Some(problem));
    html::page(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Importer clients",
        &viewer.nav(),
        &body,
    )
}

/// The form's fields: the CSRF token and the file.
#[derive(Debug, ToSchema)]
pub struct UploadForm {
    /// The CSRF token of the page's form.
    pub csrf: String,
    /// The file: JSON (`{"clients": [...]}`) or CSV with the document's column names.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

#[utoipa::path(post, path = "/crm/import",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    description = "Uploads a file: every row is read and checked against the database (nothing is written), the file is kept with what each row would do, and the browser goes to its preview. A file that cannot be read at all (no rows, not JSON nor CSV, a CSV without Nom and Prenom columns, too many rows) shows the form again with the reason.",
    responses(
        (status = 303, description = "To the preview (`/crm/import/{id}`); to the form when the CSRF token is wrong; to the login page without a session."),
        (status = 422, description = "The file cannot be read: the form again, with the reason.", body = String, content_type = "text/html"),
    ))]
pub async fn upload(
    req: HttpRequest,
    pool: web::Data<Pool>,
    rules: web::Data<CrmSettings>,
    form: Multipart,
) -> Result<HttpResponse, AppError> {
    let Some(viewer) = Viewer::of(&req).await? else {
        return login_first(&req);
    };
    if !viewer.checks(form.text("csrf")) {
        return Ok(html::see_other("/crm/import").finish());
    }
    let Some(file) = form.part("file").filter(|f| !f.data.is_empty()) else {
        return Ok(refused(
            &viewer,
            "Choisissez un fichier qui ne soit pas vide.",
        ));
    };
    let filename = file
        .filename
        .clone()
        .unwrap_or_else(|| "clients".to_string());
    let data = file.data.clone();
    let format = Format::of(Some(&filename), &data);
    let max_rows = rules.import_max_rows;
    let owner = viewer.caller.sub.clone();
    let id = random_hex();
    let stored = id.clone();
    let outcome = db::run(&pool, move |conn| {
        let source = Source {
            format,
            data: &data,
        };
        let report = match engine::run(conn, source, max_rows, Mode::Check, &|_| {}) {
            Ok(report) => report,
            Err(err) if err.status().is_client_error() => return Ok(Err(err)),
            Err(err) => return Err(err),
        };
        let actions: String = report.actions.iter().map(|a| a.letter()).collect();
        let problems: String = report
            .problems
            .iter()
            .map(|p| {
                let clean = |t: &str| t.replace(['\t', '\n', '\r'], " ");
                format!("{}\t{}\n", clean(&p.field), clean(&p.message))
            })
            .collect();
        let now = Utc::now().naive_utc();
        store::forget_before(conn, now - Duration::hours(KEPT_HOURS))?;
        store::insert(
            conn,
            &NewImport {
                id: &stored,
                owner: &owner,
                filename: &filename,
                format: format.name(),
                content: &data,
                row_count: i64::try_from(report.actions.len()).unwrap_or(i64::MAX),
                actions: &actions,
                problems: &problems,
                state: store::PREVIEWED,
                created_at: now,
            },
        )?;
        Ok::<_, AppError>(Ok(()))
    })
    .await?;
    match outcome {
        Ok(()) => Ok(html::see_other(&format!("/crm/import/{id}")).finish()),
        Err(err) => {
            let detail = err
                .fields()
                .iter()
                .map(|f| in_french(&f.message))
                .collect::<Vec<_>>()
                .join(" ; ");
            let message = if detail.is_empty() {
                in_french(err.message())
            } else {
                detail
            };
            Ok(refused(&viewer, &format!("Fichier illisible : {message}")))
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PreviewQuery {
    /// The page of the rows' table, from 1.
    page: Option<String>,
}

/// The import `id` of the viewer, or the answer when there is none.
async fn found(pool: &Pool, id: String, owner: String) -> Result<Option<Import>, AppError> {
    db::run(pool, move |conn| store::find(conn, &id, &owner)).await
}

fn not_found(viewer: &Viewer) -> HttpResponse {
    html::page(
        StatusCode::NOT_FOUND,
        "Import inconnu",
        &viewer.nav(),
        r#"<p>Cet import n'existe pas, ou plus (les fichiers sont gardés un jour).</p><p><a href="/crm/import">Importer clients</a></p>"#,
    )
}

#[utoipa::path(get, path = "/crm/import/{id}",
    params(("id" = String, Path, description = "The import's id."), PreviewQuery),
    description = "An uploaded file's page: before its run, the preview (the counts; each row with what it will do, create, update, unchanged or error, with the field and the reason; the bad rows' CSV; the import button when no row is bad); while it runs, its progress (the page reloads itself every second); then what it did.",
    responses(
        (status = 200, description = "The page.", body = String, content_type = "text/html"),
        (status = 303, description = "No session: to the login page."),
        (status = 404, description = "No such import of this client (or no longer kept).", body = String, content_type = "text/html"),
    ))]
pub async fn show(
    req: HttpRequest,
    pool: web::Data<Pool>,
    jobs: web::Data<Jobs>,
    id: web::Path<String>,
    query: platform::web::Query<PreviewQuery>,
) -> Result<HttpResponse, AppError> {
    let Some(viewer) = Viewer::of(&req).await? else {
        return login_first(&req);
    };
    let id = id.into_inner();
    let owner = viewer.caller.sub.clone();
    let Some(import) = found(&pool, id.clone(), owner.clone()).await? else {
        return Ok(not_found(&viewer));
    };
    let title = "Import de clients";
    match import.state.as_str() {
        store::PREVIEWED => {
            let page = query
                .0
                .page
                .as_deref()
                .and_then(|p| p.parse::<usize>().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1);
            let from = (page - 1).saturating_mul(view::PREVIEW_PAGE);
            let to = from.saturating_add(view::PREVIEW_PAGE);
            let rows = db::run(&pool, move |conn| {
                let Some((format, data)) = store::content(conn, &id, &owner)? else {
                    return Ok(Vec::new());
                };
                let source = Source {
                    format: Format::from_name(&format),
                    data: &data,
                };
                source.rows_between(from, to)
            })
            .await?;
            let body = view::preview(&import, &viewer.csrf, page, &rows);
            Ok(html::page(StatusCode::OK, title, &viewer.nav(), &body))
        }
        store::RUNNING => {
            let body = view::running(&import, jobs.progress(&import.id));
            Ok(html::refreshing(title, &viewer.nav(), 1, &body))
        }
        _ => {
            let body = view::finished(&import);
            Ok(html::page(StatusCode::OK, title, &viewer.nav(), &body))
        }
    }
}

#[utoipa::path(get, path = "/crm/import/{id}/errors.csv",
    params(("id" = String, Path, description = "The import's id.")),
    description = "The bad rows of an uploaded file, as CSV: `Ligne` (the row's number in the file, from 1), `Erreurs` (each field and reason), then the row's cells as the file gives them, under the document's column names, so the file can be fixed and sent again.",
    responses(
        (status = 200, description = "The bad rows (`text/csv`, as an attachment).", body = String, content_type = "text/csv"),
        (status = 303, description = "No session: to the login page."),
        (status = 404, description = "No such import of this client.", body = String, content_type = "text/html"),
    ))]
pub async fn errors_csv(
    req: HttpRequest,
    pool: web::Data<Pool>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let Some(viewer) = Viewer::of(&req).await? else {
        return login_first(&req);
    };
    let id = id.into_inner();
    let owner = viewer.caller.sub.clone();
    let Some(import) = found(&pool, id.clone(), owner.clone()).await? else {
        return Ok(not_found(&viewer));
    };
    let problems = view::problems(&import);
    let csv = db::run(&pool, move |conn| {
        let mut csv = format!("Ligne,Erreurs,{}\r\n", COLUMNS.join(","));
        let Some((format, data)) = store::content(conn, &id, &owner)? else {
            return Ok(csv);
        };
        let source = Source {
            format: Format::from_name(&format),
            data: &data,
        };
        source.each(&mut |index, row| {
            let why: Vec<String> = problems
                .iter()
                .filter(|(i, _, _)| *i == index)
                .map(|(_, field, message)| match field.as_str() {
                    "" => message.clone(),
                    field => format!("{field}: {message}"),
                })
                .collect();
            if why.is_empty() {
                return Ok(());
            }
            csv.push_str(&format!("{},{}", index + 1, csv_cell(&why.join("; "))));
            for column in COLUMNS {
                csv.push(',');
                csv.push_str(&csv_cell(&rows::cell(row, column)));
            }
            csv.push_str("\r\n");
            Ok(())
        })?;
        Ok::<_, AppError>(csv)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!(r#"attachment; filename="erreurs-{}.csv""#, import.id),
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(csv))
}

#[utoipa::path(post, path = "/crm/import/{id}/run",
    params(("id" = String, Path, description = "The import's id.")),
    request_body(content = CsrfForm, content_type = "application/x-www-form-urlencoded"),
    description = "Runs a previewed import that has no bad row, in the background and in one transaction (checked again, then written; a row gone bad since the preview and nothing is written); the browser goes to its page, which shows its progress. A second click runs nothing more.",
    responses(
        (status = 303, description = "To the import's page (also when it already ran, or the CSRF token is wrong); to the login page without a session."),
        (status = 404, description = "No such import of this client.", body = String, content_type = "text/html"),
    ))]
pub async fn run(
    req: HttpRequest,
    pool: web::Data<Pool>,
    rules: web::Data<CrmSettings>,
    jobs: web::Data<Jobs>,
    id: web::Path<String>,
    form: Form<CsrfForm>,
) -> Result<HttpResponse, AppError> {
    let Some(viewer) = Viewer::of(&req).await? else {
        return login_first(&req);
    };
    let id = id.into_inner();
    let page = format!("/crm/import/{id}");
    let owner = viewer.caller.sub.clone();
    if found(&pool, id.clone(), owner.clone()).await?.is_none() {
        return Ok(not_found(&viewer));
    }
    if !viewer.checks(form.0.csrf_token()) {
        return Ok(html::see_other(&page).finish());
    }
    let claimed = {
        let (id, owner) = (id.clone(), owner.clone());
        db::run(&pool, move |conn| store::claim(conn, &id, &owner)).await?
    };
    if claimed {
        let counter = jobs.start(&id);
        let max_rows = rules.import_max_rows;
        let (pool, jobs) = (pool.clone(), jobs.clone());
        actix_web::rt::spawn(async move {
            let job = id.clone();
            let outcome = db::run(&pool, move |conn| {
                let Some((format, data)) = store::content(conn, &job, &owner)? else {
                    return Err(AppError::internal("the import's file is gone"));
                };
                let source = Source {
                    format: Format::from_name(&format),
                    data: &data,
                };
                let progress = |done: usize| {
                    counter.store(done, std::sync::atomic::Ordering::Relaxed);
                };
                engine::import(conn, source, max_rows, &progress)
            })
            .await;
            let outcome = match outcome {
                Ok(report) => {
                    let o = report.outcome();
                    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
                    Ok((count(o.created), count(o.updated), count(o.unchanged)))
                }
                Err(err) => {
                    tracing::warn!(import = %id, error = %err, "import failed");
                    let fields: Vec<String> = err
                        .fields()
                        .iter()
                        .take(5)
                        .map(|f| format!("{} {}", f.field, f.message))
                        .collect();
                    Err(if fields.is_empty() {
                        err.message().to_string()
                    } else {
                        fields.join(" ; ")
                    })
                }
            };
            let finished = id.clone();
            let at = Utc::now().naive_utc();
            if let Err(err) = db::run(&pool, move |conn| {
                store::finish(conn, &finished, outcome, at)
            })
            .await
            {
                tracing::error!(import = %id, error = %err, "an import's end was not recorded");
            }
            jobs.finish(&id);
        });
    }
    Ok(html::see_other(&page).finish())
}
