/**
 * Replaces every secret (and its Basic-auth base64 forms) in a text by `***`. Errors and logs
 * pass through here, because registries and token servers sometimes echo what they were sent.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  // Longest first, so a token that contains a password is hidden whole.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join('***');
  return out;
}

/** The base64 `user:password` a Basic header carries; also a secret once the password is. */
export function basicCredential(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}
