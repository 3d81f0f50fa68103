/**
 * The languages the new-call form offers first: Illinois' most spoken after English (Census ACS),
 * and American Sign Language. Any other BCP 47 tag can be typed under "Another language".
 */
export const COMMON_LANGUAGES = ['es', 'pl', 'zh', 'ar', 'ko', 'tl', 'hi', 'gu', 'ur', 'vi', 'ru', 'fr', 'ase'] as const;

const NAMES: Record<string, string> = { ase: 'American Sign Language' };

let displayNames: Intl.DisplayNames | null | undefined;

/** A language tag in words ("es" → "Spanish"); the tag itself when the browser has no name for it. */
export function languageLabel(tag: string): string {
  const named = NAMES[tag.toLowerCase()];
  if (named) return named;
  if (displayNames === undefined) {
    try {
      displayNames = new Intl.DisplayNames(['en'], { type: 'language' });
    } catch {
      displayNames = null;
    }
  }
  try {
    return displayNames?.of(tag) ?? tag;
  } catch {
    return tag;
  }
}
