//! Strings whose `format` the crate can type, each behind the cargo feature of its name:
//! `date-time` (RFC 3339 timestamps, as [`DateTime`]) and `uuid` (as [`Uuid`]). Without the
//! feature the type is the `String` as sent, which reads every value a server sends; with it,
//! a value that is not of the format is a decoding error.

/// A `format: date-time` value: the text as sent. The `date-time` feature makes it a
/// timestamp (`time::OffsetDateTime`, read and written as RFC 3339).
#[cfg(not(feature = "date-time"))]
pub type DateTime = String;

#[cfg(feature = "date-time")]
pub use date_time::DateTime;

/// A `format: uuid` value: the text as sent. The `uuid` feature makes it a `uuid::Uuid`.
#[cfg(not(feature = "uuid"))]
pub type Uuid = String;

/// A `format: uuid` value (the `uuid` feature).
#[cfg(feature = "uuid")]
pub use uuid::Uuid;

#[cfg(feature = "date-time")]
mod date_time {
    use std::fmt;
    use std::str::FromStr;

    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;

    /// A `format: date-time` value: a timestamp with its offset, read and written as RFC 3339
    /// (`2024-05-01T12:30:00Z`). Build one from an [`OffsetDateTime`] (`.into()`) or parse
    /// one (`"2024-05-01T12:30:00Z".parse()`); `.0` (or `*`) is the `OffsetDateTime`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct DateTime(pub OffsetDateTime);

    impl From<OffsetDateTime> for DateTime {
        fn from(value: OffsetDateTime) -> Self {
            Self(value)
        }
    }

    impl From<DateTime> for OffsetDateTime {
        fn from(value: DateTime) -> Self {
            value.0
        }
    }

    impl std::ops::Deref for DateTime {
        type Target = OffsetDateTime;

        fn deref(&self) -> &OffsetDateTime {
            &self.0
        }
    }

    impl fmt::Display for DateTime {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self.0.format(&Rfc3339) {
                Ok(text) => f.write_str(&text),
                // RFC 3339 has no room for it (a year past 9999, an offset with seconds):
                // the crate's own notation rather than an error.
                Err(_) => write!(f, "{}", self.0),
            }
        }
    }

    impl FromStr for DateTime {
        type Err = time::error::Parse;

        fn from_str(text: &str) -> Result<Self, Self::Err> {
            OffsetDateTime::parse(text, &Rfc3339).map(Self)
        }
    }

    impl serde::Serialize for DateTime {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(self)
        }
    }

    impl<'de> serde::Deserialize<'de> for DateTime {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let text =
                <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
            text.parse().map_err(|e| {
                serde::de::Error::custom(format_args!("`{text}` is not an RFC 3339 date-time: {e}"))
            })
        }
    }
}
