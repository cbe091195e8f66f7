/**
 * Annotations as a viewer plug-in (see pdf/viewer-plugins.tsx): the tools and
 * the carry-forward offer under the toolbar, marks under each page's text
 * layer, pins and drawing surfaces over it, and the sidebar's list. Plugged in
 * inside an AnnotationsProvider, by whoever composes a meeting document's
 * viewer (components/DocumentViewer.tsx).
 */
import { useEffect } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { t } from '../i18n/index.ts';
import { useViewerCommands, type ViewerPlugin } from '../pdf/viewer-plugins.tsx';
import { AnnotationList } from './AnnotationList.tsx';
import { AnnotationControls, AnnotationMarks } from './AnnotationPageLayer.tsx';
import { AnnotationToolbar } from './AnnotationToolbar.tsx';
import { useAnnotationSelection } from './annotation-selection.tsx';
import { CarryForward } from './CarryForward.tsx';
import './annotations.css';

const pluginId = 'annotations';

function AnnotationBars({ pdf }: { pdf: PDFDocumentProxy }) {
  // Choosing an annotation on the page opens it in the sidebar's list.
  const listRequest = useAnnotationSelection()?.listRequest ?? 0;
  const viewer = useViewerCommands();
  useEffect(() => {
    if (listRequest !== 0) viewer?.openSidebarTab(pluginId);
  }, [listRequest]);
  return (
    <>
      <AnnotationToolbar />
      <CarryForward pdf={pdf} />
    </>
  );
}

export const annotationsPlugin: ViewerPlugin = {
  id: pluginId,
  Bar: AnnotationBars,
  PageUnderlay: AnnotationMarks,
  PageOverlay: AnnotationControls,
  sidebarTab: { label: () => t('annotations.tab'), testId: 'sidebar-annotations-tab', Panel: AnnotationList },
};
