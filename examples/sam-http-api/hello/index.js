// GET /hello: who called (the token's subject) and the function's configuration.
exports.handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    greeting: process.env.GREETING,
    database: process.env.DATABASE_URL,
    subject: event.requestContext?.authorizer?.jwt?.claims?.sub ?? null,
  }),
});
