//! The credentials the sandbox knows: OAuth clients, refresh tokens, the
//! access tokens `POST /oauth/v2/token` issued, and Cliq webhook tokens
//! (`?zapikey=`). The seed values are fixed and documented in
//! docs/sandbox.md; tests mint their own through the control API.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasher;
use std::time::{Duration, Instant};

/// `client_id` of the seed OAuth client.
pub const CLIENT_ID: &str = "1000.SANDBOXCLIENT";
/// `client_secret` of the seed OAuth client.
pub const CLIENT_SECRET: &str = "sandbox-client-secret-7b3e9f";
/// The seed refresh token (of the seed client, acting as the main user).
pub const REFRESH_TOKEN: &str = "1000.sandbox-refresh-token.4d1c8a";
/// The seed webhook token (acting as the main user).
pub const WEBHOOK_TOKEN: &str = "1001.sandbox-webhook-token.9e2f5b";
/// `expires_in` of an access token, in seconds, unless minted otherwise.
pub const EXPIRES_IN: u64 = 3600;
/// Access tokens one refresh token may obtain per window.
pub const REFRESH_MAX: usize = 10;
/// The refresh window, in (scaled) minutes.
pub const REFRESH_WINDOW_MINUTES: u32 = 10;
/// Largest `expires_in` a minted refresh token may ask for (one day).
pub const EXPIRES_IN_MAX: u64 = 86_400;

/// A refresh token and what its access tokens look like.
#[derive(Debug, Clone)]
struct Refresh {
    client_id: String,
    zuid: String,
    expires_in: u64,
    issued: VecDeque<Instant>,
    revoked: bool,
}

/// An access token issued by `POST /oauth/v2/token`.
#[derive(Debug, Clone)]
struct Access {
    zuid: String,
    refresh_token: String,
    issued_at: Instant,
    expires_in: u64,
    revoked: bool,
}

/// A webhook token.
#[derive(Debug, Clone)]
struct Webhook {
    zuid: String,
    revoked: bool,
}

/// What the store says about a bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessCheck {
    /// Not issued here: the ordinary token rules apply.
    Unknown,
    /// Issued here, still alive; acts as this ZUID.
    Valid(String),
    /// Issued here and expired or revoked: 401.
    Dead,
}

/// Why a refresh grant is refused (Zoho's `error` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshError {
    /// Unknown `client_id` or wrong `client_secret`: `invalid_client`.
    InvalidClient,
    /// Unknown, revoked or foreign refresh token: `invalid_code`.
    InvalidCode,
    /// More than [`REFRESH_MAX`] access tokens in the window: `Access Denied`.
    TooMany,
}

/// An access token just issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    /// The token, `1000.<hex>.<hex>`.
    pub access_token: String,
    /// Its lifetime in (unscaled) seconds, as answered.
    pub expires_in: u64,
}

/// Unpredictable hex for tokens: SipHash with a per-process random key over
/// a counter (no extra dependency; a local test server needs no more).
#[derive(Debug)]
struct Rng {
    keys: RandomState,
    counter: u64,
}

impl Rng {
    fn new() -> Self {
        Rng {
            keys: RandomState::new(),
            counter: 0,
        }
    }

    fn hex(&mut self) -> String {
        let mut out = String::with_capacity(32);
        for _ in 0..2 {
            self.counter += 1;
            out.push_str(&format!("{:016x}", self.keys.hash_one(self.counter)));
        }
        out
    }

    fn token(&mut self, prefix: &str) -> String {
        format!("{prefix}.{}.{}", self.hex(), self.hex())
    }
}

/// Every credential, with the seed ones marked so a reset can restore them.
#[derive(Debug)]
pub struct Credentials {
    clients: HashMap<String, String>,
    refresh: HashMap<String, Refresh>,
    access: HashMap<String, Access>,
    webhooks: HashMap<String, Webhook>,
    main_user: String,
    rng: Rng,
}

/// The refresh window at this time scale.
pub fn refresh_window(time_scale: f64) -> Duration {
    Duration::try_from_secs_f64(f64::from(REFRESH_WINDOW_MINUTES) * 60.0 / time_scale)
        .unwrap_or(Duration::MAX)
}

fn lifetime(expires_in: u64, time_scale: f64) -> Duration {
    Duration::try_from_secs_f64(expires_in as f64 / time_scale).unwrap_or(Duration::MAX)
}

impl Credentials {
    /// The seed credentials: one client, one refresh token and one webhook
    /// token, both acting as `main_user`.
    pub fn seeded(main_user: &str) -> Self {
        let mut credentials = Credentials {
            clients: HashMap::new(),
            refresh: HashMap::new(),
            access: HashMap::new(),
            webhooks: HashMap::new(),
            main_user: main_user.to_string(),
            rng: Rng::new(),
        };
        credentials.restore_seed();
        credentials
    }

    fn restore_seed(&mut self) {
        self.clients
            .insert(CLIENT_ID.to_string(), CLIENT_SECRET.to_string());
        self.refresh.insert(
            REFRESH_TOKEN.to_string(),
            Refresh {
                client_id: CLIENT_ID.to_string(),
                zuid: self.main_user.clone(),
                expires_in: EXPIRES_IN,
                issued: VecDeque::new(),
                revoked: false,
            },
        );
        self.webhooks.insert(
            WEBHOOK_TOKEN.to_string(),
            Webhook {
                zuid: self.main_user.clone(),
                revoked: false,
            },
        );
    }

    /// `POST /__sandbox/reset`: the seed credentials are valid again and
    /// every refresh window is empty; minted and issued tokens stay as they are.
    pub fn reset(&mut self) {
        for refresh in self.refresh.values_mut() {
            refresh.issued.clear();
        }
        self.restore_seed();
    }

    /// A new refresh token of the seed client acting as `zuid`, whose access
    /// tokens last `expires_in` (scaled) seconds.
    pub fn mint_refresh(&mut self, zuid: &str, expires_in: u64) -> String {
        let token = self.rng.token("1000");
        self.refresh.insert(
            token.clone(),
            Refresh {
                client_id: CLIENT_ID.to_string(),
                zuid: zuid.to_string(),
                expires_in,
                issued: VecDeque::new(),
                revoked: false,
            },
        );
        token
    }

    /// A new webhook token acting as `zuid`.
    pub fn mint_webhook(&mut self, zuid: &str) -> String {
        let token = self.rng.token("1001");
        self.webhooks.insert(
            token.clone(),
            Webhook {
                zuid: zuid.to_string(),
                revoked: false,
            },
        );
        token
    }

    /// Revokes a refresh token (with every access token it issued), an
    /// access token or a webhook token. `false` when the token is unknown.
    pub fn revoke(&mut self, token: &str) -> bool {
        let mut found = false;
        if let Some(refresh) = self.refresh.get_mut(token) {
            refresh.revoked = true;
            for access in self.access.values_mut() {
                if access.refresh_token == token {
                    access.revoked = true;
                }
            }
            found = true;
        }
        if let Some(access) = self.access.get_mut(token) {
            access.revoked = true;
            found = true;
        }
        if let Some(webhook) = self.webhooks.get_mut(token) {
            webhook.revoked = true;
            found = true;
        }
        found
    }

    /// The refresh grant: checks the client, the refresh token and the
    /// window (when `limits`), then issues an access token.
    pub fn refresh(
        &mut self,
        client_id: &str,
        client_secret: &str,
        refresh_token: &str,
        limits: bool,
        time_scale: f64,
        now: Instant,
    ) -> Result<Issued, RefreshError> {
        match self.clients.get(client_id) {
            Some(secret) if !client_secret.is_empty() && secret == client_secret => {}
            _ => return Err(RefreshError::InvalidClient),
        }
        let refresh = match self.refresh.get_mut(refresh_token) {
            Some(refresh) if !refresh.revoked && refresh.client_id == client_id => refresh,
            _ => return Err(RefreshError::InvalidCode),
        };
        let window = refresh_window(time_scale);
        while refresh
            .issued
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= window)
        {
            refresh.issued.pop_front();
        }
        if limits && refresh.issued.len() >= REFRESH_MAX {
            return Err(RefreshError::TooMany);
        }
        refresh.issued.push_back(now);
        let zuid = refresh.zuid.clone();
        let expires_in = refresh.expires_in;
        let access_token = self.rng.token("1000");
        self.access.insert(
            access_token.clone(),
            Access {
                zuid,
                refresh_token: refresh_token.to_string(),
                issued_at: now,
                expires_in,
                revoked: false,
            },
        );
        Ok(Issued {
            access_token,
            expires_in,
        })
    }

    /// Whether `token` is an access token issued here, and if so whether it
    /// still lives (its lifetime follows the current time scale, like locks).
    pub fn access(&self, token: &str, time_scale: f64, now: Instant) -> AccessCheck {
        match self.access.get(token) {
            None => AccessCheck::Unknown,
            Some(access) => {
                let alive = !access.revoked
                    && now.saturating_duration_since(access.issued_at)
                        < lifetime(access.expires_in, time_scale);
                if alive {
                    AccessCheck::Valid(access.zuid.clone())
                } else {
                    AccessCheck::Dead
                }
            }
        }
    }

    /// The ZUID a (live) webhook token acts as.
    pub fn webhook(&self, token: &str) -> Option<&str> {
        self.webhooks
            .get(token)
            .filter(|w| !w.revoked)
            .map(|w| w.zuid.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Credentials {
        Credentials::seeded("1")
    }

    #[test]
    fn refresh_issues_tokens_that_expire() {
        let mut c = store();
        let t0 = Instant::now();
        let issued = c
            .refresh(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, true, 1.0, t0)
            .expect("issued");
        assert!(issued.access_token.starts_with("1000."));
        assert_eq!(issued.expires_in, 3600);
        assert_eq!(
            c.access(&issued.access_token, 1.0, t0 + Duration::from_secs(3599)),
            AccessCheck::Valid("1".into())
        );
        assert_eq!(
            c.access(&issued.access_token, 1.0, t0 + Duration::from_secs(3600)),
            AccessCheck::Dead
        );
        assert_eq!(
            c.access(&issued.access_token, 60.0, t0 + Duration::from_secs(61)),
            AccessCheck::Dead
        );
        assert_eq!(c.access("1000.other", 1.0, t0), AccessCheck::Unknown);
    }

    #[test]
    fn bad_clients_and_codes_are_refused() {
        let mut c = store();
        let t0 = Instant::now();
        let wrong = |c: &mut Credentials, id: &str, secret: &str, token: &str| {
            c.refresh(id, secret, token, true, 1.0, t0).err()
        };
        assert_eq!(
            wrong(&mut c, CLIENT_ID, "nope", REFRESH_TOKEN),
            Some(RefreshError::InvalidClient)
        );
        assert_eq!(
            wrong(&mut c, "1000.X", CLIENT_SECRET, REFRESH_TOKEN),
            Some(RefreshError::InvalidClient)
        );
        assert_eq!(
            wrong(&mut c, CLIENT_ID, CLIENT_SECRET, "1000.x.y"),
            Some(RefreshError::InvalidCode)
        );
        assert!(c.revoke(REFRESH_TOKEN));
        assert_eq!(
            wrong(&mut c, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN),
            Some(RefreshError::InvalidCode)
        );
        c.reset();
        assert_eq!(wrong(&mut c, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN), None);
    }

    #[test]
    fn ten_per_window() {
        let mut c = store();
        let t0 = Instant::now();
        for i in 0..10 {
            let at = t0 + Duration::from_secs(i);
            assert!(c
                .refresh(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, true, 1.0, at)
                .is_ok());
        }
        let at = t0 + Duration::from_secs(599);
        assert_eq!(
            c.refresh(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, true, 1.0, at),
            Err(RefreshError::TooMany)
        );
        // Without limits, or with another refresh token: allowed.
        assert!(c
            .refresh(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, false, 1.0, at)
            .is_ok());
        let other = c.mint_refresh("1", 60);
        assert!(c
            .refresh(CLIENT_ID, CLIENT_SECRET, &other, true, 1.0, at)
            .is_ok());
        // Ten minutes after the tenth, the window has room again (the
        // refresh made without limits at 599 s still counts).
        let at = t0 + Duration::from_secs(609);
        assert!(c
            .refresh(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, true, 1.0, at)
            .is_ok());
    }

    #[test]
    fn revoking_a_refresh_token_kills_its_access_tokens() {
        let mut c = store();
        let t0 = Instant::now();
        let other = c.mint_refresh("2", EXPIRES_IN);
        let a = c
            .refresh(CLIENT_ID, CLIENT_SECRET, &other, true, 1.0, t0)
            .expect("a");
        let b = c
            .refresh(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, true, 1.0, t0)
            .expect("b");
        assert!(c.revoke(&other));
        assert_eq!(c.access(&a.access_token, 1.0, t0), AccessCheck::Dead);
        assert_eq!(
            c.access(&b.access_token, 1.0, t0),
            AccessCheck::Valid("1".into())
        );
        let hook = c.mint_webhook("2");
        assert_eq!(c.webhook(&hook), Some("2"));
        assert!(c.revoke(&hook));
        assert_eq!(c.webhook(&hook), None);
        assert!(!c.revoke("nothing"));
    }
}
