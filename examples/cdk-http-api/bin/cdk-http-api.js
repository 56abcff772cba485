#!/usr/bin/env node

const cdk = require('aws-cdk-lib/core');
const { CdkHttpApiStack } = require('../lib/cdk-http-api-stack');

const app = new cdk.App();
// Environment-agnostic: the same template deploys to any account and region.
new CdkHttpApiStack(app, 'CdkHttpApiStack', {
  description: 'HTTP API with a JWT authorizer, CORS, a Node.js and a Python function',
});
