#[actix_web::main]
async fn main() -> std::process::ExitCode {
    platform::service::main(&rma::SPEC, rma::config::load, rma::start).await
}
