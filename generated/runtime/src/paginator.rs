//! Walking the pages of a paged operation (`PageNum` / `PageSize` in the
//! request, `NextPage` or `TotalPageNum` in the response).
//!
//! The generator implements [`Paginated`] (and [`PaginatedItems`] when the
//! response holds exactly one list) for every such operation and gives its
//! input an `into_paginator(&Client)` method; this module holds the
//! machinery they share. Nothing here is generated.
//!
//! A [`Paginator`] is configured, then turned into a [`PageStream`] (one
//! `Result<Output, Error>` per page) with [`send`](Paginator::send), or into
//! an [`ItemStream`] (one `Result<Item, Error>` per list element) with
//! [`items`](Paginator::items). Both implement [`futures::Stream`] and also
//! have an inherent async `next()` and `try_collect()`, so that simple loops
//! need no extra import:
//!
//! ```no_run
//! use std::fmt::Debug;
//! use alibabacloud_runtime::paginator::{Paginated, Paginator};
//! use alibabacloud_runtime::{Client, Error};
//!
//! /// Prints every page of a paged operation, such as a generated
//! /// `DescribeInstancesInput` (whose `into_paginator` does the same).
//! async fn print_pages<O>(client: &Client, input: O) -> Result<(), Error>
//! where
//!     O: Paginated,
//!     O::Output: Debug,
//! {
//!     let mut pages = Paginator::new(client, input).send();
//!     while let Some(page) = pages.next().await {
//!         println!("{:?}", page?);
//!     }
//!     Ok(())
//! }
//! ```
//!
//! Walking stops after a page that says there is no next page
//! (`NextPage=false`), after the page numbered `TotalPageNum`, after an empty
//! page, after an error (which is yielded), or once
//! [`max_pages`](Paginator::max_pages) pages (default [`DEFAULT_MAX_PAGES`])
//! have been fetched, whichever comes first; [`PageStream::stop_reason`]
//! tells which. A response with neither `NextPage` nor `TotalPageNum` ends
//! the walk when a page holds fewer elements than `PageSize`.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;

use super::client::Client;
use super::error::Error;
use super::operation::Operation;

/// How many pages a [`Paginator`] fetches at most unless told otherwise
/// ([`Paginator::max_pages`]). It protects against a server that keeps
/// saying there is a next page.
pub const DEFAULT_MAX_PAGES: u32 = 1000;

/// A paged operation: its input knows its page number and size, its output
/// tells whether another page follows.
///
/// The generator implements this for every operation whose request has
/// `PageNum` and `PageSize` and whose response has `NextPage` or
/// `TotalPageNum`. Implement it by hand only for an operation the crate does
/// not generate.
pub trait Paginated: Operation + Clone + 'static {
    /// The page number this input asks for (`PageNum`; 1 when unset).
    fn page_num(&self) -> i64;

    /// Sets the page number to ask for. Returns `false`, leaving the input
    /// unchanged, when `page` does not fit the parameter's type.
    fn set_page_num(&mut self, page: i64) -> bool;

    /// The page size this input asks for (`PageSize`), when set.
    fn page_size(&self) -> Option<i64>;

    /// The response's `NextPage`, when the operation has it and the response
    /// carried it.
    fn next_page(output: &Self::Output) -> Option<bool>;

    /// The response's `TotalPageNum`, when the operation has it and the
    /// response carried it.
    fn total_page_num(output: &Self::Output) -> Option<i64>;

    /// How many list elements the page holds, when the response has exactly
    /// one list; `None` otherwise.
    fn page_len(output: &Self::Output) -> Option<usize>;
}

/// A paged operation whose response holds exactly one list: its elements
/// can be streamed one by one with [`Paginator::items`].
pub trait PaginatedItems: Paginated {
    /// The list's element type.
    type Item: Send + 'static;

    /// Takes the list out of a page.
    fn page_items(output: Self::Output) -> Vec<Self::Item>;
}

/// Why a [`PageStream`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StopReason {
    /// The last page said `NextPage=false`.
    NoNextPage,
    /// The last page was the one numbered `TotalPageNum` (or beyond it).
    TotalPagesReached,
    /// The last page held no list elements.
    EmptyPage,
    /// The response has neither `NextPage` nor `TotalPageNum` and the last
    /// page was shorter than `PageSize`.
    ShortPage,
    /// The call for the next page failed; the error was the stream's last
    /// item.
    Error,
    /// [`Paginator::max_pages`] pages were fetched while the service still
    /// announced more: the result is incomplete.
    MaxPages,
    /// The next page number does not fit the `PageNum` parameter's type.
    PageNumOverflow,
}

impl StopReason {
    /// Whether every page was fetched (no error and no limit cut the walk
    /// short).
    pub fn is_complete(self) -> bool {
        matches!(
            self,
            StopReason::NoNextPage
                | StopReason::TotalPagesReached
                | StopReason::EmptyPage
                | StopReason::ShortPage
        )
    }
}

impl std::fmt::Display for StopReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            StopReason::NoNextPage => "the last page said there is no next page",
            StopReason::TotalPagesReached => "the last page was the last of TotalPageNum",
            StopReason::EmptyPage => "the last page was empty",
            StopReason::ShortPage => "the last page was shorter than the page size",
            StopReason::Error => "fetching the next page failed",
            StopReason::MaxPages => {
                "the page limit was reached while the service announced more pages"
            }
            StopReason::PageNumOverflow => "the next page number does not fit PageNum",
        })
    }
}

/// A configured walk over the pages of one paged operation.
///
/// Created by the generated `into_paginator` method of a paged operation's
/// input (or [`Paginator::new`]). The input's own `PageNum` is the first page
/// fetched; its other parameters are sent unchanged with every page.
#[derive(Clone)]
pub struct Paginator<O> {
    client: Client,
    input: O,
    max_pages: u32,
}

impl<O: fmt::Debug> fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("input", &self.input)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

impl<O: Paginated> Paginator<O> {
    /// A paginator that sends `input` (and the following pages) with
    /// `client`. The client is cloned, which is cheap.
    pub fn new(client: &Client, input: O) -> Self {
        Self {
            client: client.clone(),
            input,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// Fetch at most `max_pages` pages ([`DEFAULT_MAX_PAGES`] unless set);
    /// `0` fetches nothing. When the limit cuts the walk short, the stream
    /// ends with [`StopReason::MaxPages`].
    pub fn max_pages(mut self, max_pages: u32) -> Self {
        self.max_pages = max_pages;
        self
    }

    /// The page limit in force.
    pub fn get_max_pages(&self) -> u32 {
        self.max_pages
    }

    /// The input of the first page.
    pub fn input(&self) -> &O {
        &self.input
    }

    /// Starts the walk: a stream of pages, one `Result` per call. Nothing is
    /// sent until the stream is polled.
    pub fn send(self) -> PageStream<O> {
        PageStream {
            client: self.client,
            input: self.input,
            max_pages: self.max_pages,
            fetched: 0,
            in_flight: None,
            stopped: None,
        }
    }

    /// Starts the walk and streams the elements of each page's list, in
    /// order. An error ends the stream after being yielded.
    pub fn items(self) -> ItemStream<O>
    where
        O: PaginatedItems,
    {
        ItemStream {
            pages: self.send(),
            buffer: VecDeque::new(),
        }
    }
}

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

/// The pages of a [`Paginator`], as a [`Stream`] of `Result<Output, Error>`.
///
/// Pages are fetched one at a time, when the stream is polled. After the
/// stream has ended, [`stop_reason`](Self::stop_reason) tells why.
pub struct PageStream<O: Operation> {
    client: Client,
    input: O,
    max_pages: u32,
    fetched: u32,
    in_flight: Option<PageFuture<O::Output>>,
    stopped: Option<StopReason>,
}

impl<O: Operation + fmt::Debug> fmt::Debug for PageStream<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageStream")
            .field("next_input", &self.input)
            .field("fetched", &self.fetched)
            .field("max_pages", &self.max_pages)
            .field("stopped", &self.stopped)
            .finish_non_exhaustive()
    }
}

impl<O: Paginated> PageStream<O> {
    /// The next page, or `None` when the walk is over. The same as
    /// [`StreamExt::next`](futures::StreamExt::next), without the import.
    pub async fn next(&mut self) -> Option<Result<O::Output, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Fetches every remaining page; the first error is returned instead.
    ///
    /// # Errors
    ///
    /// The first failed call's [`Error`].
    pub async fn try_collect(mut self) -> Result<Vec<O::Output>, Error> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }

    /// How many pages have been fetched (successfully or not) so far.
    pub fn pages_fetched(&self) -> u32 {
        self.fetched
    }

    /// Why the stream ended, once it has (`None` while pages may follow).
    pub fn stop_reason(&self) -> Option<StopReason> {
        self.stopped
    }

    /// What to do after a successful page: `Some(reason)` to stop.
    fn after_page(&mut self, page: &O::Output) -> Option<StopReason> {
        let current = self.input.page_num();
        if O::next_page(page) == Some(false) {
            return Some(StopReason::NoNextPage);
        }
        if O::total_page_num(page).is_some_and(|total| current >= total) {
            return Some(StopReason::TotalPagesReached);
        }
        let len = O::page_len(page);
        if len == Some(0) {
            return Some(StopReason::EmptyPage);
        }
        if O::next_page(page).is_none() && O::total_page_num(page).is_none() {
            // Nothing says whether more pages follow: a short page is the
            // last one; without a list to measure, stop rather than loop.
            match (len, self.input.page_size()) {
                (Some(len), Some(size)) if i64::try_from(len).unwrap_or(i64::MAX) >= size => {}
                _ => return Some(StopReason::ShortPage),
            }
        }
        if self.fetched >= self.max_pages {
            return Some(StopReason::MaxPages);
        }
        match current.checked_add(1) {
            Some(next) if self.input.set_page_num(next) => None,
            _ => Some(StopReason::PageNumOverflow),
        }
    }
}

// `PageStream` never pins its fields in place: the in-flight call is boxed.
impl<O: Operation> Unpin for PageStream<O> {}

impl<O: Paginated> Stream for PageStream<O> {
    type Item = Result<O::Output, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.stopped.is_some() {
            return Poll::Ready(None);
        }
        let call = match &mut this.in_flight {
            Some(call) => call,
            None => {
                if this.fetched >= this.max_pages {
                    this.stopped = Some(StopReason::MaxPages);
                    return Poll::Ready(None);
                }
                let client = this.client.clone();
                let input = this.input.clone();
                this.in_flight
                    .insert(Box::pin(async move { client.send(&input).await }))
            }
        };
        let result = match call.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.in_flight = None;
        this.fetched += 1;
        this.stopped = match &result {
            Ok(page) => this.after_page(page),
            Err(_) => Some(StopReason::Error),
        };
        Poll::Ready(Some(result))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.stopped.is_some() {
            return (0, Some(0));
        }
        let left = self.max_pages.saturating_sub(self.fetched);
        (0, usize::try_from(left).ok())
    }
}

/// The list elements of every page of a [`Paginator`], as a [`Stream`] of
/// `Result<Item, Error>`.
pub struct ItemStream<O: PaginatedItems> {
    pages: PageStream<O>,
    buffer: VecDeque<O::Item>,
}

impl<O: PaginatedItems + fmt::Debug> fmt::Debug for ItemStream<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl<O: PaginatedItems> ItemStream<O> {
    /// The next element, or `None` when the walk is over. The same as
    /// [`StreamExt::next`](futures::StreamExt::next), without the import.
    pub async fn next(&mut self) -> Option<Result<O::Item, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Fetches every remaining element; the first error is returned instead.
    ///
    /// # Errors
    ///
    /// The first failed call's [`Error`].
    pub async fn try_collect(mut self) -> Result<Vec<O::Item>, Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }

    /// How many pages have been fetched so far.
    pub fn pages_fetched(&self) -> u32 {
        self.pages.pages_fetched()
    }

    /// Why the walk over the pages ended, once it has.
    pub fn stop_reason(&self) -> Option<StopReason> {
        self.pages.stop_reason()
    }
}

// The buffer and the page stream are both `Unpin`.
impl<O: PaginatedItems> Unpin for ItemStream<O> {}

impl<O: PaginatedItems> Stream for ItemStream<O> {
    type Item = Result<O::Item, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.buffer.extend(O::page_items(page)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::operation::OperationKind;
    use crate::params::Params;
    use crate::product::Product;
    use crate::test_util::{MockResponse, MockTransport};
    use crate::RetryConfig;

    const SHOP: Product = Product::new("Shop", "2024-01-01", "shop.aliyuncs.com");

    /// A paged operation written by hand whose answers carry neither
    /// `NextPage` nor `TotalPageNum`: only the length of a page tells
    /// whether another follows.
    #[derive(Debug, Clone)]
    struct ListThings {
        page_num: i64,
        page_size: i64,
    }

    impl Operation for ListThings {
        const ACTION: &'static str = "ListThings";
        const KIND: OperationKind = OperationKind::ReadOnly;
        type Output = Value;

        fn write_params(&self, params: &mut Params) {
            params.push("PageNum", self.page_num.to_string());
            params.push("PageSize", self.page_size.to_string());
        }
    }

    impl Paginated for ListThings {
        fn page_num(&self) -> i64 {
            self.page_num
        }

        fn set_page_num(&mut self, page: i64) -> bool {
            self.page_num = page;
            true
        }

        fn page_size(&self) -> Option<i64> {
            Some(self.page_size)
        }

        fn next_page(_: &Value) -> Option<bool> {
            None
        }

        fn total_page_num(_: &Value) -> Option<i64> {
            None
        }

        fn page_len(output: &Value) -> Option<usize> {
            output["Things"].as_array().map(Vec::len)
        }
    }

    impl PaginatedItems for ListThings {
        type Item = Value;

        fn page_items(output: Value) -> Vec<Value> {
            match output {
                Value::Object(mut map) => match map.remove("Things") {
                    Some(Value::Array(items)) => items,
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            }
        }
    }

    /// A mock service holding `count` things, paged by the request's
    /// `PageNum` and `PageSize`.
    fn shop(count: u64) -> MockTransport {
        MockTransport::new().respond_with(move |req| {
            let number = |name| -> u64 { req.param(name).unwrap().parse().unwrap() };
            let (page, size) = (number("PageNum"), number("PageSize"));
            let things: Vec<u64> = ((page - 1) * size..(page * size).min(count)).collect();
            MockResponse::ok(json!({ "Things": things }))
        })
    }

    #[tokio::test]
    async fn a_full_page_is_not_the_last_without_next_page_or_total() {
        // (things, pages read, why the walk stopped) with 3 a page.
        for (count, pages, reason) in [
            (7, 3, StopReason::ShortPage),
            (6, 3, StopReason::EmptyPage),
            (3, 2, StopReason::EmptyPage),
            (2, 1, StopReason::ShortPage),
        ] {
            let transport = shop(count);
            let client = transport
                .client_for(&SHOP)
                .with_retry_config(RetryConfig::disabled());
            let input = ListThings {
                page_num: 1,
                page_size: 3,
            };
            let mut items = Paginator::new(&client, input).items();
            let mut seen = Vec::new();
            while let Some(item) = items.next().await {
                seen.push(item.unwrap().as_u64().unwrap());
            }
            assert_eq!(seen, (0..count).collect::<Vec<_>>(), "{count} things");
            assert_eq!(items.pages_fetched(), pages, "{count} things");
            assert_eq!(items.stop_reason(), Some(reason), "{count} things");
            assert!(reason.is_complete());
            let asked: Vec<String> = transport
                .requests()
                .iter()
                .map(|r| r.param("PageNum").unwrap().to_owned())
                .collect();
            let expected: Vec<String> = (1..=pages).map(|p| p.to_string()).collect();
            assert_eq!(asked, expected, "{count} things");
        }
    }
}
