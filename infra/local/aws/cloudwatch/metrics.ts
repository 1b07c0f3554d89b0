// Which metrics the CloudWatch stand-in has data for, and where their samples come from:
//   AWS/EC2 CPUUtilization {InstanceId}              instances in the sandbox world
//   AWS/ECS CPUUtilization {ClusterName[, ServiceName]}  work on `ecs:<cluster>` (ServiceName matches
//                                                    an activity label, e.g. an ECS task's group)
// Any other metric exists but has no datapoints, as CloudWatch answers for a metric nobody published.
import type { SandboxWorld } from '../../core/world';
import { ecsSource, instanceSource, type SampleSource } from './samples';

export interface Metric {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name?: string; Value?: string }[];
}

function dimensionsOf(metric: Metric): Map<string, string> {
  return new Map((metric.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? '']));
}

export function sourceFor(world: SandboxWorld, metric: Metric, unit?: string): SampleSource | undefined {
  if (metric.MetricName !== 'CPUUtilization' || (unit !== undefined && unit !== 'Percent')) return undefined;
  const dims = dimensionsOf(metric);
  if (metric.Namespace === 'AWS/EC2' && dims.size === 1 && dims.has('InstanceId')) {
    const instance = world.instances.get(dims.get('InstanceId') as string);
    return instance && instanceSource(world, instance);
  }
  const cluster = dims.get('ClusterName');
  const service = dims.get('ServiceName');
  if (metric.Namespace === 'AWS/ECS' && cluster !== undefined && dims.size === (service === undefined ? 1 : 2)) {
    return ecsSource(world, cluster, service);
  }
  return undefined;
}
