// The same handler as examples/auth0-http-api/template.yaml's TestFunction.
exports.handler = async (event) => {
  return {
    statusCode: 200,
    body: JSON.stringify('Hello from Lambda!'),
  };
};
