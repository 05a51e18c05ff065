/**
 * The continuity-of-care rate by month against the national ambition, drawn on the server as
 * SVG with Observable Plot over linkedom's DOM: no browser-side charting, so it shows without
 * JavaScript. The figures behind it are the report's; the SVG carries a title and a
 * description for screen readers, and suppressed or empty months are gaps, not zeros.
 */
import { parseHTML } from 'linkedom';
import type { ContinuityReport } from './continuity-of-care';

/** Plot is published as ES modules only; the API is CommonJS, so it is loaded once, on first use. */
let plot: Promise<typeof import('@observablehq/plot')> | undefined;
const loadPlot = () => (plot ??= import('@observablehq/plot'));

/** The little of the DOM used here (the project compiles without the DOM's types). */
interface SvgNode {
  setAttribute(name: string, value: string): void;
  insertBefore(node: unknown, before: unknown): void;
  firstChild: unknown;
  outerHTML: string;
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

export async function continuityChartSvg(report: ContinuityReport): Promise<string> {
  const Plot = await loadPlot();
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const months = report.groups
    .filter((g) => g.all.rate !== null)
    .map((g) => ({ month: new Date(`${g.group.month}-01T00:00:00Z`), rate: g.all.rate!, lower: g.all.interval!.lower, upper: g.all.interval!.upper }));
  const svg = Plot.plot({
    document: document as unknown as NonNullable<Parameters<typeof Plot.plot>[0]>['document'],
    width: 720,
    height: 360,
    marginLeft: 56,
    marginRight: 40,
    y: { domain: [0, 1], tickFormat: '%', label: 'Started treatment within the window', grid: true },
    x: { type: 'utc', label: 'Month of release', tickFormat: '%b %Y' },
    marks: [
      Plot.areaY(months, { x: 'month', y1: 'lower', y2: 'upper', fillOpacity: 0.15 }),
      Plot.lineY(months, { x: 'month', y: 'rate', strokeWidth: 2 }),
      Plot.dot(months, { x: 'month', y: 'rate', title: (d: { month: Date; rate: number }) => `${d.month.toISOString().slice(0, 7)}: ${percent(d.rate)}` }),
      Plot.ruleY([report.nationalAmbition], { strokeDasharray: '6 4' }),
      Plot.text([report.nationalAmbition], { y: (d: number) => d, frameAnchor: 'right', dy: -6, text: () => `National ambition ${percent(report.nationalAmbition)}` }),
    ],
  }) as unknown as SvgNode;
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'chart-title chart-desc');
  const title = document.createElement('title');
  title.setAttribute('id', 'chart-title');
  title.textContent = `Continuity of care by month, ${report.from} to ${report.to}`;
  const desc = document.createElement('desc');
  desc.setAttribute('id', 'chart-desc');
  desc.textContent =
    months.length === 0
      ? 'No month in the period has a settled outcome to show.'
      : months.map((m) => `${m.month.toISOString().slice(0, 7)}: ${percent(m.rate)} (95% interval ${percent(m.lower)} to ${percent(m.upper)})`).join('; ') +
        `. National ambition ${percent(report.nationalAmbition)}.`;
  svg.insertBefore(desc, svg.firstChild);
  svg.insertBefore(title, svg.firstChild);
  return svg.outerHTML;
}
