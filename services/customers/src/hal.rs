//! HAL collections as seed 002 shows them: `_embedded`, `_links` (`self`, `first`, `last`,
//! `next`, `prev`), `page`, `page_size`, `page_count`, `total_items`; paged with `page` and
//! `page_size` (25 by default, at most 200).

use actix_web::HttpRequest;
use platform::input::{Page, Paging};
use serde::Serialize;
use utoipa::ToSchema;

pub const PAGING: Paging = Paging {
    size_parameter: "page_size",
    default_size: 25,
    max_size: 200,
};

#[derive(Debug, Serialize, ToSchema)]
pub struct Link {
    pub href: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Links {
    #[serde(rename = "self")]
    pub self_: Link,
    pub first: Link,
    pub last: Link,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<Link>,
}

/// Where a collection's page stands among the others.
#[derive(Debug)]
pub struct Paged {
    pub links: Links,
    pub page: i64,
    pub page_size: i64,
    pub page_count: i64,
    pub total_items: i64,
}

impl Paged {
    /// The links of `page` of `total` rows, each the request's own path and query with `page`
    /// and `page_size` set.
    pub fn new(req: &HttpRequest, page: Page, total: i64) -> Self {
        let page_count = ((total + page.size - 1) / page.size).max(1);
        let kept: Vec<&str> = req
            .query_string()
            .split('&')
            .filter(|p| !p.is_empty())
            .filter(|p| {
                let key = p.split('=').next().unwrap_or("");
                key != "page" && key != "page_size"
            })
            .collect();
        let href = |number: i64| {
            let mut query = kept.clone();
            let paging = format!("page={number}&page_size={}", page.size);
            query.push(&paging);
            Link {
                href: format!("{}?{}", req.path(), query.join("&")),
            }
        };
        Self {
            links: Links {
                self_: href(page.number),
                first: href(1),
                last: href(page_count),
                next: (page.number < page_count).then(|| href(page.number + 1)),
                prev: (page.number > 1).then(|| href((page.number - 1).min(page_count))),
            },
            page: page.number,
            page_size: page.size,
            page_count,
            total_items: total,
        }
    }
}

/// A HAL collection type: `hal_page!(CategoryPage, CategoryEmbedded { categories: CategoryItem })`.
#[macro_export]
macro_rules! hal_page {
    ($page:ident, $embedded:ident { $name:ident: $item:ty }) => {
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub struct $embedded {
            pub $name: Vec<$item>,
        }

        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub struct $page {
            pub _embedded: $embedded,
            pub _links: $crate::hal::Links,
            pub page: i64,
            pub page_size: i64,
            pub page_count: i64,
            pub total_items: i64,
        }

        impl $page {
            pub fn new($name: Vec<$item>, paged: $crate::hal::Paged) -> Self {
                Self {
                    _embedded: $embedded { $name },
                    _links: paged.links,
                    page: paged.page,
                    page_size: paged.page_size,
                    page_count: paged.page_count,
                    total_items: paged.total_items,
                }
            }
        }
    };
}
