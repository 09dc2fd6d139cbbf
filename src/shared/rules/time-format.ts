import { phrase, type Phrase } from '../i18n/phrase';

/** yyyy, yy, MM, dd, HH, mm, ss: the tokens build-time tags use, rendered in a chosen time zone. */
const tokenPattern = /yyyy|yy|MM|dd|HH|mm|ss/g;

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A format is valid when it has at least one token and only characters a Docker tag allows. */
export function timeFormatProblem(format: string): Phrase | undefined {
  if (!/yyyy|yy|MM|dd|HH|mm|ss/.test(format)) return phrase('rules.problem.timeFormatNoToken', { format });
  const rest = format.replace(tokenPattern, '');
  if (/[^A-Za-z0-9_.-]/.test(rest)) return phrase('rules.problem.timeFormatBadChars', { format });
  return undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatTime(time: Date, format: string, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(time)) parts[part.type] = part.value;
  const values: Record<string, string> = {
    yyyy: parts.year ?? '',
    yy: (parts.year ?? '').slice(-2),
    MM: parts.month ?? '',
    dd: parts.day ?? '',
    HH: parts.hour === '24' ? '00' : (parts.hour ?? ''),
    mm: parts.minute ?? '',
    ss: parts.second ?? '',
  };
  return format.replace(tokenPattern, (token) => values[token] ?? token);
}
