/**
 * Presence around a meeting's document viewer: who else is reading the
 * document and where, presenting (chair and clerk) and following the
 * presenter (everyone else). Wraps the viewer, plugging into it (see
 * pdf/viewer-plugins.tsx) to hear the page the reader is on and to borrow its
 * way to show a page, and noticing the reader's own scrolling.
 */
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { PresenceState } from '../../../common/bridge.ts';
import type { Committee, UserProfile } from '../../../common/wire.ts';
import { yjsDocName } from '../../../common/wire.ts';
import { ProvideViewerPlugin, type ViewerPlugin } from '../pdf/viewer-plugins.tsx';
import { PresenceBar } from './PresenceBar.tsx';
import { colourFor } from './avatar.ts';
import { useAwareness } from './use-awareness.ts';
import { useFollow } from './use-follow.ts';
import { usePresentation } from './use-presentation.ts';
import { throttleLatest } from './throttle.ts';

/** Presenting writes go out at most this often; the last page always goes. */
const presentIntervalMs = 250;

interface MeetingPresenceProps {
  meetingId: string;
  committee: Committee;
  user: UserProfile;
  /** The open document, or null when none is chosen. */
  documentId: string | null;
  children: ReactNode;
}

export function MeetingPresence({ meetingId, committee, user, documentId, children }: MeetingPresenceProps) {
  const role = user.memberships.find((membership) => membership.committeeId === committee.id)?.role ?? null;
  const canPresent = role === 'chair' || role === 'clerk';
  const presentation = usePresentation(meetingId);
  /** The page the viewer last said it shows, and of which document. */
  const [reported, setReported] = useState<{ documentId: string | null; page: number } | null>(null);
  // Present on a document from when its first page is on screen (the viewer says so then): joining costs
  // the host and the server work that the reader's first page needs more. A report about the previous
  // document means nothing here.
  const shown = documentId && reported?.documentId === documentId ? { documentId, page: reported.page } : null;
  const page = shown?.page ?? null;
  const documentIdRef = useRef(documentId);
  documentIdRef.current = documentId;
  const presenting = presentation.state?.presenterId === user.id;

  const followingState = useState(false);
  const base = { userId: user.id, name: user.displayName, color: colourFor(user.id) };
  const meetingState: PresenceState = { ...base, ...(followingState[0] ? { following: true } : {}) };
  const meetingPeers = useAwareness(yjsDocName.presentation(meetingId), meetingState);
  const presenterId = presentation.state?.presenterId ?? null;
  // A presenter whose window is gone (closed, crashed, offline) is not followed.
  const presenterHere = presenterId !== null && (presenting || meetingPeers.some((peer) => peer.state.userId === presenterId));
  const target =
    presenterHere && !presenting && presentation.state?.documentId && presentation.state.page
      ? { documentId: presentation.state.documentId, page: presentation.state.page }
      : null;
  const follow = useFollow(meetingId, documentId, target, followingState);

  const documentState: PresenceState | null = shown ? { ...base, ...shown } : null;
  const documentPeers = useAwareness(shown ? yjsDocName.sharedAnnotations(committee.id, shown.documentId) : null, documentState);

  // While presenting, where the presenter is goes to the presentation (throttled, last wins).
  const sendPosition = useMemo(() => throttleLatest(presentation.write, presentIntervalMs), [presentation.write]);
  useEffect(() => {
    if (presenting && documentId && page) sendPosition({ documentId, page });
  }, [presenting, documentId, page, sendPosition]);

  const plugin: ViewerPlugin = useMemo(
    () => ({
      id: 'presence',
      pageShown: (shownPage) => {
        setReported({ documentId: documentIdRef.current, page: shownPage });
        follow.pageShown(shownPage);
      },
      setGoToPage: follow.setGoToPage,
    }),
    [follow.pageShown, follow.setGoToPage],
  );

  const followers = meetingPeers.filter((peer) => peer.state.following).length;
  return (
    <>
      <PresenceBar
        documentPeers={documentId ? documentPeers : null}
        canPresent={canPresent}
        presenting={presenting}
        followers={followers}
        onPresent={() =>
          presentation.write({ presenterId: user.id, presenterName: user.displayName, documentId, page: documentId ? (page ?? 1) : null })
        }
        onStopPresenting={() => {
          sendPosition.cancel();
          presentation.stop();
        }}
        presenterName={presenterHere && !presenting ? (presentation.state?.presenterName ?? null) : null}
        presentedPage={target?.page ?? null}
        following={follow.following}
        left={follow.left}
        onFollow={follow.start}
        onStopFollowing={follow.stop}
      />
      <ProvideViewerPlugin plugin={plugin}>
        <div className="presence-viewer" {...follow.inputHandlers}>
          {children}
        </div>
      </ProvideViewerPlugin>
    </>
  );
}
