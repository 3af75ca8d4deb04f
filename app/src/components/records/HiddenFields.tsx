

/** Hidden inputs for a form's fixed values (intent, ids, a removed record's values for undo); a list becomes one input per value. */
export function HiddenFields({ fields }: { fields: Readonly<Record<string, string | number | readonly string[]>> }) {
  return (
    <>
      {Object.entries(fields).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [String(value)]).map((v, i) => <input key={`${name}-${i}`} type="hidden" name={name} value={v} />),
      )}
    </>
  );
}
