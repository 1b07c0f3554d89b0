// CloudWatch alarms: CPU of the Airbyte host and of each Grouparoo service above CpuAlarmPercent
// for 3 periods of 5 minutes, and the host's system status check, which also recovers the
// instance onto healthy hardware (same id, volume and private address). The alarms carry no
// notification action yet: Tapestry reads their state; an SNS topic belongs with alerting.
import { AIRBYTE_INSTANCE } from './airbyte-user-data';
import { GROUPAROO_SERVICES } from './grouparoo-services';
import { scopedName } from './names';
import { CLUSTER } from './ecs';
import { PARAM } from './parameters';
import { getAtt, ref, sub } from './fn';
import type { BuildContext, ResourceSpec, Resources, TemplateValue } from './types';

function cpuAlarm(ctx: BuildContext, namePart: string, description: string, namespace: string, dimensions: TemplateValue[]): ResourceSpec {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: scopedName(ctx.stackName, namePart),
      AlarmDescription: description,
      Namespace: namespace,
      MetricName: 'CPUUtilization',
      Dimensions: dimensions,
      Statistic: 'Average',
      Period: 300,
      EvaluationPeriods: 3,
      Threshold: ref(PARAM.cpuAlarmPercent),
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'missing',
    },
    purpose: description,
  };
}

export function alarmResources(ctx: BuildContext): Resources {
  const service = (id: string) => [
    { Name: 'ClusterName', Value: ref(CLUSTER) },
    { Name: 'ServiceName', Value: getAtt(id, 'Name') },
  ];
  return {
    AirbyteCpuAlarm: cpuAlarm(ctx, 'airbyte-cpu', 'Airbyte host CPU above the threshold for 15 minutes', 'AWS/EC2', [{ Name: 'InstanceId', Value: ref(AIRBYTE_INSTANCE) }]),
    AirbyteStatusCheckAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: scopedName(ctx.stackName, 'airbyte-system-check'),
        AlarmDescription: 'Airbyte host failed its system status check: EC2 recovers it onto healthy hardware',
        Namespace: 'AWS/EC2',
        MetricName: 'StatusCheckFailed_System',
        Dimensions: [{ Name: 'InstanceId', Value: ref(AIRBYTE_INSTANCE) }],
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 2,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [sub('arn:${AWS::Partition}:automate:${AWS::Region}:ec2:recover')],
      },
      purpose: 'Recovers the Airbyte host when its hardware fails',
    },
    GrouparooWebCpuAlarm: cpuAlarm(ctx, 'grouparoo-web-cpu', 'Grouparoo web CPU above the threshold for 15 minutes', 'AWS/ECS', service(GROUPAROO_SERVICES.web)),
    GrouparooWorkerCpuAlarm: cpuAlarm(ctx, 'grouparoo-worker-cpu', 'Grouparoo worker CPU above the threshold for 15 minutes', 'AWS/ECS', service(GROUPAROO_SERVICES.worker)),
  };
}
