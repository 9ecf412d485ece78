//! The builder methods and accessors the kinds of question share, one
//! macro per option.

/// The options every question about a service takes: `as_of` and
/// `max_chain`, with their builder methods and accessors.
macro_rules! dated_and_chained {
    ($ty:ident, $variant:ident, $ctor:literal) => {
        impl $ty {
            /// Answers as of this date: [`AsOf::Any`], [`AsOf::Today`] (as
            /// without it) or a [`Date`](crate::Date).
            ///
            /// ```
            /// use svcrel::{AsOf, Date, Question};
            #[doc = concat!("let q = Question::", $ctor, ".as_of(Date::constant(2026, 1, 1));")]
            /// assert_eq!(q.asked_as_of(), AsOf::On(Date::constant(2026, 1, 1)));
            /// ```
            pub fn as_of(mut self, as_of: impl Into<AsOf>) -> Self {
                self.as_of = Some(as_of.into());
                self
            }

            /// The date asked for: today when the question sets none.
            ///
            /// ```
            #[doc = concat!("assert_eq!(svcrel::Question::", $ctor, ".asked_as_of(), svcrel::AsOf::Today);")]
            /// ```
            pub fn asked_as_of(&self) -> AsOf {
                self.as_of.unwrap_or_default()
            }

            /// Follows every chain this many steps at most.
            ///
            /// ```
            #[doc = concat!("let q = svcrel::Question::", $ctor, ".max_chain(3);")]
            /// assert_eq!(q.asked_max_chain(), Some(3));
            /// ```
            pub fn max_chain(mut self, steps: u32) -> Self {
                self.max_chain = Some(steps);
                self
            }

            /// The cutoff asked for; `None` for the defaults of the
            /// command line.
            ///
            /// ```
            #[doc = concat!("assert_eq!(svcrel::Question::", $ctor, ".asked_max_chain(), None);")]
            /// ```
            pub fn asked_max_chain(&self) -> Option<u32> {
                self.max_chain
            }

            /// The id of the service asked about.
            ///
            /// ```
            #[doc = concat!("assert!(!svcrel::Question::", $ctor, ".service().is_empty());")]
            /// ```
            pub fn service(&self) -> &str {
                &self.service
            }
        }

        impl From<$ty> for Question {
            fn from(question: $ty) -> Question {
                Question::$variant(question)
            }
        }
    };
}

/// The `limit` option of a list.
macro_rules! limited {
    ($ty:ident, $ctor:literal) => {
        impl $ty {
            /// At most this many rows; the answer's `total` still says
            /// how many there are in all.
            ///
            /// ```
            #[doc = concat!("let q = svcrel::Question::", $ctor, ".limit(10);")]
            /// assert_eq!(q.asked_limit(), Some(10));
            /// ```
            pub fn limit(mut self, rows: u32) -> Self {
                self.limit = Some(rows);
                self
            }

            /// The limit asked for; `None` for every row.
            ///
            /// ```
            #[doc = concat!("assert_eq!(svcrel::Question::", $ctor, ".asked_limit(), None);")]
            /// ```
            pub fn asked_limit(&self) -> Option<u32> {
                self.limit
            }
        }
    };
}

/// The options of a list: `evidence`, and `limit` (see `limited`).
macro_rules! listed {
    ($ty:ident, $ctor:literal) => {
        impl $ty {
            /// Each row's whole path ([`Evidence::Path`], as without it) or
            /// only its next step ([`Evidence::Via`]).
            ///
            /// ```
            #[doc = concat!("let q = svcrel::Question::", $ctor, ".evidence(svcrel::Evidence::Via);")]
            /// assert_eq!(q.asked_evidence(), svcrel::Evidence::Via);
            /// ```
            pub fn evidence(mut self, evidence: Evidence) -> Self {
                self.evidence = Some(evidence);
                self
            }

            /// The evidence asked for.
            ///
            /// ```
            #[doc = concat!("assert_eq!(svcrel::Question::", $ctor, ".asked_evidence(), svcrel::Evidence::Path);")]
            /// ```
            pub fn asked_evidence(&self) -> Evidence {
                self.evidence.unwrap_or_default()
            }
        }
        limited!($ty, $ctor);
    };
}

/// The `summary` option.
macro_rules! summarised {
    ($ty:ident, $ctor:literal) => {
        impl $ty {
            /// Counts instead of rows: per top-level organisation, per
            /// paying customer and per distance.
            ///
            /// ```
            #[doc = concat!("assert!(svcrel::Question::", $ctor, ".summary().asked_summary());")]
            /// ```
            pub fn summary(mut self) -> Self {
                self.summary = true;
                self
            }

            /// Whether counts were asked for instead of rows.
            ///
            /// ```
            #[doc = concat!("assert!(!svcrel::Question::", $ctor, ".asked_summary());")]
            /// ```
            pub fn asked_summary(&self) -> bool {
                self.summary
            }
        }
    };
}

/// The party of a relation or triage question.
macro_rules! with_party {
    ($ty:ident, $ctor:literal) => {
        impl $ty {
            /// The id of the party asked about.
            ///
            /// ```
            #[doc = concat!("assert!(!svcrel::Question::", $ctor, ".party().is_empty());")]
            /// ```
            pub fn party(&self) -> &str {
                &self.party
            }
        }
    };
}
