// EC2 in the AWS stand-in (ec2Query, version 2016-11-15), for the instances CloudFormation stacks put
// in the sandbox world: DescribeInstances, DescribeInstanceStatus, and StopInstances / StartInstances /
// ModifyInstanceAttribute (instance type, while stopped) for resizing by hand. Errors are EC2's:
// `InvalidInstanceID.Malformed`, `InvalidInstanceID.NotFound`, `InvalidParameterValue` for unknown
// filters, `InvalidParameterCombination`, `IncorrectInstanceState`, `InvalidPaginationToken`.
// No control routes: instances come from stacks (or `world.putInstance` in tests).
import type { SandboxInstance, SandboxWorld } from '../../core/world';
import { AwsError, nestParams, toXml, type Params, type QueryService } from '../protocol';
import { checkFilterNames, matchesFilters, readFilters, type Filter } from './filters';
import { Fleet, type StateChange, type Transition } from './fleet';
import { findInstances, instanceIdParams } from './ids';
import { availabilityZoneOf, reservationXml, stateXml } from './instance-xml';
import { pageOf } from './paging';

export interface Ec2Options {
  region?: string;
  /** The owner account of the instances (the caller's, when the stand-in knows callers). */
  account?: () => string;
  /** Speed of simulated state changes and status checks: 1 = believable, smaller = faster. */
  timeScale?: number;
}

/** EC2 as a service of the AWS endpoint; its own state is only the stops and starts under way. */
export interface Ec2Service extends QueryService {
  snapshot(): Map<string, Transition>;
  restore(saved: Map<string, Transition>): void;
}

/** EC2 reports status checks as initializing for a few minutes after an instance starts running. */
const STATUS_CHECK_SECONDS = 150;

const STATUS_FILTERS = ['instance-status.status', 'instance-status.reachability', 'system-status.status', 'system-status.reachability'];

interface Request {
  ids: string[];
  filters: Filter[];
}

function readRequest(params: Params): Request {
  const nested = nestParams(params);
  return { ids: instanceIdParams(nested.InstanceId), filters: readFilters(nested.Filter) };
}

function stateChangeXml(changes: StateChange[]) {
  return {
    instancesSet: changes.map((c) => ({
      instanceId: c.instanceId,
      currentState: stateXml(c.currentState),
      previousState: stateXml(c.previousState),
    })),
  };
}

export function createEc2Service(world: SandboxWorld, options: Ec2Options = {}): Ec2Service {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? (() => '000000000000');
  const timeScale = options.timeScale ?? 1;
  const fleet = new Fleet(world, timeScale);

  function selected(request: Request): SandboxInstance[] {
    const visible = fleet.visible();
    return request.ids.length ? findInstances(request.ids, visible) : [...visible.values()];
  }

  function statusChecks(instance: SandboxInstance) {
    if (instance.state !== 'running') return { status: 'not-applicable' };
    const settled = world.now() - instance.stateChangedAt >= STATUS_CHECK_SECONDS * 1000 * timeScale;
    return {
      status: settled ? 'ok' : 'initializing',
      details: [{ name: 'reachability', status: settled ? 'passed' : 'initializing' }],
    };
  }

  function describeInstances(params: Params): string {
    const request = readRequest(params);
    checkFilterNames(request.filters);
    const matching = selected(request).filter((i) => matchesFilters(i, request.filters, availabilityZoneOf(i, region)));
    const page = pageOf(matching, params, JSON.stringify(['instances', request.filters]), request.ids.length > 0);
    return toXml({ reservationSet: page.items.map((i) => reservationXml(i, region, account())), nextToken: page.nextToken }, 'item');
  }

  function describeInstanceStatus(params: Params): string {
    const request = readRequest(params);
    checkFilterNames(request.filters, { only: ['availability-zone', 'instance-state-name', 'instance-state-code'], extra: STATUS_FILTERS });
    const includeAll = params.IncludeAllInstances === 'true';
    const rows = selected(request)
      .filter((i) => includeAll || i.state === 'running')
      .map((instance) => ({ instance, checks: statusChecks(instance), zone: availabilityZoneOf(instance, region) }))
      .filter(({ instance, checks, zone }) => {
        const reachability = checks.details?.[0]?.status ?? 'not-applicable';
        const extra = {
          'instance-status.status': [checks.status],
          'system-status.status': [checks.status],
          'instance-status.reachability': [reachability],
          'system-status.reachability': [reachability],
        };
        return matchesFilters(instance, request.filters, zone, extra);
      });
    const page = pageOf(rows, params, JSON.stringify(['status', request.filters, includeAll]), request.ids.length > 0);
    const items = page.items.map(({ instance, checks, zone }) => ({
      instanceId: instance.instanceId,
      availabilityZone: zone,
      instanceState: stateXml(instance.state),
      systemStatus: checks,
      instanceStatus: checks,
      attachedEbsStatus: checks,
    }));
    return toXml({ instanceStatusSet: items, nextToken: page.nextToken }, 'item');
  }

  function modifyInstanceAttribute(params: Params): string {
    const id = params.InstanceId;
    if (!id) throw new AwsError('MissingParameter', 'The request must contain the parameter InstanceId');
    const [instance] = findInstances([id], fleet.visible());
    const type = params['InstanceType.Value'] ?? (params.Attribute === 'instanceType' ? params.Value : undefined);
    if (!type) throw new AwsError('InvalidParameterCombination', 'No attributes specified.');
    fleet.setInstanceType(instance as SandboxInstance, type);
    return toXml({ return: true });
  }

  function stateChange(params: Params, change: (instances: SandboxInstance[]) => StateChange[]): string {
    const { ids } = readRequest(params);
    if (!ids.length) throw new AwsError('MissingParameter', 'The request must contain the parameter InstanceId');
    return toXml(stateChangeXml(change(findInstances(ids, fleet.visible()))), 'item');
  }

  return {
    version: '2016-11-15',
    signingName: 'ec2',
    flavour: 'ec2',
    xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
    async handle(action, params) {
      switch (action) {
        case 'DescribeInstances':
          return describeInstances(params);
        case 'DescribeInstanceStatus':
          return describeInstanceStatus(params);
        case 'StopInstances':
          return stateChange(params, (instances) => fleet.stop(instances));
        case 'StartInstances':
          return stateChange(params, (instances) => fleet.start(instances));
        case 'ModifyInstanceAttribute':
          return modifyInstanceAttribute(params);
        default:
          throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`);
      }
    },
    snapshot: () => fleet.snapshot(),
    restore: (saved) => fleet.restore(saved),
  };
}
