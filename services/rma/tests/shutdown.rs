//! The real binary under load stops on SIGTERM: status 0 within its shutdown timeout, in-flight
//! requests answered.

#[tokio::test]
async fn shutdown_on_sigterm_answers_in_flight_requests() {
    testkit::process::assert_service_stops(env!("CARGO_BIN_EXE_rma"), "rma").await;
}
