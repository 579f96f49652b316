import { BadRequestError } from '../../domain/errors.js';

/** A console form as posted: repeated names (checkbox groups) become arrays. */
export type FormBody = Record<string, string | string[]>;

export function parseForm(body: string): FormBody {
  const fields: FormBody = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const previous = fields[name];
    if (previous === undefined) fields[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else fields[name] = [previous, value];
  }
  return fields;
}

/** The single value of a field (the first if repeated), trimmed; undefined when absent or blank. */
export function field(body: unknown, name: string): string | undefined {
  const value = (body as FormBody | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** A field the form must carry; BadRequestError naming it otherwise. */
export function requiredField(body: unknown, name: string, label = name): string {
  const value = field(body, name);
  if (value === undefined) throw new BadRequestError(`${label} is required.`);
  return value;
}

/** Every non-blank value of a repeated field (checkboxes), in order. */
export function fields(body: unknown, name: string): string[] {
  const value = (body as FormBody | undefined)?.[name];
  const all = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return all.map((v) => v.trim()).filter((v) => v !== '');
}
