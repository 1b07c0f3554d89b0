// What every Airbyte route handler receives, and the shape of a route.
import type { StandInRequest, StandInResponse } from '../core/stand-in-server';
import type { SandboxWorld } from '../core/world';
import type { TokenIssuer } from './auth';
import type { CheckFailurePlan } from './check-failures';
import type { SyncScheduler } from './sync-scheduler';
import type { AirbyteStore } from './store';

/** Where Airbyte serves its public API. */
export const PUBLIC_API = '/api/public/v1';
/** Where Airbyte serves its configuration API (the one its own web app uses). */
export const CONFIG_API = '/api/v1';

export interface AirbyteContext {
  store: AirbyteStore;
  world: SandboxWorld;
  /** The public API's base URL (`…/api/public/v1`), for pagination links. */
  apiUrl: string;
  /** Epoch milliseconds on the world's clock. */
  now(): number;
  /** 1 = believable durations, smaller = faster (tests). */
  timeScale: number;
  tokens: TokenIssuer;
  syncs: SyncScheduler;
  checkFailures: CheckFailurePlan;
  /** Aborted when the stand-in closes, so nothing it is waiting on outlives it. */
  closing: AbortSignal;
  /** Schedules a save of the state (a no-op without a state file). */
  changed(): void;
}

export type RouteParams = Record<string, string>;

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path under the server root, with `{name}` placeholders. */
  template: string;
  /** The OpenAPI operationId (the request log and fault rules use it). */
  operationId: string;
  /** False for the one call that needs no bearer token. */
  authenticated?: boolean;
  handle(ctx: AirbyteContext, request: StandInRequest, params: RouteParams): Promise<StandInResponse> | StandInResponse;
}

/** Epoch seconds, the unit Airbyte's `createdAt` fields use. */
export function epochSeconds(ctx: AirbyteContext): number {
  return Math.floor(ctx.now() / 1000);
}
