// mimalloc: measured faster than glibc's allocator here (docs/decisions.md, "allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    platform::service::main(&rma::SPEC, rma::config::load, rma::start).await
}
