// Input limits of the web app (shared/api.ts), repeated here as plain numbers: importing values from
// shared/api would bundle valibot into the panel. limits.test.ts checks they match the schemas.

/** shared/api MAX_CELL_TEXT: the longest notes a session row holds (a cell's 50,000 less the escaping apostrophe). */
export const MAX_NOTES_CHARS = 49_999;
/** shared/api ActionItemSchema: the longest action item text. */
export const MAX_ITEM_CHARS = 2000;
