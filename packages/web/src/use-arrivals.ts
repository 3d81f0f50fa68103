import { useEffect, useRef } from 'react';

/**
 * Ids first seen after a list's first render, so that rows arriving through the feed can be
 * marked for a moment and not slip in unnoticed.
 */
export function useArrivals(ids: readonly string[]): Set<string> {
  const seen = useRef<Set<string> | null>(null);
  const arrivals = useRef(new Set<string>());
  if (seen.current === null) {
    seen.current = new Set(ids);
  } else {
    for (const id of ids) {
      if (!seen.current.has(id)) {
        seen.current.add(id);
        arrivals.current.add(id);
      }
    }
  }
  useEffect(() => {
    if (arrivals.current.size === 0) return;
    const timer = setTimeout(() => arrivals.current.clear(), 10_000);
    return () => clearTimeout(timer);
  });
  return arrivals.current;
}
