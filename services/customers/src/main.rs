#[actix_web::main]
async fn main() -> std::process::ExitCode {
    platform::service::main(&customers::SPEC, customers::config::load, customers::start).await
}
