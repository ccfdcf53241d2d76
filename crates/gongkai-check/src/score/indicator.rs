//! The indicators a pack may look at: a closed set, each one a fact the store really holds
//! about an organ's report for a year, with the evidence that shows it.

/// A yes-or-no fact about an organ's report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Indicator {
    /// A report for the year is in the store.
    Published,
    /// The report has a publication date (from its page, its PDF, or given at import).
    Dated,
    /// Its publication date is no later than its organ's deadline.
    OnTime,
    /// All six sections of the template are there.
    SectionsComplete,
    /// Every cell was read for certain (exact, or confirmed by the identities).
    CellsCertain,
    /// The latest reading of what went online is the approved submission of the season.
    SameAsApproved,
    /// Read again at the address first read, what went online has not changed.
    UnchangedAfterPublication,
    /// Read at other addresses (another site, a file), what went online is the same.
    SameOnEveryPlatform,
}

impl Indicator {
    pub const ALL: [Indicator; 8] = [
        Indicator::Published,
        Indicator::Dated,
        Indicator::OnTime,
        Indicator::SectionsComplete,
        Indicator::CellsCertain,
        Indicator::SameAsApproved,
        Indicator::UnchangedAfterPublication,
        Indicator::SameOnEveryPlatform,
    ];

    /// The name a pack writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Indicator::Published => "published",
            Indicator::Dated => "dated",
            Indicator::OnTime => "on_time",
            Indicator::SectionsComplete => "sections_complete",
            Indicator::CellsCertain => "cells_certain",
            Indicator::SameAsApproved => "same_as_approved",
            Indicator::UnchangedAfterPublication => "unchanged_after_publication",
            Indicator::SameOnEveryPlatform => "same_on_every_platform",
        }
    }

    pub fn parse(s: &str) -> Option<Indicator> {
        Indicator::ALL.into_iter().find(|i| i.as_str() == s)
    }
}
