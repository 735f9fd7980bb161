//! Success bodies read as streams of typed items as they arrive: JSON lines ([`Items`]) and
//! server-sent events ([`Events`]), both cut from the chunks of a [`Download`].
//!
//! The same for every spec: a spec with no streamed response leaves it unused.
#![allow(dead_code)]

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::stream::BoxStream;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::runtime::{Client, Download, Received, Request, RequestError};

/// Cuts a body into pieces (lines, records, events) as its chunks arrive, holding no piece
/// longer than the response size limit.
struct Chunked {
    /// `None` once the body has ended or failed.
    download: Option<Download>,
    /// Bytes received and not yet cut.
    buffer: Vec<u8>,
    /// The longest piece allowed, and the status of the response for the error.
    limit: usize,
    status: StatusCode,
}

impl Chunked {
    fn new(download: Download) -> Self {
        Self {
            limit: download.limit(),
            status: download.status(),
            download: Some(download),
            buffer: Vec::new(),
        }
    }

    /// A piece past the size limit: the error, and the end of the body.
    fn too_large(&mut self) -> RequestError {
        self.download = None;
        self.buffer.clear();
        RequestError::ResponseTooLarge {
            status: self.status,
            limit: self.limit,
        }
    }

    /// Reads the next chunk into the buffer: `Ok(false)` at the end of the body, an error when
    /// the connection fails or the buffer holds more than a piece may.
    async fn fill(&mut self) -> Result<bool, RequestError> {
        if self.buffer.len() > self.limit {
            return Err(self.too_large());
        }
        let Some(download) = &mut self.download else {
            return Ok(false);
        };
        match download.chunk().await {
            Ok(Some(chunk)) => {
                self.buffer.extend_from_slice(&chunk);
                Ok(true)
            }
            Ok(None) => {
                self.download = None;
                Ok(false)
            }
            Err(error) => {
                self.download = None;
                self.buffer.clear();
                Err(error)
            }
        }
    }
}

/// The state of [`Items`]: the body, and how many items were read.
struct Lines {
    body: Chunked,
    /// Items read so far, counting those that did not decode.
    item: usize,
}

impl Lines {
    /// The next item, decoded; `None` at the end of the body.
    async fn next<T: DeserializeOwned>(&mut self) -> Option<Result<T, RequestError>> {
        const RECORD_SEPARATOR: u8 = 0x1e;
        loop {
            let body = &mut self.body;
            let split = body
                .buffer
                .iter()
                .position(|b| *b == b'\n' || *b == RECORD_SEPARATOR);
            let line: Vec<u8> = match split {
                Some(at) => {
                    let line = body.buffer[..at].to_vec();
                    body.buffer.drain(..=at);
                    line
                }
                // The body has ended: what is left is the last item.
                None if body.download.is_none() => std::mem::take(&mut body.buffer),
                None => match body.fill().await {
                    Ok(_) => continue,
                    Err(error) => return Some(Err(error)),
                },
            };
            if line.len() > body.limit {
                return Some(Err(body.too_large()));
            }
            let text = line.trim_ascii();
            if text.is_empty() {
                if body.download.is_none() && body.buffer.is_empty() {
                    return None;
                }
                continue;
            }
            self.item += 1;
            let item = self.item;
            return Some(
                serde_json::from_slice(text)
                    .map_err(|source| RequestError::StreamItem { item, source }),
            );
        }
    }
}

/// The items of a success body of JSON values, each decoded as `T` as soon as it has arrived:
/// one per line (`application/x-ndjson`, `application/jsonl`, Kubernetes'
/// `application/json;stream=watch`) or one per record of a JSON text sequence
/// (`application/json-seq`, records led by the 0x1E separator). Blank lines are skipped.
///
/// A [`Stream`](futures_util::Stream) (read it with [`StreamExt`](futures_util::StreamExt)
/// `::next`). An item that does not decode is [`RequestError::StreamItem`] and the stream goes
/// on with the next; an item longer than the response size limit
/// ([`crate::Config::with_max_response_bytes`]) or a failed connection ends it with its
/// error.
///
/// ```ignore
/// let mut events = client.v1().system().get_events_items().await?;
/// while let Some(event) = events.next().await {
///     println!("{:?}", event?);
/// }
/// ```
pub struct Items<T> {
    status: StatusCode,
    headers: HeaderMap,
    stream: BoxStream<'static, Result<T, RequestError>>,
}

impl<T: DeserializeOwned + Send + 'static> Items<T> {
    pub(crate) fn new(download: Download) -> Self {
        let status = download.status();
        let headers = download.headers().clone();
        let lines = Lines {
            body: Chunked::new(download),
            item: 0,
        };
        let stream = futures_util::stream::unfold(lines, |mut lines| async move {
            let result = lines.next().await?;
            Some((result, lines))
        });
        Self {
            status,
            headers,
            stream: Box::pin(stream),
        }
    }
}

impl<T> Items<T> {
    /// The status of the response (a success).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl<T> futures_util::Stream for Items<T> {
    type Item = Result<T, RequestError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.stream.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// One server-sent event: its `data` decoded, and the fields that came with it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The `event:` field, the event's type; `None` for the default type (`message`).
    pub event: Option<String>,
    /// The last event ID the server set (`id:`) as of this event, the one a reconnection
    /// sends as `Last-Event-ID`; it stays until the server sets another.
    pub id: Option<String>,
    /// The reconnection time the server asked for in this event (`retry:`), if it did.
    pub retry: Option<Duration>,
    /// The `data:` lines, joined by newlines, decoded: as JSON, or as a JSON string holding
    /// the text when that is what `T` reads.
    pub data: T,
}

/// An event as cut from the body, before its data is decoded.
struct RawEvent {
    event: Option<String>,
    id: Option<String>,
    retry: Option<Duration>,
    data: String,
}

/// The `text/event-stream` format: lines (ending in CR, LF or CRLF) of `field: value`, an
/// empty line ending each event, `:` starting a comment.
#[derive(Default)]
struct EventParser {
    /// The last line ended with CR: an LF that starts the next chunk belongs to it.
    after_cr: bool,
    /// At the start of the stream: a byte order mark is skipped.
    started: bool,
    event: Option<String>,
    data: Option<String>,
    retry: Option<Duration>,
    /// The `id:` read last, which becomes the last event ID when its event ends.
    id: Option<String>,
    /// The last event ID: it persists from event to event, and across reconnections.
    last_id: Option<String>,
}

impl EventParser {
    /// The next whole event in `buffer` (its bytes removed), or `None` when more are needed.
    fn next(&mut self, buffer: &mut Vec<u8>) -> Option<RawEvent> {
        loop {
            match buffer.first() {
                // The rest of a CRLF cut between two chunks.
                Some(b'\n') if self.after_cr => {
                    buffer.remove(0);
                    self.after_cr = false;
                }
                Some(_) => self.after_cr = false,
                None => return None,
            }
            if !self.started {
                if buffer.len() < 3 && b"\xEF\xBB\xBF".starts_with(buffer) {
                    return None;
                }
                if buffer.starts_with(b"\xEF\xBB\xBF") {
                    buffer.drain(..3);
                }
                self.started = true;
            }
            let end = buffer.iter().position(|b| *b == b'\n' || *b == b'\r')?;
            self.after_cr = buffer[end] == b'\r';
            let line = String::from_utf8_lossy(&buffer[..end]).into_owned();
            buffer.drain(..=end);
            if let Some(event) = self.line(&line) {
                return Some(event);
            }
        }
    }

    /// Takes in one line: an empty line dispatches the event gathered, if it has data.
    fn line(&mut self, line: &str) -> Option<RawEvent> {
        if line.is_empty() {
            self.last_id.clone_from(&self.id);
            let event = self.event.take();
            let retry = self.retry.take();
            return self.data.take().map(|data| RawEvent {
                event,
                id: self.last_id.clone(),
                retry,
                data,
            });
        }
        let (field, value) = match line.split_once(':') {
            // A comment.
            Some(("", _)) => return None,
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = Some(value.to_string()),
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_string()),
            },
            "id" if !value.contains('\0') => {
                self.id = (!value.is_empty()).then(|| value.to_string());
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok().map(Duration::from_millis);
            }
            _ => {}
        }
        None
    }

    /// The body ended or broke: an event not ended by an empty line is dropped.
    fn discard_partial(&mut self) {
        self.after_cr = false;
        self.started = false;
        self.event = None;
        self.data = None;
        self.retry = None;
        self.id.clone_from(&self.last_id);
    }

    /// The length of the event being gathered.
    fn pending(&self) -> usize {
        self.data.as_ref().map_or(0, String::len)
    }
}

/// How [`Events`] resumes a stream that ended or broke.
struct Reconnect {
    client: Client,
    /// A copy of the first request, sent again with `Last-Event-ID`.
    request: Request,
    /// The reconnections allowed in a row without an event between them.
    attempts: u32,
    /// The wait before each, unless the server asked for another (`retry:`).
    delay: Duration,
}

/// The state of [`Events`].
struct EventReader {
    body: Chunked,
    parser: EventParser,
    /// Events read so far, counting those that did not decode.
    item: usize,
    /// How to reconnect: set by [`Events::reconnect`], `None` when the request cannot be sent
    /// again.
    reconnect: Option<Reconnect>,
    resend: Option<(Client, Request)>,
    /// Reconnections since the last event.
    failed: u32,
    /// The server's reconnection time (`retry:`), the last it set.
    retry: Option<Duration>,
    done: bool,
}

impl EventReader {
    /// The next event; `None` at the end.
    async fn next<T: DeserializeOwned>(&mut self) -> Option<Result<Event<T>, RequestError>> {
        loop {
            if self.done {
                return None;
            }
            if let Some(raw) = self.parser.next(&mut self.body.buffer) {
                self.failed = 0;
                self.retry = raw.retry.or(self.retry);
                // The convention of many streaming APIs: the stream is over.
                if raw.data == "[DONE]" {
                    self.done = true;
                    return None;
                }
                self.item += 1;
                return Some(decode_event(raw, self.item));
            }
            if self.parser.pending() > self.body.limit {
                self.done = true;
                return Some(Err(self.body.too_large()));
            }
            let ended = match self.body.fill().await {
                Ok(true) => continue,
                Ok(false) => None,
                Err(error @ RequestError::ResponseTooLarge { .. }) => {
                    self.done = true;
                    return Some(Err(error));
                }
                Err(error) => Some(error),
            };
            self.parser.discard_partial();
            self.body.buffer.clear();
            if let Err(error) = self.reconnect(ended).await {
                self.done = true;
                return error.map(Err);
            }
        }
    }

    /// After the body ended (`ended` is `None`) or broke: sends the request again, when asked
    /// to and attempts remain. `Err` ends the stream, with the error to report, if any.
    async fn reconnect(&mut self, ended: Option<RequestError>) -> Result<(), Option<RequestError>> {
        let Some(reconnect) = &self.reconnect else {
            return Err(ended);
        };
        if self.failed >= reconnect.attempts {
            return Err(ended);
        }
        self.failed += 1;
        tokio::time::sleep(self.retry.unwrap_or(reconnect.delay)).await;
        let mut request = reconnect.request.try_clone().ok_or(None)?;
        if let Some(id) = &self.parser.last_id {
            request.header("last-event-id", id.clone());
        }
        match reconnect.client.resend(request).await {
            // No content: the server has no more events to send.
            Ok(Received::Streaming(download)) if download.status() == StatusCode::NO_CONTENT => {
                Err(None)
            }
            Ok(Received::Streaming(download)) => {
                self.body = Chunked::new(download);
                Ok(())
            }
            Ok(Received::Whole(response)) => Err(Some(RequestError::Reconnect {
                status: response.status_code(),
                body: response.into_body(),
            })),
            // Could not connect: try again while attempts remain.
            Err(error) => {
                self.body.download = None;
                Box::pin(self.reconnect(Some(error))).await
            }
        }
    }
}

/// The data of an event as `T`: its JSON, or the text as a JSON string (for a `String`, or an
/// enum of text values). When neither reads, the error is the JSON one.
fn decode_event<T: DeserializeOwned>(raw: RawEvent, item: usize) -> Result<Event<T>, RequestError> {
    let data = match serde_json::from_str(&raw.data) {
        Ok(data) => data,
        Err(source) => serde_json::from_value(serde_json::Value::String(raw.data))
            .map_err(|_| RequestError::StreamItem { item, source })?,
    };
    Ok(Event {
        event: raw.event,
        id: raw.id,
        retry: raw.retry,
        data,
    })
}

/// The server-sent events (`text/event-stream`) of a success body, each with its data decoded
/// as `T`, as they arrive: what an operation's `<operation>_events` method returns.
///
/// A [`Stream`](futures_util::Stream) of [`Event`]s (read it with
/// [`StreamExt`](futures_util::StreamExt)`::next`):
/// - comments and events without data are skipped; an event's `id` stays until the server
///   sets another;
/// - an event whose data does not decode is [`RequestError::StreamItem`], and the stream goes
///   on;
/// - the stream ends with the body, after an event whose data is `[DONE]` (the convention of
///   many streaming APIs), or with an error: a failed connection, or an event longer than the
///   response size limit ([`crate::Config::with_max_response_bytes`]).
///
/// Nothing is sent again unless asked: [`Events::reconnect`] resumes a stream that ended or
/// broke, as a browser's `EventSource` does.
///
/// ```ignore
/// let mut events = client.v1().chat().chat_completion_events(&request).await?;
/// while let Some(event) = events.next().await {
///     let event = event?;
///     println!("{:?}: {:?}", event.event, event.data);
/// }
/// ```
pub struct Events<T> {
    status: StatusCode,
    headers: HeaderMap,
    /// Until the first event is asked for; then the stream of them.
    reader: Option<Box<EventReader>>,
    stream: Option<BoxStream<'static, Result<Event<T>, RequestError>>>,
    item: PhantomData<fn() -> T>,
}

impl<T> Events<T> {
    /// `download`'s body as events; `resend` is the client and a copy of the request, when it
    /// can be sent again.
    pub(crate) fn new(download: Download, resend: Option<(Client, Request)>) -> Self {
        Self {
            status: download.status(),
            headers: download.headers().clone(),
            reader: Some(Box::new(EventReader {
                body: Chunked::new(download),
                parser: EventParser::default(),
                item: 0,
                reconnect: None,
                resend,
                failed: 0,
                retry: None,
                done: false,
            })),
            stream: None,
            item: PhantomData,
        }
    }

    /// Resumes the stream when its body ends or its connection breaks: the request is sent
    /// again with `Last-Event-ID` (the last `id:` the server set), after `delay` or the
    /// reconnection time the server set (`retry:`). At most `attempts` reconnections in a
    /// row without an event between them; then the stream ends, with the last error if the
    /// connection broke.
    ///
    /// A reconnection answered `204 No Content` ends the stream; one answered with another
    /// status that is not a success ends it with [`RequestError::Reconnect`]. A request whose
    /// body was a stream cannot be sent again: it is not reconnected. Call this before reading
    /// the first event.
    pub fn reconnect(mut self, attempts: u32, delay: Duration) -> Self {
        if let Some(reader) = &mut self.reader {
            reader.reconnect = reader.resend.take().map(|(client, request)| Reconnect {
                client,
                request,
                attempts,
                delay,
            });
        }
        self
    }

    /// The status of the first response (a success).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the first response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl<T: DeserializeOwned + Send + 'static> futures_util::Stream for Events<T> {
    type Item = Result<Event<T>, RequestError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(reader) = self.reader.take() {
            let stream = futures_util::stream::unfold(reader, |mut reader| async move {
                let result = reader.next().await?;
                Some((result, reader))
            });
            self.stream = Some(Box::pin(stream));
        }
        match &mut self.stream {
            Some(stream) => stream.as_mut().poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

impl<T> fmt::Debug for Events<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Events")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events `input` holds, fed in pieces of `size` bytes.
    fn events(input: &[u8], size: usize) -> Vec<(Option<String>, Option<String>, String)> {
        let mut parser = EventParser::default();
        let mut buffer = Vec::new();
        let mut out = Vec::new();
        for piece in input.chunks(size) {
            buffer.extend_from_slice(piece);
            while let Some(event) = parser.next(&mut buffer) {
                out.push((event.event, event.id, event.data));
            }
        }
        out
    }

    #[test]
    fn events_are_cut_at_empty_lines_whatever_the_chunks() {
        let input = b"\xEF\xBB\xBF: a comment\r\nevent: add\r\ndata: {\"a\":1}\r\nid: 7\r\n\r\n\
            data: one\ndata:two\n\nretry: 50\n\nid\ndata\n\rdata: x\rdata: y\r\n\r\nevent: cut";
        let expected: Vec<(Option<String>, Option<String>, String)> = vec![
            (Some("add".into()), Some("7".into()), "{\"a\":1}".into()),
            (None, Some("7".into()), "one\ntwo".into()),
            // `id` alone clears the ID; `data` alone is empty data; a CR alone ends a line.
            (None, None, "".into()),
            (None, None, "x\ny".into()),
        ];
        for size in [1, 2, 3, 7, input.len()] {
            assert_eq!(events(input, size), expected, "pieces of {size}");
        }
    }

    #[test]
    fn event_data_reads_as_json_or_as_text() {
        let raw = |data: &str| RawEvent {
            event: None,
            id: None,
            retry: None,
            data: data.into(),
        };
        let number: Event<u32> = decode_event(raw("42"), 1).unwrap();
        assert_eq!(number.data, 42);
        let text: Event<String> = decode_event(raw("hello there"), 1).unwrap();
        assert_eq!(text.data, "hello there");
        let quoted: Event<String> = decode_event(raw("\"quoted\""), 1).unwrap();
        assert_eq!(quoted.data, "quoted");
        match decode_event::<u32>(raw("oops"), 3) {
            Err(RequestError::StreamItem { item: 3, source }) => assert!(source.is_syntax()),
            other => panic!("expected a stream item error, got {other:?}"),
        }
    }
}
