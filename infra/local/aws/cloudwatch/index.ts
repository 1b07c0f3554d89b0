// CloudWatch in the AWS stand-in (awsJson 1.0, target prefix GraniteServiceVersion20100801, signing
// name `monitoring`): GetMetricData and GetMetricStatistics over deterministic CPU series for the
// sandbox's EC2 instances (rising while work runs on them) and ECS clusters. What the series are:
// samples.ts; which metrics exist: metrics.ts; paging and limits: get-metric-data.ts.
//
// The SDK sends this protocol in "query-compatible" mode; errors carry CloudWatch's query codes
// (`InvalidParameterValue`, `MissingParameter`, `InvalidNextToken`, `ValidationError`, …), which the
// SDK maps to its exception classes (e.g. InvalidParameterValueException).
//
// Control routes: none (the series follow the sandbox world; throttling is the stand-in's fault knob).
import type { SandboxWorld } from '../../core/world';
import { AwsError, type JsonService } from '../protocol';
import { getMetricData } from './get-metric-data';
import { getMetricStatistics } from './get-metric-statistics';

export function createCloudWatchService(world: SandboxWorld): JsonService {
  return {
    targetPrefix: 'GraniteServiceVersion20100801',
    signingName: 'monitoring',
    contentType: 'application/x-amz-json-1.0',
    async handle(operation, input) {
      if (operation === 'GetMetricData') return getMetricData(world, input);
      if (operation === 'GetMetricStatistics') return getMetricStatistics(world, input);
      throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
    },
  };
}
