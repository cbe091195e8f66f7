/** Zoom arithmetic of the viewer, kept apart from React so it stays obvious. */
export type Zoom = { mode: 'fit-width' } | { mode: 'fixed'; scale: number };

export const minScale = 0.25;
export const maxScale = 4;
const step = 1.25;
/** Room left beside the page in fit-width mode (padding and the scrollbar). */
const fitGutter = 48;

export function fitWidthScale(containerWidth: number, pageWidth: number): number {
  if (containerWidth <= 0 || pageWidth <= 0) return 1;
  return clampScale((containerWidth - fitGutter) / pageWidth);
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
