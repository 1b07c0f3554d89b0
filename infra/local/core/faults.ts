// Fault injection shared by every stand-in: the knobs that reliability tests and a curious user
// turn (latency, failure rate, throttling, lost responses, hangs). Each stand-in decides what a
// throttle or a server error looks like on its own wire; this file only decides *whether* one
// happens for a request.
import { z } from 'zod';

/** What goes wrong with a matching request. */
export const FAULT_KINDS = [
  /** Wait `latencyMs` before handling the request (then handle it normally). */
  'latency',
  /** Answer with the protocol's throttling error (AWS `Throttling`, HTTP 429) without handling. */
  'throttle',
  /** Answer with a 5xx in the protocol's error shape without handling. */
  'server-error',
  /** Handle the request (its side effects happen), then drop the connection without answering. */
  'lose-response',
  /** Never answer; the connection is held until the client gives up or `latencyMs` passes. */
  'hang',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultRuleSchema = z
  .object({
    kind: z.enum(FAULT_KINDS),
    /** Operation name as the stand-in classifies it (e.g. `CreateStack`, `createJob`); `*` or absent = all. */
    operation: z.string().min(1).max(200).optional(),
    /** Chance that a matching request is affected, 0..1 (default 1). */
    probability: z.number().min(0).max(1).default(1),
    /** How many requests it affects before it is used up; absent = until cleared. */
    times: z.number().int().positive().optional(),
    /** For `latency` and `hang`: milliseconds (hang defaults to the stand-in's bound). */
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    /** For `server-error`: the status (default 500; 502, 503 and 504 are common choices). */
    status: z.number().int().min(500).max(599).optional(),
  })
  .strict();

export type FaultRule = z.output<typeof faultRuleSchema>;
export type FaultRuleInput = z.input<typeof faultRuleSchema>;

/** The plain knobs `npm run sandbox` exposes: a steady latency and rates of failure and throttling. */
export const faultKnobsSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    failureRate: z.number().min(0).max(1).default(0),
    throttleRate: z.number().min(0).max(1).default(0),
  })
  .strict();

export type FaultKnobs = z.output<typeof faultKnobsSchema>;

export interface FaultDecision {
  /** Extra delay before anything else happens. */
  delayMs: number;
  /** The fault that replaces or follows handling, if any. */
  fault?: Exclude<FaultRule, { kind: 'latency' }> & { kind: Exclude<FaultKind, 'latency'> };
}

export class FaultPlan {
  private rules: FaultRule[] = [];
  private knobs: FaultKnobs = { latencyMs: 0, failureRate: 0, throttleRate: 0 };

  constructor(private readonly random: () => number = Math.random) {}

  /** Replaces the scripted rules. */
  setRules(rules: FaultRuleInput[]): void {
    this.rules = rules.map((r) => faultRuleSchema.parse(r));
  }

  addRule(rule: FaultRuleInput): void {
    this.rules.push(faultRuleSchema.parse(rule));
  }

  setKnobs(knobs: Partial<FaultKnobs>): void {
    this.knobs = faultKnobsSchema.parse({ ...this.knobs, ...knobs });
  }

  clear(): void {
    this.rules = [];
    this.knobs = { latencyMs: 0, failureRate: 0, throttleRate: 0 };
  }

  describe(): { knobs: FaultKnobs; rules: FaultRule[] } {
    return { knobs: { ...this.knobs }, rules: this.rules.map((r) => ({ ...r })) };
  }

  /**
   * Decides what happens to one request. Scripted rules come first, in the order they were
   * added; a rule with `times` is used up as it fires. The steady knobs apply after them.
   */
  decide(operation: string): FaultDecision {
    let delayMs = this.knobs.latencyMs;
    for (const rule of this.rules) {
      if (rule.operation && rule.operation !== '*' && rule.operation !== operation) continue;
      if (rule.times === 0) continue;
      if (this.random() >= rule.probability) continue;
      if (rule.times !== undefined) rule.times -= 1;
      if (rule.kind === 'latency') {
        delayMs += rule.latencyMs ?? 0;
        continue;
      }
      this.rules = this.rules.filter((r) => r.times !== 0);
      return { delayMs, fault: rule as FaultDecision['fault'] };
    }
    this.rules = this.rules.filter((r) => r.times !== 0);
    const roll = this.random();
    if (roll < this.knobs.throttleRate) return { delayMs, fault: { kind: 'throttle', probability: 1 } };
    if (roll < this.knobs.throttleRate + this.knobs.failureRate) {
      return { delayMs, fault: { kind: 'server-error', probability: 1, status: 503 } };
    }
    return { delayMs };
  }
}
