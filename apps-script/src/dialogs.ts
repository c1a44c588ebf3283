// The menu's dialogs and the settings sidebar. Each is the HtmlService template of its .html file,
// evaluated with the capability issued for it (guards.ts) when an editor opens it from the menu.
// A piece several dialogs share is an .html file of its own (DialogStyle.html: the look every dialog
// and the sidebar share, first in each head so that a dialog's own <style> after it wins;
// ClientPicker.html: the client picker's script), which a dialog's template pulls in with a
// force-printing scriptlet, <?!= include_('ClientPicker') ?>: Google's pattern ("HTML Service: Best
// Practices", "Separate HTML, CSS, and JavaScript": an include function returning
// HtmlService.createHtmlOutputFromFile(filename).getContent()), force-printing because a printing
// scriptlet escapes what it prints ("HTML Service: Templated HTML").
import { issueCapability, requireSheetUi, type DialogName } from './guards';

type HtmlOutput = GoogleAppsScript.HTML.HtmlOutput;

/** A dialog's (or the sidebar's) page: the template of `file`.html, with the capability issued for `dialog`. */
export function dialogPage(file: string, dialog: DialogName): HtmlOutput {
  const template = HtmlService.createTemplateFromFile(file);
  template.capability = issueCapability(dialog);
  return template.evaluate();
}

/**
 * Opens a menu item's modal dialog: the page of `file` with the capability issued for `dialog`, titled
 * and sized. Only in the sheet's UI, which is checked before the capability is issued; `menuItem` says
 * what the item does in the refusal elsewhere (guards.ts, requireSheetUi).
 */
export function showModalDialog(dialog: DialogName, file: string, menuItem: string, title: string, size: [number, number]): void {
  const ui = requireSheetUi(menuItem);
  ui.showModalDialog(dialogPage(file, dialog).setWidth(size[0]).setHeight(size[1]), title);
}

/**
 * The content of one of the add-on's .html files, for a dialog template's <?!= include_('File') ?>. A
 * global, because scriptlets run in the script's global scope ("HTML Service: Templated HTML"), and
 * private: google.script.run cannot call a function whose name ends in "_".
 */
export function include_(file: string): string {
  return HtmlService.createHtmlOutputFromFile(file).getContent();
}

/** A client as the dialogs' pickers list them (ClientPicker.html). */
export interface ClientChoice {
  clientId: string;
  label: string;
}

/** A client's option: the name (its id when the name is empty) and, when there is one, the organization. */
export function clientChoice(c: { client_id: string; name: string; organization: string }): ClientChoice {
  const name = c.name.trim() || c.client_id;
  const organization = c.organization.trim();
  return { clientId: c.client_id, label: organization ? `${name} — ${organization}` : name };
}

/** The pickers' order: by label. */
export function byLabel(a: ClientChoice, b: ClientChoice): number {
  return a.label.localeCompare(b.label);
}
