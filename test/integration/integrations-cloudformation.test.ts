// The CloudFormation port against the sandbox's AWS stand-in, through the real SDK (REL-3): a change
// set created twice under one token is one change set, executed twice is one execution, and the
// event cursor reads every event once, in order, exactly as the stand-in recorded them; throttling
// and 5xx are retried then reported; a request accepted but whose answer was lost is retried with
// its token and acts once; a failed creation ends ROLLBACK_COMPLETE with the reason in its events;
// an update that changes nothing says so; a stalled stack shows no new events until released;
// deleting what is gone succeeds.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAwsStandIn, type AwsStandIn } from '@/infra/local/aws';
import { SandboxWorld } from '@/infra/local/core/world';
import { cloudFormationPort, STACK_STATUS, stackRecovery, type CloudFormationPort, type StackEventView } from '@/lib/integrations/aws/cloudformation';
import type { IntegrationError } from '@/lib/integrations/errors';
import { failureOf } from '../support/integration-results';
import { until } from '../support/until';

const CANARY = 'canary-Secret-5b1e7d20-do-not-leak';
let aws: AwsStandIn;
let cfn: CloudFormationPort;

beforeAll(async () => {
  aws = await startAwsStandIn({ world: new SandboxWorld(), timeScale: 0.001 });
  cfn = cloudFormationPort({ region: 'us-east-1', endpoint: aws.url, accessKeyId: 'AKIATAPESTRYTEST0001', secretAccessKey: CANARY });
});

afterEach(async () => {
  aws.faults.clear();
  await fetch(`${aws.url}/__sandbox/cloudformation/failures`, { method: 'DELETE' });
});

afterAll(async () => {
  cfn?.destroy();
  await aws?.close();
});

/** A template with a parameter-driven SSM parameter, `topics` SNS topics (3 events each) and an output. */
function template(topics: number): string {
  const resources: Record<string, unknown> = { Settings: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { Ref: 'Env' } } } };
  for (let i = 0; i < topics; i += 1) resources[`Topic${i}`] = { Type: 'AWS::SNS::Topic' };
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Parameters: { Env: { Type: 'String' } }, Resources: resources, Outputs: { SettingsName: { Value: { Ref: 'Settings' } } } });
}

const changeSet = (stackName: string, token: string, type: 'CREATE' | 'UPDATE', env: string, topics = 2) => ({
  stackName,
  changeSetName: `tap-${token}`,
  type,
  templateBody: template(topics),
  parameters: [{ key: 'Env', value: env }],
  clientToken: `tap-${token}`,
  tags: { 'tapestry:pipeline': stackName },
});

function standInStack(name: string) {
  const stack = aws.cloudformation.engine.store.find(name);
  if (!stack) throw new Error(`no stack ${name} in the stand-in`);
  return stack;
}

const computed = (stackName: string, name: string) =>
  until(`change set ${name} computed`, async () => {
    const view = await cfn.describeChangeSet(stackName, name);
    return view && !['CREATE_PENDING', 'CREATE_IN_PROGRESS'].includes(view.status) ? view : undefined;
  });

const settled = (stackName: string) =>
  until(`stack ${stackName} settled`, async () => {
    const stack = await cfn.describeStack(stackName);
    return stack && !STACK_STATUS.inProgress.has(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS' ? stack : undefined;
  });

/** Polls as the deploy job does: the cursor is the newest event seen; stops once the stack settled and nothing new came. */
async function pollEvents(stackName: string, cursor?: string): Promise<StackEventView[]> {
  const seen: StackEventView[] = [];
  for (let round = 0; round < 2_000; round += 1) {
    const status = (await cfn.describeStack(stackName))?.status ?? '';
    const fresh = await cfn.eventsSince(stackName, seen.at(-1)?.eventId ?? cursor);
    seen.push(...fresh);
    if (fresh.length === 0 && !STACK_STATUS.inProgress.has(status)) return seen;
  }
  throw new Error('the stack never settled');
}

/** The IntegrationError `work` fails with, checked for the secret key in every text it carries. */
const failure = async (work: Promise<unknown>) => failureOf(await work.then(() => ({ ok: true as const }), (error: IntegrationError) => ({ ok: false as const, error })), CANARY);

describe('change sets, execution and the event cursor', () => {
  it('creates one change set for a repeated request, executes it once, and reads every event once in order', async () => {
    aws.log.clear();
    const input = changeSet('tap-deploy', 'op-1', 'CREATE', 'prod', 40);
    const first = await cfn.createChangeSet(input);
    expect(await cfn.createChangeSet(input)).toEqual(first);
    // Another token, same name (a retry after a restart that lost the token): still the same change set.
    expect(await cfn.createChangeSet({ ...input, clientToken: 'tap-op-1-again' })).toEqual(first);
    expect(aws.log.count('CreateChangeSet')).toBe(3);
    expect(aws.cloudformation.engine.store.changeSetsOf(first.stackId)).toHaveLength(1);

    const view = await computed('tap-deploy', 'tap-op-1');
    expect(view).toMatchObject({ changeSetId: first.changeSetId, status: 'CREATE_COMPLETE', executionStatus: 'AVAILABLE', noChanges: false });
    expect(view?.changes).toHaveLength(41);
    expect(view?.changes.find((c) => c.logicalId === 'Settings')).toMatchObject({ action: 'Add', resourceType: 'AWS::SSM::Parameter' });

    await cfn.executeChangeSet('tap-deploy', 'tap-op-1', 'tap-op-1');
    await cfn.executeChangeSet('tap-deploy', 'tap-op-1', 'tap-op-1');
    // 40 topics write well over one page (100) of events: the cursor pages back through them.
    const events = await pollEvents('tap-deploy');
    // A second worker with its own token finds it already executed: done, nothing started.
    await cfn.executeChangeSet('tap-deploy', 'tap-op-1', 'tap-op-1-other-worker');

    const stack = await settled('tap-deploy');
    expect(stack).toMatchObject({ status: 'CREATE_COMPLETE', parameters: { Env: 'prod' }, changeSetId: first.changeSetId });
    expect(stack.outputs.SettingsName).toBeTruthy();
    expect(STACK_STATUS.terminalSuccess.has(stack.status)).toBe(true);
    const recorded = standInStack('tap-deploy').events;
    expect(events.length).toBeGreaterThan(100);
    expect(events.map((e) => e.eventId)).toEqual(recorded.map((e) => e.eventId));
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    expect(recorded.filter((e) => e.logicalResourceId === 'tap-deploy' && e.resourceStatus === 'CREATE_IN_PROGRESS')).toHaveLength(1);
    const last = events.at(-1)?.eventId;
    expect(await cfn.eventsSince('tap-deploy', last)).toEqual([]);
    // Read afresh (a restarted worker): from the start, and from a cursor that sits on the second page.
    expect(await cfn.eventsSince('tap-deploy', undefined)).toEqual(events);
    expect(await cfn.eventsSince('tap-deploy', events[5]?.eventId)).toEqual(events.slice(6));

    // An update: a Modify of the parameter, and the cursor returns only what it wrote.
    const update = changeSet('tap-deploy', 'op-2', 'UPDATE', 'staging', 40);
    await cfn.createChangeSet(update);
    expect((await computed('tap-deploy', 'tap-op-2'))?.changes).toEqual([
      expect.objectContaining({ action: 'Modify', logicalId: 'Settings', scope: ['Properties'], details: [expect.objectContaining({ attribute: 'Properties', name: 'Value' })] }),
    ]);
    await cfn.executeChangeSet('tap-deploy', 'tap-op-2', 'tap-op-2');
    const more = await pollEvents('tap-deploy', last);
    expect(more[0]).toMatchObject({ logicalId: 'tap-deploy', status: 'UPDATE_IN_PROGRESS' });
    expect(more.at(-1)).toMatchObject({ logicalId: 'tap-deploy', status: 'UPDATE_COMPLETE' });
    expect([...events, ...more].map((e) => e.eventId)).toEqual(standInStack('tap-deploy').events.map((e) => e.eventId));
  });

  it('an update that changes nothing is a FAILED change set marked noChanges', async () => {
    await cfn.createChangeSet(changeSet('tap-same', 'same-1', 'CREATE', 'prod'));
    await computed('tap-same', 'tap-same-1');
    await cfn.executeChangeSet('tap-same', 'tap-same-1', 'tap-same-1');
    await settled('tap-same');
    await cfn.createChangeSet(changeSet('tap-same', 'same-2', 'UPDATE', 'prod'));
    expect(await computed('tap-same', 'tap-same-2')).toMatchObject({ status: 'FAILED', noChanges: true, changes: [] });
    await cfn.deleteChangeSet('tap-same', 'tap-same-2');
    expect(await cfn.describeChangeSet('tap-same', 'tap-same-2')).toBeUndefined();
    await cfn.deleteChangeSet('tap-same', 'tap-same-2');
  });
});

describe('throttling, 5xx and lost answers', () => {
  it('retries a throttled call and succeeds', async () => {
    aws.log.clear();
    aws.faults.addRule({ kind: 'throttle', operation: 'DescribeStacks', times: 1 });
    expect(await cfn.describeStack('tap-deploy')).toMatchObject({ stackName: 'tap-deploy' });
    expect(aws.log.list({ operation: 'DescribeStacks' }).map((e) => e.status)).toEqual([400, 200]);
  });

  it.each([
    ['throttling', { kind: 'throttle' as const }, 'throttled', 'Throttling'],
    ['a 503', { kind: 'server-error' as const, status: 503 }, 'unavailable', 'ServiceUnavailable'],
  ])('%s that outlasts the retries is reported after at most 4 attempts', async (_what, rule, failureClass, code) => {
    aws.log.clear();
    aws.faults.addRule({ ...rule, operation: 'DescribeStackEvents', times: 10 });
    expect(await failure(cfn.eventsSince('tap-deploy', undefined))).toMatchObject({ provider: 'aws', failureClass, code });
    const attempts = aws.log.count('DescribeStackEvents');
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThanOrEqual(4);
  });

  it('a CreateChangeSet and an ExecuteChangeSet whose answers were lost are retried with their tokens and act once', async () => {
    aws.log.clear();
    aws.faults.addRule({ kind: 'lose-response', operation: 'CreateChangeSet', times: 1 });
    const created = await cfn.createChangeSet(changeSet('tap-lost', 'lost-1', 'CREATE', 'prod'));
    expect(aws.log.list({ operation: 'CreateChangeSet' }).map((e) => e.status)).toEqual([0, 200]);
    expect(aws.cloudformation.engine.store.changeSetsOf(created.stackId)).toHaveLength(1);
    expect(aws.cloudformation.engine.store.all().filter((s) => s.name === 'tap-lost')).toHaveLength(1);

    await computed('tap-lost', 'tap-lost-1');
    aws.faults.addRule({ kind: 'lose-response', operation: 'ExecuteChangeSet', times: 1 });
    await cfn.executeChangeSet('tap-lost', 'tap-lost-1', 'tap-lost-1');
    expect(aws.log.list({ operation: 'ExecuteChangeSet' }).map((e) => e.status)).toEqual([0, 200]);
    expect((await settled('tap-lost')).status).toBe('CREATE_COMPLETE');
    const starts = standInStack('tap-lost').events.filter((e) => e.logicalResourceId === 'tap-lost' && e.resourceStatus === 'CREATE_IN_PROGRESS');
    expect(starts).toHaveLength(1);
  });
});

describe('failures and recovery', () => {
  it('a creation that fails rolls back to ROLLBACK_COMPLETE, a terminal failure with the reason in the events; deleting it frees the name', async () => {
    const reason = 'Resource handler returned message: "Topic limit exceeded" (sandbox)';
    await fetch(`${aws.url}/__sandbox/cloudformation/failures`, { method: 'PUT', body: JSON.stringify({ logicalId: 'Topic1', stackName: 'tap-fail', reason, times: 1 }) });
    await cfn.createChangeSet(changeSet('tap-fail', 'fail-1', 'CREATE', 'prod'));
    await computed('tap-fail', 'tap-fail-1');
    await cfn.executeChangeSet('tap-fail', 'tap-fail-1', 'tap-fail-1');
    const stack = await settled('tap-fail');
    expect(stack.status).toBe('ROLLBACK_COMPLETE');
    expect(STACK_STATUS.terminalFailure.has(stack.status)).toBe(true);
    expect(stackRecovery(stack.status)).toBe('delete-then-create');
    const events = await cfn.eventsSince('tap-fail', undefined);
    expect(events.find((e) => e.status === 'CREATE_FAILED' && e.logicalId === 'Topic1')).toMatchObject({ reason, resourceType: 'AWS::SNS::Topic' });
    expect(events.at(-1)).toMatchObject({ logicalId: 'tap-fail', status: 'ROLLBACK_COMPLETE' });

    await cfn.deleteStack('tap-fail', 'tap-fail-delete');
    await cfn.deleteStack('tap-fail', 'tap-fail-delete');
    await until('the stack gone', async () => ((await cfn.describeStack('tap-fail')) === undefined ? true : undefined));
    await cfn.deleteStack('tap-fail', 'tap-fail-delete-again');
    await cfn.createChangeSet(changeSet('tap-fail', 'fail-2', 'CREATE', 'prod'));
    await computed('tap-fail', 'tap-fail-2');
    await cfn.executeChangeSet('tap-fail', 'tap-fail-2', 'tap-fail-2');
    expect((await settled('tap-fail')).status).toBe('CREATE_COMPLETE');
  });

  it('an update whose rollback fails is UPDATE_ROLLBACK_FAILED, and continueUpdateRollback brings it back', async () => {
    await cfn.createChangeSet(changeSet('tap-stuck', 'stuck-1', 'CREATE', 'prod'));
    await computed('tap-stuck', 'tap-stuck-1');
    await cfn.executeChangeSet('tap-stuck', 'tap-stuck-1', 'tap-stuck-1');
    await settled('tap-stuck');
    await fetch(`${aws.url}/__sandbox/cloudformation/failures`, { method: 'PUT', body: JSON.stringify({ logicalId: 'Settings', phases: ['update'], times: 2 }) });
    await cfn.createChangeSet(changeSet('tap-stuck', 'stuck-2', 'UPDATE', 'staging'));
    await computed('tap-stuck', 'tap-stuck-2');
    await cfn.executeChangeSet('tap-stuck', 'tap-stuck-2', 'tap-stuck-2');
    const stuck = await settled('tap-stuck');
    expect(stuck.status).toBe('UPDATE_ROLLBACK_FAILED');
    expect(stackRecovery(stuck.status)).toBe('continue-update-rollback');
    await cfn.continueUpdateRollback('tap-stuck', 'tap-stuck-continue');
    await cfn.continueUpdateRollback('tap-stuck', 'tap-stuck-continue');
    const back = await settled('tap-stuck');
    expect(back).toMatchObject({ status: 'UPDATE_ROLLBACK_COMPLETE', parameters: { Env: 'prod' } });
    expect(stackRecovery(back.status)).toBe('none');
  });

  it('a stalled stack yields no new events until released, then the cursor carries on without a gap', async () => {
    await fetch(`${aws.url}/__sandbox/cloudformation/stall`, { method: 'PUT', body: JSON.stringify({ stackName: 'tap-stall' }) });
    try {
      await cfn.createChangeSet(changeSet('tap-stall', 'stall-1', 'CREATE', 'prod'));
      await computed('tap-stall', 'tap-stall-1');
      await cfn.executeChangeSet('tap-stall', 'tap-stall-1', 'tap-stall-1');
      const before = await cfn.eventsSince('tap-stall', undefined);
      expect(before.map((e) => e.status)).toContain('CREATE_IN_PROGRESS');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await cfn.eventsSince('tap-stall', before.at(-1)?.eventId)).toEqual([]);
      expect((await cfn.describeStack('tap-stall'))?.status).toBe('CREATE_IN_PROGRESS');
      await fetch(`${aws.url}/__sandbox/cloudformation/stall?stackName=tap-stall`, { method: 'DELETE' });
      const after = await pollEvents('tap-stall', before.at(-1)?.eventId);
      expect([...before, ...after].map((e) => e.eventId)).toEqual(standInStack('tap-stall').events.map((e) => e.eventId));
      expect(after.at(-1)).toMatchObject({ logicalId: 'tap-stall', status: 'CREATE_COMPLETE' });
    } finally {
      await fetch(`${aws.url}/__sandbox/cloudformation/stall`, { method: 'DELETE' });
    }
  });

  it('what does not exist: no stack, no change set, and deleting a missing stack succeeds', async () => {
    expect(await cfn.describeStack('tap-nowhere')).toBeUndefined();
    expect(await cfn.describeChangeSet('tap-nowhere', 'tap-cs')).toBeUndefined();
    await cfn.deleteStack('tap-nowhere', 'tap-delete-nowhere');
    await cfn.deleteChangeSet('tap-nowhere', 'tap-cs');
    expect(aws.cloudformation.engine.store.find('tap-nowhere')).toBeUndefined();
  });

  it('an error answer maps to a code and a fix, with no vendor text or secret', async () => {
    const error = await failure(cfn.executeChangeSet('tap-deploy', 'tap-never-made', 'tap-x'));
    expect(error).toMatchObject({ failureClass: 'not_found', code: 'ChangeSetNotFound' });
    expect(error.message).not.toMatch(/does not exist/);
  });
});
