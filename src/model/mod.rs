//! Serde types for Cliq's JSON: outgoing messages, incoming messages, message
//! actions and reactions.
//!
//! Every record keeps the fields it does not know in an `extra` map, so a
//! value read from Cliq (or pasted from Cliq's docs) survives a round trip
//! unchanged. Enumerations are *open*: a value this crate does not know is
//! kept as `Other(String)` instead of failing to parse.

#[allow(unused_imports)]
use crate::prelude::*;

/// Declares an open string enum: known wire values map to variants, anything
/// else is kept verbatim in `Other`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident => $wire:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this crate does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Every known wire value, in documentation order.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// The known variant of a wire value; `None` for any other
            /// (nothing is allocated, unlike `From<&str>`).
            pub fn known(s: &str) -> Option<Self> {
                match s {
                    $( $wire => Some(Self::$variant), )+
                    _ => None,
                }
            }

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self::known(s).unwrap_or_else(|| Self::Other(s.to_owned()))
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self::from(s.as_str())
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(s))
            }
        }
    };
}

pub mod action;
pub mod button;
pub(crate) mod de;
pub mod message;
pub mod outgoing;
pub mod reaction;

pub use action::{
    ActionScope, Creator, ExecutionType, Handler, HandlerPatch, HandlerSummary, MessageAction,
    MessageActionPatch, MessageType, NewMessageAction, Permission, TeamId,
};
pub use button::{ActionType, Button, ButtonAction, ConfirmDialog};
pub use message::{
    Dimensions, FileInfo, Message, MessageContent, Sender, ThreadInformation, Thumbnail,
};
pub use outgoing::{
    BotIdentity, Card, CardField, CardSection, CardTheme, OutgoingMessage, PollOption, Reference,
    Slide, SlideType,
};
pub use reaction::{reactions_from_wire, ReactionEntry, Reactions};

/// An open JSON object: the `extra` fields of every record.
pub type Extra = serde_json::Map<String, serde_json::Value>;
