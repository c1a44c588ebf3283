// Input limits of the web app (shared/api.ts), repeated here as plain numbers: importing values from
// shared/api would bundle valibot into the panel. limits.test.ts checks they match the schemas.

/** shared/api MAX_CELL_CHARS: the longest notes a session row holds. */
export const MAX_NOTES_CHARS = 50_000;
/** shared/api ActionItemSchema: the longest action item text. */
export const MAX_ITEM_CHARS = 2000;
