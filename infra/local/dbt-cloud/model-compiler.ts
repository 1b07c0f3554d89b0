// What `dbt run` does before touching the warehouse, for a folder of SQL models: read each
// model's ref()/source()/config() calls, build the graph, refuse graphs dbt refuses (a ref to no
// model, a cycle, two models with one name) and order the models so every model runs after the
// ones it refs. Then render each model's SQL with fully qualified relation names, as dbt-postgres
// renders them (`"database"."schema"."name"`). Pure: no I/O.
import { scanTemplate, type Call, type Expression } from './jinja-calls';

export interface ModelFile {
  name: string;
  /** Path in the project, e.g. `models/staging/stg_users.sql`. */
  path: string;
  rawCode: string;
}

export type Materialization = 'table' | 'view';

export interface ParsedModel extends ModelFile {
  uniqueId: string;
  refs: string[];
  sources: Array<{ source: string; table: string }>;
  materialized: Materialization;
  /** Why the model cannot be compiled: its node errors and the models that ref it are skipped. */
  compileError?: string;
  expressions: Expression[];
  code: string;
}

/** Where models are built: the warehouse database and the target schema. */
export interface Target {
  database: string;
  schema: string;
  /**
   * The schema of each source, where a project's sources.yml gives it one (`schema:`); a source
   * not named here is read from the schema of its own name, as dbt does without `schema:`.
   */
  sourceSchemas?: Record<string, string>;
}

/** A graph dbt refuses to run at all (nothing is executed, no run_results.json is written). */
export class GraphError extends Error {
  override name = 'GraphError';
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function relationName(database: string, schema: string, name: string): string {
  return [database, schema, name].map(quoteIdent).join('.');
}

function modelId(project: string, name: string): string {
  return `model.${project}.${name}`;
}

function stringArgs(call: Call, count: number): string[] | string {
  const args = call.positional;
  if (args.length !== count || args.some((a) => typeof a !== 'string' || a === '')) {
    return `${call.name}() takes ${count} non-empty string argument${count === 1 ? '' : 's'}`;
  }
  return args as string[];
}

/** How dbt-postgres builds each materialization here; an incremental model's first build is a table. */
function materialization(value: unknown): Materialization | { error: string } {
  if (value === undefined || value === 'view') return 'view';
  if (value === 'table' || value === 'incremental') return 'table';
  if (value === 'ephemeral') return { error: 'ephemeral models are not supported by the sandbox' };
  return { error: `No materialization '${String(value)}' was found for adapter postgres! (searched types 'default' and 'postgres')` };
}

export function parseModel(file: ModelFile, project: string): ParsedModel {
  const { code, expressions, statementProblem } = scanTemplate(file.rawCode);
  const refs: string[] = [];
  const sources: ParsedModel['sources'] = [];
  const problems: string[] = statementProblem ? [statementProblem] : [];
  let materialized: Materialization = 'view';
  for (const e of expressions) {
    if (e.problem || !e.call) {
      problems.push(e.problem ?? 'unreadable expression');
      continue;
    }
    const call = e.call;
    if (call.name === 'ref') {
      // ref('name') or ref('package', 'name'); this project is the only package.
      const args = stringArgs(call, call.positional.length === 2 ? 2 : 1);
      if (typeof args === 'string') problems.push(args);
      else refs.push(args[args.length - 1] as string);
    } else if (call.name === 'source') {
      const args = stringArgs(call, 2);
      if (typeof args === 'string') problems.push(args);
      else sources.push({ source: args[0] as string, table: args[1] as string });
    } else if (call.name === 'config') {
      if (call.positional.length > 0) problems.push('config() takes keyword arguments only');
      const m = materialization(call.keywords.materialized);
      if (typeof m === 'string') materialized = m;
      else problems.push(m.error);
    }
  }
  const parsed: ParsedModel = {
    ...file,
    uniqueId: modelId(project, file.name),
    refs: [...new Set(refs)],
    sources,
    materialized,
    expressions,
    code,
  };
  if (problems.length > 0) parsed.compileError = `Compilation Error in model ${file.name} (${file.path})\n  ${problems.join('\n  ')}`;
  return parsed;
}

function findCycle(names: string[], byName: Map<string, ParsedModel>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    state.set(name, 'open');
    stack.push(name);
    for (const next of [...(byName.get(name)?.refs ?? [])].sort()) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of names) {
    if (!state.has(name)) {
      const found = visit(name);
      if (found) return found;
    }
  }
  return names;
}

/** The models in an order where each comes after every model it refs; ties broken by name. */
export function planModels(files: ModelFile[], project: string): ParsedModel[] {
  const byName = new Map<string, ParsedModel>();
  for (const file of files) {
    const existing = byName.get(file.name);
    if (existing) {
      throw new GraphError(`dbt found two models with the name "${file.name}".\n  - ${existing.path}\n  - ${file.path}`);
    }
    byName.set(file.name, parseModel(file, project));
  }
  for (const model of byName.values()) {
    const missing = model.refs.find((r) => !byName.has(r));
    if (missing !== undefined) {
      throw new GraphError(
        `Compilation Error\n  Model '${model.uniqueId}' (${model.path}) depends on a node named '${missing}' which was not found`,
      );
    }
  }
  const waiting = new Map([...byName.values()].map((m) => [m.name, new Set(m.refs)]));
  const order: ParsedModel[] = [];
  for (;;) {
    const ready = [...waiting].filter(([, deps]) => deps.size === 0).map(([name]) => name).sort();
    const next = ready[0];
    if (next === undefined) break;
    waiting.delete(next);
    for (const deps of waiting.values()) deps.delete(next);
    order.push(byName.get(next) as ParsedModel);
  }
  if (waiting.size > 0) {
    const cycle = findCycle([...waiting.keys()].sort(), byName);
    throw new GraphError(`Found a cycle: ${cycle.map((n) => modelId(project, n)).join(' --> ')}`);
  }
  return order;
}

/** The model's SQL as dbt would send it: calls replaced by relation names, config() removed. */
export function compileModel(model: ParsedModel, target: Target): string {
  if (model.compileError) throw new Error(model.compileError);
  let out = '';
  let at = 0;
  let trimNext = false;
  // `{{-` and `-}}` strip the whitespace before and after the block, as in Jinja.
  const segment = (from: number, to: number) => (trimNext ? model.code.slice(from, to).trimStart() : model.code.slice(from, to));
  for (const e of model.expressions) {
    out += segment(at, e.start);
    if (e.text.startsWith('{{-')) out = out.trimEnd();
    at = e.end;
    trimNext = e.text.endsWith('-}}');
    const call = e.call as Call;
    const args = call.positional as string[];
    if (call.name === 'ref') out += relationName(target.database, target.schema, args[args.length - 1] as string);
    else if (call.name === 'source') out += relationName(target.database, target.sourceSchemas?.[args[0] as string] ?? (args[0] as string), args[1] as string);
    else if (call.name === 'this') out += relationName(target.database, target.schema, model.name);
  }
  return (out + segment(at, model.code.length)).trim();
}

/** Everything downstream of a model (the nodes dbt skips when it fails). */
export function dependantsOf(name: string, models: ParsedModel[]): Set<string> {
  const out = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of models) {
      if (!out.has(m.name) && m.refs.some((r) => r === name || out.has(r))) {
        out.add(m.name);
        grew = true;
      }
    }
  }
  return out;
}
