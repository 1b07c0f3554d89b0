// What the wizard shell adds to a step editor's props beyond StepEditorProps (a slot for the
// "Test connection" button, which needs the organization and pipeline ids the editors do not
// have), and the part of the props every card of a list step passes on unchanged.
import type { ReactNode } from 'react';
import type { StepEditorProps } from '@/components/wizard/step-props';

export interface StepSlots {
  /** Renders the Test connection control for a subject: `warehouse`, `sources[0]`, … */
  testSlot?: (subject: string) => ReactNode;
}

export type CardShared = Pick<StepEditorProps<unknown>, 'errors' | 'catalog' | 'readOnly' | 'onSecret' | 'credentials'>;
