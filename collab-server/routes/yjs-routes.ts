import { z } from 'zod';
import type { ZodApp } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { liveFeedToken } from '../http/websocket-auth.ts';
import { isValidDocName } from '../yjs/doc-access.ts';
import type { YjsHub } from '../yjs/yjs-hub.ts';

const DocParams = z.object({ docName: z.string().min(1).max(200) });

/**
 * `/yjs/<docName>`: y-websocket protocol; authenticated and authorised at the upgrade, then by the
 * hub per message, before each relay and when the session or memberships change.
 */
export function registerYjsRoutes(app: ZodApp, hub: YjsHub): void {
  app.get(
    '/yjs/:docName',
    {
      schema: { params: DocParams, hide: true },
      websocket: true,
      preValidation: async (request) => {
        const token = liveFeedToken(request);
        if (!token) throw new HttpError(401, 'unauthenticated', 'Send the session token as Authorization: Bearer or the subprotocol chamber-token.<token>');
        const { docName } = request.params as { docName: string };
        if (!isValidDocName(docName)) throw new HttpError(404, 'not-found', `No Yjs document named "${docName.slice(0, 100)}"`);
        const { decision, viewer } = hub.accessFor(token, docName);
        if (!viewer) throw new HttpError(401, 'unauthenticated', 'The session has ended; sign in again');
        // One answer whether it is missing or someone else's, so ids of confidential papers cannot be probed.
        if (decision.access === 'none') throw new HttpError(403, 'forbidden', 'You may not open this document: it does not exist or is not shared with you');
      },
    },
    (socket, request) => {
      hub.connect(socket, liveFeedToken(request)!, request.params.docName);
    },
  );
}
