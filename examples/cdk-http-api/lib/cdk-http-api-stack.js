const path = require('path');
const cdk = require('aws-cdk-lib/core');
const lambda = require('aws-cdk-lib/aws-lambda');
const { NodejsFunction } = require('aws-cdk-lib/aws-lambda-nodejs');
const apigwv2 = require('aws-cdk-lib/aws-apigatewayv2');
const { HttpJwtAuthorizer } = require('aws-cdk-lib/aws-apigatewayv2-authorizers');
const { HttpLambdaIntegration } = require('aws-cdk-lib/aws-apigatewayv2-integrations');

/**
 * An HTTP API for a browser app: a JWT authorizer for an OIDC issuer (Auth0, Cognito...),
 * CORS for the app's origin, a TypeScript function bundled by esbuild and a Python
 * function from a folder, and an unauthenticated health check.
 */
class CdkHttpApiStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);

    const issuer = new cdk.CfnParameter(this, 'IssuerUri', {
      type: 'String',
      description: "The token issuer, exactly as in the tokens' iss claim (with the trailing slash)",
      default: 'http://127.0.0.1:3000/_gantry/issuer/',
    });
    const audience = new cdk.CfnParameter(this, 'Audience', {
      type: 'String',
      description: 'The API identifier tokens must be issued for',
      default: 'https://api.example.com',
    });

    const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', issuer.valueAsString, {
      jwtAudience: [audience.valueAsString],
    });

    const api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Greetings and profiles for the web app',
      corsPreflight: {
        allowOrigins: ['http://localhost:5173'],
        allowMethods: [apigwv2.CorsHttpMethod.GET],
        allowHeaders: ['Authorization', 'Content-Type'],
        maxAge: cdk.Duration.hours(1),
      },
      defaultAuthorizer: authorizer,
    });

    // TypeScript, bundled by esbuild into a single index.js.
    const greet = new NodejsFunction(this, 'GreetFunction', {
      entry: path.join(__dirname, '..', 'lambda', 'greet', 'index.ts'),
      runtime: lambda.Runtime.NODEJS_22_X,
      bundling: { minify: true },
    });
    const greetIntegration = new HttpLambdaIntegration('GreetIntegration', greet);

    // A Python handler shipped as its folder.
    const profile = new lambda.Function(this, 'ProfileFunction', {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'app.handler',
      code: lambda.Code.fromAsset(path.join(__dirname, '..', 'lambda', 'profile')),
      environment: { GREETING_STYLE: 'formal' },
    });

    api.addRoutes({
      path: '/hello',
      methods: [apigwv2.HttpMethod.GET],
      integration: greetIntegration,
    });
    api.addRoutes({
      path: '/profile',
      methods: [apigwv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration('ProfileIntegration', profile),
    });
    api.addRoutes({
      path: '/health',
      methods: [apigwv2.HttpMethod.GET],
      integration: greetIntegration,
      authorizer: new apigwv2.HttpNoneAuthorizer(),
    });

    new cdk.CfnOutput(this, 'ApiUrl', {
      description: 'The API endpoint',
      value: api.apiEndpoint,
    });
  }
}

module.exports = { CdkHttpApiStack };
