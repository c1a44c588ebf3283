import type { ComponentChildren, JSX, Ref } from 'preact';

/**
 * The panel's labelled fields, one home for their markup: a wrapper (`div.field` unless said), the
 * label tied to the control by id, the control, and the field's error as an alert the control is
 * described by. `Fields` renders a table of them bound to one record.
 */

/** A field's error: an alert under the control, with the id the control is described by. */
export function FieldError({ id, error }: { id?: string | undefined; error: string | null | undefined }) {
  return error ? (
    <p id={id} class="error field-error" role="alert">
      {error}
    </p>
  ) : null;
}

/** How an error marks its control: invalid, and described by the error's id (`<control id>-error`). */
export function errorMarks(id: string, error: string | null | undefined) {
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined } as const;
}

interface FrameProps {
  id: string;
  label: ComponentChildren;
  /** The wrapper's classes: 'field' unless said. */
  class?: string | undefined;
  /** The label's classes: 'sr-only' where the line around the control says what it is. */
  labelClass?: string | undefined;
  /** No wrapper: the label and the control stand in the caller's own line. */
  inline?: boolean | undefined;
  /** Shown after the control as an alert (`<id>-error`); the control is then invalid and described by it. */
  error?: string | null | undefined;
}

/** The frame of a field around any control (children): wrapper, label, control, error. */
export function FieldFrame({
  id,
  label,
  class: wrapper = 'field',
  labelClass,
  inline,
  error,
  children,
}: FrameProps & { children: ComponentChildren }) {
  const body = (
    <>
      <label class={labelClass} for={id}>
        {label}
      </label>
      {children}
      <FieldError id={`${id}-error`} error={error} />
    </>
  );
  return inline ? body : <div class={wrapper}>{body}</div>;
}

/** What a control says about its state: the caller's own words win over its error's marks. */
function marks(
  id: string,
  error: string | null | undefined,
  own: { 'aria-invalid'?: boolean | undefined; 'aria-describedby'?: string | undefined },
) {
  const fromError = errorMarks(id, error);
  return {
    'aria-invalid': own['aria-invalid'] ?? fromError['aria-invalid'],
    'aria-describedby': own['aria-describedby'] ?? fromError['aria-describedby'],
  };
}

type InputAttributes = Omit<
  JSX.InputHTMLAttributes<HTMLInputElement>,
  'id' | 'class' | 'className' | 'label' | 'value' | 'onInput' | 'children' | 'ref' | 'aria-describedby' | 'aria-invalid'
>;

export interface FieldProps extends FrameProps, InputAttributes {
  value?: string;
  /** The value as it is typed (input events). */
  onValue?: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
  'aria-describedby'?: string | undefined;
  'aria-invalid'?: boolean | undefined;
  /** What follows the control in the field, before its error (a warning). */
  children?: ComponentChildren;
}

/** A labelled one-line input (type text unless said). */
export function Field({ id, label, class: wrapper, labelClass, inline, error, children, onValue, inputRef, ...input }: FieldProps) {
  return (
    <FieldFrame id={id} label={label} class={wrapper} labelClass={labelClass} inline={inline} error={error}>
      <input
        id={id}
        ref={inputRef}
        type="text"
        {...input}
        {...marks(id, error, input)}
        onInput={onValue && ((e) => onValue(e.currentTarget.value))}
      />
      {children}
    </FieldFrame>
  );
}

/** A labelled text area. */
export function TextAreaField({
  rows,
  maxLength,
  value,
  onValue,
  'aria-describedby': describedBy,
  ...frame
}: FrameProps & {
  rows: number;
  maxLength: number;
  value: string;
  onValue: (value: string) => void;
  'aria-describedby'?: string | undefined;
}) {
  return (
    <FieldFrame {...frame}>
      <textarea
        id={frame.id}
        rows={rows}
        maxLength={maxLength}
        value={value}
        {...marks(frame.id, frame.error, { 'aria-describedby': describedBy })}
        onInput={(e) => onValue(e.currentTarget.value)}
      />
    </FieldFrame>
  );
}

/** A labelled select of a fixed list, each option shown by its words. */
export function SelectField<T extends string>({
  options,
  words,
  value,
  onValue,
  ...frame
}: FrameProps & { options: readonly T[]; words: Readonly<Record<T, string>>; value: T; onValue: (value: T) => void }) {
  return (
    <FieldFrame {...frame}>
      <select id={frame.id} value={value} onChange={(e) => onValue(e.currentTarget.value as T)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {words[option]}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A row of a table of fields: the record's key it holds, its id after the table's prefix, label and attributes. */
export type FieldRow<K extends string> = Omit<FieldProps, 'value' | 'onValue'> & { field: K };

interface FieldsProps<K extends string> extends Omit<FieldProps, 'id' | 'label' | 'value' | 'onValue' | 'onChange'> {
  rows: readonly FieldRow<K>[];
  idPrefix: string;
  values: Readonly<Record<K, string>>;
  onChange: (field: K, value: string) => void;
  /** What a row takes from the form as it is now (its error, what describes it). */
  more?: (field: K) => Partial<FieldProps>;
}

/** A table of fields bound to one record, in the table's order; the attributes given here are every row's. */
export function Fields<K extends string>({ rows, idPrefix, values, onChange, more, ...common }: FieldsProps<K>) {
  return (
    <>
      {rows.map(({ field, id, ...row }) => (
        <Field
          key={field}
          {...common}
          {...row}
          {...more?.(field)}
          id={idPrefix + id}
          value={values[field]}
          onValue={(value) => onChange(field, value)}
        />
      ))}
    </>
  );
}
