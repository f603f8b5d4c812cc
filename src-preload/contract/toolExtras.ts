/**
 * What a running tool call shows beyond its text: a form an MCP server asks the user to fill in (elicitation),
 * progress it reports, and media it returns (images, audio, resource links) for the tool card.
 */
import { z } from 'zod';

export const FormValue = z.union([
  z.string().max(10_000),
  z.number(),
  z.boolean(),
  z.array(z.string().max(1000)).max(100),
]);
export type FormValue = z.output<typeof FormValue>;

/** One field of an elicitation form, from the server's flat `requestedSchema`. */
export const FormField = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  /** `multi`: several of `options` (min/max count the choices). */
  kind: z.enum(['string', 'number', 'integer', 'boolean', 'enum', 'multi']),
  required: z.boolean(),
  /** For `enum` and `multi`: the values to choose from and what to show for each. */
  options: z.array(z.object({ value: z.string(), label: z.string() })),
  default: FormValue.nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  minLength: z.number().int().nullable(),
  maxLength: z.number().int().nullable(),
  /** 'email' | 'uri' | 'date' | 'date-time' for strings. */
  format: z.string().nullable(),
});
export type FormField = z.output<typeof FormField>;

export const ElicitationForm = z.object({
  /** The server's message to the user (cleaned and capped). */
  message: z.string(),
  fields: z.array(FormField),
});
export type ElicitationForm = z.output<typeof ElicitationForm>;

/** The user's answer to a form card: `approve` sends the values (accept), `deny` declines, `cancel` dismisses. */
export const FormValues = z.record(z.string().max(200), FormValue);

export const ToolProgress = z.object({
  progress: z.number(),
  total: z.number().nullable(),
  message: z.string().nullable(),
});
export type ToolProgress = z.output<typeof ToolProgress>;

/** Media a tool returned, for the card: data URLs within a size cap, or a link; `omitted` says why not shown. */
export const ToolMedia = z.object({
  kind: z.enum(['image', 'audio', 'link']),
  mimeType: z.string().nullable(),
  /** `data:` URL for image/audio within the cap, null when too large (then `omitted` says so). */
  dataUrl: z.string().nullable(),
  /** Resource link target (or an embedded resource's URI). */
  uri: z.string().nullable(),
  name: z.string().nullable(),
  bytes: z.number().int().nonnegative(),
  omitted: z.string().nullable(),
});
export type ToolMedia = z.output<typeof ToolMedia>;
