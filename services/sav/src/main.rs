// mimalloc: measured faster than glibc's allocator here (docs/decisions.md, "allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("seed") {
        return sav::seed::main(&args[1..]);
    }
    platform::service::main(&sav::SPEC, sav::config::load, sav::start).await
}
