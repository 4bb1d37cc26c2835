//! `zohoOAuth(options)`: a `getAccessToken` provider that turns a refresh
//! token into access tokens, through the same HTTP path as every request
//! (gloo-net, the `fetch` option, a timeout). The core's [`Refresher`]
//! decides when to refresh and refuses the 11th refresh in 10 minutes;
//! concurrent callers share one refresh.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::convert::{function, options_to_value};
use super::error;
use super::signal::Signal;
use super::timers::now;
use super::transport::{send, Outcome, Wire};
use crate::endpoint::Method;
use crate::error::{Error, ErrorKind};
use crate::oauth::{decode_token, OAuthConfig, Refresher, TOKEN_HEADERS};
use crate::options::DEFAULT_TIMEOUT_MS;

/// One provider: its settings, cache, budget and the refresh under way.
struct Provider {
    config: OAuthConfig,
    fetch: Option<Function>,
    refresher: RefCell<Refresher>,
    pending: RefCell<Option<Promise>>,
}

impl Provider {
    /// A token for `reason`: the cached one for `"initial"` while fresh,
    /// else a refresh (shared with any under way).
    async fn token(self: Rc<Self>, reason: JsValue) -> Result<JsValue, JsValue> {
        if reason.as_string().as_deref() == Some("expired") {
            self.refresher.borrow_mut().forget();
        } else if let Some(token) = self.refresher.borrow().cached(now()) {
            return Ok(token.into());
        }
        let pending = self.pending.borrow().clone();
        let shared = match pending {
            Some(shared) => shared,
            None => {
                let me = self.clone();
                let shared = super::promise(async move {
                    let result = me.refresh().await;
                    me.pending.borrow_mut().take();
                    result
                        .map(JsValue::from)
                        .map_err(|e| error::to_js(&e.in_operation("zohoOAuth")))
                });
                *self.pending.borrow_mut() = Some(shared.clone());
                shared
            }
        };
        JsFuture::from(shared).await
    }

    async fn refresh(&self) -> Result<String, Error> {
        self.refresher.borrow_mut().admit(now())?;
        let req = self.config.request();
        let wire = Wire {
            method: Method::Post,
            url: &req.url,
            headers: TOKEN_HEADERS,
            authorization: None,
            body: Some(&req.body),
            secret: Some(self.config.secrets()[0]),
        };
        let outcome = send(
            self.fetch.as_ref(),
            &wire,
            &Signal::none(),
            DEFAULT_TIMEOUT_MS,
        )
        .await;
        let grant = match outcome {
            Outcome::Answer { status, body, .. } => decode_token(status, &body, now())?,
            Outcome::Failed(_, _) => {
                return Err(Error::new(
                    ErrorKind::Network,
                    "zohoOAuth could not reach Zoho's accounts server",
                ))
            }
        };
        let token = grant.access_token.clone();
        self.refresher.borrow_mut().store(grant);
        Ok(token)
    }
}

/// A token provider for `getAccessToken` from a refresh token:
/// `zohoOAuth({clientId, clientSecret, refreshToken, dataCenter?, accountsUrl?, fetch?})`.
/// Throws a `CliqError` (`invalid_input`, naming the field) for bad options.
#[wasm_bindgen(js_name = zohoOAuth)]
pub fn zoho_oauth(options: JsValue) -> Result<Function, JsValue> {
    let config = options_to_value(&options)
        .and_then(|json| OAuthConfig::from_json(&json))
        .map_err(|e| error::to_js(&e.in_operation("zohoOAuth")))?;
    let provider = Rc::new(Provider {
        config,
        fetch: function(&options, "fetch"),
        refresher: RefCell::new(Refresher::default()),
        pending: RefCell::new(None),
    });
    let get = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |reason: JsValue| {
        super::promise(provider.clone().token(reason))
    });
    Ok(get.into_js_value().unchecked_into())
}
