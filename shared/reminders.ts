// The reminder planner: which emails one run of runReminders sends, from the sheet's rows and the
// reminders already sent. Pure and deterministic, so every rule is unit-tested without Apps Script.
//
// Every reminder is a "unit" with a key naming what it is about and its window, e.g.
// `due_soon:<item>:<due day>` or `overdue:<item>:<k>` (the k-th overdue reminder). A unit is due
// throughout its window and is sent once: a run skips units already in EmailLog, so a rerun sends
// nothing again, and a day missed (quiet day, quota spent, server down) is caught up on the next run.
import { dayCounter, weekDayOf } from './dates';
import { addressKey, emailAddressOf } from './email-address';
import { isDueToday, isDueWithin, isOpenItem, isOverdue } from './items';
import type { Row } from './schema';
import { WEEK_DAYS, type Settings } from './settings';
import { sharingClients, type PrepAnswer } from './testimonials';

/** A digest's EmailLog kind (PRODUCT.md's EmailLog kinds): an item due today is sent as `due_soon`. */
export type ReminderKind = 'overdue' | 'due_soon' | 'nudge' | 'mid_cycle' | 'prep' | 'renewal' | 'coach_digest';
/** The order sections appear in, most urgent first; the first present names the email's kind. */
export const KIND_ORDER: readonly ReminderKind[] = ['overdue', 'due_soon', 'prep', 'nudge', 'mid_cycle', 'renewal'];
/** A client digest's item sections, most urgent first: the order they are listed and the subject is chosen in. */
export const ITEM_SECTIONS = ['overdue', 'due_today', 'due_soon', 'nudge', 'mid_cycle'] as const;
export type ItemSection = (typeof ITEM_SECTIONS)[number];

/**
 * The most reminders one digest carries. The rest wait for the next day's digest and the email says how
 * many there are: the EmailLog row's dedupe_key lists the units it carried (about 40 characters each)
 * and a cell holds 50,000 characters, so a client with 1,500 due items made a key that could not be
 * written after the email went out, and every later run sent everything again. 100 keeps the key near
 * 4,000 characters and the email readable.
 */
export const MAX_DIGEST_ITEMS = 100;

/** What an EmailLog detail holds for an address MailApp refused (its exception: "Invalid email: <address>"). */
export const REFUSED_ADDRESS = 'Invalid email';

type Item = Row<'ActionItems'>;
type Client = Row<'Clients'>;
type Coach = Row<'Coaches'>;

export interface PlanInput {
  now: Date;
  timeZone: string;
  settings: Pick<Settings, 'due_soon_days' | 'overdue_every_days' | 'overdue_max' | 'quiet_days'>;
  coaches: readonly Coach[];
  clients: readonly Client[];
  items: readonly Item[];
  sessions: ReadonlyArray<Pick<Row<'Sessions'>, 'client_id' | 'started_at'>>;
  /** Unit keys already sent (from EmailLog rows with status sent or pending: sentUnits). */
  sent: ReadonlySet<string>;
  /** Preparation answers: a client who shares words with leaders gets the link to withdraw them. */
  prep?: readonly PrepAnswer[];
  /** Address keys MailApp refused (refusedAddresses): not tried again until the cell changes. */
  refused?: ReadonlySet<string>;
}

export interface ClientDigest {
  audience: 'client';
  to: string;
  client: Client;
  coach: Coach | null;
  overdue: Item[];
  /** Due today (in the sheet's time zone): its own group, never "Due soon". */
  due_today: Item[];
  due_soon: Item[];
  nudge: Item[];
  /** Mid-cycle: every open item of the client, as a reminder of what was agreed. */
  mid_cycle: Item[];
  /** The session a preparation form is asked for. */
  prep: Date | null;
  /** The words the client lets leaders read (their latest answer's consented testimonial): the email offers to withdraw them. */
  sharedWords: string | null;
  /** Reminders due but left for the next day's digest (over MAX_DIGEST_ITEMS). */
  more: number;
  units: string[];
  kind: ReminderKind;
}

/** A client's digest with nothing in it yet: the planner adds the groups' items, the form and the units. */
export function emptyClientDigest(to: string, client: Client, coach: Coach | null, sharedWords: string | null): ClientDigest {
  return {
    audience: 'client',
    to,
    client,
    coach,
    overdue: [],
    due_today: [],
    due_soon: [],
    nudge: [],
    mid_cycle: [],
    prep: null,
    sharedWords,
    more: 0,
    units: [],
    kind: 'overdue',
  };
}

/**
 * The coach's daily email: their own open items (owner coach) overdue, due today or due soon — at most
 * one a day (unit `coach_digest:<coach>:<day>`, EmailLog kind `coach_digest`) — and the renewal alerts
 * of their clients (kind `renewal` when the email holds only those), and the clients whose address
 * MailApp refused (told once per address).
 */
export interface CoachDigest {
  audience: 'coach';
  to: string;
  coach: Coach;
  overdue: Item[];
  due_today: Item[];
  due_soon: Item[];
  renewals: Client[];
  /** The coach's clients whose address MailApp refused: told once per address. */
  refused: Array<{ client: Client; address: string }>;
  /** Own items due but not listed (over MAX_DIGEST_ITEMS): the next day's digest lists them again. */
  more: number;
  units: string[];
  kind: ReminderKind;
}

export type Digest = ClientDigest | CoachDigest;

export interface Plan {
  today: number;
  quiet: boolean;
  digests: Digest[];
}

function wantsNudge(item: Item): boolean {
  return /^nudge\b/i.test(item.status_note);
}

export function planReminders(input: PlanInput): Plan {
  const { timeZone, settings, sent } = input;
  const dayOf = dayCounter(timeZone);
  const today = dayOf(input.now)!;
  const quiet = settings.quiet_days.includes(WEEK_DAYS[weekDayOf(today)]!);
  if (quiet) return { today, quiet, digests: [] };

  const coaches = new Map(input.coaches.filter((c) => c.active === true).map((c) => [c.coach_id, c]));
  const clients = new Map(input.clients.map((c) => [c.client_id, c]));
  const lastSession = new Map<string, number>();
  for (const s of input.sessions) {
    const day = dayOf(s.started_at);
    if (day !== null && day > (lastSession.get(s.client_id) ?? -Infinity)) lastSession.set(s.client_id, day);
  }

  const take = (unit: string): boolean => !sent.has(unit);

  const coachDigests = new Map<string, CoachDigest>();
  const coachDigestFor = (coachId: string, kind: ReminderKind): CoachDigest | null => {
    const coach = coaches.get(coachId);
    const email = coach ? emailAddressOf(coach.email) : null;
    if (!coach || !email) return null;
    const key = addressKey(email);
    const digest = coachDigests.get(key) ?? {
      audience: 'coach',
      to: email,
      coach,
      overdue: [],
      due_today: [],
      due_soon: [],
      renewals: [],
      refused: [],
      more: 0,
      units: [],
      kind,
    };
    coachDigests.set(key, digest);
    return digest;
  };

  const sharing = sharingClients(input.prep ?? []);
  const refused = input.refused ?? new Set<string>();
  const byEmail = new Map<string, ClientDigest>();
  /** Units of the items in a client digest, so the ones over MAX_DIGEST_ITEMS can be left for later. */
  const unitOfItem = new Map<Item, string>();
  const digestFor = (client: Client): ClientDigest | null => {
    const email = emailAddressOf(client.email);
    if (client.reminders !== true || !email) return null;
    const key = addressKey(email);
    if (refused.has(key)) {
      // Not tried again (each try was a new failed row); the coach is told once per address.
      const unit = `refused:${client.client_id}:${key}`;
      if (take(unit)) {
        const coachDigest = coachDigestFor(client.coach_id, 'coach_digest');
        if (coachDigest && !coachDigest.units.includes(unit)) {
          coachDigest.refused.push({ client, address: email });
          coachDigest.units.push(unit);
        }
      }
      return null;
    }
    // A digest that left reminders for later went out today: the rest come tomorrow, not in a second email.
    if (sent.has(`capped:${key}:${today}`)) return null;
    let digest = byEmail.get(key);
    if (!digest) {
      digest = emptyClientDigest(email, client, coaches.get(client.coach_id) ?? null, sharing.get(client.client_id) ?? null);
      byEmail.set(key, digest);
    }
    return digest;
  };

  const openByClient = new Map<string, Item[]>();
  for (const item of input.items) {
    if (!isOpenItem(item)) continue;
    const client = clients.get(item.client_id);
    if (!client) continue;
    if (item.owner === 'coach') {
      // The coach's own item: in their daily digest while it is overdue or due within the window.
      const due = dayOf(item.due_date);
      const section = isOverdue(item, due, today)
        ? 'overdue'
        : isDueToday(item, due, today)
          ? 'due_today'
          : isDueWithin(item, due, today, settings.due_soon_days)
            ? 'due_soon'
            : null;
      const unit = `coach_digest:${client.coach_id}:${today}`;
      const digest = section && take(unit) ? coachDigestFor(client.coach_id, 'coach_digest') : null;
      if (digest && section) {
        digest[section].push(item);
        if (!digest.units.includes(unit)) digest.units.push(unit);
      }
      continue;
    }
    if (item.owner !== 'client') continue;
    const list = openByClient.get(client.client_id) ?? [];
    list.push(item);
    openByClient.set(client.client_id, list);

    const due = dayOf(item.due_date);
    let section: 'overdue' | 'due_soon' | 'nudge' | null = null;
    let unit = '';
    if (due !== null && isOverdue(item, due, today)) {
      // The k-th overdue reminder is due from day due+1+k·M; one missed is caught up, never doubled.
      const k = Math.floor((today - due - 1) / settings.overdue_every_days);
      if (k < settings.overdue_max && take((unit = `overdue:${item.item_id}:${k}`))) section = 'overdue';
    } else if (isDueWithin(item, due, today, settings.due_soon_days) && take((unit = `due_soon:${item.item_id}:${due}`))) {
      section = 'due_soon';
    }
    const remindedToday = dayOf(item.last_reminded_at) === today;
    if (!section && !remindedToday && wantsNudge(item) && take((unit = `nudge:${item.item_id}:${today}`))) section = 'nudge';
    if (!section) continue;
    const digest = digestFor(client);
    if (!digest) continue;
    // Same unit whether it is listed as due soon or due today: an item is reminded once before it is late.
    digest[section === 'due_soon' && isDueToday(item, due, today) ? 'due_today' : section].push(item);
    digest.units.push(unit);
    unitOfItem.set(item, unit);
  }

  for (const client of input.clients) {
    const open = openByClient.get(client.client_id) ?? [];
    const last = lastSession.get(client.client_id);
    const cadence = typeof client.cadence_days === 'number' ? client.cadence_days : 0;
    if (cadence >= 14 && last !== undefined && open.length && today >= last + 7 && today < last + cadence) {
      const unit = `mid_cycle:${client.client_id}:${last}`;
      const digest = take(unit) ? digestFor(client) : null;
      if (digest) {
        digest.mid_cycle.push(...open);
        digest.units.push(unit);
      }
    }
    const next = dayOf(client.next_session_at);
    if (next !== null && today >= next - 2 && today < next) {
      const unit = `prep:${client.client_id}:${next}`;
      const digest = take(unit) ? digestFor(client) : null;
      if (digest) {
        digest.prep = client.next_session_at as Date;
        digest.units.push(unit);
      }
    }
    const end = dayOf(client.package_end);
    if (end !== null && today >= end - 30 && today <= end) {
      const unit = `renewal:${client.client_id}:${end}`;
      const digest = take(unit) ? coachDigestFor(client.coach_id, 'renewal') : null;
      if (digest) {
        digest.renewals.push(client);
        digest.units.push(unit);
      }
    }
  }

  const byDue = (a: Item, b: Item) => (dayOf(a.due_date) ?? Infinity) - (dayOf(b.due_date) ?? Infinity) || a.text.localeCompare(b.text);
  const digests: Digest[] = [];
  for (const d of byEmail.values()) {
    if (!d.units.length) continue;
    const listed = new Set([...d.overdue, ...d.due_today, ...d.due_soon, ...d.nudge].map((i) => i.item_id));
    d.mid_cycle = d.mid_cycle.filter((i) => !listed.has(i.item_id));
    for (const section of ITEM_SECTIONS) d[section].sort(byDue);
    // At most MAX_DIGEST_ITEMS, the most urgent first; the others' units stay unsent (tomorrow's digest).
    const { dropped, room } = capSections(d, ['overdue', 'due_today', 'due_soon', 'nudge'], MAX_DIGEST_ITEMS);
    for (const item of dropped) {
      const unit = unitOfItem.get(item);
      if (unit !== undefined) d.units.splice(d.units.indexOf(unit), 1);
      d.more++;
    }
    if (d.mid_cycle.length > room) {
      d.more += d.mid_cycle.length - room;
      d.mid_cycle = d.mid_cycle.slice(0, room);
    }
    if (d.more) d.units.push(`capped:${addressKey(d.to)}:${today}`);
    d.kind =
      KIND_ORDER.find((k) =>
        k === 'prep'
          ? d.prep !== null
          : k === 'mid_cycle'
            ? d.units.some((u) => u.startsWith('mid_cycle:'))
            : k === 'due_soon'
              ? d.due_today.length > 0 || d.due_soon.length > 0
              : k !== 'renewal' && k !== 'coach_digest' && d[k].length > 0,
      ) ?? 'prep';
    digests.push(d);
  }
  for (const d of coachDigests.values()) {
    if (!d.units.length) continue;
    for (const list of [d.overdue, d.due_today, d.due_soon]) list.sort(byDue);
    // At most MAX_DIGEST_ITEMS, the most urgent first: EmailLog.item_ids lists them, and a coach with
    // thousands of own items (the bench's 500k program) made that cell pass its 50,000 characters. The
    // day's unit is the same, so the next day's digest lists what is still due.
    d.more += capSections(d, ['overdue', 'due_today', 'due_soon'], MAX_DIGEST_ITEMS).dropped.length;
    d.kind = d.overdue.length || d.due_today.length || d.due_soon.length || !d.renewals.length ? 'coach_digest' : 'renewal';
    digests.push(d);
  }
  digests.sort((a, b) => a.to.localeCompare(b.to));
  return { today, quiet, digests };
}

/**
 * Keeps at most `room` items across a digest's `sections`, in that order (the most urgent first), and
 * answers the items left out with the room left after them.
 */
function capSections<S extends ItemSection>(
  digest: Record<S, Item[]>,
  sections: readonly S[],
  room: number,
): { dropped: Item[]; room: number } {
  const dropped: Item[] = [];
  for (const section of sections) {
    dropped.push(...digest[section].slice(room));
    digest[section] = digest[section].slice(0, room);
    room -= digest[section].length;
  }
  return { dropped, room };
}

/** Item ids a digest mentions (for EmailLog.item_ids and the items' reminder counters). */
export function itemIdsOf(digest: Digest): string[] {
  const lists = digest.audience === 'coach' ? [digest.overdue, digest.due_today, digest.due_soon] : ITEM_SECTIONS.map((s) => digest[s]);
  return [...new Set(lists.flat().map((i) => i.item_id))];
}

/**
 * The item an email leads with and how many items it lists: the first of the most urgent non-empty
 * group (overdue, due today, due soon, nudge, then the rest), items sorted by due date.
 */
export function mostUrgent(digest: Digest): { item: Item; section: ItemSection; count: number } | null {
  const sections: readonly ItemSection[] = digest.audience === 'coach' ? ['overdue', 'due_today', 'due_soon'] : ITEM_SECTIONS;
  const count = itemIdsOf(digest).length;
  for (const section of sections) {
    const list = (digest as unknown as Record<ItemSection, Item[] | undefined>)[section];
    if (list?.length) return { item: list[0]!, section, count };
  }
  return null;
}

/** Address keys MailApp refused, from failed EmailLog rows whose detail holds its "Invalid email" refusal. */
export function refusedAddresses(log: ReadonlyArray<Pick<Row<'EmailLog'>, 'to' | 'status' | 'detail'>>): Set<string> {
  const refused = new Set<string>();
  for (const row of log)
    if (row.status === 'failed' && String(row.detail).includes(`${REFUSED_ADDRESS}:`)) refused.add(addressKey(String(row.to)));
  return refused;
}

/**
 * Units already sent, from EmailLog rows: each row's dedupe_key lists its units. A `pending` row is an
 * email a run was about to send when it died: it may have gone out, so it counts as sent and is
 * never sent again (at most that one email is lost; none goes out twice).
 */
export function sentUnits(log: ReadonlyArray<Pick<Row<'EmailLog'>, 'dedupe_key' | 'status'>>): Set<string> {
  const sent = new Set<string>();
  for (const row of log)
    if (row.status === 'sent' || row.status === 'pending') for (const unit of String(row.dedupe_key).split(' ')) if (unit) sent.add(unit);
  return sent;
}
