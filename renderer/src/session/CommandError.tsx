/** Why the last action did not happen, next to the control that tried it. */
export function CommandError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="command-error" role="alert">
      {message}
    </p>
  );
}
