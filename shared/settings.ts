// The program's settings, kept in the Settings tab as key/value rows. One definition gives the keys,
// their defaults, how a cell is read and how a bad value is reported.

import { isEmailAddress, splitAddressList } from './email-address';

export const WEEK_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

export interface Settings {
  /** Hour of the day (0–23, sheet time zone) at which the daily reminder run happens. */
  reminder_hour: number;
  /** Items due within this many days get a "due soon" reminder. */
  due_soon_days: number;
  /** Overdue items are reminded every this many days… */
  overdue_every_days: number;
  /** …at most this many times. */
  overdue_max: number;
  /** Days of the week on which no reminder goes out (what was due waits for the next day). */
  quiet_days: WeekDay[];
  /** The name emails come from. */
  sender_name: string;
  /** Who gets the weekly summary besides Coaches with role leader. */
  leader_emails: string[];
  /** First paragraph of a client's reminder email. */
  client_intro: string;
  /** Last line of a client's reminder email. */
  client_signoff: string;
  /** Whether the daily and weekly triggers are installed (set by "Turn automation on/off"). */
  automation: boolean;
  /** New sessions in the panel start confidential (sync `settings.confidentialByDefault`). */
  confidential_by_default: boolean;
  /** How many open action items a client should carry at most; the panel warns past it (sync `settings.maxOpenItems`). */
  max_open_items: number;
  /** Coaching records older than this many years are deleted (shared/retention.ts); 0 keeps them. */
  retention_years: number;
}

export const DEFAULT_SETTINGS: Settings = {
  reminder_hour: 7,
  due_soon_days: 2,
  overdue_every_days: 3,
  overdue_max: 3,
  quiet_days: ['SAT', 'SUN'],
  sender_name: 'FollowThrough',
  leader_emails: [],
  client_intro: 'Here is where your coaching commitments stand.',
  client_signoff: 'Reply to this email to reach your coach.',
  automation: false,
  confidential_by_default: false,
  max_open_items: 3,
  retention_years: 0,
};

export type SettingKey = keyof Settings;

/** How the Settings sidebar names each setting, also in its error messages. */
export const SETTING_LABELS: Record<SettingKey, string> = {
  reminder_hour: 'Reminder hour',
  due_soon_days: 'Days before due',
  overdue_every_days: 'Overdue reminder interval (days)',
  overdue_max: 'Overdue reminders at most',
  quiet_days: 'Quiet days',
  sender_name: 'Sender name',
  leader_emails: 'Leaders’ emails',
  client_intro: 'Email opening',
  client_signoff: 'Email closing',
  automation: 'Automation',
  confidential_by_default: 'Sessions confidential by default',
  max_open_items: 'Open action items per client at most',
  retention_years: 'Keep coaching records (years)',
};
export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as SettingKey[];

export interface SettingProblem {
  key: SettingKey;
  message: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const expected = (what: string): Parsed<never> => ({ ok: false, expected: what });

function intIn(min: number, max: number) {
  return (text: string): Parsed<number> => {
    const n = Number(text);
    return Number.isInteger(n) && n >= min && n <= max ? ok(n) : expected(`a whole number from ${min} to ${max}`);
  };
}

function textUpTo(max: number, required = false) {
  return (text: string): Parsed<string> =>
    text.length > max ? expected(`at most ${max} characters`) : required && !text.trim() ? expected('not empty') : ok(text.trim());
}

const PARSERS: { [K in SettingKey]: (text: string) => Parsed<Settings[K]> } = {
  reminder_hour: intIn(0, 23),
  due_soon_days: intIn(0, 30),
  overdue_every_days: intIn(1, 30),
  overdue_max: intIn(0, 20),
  quiet_days: (text) => {
    const days = text
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((d) => d.slice(0, 3).toUpperCase());
    const bad = days.find((d) => !(WEEK_DAYS as readonly string[]).includes(d));
    return bad ? expected(`week days such as SAT, SUN (not ${bad})`) : ok(days as WeekDay[]);
  },
  sender_name: textUpTo(80, true),
  leader_emails: (text) => {
    const emails = splitAddressList(text);
    const bad = emails.find((e) => !isEmailAddress(e));
    return bad ? expected(`email addresses separated by commas (not ${bad})`) : ok(emails);
  },
  client_intro: textUpTo(2000),
  client_signoff: textUpTo(500),
  automation: (text) => ok(/^(true|on|yes)$/i.test(text.trim())),
  confidential_by_default: (text) => {
    const t = text.trim().toLowerCase();
    return t === 'true' || t === 'false' ? ok(t === 'true') : expected('TRUE or FALSE');
  },
  max_open_items: intIn(1, 50),
  retention_years: intIn(0, 100),
};

function cellText(value: unknown): string {
  if (value === true) return 'true';
  if (value === false) return 'false';
  return String(value ?? '');
}

/** Reads the Settings tab's rows; unknown keys are ignored, bad values keep the default and are reported. */
export function readSettings(rows: ReadonlyArray<{ key: string; value: unknown }>): { settings: Settings; problems: SettingProblem[] } {
  const settings: Settings = { ...DEFAULT_SETTINGS, quiet_days: [...DEFAULT_SETTINGS.quiet_days], leader_emails: [] };
  const problems: SettingProblem[] = [];
  for (const { key, value } of rows) {
    if (!(SETTING_KEYS as string[]).includes(key)) continue;
    const k = key as SettingKey;
    const text = cellText(value);
    if (text === '' && typeof DEFAULT_SETTINGS[k] === 'number') continue;
    const parsed = PARSERS[k](text);
    if (parsed.ok) (settings as unknown as Record<string, unknown>)[k] = parsed.value;
    else problems.push({ key: k, message: `${SETTING_LABELS[k]} must be ${parsed.expected}.` });
  }
  return { settings, problems };
}

/** Validates one setting as typed in the Settings sidebar; returns the text to store or a message. */
export function parseSetting(key: SettingKey, text: string): { ok: true; value: string } | { ok: false; message: string } {
  const parsed = PARSERS[key](text);
  if (!parsed.ok) return { ok: false, message: `${SETTING_LABELS[key]} must be ${parsed.expected}.` };
  return { ok: true, value: Array.isArray(parsed.value) ? parsed.value.join(', ') : String(parsed.value) };
}
