#[actix_web::main]
async fn main() -> std::process::ExitCode {
    platform::service::main(&loyalty::SPEC, loyalty::config::load, loyalty::start).await
}
