// The password of every seeded and journey account: long enough for the policy, not in any list.
export const PASSWORD = 'violet anchor drifting quietly home';
