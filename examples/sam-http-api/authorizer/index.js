// An HTTP API Lambda authorizer (payload 2.0, simple responses): allows the key `letmein`.
exports.handler = async (event) => ({
  isAuthorized: (event.headers ?? {})['x-api-key'] === 'letmein',
  context: { caller: 'key-holder' },
});
