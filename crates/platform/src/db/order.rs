/// `$query` ordered by `$column`, descending when `$desc`: the two arms of a client-chosen sort
/// direction, for a boxed query (`order` takes a different type per direction otherwise).
///
/// `order_by!(query, customers::name, desc)`
#[macro_export]
macro_rules! order_by {
    ($query:expr, $column:expr, $desc:expr $(,)?) => {{
        use ::diesel::{ExpressionMethods as _, QueryDsl as _};
        if $desc {
            $query.order($column.desc())
        } else {
            $query.order($column.asc())
        }
    }};
}
