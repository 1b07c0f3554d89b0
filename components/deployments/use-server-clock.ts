'use client';
// The server's time, ticking every second in the browser. Step times are the server's, so the
// browser's clock is corrected by the difference seen when the page arrived (a skewed laptop clock
// would otherwise show a step running for -3 minutes). The first render uses the server's time
// exactly, so the server and the browser render the same text.
import { useEffect, useState } from 'react';

export interface ServerClock {
  /** Now on the server's clock, in ms. */
  now: number;
  /** Add to Date.now() to get the server's time. */
  offset: number;
}

export function useServerClock(serverNow: number, tickMs = 1_000): ServerClock {
  const [clock, setClock] = useState<ServerClock>({ now: serverNow, offset: 0 });
  useEffect(() => {
    const offset = serverNow - Date.now();
    const timer = setInterval(() => setClock({ now: Date.now() + offset, offset }), tickMs);
    return () => clearInterval(timer);
  }, [serverNow, tickMs]);
  return clock;
}
