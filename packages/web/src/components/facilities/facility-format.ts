import type { FacilityView } from '@continuum/sdk';

/** How old a figure is, in words, from the moment it was reported. */
export function figureAge(reportedAt: string | null, now: Date): string {
  if (!reportedAt) return 'never reported';
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(reportedAt).getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return minutes < 48 * 60 ? `${hours} h ${minutes % 60} min ago` : `${Math.floor(minutes / 1440)} d ago`;
}

/** Stale by the server's configured age, judged again on the console's clock as time passes. */
export function isFigureStale(f: FacilityView, now: Date): boolean {
  if (!f.capacity.reportedAt) return true;
  return now.getTime() - new Date(f.capacity.reportedAt).getTime() > f.capacity.staleAfterMinutes * 60_000;
}

/** The admission criteria as short phrases for the directory. */
export function criteriaWords(f: FacilityView): string[] {
  const c = f.criteria;
  const ages = c.minAge !== null && c.maxAge !== null ? `ages ${c.minAge}-${c.maxAge}` : c.minAge !== null ? `${c.minAge}+` : c.maxAge !== null ? `up to ${c.maxAge}` : 'all ages';
  return [
    ages,
    c.voluntaryOnly ? 'voluntary only' : 'voluntary or not',
    c.acceptsPoliceDropOff ? 'police drop-off' : 'no police drop-off',
    c.medicalClearanceRequired ? 'medical clearance first' : 'no medical clearance',
    c.intoxicationAccepted ? 'intoxication accepted' : 'not if intoxicated',
    c.insuranceRequired ? 'insurance required' : 'no insurance check',
  ];
}
