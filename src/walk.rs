//! The walks behind `messages()` and `messageActions()`: which page to
//! fetch next, and which of its items to yield (each once). Sans-IO: the
//! edge fetches each request through the usual call loop and feeds the
//! decoded page back.

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::Value;

use crate::endpoint::Operation;
use crate::error::Error;
use crate::fields::Fields;
use crate::paging::{MessagePager, TokenPager};
use crate::region::ApiRoot;
use crate::request::{build, Call, HttpRequest};

/// Page size of a walk when `query.pageSize` is not given (Cliq's maximum).
pub const DEFAULT_PAGE_SIZE: i64 = 100;

/// A walk over the pages of one operation.
#[derive(Debug, Clone)]
pub enum Walk {
    /// `messages(chatId, {fromTime, toTime, pageSize})`.
    Messages {
        /// The conversation.
        chat_id: String,
        /// Where the walk is in time.
        pager: MessagePager,
    },
    /// `messageActions({pageSize})`.
    Actions(TokenPager),
}

/// `query.pageSize` of a walk (1–100), or [`DEFAULT_PAGE_SIZE`].
fn page_size(q: &Fields) -> Result<i64, Error> {
    match q.int("pageSize")? {
        Some(n) if !(1..=100).contains(&n) => Err(Error::invalid_input(
            "query.pageSize",
            format!("must be between 1 and 100 (got {n})"),
        )),
        other => Ok(other.unwrap_or(DEFAULT_PAGE_SIZE)),
    }
}

impl Walk {
    /// The walk of `messages(chatId, query)`.
    pub fn messages(chat_id: &Value, query: &Value) -> Result<Walk, Error> {
        let chat_id = chat_id
            .as_str()
            .ok_or_else(|| Error::invalid_input("chatId", "must be a string"))?;
        let q = Fields::of(query, "query")?;
        let pager = MessagePager::new(q.int("fromTime")?, q.int("toTime")?, page_size(&q)?);
        Ok(Walk::Messages {
            chat_id: chat_id.to_string(),
            pager,
        })
    }

    /// The walk of `messageActions(query)`.
    pub fn actions(query: &Value) -> Result<Walk, Error> {
        let q = Fields::of(query, "query")?;
        Ok(Walk::Actions(TokenPager::new(Some(page_size(&q)?))))
    }

    /// The operation each page is fetched with.
    pub fn operation(&self) -> Operation {
        match self {
            Walk::Messages { .. } => Operation::GetMessages,
            Walk::Actions(_) => Operation::ListMessageActions,
        }
    }

    /// The next page's request, or `None` when the walk is over.
    pub fn next_request(&self, root: &ApiRoot) -> Result<Option<HttpRequest>, Error> {
        let call = match self {
            Walk::Messages { chat_id, pager } => match pager.next_query() {
                None => return Ok(None),
                Some((from, to, limit)) => Call::GetMessages {
                    chat_id,
                    from_time: Some(from),
                    to_time: to,
                    limit: Some(limit),
                },
            },
            Walk::Actions(pager) => match pager.next_query() {
                None => return Ok(None),
                Some((limit, next_token)) => Call::ListMessageActions {
                    limit,
                    next_token,
                    sync_token: None,
                },
            },
        };
        build(&call, root).map(Some)
    }

    /// Takes a decoded page; returns the items to yield, in order.
    pub fn feed(&mut self, page: Value) -> Vec<Value> {
        match self {
            Walk::Messages { pager, .. } => match page {
                Value::Array(list) => pager.feed(list),
                _ => pager.feed(Vec::new()),
            },
            Walk::Actions(pager) => pager.feed(page),
        }
    }

    /// Ends the walk: no further request.
    pub fn close(&mut self) {
        match self {
            Walk::Messages { pager, .. } => pager.close(),
            Walk::Actions(pager) => pager.close(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    #[allow(unused_imports)]
    use crate::prelude::*;

    use super::*;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn root() -> ApiRoot {
        ApiRoot::new(None, Some("http://sandbox.test"), None).unwrap()
    }

    #[test]
    fn a_message_walk_pages_forward_and_ends_on_a_short_page() {
        let mut walk = Walk::messages(
            &parse(r#""c1""#),
            &parse(r#"{"fromTime": 5, "pageSize": 2}"#),
        )
        .unwrap();
        let url = walk.next_request(&root()).unwrap().unwrap().url;
        assert!(
            url.ends_with("/chats/c1/messages?fromtime=5&limit=2"),
            "{url}"
        );
        let page = parse(r#"[{"id": "b", "time": 7}, {"id": "a", "time": 6}]"#);
        let ids: Vec<_> = walk.feed(page).iter().map(|m| m["id"].clone()).collect();
        assert_eq!(ids, ["a", "b"], "oldest first");
        let url = walk.next_request(&root()).unwrap().unwrap().url;
        assert!(url.contains("fromtime=7&limit=3"), "{url}");
        let out = walk.feed(parse(r#"[{"id": "b", "time": 7}]"#));
        assert!(out.is_empty(), "the boundary message is not repeated");
        assert!(walk.next_request(&root()).unwrap().is_none());
    }

    #[test]
    fn an_action_walk_follows_next_token_until_it_stops() {
        let mut walk = Walk::actions(&parse(r#"{"pageSize": 2}"#)).unwrap();
        assert_eq!(walk.operation(), Operation::ListMessageActions);
        let url = walk.next_request(&root()).unwrap().unwrap().url;
        assert!(url.ends_with("/api/v3/messageactions?limit=2"), "{url}");
        let out = walk.feed(parse(
            r#"{"data": [{"id": "1"}, {"id": "2"}], "nextToken": "n"}"#,
        ));
        assert_eq!(out.len(), 2);
        let url = walk.next_request(&root()).unwrap().unwrap().url;
        assert!(url.contains("next_token=n"), "{url}");
        walk.close();
        assert!(walk.next_request(&root()).unwrap().is_none());
    }

    #[test]
    fn bad_walk_arguments_name_their_field() {
        let e = Walk::actions(&parse(r#"{"pageSize": 500}"#)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("query.pageSize"));
        let e = Walk::messages(&Value::Null, &Value::Null).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("chatId"));
        let walk = Walk::messages(&parse(r#""""#), &Value::Null).unwrap();
        let e = walk.next_request(&root()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("chatId"));
    }
}
