// One finding about a pipeline spec: where (a path of keys and list indexes) and what, in words a
// person editing the wizard or the YAML file understands. Both the wizard (field path → message)
// and the YAML import (path → line) are built on these.
import type { core } from 'zod';

export type SpecPath = (string | number)[];

export interface SpecIssue {
  path: SpecPath;
  message: string;
  /** The finding is about the key itself (an unknown field), not its value. */
  onKey?: boolean;
}

/** `sources[1].config.start_date`: how paths are shown in the wizard's errors and in import errors. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out || '_form';
}

const TYPE_WORDS: Record<string, string> = {
  string: 'Must be text',
  number: 'Must be a number',
  int: 'Must be a whole number',
  boolean: 'Must be true or false',
  array: 'Must be a list',
  object: 'Must be a group of settings',
};

/** Zod's findings in the catalog's plain words (passed as the `error` option of a parse). */
export function issueMessage(issue: core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Required' : (TYPE_WORDS[issue.expected] ?? `Must be ${issue.expected}`);
    case 'invalid_value':
      return `Choose one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'Does not match any of the allowed forms';
    case 'too_small':
      return issue.origin === 'array' ? `Add at least ${String(issue.minimum)}` : `Must be at least ${String(issue.minimum)} characters long`;
    case 'too_big':
      return issue.origin === 'array' ? `Keep at most ${String(issue.maximum)}` : `Must be at most ${String(issue.maximum)} characters long`;
    default:
      return undefined;
  }
}

/** Zod issues as spec issues; an unknown key becomes one issue on the key itself. */
export function fromZodIssues(issues: readonly core.$ZodIssue[]): SpecIssue[] {
  return issues.flatMap((issue): SpecIssue[] => {
    const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: `Unknown field "${key}"`, onKey: true }));
    return [{ path, message: issue.message }];
  });
}

/** The first message per formatted path: the wizard shows one message per field. */
export function toFieldErrors(issues: readonly SpecIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = formatPath(issue.path);
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}
