// Findings listed in one place, each with the path it is about: under a step that Next would not
// leave, and after "Save pipeline" with a link to the step that fixes each. Focusable, so the
// wizard can move focus here when no field on screen is marked invalid.
import type { MouseEvent, Ref } from 'react';
import { isModified } from './step-nav';
import { STEP_TITLES, stepForPath, type WizardStep } from './wizard-steps';

interface FindingsAlertProps {
  ref?: Ref<HTMLDivElement>;
  title: string;
  findings: [path: string, message: string][];
  /** With it, each finding links to its step. */
  link?: { href(step: WizardStep): string; go(step: WizardStep): void };
}

export function FindingsAlert({ ref, title, findings, link }: FindingsAlertProps) {
  const follow = (step: WizardStep) => (e: MouseEvent) => {
    if (!link || isModified(e)) return;
    e.preventDefault();
    link.go(step);
  };
  return (
    <div ref={ref} role="alert" tabIndex={-1} className="rounded-md border border-danger bg-danger-soft px-3 py-2 text-sm">
      <p className="font-semibold">{title}</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {findings.map(([path, message]) => {
          const step = stepForPath(path);
          return (
            <li key={path}>
              {link && (
                <>
                  <a href={link.href(step)} onClick={follow(step)} className="font-medium">
                    {STEP_TITLES[step]}
                  </a>{' '}
                </>
              )}
              <code className="font-mono text-xs">{path}</code>: {message}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
