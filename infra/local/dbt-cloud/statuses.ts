// Run and run-step statuses as dbt Cloud encodes them on the wire (the official document lists
// them only in prose, on List Runs' `status__in`: "1: Queued, 2: Starting, 3: Running,
// 10: Success, 20: Error, 30: Cancelled"; the contract test checks that sentence still says so).

export const RunStatus = {
  /** Accepted and waiting for a run slot. */
  Queued: 1,
  /** Given a slot; the run's container is being provisioned. */
  Starting: 2,
  /** Steps are executing (clone, profile, dbt commands). */
  Running: 3,
  /** Terminal: every step finished without error. */
  Success: 10,
  /** Terminal: a step failed, or the run timed out. */
  Error: 20,
  /** Terminal: cancelled through the API before it finished. */
  Cancelled: 30,
} as const;

export type RunStatusCode = (typeof RunStatus)[keyof typeof RunStatus];

const HUMANIZED: Record<RunStatusCode, string> = {
  1: 'Queued',
  2: 'Starting',
  3: 'Running',
  10: 'Success',
  20: 'Error',
  30: 'Cancelled',
};

/** The colour names dbt Cloud's UI pairs with a step status. */
const COLOURS: Record<RunStatusCode, string> = {
  1: 'text-dark-gray',
  2: 'text-dark-gray',
  3: 'text-light-blue',
  10: 'text-green',
  20: 'text-red',
  30: 'text-dark-gray',
};

export function humanizeStatus(status: RunStatusCode): string {
  return HUMANIZED[status];
}

export function statusColour(status: RunStatusCode): string {
  return COLOURS[status];
}

export function isTerminal(status: RunStatusCode): boolean {
  return status === RunStatus.Success || status === RunStatus.Error || status === RunStatus.Cancelled;
}

export const ALL_RUN_STATUSES = Object.values(RunStatus) as RunStatusCode[];
