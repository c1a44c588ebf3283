import { describe, expect, it } from 'vitest';
import { describeEditRefusal, describeRefusal } from './errors';

const request = {
  captureId: 'c1',
  session: { newClient: { name: 'Jordan', email: 'jordan@' }, startedAt: '2026-03-12T15:00:00Z' },
  actionItems: [{ text: 'Send the plan' }],
};

describe('describeRefusal', () => {
  it('says which field, with its value, in plain words', () => {
    expect(
      describeRefusal(
        { code: 'bad_request', field: 'session.newClient.email', message: 'session.newClient.email: Not an email address.' },
        request,
      ),
    ).toBe('The new client’s email “jordan@” is not an email address.');
    expect(
      describeRefusal(
        {
          code: 'bad_request',
          field: 'actionItems.0.due',
          message: 'actionItems.0.due: Use an ISO 8601 date (2026-03-12) or date-time with offset (2026-03-12T15:00:00Z).',
        },
        request,
      ),
    ).toBe('The due date of “Send the plan” is not a date.');
    expect(
      describeRefusal({ code: 'bad_request', field: 'session.newClient.name', message: 'session.newClient.name: Required.' }, request),
    ).toBe('The new client’s name is missing.');
    expect(describeRefusal({ code: 'unauthorized', message: 'Unknown token.' }, request)).toContain('connection');
  });
});

describe('describeEditRefusal', () => {
  it('says why a correction was refused, in plain words', () => {
    expect(
      describeEditRefusal({ code: 'bad_request', field: 'sessionId', message: 'sessionId: No session "S1" among the sessions you wrote.' }),
    ).toBe('No session "S1" among the sessions you wrote. Open the client\'s history to see the session as it is now.');
    expect(
      describeEditRefusal({ code: 'bad_request', field: 'items.1.due', message: 'items.1.due: Use an ISO 8601 date or an empty string.' }),
    ).toBe('The due date of action item 2 was not accepted: use an ISO 8601 date or an empty string.');
    expect(
      describeEditRefusal({
        code: 'bad_request',
        field: 'session.notes',
        message: "session.notes: A confidential session's notes must be encrypted.",
      }),
    ).toBe("The notes were not accepted: a confidential session's notes must be encrypted.");
    expect(describeEditRefusal({ code: 'transport', message: 'The web app did not answer.' })).toBe('The web app did not answer.');
    expect(describeEditRefusal(undefined)).toBe('The sheet did not accept this correction.');
  });
});
