import type { AnyRequest, Op, RequestOf } from '../../../shared/api';
import type { Coach } from '../auth';
import type { Table } from '../sheet';

export interface OpContext<K extends Op = Op> {
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  request: RequestOf<K>;
  coach: Coach;
  coaches: Table<'Coaches'>;
  timeZone: string;
  now: Date;
}

export type AnyContext = OpContext & { request: AnyRequest };
