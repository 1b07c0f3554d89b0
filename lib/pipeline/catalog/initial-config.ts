// The configuration a new form starts from: every default and hidden const, and each choice set
// to its default option (with that option's defaults), as Airbyte's own setup screens do.
import { setAt } from './config-paths';
import type { ConnectorForm, FormNode, JsonObject } from './form-model';

function fill(nodes: FormNode[], config: JsonObject): void {
  for (const node of nodes) {
    if (node.type === 'choice') {
      const option = node.options.find((o) => o.value === node.defaultOption);
      if (option) fill(option.fields, config);
      continue;
    }
    const value = node.const ?? node.default;
    if (value !== undefined) setAt(config, node.path, structuredClone(value));
  }
}

export function initialConfig(form: ConnectorForm): JsonObject {
  const config: JsonObject = {};
  fill(form.fields, config);
  return config;
}
