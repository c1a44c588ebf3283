// User text must reach a sheet cell as text, never as a formula, number or date.
// A leading apostrophe makes Sheets store the rest as plain text; the apostrophe is not part of the value.

/** The value to write for user-typed text so the cell holds exactly `text`. */
export function asSheetText(text: string): string {
  return text === '' ? '' : `'${text}`;
}
