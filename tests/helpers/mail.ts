// The emails a runtime sent: its mail spool's .eml files (local/host/mail.ts), drained first, parsed by
// mailparser as a mail app would read them, in the order they were written.
import { simpleParser, type ParsedMail } from 'mailparser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runtime } from '../../local/runtime';

/** Every email in the spool, parsed, in file-name order (the order they were sent). */
export async function mails(rt: Runtime): Promise<ParsedMail[]> {
  return (await rawMails(rt)).map(({ mail }) => mail);
}

/** Every email in the spool as its raw text and parsed, in file-name order. */
export async function rawMails(rt: Runtime): Promise<Array<{ mail: ParsedMail; raw: string }>> {
  await rt.mail.drain();
  const dir = rt.mail.outboxDir;
  return Promise.all(
    readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .map(async (f) => {
        const bytes = readFileSync(join(dir, f));
        return { mail: await simpleParser(bytes), raw: bytes.toString('utf8') };
      }),
  );
}

/** The first address of a To header, or '' when it has none. */
export const firstTo = (mail: ParsedMail): string => (mail.to && !Array.isArray(mail.to) ? (mail.to.value[0]!.address ?? '') : '');
