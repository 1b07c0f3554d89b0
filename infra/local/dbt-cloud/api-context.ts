// What every API handler receives: the account's state, the run executor, the stand-in's own URL
// (for `href`), and the routed request with its typed path and query parameters.
import type { StandInRequest, StandInResponse } from '../core/stand-in-server';
import type { QueryValue } from './routes';
import type { RunExecutor } from './run-executor';
import type { DbtCloudState } from './state';

export interface ApiContext {
  state: DbtCloudState;
  executor: RunExecutor;
  baseUrl: string;
}

export interface ApiCall {
  request: StandInRequest;
  params: Record<string, string>;
  query: Record<string, QueryValue>;
}

export type Handler = (ctx: ApiContext, call: ApiCall) => StandInResponse | Promise<StandInResponse>;

/** A path id (already matched as digits by the route). */
export function idParam(call: ApiCall, name: string): number {
  return Number(call.params[name]);
}
