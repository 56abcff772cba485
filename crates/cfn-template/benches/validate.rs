//! Validating a generated template of 500 resources with cross references
//! (`cargo bench -p cfn-template --bench validate`). Target: under 50 ms.

use std::fmt::Write as _;
use std::hint::black_box;

use cfn_template::{Inputs, validate};
use criterion::{Criterion, criterion_group, criterion_main};

/// One HTTP API and stage, 99 function stacks (role, function, permission,
/// integration, route; each function reads the previous one), three log groups: 500
/// resources.
fn template() -> String {
    let mut text = String::from(
        "AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage: {Type: String, Default: prod, AllowedValues: [dev, prod]}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: !Sub '${AWS::StackName}-api'
      ProtocolType: HTTP
  ApiStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: !Ref Stage
      AutoDeploy: true
",
    );
    for i in 0..99 {
        let previous = if i == 0 {
            "Api".to_owned()
        } else {
            format!("Fn{}", i - 1)
        };
        let _ = write!(
            text,
            "  Role{i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {{Service: lambda.amazonaws.com}}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:${{AWS::Partition}}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
  Fn{i}:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      MemorySize: !If [IsProd, 512, 128]
      Role: !GetAtt Role{i}.Arn
      Code:
        ZipFile: 'exports.handler = async () => ({{statusCode: 200}})'
      Environment:
        Variables:
          PREVIOUS: !Ref {previous}
          REGION: !Select [0, !Split ['-', !Ref AWS::Region]]
  Permission{i}:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Fn{i}
      Action: lambda:InvokeFunction
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{Api}}/*/*/fn{i}
  Integration{i}:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationUri: !GetAtt Fn{i}.Arn
      PayloadFormatVersion: 2.0
  Route{i}:
    Type: AWS::ApiGatewayV2::Route
    DependsOn: Permission{i}
    Properties:
      ApiId: !Ref Api
      RouteKey: GET /fn{i}
      Target: !Join [/, [integrations, !Ref Integration{i}]]
"
        );
    }
    for i in 0..3 {
        let _ = write!(
            text,
            "  Logs{i}:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${{Fn{}}}
      RetentionInDays: 7
",
            i * 40
        );
    }
    text
}

fn bench(c: &mut Criterion) {
    let source = template();
    let validation =
        validate(&source, &Inputs::default()).unwrap_or_else(|error| panic!("{error}"));
    assert!(validation.is_valid(), "{:#?}", validation.diagnostics);
    assert_eq!(validation.order().len(), 500);
    c.bench_function("validate 500 resources", |b| {
        b.iter(|| validate(black_box(&source), black_box(&Inputs::default())))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
