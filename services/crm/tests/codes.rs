//! Every error code of the service is one its OpenAPI document declares, rendered as documented.

#[test]
fn every_code_renders_as_its_document_says() {
    testkit::assert_codes_documented::<crm::errors::CrmError>(&crm::SPEC);
}
