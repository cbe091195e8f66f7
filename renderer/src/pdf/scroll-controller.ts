/**
 * The continuous view's scrolling and jumping, apart from React: where the
 * reader is, which pages are near enough to be in the DOM, going to a page,
 * bringing a find match into view, and keeping the reader's place when the
 * layout changes. It is the one owner of that state (the scroll offsets it
 * set itself, whether a page was chosen, whether it is just after a jump), as
 * pdf.js's BaseViewer is; the view hears only the near pages and the current
 * page, and only when they change.
 */
import { pageAtOffset, pageGap, pagesBetween, sameRange, type PageLayout, type PageRange } from './page-layout.ts';

/** How far beyond the visible area pages are kept in the DOM and rendered, as a fraction of the view's height. */
const nearMarginFraction = 1.5;

/**
 * Where a find match lands: this far below the top of the view and right of its left edge, as pdf.js's
 * find controller puts it (MATCH_SCROLL_OFFSET_TOP/LEFT), so it is read with the lines around it.
 */
const matchOffsetTop = 50;
const matchOffsetLeft = 400;

export interface ScrollListener {
  /** The pages to have in the DOM changed. */
  nearRange(range: PageRange): void;
  /** The reader's page changed (scrolled to, or chosen). */
  currentPage(pageNumber: number): void;
}

export class ScrollController {
  /** The scroll area, and the pages' area inside it (its offset is the scroll area's padding). */
  private root: HTMLElement | null = null;
  private pages: HTMLElement | null = null;
  private layout: PageLayout;
  private range: PageRange;
  /**
   * On opening and just after a jump, only the pages in view are mounted until they are painted: their
   * neighbours wait, so that mounting and loading them does not slow the reader's page.
   */
  private jumping = true;
  /** The scroll offset as of the last scroll event or our own scrolling (read after a layout change, the browser may have clamped it). */
  private knownScrollTop = 0;
  /** The scroll offset our own code last set (a chosen page, keeping the place): a scroll event elsewhere is the reader's. */
  private ownScrollTop: number | null = null;
  /**
   * A page was chosen (End, a page number, a search hit, the presenter's page): it stays the current
   * page until the reader scrolls, even when the view cannot bring it to the top (the last pages).
   */
  private pageChosen = false;

  constructor(
    layout: PageLayout,
    landingPage: number,
    private readonly listener: ScrollListener,
    /** Runs `then` once the pages in view are painted. */
    private readonly whenPainted: (then: () => void) => void,
  ) {
    this.layout = layout;
    this.range = { first: landingPage, last: landingPage };
  }

  /** Starts following the reader's scrolling of `root`; returns how to stop. */
  attach(root: HTMLElement, pages: HTMLElement): () => void {
    this.root = root;
    this.pages = pages;
    let frame = 0;
    const update = () => {
      frame = 0;
      const page = this.readView();
      this.knownScrollTop = root.scrollTop;
      if (root.scrollTop !== this.ownScrollTop) {
        this.pageChosen = false;
        this.ownScrollTop = null;
      }
      if (page !== null && !this.pageChosen) this.listener.currentPage(page);
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    root.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      root.removeEventListener('scroll', onScroll);
      if (frame) cancelAnimationFrame(frame);
      this.root = this.pages = null;
    };
  }

  /**
   * Reads the scroll position and updates which pages are near (in the DOM) from the layout; returns
   * the current page, the one crossing a line a quarter down the view.
   */
  readView(): number | null {
    const { root, pages } = this;
    if (!root || !pages) return null;
    const top = root.scrollTop - pages.offsetTop;
    const height = root.clientHeight;
    const margin = this.jumping ? 0 : height * nearMarginFraction;
    const range = pagesBetween(this.layout, top - margin, top + height + margin);
    if (!sameRange(this.range, range)) {
      this.range = range;
      this.listener.nearRange(range);
    }
    return pageAtOffset(this.layout, top + height / 4);
  }

  /**
   * The layout changed (zoom, rotation, the view resized, page sizes measured): the reader stays at the
   * same place in the same page, and the pages near the view are worked out again.
   */
  setLayout(layout: PageLayout): void {
    const previous = this.layout;
    this.layout = layout;
    const { root, pages } = this;
    // A reader at the very top stays there (the first layout, before the view was measured, included).
    if (root && pages && previous !== layout && this.knownScrollTop > 0) {
      const at = this.knownScrollTop - pages.offsetTop;
      const index = pageAtOffset(previous, at) - 1;
      const previousHeight = (previous.heights[index] ?? 0) + pageGap;
      const within = previousHeight > 0 ? Math.min(1, Math.max(0, (at - (previous.tops[index] ?? 0)) / previousHeight)) : 0;
      const nextTop = (layout.tops[index] ?? 0) + within * ((layout.heights[index] ?? 0) + pageGap);
      if (Math.abs(nextTop - at) >= 1) root.scrollTop = nextTop + pages.offsetTop;
      // Whatever moved the view here (this, or the browser clamping to a shorter document) was not the reader.
      this.ownScrollTop = this.knownScrollTop = root.scrollTop;
    }
    this.readView();
  }

  /** Puts a page at the top of the view (a gap above it); it is the current page until the reader scrolls. */
  goToPage(pageNumber: number): void {
    const target = Math.min(this.layout.tops.length, Math.max(1, pageNumber));
    this.scrollOwn(this.scrollTopOf(target), null);
    this.pageChosen = true;
    // The target's page is put in the DOM (and starts loading) now, not a frame later on the scroll
    // event; its neighbours once it is painted, so that mounting them does not slow its paint.
    this.jumping = true;
    this.readView();
    this.listener.currentPage(target);
    this.whenPainted(this.bringInNeighbours);
  }

  /**
   * Brings a find match into view near the top, with a margin (and from the left when the page is wider
   * than the view), as pdf.js does: not on the edge, where it would be partly hidden. The page that was
   * chosen for it stays the current page.
   */
  scrollMatchIntoView(match: HTMLElement): void {
    const root = this.root;
    if (!root) return;
    const view = root.getBoundingClientRect();
    const box = match.getBoundingClientRect();
    const top = root.scrollTop + box.top - view.top - root.clientTop - matchOffsetTop;
    // Sideways only when the pages are wider than the view; the margin never pushes the match off its right edge.
    const wide = root.scrollWidth > root.clientWidth;
    const leftMargin = Math.max(0, Math.min(matchOffsetLeft, (root.clientWidth - box.width) / 2));
    const left = wide ? root.scrollLeft + box.left - view.left - root.clientLeft - leftMargin : null;
    this.scrollOwn(top, left);
    this.readView();
  }

  scrollBy(dx: number, dy: number): void {
    this.root?.scrollBy({ left: dx, top: dy });
  }

  /** The end of `jumping`: the pages around the view come into the DOM too. */
  readonly bringInNeighbours = (): void => {
    this.jumping = false;
    this.readView();
  };

  /** Scrolls by our own choice: the scroll event that follows is not taken for the reader's. */
  private scrollOwn(top: number, left: number | null): void {
    const root = this.root;
    if (!root) return;
    root.scrollTo(left === null ? { top } : { top, left });
    this.ownScrollTop = this.knownScrollTop = root.scrollTop;
  }

  /** The scroll offset that puts a page at the top of the view, a gap above it. */
  private scrollTopOf(pageNumber: number): number {
    return (this.pages?.offsetTop ?? 0) + (this.layout.tops[pageNumber - 1] ?? 0) - pageGap;
  }
}
