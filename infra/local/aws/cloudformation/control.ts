// The CloudFormation stand-in's sandbox control routes (outside the AWS protocol; documented in
// service.ts): failure injection, stalls, and a debugging view of stacks and resources.
import { z } from 'zod';
import { jsonResponse, type StandInRequest, type StandInResponse } from '../../core/stand-in-server';
import type { CloudFormationEngine } from './engine';
import { failureRuleSchema } from './failures';
import type { Stack } from './model';

const PREFIX = '/__sandbox/cloudformation';
const stallSchema = z.object({ stackName: z.string().min(1).max(255).default('*') }).strict();

function readJson(request: StandInRequest): { ok: true; value: unknown } | { ok: false; response: StandInResponse } {
  if (request.body.length === 0) return { ok: true, value: {} };
  try {
    return { ok: true, value: request.json() };
  } catch {
    return { ok: false, response: jsonResponse(400, { message: 'the body is not valid JSON' }) };
  }
}

function stackView(stack: Stack, withEvents: boolean) {
  return {
    stackName: stack.name,
    stackId: stack.stackId,
    status: stack.status,
    statusReason: stack.statusReason,
    lastToken: stack.lastToken,
    outputs: Object.fromEntries(stack.outputs.map((o) => [o.key, o.value])),
    resources: [...stack.resources.values()].map((r) => ({ logicalId: r.logicalId, type: r.type, physicalId: r.physicalId, status: r.status, statusReason: r.statusReason })),
    eventCount: stack.events.length,
    events: withEvents
      ? stack.events.map((e) => ({ at: new Date(e.timestamp).toISOString(), logicalId: e.logicalResourceId, status: e.resourceStatus, reason: e.resourceStatusReason }))
      : undefined,
  };
}

function failuresRoute(engine: CloudFormationEngine, request: StandInRequest): StandInResponse {
  const rules = engine.env.failures;
  if (request.method === 'GET') return jsonResponse(200, { rules: rules.list() });
  if (request.method === 'DELETE') {
    rules.clear();
    return { status: 204 };
  }
  if (request.method !== 'PUT' && request.method !== 'POST') return jsonResponse(405, { message: 'use GET, PUT or DELETE' });
  const body = readJson(request);
  if (!body.ok) return body.response;
  const list = Array.isArray(body.value) ? body.value : [body.value];
  const parsed = z.array(failureRuleSchema).max(100).safeParse(list);
  if (!parsed.success) return jsonResponse(400, { message: 'invalid failure rule', issues: parsed.error.issues });
  for (const rule of parsed.data) rules.add(rule);
  return jsonResponse(200, { rules: rules.list() });
}

function stallRoute(engine: CloudFormationEngine, request: StandInRequest): StandInResponse {
  const timeline = engine.env.timeline;
  if (request.method === 'GET') return jsonResponse(200, { stalled: timeline.stalledNames() });
  if (request.method === 'DELETE') {
    timeline.release(request.query.get('stackName') ?? undefined);
    return jsonResponse(200, { stalled: timeline.stalledNames() });
  }
  if (request.method !== 'PUT' && request.method !== 'POST') return jsonResponse(405, { message: 'use GET, PUT or DELETE' });
  const body = readJson(request);
  if (!body.ok) return body.response;
  const parsed = stallSchema.safeParse(body.value);
  if (!parsed.success) return jsonResponse(400, { message: 'invalid stall request', issues: parsed.error.issues });
  timeline.stall(parsed.data.stackName);
  return jsonResponse(200, { stalled: timeline.stalledNames() });
}

export async function cloudFormationControl(engine: CloudFormationEngine, request: StandInRequest): Promise<StandInResponse | undefined> {
  if (!request.path.startsWith(PREFIX)) return undefined;
  const rest = request.path.slice(PREFIX.length);
  if (rest === '/failures') return failuresRoute(engine, request);
  if (rest === '/stall') return stallRoute(engine, request);
  if (request.method === 'GET' && rest === '/stacks') {
    return jsonResponse(200, { stacks: engine.store.all().map((s) => stackView(s, false)), activeOperations: engine.activeOperations() });
  }
  const one = /^\/stacks\/([^/]+)$/.exec(rest);
  if (request.method === 'GET' && one) {
    const stack = engine.store.find(decodeURIComponent(one[1] as string));
    return stack ? jsonResponse(200, stackView(stack, true)) : jsonResponse(404, { message: 'no such stack' });
  }
  return undefined;
}
