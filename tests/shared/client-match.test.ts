import { describe, expect, it } from 'vitest';
import { describeMatch, matchClient, normalizeName, withAlias, type MatchableClient } from '../../shared/client-match';

const clients: MatchableClient[] = [
  { client_id: 'c1', name: 'Ann Lee', email: 'ann.lee@school.org', aliases: '' },
  { client_id: 'c2', name: 'José Álvarez-Núñez', email: '', aliases: 'Pepe Alvarez; J. Alvarez' },
  { client_id: 'c3', name: 'Mary Ann Catherine Smith', email: 'mary@example.org', aliases: '' },
];

describe('normalizeName', () => {
  it.each([
    ['Dr. Ann Lee (she/her)', 'ann lee'],
    ['Ann Lee (Guest)', 'ann lee'],
    ['ANN LEE [External]', 'ann lee'],
    ['José Álvarez-Núñez', 'jose alvarez nunez'],
    ['Prof. Mary Smith, PhD', 'mary smith'],
    ['Ann Lee <ann.lee@school.org>', 'ann lee'],
    ['Ann Lee (You)', 'ann lee'],
  ])('%s → %s', (raw, normal) => expect(normalizeName(raw)).toBe(normal));
});

describe('matchClient', () => {
  it('matches decorated names, case- and accent-insensitively', () => {
    expect(matchClient([{ name: 'Dr. ann lee (she/her)' }], clients)).toMatchObject({ clientId: 'c1', reason: 'name' });
    expect(matchClient([{ name: 'JOSE ALVAREZ NUNEZ (Guest)' }], clients)).toMatchObject({ clientId: 'c2', reason: 'name' });
  });
  it('prefers an email, then a full name, then an alias, then first and last name', () => {
    expect(matchClient([{ name: 'Someone', email: 'MARY@example.org' }, { name: 'Ann Lee' }], clients)).toMatchObject({
      clientId: 'c3',
      reason: 'email',
      score: 1,
    });
    expect(matchClient([{ name: 'Pepe Alvarez' }], clients)).toMatchObject({ clientId: 'c2', reason: 'alias' });
    expect(matchClient([{ name: 'Mary Smith' }], clients)).toMatchObject({ clientId: 'c3', reason: 'first and last name' });
  });
  it('finds nothing for strangers and empty names', () => {
    expect(matchClient([{ name: 'Ann' }, { name: '(Guest)' }, { name: 'Bob Stone' }], clients)).toBeNull();
  });
  it('explains the match', () => {
    expect(describeMatch(matchClient([{ name: 'Ann Lee (Guest)' }], clients)!)).toBe('“Ann Lee (Guest)” is on the call');
  });
});

describe('aliases', () => {
  it('adds a participant name once', () => {
    expect(withAlias('', 'Annie L.')).toBe('Annie L.');
    expect(withAlias('Annie L.', 'annie l')).toBe('Annie L.');
    expect(withAlias('Pepe Alvarez; J. Alvarez', 'Jose A')).toBe('Pepe Alvarez, J. Alvarez, Jose A');
  });
});
