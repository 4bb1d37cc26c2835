//! The JS methods' arguments, in JSON form, to requests: one table-like
//! match from each operation's positional arguments (`chatId`, `message`,
//! `opts`, …) to its typed [`Call`]. Errors name the argument.

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::Value;

use crate::endpoint::Operation;
use crate::error::Error;
use crate::fields::Fields;
use crate::region::ApiRoot;
use crate::request::{build, Call, HttpRequest};

/// The request for `op` from its arguments (JSON, in the method's order).
pub fn request_of(op: Operation, args: &[Value], root: &ApiRoot) -> Result<HttpRequest, Error> {
    let arg = |i: usize| args.get(i).unwrap_or(&Value::Null);
    let string = |i: usize, field: &str| {
        arg(i)
            .as_str()
            .ok_or_else(|| Error::invalid_input(field, "must be a string"))
    };
    use Operation::*;
    let call = match op {
        GetMessages => {
            let q = Fields::of(arg(1), "query")?;
            Call::GetMessages {
                chat_id: string(0, "chatId")?,
                from_time: q.int("fromTime")?,
                to_time: q.int("toTime")?,
                limit: q.int("limit")?,
            }
        }
        GetMessage | DeleteMessage | GetReactions => {
            let (chat_id, message_id) = (string(0, "chatId")?, string(1, "messageId")?);
            match op {
                GetMessage => Call::GetMessage {
                    chat_id,
                    message_id,
                },
                DeleteMessage => Call::DeleteMessage {
                    chat_id,
                    message_id,
                },
                _ => Call::GetReactions {
                    chat_id,
                    message_id,
                },
            }
        }
        PostToChannel => {
            let o = Fields::of(arg(2), "opts")?;
            Call::PostToChannel {
                channel: string(0, "channelUniqueName")?,
                message: arg(1),
                bot_unique_name: o.str("botUniqueName")?,
                mark_as_read: o.bool("markAsRead")?,
            }
        }
        PostToBot => {
            let o = Fields::of(arg(2), "opts")?;
            // Built here: the call borrows the user ids owned in this arm.
            return build(
                &Call::PostToBot {
                    bot: string(0, "botUniqueName")?,
                    message: arg(1),
                    user_ids: o.str_list("userIds")?.as_deref(),
                    broadcast: o.bool("broadcast")?,
                },
                root,
            );
        }
        PostToChat => Call::PostToChat {
            chat_id: string(0, "chatId")?,
            message: arg(1),
        },
        PostToUser => Call::PostToUser {
            user: string(0, "emailOrZuid")?,
            message: arg(1),
        },
        EditMessage => Call::EditMessage {
            chat_id: string(0, "chatId")?,
            message_id: string(1, "messageId")?,
            text: string(2, "text")?,
            notify_edit: Fields::of(arg(3), "opts")?.bool("notifyEdit")?,
        },
        AddReaction | RemoveReaction => {
            let (chat_id, message_id) = (string(0, "chatId")?, string(1, "messageId")?);
            let emoji_code = string(2, "emojiCode")?;
            match op {
                AddReaction => Call::AddReaction {
                    chat_id,
                    message_id,
                    emoji_code,
                },
                _ => Call::RemoveReaction {
                    chat_id,
                    message_id,
                    emoji_code,
                },
            }
        }
        CreateMessageAction => Call::CreateMessageAction { input: arg(0) },
        ListMessageActions => {
            let q = Fields::of(arg(0), "query")?;
            Call::ListMessageActions {
                limit: q.int("limit")?,
                next_token: q.str("nextToken")?,
                sync_token: q.str("syncToken")?,
            }
        }
        GetMessageAction => Call::GetMessageAction {
            id: string(0, "id")?,
        },
        DeleteMessageAction => Call::DeleteMessageAction {
            id: string(0, "id")?,
        },
        GetMessageActionHandler => Call::GetMessageActionHandler {
            id: string(0, "id")?,
        },
        UpdateMessageAction => Call::UpdateMessageAction {
            id: string(0, "id")?,
            patch: arg(1),
        },
        UpdateMessageActionHandler => Call::UpdateMessageActionHandler {
            id: string(0, "id")?,
            patch: arg(1),
        },
    };
    build(&call, root)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    #[allow(unused_imports)]
    use crate::prelude::*;

    use super::*;

    fn args(json: &str) -> Vec<Value> {
        match serde_json::from_str(json).unwrap() {
            Value::Array(list) => list,
            _ => unreachable!(),
        }
    }

    fn root() -> ApiRoot {
        ApiRoot::new(None, Some("http://sandbox.test/cliq"), None).unwrap()
    }

    #[test]
    fn arguments_become_the_documented_request() {
        let req = request_of(
            Operation::PostToChannel,
            &args(r#"["general", {"text": "hi"}, {"botUniqueName": "ops"}]"#),
            &root(),
        )
        .unwrap();
        assert_eq!(
            req.url,
            "http://sandbox.test/cliq/api/v2/channelsbyname/general/message?bot_unique_name=ops"
        );
        assert_eq!(req.body.as_deref(), Some(r#"{"text":"hi"}"#));
        let req = request_of(
            Operation::PostToBot,
            &args(r#"["ops", "hi", {"userIds": ["1", "2"], "broadcast": false}]"#),
            &root(),
        )
        .unwrap();
        assert!(req.body.unwrap().contains(r#""userids":"1,2""#));
    }

    #[test]
    fn a_wrong_argument_names_itself() {
        let e = request_of(Operation::GetMessage, &args(r#"[1, "m", null]"#), &root()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("chatId"));
        let e = request_of(
            Operation::PostToChat,
            &args(r#"["c", {"text": ""}]"#),
            &root(),
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("text"));
        let e = request_of(
            Operation::PostToBot,
            &args(r#"["ops", "hi", {"userIds": ["1", 2]}]"#),
            &root(),
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("opts.userIds[1]"));
        let e = request_of(
            Operation::GetMessages,
            &args(r#"["c", {"limit": 1.5}]"#),
            &root(),
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("query.limit"));
    }

    #[test]
    fn missing_arguments_read_as_absent() {
        assert!(request_of(Operation::ListMessageActions, &[], &root()).is_ok());
        assert!(request_of(Operation::GetMessage, &[], &root()).is_err());
    }
}
