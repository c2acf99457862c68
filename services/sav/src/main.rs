#[actix_web::main]
async fn main() -> std::process::ExitCode {
    platform::service::main(&sav::SPEC, sav::config::load, sav::start).await
}
