//! Data centres and the API root a request goes to.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::Error;

/// Zoho data centres that serve Cliq, with their API hosts (cliq-api.md §14.1).
pub const DATA_CENTERS: &[(&str, &str)] = &[
    ("us", "https://cliq.zoho.com"),
    ("eu", "https://cliq.zoho.eu"),
    ("in", "https://cliq.zoho.in"),
    ("au", "https://cliq.zoho.com.au"),
    ("jp", "https://cliq.zoho.jp"),
    ("cn", "https://cliq.zoho.com.cn"),
    ("ca", "https://cliq.zohocloud.ca"),
    ("sa", "https://cliq.zoho.sa"),
    ("uk", "https://cliq.zoho.uk"),
];

/// Where requests go: an origin (with an optional path prefix) and an
/// optional Cliq network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRoot {
    /// Scheme, host and optional path prefix, without a trailing `/`.
    base: String,
    /// Network unique name or id, already percent-encoded.
    network: Option<String>,
}

impl ApiRoot {
    /// Builds the root from the client options: `base_url` overrides
    /// `data_center` (default `us`).
    pub fn new(
        data_center: Option<&str>,
        base_url: Option<&str>,
        network: Option<&str>,
    ) -> Result<ApiRoot, Error> {
        let dc = data_center.unwrap_or("us");
        let dc_host = DATA_CENTERS
            .iter()
            .find(|(name, _)| *name == dc)
            .map(|(_, host)| *host)
            .ok_or_else(|| {
                Error::invalid_input(
                    "dataCenter",
                    format!(
                        "must be one of {} (got \"{dc}\")",
                        DATA_CENTERS
                            .iter()
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        let base = match base_url {
            Some(url) => {
                let trimmed = url.trim().trim_end_matches('/');
                let rest = trimmed
                    .strip_prefix("https://")
                    .or_else(|| trimmed.strip_prefix("http://"));
                match rest {
                    Some(rest) if !rest.is_empty() && !rest.contains(['?', '#']) => {
                        trimmed.to_string()
                    }
                    _ => {
                        return Err(Error::invalid_input(
                            "baseUrl",
                            "must be an absolute http(s) URL without query or fragment",
                        ))
                    }
                }
            }
            None => dc_host.to_string(),
        };
        let network = match network {
            None => None,
            Some(n) if n.trim().is_empty() => {
                return Err(Error::invalid_input("network", "must not be empty"))
            }
            Some(n) => Some(crate::request::encode_segment(n)),
        };
        Ok(ApiRoot { base, network })
    }

    /// The absolute URL of `path` (which starts with `/`) under API `version`.
    pub fn url(&self, version: u8, path: &str) -> String {
        let mut url = String::with_capacity(self.base.len() + path.len() + 32);
        url.push_str(&self.base);
        if let Some(network) = &self.network {
            url.push_str("/network/");
            url.push_str(network);
        }
        url.push_str("/api/v");
        url.push(char::from(b'0' + version % 10));
        url.push_str(path);
        url
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    #[test]
    fn every_data_center_has_its_cliq_host() {
        let root = ApiRoot::new(Some("ca"), None, None).unwrap();
        assert_eq!(root.url(2, "/x"), "https://cliq.zohocloud.ca/api/v2/x");
        let root = ApiRoot::new(Some("au"), None, None).unwrap();
        assert_eq!(root.url(3, "/x"), "https://cliq.zoho.com.au/api/v3/x");
        assert_eq!(DATA_CENTERS.len(), 9);
    }

    #[test]
    fn default_data_center_is_us() {
        let root = ApiRoot::new(None, None, None).unwrap();
        assert_eq!(root.url(2, "/a"), "https://cliq.zoho.com/api/v2/a");
    }

    #[test]
    fn unknown_data_center_is_invalid_input_naming_the_field() {
        let err = ApiRoot::new(Some("mars"), None, None).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("dataCenter"));
        assert!(err.message.contains("mars"));
    }

    #[test]
    fn base_url_overrides_data_center_and_keeps_a_path_prefix() {
        let root = ApiRoot::new(Some("eu"), Some("http://127.0.0.1:8787/cliq/"), None).unwrap();
        assert_eq!(root.url(2, "/a"), "http://127.0.0.1:8787/cliq/api/v2/a");
    }

    #[test]
    fn base_url_must_be_absolute_http() {
        for bad in ["127.0.0.1:8787", "ftp://x", "http://", "http://x/?q=1"] {
            let err = ApiRoot::new(None, Some(bad), None).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("baseUrl"), "{bad}");
        }
    }

    #[test]
    fn network_goes_before_the_api_root() {
        let root = ApiRoot::new(Some("us"), None, Some("zylkerclients")).unwrap();
        assert_eq!(
            root.url(2, "/chats"),
            "https://cliq.zoho.com/network/zylkerclients/api/v2/chats"
        );
    }
}
