/**
 * The annotation tools in use: which tool, which colour, which layer new
 * marks go to. A context of its own, so choosing a tool re-renders what shows
 * tools (the toolbar, each page's drawing surface), not every mark.
 */
import { createContext, useContext, useMemo, useState } from 'react';
import type { AnnotationColour, AnnotationLayer } from '../../../common/annotations.ts';

export type AnnotationTool = 'select' | 'highlight' | 'note' | 'ink';

export interface AnnotationTools {
  tool: AnnotationTool;
  setTool(tool: AnnotationTool): void;
  colour: AnnotationColour;
  setColour(colour: AnnotationColour): void;
  /** False for an observer: the server lets them read the shared layer, not write it. */
  canShare: boolean;
  /** The layer new annotations go to. */
  newLayer: AnnotationLayer;
  setNewLayer(layer: AnnotationLayer): void;
}

export const AnnotationToolsContext = createContext<AnnotationTools | null>(null);

/** Null without annotations (a local file). */
export function useAnnotationTools(): AnnotationTools | null {
  return useContext(AnnotationToolsContext);
}

/** The tools' state, for the provider. */
export function useToolState(canShare: boolean): AnnotationTools {
  const [tool, setTool] = useState<AnnotationTool>('select');
  const [colour, setColour] = useState<AnnotationColour>('yellow');
  // Private by default: nothing reaches the committee unless the member chooses to share it.
  const [chosenLayer, setNewLayer] = useState<AnnotationLayer>('private');
  const newLayer = canShare ? chosenLayer : 'private';
  return useMemo(() => ({ tool, setTool, colour, setColour, canShare, newLayer, setNewLayer }), [tool, colour, canShare, newLayer]);
}
