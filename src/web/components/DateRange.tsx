/**
 * From and To days that bound each other: each input limits the other's choices, and a start
 * after the end marks both invalid and points them at the message (`errorId`) the caller shows.
 */
export function DateRange(props: {
  /** The inputs are `${id}-from` and `${id}-to`. */
  id: string;
  from: string;
  to: string;
  onChange: (changes: { from?: string; to?: string }) => void;
  errorId: string;
}) {
  const valid = !props.from || !props.to || props.from <= props.to;
  const ends = [
    { end: "from", label: "From", value: props.from, bound: { max: props.to || undefined } },
    { end: "to", label: "To", value: props.to, bound: { min: props.from || undefined } },
  ] as const;
  return (
    <>
      {ends.map(({ end, label, value, bound }) => (
        <div className="field field-date" key={end}>
          <label className="field-label" htmlFor={`${props.id}-${end}`}>
            {label}
          </label>
          <input
            id={`${props.id}-${end}`}
            type="date"
            value={value}
            {...bound}
            onChange={(event) => props.onChange({ [end]: event.target.value })}
            aria-invalid={!valid || undefined}
            aria-describedby={valid ? undefined : props.errorId}
          />
        </div>
      ))}
    </>
  );
}
