import type { OccurrenceOverride, Recurrence } from '@kepu/sdk/schema';
import rrule from 'rrule';
import { ApiError } from '../../http/errors.js';
import { fromFloating, localDate, toFloating } from './time-zone.js';

const { RRule } = rrule;

/** Most occurrences one event may materialise; a rule producing more is refused, not truncated. */
export const MAX_OCCURRENCES = 366;
/** The last occurrence may start at most this long after the first. */
export const MAX_HORIZON_DAYS = 2 * 366;

export interface TimeSpec {
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  recurrence: Recurrence | null;
  overrides: readonly OccurrenceOverride[];
}

export interface PlannedOccurrence {
  /** The start the rule generated (RECURRENCE-ID); null for a one-off event. */
  recurrenceId: Date | null;
  startsAt: Date;
  endsAt: Date;
  /** undefined: the event's capacity. */
  capacity?: number | null;
  cancelled: boolean;
}

export interface Plan {
  occurrences: PlannedOccurrence[];
  /** Starts the rule generated but EXDATE removed (they become EXDATE in iCalendar). */
  excluded: Date[];
  /** The rule as stored and published: RRULE without DTSTART, normalised. */
  rrule: string | null;
}

const invalid = (path: string, message: string) =>
  new ApiError(400, 'invalid_request', `Invalid request. ${path}: ${message}`, [{ path, message }]);

/**
 * Parses and checks an RRULE (without DTSTART). Refuses rules that do not parse, lack a frequency, or never end:
 * occurrences are materialised, so the rule must say when it stops (COUNT or UNTIL).
 */
export function parseRule(text: string, path = 'body.recurrence.rrule') {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (/DTSTART|\n/i.test(body)) {
    throw invalid(path, 'give only the RRULE value (no DTSTART line); the start is startsAt');
  }
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(body);
  } catch (error) {
    throw invalid(
      path,
      `does not parse as an RFC 5545 RRULE (${(error as Error).message}). Example: FREQ=WEEKLY;BYDAY=SA;COUNT=12`,
    );
  }
  if (options.freq === undefined || options.freq === null || Number.isNaN(options.freq)) {
    throw invalid(path, 'needs a valid FREQ (DAILY, WEEKLY, MONTHLY, YEARLY…). Example: FREQ=WEEKLY;BYDAY=SA;COUNT=12');
  }
  const byweekday = options.byweekday;
  if (Array.isArray(byweekday) && byweekday.some((d) => d === null || d === undefined)) {
    throw invalid(path, 'BYDAY must list weekdays as MO, TU, WE, TH, FR, SA, SU (optionally with a number, e.g. 1SA)');
  }
  if (!options.count && !options.until) {
    throw invalid(path, 'never ends: add COUNT (e.g. COUNT=12) or UNTIL (e.g. UNTIL=20270630T160000Z)');
  }
  if (options.count !== undefined && options.count !== null && options.count > MAX_OCCURRENCES) {
    throw invalid(path, `COUNT may be at most ${MAX_OCCURRENCES}`);
  }
  return options;
}

/**
 * Works out the occurrences of an event: one for a one-off, or the expansion of its RRULE (in the event's time zone,
 * so 14:30 stays 14:30 local) minus EXDATEs, with per-occurrence overrides applied. Throws 400 on anything invalid.
 */
export function planOccurrences(spec: TimeSpec): Plan {
  const { startsAt, endsAt, timeZone } = spec;
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw invalid('body.endsAt', 'must be after startsAt');
  }
  const duration = endsAt.getTime() - startsAt.getTime();
  if (!spec.recurrence) {
    if (spec.overrides.length > 0)
      throw invalid('body.overrides', 'only recurring events have per-occurrence overrides');
    return { occurrences: [{ recurrenceId: null, startsAt, endsAt, cancelled: false }], excluded: [], rrule: null };
  }

  const options = parseRule(spec.recurrence.rrule);
  const rule = new RRule({
    ...options,
    dtstart: toFloating(startsAt, timeZone),
    until: options.until ? toFloating(options.until, timeZone) : null,
    tzid: null,
  });
  const horizon = startsAt.getTime() + MAX_HORIZON_DAYS * 86_400_000;
  let generated: Date[];
  try {
    generated = rule.all((_, i) => i <= MAX_OCCURRENCES).map((d) => fromFloating(d, timeZone));
  } catch (error) {
    throw invalid('body.recurrence.rrule', `cannot be expanded (${(error as Error).message})`);
  }
  if (generated.length > MAX_OCCURRENCES) {
    throw invalid('body.recurrence.rrule', `generates more than ${MAX_OCCURRENCES} occurrences; lower COUNT or UNTIL`);
  }
  if (generated.length === 0) {
    throw invalid('body.recurrence.rrule', 'generates no occurrence from startsAt; check BYDAY/UNTIL against startsAt');
  }
  if ((generated[0] as Date).getTime() !== startsAt.getTime()) {
    // RFC 5545 counts DTSTART as the first instance; requiring it to match the rule keeps feeds and table in step.
    throw invalid(
      'body.startsAt',
      `must be the first session of the rule; the rule's first is ${(generated[0] as Date).toISOString()}`,
    );
  }
  const last = generated[generated.length - 1] as Date;
  if (last.getTime() > horizon) {
    throw invalid(
      'body.recurrence.rrule',
      `runs until ${last.toISOString()}, beyond ${MAX_HORIZON_DAYS} days after startsAt; create a new series later`,
    );
  }

  const exInstants = new Set<number>();
  const exDays = new Set<string>();
  for (const [i, ex] of spec.recurrence.exdates.entries()) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(ex)) exDays.add(ex);
    else {
      const t = Date.parse(ex);
      if (!generated.some((g) => g.getTime() === t)) {
        throw invalid(
          `body.recurrence.exdates.${i}`,
          `${ex} is not a start the rule generates; give one of its starts or a date`,
        );
      }
      exInstants.add(t);
    }
  }

  const byStart = new Map<number, PlannedOccurrence>();
  const excluded: Date[] = [];
  for (const start of generated) {
    if (exInstants.has(start.getTime()) || exDays.has(localDate(start, timeZone))) {
      excluded.push(start);
      continue;
    }
    byStart.set(start.getTime(), {
      recurrenceId: start,
      startsAt: start,
      endsAt: new Date(start.getTime() + duration),
      cancelled: false,
    });
  }

  for (const [i, o] of spec.overrides.entries()) {
    const path = `body.overrides.${i}`;
    const planned = byStart.get(Date.parse(o.originalStartsAt));
    if (!planned) {
      throw invalid(
        `${path}.originalStartsAt`,
        `${o.originalStartsAt} is not a start of this series (or it is excluded)`,
      );
    }
    const s = o.startsAt ? new Date(o.startsAt) : planned.startsAt;
    const e = o.endsAt ? new Date(o.endsAt) : new Date(s.getTime() + duration);
    if (e.getTime() <= s.getTime()) throw invalid(`${path}.endsAt`, 'must be after startsAt');
    planned.startsAt = s;
    planned.endsAt = e;
    if (o.capacity !== undefined) planned.capacity = o.capacity;
    if (o.cancelled !== undefined) planned.cancelled = o.cancelled;
  }

  const normalised = RRule.optionsToString({
    freq: options.freq,
    ...(options.interval ? { interval: options.interval } : {}),
    ...(options.count ? { count: options.count } : {}),
    ...(options.until ? { until: options.until } : {}),
    ...(options.wkst !== undefined && options.wkst !== null ? { wkst: options.wkst } : {}),
    ...Object.fromEntries(
      (
        [
          'bysetpos',
          'bymonth',
          'bymonthday',
          'byyearday',
          'byweekno',
          'byweekday',
          'byhour',
          'byminute',
          'bysecond',
        ] as const
      )
        .filter((k) => options[k] !== undefined && options[k] !== null)
        .map((k) => [k, options[k]]),
    ),
  });
  return { occurrences: [...byStart.values()], excluded, rrule: normalised.replace(/^RRULE:/, '') };
}
