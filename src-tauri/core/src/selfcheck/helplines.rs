//! Where to find help when someone feels afraid of, or controlled by, a partner:
//! national services for the countries Hearth is most used in, and how to find
//! local help anywhere else.
//!
//! Versioned data in `data/helplines-v1.json`, embedded and checked once. Every
//! service names the page its details come from (`source`), and the file says
//! when it was written (`as_of`), so it can be checked before each release.
//! Addresses are shown as text only: Hearth never opens a web page or a link.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The regions the file must cover, by id.
pub const REQUIRED_REGIONS: &[&str] = &["uk", "us", "ca", "au", "ie", "nz"];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Helplines {
    pub version: u32,
    /// The date the details were written down, `YYYY-MM-DD`.
    pub as_of: String,
    pub about: String,
    pub regions: Vec<Region>,
    /// How to find help in any other country.
    pub elsewhere: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub id: String,
    pub name: String,
    /// The emergency number to call when in danger now.
    pub emergency: String,
    pub services: Vec<Service>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// A text or chat service, in words ("Text START to 88788").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub hours: String,
    /// The service's web address without a scheme, shown as text.
    pub website: String,
    /// The page the details were taken from (https).
    pub source: String,
}

impl Helplines {
    /// Checks the file's shape; the message says what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        if chrono::NaiveDate::parse_from_str(&self.as_of, "%Y-%m-%d").is_err() {
            return Err(format!("as_of {:?} is not a date", self.as_of));
        }
        for id in REQUIRED_REGIONS {
            if !self.regions.iter().any(|r| r.id == *id) {
                return Err(format!("region {id} is missing"));
            }
        }
        if self.elsewhere.is_empty() || self.elsewhere.iter().any(|p| p.trim().is_empty()) {
            return Err("the advice for other countries is missing".into());
        }
        for r in &self.regions {
            if r.name.trim().is_empty() || r.services.is_empty() {
                return Err(format!("region {} has no name or no services", r.id));
            }
            if !r.emergency.chars().any(|c| c.is_ascii_digit()) {
                return Err(format!("region {} has no emergency number", r.id));
            }
            for s in &r.services {
                let what = format!("{} ({})", s.name, r.id);
                if s.name.trim().is_empty() || s.hours.trim().is_empty() {
                    return Err(format!("{what}: name or hours missing"));
                }
                if let Some(phone) = &s.phone {
                    let ok = phone.chars().all(|c| c.is_ascii_digit() || " -".contains(c))
                        && phone.chars().filter(char::is_ascii_digit).count() >= 3;
                    if !ok {
                        return Err(format!("{what}: {phone:?} is not a phone number"));
                    }
                }
                if s.website.contains("://") || s.website.contains(' ') || !s.website.contains('.') {
                    return Err(format!("{what}: the website is shown as a plain address"));
                }
                if !s.source.starts_with("https://") {
                    return Err(format!("{what}: the source must be an https page"));
                }
            }
        }
        Ok(())
    }
}

fn parse(json: &str) -> Result<Helplines, String> {
    let h: Helplines = serde_json::from_str(json).map_err(|e| format!("not the expected shape: {e}"))?;
    h.validate()?;
    Ok(h)
}

const SOURCE: &str = include_str!("../../data/helplines-v1.json");

/// The helplines this build carries. A malformed file is a build defect, caught
/// by this module's tests.
pub fn helplines() -> &'static Helplines {
    static HELPLINES: OnceLock<Helplines> = OnceLock::new();
    HELPLINES.get_or_init(|| parse(SOURCE).unwrap_or_else(|e| panic!("helplines-v1.json: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_helplines_file_is_well_formed_and_covers_every_required_country() {
        let h = helplines();
        assert_eq!(h.version, 1);
        for id in REQUIRED_REGIONS {
            let r = h.regions.iter().find(|r| r.id == *id).unwrap();
            assert!(r.services.iter().any(|s| s.phone.is_some()), "{id} has a number to call");
        }
        assert!(h.elsewhere.iter().any(|p| p.contains("emergency number")));
    }

    #[test]
    fn validation_catches_each_kind_of_mistake() {
        type Break = Box<dyn Fn(&mut Helplines)>;
        let cases: Vec<(&str, Break)> = vec![
            ("not a date", Box::new(|h| h.as_of = "December".into())),
            ("region nz is missing", Box::new(|h| h.regions.retain(|r| r.id != "nz"))),
            ("other countries", Box::new(|h| h.elsewhere.clear())),
            ("no services", Box::new(|h| h.regions[0].services.clear())),
            ("no emergency number", Box::new(|h| h.regions[1].emergency = "call".into())),
            ("not a phone number", Box::new(|h| h.regions[0].services[0].phone = Some("ring us".into()))),
            ("plain address", Box::new(|h| h.regions[2].services[0].website = "https://x.example".into())),
            ("https page", Box::new(|h| h.regions[3].services[0].source = "a friend told me".into())),
            ("name or hours", Box::new(|h| h.regions[4].services[0].hours = " ".into())),
        ];
        for (expected, break_it) in cases {
            let mut h = helplines().clone();
            break_it(&mut h);
            let err = h.validate().unwrap_err();
            assert!(err.contains(expected), "expected {expected:?}, got {err:?}");
        }
        assert!(parse("{\"version\": 1}").is_err());
        let extra = SOURCE.replacen("\"version\": 1,", "\"version\": 1, \"extra\": 1,", 1);
        assert!(parse(&extra).is_err(), "unknown fields are refused");
    }
}
