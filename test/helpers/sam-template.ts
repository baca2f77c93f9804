/**
 * template.yaml checked against the documented AWS SAM and CloudFormation properties, offline.
 * No maintained validator can be had here: cfn-lint is a Python package (PyPI is not reachable,
 * Debian 12 has no package of it), and the npm package `cfn-lint` (1.9.7, last release 2024)
 * has a SAM specification so old that it rejects this valid template (it knows neither
 * `Architectures` nor the generated `ServerlessHttpApi`). So the rules below are transcribed
 * from the documentation pages named on each, and checkSamTemplate reports every breach.
 */
import { parse } from 'yaml'
import type { ScalarTag, CollectionTag } from 'yaml'

type Json = Record<string, any>

/** CloudFormation's short-form intrinsic functions, read as their long forms. */
const INTRINSICS: (ScalarTag | CollectionTag)[] = [
  ...['Ref', 'Sub', 'GetAtt', 'ImportValue', 'Base64', 'GetAZs', 'Condition'].map((name): ScalarTag => ({
    tag: `!${name}`,
    resolve: (value: string) => (name === 'Ref' ? { Ref: value } : name === 'Condition' ? { Condition: value } : { [`Fn::${name}`]: name === 'GetAtt' ? value.split('.') : value }),
  })),
  ...['Join', 'If', 'Select', 'Split', 'Equals', 'Not', 'And', 'Or', 'FindInMap', 'Cidr', 'Sub', 'GetAtt'].map((name): CollectionTag => ({
    tag: `!${name}`,
    collection: 'seq',
    resolve: (seq) => ({ [`Fn::${name}`]: (seq as { toJSON(): unknown }).toJSON() }),
  })),
]

export function readTemplate(text: string): Json {
  return parse(text, { customTags: INTRINSICS }) as Json
}

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html (plus SAM's Globals)
const SECTIONS = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs', 'Globals']
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
const PARAMETER_KEYS = ['AllowedPattern', 'AllowedValues', 'ConstraintDescription', 'Default', 'Description', 'MaxLength', 'MaxValue', 'MinLength', 'MinValue', 'NoEcho', 'Type']
const PARAMETER_TYPE = /^(String|Number|List<Number>|CommaDelimitedList|AWS::[A-Za-z0-9:]+(<[A-Za-z0-9:]+>)?|List<AWS::[A-Za-z0-9:]+>)$/
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
const FUNCTION_PROPERTIES = ['Architectures', 'AssumeRolePolicyDocument', 'AutoPublishAlias', 'AutoPublishAliasAllProperties', 'AutoPublishCodeSha256', 'CodeSigningConfigArn', 'CodeUri', 'DeadLetterQueue', 'DeploymentPreference', 'Description', 'Environment', 'EphemeralStorage', 'EventInvokeConfig', 'Events', 'FileSystemConfigs', 'FunctionName', 'FunctionUrlConfig', 'Handler', 'ImageConfig', 'ImageUri', 'InlineCode', 'KmsKeyArn', 'Layers', 'LoggingConfig', 'MemorySize', 'PackageType', 'PermissionsBoundary', 'Policies', 'PropagateTags', 'ProvisionedConcurrencyConfig', 'RecursiveLoop', 'ReservedConcurrentExecutions', 'Role', 'RolePath', 'Runtime', 'RuntimeManagementConfig', 'SnapStart', 'SourceKMSKeyArn', 'Tags', 'Timeout', 'Tracing', 'VersionDescription', 'VpcConfig']
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-eventsource.html
const EVENT_TYPES = ['AlexaSkill', 'Api', 'CloudWatchEvent', 'CloudWatchLogs', 'Cognito', 'DocumentDB', 'DynamoDB', 'EventBridgeRule', 'HttpApi', 'IoTRule', 'Kinesis', 'MQ', 'MSK', 'S3', 'Schedule', 'ScheduleV2', 'SelfManagedKafka', 'SNS', 'SQS']
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-httpapi.html
const HTTP_API_PROPERTIES = ['ApiId', 'Auth', 'Method', 'Path', 'PayloadFormatVersion', 'RouteSettings', 'TimeoutInMillis']
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (the Node.js identifiers Lambda accepts for new functions)
const NODE_RUNTIMES = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x']
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
const RESERVED_VARIABLES = ['_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR']
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
const PSEUDO = ['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']

/** Every breach of the documented rules, one message each; [] for a valid template. */
export function checkSamTemplate(template: Json): string[] {
  const problems: string[] = []
  const fail = (message: string) => problems.push(message)
  for (const key of Object.keys(template)) if (!SECTIONS.includes(key)) fail(`unknown top-level section ${key}`)
  if (template.AWSTemplateFormatVersion !== '2010-09-09') fail(`AWSTemplateFormatVersion must be '2010-09-09', got ${JSON.stringify(template.AWSTemplateFormatVersion)}`)
  if (template.Transform !== 'AWS::Serverless-2016-10-31') fail('Transform must be AWS::Serverless-2016-10-31 for AWS::Serverless resources')
  const parameters = template.Parameters ?? {}
  for (const [name, parameter] of Object.entries<Json>(parameters)) {
    for (const key of Object.keys(parameter)) if (!PARAMETER_KEYS.includes(key)) fail(`parameter ${name}: unknown key ${key}`)
    if (!PARAMETER_TYPE.test(String(parameter.Type))) fail(`parameter ${name}: Type ${JSON.stringify(parameter.Type)} is not a parameter type`)
    if ('NoEcho' in parameter && typeof parameter.NoEcho !== 'boolean') fail(`parameter ${name}: NoEcho must be true or false`)
  }
  const resources = template.Resources ?? {}
  if (Object.keys(resources).length === 0) fail('Resources is required and must declare a resource')
  const generated = new Set<string>()
  for (const [name, resource] of Object.entries<Json>(resources)) {
    if (resource.Type !== 'AWS::Serverless::Function') {
      fail(`resource ${name}: this check knows AWS::Serverless::Function only, got ${resource.Type}`)
      continue
    }
    checkFunction(name, resource.Properties ?? {}, fail, generated)
  }
  const known = new Set([...Object.keys(parameters), ...Object.keys(resources), ...generated, ...PSEUDO])
  for (const ref of references(template)) if (!known.has(ref)) fail(`reference to ${ref}, which is no parameter, resource, pseudo parameter or SAM-generated resource`)
  for (const [name, output] of Object.entries<Json>(template.Outputs ?? {})) if (output?.Value === undefined) fail(`output ${name} has no Value`)
  return problems
}

function checkFunction(name: string, properties: Json, fail: (m: string) => void, generated: Set<string>): void {
  for (const key of Object.keys(properties)) if (!FUNCTION_PROPERTIES.includes(key)) fail(`${name}: ${key} is not a property of AWS::Serverless::Function`)
  if (!NODE_RUNTIMES.includes(properties.Runtime)) fail(`${name}: Runtime ${JSON.stringify(properties.Runtime)} is not a Node.js runtime Lambda accepts (${NODE_RUNTIMES.join(', ')})`)
  if (!/^[^\s.]+(\/[^\s.]+)*\.[A-Za-z_$][\w$]*$/.test(String(properties.Handler))) fail(`${name}: Handler ${JSON.stringify(properties.Handler)} is not file.export`)
  const memory = properties.MemorySize ?? 128
  if (!Number.isInteger(memory) || memory < 128 || memory > 10_240) fail(`${name}: MemorySize ${memory} is outside 128-10240 MB`)
  const timeout = properties.Timeout ?? 3
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 900) fail(`${name}: Timeout ${timeout} is outside 1-900 s`)
  const architectures = properties.Architectures ?? ['x86_64']
  if (!Array.isArray(architectures) || architectures.length !== 1 || !['x86_64', 'arm64'].includes(architectures[0])) fail(`${name}: Architectures must be [x86_64] or [arm64]`)
  if (!properties.CodeUri && !properties.InlineCode && !properties.ImageUri) fail(`${name}: no CodeUri, InlineCode or ImageUri`)
  for (const [variable, value] of Object.entries(properties.Environment?.Variables ?? {})) {
    if (!/^[a-zA-Z]\w+$/.test(variable)) fail(`${name}: environment variable name ${variable} is not letters, digits and underscores starting with a letter`)
    if (RESERVED_VARIABLES.includes(variable)) fail(`${name}: ${variable} is reserved by Lambda`)
    if (typeof value !== 'string' && !(value && typeof value === 'object')) fail(`${name}: variable ${variable} must be a string (quote numbers), got ${JSON.stringify(value)}`)
  }
  if (!properties.Role) generated.add(`${name}Role`)
  for (const [event, source] of Object.entries<Json>(properties.Events ?? {})) {
    if (!EVENT_TYPES.includes(source.Type)) fail(`${name}: event ${event} has Type ${JSON.stringify(source.Type)}, not a SAM event source type`)
    if (source.Type !== 'HttpApi') continue
    const api = source.Properties ?? {}
    for (const key of Object.keys(api)) if (!HTTP_API_PROPERTIES.includes(key)) fail(`${name}: event ${event}: ${key} is not a property of an HttpApi event`)
    if (api.Path !== undefined && !String(api.Path).startsWith('/')) fail(`${name}: event ${event}: Path must start with /`)
    if (api.Method !== undefined && !/^(ANY|GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/i.test(String(api.Method))) fail(`${name}: event ${event}: Method ${api.Method} is not an HTTP method or ANY`)
    // "If you don't specify ApiId, AWS SAM creates a default AWS::ApiGatewayV2::Api resource ... ServerlessHttpApi."
    if (!api.ApiId) generated.add('ServerlessHttpApi')
  }
}

/** Names used by Ref, Fn::GetAtt and ${...} in Fn::Sub, anywhere in the template. */
function references(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) references(item, found)
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Ref' && typeof value === 'string') found.push(value)
      else if (key === 'Fn::GetAtt') found.push(String(Array.isArray(value) ? value[0] : value))
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(value) ? String(value[0]) : String(value)
        const local = Array.isArray(value) && value[1] ? Object.keys(value[1]) : []
        for (const [, name] of text.matchAll(/\$\{(?!!)([^}]+)\}/g)) if (!local.includes(name!)) found.push(name!.split('.')[0]!)
        if (Array.isArray(value)) references(value[1], found)
      } else references(value, found)
    }
  }
  return found
}
