//! The `Caller` extractor: a verified gateway token, or a 401 in the service's dialect.

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use super::keys::{Claims, TokenVerifier, VerifyError};
use crate::error::AppError;

/// Who is calling, as the gateway vouched for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub sub: String,
    pub scopes: Vec<String>,
    pub permissions: Vec<String>,
    pub terminal: Option<String>,
    pub partner: Option<String>,
}

impl Caller {
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    pub fn has_permission(&self, permission: &str) -> bool {
        self.permissions.iter().any(|p| p == permission)
    }
}

impl From<Claims> for Caller {
    fn from(claims: Claims) -> Self {
        Self {
            sub: claims.sub,
            scopes: claims
                .scope
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            permissions: claims.permissions,
            terminal: claims.terminal,
            partner: claims.partner,
        }
    }
}

/// 403 unless the caller holds `scope`.
pub fn require_scope(caller: &Caller, scope: &str) -> Result<(), AppError> {
    if caller.has_scope(scope) {
        Ok(())
    } else {
        Err(AppError::forbidden(format!(
            "This token lacks the scope {scope}."
        )))
    }
}

/// 403 unless the caller holds `permission`.
pub fn require_permission(caller: &Caller, permission: &str) -> Result<(), AppError> {
    if caller.has_permission(permission) {
        Ok(())
    } else {
        Err(AppError::forbidden(format!(
            "This token lacks the permission {permission}."
        )))
    }
}

pub(crate) fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

/// Verifies `token` with the app's [`TokenVerifier`]: who is calling, or a 401 (503 when the
/// gateway's keys cannot be had).
pub async fn verify_token(
    verifier: Option<web::Data<TokenVerifier>>,
    token: Option<String>,
) -> Result<Caller, AppError> {
    let verifier =
        verifier.ok_or_else(|| AppError::internal("no TokenVerifier registered in app data"))?;
    let token = token.ok_or_else(|| {
        AppError::unauthorized("Missing bearer token in the Authorization header.")
    })?;
    match verifier.verify(&token).await {
        Ok(claims) => Ok(Caller::from(claims)),
        Err(VerifyError::KeysUnavailable(cause)) => Err(AppError::unavailable(cause)),
        Err(err) => Err(AppError::unauthorized("Invalid or expired token.").with_cause(err)),
    }
}

impl FromRequest for Caller {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let verifier = req.app_data::<web::Data<TokenVerifier>>().cloned();
        let token = bearer_token(req);
        Box::pin(verify_token(verifier, token))
    }
}
