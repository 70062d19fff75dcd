/**
 * Date formats shared by the screens. `dateStyle` cannot be combined with `timeZoneName` in
 * Intl, so the zoned format spells its fields out.
 */
export const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

export const DATE_TIME_ZONED: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};
