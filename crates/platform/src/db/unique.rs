//! A duplicate the database refused, turned into the business error a client is promised.

use diesel::result::{DatabaseErrorKind, Error};

use crate::error::AppError;

/// Whether the database refused the write for breaking a unique constraint: the last guard
/// against a concurrent duplicate that got past the checks.
pub fn is_unique_violation(err: &Error) -> bool {
    matches!(
        err,
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)
    )
}

/// On a query result: a unique violation becomes the named business error, any other database
/// error stays what it is (a 500 or 503 once it reaches the client).
pub trait UniqueViolationAs<T> {
    fn unique_violation_as(self, business: impl FnOnce() -> AppError) -> Result<T, AppError>;
}

impl<T> UniqueViolationAs<T> for Result<T, Error> {
    fn unique_violation_as(self, business: impl FnOnce() -> AppError) -> Result<T, AppError> {
        self.map_err(|err| {
            if is_unique_violation(&err) {
                business()
            } else {
                AppError::from(err)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use diesel::result::DatabaseErrorInformation;

    use super::*;

    struct Info;
    impl DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            "duplicate key"
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            None
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    crate::error_codes! {
        enum Duplicate {
            Duplicate = (CONFLICT, "DUPLICATE", "Already there."),
        }
    }

    fn refused(kind: DatabaseErrorKind) -> Result<(), Error> {
        Err(Error::DatabaseError(kind, Box::new(Info)))
    }

    #[test]
    fn a_duplicate_becomes_the_business_error() {
        let err = refused(DatabaseErrorKind::UniqueViolation)
            .unique_violation_as(|| AppError::from(Duplicate::Duplicate))
            .unwrap_err();
        assert_eq!((err.status().as_u16(), err.code()), (409, "DUPLICATE"));
    }

    #[test]
    fn other_database_errors_are_left_alone() {
        let err = refused(DatabaseErrorKind::ForeignKeyViolation)
            .unique_violation_as(|| AppError::from(Duplicate::Duplicate))
            .unwrap_err();
        assert_eq!(err.status().as_u16(), 500);
        let err = Err::<(), _>(Error::NotFound)
            .unique_violation_as(|| AppError::from(Duplicate::Duplicate))
            .unwrap_err();
        assert_eq!(err.status().as_u16(), 404);
        assert_eq!(
            Ok::<_, Error>(7)
                .unique_violation_as(|| unreachable!())
                .unwrap(),
            7
        );
    }
}
