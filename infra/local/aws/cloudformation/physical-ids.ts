// Identifiers shaped like the ones AWS hands out: `vpc-0a1b…` (17 hex digits), IAM role ids
// (`AROA…`), and the names CloudFormation generates when a template does not name a resource
// (`<stack>-<LogicalId>-<RANDOM>`, truncated to the service's limit).
import { randomBytes, randomInt } from 'node:crypto';

export function hex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function upperAlnum(length: number): string {
  return Array.from({ length }, () => UPPER[randomInt(UPPER.length)]).join('');
}

export function digits(length: number): string {
  return Array.from({ length }, () => String(randomInt(10))).join('');
}

/** EC2-style id: `vpc-0` + 16 hex digits (17 in all), as current accounts get. */
export function ec2Id(prefix: string): string {
  return `${prefix}-0${hex(16)}`;
}

/**
 * The name CloudFormation makes up for an unnamed resource: stack name and logical id, each
 * shortened as needed, and a random suffix, within `maxLength` characters.
 */
export function generatedName(stackName: string, logicalId: string, options: { maxLength?: number; lowercase?: boolean; suffixLength?: number } = {}): string {
  const maxLength = options.maxLength ?? 128;
  const suffix = upperAlnum(options.suffixLength ?? 12);
  const room = Math.max(2, maxLength - suffix.length - 2);
  const stackPart = stackName.slice(0, Math.max(1, Math.ceil(room / 2)));
  const logicalPart = logicalId.slice(0, Math.max(1, room - stackPart.length));
  const name = `${stackPart}-${logicalPart}-${suffix}`;
  return options.lowercase ? name.toLowerCase() : name;
}

/** A private address inside a CIDR block (e.g. a subnet's), avoiding the 5 addresses AWS reserves. */
export function addressIn(cidr: string | undefined): string {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr ?? '');
  if (!match) return `172.31.${randomInt(0, 256)}.${randomInt(4, 255)}`;
  const base = match.slice(1, 5).reduce((n, p) => n * 256 + Number(p), 0);
  const hosts = 2 ** (32 - Number(match[5]));
  const offset = hosts > 8 ? randomInt(4, hosts - 1) : 0;
  const n = base + offset;
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function publicAddress(): string {
  return `${[3, 18, 34, 44, 52, 54][randomInt(6)]}.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}
