// Protection and User: a protected range or sheet, and the users it names.
import type { ProtectionData } from '../../host/sheets/data';
import type { Ctx } from './context';
import { ProtectionType, type GasEnum } from './enums';
import type { LocalRange } from './range';
import { LocalSheet } from './sheet';

/** A protected range or sheet. Locally the script's user is the spreadsheet's owner, who can always edit. */
export class LocalProtection {
  constructor(
    private readonly ctx: Ctx,
    private readonly sheetId: number,
    private readonly id: string,
  ) {}

  private data(): ProtectionData {
    return this.ctx.sheets('getProtection', this.sheetId, this.id);
  }
  private change(change: { description?: string; warningOnly?: boolean; addEditors?: string[]; removeEditors?: string[] }): this {
    this.ctx.sheets('updateProtection', this.sheetId, this.id, change);
    return this;
  }
  getDescription(): string {
    return this.data().description;
  }
  setDescription(description: string): this {
    return this.change({ description: String(description) });
  }
  isWarningOnly(): boolean {
    return this.data().warningOnly;
  }
  setWarningOnly(warningOnly: boolean): this {
    return this.change({ warningOnly: Boolean(warningOnly) });
  }
  addEditor(emailAddressOrUser: string | GoogleAppsScript.Base.User): this {
    return this.change({ addEditors: [emailOf(emailAddressOrUser)] });
  }
  addEditors(emailAddresses: string[]): this {
    return this.change({ addEditors: Array.from(emailAddresses, emailOf) });
  }
  removeEditor(emailAddressOrUser: string | GoogleAppsScript.Base.User): this {
    return this.change({ removeEditors: [emailOf(emailAddressOrUser)] });
  }
  removeEditors(emailAddressesOrUsers: Array<string | GoogleAppsScript.Base.User>): this {
    return this.change({ removeEditors: Array.from(emailAddressesOrUsers, emailOf) });
  }
  getEditors(): LocalUser[] {
    return this.ctx.realm.array(this.data().editors.map((email) => new LocalUser(email)));
  }
  /** The script's user is the owner, who can always edit. */
  canEdit(): boolean {
    this.data();
    return true;
  }
  getProtectionType(): GasEnum {
    return ProtectionType[this.data().type];
  }
  /** The protected range; for a sheet's protection, the whole sheet. */
  getRange(): LocalRange {
    const { range } = this.data();
    const sheet = new LocalSheet(this.ctx, this.sheetId);
    if (range === null) return sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns());
    const [row, column, lastRow, lastColumn] = range.split(':').map(Number) as [number, number, number, number];
    return sheet.getRange(row, column, lastRow - row + 1, lastColumn - column + 1);
  }
  remove(): void {
    this.ctx.sheets('removeProtection', this.sheetId, this.id);
  }
}

/** Session's and Protection's users: known by email only. */
export class LocalUser {
  constructor(private readonly email: string) {}
  getEmail(): string {
    return this.email;
  }
  getUserLoginId(): string {
    return this.email;
  }
}

function emailOf(value: unknown): string {
  if (value && typeof value === 'object' && typeof (value as { getEmail?: unknown }).getEmail === 'function') {
    return String((value as { getEmail(): unknown }).getEmail());
  }
  return String(value);
}
