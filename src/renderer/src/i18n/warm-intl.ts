/**
 * Starts ICU (~20 ms in a quiet window here, 40-60 ms under load) before the first render needs it:
 * the first `Intl` object of a process loads its locale data, and the first render makes one for
 * the provider's check and the Builds page's dates. Run while the window waits for the page's first
 * reads, it is off the path to the first paint with data (issue 15); the formats are the ones the
 * pages use (i18n/format.ts), so their patterns are cached too.
 */
export function warmIntl(locale: string): void {
  try {
    Intl.NumberFormat.supportedLocalesOf(locale);
    new Intl.NumberFormat(locale).format(1);
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(0);
  } catch {
    // Only a head start: an unknown locale is reported where it is used.
  }
}
