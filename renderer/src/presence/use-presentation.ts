/**
 * The meeting's presentation (`presentation.<meeting>`, common/presentation.ts)
 * as React state, and a way to change it. Only the chair and clerk can change
 * it: the server drops anyone else's writes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  type PresentationChange,
  type PresentationState,
  presentationMapName,
  readPresentation,
  stopPresenting,
  writePresentation,
} from '../../../common/presentation.ts';
import { yjsDocName } from '../../../common/wire.ts';
import { useBridge } from '../bridge/context.tsx';
import { type BridgeDoc, openBridgeDoc } from '../yjs/bridge-doc.ts';

export interface Presentation {
  state: PresentationState | null;
  write(change: Omit<PresentationChange, 'meetingId'>): void;
  stop(): void;
}

export function usePresentation(meetingId: string): Presentation {
  const bridge = useBridge();
  const held = useRef<BridgeDoc | null>(null);
  const [state, setState] = useState<PresentationState | null>(null);

  useEffect(() => {
    const doc = openBridgeDoc(bridge, yjsDocName.presentation(meetingId));
    held.current = doc;
    const map = doc.doc.getMap(presentationMapName);
    const update = (): void => setState(readPresentation(map));
    map.observe(update);
    doc.ready.then(update, () => undefined);
    update();
    return () => {
      map.unobserve(update);
      if (held.current === doc) held.current = null;
      doc.release();
    };
  }, [bridge, meetingId]);

  const change = useCallback(
    (edit: (map: ReturnType<BridgeDoc['doc']['getMap']>) => void) => {
      const doc = held.current;
      if (doc) doc.doc.transact(() => edit(doc.doc.getMap(presentationMapName)));
    },
    [],
  );
  const write = useCallback(
    (values: Omit<PresentationChange, 'meetingId'>) => change((map) => writePresentation(map, { ...values, meetingId })),
    [change, meetingId],
  );
  const stop = useCallback(() => change((map) => stopPresenting(map, meetingId)), [change, meetingId]);
  return { state, write, stop };
}
