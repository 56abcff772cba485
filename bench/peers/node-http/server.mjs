// The ceiling for any design that runs the handler in Node: a plain `http` server
// answering GET /test with the example handler's body. Node built-ins only.
// Usage: node server.mjs PORT
import http from 'node:http';

const port = Number(process.argv[2] ?? 0);
const body = JSON.stringify('Hello from Lambda!');

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/test') {
    response.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  } else {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"message":"Not Found"}');
  }
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  console.log(`node-http listening on http://127.0.0.1:${server.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)) && server.closeAllConnections());
}
