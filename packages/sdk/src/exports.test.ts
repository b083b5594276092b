import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// `@kepu/sdk` re-exports every schema type (`export type *`); a name the client entry also exports itself would
// silently hide the schema's type of that name. This reads both entries with the compiler and compares.
describe('the client entry', () => {
  it('re-exports every schema type under its own name, none shadowed by a client export', () => {
    const file = (path: string) => fileURLToPath(new URL(path, import.meta.url));
    const [index, schema] = [file('./index.ts'), file('./schema/index.ts')];
    const program = ts.createProgram([index, schema], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      noEmit: true,
      skipLibCheck: true,
    });
    const checker = program.getTypeChecker();
    const exportsOf = (path: string) => {
      const source = program.getSourceFile(path);
      const module = source && checker.getSymbolAtLocation(source);
      if (!module) throw new Error(`cannot read ${path}`);
      return checker.getExportsOfModule(module);
    };
    const resolve = (symbol: ts.Symbol) =>
      symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const fromIndex = new Map(exportsOf(index).map((symbol) => [symbol.name, resolve(symbol)]));
    const shadowed = exportsOf(schema)
      .filter((symbol) => fromIndex.get(symbol.name)?.declarations?.[0] !== resolve(symbol).declarations?.[0])
      .map((symbol) => symbol.name);
    expect(shadowed).toEqual([]);
  }, 60_000);
});
