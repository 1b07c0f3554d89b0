// A timer that an AbortSignal ends early (a cancelled job, a closing stand-in), leaving no listener behind.
export function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, Math.max(0, ms));
    signal.addEventListener('abort', stop, { once: true });
  });
}
