/** A select of typed choices under a text label: the viewer's small pickers (statistics grouping, request order). */

export interface Choice<T extends string> {
  value: T;
  label: string;
}

export interface LabelledSelectProps<T extends string> {
  label: string;
  value: T;
  choices: readonly Choice<T>[];
  onChange(value: T): void;
  testId?: string;
}

export function LabelledSelect<T extends string>({ label, value, choices, onChange, testId }: LabelledSelectProps<T>) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as T)} data-testid={testId}>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
