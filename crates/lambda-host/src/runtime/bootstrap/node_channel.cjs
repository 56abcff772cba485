'use strict';
/*
 * The bootstrap channel of gantry's Node.js bootstrap: shipped as the start of the same
 * file as node.cjs (lambda-host concatenates them), so it adds no module a handler could
 * find in require.cache. Only definitions live here; they use node.cjs's constants when
 * called.
 *
 * Frames are a u32 length, a kind byte and fields (strings are a u32 length and bytes; a
 * body is the rest of the frame), as defined in lambda-host's runtime_api/channel/frame.rs.
 * Each call is the HTTP Runtime API call it replaces, with the same observable result.
 */

const FRAME = {
  // from gantry
  event: 1, answer: 2,
  // to gantry (also the call an answer is about)
  next: 1, response: 2, error: 3, initError: 4, streamOpen: 5, streamData: 6, streamEnd: 7, streamError: 8,
};
// The call after which the bootstrap exits: gantry answers it and expects no next.
const LAST_CALL = 1;

function frame(kind, flags, strings, body) {
  const bodyLength = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  let length = 1 + (flags === null ? 0 : 1) + bodyLength;
  for (const string of strings) length += 4 + Buffer.byteLength(string, 'latin1');
  const buffer = Buffer.allocUnsafe(4 + length);
  let offset = buffer.writeUInt32BE(length, 0);
  offset = buffer.writeUInt8(kind, offset);
  if (flags !== null) offset = buffer.writeUInt8(flags, offset);
  for (const string of strings) {
    // Header values travel as latin1, as over HTTP.
    offset = buffer.writeUInt32BE(Buffer.byteLength(string, 'latin1'), offset);
    offset += buffer.write(string, offset, 'latin1');
  }
  if (typeof body === 'string') buffer.write(body, offset, 'utf8');
  else body.copy(buffer, offset);
  return buffer;
}

/** A header value as Node's HTTP client reads it: latin1, spaces and tabs trimmed. */
function headerText(frameBytes, start, end) {
  let value = frameBytes.toString('latin1', start, end);
  if (/^[ \t]|[ \t]$/.test(value)) value = value.replace(/^[ \t]+|[ \t]+$/g, '');
  return value;
}

class Channel {
  constructor(socket) {
    this.socket = socket;
    this.chunks = [];
    this.size = 0;
    this.events = [];
    this.waiting = null; // {resolve, reject} of next()
    this.answerWaiters = [];
    this.announced = false;
    this.closed = false;
    // Only an awaited call keeps the event loop alive, as the HTTP agent's idle socket
    // does not: a handler's event loop must be able to drain.
    socket.unref();
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', () => {}); // 'close' follows
    socket.on('close', () => this.close());
  }

  /** The next event, as the HTTP API's /next would give it: {headers, body}. */
  next() {
    if (!this.announced) {
      this.announced = true;
      this.socket.write(frame(FRAME.next, null, [], Buffer.alloc(0)));
    }
    if (this.events.length > 0) return Promise.resolve(this.events.shift());
    if (this.closed) return Promise.reject(new Error('the bootstrap channel closed'));
    this.socket.ref();
    return new Promise((resolve, reject) => { this.waiting = { resolve, reject }; });
  }

  /** Sends a frame; with LAST_CALL, resolves once gantry has answered it. */
  send(kind, flags, strings, body) {
    this.socket.write(frame(kind, flags, strings, body));
    if (!(flags & LAST_CALL) || this.closed) return Promise.resolve();
    this.socket.ref();
    return new Promise((resolve) => this.answerWaiters.push(resolve));
  }

  respond(requestId, body) {
    return this.send(FRAME.response, 0, [requestId], body);
  }

  fail(requestId, payload, errorType, flags) {
    http.validateHeaderValue(HEADER.errorType, errorType);
    return this.send(FRAME.error, flags, [requestId, String(errorType)], JSON.stringify(payload));
  }

  initError(payload, errorType) {
    http.validateHeaderValue(HEADER.errorType, errorType);
    return this.send(FRAME.initError, LAST_CALL, [String(errorType)], JSON.stringify(payload));
  }

  /** A writable for a streamed response, with the HTTP request's addTrailers. */
  openStream(requestId) {
    this.socket.write(frame(FRAME.streamOpen, 0, [requestId], Buffer.alloc(0)));
    let trailers = null;
    const sink = new Writable({
      write: (chunk, encoding, callback) => {
        this.socket.write(frame(FRAME.streamData, null, [], chunk), () => callback());
      },
      final: (callback) => {
        const ended = trailers === null
          ? frame(FRAME.streamEnd, null, [], Buffer.alloc(0))
          : frame(FRAME.streamError, null, [String(trailers[HEADER.errorType])],
            Buffer.from(String(trailers[HEADER.errorBody]), 'base64'));
        this.socket.write(ended, () => callback());
      },
    });
    sink.addTrailers = (values) => {
      for (const [name, value] of Object.entries(values)) http.validateHeaderValue(name, value);
      trailers = values;
    };
    return sink;
  }

  receive(chunk) {
    this.chunks.push(chunk);
    this.size += chunk.length;
    for (;;) {
      if (this.size < 4) return;
      let head = this.chunks[0].length >= 4 ? this.chunks[0] : this.flatten();
      const end = 4 + head.readUInt32BE(0);
      if (this.size < end) return;
      if (head.length < end) head = this.flatten();
      if (head.length === end) this.chunks.shift();
      else this.chunks[0] = head.subarray(end);
      this.size -= end;
      this.dispatch(head.subarray(4, end));
    }
  }

  flatten() {
    const all = Buffer.concat(this.chunks, this.size);
    this.chunks = [all];
    return all;
  }

  dispatch(bytes) {
    if (bytes[0] === FRAME.event) {
      const headers = {};
      let offset = 1;
      for (const name of EVENT_HEADERS) {
        const length = bytes.readUInt32BE(offset);
        offset += 4;
        // Like the HTTP API, an empty value is a header left out.
        if (length > 0) headers[name] = headerText(bytes, offset, offset + length);
        offset += length;
      }
      this.deliver({ status: 200, headers, body: bytes.subarray(offset) });
    } else if (bytes[0] === FRAME.answer) {
      const call = bytes[1];
      const status = bytes.readUInt16BE(2);
      const body = bytes.subarray(8 + bytes.readUInt32BE(4));
      const waiter = this.answerWaiters.shift();
      if (waiter) {
        if (this.answerWaiters.length === 0 && !this.waiting) this.socket.unref();
        waiter({ status, body });
      } else if (call === FRAME.next) {
        // As over HTTP, a refused /next ends the bootstrap.
        this.deliver({ status, headers: {}, body });
      } else if (call === FRAME.response) {
        logPostFailure(status, body);
      }
    }
  }

  deliver(next) {
    if (next.status !== 200) next = Promise.reject(new Error(`Runtime API /next answered ${next.status}: ${next.body}`));
    const waiting = this.waiting;
    if (!waiting) {
      if (next instanceof Promise) next.catch(() => {});
      this.events.push(next);
      return;
    }
    this.waiting = null;
    if (this.answerWaiters.length === 0) this.socket.unref();
    if (next instanceof Promise) next.catch(waiting.reject);
    else waiting.resolve(next);
  }

  close() {
    this.closed = true;
    for (const waiter of this.answerWaiters.splice(0)) waiter({ status: 0, body: Buffer.alloc(0) });
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = null;
      reject(new Error('the bootstrap channel closed'));
    }
  }
}

/** Connects to gantry's channel, if it offers one; null means: use HTTP. */
function connectChannel() {
  if (!CHANNEL_PATH) return Promise.resolve(null);
  return new Promise((resolve) => {
    const socket = net.connect(CHANNEL_PATH);
    const refused = () => resolve(null);
    socket.once('error', refused);
    socket.once('connect', () => {
      socket.removeListener('error', refused);
      resolve(new Channel(socket));
    });
  });
}
