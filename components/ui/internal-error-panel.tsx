'use client';
// The panel every error boundary shows for an unexpected fault: the catalogue's wording, the
// digest to quote, and a retry. Each boundary says in `cause` what could not be done.
import type { ReactNode } from 'react';
import { ERROR_CATALOGUE } from '@/lib/errors';
import { Button } from './button';
import { digestOf, ErrorPanel } from './error-panel';

interface InternalErrorPanelProps {
  error: unknown;
  retry: () => void;
  cause: string;
  /** More ways out, after "Try again". */
  children?: ReactNode;
}

export function InternalErrorPanel({ error, retry, cause, children }: InternalErrorPanelProps) {
  return (
    <ErrorPanel title={ERROR_CATALOGUE.INTERNAL.title} cause={cause} action={ERROR_CATALOGUE.INTERNAL.action} reference={digestOf(error)}>
      <Button onClick={retry}>Try again</Button>
      {children}
    </ErrorPanel>
  );
}
