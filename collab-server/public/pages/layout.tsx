/**
 * The frame of every public page: language, title, the one stylesheet, a skip
 * link, the site header and navigation, the main landmark and the footer.
 * No scripts anywhere: the pages work the same with JavaScript off.
 */
import type { Child } from 'hono/jsx';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { publicPaths } from '../public-paths.ts';

/** What every page knows about the site it is part of. */
export interface Site {
  councilName: string;
  /** IANA zone that dates and times are shown in. */
  timeZone: string;
  /** The stylesheet's URL, with a version so a new stylesheet is fetched at once. */
  stylesheetUrl: string;
}

export interface Crumb {
  label: string;
  href: string;
}

interface NavLink {
  label: string;
  href: string;
}

const navigation: NavLink[] = [
  { label: 'Home', href: publicPaths.home },
  { label: 'Committees', href: publicPaths.committees },
  { label: 'Meetings', href: publicPaths.meetings },
  { label: 'Search papers', href: publicPaths.search },
  { label: 'Paper saved', href: publicPaths.paperSaved },
];

export interface PageProps {
  site: Site;
  /** The page's own title (the browser tab adds the council's name). */
  title: string;
  /** The navigation entry this page belongs to, marked as the current page. */
  section?: string;
  crumbs?: Crumb[];
  children: Child;
}

export function Page({ site, title, section, crumbs, children }: PageProps) {
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${site.councilName}`}</title>
        <link rel="stylesheet" href={site.stylesheetUrl} />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <header className="site-header">
          <div className="wrap">
            <p className="site-name">
              <a href={publicPaths.home}>{site.councilName}</a>{' '}
              <span className="site-tagline">Meetings, agendas and decisions</span>
            </p>
            <nav aria-label="Site">
              <ul className="site-nav">
                {navigation.map((link) => (
                  <li key={link.href}>
                    <a href={link.href} aria-current={link.href === section ? 'page' : undefined}>
                      {link.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        {crumbs && crumbs.length > 0 ? (
          <nav aria-label="Breadcrumb" className="breadcrumbs wrap">
            <ol>
              {crumbs.map((crumb) => (
                <li key={crumb.href}>
                  <a href={crumb.href}>{crumb.label}</a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <main id="main" className="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="wrap">
            <ul className="footer-links">
              <li>
                <a href={publicPaths.councilCalendar}>All meetings as a calendar (iCalendar)</a>
              </li>
              <li>
                <a href={publicPaths.oparlSystem}>Open data (OParl 1.1)</a>
              </li>
            </ul>
            <p>Published by {site.councilName} with Chamber, paperless council meetings.</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** The whole document: doctype and markup, every value escaped by hono/jsx (only `raw()` would not be, and the pages never use it). */
export function renderDocument(page: JSX.Element): string {
  // No component is async, so rendering is synchronous; a Promise here is a programming error.
  if (page instanceof Promise) throw new Error('A public page rendered asynchronously');
  return `<!DOCTYPE html>${page.toString()}`;
}
