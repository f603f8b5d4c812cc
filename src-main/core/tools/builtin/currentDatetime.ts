import { z } from 'zod';
import { toModelJsonSchema } from '../jsonSchema';
import { defineTool } from '../toolTypes';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const Input = z.object({
  timeZone: z
    .string()
    .max(64)
    .refine(isTimeZone, { message: 'not a known IANA time zone (e.g. "Europe/Paris", "America/New_York", "UTC")' })
    .optional()
    .describe('IANA time zone, e.g. "Europe/Paris". Leave out for the user\'s own time zone.'),
});

export interface CurrentDatetimeOutput {
  /** UTC instant, ISO 8601. */
  utc: string;
  /** Wall-clock time in the zone with its offset, e.g. 2026-11-03T14:05:09+01:00. */
  local: string;
  weekday: string;
  timeZone: string;
  utcOffset: string;
}

export function describeInstant(epochMs: number, timeZone: string): CurrentDatetimeOutput {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'long',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const offsetName = part('timeZoneName'); // "GMT+01:00", or "GMT" for UTC itself
  const utcOffset = offsetName === 'GMT' ? '+00:00' : offsetName.replace('GMT', '');
  return {
    utc: new Date(epochMs).toISOString(),
    local: `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}${utcOffset}`,
    weekday: part('weekday'),
    timeZone,
    utcOffset,
  };
}

export const currentDatetimeTool = defineTool<z.infer<typeof Input>, CurrentDatetimeOutput>({
  name: 'current_datetime',
  title: 'Current date and time',
  description: "Get the current date, time, weekday and UTC offset, in the user's time zone or a given IANA zone.",
  inputSchema: Input,
  jsonSchema: toModelJsonSchema(Input),
  defaultPermission: 'allow',
  sideEffects: 'none',
  timeoutMs: 1_000,
  async run(input, ctx) {
    const zone = input.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    return describeInstant(ctx.now(), zone);
  },
});
