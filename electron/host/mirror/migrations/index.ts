import type { Migration } from '../migrate.ts';
import { initialSchema } from './001-initial.ts';
import { viewerPositions } from './002-viewer-positions.ts';
import { searchIndex } from './003-search.ts';
import { yjsReplicas } from './004-yjs-replicas.ts';
import { retention } from './005-retention.ts';
import { meetingSessions } from './006-meeting-sessions.ts';
import { documentVersions } from './007-document-versions.ts';
import { meetingDocuments } from './008-meeting-documents.ts';
import { meetingNotices } from './009-meeting-notices.ts';

/** Every mirror migration in order. Append only; never edit a shipped one. */
export const mirrorMigrations: readonly Migration[] = [
  initialSchema,
  viewerPositions,
  searchIndex,
  yjsReplicas,
  retention,
  meetingSessions,
  documentVersions,
  meetingDocuments,
  meetingNotices,
];
