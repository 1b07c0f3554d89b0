// The Airbyte stand-in's memory: workspaces, sources, destinations, connections and jobs, as the
// real server keeps them in its config and jobs databases. Deletes are soft (tombstones), as in
// Airbyte: a deleted resource answers 404 but still shows in lists with `includeDeleted=true`.
import type { ConnectionSyncMode } from './sync-modes';
import type { RunProgress } from './sync-run';

export type ActorKind = 'source' | 'destination';

export interface Workspace {
  workspaceId: string;
  name: string;
  /** Epoch seconds, as Airbyte stores it. */
  createdAt: number;
  deleted: boolean;
  notifications: Record<string, unknown>;
}

/** A source or a destination: a connector type plus its configuration. */
export interface Actor {
  kind: ActorKind;
  id: string;
  name: string;
  /** Connector type, e.g. `stripe` (the `sourceType` / `destinationType` const). */
  connectorType: string;
  definitionId: string;
  workspaceId: string;
  /** As submitted, secrets in clear, without the type field (Airbyte strips it before storing). */
  configuration: Record<string, unknown>;
  createdAt: number;
  deleted: boolean;
  /** Sources only: records added on purpose per stream (`/__sandbox/airbyte/sources/{id}/records`). */
  addedRecords: Record<string, number>;
}

export interface ConfiguredStream {
  name: string;
  syncMode: ConnectionSyncMode;
  cursorField?: string[];
  primaryKey?: string[][];
  selectedFields?: { fieldPath: string[] }[];
}

export interface ConnectionSchedule {
  scheduleType: 'manual' | 'cron' | 'basic';
  cronExpression?: string;
  basicTiming?: string;
}

export interface Connection {
  connectionId: string;
  name: string;
  sourceId: string;
  destinationId: string;
  workspaceId: string;
  status: 'active' | 'inactive' | 'deprecated';
  schedule: ConnectionSchedule;
  namespaceDefinition: 'source' | 'destination' | 'custom_format';
  namespaceFormat?: string;
  prefix: string;
  nonBreakingSchemaUpdatesBehavior: string;
  streams: ConfiguredStream[];
  createdAt: number;
  /** Incremental state per stream: the highest cursor value committed so far. */
  cursors: Map<string, string | number>;
  /** Generation id per stream, bumped by every full-refresh overwrite (Airbyte's `_airbyte_generation_id`). */
  generations: Map<string, number>;
}

/** Job statuses as the public API reports them. */
export type JobStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  jobId: number;
  connectionId: string;
  jobType: 'sync' | 'reset';
  status: JobStatus;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  /** When its attempt began running (epoch ms); absent while pending. */
  startedAt?: number;
  rowsSynced: number;
  bytesSynced: number;
  /** Why it failed, as Airbyte's failure summary tells it (config API only; the public API shows no reason). */
  failure?: { message: string; failureType: FailureType; origin: 'source' | 'destination' | 'airbyte_platform' };
  /** While the job has not ended: what its attempt needs to carry on after a restart (sync-run.ts). */
  progress?: RunProgress;
}

export type FailureType = 'config_error' | 'system_error' | 'transient_error';

export class AirbyteStore {
  readonly workspaces = new Map<string, Workspace>();
  readonly actors = new Map<string, Actor>();
  readonly connections = new Map<string, Connection>();
  readonly jobs = new Map<number, Job>();
  private lastJobId = 0;

  nextJobId(): number {
    return ++this.lastJobId;
  }

  /** The highest job id handed out so far (persisted, so ids are never reused). */
  get jobCounter(): number {
    return this.lastJobId;
  }

  /** After a restart, job ids continue past every id handed out before it. */
  continueJobIdsAfter(lastJobId: number): void {
    this.lastJobId = Math.max(this.lastJobId, lastJobId, ...this.jobs.keys());
  }

  liveWorkspace(id: string): Workspace | undefined {
    const found = this.workspaces.get(id);
    return found && !found.deleted ? found : undefined;
  }

  liveActor(kind: ActorKind, id: string): Actor | undefined {
    const found = this.actors.get(id);
    return found && found.kind === kind && !found.deleted ? found : undefined;
  }

  liveConnection(id: string): Connection | undefined {
    const found = this.connections.get(id);
    return found && found.status !== 'deprecated' ? found : undefined;
  }

  /** The job of a connection that has not ended yet, if any. */
  activeJob(connectionId: string): Job | undefined {
    for (const job of this.jobs.values()) {
      if (job.connectionId === connectionId && (job.status === 'pending' || job.status === 'running')) return job;
    }
    return undefined;
  }
}
