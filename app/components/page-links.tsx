import { Link } from "@remix-run/react";

/**
 * The links under a keyset-paged list: back to the first page (when on a later one) and on to the
 * next (when there is one), each keeping the list's filters (`query`, a query string).
 */
export function PageLinks({ path, query, paged, next, firstLabel, nextLabel }: { path: string; query: string; paged: boolean; next: string | null; firstLabel: string; nextLabel: string }) {
  const to = (extra: Record<string, string>) => {
    const params = new URLSearchParams(query);
    for (const [key, value] of Object.entries(extra)) params.set(key, value);
    const search = params.toString();
    return search ? `${path}?${search}` : path;
  };
  return (
    <p className="actions">
      {paged ? <Link to={to({})}>{firstLabel}</Link> : null}
      {next ? <Link to={to({ after: next })}>{nextLabel}</Link> : null}
    </p>
  );
}
