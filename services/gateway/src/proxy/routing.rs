//! The routing table: path → service, from configuration. No I/O.

use actix_web::http::header::HeaderValue;
use platform::Dialect;

use crate::config::GatewaySettings;

#[derive(Debug, Clone)]
struct Rule {
    path: String,
    exact: bool,
    strip_prefix: bool,
    body_limit: Option<usize>,
    public: bool,
    login_page: Option<String>,
    service: usize,
}

#[derive(Debug, Clone)]
pub struct Service {
    pub name: String,
    /// `host:port` to connect to.
    pub authority: String,
    /// The same, as the `Host` header sent.
    pub host: HeaderValue,
    /// The upstream URL's path, without a trailing `/`, put before every forwarded path.
    pub base_path: String,
    pub dialect: Dialect,
}

/// Where a request goes.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The rule's place in [`RouteTable::labels`].
    pub rule: usize,
    pub service: &'a Service,
    /// The upstream path (the rule's prefix removed when it strips).
    pub path: &'a str,
    pub body_limit: Option<usize>,
    /// Forwarded without credentials.
    pub public: bool,
    /// Where a browser without credentials goes instead of a 401.
    pub login_page: Option<&'a str>,
}

#[derive(Debug, Clone)]
pub struct RouteTable {
    services: Vec<Service>,
    /// Longest path first, so the most specific rule wins.
    rules: Vec<Rule>,
}

impl RouteTable {
    /// Checks that every rule names a configured upstream.
    pub fn new(settings: &GatewaySettings) -> Result<Self, String> {
        let services: Vec<Service> = settings
            .upstreams
            .iter()
            .map(|(name, upstream)| {
                // Plain HTTP inside the platform: TLS ends at the ingress (a mesh may add mTLS).
                let invalid =
                    || format!("upstream {name}: {:?} is not an http:// URL", upstream.url);
                let url = reqwest::Url::parse(&upstream.url).map_err(|_| invalid())?;
                let host = url
                    .host_str()
                    .filter(|_| url.scheme() == "http")
                    .ok_or_else(invalid)?;
                let authority = format!("{host}:{}", url.port().unwrap_or(80));
                Ok(Service {
                    name: name.clone(),
                    host: HeaderValue::from_str(&authority).map_err(|_| invalid())?,
                    authority,
                    base_path: url.path().trim_end_matches('/').to_string(),
                    dialect: upstream.dialect,
                })
            })
            .collect::<Result<_, String>>()?;
        let mut rules = settings
            .routes
            .iter()
            .map(|rule| {
                let service = services
                    .iter()
                    .position(|s| s.name == rule.service)
                    .ok_or_else(|| {
                        format!(
                            "route {} names an unknown upstream {}",
                            rule.path, rule.service
                        )
                    })?;
                Ok(Rule {
                    path: rule.path.clone(),
                    exact: rule.exact,
                    strip_prefix: rule.strip_prefix,
                    body_limit: rule.body_limit_bytes,
                    public: rule.public,
                    login_page: rule.login_page.clone(),
                    service,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        rules.sort_by(|a, b| b.path.len().cmp(&a.path.len()).then(b.exact.cmp(&a.exact)));
        Ok(Self { services, rules })
    }

    /// What each rule's calls are counted and logged under, in rule order: the rule's path,
    /// followed by `/*` when it forwards what lies below it.
    pub fn labels(&self) -> Vec<String> {
        self.rules
            .iter()
            .map(|rule| match rule.exact {
                true => rule.path.clone(),
                false => format!("{}/*", rule.path.trim_end_matches('/')),
            })
            .collect()
    }

    pub fn resolve<'a>(&'a self, path: &'a str) -> Option<Target<'a>> {
        let (index, rule) = self
            .rules
            .iter()
            .enumerate()
            .find(|(_, rule)| matches(rule, path))?;
        let upstream_path = if rule.strip_prefix {
            match &path[rule.path.trim_end_matches('/').len()..] {
                "" => "/",
                rest => rest,
            }
        } else {
            path
        };
        Some(Target {
            rule: index,
            service: &self.services[rule.service],
            path: upstream_path,
            body_limit: rule.body_limit,
            public: rule.public,
            login_page: rule.login_page.as_deref(),
        })
    }
}

/// A prefix matches itself and what lies below it (`/api/sav`, `/api/sav/12`, not `/api/savx`).
fn matches(rule: &Rule, path: &str) -> bool {
    if rule.exact {
        return path == rule.path;
    }
    path.strip_prefix(&rule.path)
        .is_some_and(|rest| rest.is_empty() || rule.path.ends_with('/') || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> RouteTable {
        RouteTable::new(&GatewaySettings::default()).unwrap()
    }

    #[test]
    fn compat_routes_reach_their_service_unchanged() {
        let table = table();
        for (path, service) in [
            ("/api/customer/sav-status", "sav"),
            ("/api/sav", "sav"),
            ("/api/sav/forgotten-coupon/eligibility", "sav"),
            ("/sav/create-sale-sav", "sav"),
            ("/api/sales", "sav"),
            ("/api/demands/accept", "rma"),
            ("/customers/12", "customers"),
            ("/customer-cats", "customers"),
            ("/customer-loyal-cats/3", "customers"),
            ("/warranty-info", "customers"),
            ("/warranty-status/7", "customers"),
            ("/api/v1/consumers", "loyalty"),
            ("/api/data/abc", "crm"),
            ("/api/update_db", "crm"),
            ("/api/create_customer", "crm"),
            ("/api/credit/FID1", "crm"),
            ("/api/allow_credit/x", "crm"),
            ("/api/get_tickets/x", "crm"),
            ("/api", "crm"),
            ("/crm/", "crm"),
            ("/crm/import/x/run", "crm"),
            ("/crm/login", "crm"),
        ] {
            let target = table
                .resolve(path)
                .unwrap_or_else(|| panic!("{path} has no route"));
            assert_eq!(target.service.name, service, "{path}");
            assert_eq!(target.path, path);
        }
    }

    #[test]
    fn only_the_login_page_is_public() {
        let table = table();
        assert!(table.resolve("/crm/login").unwrap().public);
        assert!(!table.resolve("/crm/login/x").unwrap().public);
        assert!(!table.resolve("/crm/").unwrap().public);
        assert!(!table.resolve("/api").unwrap().public);
        assert_eq!(
            table.resolve("/crm/x").unwrap().login_page,
            Some("/crm/login")
        );
        assert_eq!(
            table.resolve("/api").unwrap().login_page,
            Some("/crm/login")
        );
        assert_eq!(table.resolve("/api/data").unwrap().login_page, None);
    }

    #[test]
    fn service_prefixes_are_stripped_at_segment_boundaries() {
        let table = table();
        let target = table.resolve("/svc/rma/healthz").unwrap();
        assert_eq!(
            (target.service.name.as_str(), target.path),
            ("rma", "/healthz")
        );
        assert_eq!(table.resolve("/svc/sav").unwrap().path, "/");
        assert!(table.resolve("/svc/savings/x").is_none());
        assert!(table.resolve("/api/savings").is_none());
        assert!(table.resolve("/nowhere").is_none());
        assert!(table.resolve("/api/token/other").is_none());
    }

    #[test]
    fn an_upstream_that_is_not_an_http_url_is_refused() {
        let mut settings = GatewaySettings::default();
        if let Some(sav) = settings.upstreams.get_mut("sav") {
            sav.url = "https://sav:8081".into();
        }
        assert!(
            RouteTable::new(&settings)
                .unwrap_err()
                .contains("upstream sav")
        );
    }

    #[test]
    fn upstream_urls_give_authority_and_base_path() {
        let mut settings = GatewaySettings::default();
        if let Some(sav) = settings.upstreams.get_mut("sav") {
            sav.url = "http://sav.internal/v2/".into();
        }
        let table = RouteTable::new(&settings).unwrap();
        let target = table.resolve("/api/sav/1").unwrap();
        assert_eq!(target.service.authority, "sav.internal:80");
        assert_eq!(target.service.base_path, "/v2");
    }

    #[test]
    fn a_rule_naming_no_upstream_is_refused() {
        let mut settings = GatewaySettings::default();
        settings.routes[0].service = "nope".into();
        assert!(RouteTable::new(&settings).unwrap_err().contains("nope"));
    }
}
