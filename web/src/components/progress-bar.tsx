interface Props {
  percent: number;
  /** The id of the element that says what the bar measures. */
  labelledBy: string;
  /** The value as read out: "120 of 500". */
  text: string;
  className?: string;
  fillClassName?: string;
}

/** A bar filled to `percent` (clamped to 0–100) that assistive technology reads as a progress bar. */
export function ProgressBar({ percent, labelledBy, text, className, fillClassName }: Props) {
  const value = Math.max(0, Math.min(100, percent));
  return (
    <div
      className={className ?? 'progress'}
      role="progressbar"
      aria-labelledby={labelledBy}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-valuetext={text}
    >
      <div className={fillClassName} style={{ width: `${value}%` }} />
    </div>
  );
}
