//! Pagination as pure state machines: the edge asks what to fetch next,
//! fetches it, and feeds the page back.

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::Value;

/// Cliq's largest `limit` for `getMessages`.
const MAX_PAGE: i64 = 100;

fn time_of(message: &Value) -> Option<i64> {
    match message.get("time")? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn id_of(item: &Value) -> Option<String> {
    match item.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Walks a conversation forward in time with `getMessages`.
///
/// Cliq has no cursor for messages: each page asks again from the last
/// message's `time` (inclusive), and ids already yielded are dropped, so
/// messages sharing a timestamp across a page boundary are neither lost nor
/// repeated. Each request asks for `page_size` more messages than those
/// already yielded at that time, so every full page brings something new.
/// Past Cliq's maximum page of 100 messages in one millisecond the API
/// cannot list the rest, and the walk moves on to the next millisecond. It
/// stops at `to_time` or on a short page.
#[derive(Debug, Clone)]
pub struct MessagePager {
    from_time: i64,
    to_time: Option<i64>,
    page_size: i64,
    /// Ids yielded at `from_time`, the only ones the next page can repeat.
    boundary_ids: Vec<String>,
    done: bool,
}

impl MessagePager {
    /// A pager over `[from_time, to_time]` (from the beginning when
    /// `from_time` is `None`), `page_size` messages per request (1–100).
    pub fn new(from_time: Option<i64>, to_time: Option<i64>, page_size: i64) -> MessagePager {
        MessagePager {
            from_time: from_time.unwrap_or(0),
            to_time,
            page_size,
            boundary_ids: Vec::new(),
            done: false,
        }
    }

    /// The limit of the next request: room for the messages already yielded
    /// at `from_time` plus a page of new ones.
    fn limit(&self) -> i64 {
        (self.page_size + self.boundary_ids.len() as i64).min(MAX_PAGE)
    }

    /// The next `(fromtime, totime, limit)` to ask for, or `None` when done.
    pub fn next_query(&self) -> Option<(i64, Option<i64>, i64)> {
        (!self.done).then_some((self.from_time, self.to_time, self.limit()))
    }

    /// Takes a fetched page; returns the messages to yield, oldest first.
    pub fn feed(&mut self, mut page: Vec<Value>) -> Vec<Value> {
        let full = page.len() as i64 >= self.limit();
        sort_by_time(&mut page);
        let mut out = Vec::with_capacity(page.len());
        for message in page {
            let time = time_of(&message).unwrap_or(self.from_time);
            if time < self.from_time || self.to_time.is_some_and(|to| time > to) {
                continue;
            }
            let id = id_of(&message);
            if time > self.from_time {
                self.from_time = time;
                self.boundary_ids.clear();
            }
            if let Some(id) = id {
                if self.boundary_ids.contains(&id) {
                    continue;
                }
                self.boundary_ids.push(id);
            }
            out.push(message);
        }
        if !full || self.to_time.is_some_and(|to| self.from_time >= to) {
            self.done = true;
        } else if out.is_empty() {
            // A full page of messages in one millisecond, all yielded
            // already: on to the next one (there is none after the last).
            match self.from_time.checked_add(1) {
                Some(next) => self.from_time = next,
                None => self.done = true,
            }
            self.boundary_ids.clear();
        }
        out
    }

    /// Stops the walk (the caller broke out of the loop).
    pub fn close(&mut self) {
        self.done = true;
    }
}

/// Orders a page oldest first, keeping the server's order among equal times.
/// An insertion sort: pages hold at most 100 messages and usually arrive
/// sorted (one pass), and it weighs a fraction of the standard library's
/// general-purpose sort in the wasm.
fn sort_by_time(page: &mut [Value]) {
    let key = |m: Option<&Value>| m.and_then(time_of).unwrap_or(i64::MIN);
    for i in 1..page.len() {
        let mut j = i;
        while j > 0 && key(page.get(j - 1)) > key(page.get(j)) {
            page.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Follows `next_token` through `listMessageActions`.
#[derive(Debug, Clone)]
pub struct TokenPager {
    page_size: Option<i64>,
    next_token: Option<String>,
    started: bool,
    done: bool,
    /// Ids yielded so far, sorted (binary search keeps lookups cheap).
    seen: Vec<String>,
}

impl TokenPager {
    /// A pager asking for `page_size` actions per page (Cliq's default when `None`).
    pub fn new(page_size: Option<i64>) -> TokenPager {
        TokenPager {
            page_size,
            next_token: None,
            started: false,
            done: false,
            seen: Vec::new(),
        }
    }

    /// The next `(limit, next_token)` to ask for, or `None` when done.
    pub fn next_query(&self) -> Option<(Option<i64>, Option<&str>)> {
        (!self.done).then_some((self.page_size, self.next_token.as_deref()))
    }

    /// Takes a fetched `MessageActionPage` (`{data, nextToken?}`); returns the
    /// actions to yield, each once.
    pub fn feed(&mut self, page: Value) -> Vec<Value> {
        let next = page
            .get("nextToken")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        // A token that does not move would loop forever.
        self.done |= next.is_none() || (self.started && next == self.next_token);
        self.started = true;
        self.next_token = next;
        let Some(Value::Array(items)) = page.get("data").cloned() else {
            self.done = true;
            return Vec::new();
        };
        items
            .into_iter()
            .filter(|item| {
                id_of(item).is_none_or(|id| match self.seen.binary_search(&id) {
                    Ok(_) => false,
                    Err(at) => {
                        self.seen.insert(at, id);
                        true
                    }
                })
            })
            .collect()
    }

    /// Stops the walk.
    pub fn close(&mut self) {
        self.done = true;
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;
    use serde_json::json;

    fn msg(id: &str, time: i64) -> Value {
        json!({"id": id, "time": time})
    }

    fn ids(list: &[Value]) -> Vec<&str> {
        list.iter().map(|m| m["id"].as_str().unwrap()).collect()
    }

    #[test]
    fn first_page_starts_at_from_time_or_the_beginning() {
        assert_eq!(
            MessagePager::new(None, None, 50).next_query(),
            Some((0, None, 50))
        );
        assert_eq!(
            MessagePager::new(Some(10), Some(20), 5).next_query(),
            Some((10, Some(20), 5))
        );
    }

    #[test]
    fn next_page_asks_from_the_last_time_inclusive() {
        let mut p = MessagePager::new(None, None, 3);
        let out = p.feed(vec![msg("a", 1), msg("b", 2), msg("c", 3)]);
        assert_eq!(ids(&out), ["a", "b", "c"]);
        assert_eq!(p.next_query(), Some((3, None, 4)), "room for c plus a page");
    }

    #[test]
    fn messages_sharing_a_timestamp_across_pages_are_yielded_once() {
        let mut p = MessagePager::new(None, None, 3);
        let first = p.feed(vec![msg("a", 1), msg("b", 5), msg("c", 5)]);
        assert_eq!(ids(&first), ["a", "b", "c"]);
        // b and c were yielded at time 5: ask for them plus three more.
        assert_eq!(p.next_query(), Some((5, None, 5)));
        let second = p.feed(vec![
            msg("b", 5),
            msg("c", 5),
            msg("d", 5),
            msg("e", 6),
            msg("f", 7),
        ]);
        assert_eq!(ids(&second), ["d", "e", "f"]);
        assert_eq!(p.next_query(), Some((7, None, 4)));
    }

    #[test]
    fn a_page_size_of_one_still_walks_the_whole_conversation() {
        let mut p = MessagePager::new(None, None, 1);
        let mut seen = Vec::new();
        let all = [msg("a", 1), msg("b", 1), msg("c", 2)];
        while let Some((from, _, limit)) = p.next_query() {
            let page: Vec<Value> = all
                .iter()
                .filter(|m| m["time"].as_i64().unwrap() >= from)
                .take(limit as usize)
                .cloned()
                .collect();
            seen.extend(
                p.feed(page)
                    .iter()
                    .map(|m| m["id"].as_str().unwrap().to_string()),
            );
        }
        assert_eq!(seen, ["a", "b", "c"]);
    }

    #[test]
    fn a_full_page_at_the_last_millisecond_ends_the_walk() {
        // Found by the fuzzer (fuzz/corpus/decode_response/pager_time_max):
        // moving on past i64::MAX overflowed.
        let mut p = MessagePager::new(None, None, 1);
        let page = || vec![msg("a", i64::MAX)];
        assert_eq!(p.feed(page()).len(), 1);
        assert!(p.next_query().is_some());
        assert_eq!(p.feed(page()).len(), 0, "already yielded");
        assert_eq!(p.next_query(), None, "no millisecond after the last");
    }

    #[test]
    fn past_a_hundred_messages_in_one_millisecond_the_walk_moves_on() {
        let mut p = MessagePager::new(None, None, 100);
        let same: Vec<Value> = (0..100).map(|i| msg(&format!("m{i}"), 5)).collect();
        assert_eq!(p.feed(same.clone()).len(), 100);
        assert_eq!(p.next_query(), Some((5, None, 100)));
        assert!(p.feed(same).is_empty());
        assert_eq!(p.next_query(), Some((6, None, 100)));
    }

    #[test]
    fn a_short_page_ends_the_walk() {
        let mut p = MessagePager::new(None, None, 3);
        assert_eq!(ids(&p.feed(vec![msg("a", 1), msg("b", 2)])), ["a", "b"]);
        assert_eq!(p.next_query(), None);
    }

    #[test]
    fn pages_are_yielded_oldest_first_and_stop_at_to_time() {
        let mut p = MessagePager::new(Some(0), Some(3), 3);
        let out = p.feed(vec![msg("c", 3), msg("a", 1), msg("b", 2)]);
        assert_eq!(ids(&out), ["a", "b", "c"]);
        assert_eq!(p.next_query(), None);
        let mut p = MessagePager::new(Some(0), Some(2), 3);
        assert_eq!(
            ids(&p.feed(vec![msg("a", 1), msg("b", 2), msg("x", 9)])),
            ["a", "b"]
        );
    }

    #[test]
    fn numeric_string_times_are_understood() {
        let mut p = MessagePager::new(None, None, 2);
        p.feed(vec![
            json!({"id": "a", "time": "7"}),
            json!({"id": "b", "time": "8"}),
        ]);
        assert_eq!(p.next_query(), Some((8, None, 3)));
    }

    #[test]
    fn token_pager_follows_next_token_to_the_end() {
        let mut p = TokenPager::new(Some(2));
        assert_eq!(p.next_query(), Some((Some(2), None)));
        let out = p.feed(json!({"data": [{"id": "1"}, {"id": "2"}], "nextToken": "t1"}));
        assert_eq!(out.len(), 2);
        assert_eq!(p.next_query(), Some((Some(2), Some("t1"))));
        let out = p.feed(json!({"data": [{"id": "2"}, {"id": "3"}]}));
        assert_eq!(ids(&out), ["3"], "an action is yielded once");
        assert_eq!(p.next_query(), None);
    }

    #[test]
    fn token_pager_stops_on_a_token_that_does_not_move() {
        let mut p = TokenPager::new(None);
        p.feed(json!({"data": [{"id": "1"}], "nextToken": "same"}));
        p.feed(json!({"data": [{"id": "2"}], "nextToken": "same"}));
        assert_eq!(p.next_query(), None);
    }

    #[test]
    fn close_ends_both_pagers() {
        let mut m = MessagePager::new(None, None, 5);
        m.close();
        assert_eq!(m.next_query(), None);
        let mut t = TokenPager::new(None);
        t.close();
        assert_eq!(t.next_query(), None);
    }
}
