/** Zoom arithmetic of the viewer, kept apart from React so it stays obvious. */
import type { ViewerZoom } from '../../../common/bridge.ts';

export type Zoom = { mode: 'fit-width' } | { mode: 'fit-page' } | { mode: 'fixed'; scale: number };

export const minScale = 0.25;
export const maxScale = 4;
const step = 1.25;
/** Room left beside the page in fit modes (padding and the scrollbar). */
const fitGutter = 48;
/** Room left above and below the page in fit-page mode (the scroll area's padding). */
const fitPageGutter = 40;

export function fitWidthScale(containerWidth: number, pageWidth: number): number {
  if (containerWidth <= 0 || pageWidth <= 0) return 1;
  return clampScale((containerWidth - fitGutter) / pageWidth);
}

/** The scale at which a whole page fits the view, both ways. */
export function fitPageScale(containerWidth: number, containerHeight: number, pageWidth: number, pageHeight: number): number {
  if (containerHeight <= 0 || pageHeight <= 0) return fitWidthScale(containerWidth, pageWidth);
  return Math.min(fitWidthScale(containerWidth, pageWidth), clampScale((containerHeight - fitPageGutter) / pageHeight));
}

export function clampScale(scale: number): number {
  return Math.min(maxScale, Math.max(minScale, scale));
}

export function zoomIn(current: number): number {
  return clampScale(current * step);
}

export function zoomOut(current: number): number {
  return clampScale(current / step);
}

/** The form the host keeps (`viewer.position.set`). */
export function zoomToSaved(zoom: Zoom): ViewerZoom {
  return zoom.mode === 'fixed' ? zoom.scale : zoom.mode;
}

export function zoomFromSaved(saved: ViewerZoom): Zoom {
  return typeof saved === 'number' ? { mode: 'fixed', scale: clampScale(saved) } : { mode: saved };
}

export type Rotation = 0 | 90 | 180 | 270;

export function rotateClockwise(rotation: Rotation): Rotation {
  return ((rotation + 90) % 360) as Rotation;
}
