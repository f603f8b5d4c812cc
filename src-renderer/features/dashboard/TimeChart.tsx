import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { monitoringStore } from './monitoringStore';
import { timeLabels, toColumns, type ChartMetric } from './monitorData';

export interface TimeChartProps {
  metric: ChartMetric;
  label: string;
  colour: string;
  /** Fixed y range (percentages); omitted for open-ended values like tokens/s. */
  max?: number;
  /** Keep it stable (module-level): a new function recreates the chart. */
  format(value: number): string;
  height?: number;
}

const AXIS = '#71717a';
const GRID = 'rgba(113, 113, 122, 0.15)';

/**
 * One uPlot line chart fed straight from the monitoring store: new samples call setData on the
 * existing canvas, so React never re-renders per sample (smooth while a reply streams).
 */
export function TimeChart({ metric, label, colour, max, format, height = 140 }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const options: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: max === undefined ? { range: (_u, _min, hi) => [0, Math.max(1, hi * 1.15)] } : { range: [0, max] },
      },
      axes: [
        {
          stroke: AXIS,
          grid: { stroke: GRID },
          ticks: { stroke: GRID },
          values: (_u, splits) => timeLabels(splits),
          space: 80,
        },
        {
          stroke: AXIS,
          grid: { stroke: GRID },
          ticks: { stroke: GRID },
          size: 52,
          values: (_u, splits) => splits.map((v) => format(v)),
        },
      ],
      series: [
        {},
        { label, stroke: colour, width: 1.5, fill: `${colour}22`, spanGaps: false, points: { show: false } },
      ],
    };
    const initial = monitoringStore.getState().history;
    const chart = new uPlot(options, toColumns(initial, metric), el);
    el.dataset.points = String(initial.length);

    let last = initial;
    const unsubscribe = monitoringStore.subscribe((state) => {
      if (state.history === last) return;
      last = state.history;
      chart.setData(toColumns(state.history, metric));
      el.dataset.points = String(state.history.length);
    });
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      unsubscribe();
      resize.disconnect();
      chart.destroy();
    };
  }, [metric, label, colour, max, height, format]);

  return (
    <div ref={box} data-testid={`chart-${metric}`} role="img" aria-label={`${label} over time`} className="w-full" />
  );
}
