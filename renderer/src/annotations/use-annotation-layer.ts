/**
 * One annotation layer (a Yjs document of the host's replica) as React state:
 * its validated annotations, how many entries were skipped as invalid, the
 * replica's connection, and the map to write to.
 */
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { annotationsMapName, readAnnotations, type Annotation } from '../../../common/annotations.ts';
import type { YjsReplicaStatus } from '../../../common/bridge.ts';
import { useBridge } from '../bridge/context.tsx';
import { openBridgeDoc } from '../yjs/bridge-doc.ts';

export interface LayerState {
  docName: string | null;
  annotations: Annotation[];
  skipped: number;
  connection: YjsReplicaStatus['connection'];
  /** Null until the layer is open (and for no layer). */
  map: Y.Map<unknown> | null;
}

function emptyLayer(docName: string | null): LayerState {
  return { docName, annotations: [], skipped: 0, connection: docName ? 'connecting' : 'closed', map: null };
}

/** `open` false holds off opening the layer (it reads as connecting meanwhile): see AnnotationsProvider. */
export function useAnnotationLayer(docName: string | null, open = true): LayerState {
  const bridge = useBridge();
  const [state, setState] = useState<LayerState>(() => emptyLayer(docName));

  useEffect(() => {
    setState(emptyLayer(docName));
    if (!docName || !open) return;
    const handle = openBridgeDoc(bridge, docName);
    const map = handle.doc.getMap<unknown>(annotationsMapName);
    let current = true;
    const refresh = () => {
      if (!current) return;
      const read = readAnnotations(map.toJSON());
      setState({ docName, ...read, connection: handle.status().connection, map });
    };
    map.observe(refresh);
    const offStatus = handle.onStatus(refresh);
    handle.ready.then(refresh, refresh);
    return () => {
      current = false;
      map.unobserve(refresh);
      offStatus();
      handle.release();
    };
  }, [bridge, docName, open]);

  return state.docName === docName ? state : emptyLayer(docName);
}
