#[actix_web::main]
async fn main() -> std::process::ExitCode {
    platform::service::main(&gateway::SPEC, gateway::config::load, gateway::start).await
}
