//! The bootstrap channel's wire format, shared with `bootstrap/node.cjs` and
//! `bootstrap/python.py`.
//!
//! A frame is a big-endian `u32` length (of what follows), a kind byte and the kind's
//! fields. A string field is a `u32` length and its bytes; a body is the rest of the frame.
//!
//! Platform to runtime:
//! - `EVENT`: request id, deadline (decimal epoch ms), invoked function ARN, trace id,
//!   client context, then the payload. A string is empty where the HTTP API would leave
//!   its `/next` header out.
//! - `ANSWER`: the call answered (a runtime frame kind), HTTP status (`u16`), request id,
//!   then the body the HTTP API would have answered with. Sent when a call is refused, or
//!   when it is the runtime's `LAST` call: it waits for the answer, then exits.
//!
//! Runtime to platform:
//! - `NEXT` (once, when initialisation is done; every result that is not `LAST` also
//!   means "next", as the runtime's next HTTP call would be `/next`).
//! - `RESPONSE`: flags, request id, body. `ERROR`: flags, request id, error type (empty:
//!   none), body. `INIT_ERROR`: flags, error type, body.
//! - A streamed response: `STREAM_OPEN` (flags, request id), any number of `STREAM_DATA`
//!   (data), then `STREAM_END` or `STREAM_ERROR` (error type, body).

use bytes::{Buf, BufMut, Bytes, BytesMut};

use super::super::Invocation;
use super::super::answers::Answer;
use super::super::headers::sent_value;
use crate::invoke::platform_error::MAX_RESPONSE_PAYLOAD_BYTES;

/// Bytes of a frame's length prefix.
const LENGTH_BYTES: usize = 4;

/// Platform frames.
const EVENT: u8 = 1;
const ANSWER: u8 = 2;

/// Runtime frames (also the call an `ANSWER` answers).
pub(crate) const NEXT: u8 = 1;
pub(crate) const RESPONSE: u8 = 2;
pub(crate) const ERROR: u8 = 3;
pub(crate) const INIT_ERROR: u8 = 4;
pub(crate) const STREAM_OPEN: u8 = 5;
const STREAM_DATA: u8 = 6;
const STREAM_END: u8 = 7;
const STREAM_ERROR: u8 = 8;

/// Flag of a result frame: the runtime's last call. It waits for the answer, even an
/// acceptance, then exits; no `/next` follows.
const LAST: u8 = 1;

/// The most bytes before a body a frame may have (ids and error types).
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Frames up to this size are copied out of the read buffer rather than split off it.
const COPIED_FRAME: usize = 16 * 1024;
/// Frames up to this size are held whole; a larger one can only carry a body over the
/// response limit, which is counted and dropped as it arrives.
const MAX_HELD_FRAME: usize = MAX_RESPONSE_PAYLOAD_BYTES as usize + MAX_HEAD_BYTES;

/// A frame's body: its bytes, or only its size when it is over the response limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Body {
    Held(Bytes),
    Dropped { size: u64 },
}

impl Body {
    pub(crate) fn size(&self) -> u64 {
        match self {
            Body::Held(bytes) => bytes.len() as u64,
            Body::Dropped { size } => *size,
        }
    }

    /// The bytes when they are within the response limit, else the body's size.
    pub(crate) fn within_limit(self) -> Result<Bytes, u64> {
        match self {
            Body::Held(bytes) if bytes.len() as u64 <= MAX_RESPONSE_PAYLOAD_BYTES => Ok(bytes),
            body => Err(body.size()),
        }
    }
}

/// One frame from the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RuntimeFrame {
    Next,
    Response {
        last: bool,
        request_id: Bytes,
        body: Body,
    },
    Error {
        last: bool,
        request_id: Bytes,
        error_type: Bytes,
        body: Body,
    },
    InitError {
        last: bool,
        error_type: Bytes,
        body: Body,
    },
    StreamOpen {
        request_id: Bytes,
    },
    StreamData {
        data: Body,
    },
    StreamEnd,
    StreamError {
        error_type: Bytes,
        body: Body,
    },
}

/// The runtime broke the framing; the channel cannot be trusted any further.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Malformed;

/// Splits the runtime's byte stream into frames.
#[derive(Debug, Default)]
pub(crate) struct FrameReader {
    buffer: BytesMut,
    /// An oversized frame whose body is being skipped.
    dropping: Option<(RuntimeFrame, usize)>,
}

impl FrameReader {
    /// Where the transport puts the bytes it reads.
    pub(crate) fn buffer(&mut self) -> &mut BytesMut {
        &mut self.buffer
    }

    /// The next complete frame, if the buffer holds one.
    pub(crate) fn next_frame(&mut self) -> Result<Option<RuntimeFrame>, Malformed> {
        if let Some((_, remaining)) = &mut self.dropping {
            let skipped = (*remaining).min(self.buffer.len());
            self.buffer.advance(skipped);
            *remaining -= skipped;
            if *remaining > 0 {
                return Ok(None);
            }
            return Ok(self.dropping.take().map(|(frame, _)| frame));
        }
        let Some(length) = self.buffer.first_chunk::<LENGTH_BYTES>() else {
            return Ok(None);
        };
        let length = u32::from_be_bytes(*length) as usize;
        if length <= MAX_HELD_FRAME {
            if self.buffer.len() < LENGTH_BYTES + length {
                self.buffer
                    .reserve(LENGTH_BYTES + length - self.buffer.len());
                return Ok(None);
            }
            self.buffer.advance(LENGTH_BYTES);
            // A small frame is copied out, so the buffer stays unshared and is reused for
            // the next read; a large one is handed on without a copy.
            let frame = if length <= COPIED_FRAME {
                let frame = Bytes::copy_from_slice(&self.buffer[..length]);
                self.buffer.advance(length);
                frame
            } else {
                self.buffer.split_to(length).freeze()
            };
            let (frame, _) = parse(frame, None)?;
            return Ok(Some(frame));
        }
        if self.buffer.len() < LENGTH_BYTES + MAX_HEAD_BYTES {
            return Ok(None);
        }
        let head = Bytes::copy_from_slice(&self.buffer[LENGTH_BYTES..][..MAX_HEAD_BYTES]);
        let (frame, head_length) = parse(head, Some(length))?;
        self.buffer.advance(LENGTH_BYTES + head_length);
        self.dropping = Some((frame, length - head_length));
        self.next_frame()
    }
}

/// Parses a whole frame, or (with `oversized`, the frame's length) only its head; also
/// returns the length of the head (the bytes before the body).
fn parse(frame: Bytes, oversized: Option<usize>) -> Result<(RuntimeFrame, usize), Malformed> {
    let mut fields = Fields {
        start: frame.len(),
        rest: frame,
        oversized,
    };
    let last = |flags: u8| flags & LAST != 0;
    let parsed = match fields.byte()? {
        NEXT => RuntimeFrame::Next,
        STREAM_END => RuntimeFrame::StreamEnd,
        RESPONSE => RuntimeFrame::Response {
            last: last(fields.byte()?),
            request_id: fields.string()?,
            body: fields.body(),
        },
        ERROR => RuntimeFrame::Error {
            last: last(fields.byte()?),
            request_id: fields.string()?,
            error_type: fields.string()?,
            body: fields.body(),
        },
        INIT_ERROR => RuntimeFrame::InitError {
            last: last(fields.byte()?),
            error_type: fields.string()?,
            body: fields.body(),
        },
        STREAM_OPEN => {
            let _flags = fields.byte()?;
            RuntimeFrame::StreamOpen {
                request_id: fields.string()?,
            }
        }
        STREAM_DATA => RuntimeFrame::StreamData {
            data: fields.body(),
        },
        STREAM_ERROR => RuntimeFrame::StreamError {
            error_type: fields.string()?,
            body: fields.body(),
        },
        _ => return Err(Malformed),
    };
    let bodyless = matches!(
        parsed,
        RuntimeFrame::Next | RuntimeFrame::StreamEnd | RuntimeFrame::StreamOpen { .. }
    );
    if bodyless && (oversized.is_some() || !fields.rest.is_empty()) {
        return Err(Malformed);
    }
    Ok((parsed, fields.start - fields.rest.len()))
}

/// The unread rest of a frame (or of an oversized frame's head).
struct Fields {
    rest: Bytes,
    start: usize,
    oversized: Option<usize>,
}

impl Fields {
    fn byte(&mut self) -> Result<u8, Malformed> {
        (!self.rest.is_empty())
            .then(|| self.rest.get_u8())
            .ok_or(Malformed)
    }

    fn string(&mut self) -> Result<Bytes, Malformed> {
        let length = self.rest.first_chunk::<4>().ok_or(Malformed)?;
        let length = u32::from_be_bytes(*length) as usize;
        if self.rest.len() < 4 + length {
            return Err(Malformed);
        }
        self.rest.advance(4);
        Ok(self.rest.split_to(length))
    }

    /// The rest of a held frame; for an oversized one, the size of everything after the
    /// head. Leaves the rest empty only for held frames, so the head length stays known.
    fn body(&mut self) -> Body {
        match self.oversized {
            Some(length) => Body::Dropped {
                size: (length - (self.start - self.rest.len())) as u64,
            },
            None => Body::Held(std::mem::take(&mut self.rest)),
        }
    }
}

/// The strings of an `EVENT`, as the HTTP API would send them in `/next` headers.
fn event_strings<'a>(invocation: &'a Invocation, deadline: &'a str) -> [&'a str; 5] {
    // Unlike the HTTP transport, no header size limit applies here (Node.js refuses
    // /next answers with over 16 KiB of headers); Lambda caps the client context at
    // 3583 bytes, so only input beyond Lambda's own bounds sees a difference.
    [
        invocation.request_id.as_str(),
        deadline,
        &invocation.invoked_function_arn,
        &invocation.trace_id,
        invocation.client_context.as_deref().unwrap_or(""),
    ]
    .map(|value| sent_value(value).unwrap_or(""))
}

/// The size of `invocation`'s `EVENT` frame after its length prefix, if it fits one.
pub(crate) fn event_length(invocation: &Invocation, deadline: &str) -> Option<u32> {
    let strings: usize = event_strings(invocation, deadline)
        .iter()
        .map(|value| 4 + value.len())
        .sum();
    u32::try_from(1 + strings + invocation.payload.len()).ok()
}

/// Appends `invocation`'s `EVENT` frame; `length` is its [`event_length`].
pub(crate) fn put_event(out: &mut BytesMut, invocation: &Invocation, deadline: &str, length: u32) {
    out.reserve(LENGTH_BYTES + length as usize);
    out.put_u32(length);
    out.put_u8(EVENT);
    for value in event_strings(invocation, deadline) {
        put_string(out, value.as_bytes());
    }
    out.put_slice(&invocation.payload);
}

/// Appends an `ANSWER` frame to `call` (a runtime frame kind). `request_id` comes from
/// a frame's head, so the frame stays small.
pub(crate) fn put_answer(out: &mut BytesMut, call: u8, request_id: &[u8], answer: &Answer) {
    let length = 1 + 1 + 2 + 4 + request_id.len() + answer.body.len();
    out.put_u32(u32::try_from(length).unwrap_or(u32::MAX));
    out.put_u8(ANSWER);
    out.put_u8(call);
    out.put_u16(answer.status.as_u16());
    put_string(out, request_id);
    out.put_slice(&answer.body);
}

fn put_string(out: &mut BytesMut, value: &[u8]) {
    out.put_u32(u32::try_from(value.len()).unwrap_or(u32::MAX));
    out.put_slice(value);
}

#[cfg(test)]
mod tests;
