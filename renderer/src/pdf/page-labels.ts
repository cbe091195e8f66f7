/**
 * The PDF's page labels (pdf.js `getPageLabels`): what each page is called,
 * e.g. the agenda pack's printed numbers "1", "2"… or a supplement's "S1",
 * "S2"…, so that the viewer's "Page N" is the number printed on the page.
 * Null while loading and for a PDF without labels (pages are then 1…N).
 */
import { useEffect, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';

export function usePageLabels(pdf: PDFDocumentProxy): string[] | null {
  const [labels, setLabels] = useState<string[] | null>(null);
  useEffect(() => {
    let current = true;
    setLabels(null);
    pdf.getPageLabels().then(
      (read) => current && setLabels(read && read.length === pdf.numPages ? read : null),
      // A damaged label tree costs only the labels: pages keep their numbers.
      () => current && setLabels(null),
    );
    return () => {
      current = false;
    };
  }, [pdf]);
  return labels;
}

/** The page's label when it differs from its number, else null. */
export function pageLabelOf(labels: string[] | null, pageNumber: number): string | null {
  const label = labels?.[pageNumber - 1];
  return label !== undefined && label !== '' && label !== String(pageNumber) ? label : null;
}

/** The page a reader means by what they typed: a label first ("S3"), else a number within the document. */
export function pageOfInput(labels: string[] | null, input: string, pageCount: number): number | null {
  const typed = input.trim();
  const labelled = labels ? labels.indexOf(typed) : -1;
  if (labelled >= 0) return labelled + 1;
  const pageNumber = Number(typed);
  return typed !== '' && Number.isInteger(pageNumber) && pageNumber >= 1 && pageNumber <= pageCount ? pageNumber : null;
}
