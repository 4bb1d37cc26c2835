//! Data centres and the API root a request goes to.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{comma_list, Error};

/// One Zoho data centre: its Cliq API host and its accounts (OAuth) host
/// (docs/cliq-api.md §14.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataCenter {
    /// The `dataCenter` option's value.
    pub name: &'static str,
    /// Where it is, for people (`"Europe"`).
    pub label: &'static str,
    /// Where Cliq's API is.
    pub cliq: &'static str,
    /// Where Zoho's OAuth token endpoint is.
    pub accounts: &'static str,
}

const fn dc(
    name: &'static str,
    label: &'static str,
    cliq: &'static str,
    accounts: &'static str,
) -> DataCenter {
    DataCenter {
        name,
        label,
        cliq,
        accounts,
    }
}

/// Zoho data centres that serve Cliq.
pub const DATA_CENTERS: &[DataCenter] = &[
    dc(
        "us",
        "United States",
        "https://cliq.zoho.com",
        "https://accounts.zoho.com",
    ),
    dc(
        "eu",
        "Europe",
        "https://cliq.zoho.eu",
        "https://accounts.zoho.eu",
    ),
    dc(
        "in",
        "India",
        "https://cliq.zoho.in",
        "https://accounts.zoho.in",
    ),
    dc(
        "au",
        "Australia",
        "https://cliq.zoho.com.au",
        "https://accounts.zoho.com.au",
    ),
    dc(
        "jp",
        "Japan",
        "https://cliq.zoho.jp",
        "https://accounts.zoho.jp",
    ),
    dc(
        "cn",
        "China",
        "https://cliq.zoho.com.cn",
        "https://accounts.zoho.com.cn",
    ),
    dc(
        "ca",
        "Canada",
        "https://cliq.zohocloud.ca",
        "https://accounts.zohocloud.ca",
    ),
    dc(
        "sa",
        "Saudi Arabia",
        "https://cliq.zoho.sa",
        "https://accounts.zoho.sa",
    ),
    dc(
        "uk",
        "United Kingdom",
        "https://cliq.zoho.uk",
        "https://accounts.zoho.uk",
    ),
];

/// The data centre named `name` (`us` when `None`).
pub fn data_center(name: Option<&str>) -> Result<&'static DataCenter, Error> {
    let name = name.unwrap_or("us");
    DATA_CENTERS.iter().find(|d| d.name == name).ok_or_else(|| {
        let names = comma_list(DATA_CENTERS.iter().map(|d| d.name));
        Error::invalid_input(
            "dataCenter",
            format!("must be one of {names} (got \"{name}\")"),
        )
    })
}

/// `url` without a trailing `/` if it is an absolute http(s) URL without
/// query or fragment, else an error naming `field`.
pub fn absolute_url(field: &str, url: &str) -> Result<String, Error> {
    let trimmed = url.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.contains(['?', '#']) => Ok(trimmed.to_string()),
        _ => Err(Error::invalid_input(
            field,
            "must be an absolute http(s) URL without query or fragment",
        )),
    }
}

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
        data_center_name: Option<&str>,
        base_url: Option<&str>,
        network: Option<&str>,
    ) -> Result<ApiRoot, Error> {
        let dc = data_center(data_center_name)?;
        let base = match base_url {
            Some(url) => absolute_url("baseUrl", url)?,
            None => dc.cliq.to_string(),
        };
        let network = match network {
            None => None,
            Some(n) if n.trim().is_empty() => {
                return Err(Error::invalid_input("network", "must not be empty"))
            }
            Some(n) => Some(crate::url::encode_segment(n)),
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
