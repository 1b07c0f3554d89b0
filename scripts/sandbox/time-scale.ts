// How fast the sandbox's simulated cloud moves. 1 is AWS's own pace (an RDS instance takes seven
// minutes, a whole stack about ten); a newcomer trying Tapestry should watch a deploy finish in about
// a minute, so the default is 0.1. Tests and demos go faster still with TAPESTRY_SANDBOX_TIME_SCALE.
export const DEFAULT_SANDBOX_TIME_SCALE = 0.1;

export function sandboxTimeScale(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_SANDBOX_TIME_SCALE;
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
    throw new Error(`TAPESTRY_SANDBOX_TIME_SCALE must be a number above 0 and at most 1 (1 = AWS's own pace); it is "${value}"`);
  }
  return scale;
}
