// Server findings about settings the form shows no input for (a key an imported configuration
// brought that the connector does not know, a hidden const): listed above the fields, or the user
// would be stuck on an error they cannot see. `_form` is the parent's, about the step as a whole.
import type { ConnectorForm as ConnectorFormModel, JsonObject } from '@/lib/pipeline/catalog/form-model';
import { visibleNodes } from '@/lib/pipeline/catalog/field-check';

interface UnplacedProblemsProps {
  form: ConnectorFormModel;
  config: JsonObject;
  errors: Record<string, string> | undefined;
}

export function UnplacedProblems({ form, config, errors }: UnplacedProblemsProps) {
  if (!errors) return null;
  const placed = new Set(visibleNodes(form, config).flatMap((n) => (n.type === 'choice' ? [n.path, `${n.path}.${n.discriminator}`] : [n.path])));
  const unplaced = Object.entries(errors).filter(([path]) => path !== '_form' && !placed.has(path));
  if (unplaced.length === 0) return null;
  return (
    <div className="rounded-md border border-danger bg-danger-soft px-3 py-2 text-sm text-fg">
      <p className="font-semibold">
        <span className="sr-only">Error: </span>
        Settings without a field here
      </p>
      <ul className="mt-1 list-disc pl-5">
        {unplaced.map(([path, message]) => (
          <li key={path}>
            <code className="font-mono">{path}</code>: {message}
          </li>
        ))}
      </ul>
    </div>
  );
}
