// How the pages order and mark alert groups (告警归并; docs/live-protocol.md, `alertGroups`):
// most severe first, then the group with the newest alert; a group is "fresh" when it is new or a
// newer alert joined it. Pure functions, tested without a page.

import type { AlertGroup } from '../domain/records';

/** Alert severities, most severe first; an unknown one sorts after them. */
export const SEVERITY_ORDER: readonly string[] = ['critical', 'warning', 'info'];

export function severityRank(severity: string): number {
  const i = SEVERITY_ORDER.indexOf(severity);
  return i < 0 ? SEVERITY_ORDER.length : i;
}

/** Most severe first, then newest first, then by id (a stable order for equal groups). */
export function orderGroups(groups: Iterable<AlertGroup>): AlertGroup[] {
  return [...groups].sort((a, b) => severityRank(a.severity) - severityRank(b.severity)
    || Date.parse(b.newest) - Date.parse(a.newest) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The ids of `after`'s groups that are new since `before`, or whose newest alert is newer. */
export function freshGroups(before: ReadonlyMap<string, AlertGroup>, after: Iterable<AlertGroup>): Set<string> {
  const out = new Set<string>();
  for (const g of after) {
    const was = before.get(g.id);
    if (!was || Date.parse(g.newest) > Date.parse(was.newest)) out.add(g.id);
  }
  return out;
}

/** Open alerts in the groups: the count the page shows until the server's arrives. */
export function openInGroups(groups: Iterable<AlertGroup>): number {
  let n = 0;
  for (const g of groups) n += g.count;
  return n;
}

/** A key that changes when the group's members change: the members shown are loaded again then. */
export function membersKey(g: AlertGroup): string {
  return `${g.id}:${g.members.join(',')}`;
}
