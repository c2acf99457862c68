//! Every error code of the service is one its OpenAPI document declares, rendered as documented.

#[test]
fn every_annex_code_renders_as_its_document_says() {
    testkit::assert_codes_documented::<platform::codes::loyalty::LoyaltyErrorCode>(&loyalty::SPEC);
}

#[test]
fn the_service_s_own_codes_render_as_its_document_says() {
    testkit::assert_codes_documented::<loyalty::errors::LoyaltyError>(&loyalty::SPEC);
}
