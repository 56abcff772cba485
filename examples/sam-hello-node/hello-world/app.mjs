// GET /hello: the greeting `sam init`'s hello world answers, as a Lambda proxy result.
export const lambdaHandler = async (event, context) => {
  return {
    statusCode: 200,
    body: JSON.stringify({ message: 'hello world' }),
  };
};
