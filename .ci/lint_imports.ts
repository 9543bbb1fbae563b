// deno-lint-ignore-file no-console -- a CI script reports on the console
/**
 * Fails when code in one `src/` folder reaches into another folder past its `mod.ts`, or when
 * folders import each other in a cycle. Run by `deno task check`.
 *
 * @module
 */

const SRC = new URL("../src/", import.meta.url);
const IMPORT =
  /(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

async function* sourceFiles(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* sourceFiles(url);
    else if (entry.name.endsWith(".ts")) yield url;
  }
}

/** `src/storage/sqlite/x.ts` → "storage"; `src/errors.ts` → "" (the root). */
function folderOf(path: string): string {
  const rest = path.slice(SRC.pathname.length);
  const slash = rest.indexOf("/");
  return slash < 0 ? "" : rest.slice(0, slash);
}

const problems: string[] = [];
const edges = new Map<string, Set<string>>();

for await (const file of sourceFiles(SRC)) {
  const from = folderOf(file.pathname);
  const text = await Deno.readTextFile(file);
  const isTest = /_(test|bench)\.ts$/.test(file.pathname);
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2]!;
    if (!specifier.startsWith(".")) continue;
    const target = new URL(specifier, file).pathname;
    if (!target.startsWith(SRC.pathname)) continue;
    const to = folderOf(target);
    if (to === from || to === "") continue;
    if (!target.endsWith(`/src/${to}/mod.ts`)) {
      problems.push(
        `${
          file.pathname.slice(SRC.pathname.length)
        }: imports ${specifier}; import src/${to}/mod.ts instead`,
      );
    }
    if (!isTest) {
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
    }
  }
}

function findCycle(): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "visiting") return [...path.slice(path.indexOf(node)), node];
    state.set(node, "visiting");
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

const cycle = findCycle();
if (cycle) problems.push(`import cycle between folders: ${cycle.join(" → ")}`);

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  Deno.exit(1);
}
console.log(`imports ok: no deep imports, no cycles among ${edges.size} importing folders`);
