// chrono-node is most of the panel's weight, so the due-date parser is loaded apart: the panel asks
// for it as soon as it is shown, typing absorbs item lines once it is there, and Save waits for it.
import type { DueParser } from '../../shared/quick-capture';

let parser: DueParser | null = null;
let loading: Promise<DueParser> | null = null;

export function loadDueParser(): Promise<DueParser> {
  loading ??= import('../../shared/quick-dates').then((module) => (parser = module.extractDue));
  return loading;
}

/** The parser if it has loaded, else null (and it starts loading). */
export function dueParser(): DueParser | null {
  if (!parser) void loadDueParser();
  return parser;
}
