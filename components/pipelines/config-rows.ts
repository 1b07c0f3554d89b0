import 'server-only';
// A component's settings as rows for the pipeline page: every non-secret value with its label
// from the connector's form, and every secret only as the credential it names (set or missing).
// Values never exist here for secrets: specs and drafts hold references only.
import { isConnectorType } from '@/lib/pipeline/catalog/connectors';
import { humanizeKey } from '@/lib/pipeline/catalog/field-hints';
import type { ConnectorForm, FormNode } from '@/lib/pipeline/catalog/form-model';
import { grouparooDestinationForm, isGrouparooDestinationType } from '@/lib/pipeline/catalog/grouparoo-destinations';
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import { formForConnector } from '@/lib/pipeline/catalog/schema-to-form';
import { isSecretRef } from '@/lib/pipeline/spec/secret-ref';
import type { ConnectorRole } from './connector-names';

/** A secret shows only as the credential it names; one not named (yet) has no credential. */
export type SettingValue = { kind: 'text'; text: string } | { kind: 'secret'; credential?: string };

/** How a component's settings are shown: labels by dot path, and which paths hold secrets. */
export interface SettingsShape {
  labels: Map<string, string>;
  secrets: Set<string>;
}

export interface SettingRow {
  path: string;
  label: string;
  value: SettingValue;
}

function formOf(role: ConnectorRole, type: string): ConnectorForm | undefined {
  if (role === 'destination') return isGrouparooDestinationType(type) ? grouparooDestinationForm(type) : undefined;
  const kind = role === 'source' ? 'source' : 'destination';
  return isConnectorType(kind, type) ? formForConnector(kind, type) : undefined;
}

/** A choice's label names the value that records the option picked. */
function shapeOf(nodes: FormNode[], out: SettingsShape = { labels: new Map(), secrets: new Set() }): SettingsShape {
  for (const node of nodes) {
    if (node.type === 'field') {
      out.labels.set(node.path, node.label);
      if (node.secret) out.secrets.add(node.path);
    } else {
      for (const option of node.options) shapeOf(option.fields, out);
      // After the options: each holds the discriminator as a hidden field labelled only "Mode" or so.
      out.labels.set(`${node.path}.${node.discriminator}`, node.label);
    }
  }
  return out;
}

/** The shape of a connector's settings; empty for a type the catalog does not know. */
export function connectorShape(role: ConnectorRole, type: string): SettingsShape {
  const form = formOf(role, type);
  return form ? shapeOf(form.fields) : { labels: new Map(), secrets: new Set() };
}

function textOf(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(', ');
  return JSON.stringify(value);
}

/**
 * Every setting as a row, in the order the connector's form shows them (the database keeps JSON
 * keys in its own order), then any the form does not know; nested groups flattened to dot paths.
 * A value at a secret place that is not a reference (drafts drop those before storing, so only a
 * hand-made row could hold one) is shown as missing, never as itself.
 */
export function settingRows(settings: Record<string, unknown>, shape: SettingsShape): SettingRow[] {
  const order = [...shape.labels.keys()];
  const rank = (row: SettingRow) => (order.includes(row.path) ? order.indexOf(row.path) : order.length);
  return flatRows(settings, shape, '').sort((a, b) => rank(a) - rank(b));
}

function flatRows(settings: Record<string, unknown>, shape: SettingsShape, prefix: string): SettingRow[] {
  return Object.entries(settings).flatMap(([key, value]): SettingRow[] => {
    const path = prefix ? `${prefix}.${key}` : key;
    const label = shape.labels.get(path) ?? humanizeKey(key);
    if (value === null || value === undefined || value === '') return [];
    if (isSecretRef(value)) return [{ path, label, value: { kind: 'secret', credential: value.secret } }];
    if (shape.secrets.has(path)) return [{ path, label, value: { kind: 'secret' } }];
    if (isRecord(value)) return flatRows(value, shape, path);
    return [{ path, label, value: { kind: 'text', text: textOf(value) } }];
  });
}
