// mimalloc: measured faster than glibc's allocator here (docs/decisions.md, "allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if matches!(args.first().map(String::as_str), Some("clients" | "keys")) {
        return gateway::admin::main(&args);
    }
    platform::service::main(&gateway::SPEC, gateway::config::load, gateway::start).await
}
