// Words for fields, in Tapestry's own voice: labels for keys that have no title, the shape a
// pattern expects (the catalog carries regexes, not prose), and placeholders. The pattern table is
// keyed by the exact regexes the generated catalog holds; a unit test fails when a regenerated
// catalog brings a pattern without an entry here, so nobody sees a raw regex.

export interface PatternHint {
  hint: string;
  /** A date or timestamp field is edited as one, whatever its JSON type says. */
  kind?: 'date' | 'date-time';
}

const DATE_TIME = 'YYYY-MM-DDTHH:mm:ssZ';
const DATE = 'YYYY-MM-DD';

const PATTERN_HINTS: Record<string, PatternHint> = {
  // Stripe, Zendesk Support, HubSpot: a UTC timestamp to the second.
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$': { hint: DATE_TIME, kind: 'date-time' },
  // Salesforce: a day, or a UTC timestamp.
  '^([0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)?)$': { hint: `${DATE} or ${DATE_TIME}`, kind: 'date-time' },
  // Snowflake: the account host, with or without the region and cloud labels.
  '^(http(s)?:\\/\\/)?([^./?#]+\\.)?([^./?#]+\\.)?([^./?#]+\\.)?([^./?#]+\\.(snowflakecomputing\\.com|localstack\\.cloud))$': {
    hint: 'ACCOUNT.snowflakecomputing.com or ACCOUNT.REGION.CLOUD.snowflakecomputing.com',
  },
};

const FORMAT_HINTS: Record<string, PatternHint> = {
  'date-time': { hint: DATE_TIME, kind: 'date-time' },
  date: { hint: DATE, kind: 'date' },
};

/** The shape a field expects, from its pattern (preferred: it is the precise rule) or its format. */
export function hintFor(pattern: string | undefined, format: string | undefined): PatternHint | undefined {
  if (pattern !== undefined) return PATTERN_HINTS[pattern] ?? (format ? FORMAT_HINTS[format] : undefined);
  return format ? FORMAT_HINTS[format] : undefined;
}

/** Whether `hintFor` has words of its own for this pattern (the catalog-wide test checks them all). */
export function hasPatternHint(pattern: string): boolean {
  return Object.hasOwn(PATTERN_HINTS, pattern);
}

/** Said when a pattern has no entry above: better vague than a regex. */
export const GENERIC_PATTERN_HINT = 'the format this connector expects';

const PLACEHOLDERS: Record<string, string> = {
  jdbc_url_params: 'name=value&other=value',
};

export function placeholderFor(key: string): string | undefined {
  return PLACEHOLDERS[key];
}

/** Words that keep their own spelling in a label, whatever their position. */
const WORDS: Record<string, string> = {
  id: 'ID',
  url: 'URL',
  api: 'API',
  ssl: 'SSL',
  ssh: 'SSH',
  jdbc: 'JDBC',
  cdc: 'CDC',
  lsn: 'LSN',
  ca: 'CA',
  oauth: 'OAuth',
  db: 'Database',
  auth: 'Authentication',
  aws: 'AWS',
};

/** `account_id` → "Account ID", `authorization_endpoint` → "Authorization endpoint". */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase());
  const [first = '', ...rest] = words;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ');
}
