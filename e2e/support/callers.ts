// The kinds of caller the authorization matrix tries (kept free of database imports, so specs
// can load it in Playwright's own module loader).
export const CALLERS = ['anonymous', 'viewer', 'editor', 'admin', 'owner', 'otherOrgAdmin', 'removedMember'] as const;
export type Caller = (typeof CALLERS)[number];
