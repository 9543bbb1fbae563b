/**
 * JSON with comments (`//`, `/* *\/`) and trailing commas, the format of Carrier's config file.
 *
 * @module
 */

/**
 * Parses JSONC text.
 *
 * @throws {SyntaxError} naming the line and column of the problem
 */
export function parseJsonc(text: string): unknown {
  let out = "";
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      const start = i++;
      while (i < n && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < n && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) throw new SyntaxError(`Unterminated comment at ${position(text, i)}`);
      // Keep newlines so positions in later errors still match the file.
      out += text.slice(i, end + 2).replace(/[^\n]/g, " ");
      i = end + 2;
    } else if (c === ",") {
      let j = i + 1;
      while (j < n && /\s/.test(text[j]!)) j++;
      out += text[j] === "}" || text[j] === "]" ? " " : ",";
      i++;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return JSON.parse(out);
  } catch (error) {
    const at = /position (\d+)/.exec(String(error));
    const where = at ? ` at ${position(out, Number(at[1]))}` : "";
    throw new SyntaxError(`Invalid JSONC${where}: ${(error as Error).message}`);
  }
}

function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}
