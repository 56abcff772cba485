'use strict';
/*
 * gantry's Node.js runtime bootstrap (Node.js 18+, standard library only).
 *
 * Loads the handler named by $_HANDLER from $LAMBDA_TASK_ROOT the way AWS's Node.js
 * runtime interface client does (CommonJS and ES modules, async and callback handlers, the
 * context object), patches console like Lambda, and reports errors as
 * {errorType, errorMessage, trace}. It talks to gantry over the bootstrap channel (a Unix
 * socket, see lambda-host's runtime_api/channel.rs) when gantry offers one, else over the
 * Lambda Runtime API at $AWS_LAMBDA_RUNTIME_API; a handler cannot tell which.
 */

const http = require('node:http');
const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');
const { PassThrough, Writable } = require('node:stream');
const { pathToFileURL } = require('node:url');
const util = require('node:util');

const API_PREFIX = '/2018-06-01/runtime';
const HEADER = {
  requestId: 'lambda-runtime-aws-request-id',
  deadline: 'lambda-runtime-deadline-ms',
  functionArn: 'lambda-runtime-invoked-function-arn',
  traceId: 'lambda-runtime-trace-id',
  clientContext: 'lambda-runtime-client-context',
  cognitoIdentity: 'lambda-runtime-cognito-identity',
  tenantId: 'lambda-runtime-aws-tenant-id',
  errorType: 'Lambda-Runtime-Function-Error-Type',
  errorBody: 'Lambda-Runtime-Function-Error-Body',
  responseMode: 'Lambda-Runtime-Function-Response-Mode',
};
/** The /next headers an EVENT frame of the bootstrap channel carries, in frame order. */
const EVENT_HEADERS = [HEADER.requestId, HEADER.deadline, HEADER.functionArn, HEADER.traceId, HEADER.clientContext];
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const STREAMING = Symbol('gantry.streamingHandler');
// Exit status after a fatal error, as AWS's client uses.
const FATAL_EXIT = 129;

const env = process.env;
const [apiHost, apiPort] = splitHostPort(env.AWS_LAMBDA_RUNTIME_API || '');
const agent = new http.Agent({ keepAlive: true });
// Where gantry listens for this environment's channel, derived from what the process was
// given anyway (nothing extra a handler could see): <runtime dir>/../channels/<port>.sock.
const CHANNEL_PATH = env.LAMBDA_RUNTIME_DIR && Number.isInteger(apiPort)
  ? path.join(path.dirname(env.LAMBDA_RUNTIME_DIR), 'channels', `${apiPort}.sock`)
  : null;
/** The bootstrap channel, once connected; null while (or when) the HTTP API is used. */
let channel = null;

/** The request id printed in log lines; "undefined" outside an invocation, like Lambda. */
let currentRequestId;
/** True once the handler has been loaded. */
let initialized = false;
/** True from the moment an event is received until its result has been posted. */
let invocationOpen = false;
/** Called when the event loop drains during an invocation (callbackWaitsForEmptyEventLoop). */
let onEmptyEventLoop = null;

function splitHostPort(value) {
  const colon = value.lastIndexOf(':');
  return colon < 0 ? [value, 80] : [value.slice(0, colon), Number(value.slice(colon + 1))];
}

function call(method, urlPath, headers, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: apiHost, port: apiPort, method, path: API_PREFIX + urlPath, headers, agent },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function postJson(urlPath, value, extraHeaders) {
  const body = Buffer.from(JSON.stringify(value));
  const headers = { 'content-type': 'application/json', 'content-length': body.length, ...extraHeaders };
  return call('POST', urlPath, headers, body);
}

/** The next event over whichever transport is in use: {status, headers, body}. */
function nextInvocation() {
  return channel ? channel.next() : call('GET', '/invocation/next');
}

function logPostFailure(status, body) {
  writeLogLine('ERROR', [`Failed to post handler success response. Http response code: ${status}. ${body}`]);
}

// ---- console, like Lambda: "<ISO time>\t<request id>\t<LEVEL>\t<message>", one line per call.

function writeLogLine(level, args) {
  // Lambda keeps a multi-line message in one log event by turning "\n" into "\r".
  const message = util.format(...args).replace(/\n/g, '\r');
  process.stdout.write(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${message}\n`);
}

const CONSOLE_LEVELS = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
for (const [method, level] of Object.entries(CONSOLE_LEVELS)) {
  console[method] = (...args) => writeLogLine(level, args);
}

// ---- errors

class RuntimeError extends Error {
  constructor(errorType, message) {
    super(message);
    this.name = errorType;
  }
}

function toErrorPayload(error) {
  try {
    if (error instanceof Error) {
      return { errorType: error.name, errorMessage: error.message, trace: String(error.stack || '').split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch (_) {
    return { errorType: 'handled', errorMessage: 'the thrown value could not be converted to a string', trace: [] };
  }
}

function logError(label, payload) {
  writeLogLine('ERROR', [`${label} \t${JSON.stringify({ errorType: payload.errorType, errorMessage: payload.errorMessage, stack: payload.trace })}`]);
}

function postInitError(error) {
  const payload = toErrorPayload(error);
  logError('Init Error', payload);
  if (channel) return channel.initError(payload, payload.errorType);
  return postJson('/init/error', payload, { [HEADER.errorType]: payload.errorType });
}

/** With `exiting`, resolves only once gantry has the error, as the process exits next. */
function postInvocationError(requestId, error, exiting) {
  const payload = toErrorPayload(error);
  logError('Invoke Error', payload);
  if (channel) return channel.fail(requestId, payload, payload.errorType, exiting ? LAST_CALL : 0);
  return postJson(`/invocation/${requestId}/error`, payload, { [HEADER.errorType]: payload.errorType });
}

async function postInvocationResult(requestId, result) {
  let body;
  try {
    body = JSON.stringify(result === undefined ? null : result);
  } catch (error) {
    // Unconfirmed: the exact error type AWS's Node.js client uses for unserialisable results.
    return postInvocationError(requestId, new RuntimeError('Runtime.MarshalError', `Unable to stringify response body: ${error.message}`));
  }
  // Over the channel, a refusal arrives as an answer frame and is logged the same way.
  if (channel) return channel.respond(requestId, body);
  const answer = await call('POST', `/invocation/${requestId}/response`, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  }, body);
  if (answer.status >= 400) logPostFailure(answer.status, answer.body);
}

async function fail(label, error) {
  const payload = toErrorPayload(error);
  try {
    if (invocationOpen) {
      invocationOpen = false;
      await postInvocationError(currentRequestId, error, true);
    } else if (!initialized) {
      await postInitError(error);
    } else {
      logError(label, payload);
    }
  } finally {
    process.exit(FATAL_EXIT);
  }
}

process.on('uncaughtException', (error) => fail('Uncaught Exception', error));
process.on('unhandledRejection', (reason) =>
  fail('Unhandled Promise Rejection', new RuntimeError('Runtime.UnhandledPromiseRejection', String(reason))),
);
process.on('beforeExit', () => {
  const callback = onEmptyEventLoop;
  onEmptyEventLoop = null;
  if (callback) callback();
});

// ---- handler loading, in the resolution order of AWS's client

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch (_) {
    return false;
  }
}

/** Whether the nearest package.json above `file` declares "type": "module". */
function inModuleScope(file) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (isFile(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
      } catch (_) {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

async function importFile(file) {
  return import(pathToFileURL(file).href);
}

async function loadModule(taskRoot, moduleRoot, moduleName) {
  const base = path.join(moduleRoot, moduleName);
  if (isFile(base)) return require(base);
  if (isFile(`${base}.js`)) return inModuleScope(`${base}.js`) ? importFile(`${base}.js`) : require(`${base}.js`);
  if (isFile(`${base}.mjs`)) return importFile(`${base}.mjs`);
  if (isFile(`${base}.cjs`)) return require(`${base}.cjs`);
  return require(require.resolve(moduleName, { paths: [moduleRoot, taskRoot] }));
}

function classifyLoadError(error) {
  if (error instanceof SyntaxError) {
    return new RuntimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
  }
  if (error && (error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND')) {
    return new RuntimeError('Runtime.ImportModuleError', `Error: ${error.message}`);
  }
  return error;
}

function property(container, propertyPath) {
  return propertyPath.split('.').reduce((value, key) => (value == null ? undefined : value[key]), container);
}

async function loadHandler(taskRoot, spec) {
  if (typeof spec !== 'string' || spec === '') {
    throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler: _HANDLER is empty');
  }
  if (spec.includes('..')) {
    throw new RuntimeError('Runtime.MalformedHandlerName', `'${spec}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const slash = spec.lastIndexOf('/');
  const file = spec.slice(slash + 1);
  const dot = file.indexOf('.');
  if (dot <= 0 || dot === file.length - 1) {
    throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler: '${spec}' is not of the form module.function`);
  }
  const moduleRoot = path.resolve(taskRoot, spec.slice(0, slash + 1));
  let userModule;
  try {
    userModule = await loadModule(taskRoot, moduleRoot, file.slice(0, dot));
  } catch (error) {
    throw classifyLoadError(error);
  }
  const propertyPath = file.slice(dot + 1);
  let handler = property(userModule, propertyPath);
  if (handler === undefined && userModule && typeof userModule.default === 'object') {
    handler = property(userModule.default, propertyPath);
  }
  if (handler === undefined) {
    throw new RuntimeError('Runtime.HandlerNotFound', `${spec} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${spec} is not a function`);
  }
  return handler;
}

// ---- response streaming (awslambda.streamifyResponse): the body is sent chunked

globalThis.awslambda = {
  streamifyResponse(handler) {
    handler[STREAMING] = true;
    return handler;
  },
  HttpResponseStream: {
    from(stream, prelude) {
      stream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
      stream.write(JSON.stringify(prelude));
      stream.write(Buffer.alloc(8));
      return stream;
    },
  },
};

function runStreamingHandler(handler, event, context, requestId) {
  return new Promise((resolve) => {
    const stream = new PassThrough();
    let contentType = 'application/octet-stream';
    let request;
    const open = () => {
      if (channel) {
        request = channel.openStream(requestId);
        request.on('finish', () => resolve());
      } else {
        request = http.request({
          host: apiHost, port: apiPort, method: 'POST', agent,
          path: `${API_PREFIX}/invocation/${requestId}/response`,
          headers: {
            'content-type': contentType,
            [HEADER.responseMode]: 'streaming',
            'transfer-encoding': 'chunked',
            trailer: `${HEADER.errorType}, ${HEADER.errorBody}`,
          },
        }, (response) => response.resume().on('end', () => resolve()));
      }
      request.on('error', () => resolve());
      stream.pipe(request, { end: false });
      stream.on('end', () => request.end());
    };
    stream.setContentType = (value) => { contentType = value; };
    // The request starts with the first write, so setContentType can still pick the header.
    const write = stream.write.bind(stream);
    stream.write = (...args) => {
      if (!request) open();
      return write(...args);
    };
    Promise.resolve()
      .then(() => handler(event, stream, context))
      .then(() => { if (!request) open(); stream.end(); }, (error) => {
        const payload = toErrorPayload(error);
        logError('Invoke Error', payload);
        if (!request) open();
        stream.unpipe(request);
        request.addTrailers({
          [HEADER.errorType]: payload.errorType,
          [HEADER.errorBody]: Buffer.from(JSON.stringify(payload)).toString('base64'),
        });
        request.end();
      });
  });
}

// ---- invocation

function parseJsonHeader(value) {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (_) {
    return undefined;
  }
}

function makeContext(headers, finish) {
  const deadline = Number(headers[HEADER.deadline]);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers[HEADER.functionArn],
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers[HEADER.requestId],
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: parseJsonHeader(headers[HEADER.cognitoIdentity]),
    clientContext: parseJsonHeader(headers[HEADER.clientContext]),
    tenantId: headers[HEADER.tenantId],
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    // Legacy completion methods; they answer without waiting for the event loop.
    done: (error, result) => finish(error, result),
    succeed: (result) => finish(null, result),
    fail: (error) => finish(error === undefined || error === null ? 'handled' : error),
  };
}

/** Runs one invocation; resolves with {error, result} when the answer may be posted. */
function runHandler(handler, event, headers) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (error, result) => {
      if (settled) return;
      settled = true;
      onEmptyEventLoop = null;
      resolve({ error, result });
    };
    const context = makeContext(headers, settle);
    const callback = (error, result) => {
      if (context.callbackWaitsForEmptyEventLoop) onEmptyEventLoop = () => settle(error, result);
      else settle(error, result);
    };
    // Like Lambda: a handler that neither returns a promise nor calls back answers null
    // once the event loop is empty.
    onEmptyEventLoop = () => settle(null, undefined);
    let returned;
    try {
      returned = handler(event, context, callback);
    } catch (error) {
      settle(error);
      return;
    }
    if (returned && typeof returned.then === 'function') {
      returned.then((result) => settle(null, result), (error) => settle(error === undefined || error === null ? new Error(String(error)) : error));
    }
  });
}

async function serve(handler) {
  for (;;) {
    const next = await nextInvocation();
    if (next.status !== 200) {
      throw new Error(`Runtime API /next answered ${next.status}: ${next.body}`);
    }
    const headers = next.headers;
    const requestId = headers[HEADER.requestId];
    currentRequestId = requestId;
    invocationOpen = true;
    if (headers[HEADER.traceId]) env._X_AMZN_TRACE_ID = headers[HEADER.traceId];
    else delete env._X_AMZN_TRACE_ID;

    let event;
    try {
      event = JSON.parse(next.body.toString('utf8'));
    } catch (error) {
      invocationOpen = false;
      await postInvocationError(requestId, new RuntimeError('Runtime.UnmarshalError', `Unable to parse event: ${error.message}`));
      continue;
    }
    if (handler[STREAMING]) {
      await runStreamingHandler(handler, event, makeContext(headers, () => {}), requestId);
      invocationOpen = false;
      continue;
    }
    const { error, result } = await runHandler(handler, event, headers);
    if (!invocationOpen) continue; // an uncaught exception already answered
    invocationOpen = false;
    if (error !== undefined && error !== null) await postInvocationError(requestId, error);
    else await postInvocationResult(requestId, result);
  }
}

async function main() {
  let handler;
  let failure = null;
  try {
    handler = await loadHandler(env.LAMBDA_TASK_ROOT || process.cwd(), env._HANDLER);
    initialized = true;
  } catch (error) {
    failure = { error };
  }
  // Connected after the user's code has loaded, so its initialisation runs with the same
  // handles and descriptors as over HTTP.
  channel = await connectChannel();
  if (failure) {
    await postInitError(failure.error).catch(() => {});
    process.exit(FATAL_EXIT);
  }
  await serve(handler);
}

main().catch((error) => {
  // The Runtime API went away (gantry stopped): end this environment.
  process.stderr.write(`gantry bootstrap: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
