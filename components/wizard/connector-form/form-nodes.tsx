// A list of form nodes in display order. Fields flattened out of a nested object carry its title
// as their section; each run of them is framed under that title, except inside a choice whose own
// legend already names it.
import { Fragment } from 'react';
import type { FormNode } from '@/lib/pipeline/catalog/form-model';
import { ChoiceField } from './choice-field';
import { FieldRow } from './field-row';

/** Hidden consts (connector type, option discriminators) are set by the form, never shown. */
export function isShown(node: FormNode): boolean {
  return node.type === 'choice' || node.const === undefined;
}

function runsBySection(nodes: FormNode[]): { section?: string; nodes: FormNode[] }[] {
  const runs: { section?: string; nodes: FormNode[] }[] = [];
  for (const node of nodes) {
    const last = runs.at(-1);
    if (last && last.section === node.section) last.nodes.push(node);
    else runs.push({ section: node.section, nodes: [node] });
  }
  return runs;
}

function NodeView({ node }: { node: FormNode }) {
  if (node.type === 'field') return <FieldRow field={node} />;
  return <ChoiceField choice={node} renderFields={(fields) => <FormNodes nodes={fields} section={node.label} />} />;
}

export function FormNodes({ nodes, section }: { nodes: FormNode[]; section?: string }) {
  return (
    <div className="space-y-2">
      {runsBySection(nodes.filter(isShown)).map((run, i) =>
        run.section && run.section !== section ? (
          <fieldset key={`${run.section}-${i}`} className="space-y-2 rounded-md border border-line p-4">
            <legend className="px-1 text-sm font-semibold">{run.section}</legend>
            {run.nodes.map((node) => (
              <NodeView key={node.path} node={node} />
            ))}
          </fieldset>
        ) : (
          <Fragment key={`${run.section ?? ''}-${i}`}>
            {run.nodes.map((node) => (
              <NodeView key={node.path} node={node} />
            ))}
          </Fragment>
        ),
      )}
    </div>
  );
}
