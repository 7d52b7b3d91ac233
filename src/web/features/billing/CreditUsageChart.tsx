import { useId } from "react";
import type { DailyUsage } from "../../lib/api.js";
import { count, shortDay } from "../../lib/format.js";

export const featureName = (feature: string) =>
  feature ? feature.replaceAll(/[_.:-]+/g, " ").replace(/^\w/, (letter) => letter.toUpperCase()) : "Other";

const palette = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)"];

/** Daily credit use of the cycle, stacked by feature; the same figures are in a table below it. */
export function CreditUsageChart({ usage }: { usage: DailyUsage }) {
  const titleId = useId();
  const features = [...new Set(usage.days.flatMap((day) => Object.keys(day.byFeature)))].sort();
  const color = (feature: string) => palette[features.indexOf(feature) % palette.length];
  const max = Math.max(1, ...usage.days.map((day) => day.credits));
  const total = usage.days.reduce((sum, day) => sum + day.credits, 0);
  const barWidth = 10;
  const gap = 3;
  const height = 100;
  const width = Math.max(1, usage.days.length) * (barWidth + gap);
  const summary =
    total === 0
      ? "No AI credits used yet this cycle."
      : `${count(total)} credits used over ${usage.days.length} days; the busiest day used ${count(max)}.`;

  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">
        Daily use by feature
      </figcaption>
      {usage.days.length === 0 ? (
        <p className="muted">No days in this cycle yet.</p>
      ) : (
        <svg
          className="chart-svg"
          viewBox={`0 0 ${width} ${height}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={summary}
        >
          {usage.days.map((day, index) => {
            let y = height;
            return (
              <g key={day.date}>
                <title>{`${shortDay(day.date)}: ${count(day.credits)} credits`}</title>
                <rect
                  x={index * (barWidth + gap)}
                  y={0}
                  width={barWidth}
                  height={height}
                  className="chart-slot"
                />
                {features.map((feature) => {
                  const credits = day.byFeature[feature] ?? 0;
                  if (credits === 0) return null;
                  const barHeight = (credits / max) * height;
                  y -= barHeight;
                  return (
                    <rect
                      key={feature}
                      x={index * (barWidth + gap)}
                      y={y}
                      width={barWidth}
                      height={barHeight}
                      fill={color(feature)}
                    />
                  );
                })}
              </g>
            );
          })}
        </svg>
      )}
      <div className="chart-axis" aria-hidden="true">
        <span>{usage.days[0] ? shortDay(usage.days[0].date) : ""}</span>
        <span>{usage.days.at(-1) ? shortDay(usage.days.at(-1)?.date ?? "") : ""}</span>
      </div>
      {features.length > 0 ? (
        <ul className="chart-legend">
          {features.map((feature) => (
            <li key={feature}>
              <span className="swatch" style={{ background: color(feature) }} aria-hidden="true" />
              {featureName(feature)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{summary}</p>
      )}
      {total > 0 ? (
        <details className="chart-table">
          <summary>Show as a table</summary>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  {features.map((feature) => (
                    <th scope="col" key={feature} className="num">
                      {featureName(feature)}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {usage.days
                  .filter((day) => day.credits > 0)
                  .map((day) => (
                    <tr key={day.date}>
                      <th scope="row">{shortDay(day.date)}</th>
                      {features.map((feature) => (
                        <td key={feature} className="num">
                          {count(day.byFeature[feature] ?? 0)}
                        </td>
                      ))}
                      <td className="num">{count(day.credits)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </figure>
  );
}
