/**
 * The viewer's keyboard map, apart from React: which key does what, and when a
 * key belongs to a text field rather than to the viewer.
 */
export type ViewerCommand =
  | { kind: 'previous-page' }
  | { kind: 'next-page' }
  | { kind: 'first-page' }
  | { kind: 'last-page' }
  | { kind: 'scroll'; dx: number; dy: number }
  | { kind: 'zoom-in' }
  | { kind: 'zoom-out' }
  | { kind: 'fit-width' }
  | { kind: 'open-find' }
  | { kind: 'close-find' };

/** How far one arrow press scrolls, in CSS pixels. */
const arrowStep = 48;

export interface KeyContext {
  /** The key was pressed in a text field (go-to-page, find): plain keys are that field's. */
  inTextField: boolean;
  /** The key was pressed inside the viewer, or with nothing in particular focused. */
  inViewer: boolean;
  findOpen: boolean;
}

export function commandForKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, context: KeyContext): ViewerCommand | null {
  const command = event.ctrlKey || event.metaKey;
  if (command && !event.altKey) {
    switch (event.key) {
      case 'f':
      case 'F':
        // Ctrl+Shift+F is "Search all papers" (the header's search box).
        return event.shiftKey ? null : { kind: 'open-find' };
      case '+':
      case '=':
        return { kind: 'zoom-in' };
      case '-':
      case '_':
        return { kind: 'zoom-out' };
      case '0':
        return { kind: 'fit-width' };
      default:
        return null;
    }
  }
  if (event.key === 'Escape' && context.findOpen) return { kind: 'close-find' };
  if (context.inTextField || !context.inViewer || event.altKey || command) return null;
  switch (event.key) {
    case 'PageDown':
      return { kind: 'next-page' };
    case 'PageUp':
      return { kind: 'previous-page' };
    case 'Home':
      return { kind: 'first-page' };
    case 'End':
      return { kind: 'last-page' };
    case 'ArrowDown':
      return { kind: 'scroll', dx: 0, dy: arrowStep };
    case 'ArrowUp':
      return { kind: 'scroll', dx: 0, dy: -arrowStep };
    case 'ArrowRight':
      return { kind: 'scroll', dx: arrowStep, dy: 0 };
    case 'ArrowLeft':
      return { kind: 'scroll', dx: -arrowStep, dy: 0 };
    default:
      return null;
  }
}

export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
