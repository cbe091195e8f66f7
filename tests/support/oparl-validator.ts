/**
 * Validates OParl 1.1 objects against the specification's own schemas
 * (../shared/oparl/schema, OParl/spec v1.1.1), read the way the specification
 * means them (../shared/oparl/README.md, "How to read the schemas"):
 * - `"schema": "File.json"` on an object or on `items` is an embedded object,
 *   checked against that schema (a `$ref`);
 * - `"references": "externalList"` makes the value the URL of a list (its
 *   `items` describe the list's objects, not the value);
 * - `references`, `backreference` and `cardinality` add no checks; descriptions
 *   and titles are dropped;
 * - OParl's formats: `url` (absolute http/https), `date` (`yyyy-mm-dd`) and
 *   `date-time` (`yyyy-mm-ddThh:mm:ss±hh:mm`, no `Z`, no fractions);
 * - patterns escape characters that need no escape (`\:`), valid only in
 *   non-Unicode regular expressions;
 * - `required` is completed from the specification's text: `created` and
 *   `modified` on every object, Body's 1.1 lists; a deleted object needs only
 *   `id`, `type`, `created`, `modified` and `deleted: true`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { repoRoot } from './corpus.ts';

export const oparlSchemaDir = process.env.CHAMBER_OPARL_SCHEMA_DIR ?? path.resolve(repoRoot, '..', 'shared', 'oparl', 'schema');

type SchemaNode = Record<string, unknown>;

/** Required by the specification's text beyond each schema's `required` (README rules 2 and 8). */
const requiredByText: Record<string, string[]> = {
  Body: ['agendaItem', 'consultation', 'file', 'membership', 'locationList', 'legislativeTermList'],
};
const requiredOfEveryObject = ['id', 'type', 'created', 'modified'];

const ignoredKeywords = new Set(['description', 'title', 'references', 'backreference', 'cardinality']);

/** One property's schema, rewritten into plain JSON Schema. */
function property(node: SchemaNode): SchemaNode {
  if (node.references === 'externalList') {
    // The value is the list's URL; `items` describes what the list holds.
    return { type: 'string', format: 'url' };
  }
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (ignoredKeywords.has(key)) continue;
    if (key === 'schema') continue;
    if (key === 'items' && value && typeof value === 'object') out.items = property(value as SchemaNode);
    else out[key] = value;
  }
  if (typeof node.schema === 'string') return { $ref: node.schema };
  return out;
}

function objectSchema(fileName: string, raw: SchemaNode): SchemaNode {
  const typeName = fileName.replace(/\.json$/, '');
  const properties = Object.fromEntries(Object.entries(raw.properties as Record<string, SchemaNode>).map(([key, node]) => [key, property(node)]));
  const required = [...new Set([...requiredOfEveryObject, ...((raw.required as string[] | undefined) ?? []), ...(requiredByText[typeName] ?? [])])];
  return {
    $id: fileName,
    type: 'object',
    properties,
    if: { properties: { deleted: { const: true } }, required: ['deleted'] },
    then: { required: requiredOfEveryObject },
    else: { required },
  };
}

const dateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})[+-](\d{2}):(\d{2})$/;
const date = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(year: string, month: string, day: string): boolean {
  const value = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return value.getUTCFullYear() === Number(year) && value.getUTCMonth() === Number(month) - 1 && value.getUTCDate() === Number(day);
}

export const oparlFormats = {
  url: (value: string) => {
    try {
      const parsed = new URL(value);
      return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.href.length > 0;
    } catch {
      return false;
    }
  },
  date: (value: string) => {
    const match = date.exec(value);
    return match !== null && isRealDate(match[1]!, match[2]!, match[3]!);
  },
  'date-time': (value: string) => {
    const match = dateTime.exec(value);
    if (!match) return false;
    const [, year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match.map(Number);
    return isRealDate(match[1]!, match[2]!, match[3]!) && hour! < 24 && minute! < 60 && second! < 60 && offsetHours! < 24 && offsetMinutes! < 60
      && year! > 0 && month! > 0 && day! > 0;
  },
} as const;

export interface OparlValidator {
  /** The problems of one object (empty when it is valid), checked against the schema its `type` names. */
  problems(object: unknown): string[];
  /** The schema types there are (System, Body, …). */
  readonly types: readonly string[];
  /** Property names whose value is the URL of an external list, per type. */
  externalLists(type: string): string[];
}

export function loadOparlValidator(schemaDir: string = oparlSchemaDir): OparlValidator {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    // `then` names required properties that `properties` declares beside it, which is fine.
    strictRequired: false,
    // The schemas' patterns escape `:` (`^https\:\/\/…`), which only non-Unicode regular expressions accept.
    unicodeRegExp: false,
  });
  for (const [name, check] of Object.entries(oparlFormats)) ajv.addFormat(name, { type: 'string', validate: check });
  const files = readdirSync(schemaDir).filter((file) => file.endsWith('.json'));
  const rawByType = new Map<string, SchemaNode>();
  for (const file of files) {
    const raw = JSON.parse(readFileSync(path.join(schemaDir, file), 'utf8')) as SchemaNode;
    rawByType.set(file.replace(/\.json$/, ''), raw);
    ajv.addSchema(objectSchema(file, raw));
  }
  const validators = new Map<string, ValidateFunction>([...rawByType.keys()].map((type) => [type, ajv.getSchema(`${type}.json`)!]));
  const format = (error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${error.params && 'format' in error.params ? '' : ` ${JSON.stringify(error.params)}`}`;

  return {
    types: [...rawByType.keys()],
    problems(object) {
      const type = (object as { type?: unknown } | null)?.type;
      const name = typeof type === 'string' ? /^https:\/\/schema\.oparl\.org\/1\.1\/(\w+)$/.exec(type)?.[1] : undefined;
      const validate = name ? validators.get(name) : undefined;
      if (!validate) return [`unknown type ${JSON.stringify(type)}`];
      return validate(object) ? [] : (validate.errors ?? []).map(format);
    },
    externalLists(type) {
      const raw = rawByType.get(type);
      if (!raw) return [];
      return Object.entries(raw.properties as Record<string, SchemaNode>).filter(([, node]) => node.references === 'externalList').map(([key]) => key);
    },
  };
}
