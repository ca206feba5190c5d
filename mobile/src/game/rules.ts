import type { Sport } from '../api/types';

/**
 * The server's distance rules (FitnessDriver.Gamification: GamificationOptions, LevelCurve, Badges, with the default
 * options), applied on the phone while it is offline. Both are checked against `testdata/game-vectors.json`.
 */

/** XP for each whole kilometre of one activity, by sport (`Gamification:XpPerKm`). */
export const XP_PER_KM: Readonly<Record<Sport, number>> = { run: 10, ride: 4, walk: 8, hike: 12, swim: 40, other: 5 };

/** Total XP to reach level n is `BASE_XP × (n − 1)^EXPONENT`, rounded (`Gamification:Levels`). */
export const LEVEL_BASE_XP = 20;
export const LEVEL_EXPONENT = 1.5;
export const MAX_LEVEL = 10_000;

export interface BadgeRule {
  id: string;
  name: string;
  /** Distance to reach in one activity. */
  distanceM: number;
  /** Sports it counts for; empty for all. */
  sports: readonly Sport[];
}

const ON_FOOT: readonly Sport[] = ['run', 'walk', 'hike'];

/** The badge catalogue, in the order badges are usually earned. */
export const BADGES: readonly BadgeRule[] = [
  { id: 'first-km', name: 'First kilometre', distanceM: 1_000, sports: [] },
  { id: '5k', name: '5K', distanceM: 5_000, sports: ON_FOOT },
  { id: '10k', name: '10K', distanceM: 10_000, sports: ON_FOOT },
  { id: 'half-marathon', name: 'Half marathon', distanceM: 21_097.5, sports: ON_FOOT },
  { id: 'marathon', name: 'Marathon', distanceM: 42_195, sports: ON_FOOT },
  { id: 'century', name: 'Century ride', distanceM: 100_000, sports: ['ride'] },
];

export function xpPerKm(sport: Sport): number {
  return XP_PER_KM[sport] ?? XP_PER_KM.other;
}

/** Whole kilometres of an activity: each pays `xpPerKm` once. */
export function wholeKm(distanceM: number): number {
  return Math.floor(distanceM / 1000);
}

/** The XP an activity's distance earns. */
export function xpForDistance(sport: Sport, distanceM: number): number {
  return wholeKm(distanceM) * xpPerKm(sport);
}

/** .NET's Math.Round: halves go to the even neighbour. */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Total XP at which `level` is reached. */
export function thresholdFor(level: number): number {
  return level <= 1 ? 0 : roundHalfEven(LEVEL_BASE_XP * Math.pow(level - 1, LEVEL_EXPONENT));
}

/** The level of an athlete with `xp` in total. */
export function levelFor(xp: number): number {
  // Start near the answer (the curve's inverse), then settle on it exactly as the server's loop does.
  let level = Math.max(1, Math.min(MAX_LEVEL, Math.floor(Math.pow(Math.max(0, xp) / LEVEL_BASE_XP, 1 / LEVEL_EXPONENT)) + 1));
  while (level > 1 && thresholdFor(level) > xp) level--;
  while (level < MAX_LEVEL && thresholdFor(level + 1) <= xp) level++;
  return level;
}

export function badgeEarned(badge: BadgeRule, sport: Sport, distanceM: number): boolean {
  return distanceM >= badge.distanceM && (badge.sports.length === 0 || badge.sports.includes(sport));
}

/** The badges one activity of `sport` over `distanceM` earns. */
export function badgesFor(sport: Sport, distanceM: number): BadgeRule[] {
  return BADGES.filter((badge) => badgeEarned(badge, sport, distanceM));
}
