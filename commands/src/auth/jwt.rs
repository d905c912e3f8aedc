//! Access tokens: HS256 JWTs with `sub`, `roles`, `exp`, `iat`, `jti`.

use birqadam_domain::Role;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::AuthConfig;
use crate::AuthError;

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The account id.
    pub sub: Uuid,
    /// Roles at issue time.
    pub roles: Vec<Role>,
    /// Expiry (seconds since the epoch).
    pub exp: i64,
    /// Issued at.
    pub iat: i64,
    /// Token id.
    pub jti: Uuid,
    /// Always `access` (refresh tokens are opaque, never JWTs).
    pub typ: String,
}

/// Issues and verifies access tokens.
#[derive(Clone)]
pub struct AccessTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl_secs: i64,
}

impl AccessTokens {
    /// Builds the signer/verifier from the auth settings.
    pub fn new(config: &AuthConfig) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub", "iat"]);
        Self {
            encoding: EncodingKey::from_secret(config.jwt_secret.as_bytes()),
            decoding: DecodingKey::from_secret(config.jwt_secret.as_bytes()),
            validation,
            ttl_secs: i64::try_from(config.access_ttl.as_secs()).unwrap_or(900),
        }
    }

    /// Lifetime in seconds.
    pub fn ttl_secs(&self) -> u64 {
        u64::try_from(self.ttl_secs).unwrap_or(0)
    }

    /// Signs a token for `account` with `roles`.
    pub fn issue(&self, account: Uuid, roles: Vec<Role>) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = AccessClaims {
            sub: account,
            roles,
            exp: now + self.ttl_secs,
            iat: now,
            jti: Uuid::new_v4(),
            typ: "access".to_owned(),
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// Verifies signature, algorithm (HS256 only: `alg: none` is refused) and expiry.
    pub fn verify(&self, token: &str) -> Result<AccessClaims, AuthError> {
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => AuthError::TokenExpired,
                _ => AuthError::InvalidToken,
            })?;
        if data.claims.typ != "access" {
            return Err(AuthError::InvalidToken);
        }
        Ok(data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_round_trips_and_a_tampered_one_is_refused() {
        let tokens = AccessTokens::new(&AuthConfig::for_tests());
        let id = Uuid::now_v7();
        let token = tokens
            .issue(id, vec![Role::Volunteer])
            .expect("signing works");
        assert_eq!(tokens.verify(&token).map(|c| c.sub), Ok(id));
        let mut forged = token.clone();
        forged.pop();
        forged.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(
            tokens.verify(&forged).map(|c| c.sub),
            Err(AuthError::InvalidToken)
        );
        let other = AccessTokens::new(&AuthConfig {
            jwt_secret: "another".to_owned(),
            ..AuthConfig::for_tests()
        });
        assert_eq!(
            other.verify(&token).map(|c| c.sub),
            Err(AuthError::InvalidToken)
        );
    }
}
