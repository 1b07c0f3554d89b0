// The browser's early answer on one of the step's own inputs (a name, a cron expression): checked
// when the input loses focus and, once it found something, on every change; the server's finding
// for the same path wins, as in the connector form.
import { useState } from 'react';

export interface EarlyCheck {
  /** For Field/SelectField's `errors`. */
  errors: string[] | undefined;
  onBlur(): void;
}

export function useEarlyCheck(serverError: string | undefined, check: () => string | undefined): EarlyCheck {
  const [flagged, setFlagged] = useState(false);
  const problem = serverError ?? (flagged ? check() : undefined);
  return {
    errors: problem ? [problem] : undefined,
    onBlur: () => {
      if (!flagged && check() !== undefined) setFlagged(true);
    },
  };
}
