//! The colours of `svcrel dot`: one per role, from the Okabe–Ito palette
//! (told apart with every common colour blindness, readable on white),
//! and the legend that names them.

use svcrel::{Role, Scope};

/// What a node is drawn as: a role towards the service, in the order a
/// node with several roles picks its fill (the first) and its border (the
/// second); the rest are named in its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Paint {
    CustomerExternal,
    CustomerInternal,
    Consumer,
    Sponsor,
    Provider,
    Client,
    Partner,
    Colleague,
    AffectedService,
}

impl Paint {
    /// The paint of a role of the library's.
    pub fn of(role: &Role) -> Option<Paint> {
        Some(match role {
            Role::Customer {
                scope: Scope::External,
                ..
            } => Paint::CustomerExternal,
            Role::Customer { .. } => Paint::CustomerInternal,
            Role::Consumer { .. } => Paint::Consumer,
            Role::Sponsor => Paint::Sponsor,
            Role::Provider => Paint::Provider,
            Role::Client => Paint::Client,
            Role::Partner => Paint::Partner,
            Role::Colleague => Paint::Colleague,
            _ => return None,
        })
    }

    /// The fill colour (Okabe–Ito; colleague a neutral grey, an affected
    /// service a pale tint of the consumer's blue).
    pub fn fill(self) -> &'static str {
        match self {
            Paint::CustomerExternal => "#E69F00",
            Paint::CustomerInternal => "#F0E442",
            Paint::Consumer => "#56B4E9",
            Paint::Sponsor => "#CC79A7",
            Paint::Provider => "#009E73",
            Paint::Client => "#D55E00",
            Paint::Partner => "#0072B2",
            Paint::Colleague => "#BBBBBB",
            Paint::AffectedService => "#D4ECFA",
        }
    }

    /// The text colour on that fill: white on the one dark blue, black
    /// elsewhere.
    pub fn font(self) -> &'static str {
        match self {
            Paint::Partner => "#FFFFFF",
            _ => "#000000",
        }
    }

    /// The words for it, in a legend and a label.
    pub fn name(self) -> &'static str {
        match self {
            Paint::CustomerExternal => "customer (external)",
            Paint::CustomerInternal => "customer (internal)",
            Paint::Consumer => "consumer",
            Paint::Sponsor => "sponsor",
            Paint::Provider => "provider",
            Paint::Client => "client",
            Paint::Partner => "partner",
            Paint::Colleague => "colleague",
            Paint::AffectedService => "affected service",
        }
    }
}

/// The service asked about: white on black, bold and larger.
pub const ASKED_FILL: &str = "#000000";
/// Its text.
pub const ASKED_FONT: &str = "#FFFFFF";
/// A group of parties not drawn: grey text in a dashed box.
pub const GROUP_COLOUR: &str = "#555555";
