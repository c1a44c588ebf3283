// SpreadsheetApp as the bundle sees it: the global whose methods hand out the Spreadsheet, its Ui and
// the rule builders, and the event object of an edit trigger.
import type { Channel } from '../../exec/channel';
import type { Realm } from '../realm';
import { LocalConditionalFormatRuleBuilder } from './conditional-format';
import { Ctx, GasError } from './context';
import { LocalDataValidationBuilder } from './data-validation';
import { BooleanCriteria, DataValidationCriteria, ProtectionType, RelativeDate } from './enums';
import { LocalUser } from './protection';
import { LocalRange } from './range';
import { LocalSpreadsheet } from './spreadsheet';
import { LocalUi } from './ui';

/** Each SpreadsheetApp's execution context, for the objects of a trigger's event (see `editEvent`). */
const contexts = new WeakMap<object, { ctx: Ctx; spreadsheet: LocalSpreadsheet }>();

/** What the sheet host reports of a person's edit; `editEvent` turns it into Google's event object. */
export interface EditSpec {
  sheetId: number;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
  /** The new value, as Sheets hands it over: only for a single cell, absent when the cell is empty. */
  value?: string;
  /** The value before the edit: only for a single cell, absent when it was empty. */
  oldValue?: string;
  /** The person editing (Session.getActiveUser()). */
  user: string;
}

/**
 * The event object of an edit trigger, as Google documents it for the simple onEdit(e): authMode
 * (LIMITED), range (the edited Range), source (the Spreadsheet), user, and value / oldValue only when
 * the edited range is a single cell and only when that cell has (had) content; no triggerUid (installable
 * triggers only). https://developers.google.com/apps-script/guides/triggers/events#edit
 */
export function editEvent(app: SpreadsheetAppFacade, authMode: unknown, spec: EditSpec): Record<string, unknown> {
  const found = contexts.get(app);
  if (!found) throw new Error('editEvent: not a SpreadsheetApp of this runtime');
  const range = new LocalRange(found.ctx, spec.sheetId, spec.row, spec.column, spec.numRows, spec.numColumns);
  const event: Record<string, unknown> = { authMode, range, source: found.spreadsheet, user: new LocalUser(spec.user) };
  const single = spec.numRows === 1 && spec.numColumns === 1;
  if (single && spec.value !== undefined) event.value = spec.value;
  if (single && spec.oldValue !== undefined) event.oldValue = spec.oldValue;
  return event;
}

export function makeSpreadsheetApp(channel: Channel, realm: Realm) {
  const ctx = new Ctx(channel, realm);
  const spreadsheet = new LocalSpreadsheet(ctx);
  const app = {
    getActiveSpreadsheet: () => spreadsheet,
    getActive: () => spreadsheet,
    // Apps Script may hold writes back until flush() or the end of the execution; the local runtime
    // makes them durable (journal fsync) at the same two points, so what a crash keeps is at most
    // what Google would have applied.
    flush: () => {
      ctx.channel.call('sheets', 'flush', []);
    },
    // Google: "Exception: Cannot call SpreadsheetApp.getUi() from this context." in a web app or a
    // time-driven trigger — the Ui class reference: "A script can only interact with the UI for the
    // current instance of an open editor, and only if the script is container-bound to the editor."
    getUi: () => {
      const context = channel.call('session', 'context', []) as { mode: string };
      if (context.mode !== 'ui') throw new GasError('Cannot call SpreadsheetApp.getUi() from this context.');
      return new LocalUi(ctx);
    },
    newDataValidation: () => new LocalDataValidationBuilder(ctx),
    newConditionalFormatRule: () => new LocalConditionalFormatRuleBuilder(ctx),
    BooleanCriteria,
    DataValidationCriteria,
    ProtectionType,
    RelativeDate,
  };
  contexts.set(app, { ctx, spreadsheet });
  return app;
}

export type SpreadsheetAppFacade = ReturnType<typeof makeSpreadsheetApp>;
