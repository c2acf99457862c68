//! One page of a list: its number from 1 and its size, with the defaults and the cap of the
//! route that asks, and the route's own name for the size parameter (`per_page`, `limit`).

use crate::error::AppError;

/// How a route pages: the name of its size parameter, the size when none is given, the most.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub size_parameter: &'static str,
    pub default_size: i64,
    pub max_size: i64,
}

/// A checked page: `number` ≥ 1, `size` within 1..=max.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub number: i64,
    pub size: i64,
}

impl Page {
    /// How many rows come before this page.
    pub fn offset(self) -> i64 {
        (self.number - 1).saturating_mul(self.size)
    }
}

impl Paging {
    /// The page asked for by `page` and the size parameter (absent: page 1, the default size),
    /// or a 400 `INVALID_QUERY` naming the parameter.
    pub fn page(&self, page: Option<i64>, size: Option<i64>) -> Result<Page, AppError> {
        let number = page.unwrap_or(1);
        let size = size.unwrap_or(self.default_size);
        if number < 1 {
            return Err(AppError::invalid_query("page", "must be 1 or more"));
        }
        if !(1..=self.max_size).contains(&size) {
            return Err(AppError::invalid_query(
                self.size_parameter,
                format!("must be between 1 and {}", self.max_size),
            ));
        }
        Ok(Page { number, size })
    }

    /// For a route whose document has no paging: without `page` and the size parameter, every
    /// row up to `cap` (the answer says when more match); with either, [`Paging::page`].
    pub fn page_or_all(
        &self,
        page: Option<i64>,
        size: Option<i64>,
        cap: i64,
    ) -> Result<Page, AppError> {
        if page.is_none() && size.is_none() {
            return Ok(Page {
                number: 1,
                size: cap,
            });
        }
        self.page(page, size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGING: Paging = Paging {
        size_parameter: "size",
        default_size: 10,
        max_size: 20,
    };

    #[test]
    fn defaults_apply_when_nothing_is_asked() {
        let page = PAGING.page(None, None).unwrap();
        assert_eq!(
            page,
            Page {
                number: 1,
                size: 10
            }
        );
        assert_eq!(page.offset(), 0);
        assert_eq!(PAGING.page(Some(3), Some(20)).unwrap().offset(), 40);
    }

    #[test]
    fn out_of_range_names_the_parameter() {
        for (page, size, parameter) in [
            (Some(0), None, "page"),
            (Some(-1), None, "page"),
            (None, Some(0), "size"),
            (None, Some(21), "size"),
        ] {
            let err = PAGING.page(page, size).unwrap_err();
            assert_eq!(err.status().as_u16(), 400);
            assert_eq!(err.code(), "INVALID_QUERY");
            assert_eq!(err.fields()[0].field, parameter);
            assert!(
                err.message().starts_with(&format!("{parameter}: ")),
                "{}",
                err.message()
            );
        }
        let err = PAGING.page(None, Some(21)).unwrap_err();
        assert_eq!(err.message(), "size: must be between 1 and 20");
    }

    #[test]
    fn nothing_asked_is_everything_up_to_the_cap() {
        let all = PAGING.page_or_all(None, None, 1000).unwrap();
        assert_eq!(
            all,
            Page {
                number: 1,
                size: 1000
            }
        );
        assert_eq!(PAGING.page_or_all(Some(2), None, 1000).unwrap().size, 10);
        assert!(PAGING.page_or_all(None, Some(21), 1000).is_err());
    }

    #[test]
    fn huge_pages_do_not_overflow_the_offset() {
        let page = PAGING.page(Some(i64::MAX), Some(20)).unwrap();
        assert_eq!(page.offset(), i64::MAX);
    }
}
