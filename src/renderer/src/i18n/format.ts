import { useMemo } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import { wordsOf } from '../../../shared/i18n/words';

/**
 * Durations, sizes, times and relative times in the reader's locale through Intl. Build times inside
 * tag templates are data and never pass through here.
 */
export interface Formats {
  duration(ms: number): string;
  bytes(count: number): string;
  dateTime(at: string | number | Date): string;
  time(at: string | number | Date): string;
  relative(at: string | number | Date, now?: number): string;
  number(value: number): string;
}

export function formatsFor(intl: IntlShape): Formats {
  const n = (value: number) => intl.formatNumber(value);
  const { t } = wordsOf(intl);
  return {
    duration(ms) {
      if (ms < 1000) return t('duration.milliseconds', { ms: n(Math.max(0, Math.round(ms))) });
      const total = Math.round(ms / 1000);
      if (total < 60) return t('duration.seconds', { seconds: n(ms < 10_000 ? Math.round(ms / 100) / 10 : total) });
      if (total < 3600) return t('duration.minutes', { minutes: n(Math.floor(total / 60)), seconds: n(total % 60) });
      return t('duration.hours', { hours: n(Math.floor(total / 3600)), minutes: n(Math.floor((total % 3600) / 60)) });
    },
    bytes(count) {
      const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
      let value = count;
      let unit = 0;
      while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit += 1;
      }
      return intl.formatNumber(value, { style: 'unit', unit: units[unit], unitDisplay: unit === 0 ? 'long' : 'short', maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0 });
    },
    dateTime: (at) => intl.formatDate(at, { dateStyle: 'medium', timeStyle: 'short' }),
    time: (at) => intl.formatTime(at, { timeStyle: 'medium' }),
    relative(at, now = Date.now()) {
      const seconds = Math.round((new Date(at).getTime() - now) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 45) return intl.formatRelativeTime(seconds, 'second', { numeric: 'auto' });
      if (abs < 45 * 60) return intl.formatRelativeTime(Math.round(seconds / 60), 'minute', { numeric: 'auto' });
      if (abs < 22 * 3600) return intl.formatRelativeTime(Math.round(seconds / 3600), 'hour', { numeric: 'auto' });
      return intl.formatRelativeTime(Math.round(seconds / 86400), 'day', { numeric: 'auto' });
    },
    number: n,
  };
}

export function useFormats(): Formats {
  const intl = useIntl();
  return useMemo(() => formatsFor(intl), [intl]);
}
