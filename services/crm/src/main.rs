#[actix_web::main]
async fn main() -> std::process::ExitCode {
    platform::service::main(&crm::SPEC, crm::config::load, crm::start).await
}
