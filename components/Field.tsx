/** Labelled form inputs for the server-rendered forms. */

/** Props of {@link Field}. */
export interface FieldProps {
  label: string;
  name: string;
  type?: "text" | "password" | "search";
  value?: string;
  autocomplete?: string;
  required?: boolean;
  autofocus?: boolean;
  placeholder?: string;
  minLength?: number;
}

/** A label with a text-like input. */
export function Field(p: FieldProps) {
  return (
    <label class="field">
      <span>{p.label}</span>
      <input
        type={p.type ?? "text"}
        name={p.name}
        value={p.value}
        autocomplete={p.autocomplete}
        required={p.required}
        autofocus={p.autofocus}
        placeholder={p.placeholder}
        minLength={p.minLength}
      />
    </label>
  );
}

/** A status message after a form action: an error (`role=alert`) or a notice. */
export function Message({ error, notice }: { error?: string | null; notice?: string | null }) {
  return (
    <>
      {error && <p class="alert" role="alert">{error}</p>}
      {notice && <p class="notice" role="status">{notice}</p>}
    </>
  );
}
