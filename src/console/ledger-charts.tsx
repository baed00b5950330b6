/**
 * Small server-rendered SVG charts (hono/jsx, so every label is escaped), no client library and no
 * CDN: a grouped bar chart for the ledger's series. Each chart has a title and a description for
 * assistive technology and the same figures in a visually hidden table. Colours come from CSS
 * classes (`.s0`, `.s1`) so the page's stylesheet controls them and no inline style is needed
 * (the console's Content-Security-Policy forbids inline styles).
 */
import type { Child } from "hono/jsx";

export interface BarSeries {
  label: string;
  values: number[];
}

let chartSeq = 0;

/**
 * A grouped bar chart.
 * @param categories x-axis labels, one per group
 * @param series one or two series, each with a value per category
 * @param format how a value is written on the axis and in the table (e.g. percentages)
 */
export function BarChart(props: { title: string; categories: string[]; series: BarSeries[]; format?: (v: number) => string; max?: number }): Child {
  const id = `chart-${++chartSeq}`;
  const fmt = props.format ?? ((v: number) => String(v));
  const W = 560;
  const H = 220;
  const pad = { l: 44, r: 8, t: 12, b: 44 };
  const innerW = W - pad.l - pad.r;
  const innerH = H - pad.t - pad.b;
  const max = Math.max(props.max ?? 0, ...props.series.flatMap((s) => s.values), 1);
  const groupW = props.categories.length ? innerW / props.categories.length : innerW;
  const barW = Math.max(2, Math.min(36, (groupW * 0.8) / Math.max(1, props.series.length)));
  const y = (v: number) => pad.t + innerH - (v / max) * innerH;
  const ticks = [0, max / 2, max];
  const labelEvery = Math.max(1, Math.ceil(props.categories.length / 8));
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>
          {props.series.map((s) => `${s.label}: ${props.categories.map((c, i) => `${c} ${fmt(s.values[i] ?? 0)}`).join(", ")}`).join(". ")}
        </desc>
        {ticks.map((t) => (
          <g>
            <line class="grid" x1={pad.l} x2={W - pad.r} y1={y(t)} y2={y(t)} />
            <text class="axis" x={pad.l - 4} y={y(t) + 4} text-anchor="end">
              {fmt(t)}
            </text>
          </g>
        ))}
        {props.categories.map((c, i) => (
          <g>
            {props.series.map((s, j) => {
              const v = s.values[i] ?? 0;
              const x = pad.l + i * groupW + (groupW - barW * props.series.length) / 2 + j * barW;
              return (
                <rect class={`bar s${j}`} x={x} y={y(v)} width={barW} height={Math.max(0, pad.t + innerH - y(v))}>
                  <title>{`${s.label}, ${c}: ${fmt(v)}`}</title>
                </rect>
              );
            })}
            {i % labelEvery === 0 ? (
              <text class="axis" x={pad.l + i * groupW + groupW / 2} y={H - pad.b + 16} text-anchor="middle">
                {c}
              </text>
            ) : null}
          </g>
        ))}
        {props.series.map((s, j) => (
          <g>
            <rect class={`bar s${j}`} x={pad.l + j * 150} y={H - 16} width={10} height={10} />
            <text class="axis" x={pad.l + j * 150 + 14} y={H - 7}>
              {s.label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>{props.title}</figcaption>
      <table class="sr-only">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            {props.series.map((s) => (
              <th scope="col">{s.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.categories.map((c, i) => (
            <tr>
              <th scope="row">{c}</th>
              {props.series.map((s) => (
                <td>{fmt(s.values[i] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
