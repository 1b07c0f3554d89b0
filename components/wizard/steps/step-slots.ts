// What the wizard shell adds to a step editor's props beyond StepEditorProps: a slot for the
// "Test connection" button, which needs the organization and pipeline ids the editors do not have.
import type { ReactNode } from 'react';

export interface StepSlots {
  /** Renders the Test connection control for a subject: `warehouse`, `sources[0]`, … */
  testSlot?: (subject: string) => ReactNode;
}
