import type { GroupMember, GroupSession, GroupUpdate } from '../api/types';

/** A live group session as the app shows it: every member it knows of, ranked, and how many are in it. */
export interface GroupStandings {
  sessionId: string;
  name: string;
  hostId?: string;
  memberCount: number;
  members: GroupMember[];
}

/** The session's `GET`: the whole list. */
export function standingsOf(session: GroupSession): GroupStandings {
  return { sessionId: session.sessionId, name: session.name, hostId: session.hostId, memberCount: session.members.length, members: ranked(session.members) };
}

/**
 * Folds a `group-update` into the standings. An update carries only the leaders and the members around the recipient,
 * so the others keep their last known figures; everyone is ranked again by distance (furthest first, ties sharing a
 * rank). An update of another session is ignored.
 */
export function applyGroupUpdate(current: GroupStandings | undefined, update: GroupUpdate): GroupStandings | undefined {
  if (current !== undefined && current.sessionId !== update.sessionId) return current;
  const byId = new Map((current?.members ?? []).map((member) => [member.athleteId, member]));
  for (const member of update.members) byId.set(member.athleteId, { ...byId.get(member.athleteId), ...member });
  return {
    sessionId: update.sessionId,
    name: update.name,
    hostId: current?.hostId,
    memberCount: update.memberCount,
    members: ranked([...byId.values()]),
  };
}

/** Whether the update names more members than the app knows of: time to read the whole list again. */
export function missesMembers(standings: GroupStandings): boolean {
  return standings.members.length < standings.memberCount;
}

/** Furthest first; equal distances share a rank (1, 2, 2, 4). */
export function ranked(members: GroupMember[]): GroupMember[] {
  const sorted = [...members].sort((a, b) => b.distanceM - a.distanceM || a.displayName.localeCompare(b.displayName));
  let rank = 0;
  return sorted.map((member, index) => {
    if (index === 0 || sorted[index - 1]!.distanceM !== member.distanceM) rank = index + 1;
    return { ...member, rank };
  });
}

/** Reads a `group-update` notification's payload; undefined when it is not one. */
export function groupUpdateOf(type: string, payload: Record<string, unknown>): GroupUpdate | undefined {
  if (type !== 'group-update' || typeof payload.sessionId !== 'string' || !Array.isArray(payload.members)) return undefined;
  const members = (payload.members as unknown[]).filter(
    (m): m is GroupMember => m !== null && typeof m === 'object' && typeof (m as GroupMember).athleteId === 'string' && typeof (m as GroupMember).distanceM === 'number',
  );
  return {
    sessionId: payload.sessionId,
    name: typeof payload.name === 'string' ? payload.name : '',
    memberCount: typeof payload.memberCount === 'number' ? payload.memberCount : members.length,
    members: members.map((m) => ({ ...m, displayName: m.displayName ?? '' })),
  };
}
