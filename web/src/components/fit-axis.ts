import type uPlot from 'uplot';
import { axisFont } from './time-chart.js';

/**
 * An axis size function: as wide as the axis's longest value label (uPlot's fixed 50 px cut off
 * "1,000,000" and put the axis label over it), as in uPlot's axis autosize demo
 * (demos/axis-autosize.html), and never narrower than `minPx`, which keeps charts stacked on one
 * time axis in line while their values are short; `padPx` more beside the longest label.
 */
export function fitAxis(minPx: number, padPx = 0): uPlot.Axis.Size {
  return (u, values, axisIdx, cycleNum) => {
    const axis = u.axes[axisIdx] as uPlot.Axis & { _size?: number };
    // uPlot sizes the axes again until they settle: settle on the second round.
    if (cycleNum > 1 && axis._size) return axis._size;
    const ticks = (axis.ticks?.size ?? 10) + (axis.gap ?? 5);
    u.ctx.font = axisFont(axis) ?? u.ctx.font;
    const widest = Math.max(0, ...(values ?? []).map((v) => u.ctx.measureText(v).width));
    return Math.max(minPx, Math.ceil(ticks + widest / devicePixelRatio + padPx));
  };
}
