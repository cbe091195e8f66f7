/**
 * The paper saved as a bar chart: server-rendered SVG, no script. It is one
 * image to assistive technology (role="img", named by its title and described
 * by its description); the same figures are in the table that follows it,
 * which screen readers read cell by cell. Colours are presentation attributes
 * (the public pages' Content-Security-Policy allows no inline styles), dark
 * enough on white for WCAG 2.2's 3:1 for graphics and 4.5:1 for text.
 */
export interface ChartBar {
  /** Shown under the bar (a year, a committee's name). */
  label: string;
  value: number;
}

export interface PaperSavedChartProps {
  /** Unique on the page: the SVG's title and description are named from it. */
  id: string;
  title: string;
  /** What the chart shows, in words, ending with where the same figures are as a table. */
  description: string;
  bars: ChartBar[];
  /** The unit of the values, for the axis: "sheets". */
  unit: string;
}

const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { top: 28, right: 16, bottom: 44, left: 72 };
const TEXT = '#0b0c0c';
const BAR = '#1d70b8';
const GRID = '#b1b4b6';

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const compactFormat = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 });

/** A round step (1, 2 or 5 × 10ⁿ) that divides 0…max into about four parts. */
export function tickStep(max: number): number {
  if (max <= 0) return 1;
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough)!;
  return Math.max(1, step);
}

export function PaperSavedChart({ id, title, description, bars, unit }: PaperSavedChartProps) {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const step = tickStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);
  /** Coordinates to a tenth of a unit: the markup stays short and exact enough. */
  const round = (value: number) => Math.round(value * 10) / 10;
  const y = (value: number) => round(MARGIN.top + plotHeight - (value / top) * plotHeight);
  const slot = bars.length > 0 ? plotWidth / bars.length : plotWidth;
  const barWidth = round(Math.min(72, slot * 0.6));
  const titleId = `${id}-title`;
  const descriptionId = `${id}-description`;
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        xmlns="http://www.w3.org/2000/svg"
        fontFamily="sans-serif"
        fontSize="13"
      >
        <title id={titleId}>{title}</title>
        <desc id={descriptionId}>{description}</desc>
        <text x={MARGIN.left} y={16} fill={TEXT}>
          {unit}
        </text>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke={GRID} strokeWidth={tick === 0 ? 2 : 1} />
            <text x={MARGIN.left - 8} y={y(tick) + 4} textAnchor="end" fill={TEXT}>
              {compactFormat.format(tick)}
            </text>
          </g>
        ))}
        {bars.map((bar, index) => {
          const x = round(MARGIN.left + index * slot + (slot - barWidth) / 2);
          const height = round((bar.value / top) * plotHeight);
          return (
            <g key={`${bar.label}-${index}`}>
              <rect x={x} y={y(bar.value)} width={barWidth} height={height} fill={BAR} />
              <text x={x + barWidth / 2} y={y(bar.value) - 6} textAnchor="middle" fill={TEXT}>
                {numberFormat.format(bar.value)}
              </text>
              <text x={x + barWidth / 2} y={HEIGHT - MARGIN.bottom + 20} textAnchor="middle" fill={TEXT}>
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
