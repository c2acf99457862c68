//! Code enums stored in their columns: a store or a model holds the enum, never the number.

/// Maps a code enum to an `Integer` column, on PostgreSQL, SQLite and through
/// [`crate::db::DbConn`]. Written once here so every service's status enum maps the same way.
///
/// The enum needs, besides this macro (invoked in its own crate):
/// - `#[derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]` and
///   `#[diesel(sql_type = diesel::sql_types::Integer)]`;
/// - `fn code(self) -> T` with `i32: From<T>`, and
///   `fn from_code(i64) -> Result<Self, E>` with `E: std::error::Error + Send + Sync + 'static`.
///
/// A stored number outside the table fails the read with the enum's error, never a default.
/// See [`super::sav_status::SavStatus`].
#[macro_export]
macro_rules! integer_code_column {
    ($enum:ty) => {
        impl ::diesel::serialize::ToSql<::diesel::sql_types::Integer, ::diesel::pg::Pg> for $enum {
            fn to_sql<'b>(
                &'b self,
                out: &mut ::diesel::serialize::Output<'b, '_, ::diesel::pg::Pg>,
            ) -> ::diesel::serialize::Result {
                let code = i32::from(self.code());
                <i32 as ::diesel::serialize::ToSql<
                    ::diesel::sql_types::Integer,
                    ::diesel::pg::Pg,
                >>::to_sql(&code, &mut out.reborrow())
            }
        }

        impl ::diesel::serialize::ToSql<::diesel::sql_types::Integer, ::diesel::sqlite::Sqlite>
            for $enum
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut ::diesel::serialize::Output<'b, '_, ::diesel::sqlite::Sqlite>,
            ) -> ::diesel::serialize::Result {
                out.set_value(i32::from(self.code()));
                Ok(::diesel::serialize::IsNull::No)
            }
        }

        impl ::diesel::serialize::ToSql<::diesel::sql_types::Integer, $crate::db::MultiBackend>
            for $enum
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut ::diesel::serialize::Output<'b, '_, $crate::db::MultiBackend>,
            ) -> ::diesel::serialize::Result {
                out.set_value((::diesel::sql_types::Integer, self));
                Ok(::diesel::serialize::IsNull::No)
            }
        }

        /// Read as `i32` by each backend, `MultiBackend` included (which dispatches).
        impl<DB> ::diesel::deserialize::FromSql<::diesel::sql_types::Integer, DB> for $enum
        where
            DB: ::diesel::backend::Backend,
            i32: ::diesel::deserialize::FromSql<::diesel::sql_types::Integer, DB>,
        {
            fn from_sql(
                bytes: <DB as ::diesel::backend::Backend>::RawValue<'_>,
            ) -> ::diesel::deserialize::Result<Self> {
                let code = <i32 as ::diesel::deserialize::FromSql<
                    ::diesel::sql_types::Integer,
                    DB,
                >>::from_sql(bytes)?;
                Ok(<$enum>::from_code(i64::from(code))?)
            }
        }
    };
}
