//! What each runtime frame does: the same as the HTTP Runtime API call it stands for,
//! applied to the same [`RuntimeState`], answered (when refused, or when the runtime waits
//! for it) with the same status and document.

use std::sync::Arc;

use bytes::Bytes;

use super::super::answers::{self, Answer};
use super::super::headers::{error_type, received_value, stream_error_type};
use super::super::state::{ResultKind, ResultSlot, RuntimeReply, RuntimeState};
use super::Channel;
use super::frame::{self, Body, RuntimeFrame};
use crate::invoke::platform_error::MAX_RESPONSE_PAYLOAD_BYTES;

/// A streamed response being received.
pub(super) enum Streamed {
    Accepted {
        slot: ResultSlot,
        chunks: Vec<Bytes>,
        size: u64,
    },
    Refused,
}

impl Channel {
    fn answer(&mut self, call: u8, request_id: &[u8], answer: &Answer) {
        frame::put_answer(&mut self.out, call, request_id, answer);
    }

    /// Applies one frame to the state, as the matching HTTP call would.
    pub(super) fn apply(
        &mut self,
        state: &Arc<RuntimeState>,
        frame: RuntimeFrame,
    ) -> Option<RuntimeReply> {
        match frame {
            RuntimeFrame::Next => {
                self.next(state);
                None
            }
            RuntimeFrame::Response {
                last,
                request_id,
                body,
            } => {
                let reply = match body.within_limit() {
                    Ok(body) => RuntimeReply::Response { body },
                    Err(size) => RuntimeReply::TooLarge { size },
                };
                self.result(state, frame::RESPONSE, &request_id, last, reply)
            }
            RuntimeFrame::Error {
                last,
                request_id,
                error_type: raw_type,
                body,
            } => {
                let reply = match body.within_limit() {
                    Ok(body) => RuntimeReply::Error {
                        error_type: error_type(received_value(&raw_type).as_ref()),
                        body,
                    },
                    Err(size) => RuntimeReply::TooLarge { size },
                };
                self.result(state, frame::ERROR, &request_id, last, reply)
            }
            RuntimeFrame::InitError {
                last,
                error_type: raw_type,
                body,
            } => {
                let answer = match body.within_limit() {
                    Ok(body) => {
                        let error_type = error_type(received_value(&raw_type).as_ref());
                        match state.init_error(error_type, body) {
                            Ok(()) => answers::accepted(),
                            Err(refusal) => answers::refused(&refusal),
                        }
                    }
                    Err(_) => answers::too_large(),
                };
                if last || answer.is_refusal() {
                    self.answer(frame::INIT_ERROR, b"", &answer);
                }
                None
            }
            RuntimeFrame::StreamOpen { request_id } => {
                let id = String::from_utf8_lossy(&request_id);
                self.streamed = Some(match state.begin_result(&id, ResultKind::Response) {
                    Ok(slot) => Streamed::Accepted {
                        slot,
                        chunks: Vec::new(),
                        size: 0,
                    },
                    Err(refusal) => {
                        self.answer(frame::STREAM_OPEN, &request_id, &answers::refused(&refusal));
                        Streamed::Refused
                    }
                });
                None
            }
            RuntimeFrame::StreamData { data } => {
                if let Some(Streamed::Accepted { chunks, size, .. }) = &mut self.streamed {
                    // Like the HTTP transport: count everything, keep at most the limit.
                    *size += data.size();
                    match data {
                        Body::Held(data) if *size <= MAX_RESPONSE_PAYLOAD_BYTES => {
                            chunks.push(data);
                        }
                        _ => chunks.clear(),
                    }
                }
                None
            }
            RuntimeFrame::StreamEnd => self.end_stream(state, None),
            RuntimeFrame::StreamError { error_type, body } => {
                self.end_stream(state, Some((error_type, body)))
            }
        }
    }

    /// `NEXT`, also implied by every result but a runtime's last.
    fn next(&mut self, state: &RuntimeState) {
        if let Err(refusal) = state.ready() {
            self.answer(frame::NEXT, b"", &answers::refused(&refusal));
        }
    }

    /// A buffered result (`RESPONSE` or `ERROR`) for `request_id`.
    fn result(
        &mut self,
        state: &Arc<RuntimeState>,
        call: u8,
        request_id: &[u8],
        last: bool,
        reply: RuntimeReply,
    ) -> Option<RuntimeReply> {
        let kind = if call == frame::RESPONSE {
            ResultKind::Response
        } else {
            ResultKind::Error
        };
        let id = String::from_utf8_lossy(request_id);
        let completed = match state.begin_result(&id, kind) {
            Ok(slot) => {
                let answer = match reply {
                    RuntimeReply::TooLarge { .. } => answers::too_large(),
                    _ => answers::accepted(),
                };
                if last || answer.is_refusal() {
                    self.answer(call, request_id, &answer);
                }
                Some(slot.complete_here(reply))
            }
            Err(refusal) => {
                self.answer(call, request_id, &answers::refused(&refusal));
                None
            }
        };
        if !last {
            self.next(state);
        }
        completed
    }

    /// The end of a streamed response; `error` is a failure's type and document.
    fn end_stream(
        &mut self,
        state: &RuntimeState,
        error: Option<(Bytes, Body)>,
    ) -> Option<RuntimeReply> {
        let completed = match self.streamed.take() {
            Some(Streamed::Accepted { slot, chunks, size }) => {
                let failure = error.and_then(|(raw_type, body)| {
                    let error_type = stream_error_type(received_value(&raw_type).as_ref())?;
                    let body = match body {
                        Body::Held(body) => body,
                        Body::Dropped { .. } => Bytes::new(),
                    };
                    Some(RuntimeReply::Error { error_type, body })
                });
                let reply = if size > MAX_RESPONSE_PAYLOAD_BYTES {
                    self.answer(frame::STREAM_OPEN, b"", &answers::too_large());
                    RuntimeReply::TooLarge { size }
                } else {
                    failure.unwrap_or_else(|| RuntimeReply::Response {
                        body: concat(chunks),
                    })
                };
                Some(slot.complete_here(reply))
            }
            Some(Streamed::Refused) | None => None,
        };
        self.next(state);
        completed
    }
}

fn concat(mut chunks: Vec<Bytes>) -> Bytes {
    match chunks.len() {
        0 => Bytes::new(),
        1 => chunks.swap_remove(0),
        _ => Bytes::from(chunks.concat()),
    }
}
