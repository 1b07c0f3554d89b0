// Making resources fail on purpose, so rollbacks can be seen and tested. Two ways:
// - in the template: a resource with `Metadata: { "Tapestry::Sandbox": { "Fail": "reason" } }`
//   fails every create or update with that reason (`"FailOnDelete": "reason"` fails deletion);
// - at run time: `PUT /__sandbox/cloudformation/failures` adds a rule (see control.ts) matching a
//   logical id and/or resource type (and optionally a stack), for some phases, a number of times.
import { z } from 'zod';

export const FAILURE_PHASES = ['create', 'update', 'delete'] as const;
export type FailurePhase = (typeof FAILURE_PHASES)[number];

export const failureRuleSchema = z
  .object({
    logicalId: z.string().min(1).max(255).optional(),
    resourceType: z.string().min(1).max(255).optional(),
    stackName: z.string().min(1).max(255).optional(),
    reason: z.string().min(1).max(1000).default('Resource handler returned message: "Injected failure" (sandbox)'),
    /** Which operations fail: default create and update (a rollback's own updates included). */
    phases: z.array(z.enum(FAILURE_PHASES)).min(1).default(['create', 'update']),
    /** How many times it fires before it is used up; absent = until cleared. */
    times: z.number().int().positive().optional(),
  })
  .strict()
  .refine((r) => r.logicalId !== undefined || r.resourceType !== undefined, { message: 'give logicalId and/or resourceType' });

export type FailureRule = z.output<typeof failureRuleSchema>;

export const SANDBOX_METADATA_KEY = 'Tapestry::Sandbox';

export class FailureRules {
  private rules: FailureRule[] = [];

  add(rule: FailureRule): void {
    this.rules.push(rule);
  }

  list(): FailureRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  /** The reason the resource must fail now, if any (a rule with `times` is used up as it fires). */
  take(target: { stackName: string; logicalId: string; type: string; metadata?: Record<string, unknown> }, phase: FailurePhase): string | undefined {
    const sandbox = target.metadata?.[SANDBOX_METADATA_KEY];
    if (sandbox && typeof sandbox === 'object') {
      const key = phase === 'delete' ? 'FailOnDelete' : 'Fail';
      const reason = (sandbox as Record<string, unknown>)[key];
      if (typeof reason === 'string' && reason) return reason;
    }
    const rule = this.rules.find(
      (r) =>
        r.phases.includes(phase) &&
        (r.logicalId === undefined || r.logicalId === target.logicalId) &&
        (r.resourceType === undefined || r.resourceType === target.type) &&
        (r.stackName === undefined || r.stackName === target.stackName),
    );
    if (!rule) return undefined;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
    }
    return rule.reason;
  }
}
