// GET /hello greets the caller the token names; GET /health needs no token.

interface HttpApiEvent {
  routeKey: string;
  requestContext: {
    authorizer?: { jwt?: { claims: Record<string, string> } };
  };
}

const json = (body: unknown) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const handler = async (event: HttpApiEvent) => {
  if (event.routeKey === 'GET /health') {
    return json({ status: 'ok' });
  }
  const subject = event.requestContext.authorizer?.jwt?.claims.sub ?? 'stranger';
  return json({ message: `Hello, ${subject}!` });
};
