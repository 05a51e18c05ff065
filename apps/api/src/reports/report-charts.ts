/**
 * The reports as pictures, drawn on the server as SVG with Observable Plot over linkedom's
 * DOM: no browser-side charting, so they show without JavaScript. Each SVG carries a title and
 * a description with the same figures, for screen readers; suppressed or empty groups are
 * left out, never drawn as zeros.
 *   - the continuity-of-care rate by month against the national ambition, with its interval;
 *   - the share of each handover step not done on time, so the step where people fall
 *     through stands out.
 */
import type { ContinuityReport } from './continuity-of-care';
import type { HandoverStepsReport } from './handover-steps';

/** Plot is published as ES modules only; the API is CommonJS, so it is loaded once, on first use. */
let plot: Promise<typeof import('@observablehq/plot')> | undefined;
const loadPlot = () => (plot ??= import('@observablehq/plot'));
type Plot = Awaited<ReturnType<typeof loadPlot>>;
/** linkedom too, on first use: its 124 modules would otherwise load with every API process. */
let linkedom: Promise<typeof import('linkedom')> | undefined;
const loadLinkedom = () => (linkedom ??= import('linkedom'));

/** The little of the DOM used here (the project compiles without the DOM's types). */
interface SvgNode {
  setAttribute(name: string, value: string): void;
  insertBefore(node: unknown, before: unknown): void;
  firstChild: unknown;
  outerHTML: string;
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** Draws with Plot on a fresh document, and names the picture for screen readers. */
async function drawn(options: (Plot: Plot) => Parameters<Plot['plot']>[0], title: string, description: string): Promise<string> {
  const [Plot, { parseHTML }] = await Promise.all([loadPlot(), loadLinkedom()]);
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = Plot.plot({ ...options(Plot), document: document as unknown as NonNullable<Parameters<Plot['plot']>[0]>['document'] }) as unknown as SvgNode;
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'chart-title chart-desc');
  const titleNode = document.createElement('title');
  titleNode.setAttribute('id', 'chart-title');
  titleNode.textContent = title;
  const descNode = document.createElement('desc');
  descNode.setAttribute('id', 'chart-desc');
  descNode.textContent = description;
  svg.insertBefore(descNode, svg.firstChild);
  svg.insertBefore(titleNode, svg.firstChild);
  return svg.outerHTML;
}

export function continuityChartSvg(report: ContinuityReport): Promise<string> {
  const months = report.groups
    .filter((g) => g.all.rate !== null)
    .map((g) => ({ month: new Date(`${g.group.month}-01T00:00:00Z`), rate: g.all.rate!, lower: g.all.interval!.lower, upper: g.all.interval!.upper }));
  const description =
    months.length === 0
      ? 'No month in the period has a settled outcome to show.'
      : months.map((m) => `${m.month.toISOString().slice(0, 7)}: ${percent(m.rate)} (95% interval ${percent(m.lower)} to ${percent(m.upper)})`).join('; ') +
        `. National ambition ${percent(report.nationalAmbition)}.`;
  return drawn(
    (Plot) => ({
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
    }),
    `Continuity of care by month, ${report.from} to ${report.to}`,
    description,
  );
}

/** A step as words on the chart: `referral-acceptance` → "referral acceptance". */
const stepName = (step: string) => step.replace(/-/g, ' ');

export function handoverStepsChartSvg(report: HandoverStepsReport): Promise<string> {
  const steps = report.groups
    .filter((g) => !g.suppressed && g.shareOnTime !== null)
    .map((g) => ({ step: stepName(g.group.step), late: 1 - g.shareOnTime!, due: g.due! }))
    .sort((a, b) => b.late - a.late);
  const description =
    steps.length === 0
      ? 'No step in the period has tasks due to show.'
      : steps.map((s) => `${s.step}: ${percent(s.late)} of ${s.due} not done on time`).join('; ') + '.';
  return drawn(
    (Plot) => ({
      width: 720,
      height: 60 + 28 * Math.max(steps.length, 1),
      marginLeft: 190,
      marginRight: 56,
      x: { domain: [0, 1], tickFormat: '%', label: 'Not done on time', grid: true },
      y: { label: null, domain: steps.map((s) => s.step) },
      marks: [
        Plot.barX(steps, { x: 'late', y: 'step' }),
        Plot.text(steps, { x: 'late', y: 'step', text: (s: { late: number }) => percent(s.late), dx: 6, textAnchor: 'start' }),
        Plot.ruleX([0]),
      ],
    }),
    `Handover steps not done on time, ${report.from} to ${report.to}`,
    description,
  );
}
