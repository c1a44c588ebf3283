// Opaque ids and secrets from Apps Script's Utilities.

/** A new opaque id such as `ses_3f9c1a2b7d4e8f60`. */
export function newId(prefix: string): string {
  return `${prefix}_${Utilities.getUuid().replace(/-/g, '').slice(0, 16)}`;
}

/** A coach token: 256 random bits from two UUIDs (version and variant nibbles dropped). */
export function newToken(): string {
  const hex = () => Utilities.getUuid().replace(/-/g, '');
  return `ftk_${hex()}${hex()}`;
}

/** SHA-256 of a text as lowercase hex. */
function sha256Hex(text: string): string {
  const bytes = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8);
  return bytes.map((b) => ((b + 256) % 256).toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of a token; only this is stored (Coaches.token_hash). */
export function hashToken(token: string): string {
  return sha256Hex(token);
}

/**
 * An id derived from what it stands for (e.g. a coach's captureId), so that an execution cut short and
 * run again writes the same rows instead of new ones.
 */
export function derivedId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${sha256Hex(parts.join('\u0000')).slice(0, 16)}`;
}
