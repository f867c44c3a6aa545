/** A form's or an action's failure, announced as it appears; nothing while there is none. */
export function FormError({ error }: { error: Error | string | null | undefined | false }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {typeof error === 'string' ? error : error.message}
    </p>
  );
}
