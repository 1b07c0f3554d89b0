// What the pipeline page shows, read tolerantly from either a saved spec or a draft: a draft may
// be incomplete or hold values of the wrong shape, and the page still shows whatever is there.
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';

type Json = Record<string, unknown>;

export interface ComponentView {
  name: string;
  type: string;
  config: Json;
}

export interface SourceView extends ComponentView {
  /** Prepended to its streams' table names in the warehouse; empty when none. */
  prefix: string;
  /** The streams picked; null means all of the source's streams. */
  streams: string[] | null;
  schedule: unknown;
}

export interface DestinationView extends ComponentView {
  /** Destination field → unified users column. */
  mapping: [string, string][];
}

export interface PipelineView {
  target: Json | null;
  warehouse: ComponentView | null;
  sources: SourceView[];
  transformation: Json | null;
  destinations: DestinationView[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);

function component(value: Json, fallbackName: string): ComponentView {
  return { name: text(value.name) || fallbackName, type: text(value.type), config: isRecord(value.config) ? value.config : {} };
}

export function pipelineView(spec: unknown): PipelineView {
  const root = isRecord(spec) ? spec : {};
  return {
    target: isRecord(root.target) ? root.target : null,
    warehouse: isRecord(root.warehouse) ? component(root.warehouse, 'warehouse') : null,
    sources: records(root.sources).map((s, i) => ({
      ...component(s, `source ${i + 1}`),
      prefix: text(s.prefix),
      streams: Array.isArray(s.streams) ? records(s.streams).map((stream) => text(stream.name)) : null,
      schedule: s.schedule,
    })),
    transformation: isRecord(root.transformation) ? root.transformation : null,
    destinations: records(root.destinations).map((d, i) => ({
      ...component(d, `destination ${i + 1}`),
      mapping: isRecord(d.mapping) ? Object.entries(d.mapping).map(([field, column]) => [field, text(column)]) : [],
    })),
  };
}
