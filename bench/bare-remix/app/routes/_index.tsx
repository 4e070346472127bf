import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

interface BareContext {
  /** One primary-key select, or nothing when the baseline runs without a database. */
  selectRow?: (id: number) => Promise<{ id: number; label: string } | undefined>;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const id = Number(new URL(request.url).searchParams.get("id") ?? "1");
  const row = await (context as BareContext).selectRow?.(id);
  return json({ row: row ?? null });
}

export default function Index() {
  const { row } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Baseline</h1>
      <p>{row ? `${row.id}: ${row.label}` : "no database"}</p>
    </main>
  );
}
