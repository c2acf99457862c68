//! Seed 000 shows no `201` anywhere: each of its routes documents (and answers) `200` as its only
//! success. The retailer's own order feed (`POST /api/sales`) is not one of them.

const SEED_000_ROUTES: [(&str, &str); 5] = [
    ("get", "/api/customer/sav-status"),
    ("post", "/sav/create-sale-sav"),
    ("post", "/sav/update-new-sale-sav/{id}"),
    ("post", "/api/sav/forgotten-coupon/eligibility"),
    ("post", "/api/sav"),
];

#[test]
fn every_route_of_seed_000_succeeds_with_200_only() {
    let document = platform::openapi::document(&sav::SPEC);
    for (method, path) in SEED_000_ROUTES {
        let responses = document["paths"][path][method]["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{method} {path} is not documented"));
        let successes: Vec<&String> = responses.keys().filter(|s| s.starts_with('2')).collect();
        assert_eq!(successes, ["200"], "{method} {path}");
    }
}
