use std::sync::Arc;

use http::StatusCode;

use super::*;

/// A runtime frame as the bootstraps write it.
fn frame(kind: u8, flags: Option<u8>, strings: &[&[u8]], body: &[u8]) -> Vec<u8> {
    let mut rest = vec![kind];
    rest.extend(flags);
    for string in strings {
        rest.extend((string.len() as u32).to_be_bytes());
        rest.extend_from_slice(string);
    }
    rest.extend_from_slice(body);
    let mut framed = (rest.len() as u32).to_be_bytes().to_vec();
    framed.extend(rest);
    framed
}

fn read_all(bytes: &[u8], piece: usize) -> Result<Vec<RuntimeFrame>, Malformed> {
    let mut reader = FrameReader::default();
    let mut frames = Vec::new();
    for chunk in bytes.chunks(piece) {
        reader.buffer().extend_from_slice(chunk);
        while let Some(frame) = reader.next_frame()? {
            frames.push(frame);
        }
    }
    Ok(frames)
}

#[test]
fn frames_are_read_whatever_the_pieces_they_arrive_in() {
    let mut bytes = frame(NEXT, None, &[], b"");
    bytes.extend(frame(RESPONSE, Some(0), &[b"id-1"], b"{\"a\":1}"));
    bytes.extend(frame(ERROR, Some(1), &[b"id-2", b"TypeError"], b"{}"));
    bytes.extend(frame(INIT_ERROR, Some(0), &[b""], b"x"));
    bytes.extend(frame(STREAM_OPEN, Some(0), &[b"id-3"], b""));
    bytes.extend(frame(STREAM_DATA, None, &[], b"chunk"));
    bytes.extend(frame(STREAM_ERROR, None, &[b"E"], b"doc"));
    bytes.extend(frame(STREAM_END, None, &[], b""));
    let expected = vec![
        RuntimeFrame::Next,
        RuntimeFrame::Response {
            last: false,
            request_id: Bytes::from_static(b"id-1"),
            body: Body::Held(Bytes::from_static(b"{\"a\":1}")),
        },
        RuntimeFrame::Error {
            last: true,
            request_id: Bytes::from_static(b"id-2"),
            error_type: Bytes::from_static(b"TypeError"),
            body: Body::Held(Bytes::from_static(b"{}")),
        },
        RuntimeFrame::InitError {
            last: false,
            error_type: Bytes::new(),
            body: Body::Held(Bytes::from_static(b"x")),
        },
        RuntimeFrame::StreamOpen {
            request_id: Bytes::from_static(b"id-3"),
        },
        RuntimeFrame::StreamData {
            data: Body::Held(Bytes::from_static(b"chunk")),
        },
        RuntimeFrame::StreamError {
            error_type: Bytes::from_static(b"E"),
            body: Body::Held(Bytes::from_static(b"doc")),
        },
        RuntimeFrame::StreamEnd,
    ];
    for piece in [1, 3, 7, bytes.len()] {
        assert_eq!(
            read_all(&bytes, piece).unwrap(),
            expected,
            "pieces of {piece}"
        );
    }
}

#[test]
fn an_oversized_body_is_counted_not_held() {
    let body = vec![b'x'; MAX_HELD_FRAME];
    let mut bytes = frame(RESPONSE, Some(0), &[b"id"], &body);
    bytes.extend(frame(NEXT, None, &[], b""));
    let frames = read_all(&bytes, 1 << 20).unwrap();
    assert_eq!(
        frames,
        [
            RuntimeFrame::Response {
                last: false,
                request_id: Bytes::from_static(b"id"),
                body: Body::Dropped {
                    size: body.len() as u64
                },
            },
            RuntimeFrame::Next
        ]
    );
}

#[test]
fn broken_framing_is_malformed_not_a_panic() {
    let cases: Vec<Vec<u8>> = vec![
        frame(99, None, &[], b""),
        frame(NEXT, None, &[], b"trailing"),
        frame(RESPONSE, None, &[], b""),
        // A string longer than its frame.
        [&[0, 0, 0, 6, RESPONSE, 0][..], &[0, 0, 0, 200]].concat(),
        vec![0, 0, 0, 0],
    ];
    for bytes in cases {
        assert_eq!(read_all(&bytes, 2), Err(Malformed), "{bytes:?}");
    }
    // An oversized frame whose head does not fit the head limit.
    let long_id = vec![b'i'; MAX_HEAD_BYTES];
    let bytes = frame(RESPONSE, Some(0), &[&long_id], &vec![0; MAX_HELD_FRAME]);
    assert_eq!(read_all(&bytes, 1 << 20), Err(Malformed));
}

#[test]
fn events_carry_what_the_http_headers_would_and_answers_their_document() {
    let invocation = Invocation {
        request_id: "id".to_owned(),
        payload: Bytes::from_static(b"{}"),
        deadline_ms: 17,
        invoked_function_arn: Arc::from("arn"),
        // Not a valid header value: the HTTP API leaves the header out.
        trace_id: "a\nb".to_owned(),
        client_context: Some("{\"c\":\"\u{e9}\"}".to_owned()),
    };
    let length = event_length(&invocation, "17").unwrap();
    let mut out = BytesMut::new();
    put_event(&mut out, &invocation, "17", length);
    let mut expected = vec![EVENT];
    for string in [
        &b"id"[..],
        b"17",
        b"arn",
        b"",
        "{\"c\":\"\u{e9}\"}".as_bytes(),
    ] {
        expected.extend((string.len() as u32).to_be_bytes());
        expected.extend_from_slice(string);
    }
    expected.extend_from_slice(b"{}");
    assert_eq!(&out[..4], &(expected.len() as u32).to_be_bytes());
    assert_eq!(&out[4..], &expected[..]);

    let mut out = BytesMut::new();
    let answer = Answer {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        body: Bytes::from_static(b"{}"),
    };
    put_answer(&mut out, RESPONSE, b"id", &answer);
    assert_eq!(
        &out[..],
        &[
            0, 0, 0, 12, ANSWER, RESPONSE, 1, 157, 0, 0, 0, 2, b'i', b'd', b'{', b'}'
        ][..]
    );
}
