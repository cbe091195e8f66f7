/**
 * The paper the council saved (figures from paper-saved.ts): a summary on the
 * home page and the whole breakdown — per year, committee and meeting — on
 * its own page, as tables (readable by screen readers and on a phone).
 */
import type { Child } from 'hono/jsx';
import type { Db } from '../../db/database.ts';
import type { PaperSavedReport, PaperTotals } from '../paper-saved.ts';
import { publicPaths } from '../public-paths.ts';
import { formatDate } from './format.ts';
import { PaperSavedChart } from './PaperSavedChart.tsx';
import { Page, type Site, renderDocument } from './layout.tsx';
import { type RenderedPage, latestTime } from './rendered-page.ts';
import { publicRecordModifiedAt } from '../public-record.ts';

const wholeNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const kilograms = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
/** Whole units from 1,000 up ("£12,345"), pence below ("£2.52"). */
const money = (amount: number, currency: string) => {
  const digits = Math.abs(amount) >= 1000 ? 0 : 2;
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);
};
/** A price per sheet, to a tenth of a penny when it has one ("£0.07", "£0.085"). */
const unitPrice = (amount: number, currency: string) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 3 }).format(amount);

function TotalsFigures({ totals, report }: { totals: PaperTotals; report: PaperSavedReport }) {
  return (
    <dl className="figures">
      <div>
        <dt>Sheets of paper not printed</dt>
        <dd>{wholeNumber.format(totals.sheets)}</dd>
      </div>
      <div>
        <dt>Printing and delivery not paid for</dt>
        <dd>{money(totals.cost, report.factors.currency)}</dd>
      </div>
      <div>
        <dt>Greenhouse gas not emitted</dt>
        <dd>{kilograms.format(totals.co2eKg)} kg CO2e</dd>
      </div>
      <div>
        <dt>Meetings counted</dt>
        <dd>{wholeNumber.format(totals.meetings)}</dd>
      </div>
    </dl>
  );
}

/** The home page's summary: the totals since the first meeting, and a link to the breakdown. */
export function PaperSavedSummary({ report, site }: { report: PaperSavedReport; site: Site }) {
  return (
    <section aria-labelledby="paper-saved-heading" className="paper-saved">
      <h2 id="paper-saved-heading">Paper saved</h2>
      {report.since ? (
        <>
          <p>
            Since {formatDate(report.since, site.timeZone)}, {site.councilName} has published its meeting papers here instead of printing them.
          </p>
          <TotalsFigures totals={report.total} report={report} />
        </>
      ) : (
        <p>Once meetings are published here, this shows the paper not printed for them.</p>
      )}
      <p>
        <a href={publicPaths.paperSaved}>Paper saved by year, committee and meeting, and how it is counted</a>
      </p>
    </section>
  );
}

function TotalsTable({ caption, firstColumn, rows, report }: { caption: string; firstColumn: string; rows: { key: string; label: Child; totals: PaperTotals }[]; report: PaperSavedReport }) {
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstColumn}</th>
            <th scope="col" className="number">Meetings</th>
            <th scope="col" className="number">Pages per copy</th>
            <th scope="col" className="number">Sheets not printed</th>
            <th scope="col" className="number">Cost saved</th>
            <th scope="col" className="number">kg CO2e</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td className="number">{wholeNumber.format(row.totals.meetings)}</td>
              <td className="number">{wholeNumber.format(row.totals.pages)}</td>
              <td className="number">{wholeNumber.format(row.totals.sheets)}</td>
              <td className="number">{money(row.totals.cost, report.factors.currency)}</td>
              <td className="number">{kilograms.format(row.totals.co2eKg)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function renderPaperSavedPage(db: Db, site: Site, report: PaperSavedReport): RenderedPage {
  const { factors } = report;
  const html = renderDocument(
    <Page site={site} title="Paper saved" section={publicPaths.paperSaved} crumbs={[{ label: 'Home', href: publicPaths.home }]}>
      <h1>Paper saved</h1>
      {report.since ? (
        <>
          <p className="lead">
            Since {formatDate(report.since, site.timeZone)}, {site.councilName} has published its meeting papers here instead of printing them.
          </p>
          <TotalsFigures totals={report.total} report={report} />
          <h2>By year</h2>
          <PaperSavedChart
            id="paper-saved-by-year"
            title="Sheets of paper not printed, by year"
            description={`A bar for each year: ${report.years.map((year) => `${year.year}, ${wholeNumber.format(year.sheets)} sheets`).join('; ')}. The table “Paper saved by year” below gives the same figures.`}
            unit="Sheets not printed"
            bars={report.years.map((year) => ({ label: String(year.year), value: year.sheets }))}
          />
          <TotalsTable
            caption="Paper saved by year"
            firstColumn="Year"
            report={report}
            rows={report.years.map((year) => ({ key: String(year.year), label: String(year.year), totals: year }))}
          />
          <h2>By committee</h2>
          <TotalsTable
            caption="Paper saved by committee"
            firstColumn="Committee"
            report={report}
            rows={report.committees.map((committee) => ({
              key: committee.committeeId,
              label: <a href={publicPaths.committee(committee.committeeId)}>{committee.name}</a>,
              totals: committee,
            }))}
          />
          <h2>By meeting</h2>
          <TotalsTable
            caption="Paper saved by meeting"
            firstColumn="Meeting"
            report={report}
            rows={[...report.meetings].reverse().map((meeting) => ({
              key: meeting.meetingId,
              label: (
                <a href={publicPaths.meeting(meeting.meetingId)}>
                  {meeting.title}, <time dateTime={meeting.startsAt}>{formatDate(meeting.startsAt, site.timeZone)}</time>
                </a>
              ),
              totals: meeting,
            }))}
          />
        </>
      ) : (
        <p className="lead">Once meetings are published here, this page shows the paper not printed for them.</p>
      )}
      <h2>How it is counted</h2>
      <p>
        For every published meeting that was not cancelled: the pages of its agenda pack and the papers sent outside it, times the people who would have
        received a printed copy — everyone on the committee, plus {wholeNumber.format(factors.publicCopiesPerMeeting)} copies for the public and the press —
        gives the sheets not printed{factors.printedSides === 'double' ? ' (printed on both sides of the sheet)' : ''}. Papers of items not open to the public are
        not counted here.
      </p>
      <ul>
        <li>Each sheet is counted at {unitPrice(factors.costPerSheet, factors.currency)} for paper, printing and delivery.</li>
        <li>Each sheet stands for {factors.gramsCo2ePerSheet} g of CO2e, the greenhouse gas of making the paper.</li>
      </ul>
      <p>
        The same figures as open data: <a href={publicPaths.paperSavedJson}>paper saved (JSON)</a>.
      </p>
    </Page>,
  );
  return { html, lastModified: latestTime(report.modifiedAt, publicRecordModifiedAt(db)) };
}
