/** What one rule gave: a value (before prefix, suffix and sanitizing) or why it gave none. */
export type Outcome = { value: string; latest: boolean } | { reason: string };

export const none = (reason: string): Outcome => ({ reason });
