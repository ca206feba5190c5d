import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sport } from '../src/api/types';
import { BADGES, LEVEL_BASE_XP, LEVEL_EXPONENT, MAX_LEVEL, XP_PER_KM, badgesFor, levelFor, thresholdFor, xpForDistance } from '../src/game/rules';

/** The same file the server's tests read (tests/FitnessDriver.Gamification.Tests/GameVectorTests.cs). */
interface GameVectors {
  options: { xpPerKm: Record<string, number>; levels: { baseXp: number; exponent: number }; maxLevel: number };
  badgeCatalogue: { id: string; name: string; distanceM: number; sports: string[] }[];
  xp: { sport: Sport; distanceM: number; xp: number }[];
  thresholds: { level: number; xp: number }[];
  levels: { xp: number; level: number }[];
  badges: { sport: Sport; distanceM: number; badges: string[] }[];
}

const vectors = JSON.parse(readFileSync(join(__dirname, '..', '..', 'testdata', 'game-vectors.json'), 'utf8')) as GameVectors;

describe('offline game rules against testdata/game-vectors.json', () => {
  it('has the server options and badge catalogue', () => {
    expect(XP_PER_KM).toEqual(vectors.options.xpPerKm);
    expect({ baseXp: LEVEL_BASE_XP, exponent: LEVEL_EXPONENT }).toEqual(vectors.options.levels);
    expect(MAX_LEVEL).toBe(vectors.options.maxLevel);
    expect(BADGES.map((b) => ({ id: b.id, name: b.name, distanceM: b.distanceM, sports: [...b.sports] }))).toEqual(vectors.badgeCatalogue);
  });

  it.each(vectors.xp.map((c) => [c.sport, c.distanceM, c.xp] as const))('%s over %d m earns %d XP', (sport, distanceM, xp) => {
    expect(xpForDistance(sport, distanceM)).toBe(xp);
  });

  it.each(vectors.thresholds.map((c) => [c.level, c.xp] as const))('level %d starts at %d XP', (level, xp) => {
    expect(thresholdFor(level)).toBe(xp);
  });

  it.each(vectors.levels.map((c) => [c.xp, c.level] as const))('%d XP is level %d', (xp, level) => {
    expect(levelFor(xp)).toBe(level);
  });

  it.each(vectors.badges.map((c) => [c.sport, c.distanceM, c.badges] as const))('%s over %d m earns %j', (sport, distanceM, badges) => {
    expect(badgesFor(sport, distanceM).map((b) => b.id)).toEqual(badges);
  });
});
