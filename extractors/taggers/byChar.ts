/** A list grouped by one character of each item, each group in the list's order: where to look for an item at a position. */
export function byChar<T>(list: readonly T[], key: (item: T) => string): ReadonlyMap<string, readonly T[]> {
  const map = new Map<string, T[]>();
  for (const item of list) {
    const c = key(item);
    const group = map.get(c) ?? [];
    group.push(item);
    map.set(c, group);
  }
  return map;
}
