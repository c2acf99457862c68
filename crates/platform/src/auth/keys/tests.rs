use jsonwebtoken::jwk::JwkSet;

use super::*;

fn claims(aud: &str, exp: u64) -> Claims {
    Claims {
        sub: "client-1".into(),
        iss: "gateway".into(),
        aud: aud.into(),
        exp,
        iat: now_secs(),
        jti: "j1".into(),
        scope: "demands_accept demands_status".into(),
        permissions: vec!["customer.view_phone".into()],
        terminal: Some("12".into()),
        partner: Some("center-9".into()),
    }
}

fn verifier_for(signer: &Signer) -> TokenVerifier {
    TokenVerifier::new(
        "gateway",
        "retail-platform",
        KeySource::Static(JwkSet {
            keys: vec![signer.jwk().clone()],
        }),
    )
    .with_leeway(0)
}

#[tokio::test]
async fn a_valid_token_round_trips_its_claims() {
    let signer = Signer::generate("k1").unwrap();
    let c = claims("retail-platform", now_secs() + 600);
    let token = signer.sign(&c).unwrap();
    assert_eq!(verifier_for(&signer).verify(&token).await.unwrap(), c);
}

#[tokio::test]
async fn expired_wrong_audience_foreign_and_tampered_tokens_are_rejected() {
    let signer = Signer::generate("k1").unwrap();
    let verifier = verifier_for(&signer);

    let expired = signer
        .sign(&claims("retail-platform", now_secs() - 5))
        .unwrap();
    assert!(matches!(
        verifier.verify(&expired).await,
        Err(VerifyError::Invalid(_))
    ));

    let wrong_aud = signer.sign(&claims("elsewhere", now_secs() + 600)).unwrap();
    assert!(matches!(
        verifier.verify(&wrong_aud).await,
        Err(VerifyError::Invalid(_))
    ));

    // Same key id, another key: the signature does not match.
    let impostor = Signer::generate("k1").unwrap();
    let forged = impostor
        .sign(&claims("retail-platform", now_secs() + 600))
        .unwrap();
    assert!(matches!(
        verifier.verify(&forged).await,
        Err(VerifyError::Invalid(_))
    ));

    let good = signer
        .sign(&claims("retail-platform", now_secs() + 600))
        .unwrap();
    let mut parts: Vec<&str> = good.split('.').collect();
    let other = signer
        .sign(&Claims {
            scope: "everything".into(),
            ..claims("retail-platform", now_secs() + 600)
        })
        .unwrap();
    let other_payload = other.split('.').nth(1).unwrap().to_string();
    parts[1] = &other_payload;
    let tampered = parts.join(".");
    assert!(matches!(
        verifier.verify(&tampered).await,
        Err(VerifyError::Invalid(_))
    ));

    assert!(matches!(
        verifier.verify("not-a-jwt").await,
        Err(VerifyError::Malformed(_))
    ));

    let unknown_kid = Signer::generate("k2").unwrap();
    let token = unknown_kid
        .sign(&claims("retail-platform", now_secs() + 600))
        .unwrap();
    assert!(matches!(
        verifier.verify(&token).await,
        Err(VerifyError::UnknownKey(_))
    ));
}

#[test]
fn a_pem_key_from_openssl_loads() {
    // openssl genpkey -algorithm ed25519
    let pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n";
    let signer = Signer::from_pkcs8_pem("pem", pem).unwrap();
    assert_eq!(signer.kid(), "pem");
}
