/**
 * The names of the Yjs documents the server serves at `/yjs/<name>`, written
 * once: the server's access check, the host's bridge validation and the
 * renderer all build and read names here. A name is a kind's prefix followed
 * by its ids, dot-separated: `annotations.shared.<committee>.<document>`.
 *
 * Adding a kind of document is one entry in `yjsDocKinds`; the server's
 * access check (collab-server/yjs/doc-access.ts) then asks who may use it.
 */
import { z } from 'zod';

interface YjsDocKindSpec {
  /** Dot-separated words before the ids; no kind's prefix may equal another's prefix plus ids. */
  readonly prefix: string;
  /** The ids after the prefix, in order; each is named `<thing>Id` and shown as `<thing>` in messages. */
  readonly ids: readonly string[];
}

export const yjsDocKinds = {
  /** Annotations a committee shares on one document: members write, observers read. */
  sharedAnnotations: { prefix: 'annotations.shared', ids: ['committeeId', 'documentId'] },
  /** One person's private annotations on one document: only that person. */
  privateAnnotations: { prefix: 'annotations.private', ids: ['userId', 'documentId'] },
  /**
   * A meeting's minutes (common/minutes.ts): the clerk and minute-taker write while they are a draft
   * or circulated; the chair reads the draft, the committee reads once circulated; nobody writes once approved.
   */
  minutes: { prefix: 'minutes', ids: ['meetingId'] },
  /**
   * Committee members' comments on a meeting's circulated draft minutes (common/minutes.ts): the
   * committee (not observers) writes while the minutes are circulated; read-only before and after.
   */
  minutesComments: { prefix: 'comments.minutes', ids: ['meetingId'] },
  /**
   * What a meeting's chair or clerk is presenting (a `presenting` map, see common/presentation.ts):
   * the chair and clerk write, other committee members read. Its awareness is presence in the meeting.
   */
  presentation: { prefix: 'presentation', ids: ['meetingId'] },
} as const satisfies Record<string, YjsDocKindSpec>;

export type YjsDocKind = keyof typeof yjsDocKinds;
type IdsOf<K extends YjsDocKind> = (typeof yjsDocKinds)[K]['ids'];
/** A builder's parameters: one string per id, in order. */
type IdArguments<Ids extends readonly string[]> = { -readonly [I in keyof Ids]: string };

/** A parsed name: its kind and its ids by name, e.g. `{ kind: 'minutes', meetingId }`. */
export type ParsedYjsDocName = {
  [K in YjsDocKind]: { kind: K } & { [Id in IdsOf<K>[number]]: string };
}[YjsDocKind];

/** One id inside a name: the characters of the server's ids, no dots. */
const idPattern = '[A-Za-z0-9-]{1,64}';

const kindNames = Object.keys(yjsDocKinds) as YjsDocKind[];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `annotations\.shared\.(id)\.(id)`: one kind's grammar, with a group per id. */
function kindPattern(kind: YjsDocKind): string {
  const { prefix, ids } = yjsDocKinds[kind];
  return escapeRegExp(prefix) + `\\.(${idPattern})`.repeat(ids.length);
}

const kindMatchers = kindNames.map((kind) => ({ kind, ids: yjsDocKinds[kind].ids, matcher: new RegExp(`^${kindPattern(kind)}$`) }));

/** Builds a name; the ids are used as they are (they come from the server, which gives ids the grammar accepts). */
export const yjsDocName = Object.fromEntries(
  kindNames.map((kind) => [kind, (...ids: string[]) => [yjsDocKinds[kind].prefix, ...ids].join('.')]),
) as { [K in YjsDocKind]: (...ids: IdArguments<IdsOf<K>>) => string };

/** The name's kind and ids, or null when it is not a Yjs document name the server serves. */
export function parseYjsDocName(name: string): ParsedYjsDocName | null {
  for (const { kind, ids, matcher } of kindMatchers) {
    const match = matcher.exec(name);
    if (match) return { kind, ...Object.fromEntries(ids.map((id, index) => [id, match[index + 1]])) } as ParsedYjsDocName;
  }
  return null;
}

/** `annotations.shared.<committee>.<document>`, for people reading an error. */
function kindShape(kind: YjsDocKind): string {
  const { prefix, ids } = yjsDocKinds[kind];
  return [prefix, ...ids.map((id) => `<${id.replace(/Id$/, '')}>`)].join('.');
}
const shapes = kindNames.map(kindShape);

/** A valid Yjs document name, as the bridge takes it. */
export const YjsDocName = z
  .string()
  .regex(
    new RegExp(`^(${kindNames.map(kindPattern).join('|')})$`),
    `a Yjs document name (${shapes.slice(0, -1).join(', ')} or ${shapes.at(-1)})`,
  );
