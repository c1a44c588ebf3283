// A small, strict iCalendar (RFC 5545) reader for tests: it refuses what a lenient calendar app would
// forgive, so a file it reads is one every app reads. Checks: CRLF line endings only (§3.1), physical
// lines of at most 75 octets (§3.1, as we promise), folding by CRLF + one space or tab, content lines
// `name *(";" param) ":" value` (§3.1), BEGIN/END nesting, VERSION:2.0 and PRODID in VCALENDAR (§3.6),
// UID and DTSTAMP in each VEVENT (§3.6.1), DTSTART before DTEND, DATE-TIME in UTC form or DATE
// (§3.3.4–5), and TEXT escapes (§3.3.11: only \\ \; \, \n \N; no bare ; or , in a single TEXT value).

export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

export interface IcsComponent {
  name: string;
  properties: IcsProperty[];
  components: IcsComponent[];
}

export interface IcsEventView {
  uid: string;
  stamp: Date;
  summary: string;
  description: string | null;
  /** A DATE-TIME (UTC) or, for an all-day event, the day as YYYY-MM-DD. */
  start: Date | string;
  end: Date | string;
}

export class IcsError extends Error {}

function fail(message: string): never {
  throw new IcsError(message);
}

/** Unfolds and splits into content lines, checking line endings and lengths. */
export function contentLines(text: string): string[] {
  if (!text.endsWith('\r\n')) fail('The file does not end with CRLF.');
  const physical = text.slice(0, -2).split('\r\n');
  physical.forEach((line, i) => {
    if (/[\r\n]/.test(line)) fail(`Line ${i + 1} has a bare CR or LF.`);
    const octets = Buffer.byteLength(line, 'utf8');
    if (octets > 75) fail(`Line ${i + 1} is ${octets} octets long (at most 75).`);
    if (line === '') fail(`Line ${i + 1} is empty.`);
  });
  const lines: string[] = [];
  for (const line of physical) {
    if (line[0] === ' ' || line[0] === '\t') {
      if (!lines.length) fail('The file starts with a continuation line.');
      lines[lines.length - 1] += line.slice(1);
    } else {
      lines.push(line);
    }
  }
  return lines;
}

function parseLine(line: string): IcsProperty {
  const match = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*))*):(.*)$/.exec(line);
  if (!match) fail(`Not a content line: ${JSON.stringify(line)}`);
  const params: Record<string, string> = {};
  for (const p of match[2]!.split(';').slice(1)) {
    const at = p.indexOf('=');
    params[p.slice(0, at).toUpperCase()] = p.slice(at + 1).replace(/^"|"$/g, '');
  }
  return { name: match[1]!.toUpperCase(), params, value: match[3]! };
}

export function parseIcs(text: string): IcsComponent {
  const stack: IcsComponent[] = [];
  let root: IcsComponent | null = null;
  for (const line of contentLines(text)) {
    const prop = parseLine(line);
    if (prop.name === 'BEGIN') {
      if (root) fail('Content after END:VCALENDAR.');
      const component: IcsComponent = { name: prop.value.toUpperCase(), properties: [], components: [] };
      if (stack.length) stack[stack.length - 1]!.components.push(component);
      else if (component.name !== 'VCALENDAR') fail('The file does not start with BEGIN:VCALENDAR.');
      stack.push(component);
    } else if (prop.name === 'END') {
      const open = stack.pop();
      if (!open || open.name !== prop.value.toUpperCase()) fail(`END:${prop.value} does not close ${open?.name ?? 'anything'}.`);
      if (!stack.length) root = open;
    } else {
      if (!stack.length) fail(`${prop.name} outside VCALENDAR.`);
      stack[stack.length - 1]!.properties.push(prop);
    }
  }
  if (!root || stack.length) fail('VCALENDAR is not closed.');
  const one = (c: IcsComponent, name: string) => {
    const found = c.properties.filter((p) => p.name === name);
    if (found.length !== 1) fail(`${c.name} has ${found.length} ${name} properties (exactly one required).`);
    return found[0]!;
  };
  if (one(root, 'VERSION').value !== '2.0') fail('VERSION is not 2.0.');
  one(root, 'PRODID');
  for (const event of root.components.filter((c) => c.name === 'VEVENT')) {
    one(event, 'UID');
    one(event, 'DTSTAMP');
  }
  return root;
}

/** A single TEXT value unescaped (RFC 5545 §3.3.11). */
export function unescapeText(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === ';' || c === ',') fail(`Unescaped ${c} in a TEXT value: ${JSON.stringify(value)}`);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = value[++i];
    if (next === '\\' || next === ';' || next === ',') out += next;
    else if (next === 'n' || next === 'N') out += '\n';
    else fail(`Bad escape \\${next ?? ''} in a TEXT value.`);
  }
  return out;
}

function dateTime(prop: IcsProperty): Date | string {
  if (prop.params.VALUE === 'DATE') {
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(prop.value);
    if (!m) fail(`${prop.name} is not a DATE: ${prop.value}`);
    return `${m[1]}-${m[2]}-${m[3]}`;
  }
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(prop.value);
  if (!m) fail(`${prop.name} is not a UTC DATE-TIME: ${prop.value}`);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** The one VEVENT of a calendar, read. */
export function onlyEvent(calendar: IcsComponent): IcsEventView {
  const events = calendar.components.filter((c) => c.name === 'VEVENT');
  if (events.length !== 1) fail(`${events.length} VEVENTs (expected one).`);
  const event = events[0]!;
  const get = (name: string) => event.properties.find((p) => p.name === name) ?? null;
  const start = get('DTSTART');
  const end = get('DTEND');
  if (!start || !end) fail('The VEVENT lacks DTSTART or DTEND.');
  const view: IcsEventView = {
    uid: get('UID')!.value,
    stamp: dateTime(get('DTSTAMP')!) as Date,
    summary: unescapeText(get('SUMMARY')?.value ?? ''),
    description: get('DESCRIPTION') ? unescapeText(get('DESCRIPTION')!.value) : null,
    start: dateTime(start),
    end: dateTime(end),
  };
  if (!(view.stamp instanceof Date)) fail('DTSTAMP must be a UTC DATE-TIME.');
  if (String(view.start) >= String(view.end) && typeof view.start === 'string') fail('DTEND is not after DTSTART.');
  if (view.start instanceof Date && view.end instanceof Date && view.end.getTime() <= view.start.getTime())
    fail('DTEND is not after DTSTART.');
  return view;
}
