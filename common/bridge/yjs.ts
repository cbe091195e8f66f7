/**
 * Bridge part: the host's local Yjs replicas (annotations, minutes, the
 * meeting's presentation) and presence through their awareness. Document
 * names follow common/yjs-names.ts.
 */
import { z } from 'zod';
import { Id } from '../wire.ts';
import { YjsDocName } from '../yjs-names.ts';
import { defineEvents, defineMethods, event, method, type HandlersOf } from './define.ts';

/** A Yjs item id inside a relative position (`Y.relativePositionToJSON`). */
const YjsItemId = z.object({ client: z.number().int().nonnegative().max(0xffffffff), clock: z.number().int().nonnegative() }).strict();
/** `Y.relativePositionToJSON`'s shape: a place in a Yjs type that moves with concurrent edits. */
const RelativePosition = z
  .object({ type: YjsItemId.optional(), tname: z.string().max(120).optional(), item: YjsItemId.optional(), assoc: z.number().int().min(-1).max(1).optional() })
  .strict();

/**
 * What one person shows the others through a Yjs document's awareness: who they are and, on a
 * document, where they are reading; in a text (the minutes), where their caret and selection
 * are. Presence on a document is the awareness of its shared
 * annotation layer; presence in a meeting is the awareness of `presentation.<meeting>`.
 * Strict and bounded: states from other clients are validated on arrival and dropped if invalid.
 */
export const PresenceState = z
  .object({
    userId: Id,
    name: z.string().trim().min(1).max(120),
    documentId: Id.optional(),
    page: z.number().int().min(1).max(1_000_000).optional(),
    /** A CSS colour for the person's avatar, `#rgb` or `#rrggbb`. */
    color: z.string().regex(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'a #rgb or #rrggbb colour').optional(),
    /** True while the person follows the presenter. */
    following: z.boolean().optional(),
    /** In a shared text: the caret (`head`) and the other end of the selection (`anchor`); null when not in the text. */
    cursor: z.object({ anchor: RelativePosition, head: RelativePosition }).strict().nullable().optional(),
  })
  .strict();
export type PresenceState = z.infer<typeof PresenceState>;

/** Another client's awareness state on a Yjs document (one person may have several clients). */
export interface PresencePeer {
  clientId: number;
  state: PresenceState;
}

/**
 * One Yjs update (as made by `Y.encodeStateAsUpdate` or a doc's `update` event). At most 512 KiB:
 * the server takes WebSocket messages up to 1 MiB, and browser mode carries it as base64 in a 1 MiB body.
 */
export const YjsUpdateBytes = z
  .instanceof(Uint8Array)
  .refine((bytes) => bytes.byteLength > 0 && bytes.byteLength <= 512 * 1024, 'a Yjs update of 1 byte to 512 KiB');

/** How a local Yjs replica stands with the server. */
export interface YjsReplicaStatus {
  docName: string;
  /**
   * `connecting`/`offline`: edits are kept locally and merge on reconnect; `online`: in sync;
   * `refused`: the server will not serve this document to this user (no retrying); `closed`: not open.
   */
  connection: 'connecting' | 'online' | 'offline' | 'refused' | 'closed';
  message: string | null;
}

const DocRef = z.object({ docName: YjsDocName }).strict();

export const yjsMethods = defineMethods({
  /** Opens (loads and starts syncing) a local Yjs replica; answers its whole state as one update. */
  'yjs.open': method(DocRef).returns<{ update: Uint8Array; status: YjsReplicaStatus }>(),
  /** Applies a renderer edit to the replica: stored locally first, then sent to the server. */
  'yjs.update': method(z.object({ docName: YjsDocName, update: YjsUpdateBytes }).strict()).returns<null>(),
  'yjs.close': method(DocRef).returns<null>(),
  'yjs.status': method(DocRef).returns<YjsReplicaStatus>(),
  /** Sets (or with null, clears) this client's awareness state on an open replica; sent while connected. */
  'yjs.awareness.set': method(z.object({ docName: YjsDocName, state: PresenceState.nullable() }).strict()).returns<null>(),
});
export type YjsHandlers = HandlersOf<typeof yjsMethods>;

export const yjsEvents = defineEvents({
  /** Changes from the server arriving at an open Yjs replica (already stored locally). */
  'yjs.update': event<{ docName: string; update: Uint8Array }>(),
  'yjs.status': event<YjsReplicaStatus>(),
  /**
   * Every OTHER client's valid awareness state on an open replica: sent whenever they change, once
   * after `yjs.open`, and empty while the replica is offline (the server's view is unknown then).
   */
  'yjs.awareness': event<{ docName: string; peers: PresencePeer[] }>(),
});
